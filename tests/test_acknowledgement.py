"""Acknowledgement arithmetic: the first READ, never a negative duration, disagreements flagged,
the same answer in every time zone (DST changes included)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui import acknowledgement as ack
from engage_tui.aws.models import Page, Receipt, ReceiptType

# An instant at which each zone's clocks jump (a DST end), so wall-clock arithmetic would be
# wrong across it; Kathmandu (+05:45) and UTC have none.
TRANSITIONS = {
    "America/New_York": datetime(2026, 11, 1, 6, 0, tzinfo=UTC),
    "Europe/London": datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    "Australia/Lord_Howe": datetime(2026, 4, 4, 15, 0, tzinfo=UTC),
    "Asia/Kathmandu": datetime(2026, 7, 15, 3, 0, tzinfo=UTC),
    "UTC": datetime(2026, 7, 15, 3, 0, tzinfo=UTC),
}
ENGAGEMENT = "arn:aws:ssm-contacts:us-east-1:111122223333:engagement/oncall/e1"


@pytest.fixture(params=sorted(TRANSITIONS))
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each zone both as the process's local zone and as the zone the times are given in."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def page(
    n: int,
    alias: str = "rpatel",
    *,
    read: datetime | None = None,
    delivered: datetime | None = None,
) -> Page:
    return Page(
        arn=f"arn:aws:ssm-contacts:us-east-1:111122223333:page/{alias}/p{n}",
        engagement_arn=ENGAGEMENT,
        contact_arn=f"arn:aws:ssm-contacts:us-east-1:111122223333:contact/{alias}",
        sender="cli",
        incident_arn=None,
        sent=None,
        delivered=delivered,
        read=read,
    )


def receipt(kind: ReceiptType, moment: datetime) -> Receipt:
    return Receipt(type=kind, time=moment, contact_channel_arn=None, info=None)


def test_time_to_acknowledge_is_real_elapsed_time_in_every_zone(zone: str) -> None:
    local = ZoneInfo(zone)
    at = TRANSITIONS[zone]
    start = (at - timedelta(minutes=10)).astimezone(local)
    read = (at + timedelta(minutes=8, seconds=30)).astimezone(local)
    result = ack.of_pages(start, None, [page(1, read=read)])
    assert result.after == timedelta(minutes=18, seconds=30)
    assert ack.panel_text(result, now=at + timedelta(hours=1)) == "✓ after 18m 30s by rpatel"
    assert ack.cell_text(result, now=at + timedelta(hours=1)) == "✓ 18m"


def test_ongoing_unacknowledged_counts_from_the_start_in_every_zone(zone: str) -> None:
    local = ZoneInfo(zone)
    at = TRANSITIONS[zone]
    start = (at - timedelta(minutes=5)).astimezone(local)
    now = (at + timedelta(minutes=7)).astimezone(local)
    result = ack.of_pages(start, None, [page(1, delivered=start), page(2, delivered=start)])
    assert ack.panel_text(result, now) == "✗ not yet (2 pages sent)"
    assert ack.cell_text(result, now) == "✗ 12m"


def test_an_engagement_whose_first_page_is_still_to_go_out_says_paging(zone: str) -> None:
    at = TRANSITIONS[zone]
    start = (at - timedelta(seconds=3)).astimezone(ZoneInfo(zone))
    result = ack.of_pages(start, None, [])
    assert result.known and not result.acknowledged
    assert ack.panel_text(result, at) == "paging… no page sent yet"
    assert ack.cell_text(result, at) == "paging", "not ✗: nobody has been paged to answer"
    stopped = ack.of_pages(start, at, [])
    assert ack.panel_text(stopped, at) == "never acknowledged · stopped after 3s"


def test_stopped_never_acknowledged_says_so_with_how_long_it_ran(zone: str) -> None:
    local = ZoneInfo(zone)
    at = TRANSITIONS[zone]
    start = (at - timedelta(minutes=2)).astimezone(local)
    stop = (at + timedelta(minutes=1, seconds=59)).astimezone(local)
    result = ack.of_pages(start, stop, [page(1, delivered=start)])
    assert (
        ack.panel_text(result, at + timedelta(days=1))
        == "never acknowledged · stopped after 3m 59s"
    )
    assert ack.cell_text(result, at + timedelta(days=1)) == "—"


def test_read_before_the_start_is_flagged_not_shown_negative(zone: str) -> None:
    local = ZoneInfo(zone)
    at = TRANSITIONS[zone]
    start = at.astimezone(local)
    read = (at - timedelta(minutes=15, seconds=20)).astimezone(local)
    result = ack.of_pages(start, None, [page(1, read=read)])
    assert result.acknowledged and result.after is None
    now = at + timedelta(hours=1)
    assert ack.panel_text(result, now) == (
        "✓ by rpatel · read 15m before the recorded start — clocks disagree"
    )
    assert ack.cell_text(result, now) == "✓ ?"


def test_the_first_read_of_any_page_is_the_acknowledgement_whatever_the_order() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    receipts = {
        page(1, "akuam").arn: (
            receipt(ReceiptType.READ, start + timedelta(minutes=9)),
            receipt(ReceiptType.SENT, start),
            receipt(ReceiptType.READ, start + timedelta(minutes=4)),
        ),
        page(2, "rpatel").arn: (
            receipt(ReceiptType.READ, start + timedelta(minutes=6)),
            receipt(ReceiptType.DELIVERED, start + timedelta(minutes=1)),
        ),
    }
    later = page(3, "jdoe", read=start + timedelta(minutes=5))
    result = ack.of_pages(start, None, [page(2, "rpatel"), page(1, "akuam"), later], receipts)
    assert result.read == start + timedelta(minutes=4)
    assert result.by == "akuam"
    assert ack.panel_text(result, start + timedelta(hours=1)) == "✓ after 4m 00s by akuam"


def test_a_pages_own_read_time_is_used_before_its_receipts() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    listed = page(1, read=start + timedelta(minutes=3, seconds=18))
    # A receipt from elsewhere (another page's, or skewed) must not override the page's own fact.
    receipts = {listed.arn: (receipt(ReceiptType.READ, start - timedelta(days=7)),)}
    result = ack.of_pages(start, None, [listed], receipts)
    assert ack.panel_text(result, start + timedelta(hours=1)) == "✓ after 3m 18s by rpatel"


def test_receipts_answer_for_a_page_without_read_time() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    receipts = {page(1).arn: (receipt(ReceiptType.READ, start + timedelta(seconds=42)),)}
    result = ack.of_pages(start, None, [page(1)], receipts)
    assert ack.cell_text(result, start + timedelta(hours=1)) == "✓ 42s"


def test_naive_times_are_utc_whatever_the_local_zone(zone: str) -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Asia/Kathmandu"))
    read = start.astimezone(UTC).replace(tzinfo=None) + timedelta(minutes=2)
    result = ack.of_pages(start, None, [page(1, read=read)])
    assert result.after == timedelta(minutes=2)
    naive_start = start.astimezone(UTC).replace(tzinfo=None)
    assert ack.offset_text(naive_start, read) == "+2m 00s"


def test_stop_before_start_is_flagged() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    result = ack.of_pages(start, start - timedelta(minutes=2), [page(1, delivered=start)])
    text = ack.panel_text(result, start + timedelta(hours=1))
    assert text == ("never acknowledged · stopped 2m before the recorded start — clocks disagree")


def test_a_start_in_the_future_is_flagged() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    result = ack.of_pages(now + timedelta(minutes=5), None, [page(1, delivered=now)])
    assert ack.panel_text(result, now) == (
        "✗ not yet (1 page sent) · starts 5m from now — clocks disagree"
    )
    assert ack.cell_text(result, now) == "✗ ?"
    assert ack.warning(result, now + timedelta(minutes=6)) is None, "judged against now"


def test_unknown_when_the_read_state_could_not_be_learned() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert ack.cell_text(None, now) == "…"
    pages_failed = ack.of_pages(now, None, None)
    assert ack.cell_text(pages_failed, now) == "…"
    assert "unknown" in ack.panel_text(pages_failed, now)
    # A page that says nothing about delivery, whose receipts are not known, may have been read.
    assert ack.cell_text(ack.of_pages(now, None, [page(1)]), now) == "…"
    assert ack.cell_text(ack.of_pages(now, None, [page(1)], {page(1).arn: ()}), now) == "✗ 0s"


def test_drill_in_offsets_count_from_the_start_and_never_go_negative(zone: str) -> None:
    local = ZoneInfo(zone)
    at = TRANSITIONS[zone]
    start = (at - timedelta(minutes=1)).astimezone(local)
    assert ack.offset_text(start, (at + timedelta(minutes=2, seconds=18)).astimezone(local)) == (
        "+3m 18s"
    )
    early = (at - timedelta(minutes=14, seconds=33)).astimezone(local)
    assert ack.offset_text(start, early) == "13m 33s before the start"
    assert ack.offset_text(None, early) == "?"


def test_a_hostile_alias_is_shown_inert() -> None:
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    result = ack.of_pages(start, None, [page(1, "x\x1b]52;c;aGk=\x07", read=start)])
    text = ack.panel_text(result, start)
    assert "\x1b" not in text and "\x07" not in text


moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 1, 1),
    timezones=st.sampled_from([ZoneInfo(name) for name in TRANSITIONS]),
)


@settings(max_examples=300, deadline=None)
@given(
    start=st.none() | moments,
    stop=st.none() | moments,
    reads=st.lists(st.none() | moments, max_size=4),
    now=moments,
)
def test_no_duration_on_screen_is_ever_negative(
    start: datetime | None, stop: datetime | None, reads: list[datetime | None], now: datetime
) -> None:
    pages = [page(n, read=read, delivered=read) for n, read in enumerate(reads)]
    result = ack.of_pages(start, stop, pages)
    assert result.after is None or result.after >= timedelta(0)
    offsets = [ack.offset_text(start, read) for read in reads]
    for text in (ack.panel_text(result, now), ack.cell_text(result, now), *offsets):
        assert not re.search(r"-\s*\d", text), text


T = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_read_at_the_very_start_took_no_time() -> None:
    result = ack.of_pages(T, None, [page(1, read=T)])
    assert ack.panel_text(result, T + timedelta(hours=1)) == "✓ after 0s by rpatel"
    assert ack.cell_text(result, T + timedelta(hours=1)) == "✓ 0s"
    assert ack.offset_text(T, T) == "+0s"


def test_stopped_at_the_start_or_without_one() -> None:
    at_start = ack.of_pages(T, T, [page(1, delivered=T)])
    assert ack.panel_text(at_start, T) == "never acknowledged · stopped after 0s"
    no_start = ack.of_pages(None, T, [page(1, delivered=T)])
    assert ack.panel_text(no_start, T) == "never acknowledged · stopped"


def test_a_start_that_is_now_is_not_in_the_future() -> None:
    result = ack.of_pages(T, None, [page(1, delivered=T)])
    assert ack.panel_text(result, T) == "✗ not yet (1 page sent)"
    assert ack.cell_text(result, T) == "✗ 0s"


def test_every_disagreement_is_listed() -> None:
    now = T - timedelta(hours=2)
    result = ack.of_pages(T, T - timedelta(minutes=3), [page(1, read=T - timedelta(minutes=4))])
    assert ack.panel_text(result, now) == (
        "✓ by rpatel · read 4m before the recorded start — clocks disagree"
        " · stopped 3m before the recorded start — clocks disagree"
        " · starts 2h from now — clocks disagree"
    )


def test_unknown_says_why() -> None:
    assert ack.panel_text(ack.of_pages(T, None, None), T) == (
        "unknown (the pages could not be read)"
    )


def test_who_acknowledged_is_capped_and_never_blank() -> None:
    long = ack.of_pages(T, None, [page(1, "a" * 61, read=T)])
    assert ack.panel_text(long, T) == f"✓ after 0s by {'a' * 59}…"
    fits = ack.of_pages(T, None, [page(1, "a" * 60, read=T)])
    assert ack.panel_text(fits, T) == f"✓ after 0s by {'a' * 60}"
    blank = ack.of_pages(T, None, [page(1, "", read=T)])
    assert ack.panel_text(blank, T) == "✓ after 0s by ?"


@pytest.mark.parametrize(
    ("waited", "shown"),
    [
        (timedelta(seconds=59), "✗ 59s"),
        (timedelta(seconds=60), "✗ 1m"),
        (timedelta(minutes=59, seconds=59), "✗ 59m"),
        (timedelta(hours=1), "✗ 1h"),
        (timedelta(hours=23, minutes=59), "✗ 23h"),
        (timedelta(days=1), "✗ 1d"),
        (timedelta(days=2, hours=5), "✗ 2d"),
    ],
)
def test_the_ack_column_shows_the_largest_whole_unit(waited: timedelta, shown: str) -> None:
    result = ack.of_pages(T, None, [page(1, delivered=T)])
    assert ack.cell_text(result, T + waited) == shown


def test_receipts_are_asked_for_only_where_the_pages_leave_it_open() -> None:
    delivered, silent = page(1, delivered=T), page(2)
    assert ack.pages_needing_receipts([delivered, silent]) == (silent,)
    assert ack.pages_needing_receipts([silent, page(3, read=T)]) == (), "a ReadTime settles it"
    assert ack.pages_needing_receipts([]) == ()
