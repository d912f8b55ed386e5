"""The one timeline cache: what it says of a row's acknowledgement follows the timeline it holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from engage_tui.aws.models import Engagement, Page, Timeline
from engage_tui.browse.detail import TimelineCache

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ARN = "arn:aws:ssm-contacts:us-east-1:1:engagement/a/1"


def row() -> Engagement:
    return Engagement(
        arn=ARN,
        contact_arn="arn:aws:ssm-contacts:us-east-1:1:contact/a",
        sender="bot",
        incident_arn=None,
        start=T0,
        stop=None,
    )


def timeline(read: datetime | None) -> Timeline:
    page = Page(
        arn="arn:aws:ssm-contacts:us-east-1:1:page/a/1",
        engagement_arn=ARN,
        contact_arn="arn:aws:ssm-contacts:us-east-1:1:contact/a",
        sender="bot",
        incident_arn=None,
        sent=T0,
        delivered=T0,
        read=read,
    )
    return Timeline(ARN, None, (page,), {}, full=False)


def test_a_newer_timeline_changes_the_acknowledgement_shown() -> None:
    cache, engagement = TimelineCache(), row()
    assert cache.acknowledgement(engagement) is None
    cache.put(ARN, timeline(read=None))
    first = cache.acknowledgement(engagement)
    assert first is not None and first.known and not first.acknowledged
    cache.put(ARN, timeline(read=T0 + timedelta(minutes=3)))
    later = cache.acknowledgement(engagement)
    assert later is not None and later.after == timedelta(minutes=3)


def test_a_stopped_row_is_told_apart_from_the_ongoing_one() -> None:
    cache, engagement = TimelineCache(), row()
    cache.put(ARN, timeline(read=None))
    assert cache.acknowledgement(engagement).stop is None  # type: ignore[union-attr]
    stopped = replace(engagement, stop=T0 + timedelta(hours=1))
    assert cache.acknowledgement(stopped).stop == stopped.stop  # type: ignore[union-attr]


def test_a_dropped_or_cleared_timeline_says_nothing_any_more() -> None:
    cache, engagement = TimelineCache(size=1), row()
    cache.put(ARN, timeline(read=T0))
    assert cache.acknowledgement(engagement) is not None
    cache.put("arn:other", timeline(read=None))
    assert cache.acknowledgement(engagement) is None
    cache.put(ARN, timeline(read=T0))
    cache.clear()
    assert cache.acknowledgement(engagement) is None
