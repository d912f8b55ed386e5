"""The status line's words, the error banner and the empty table's reason, from the feed alone."""

from __future__ import annotations

from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Query, ResultPage, TimeRange
from engage_tui.browse import status
from engage_tui.browse.feed import EngagementFeed
from engage_tui.browse.scan import ScanProgress
from engage_tui.browse.sorting import SortChoice
from engage_tui.timerange import Selection
from tests.test_feed import T0, row

INCIDENT = "arn:aws:ssm-incidents::111122223333:incident-record/plan/abc"
WINDOW = TimeRange(T0 - timedelta(hours=2), T0)


def loaded(count: int, token: str | None, *, skipped: int = 0) -> EngagementFeed:
    """A feed that has read one page of `count` rows (and `skipped` unreadable ones)."""
    feed = EngagementFeed(first_page_size=max(count, 1))
    taken = feed.next_ticket()
    assert taken is not None
    rows = tuple(row(i) for i in range(count))
    feed.page_loaded(taken, ResultPage(rows, token, skipped), now=T0)
    return feed


@pytest.mark.parametrize(
    ("count", "token", "words"),
    [
        (0, None, "0 engagements"),
        (1, None, "1 engagement"),
        (2, None, "2 engagements"),
        (1200, None, "1,200 engagements"),
        (1200, "t1", "1,200 loaded, more"),
    ],
)
def test_the_count_says_how_many_and_whether_more_follow(
    count: int, token: str | None, words: str
) -> None:
    assert status.rows_text(loaded(count, token)) == words


def test_the_count_while_loading_and_after_a_failure() -> None:
    feed = loaded(1200, "t1")
    taken = feed.next_ticket()
    assert taken is not None
    assert status.rows_text(feed) == "1,200 loaded, loading…"
    feed.page_failed(taken, SourceError(ErrorKind.THROTTLED, "slow down", retryable=True))
    assert status.rows_text(feed) == "1,200 loaded, ⚠ throttled (r: retry)"
    assert status.banner(feed) == ("slow down", "r: retry")
    assert status.banner(loaded(3, None)) is None, "no banner when nothing is wrong"


def test_filtering_sorting_and_unreadable_rows_are_said_after_the_count() -> None:
    feed = loaded(1200, "t1", skipped=1)
    assert status.rows_text(feed) == "1,200 loaded, more · 1 row could not be read"
    contact_up = SortChoice("Contact", descending=False)
    assert status.rows_text(feed, filtering=True, shown=1100, sort=contact_up) == (
        "1,100 shown of 1,200 loaded, more · sorted by Contact ↑ (loaded rows)"
        " · 1 row could not be read"
    )
    assert status.rows_text(feed, sort=SortChoice()) == (
        "1,200 loaded, more · 1 row could not be read"
    ), "the listing's own order is not announced"
    assert status.rows_text(loaded(2, None, skipped=1200)).endswith(
        " · 1,200 rows could not be read"
    )


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (
            Query(INCIDENT, WINDOW),
            "No engagements for this incident in this time range — "
            "press x for all time or i for another incident",
        ),
        (
            Query(INCIDENT),
            "No engagements for this incident — press i to pick another or ★ All engagements",
        ),
        (
            Query(time_range=WINDOW),
            "No engagements in this time range — press t to change it or x to clear it",
        ),
        (
            Query(),
            "No engagements in this account and region — check the profile and region above",
        ),
    ],
)
def test_the_empty_table_blames_what_the_user_chose(query: Query, words: str) -> None:
    assert status.empty_text(query) == words


def test_status_words_for_incident_range_time_and_attention() -> None:
    feed = EngagementFeed()
    feed.reset(Query(incident_arn=INCIDENT))
    assert status.incident_label(feed.query, {}) == "abc", "the id until titles load"
    assert status.incident_label(feed.query, {INCIDENT: "DB down"}) == "DB down"
    assert status.incident_label(Query(), {INCIDENT: "DB down"}) == "All engagements"
    assert status.as_of(feed, UTC) == ""
    taken = feed.next_ticket()
    assert taken is not None
    feed.page_loaded(taken, ResultPage((row(1),), None), now=T0)
    assert status.as_of(feed, ZoneInfo("Asia/Kathmandu")) == "as of 17:45:00"
    assert status.range_label(feed, T0, UTC, utc=True) == "all time · UTC"
    assert status.range_label(feed, T0, UTC, utc=False) == "all time · local"
    assert status.attention_text(0) == ""
    assert status.attention_text(3) == "⚠ 3 unacknowledged (!) · "
    checking = ScanProgress(checked=3400, total=None)
    assert status.attention_text(0, checking) == (
        "needs attention · checking 3,400 of … (Esc cancels) · "
    )
    assert status.attention_text(1200, checking) == (
        "⚠ 1,200 unacknowledged (!) · needs attention · checking 3,400 of … (Esc cancels) · "
    )
    done = ScanProgress(checked=12000, total=12000)
    assert status.attention_text(3, done) == (
        "needs attention (Esc) · checked 12,000 — ⚠ 3 unacknowledged · "
    )


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("UTC", "as of 12:00:00"),
        ("America/New_York", "as of 07:00:00"),
        ("Europe/London", "as of 12:00:00"),
        ("Australia/Lord_Howe", "as of 23:00:00"),
        ("Asia/Kathmandu", "as of 17:45:00"),
    ],
)
def test_as_of_is_the_first_pages_arrival_in_the_zone_shown(zone: str, shown: str) -> None:
    assert status.as_of(loaded(1, None), ZoneInfo(zone)) == shown


def test_the_range_label_describes_the_selection_in_the_zone_shown() -> None:
    feed = EngagementFeed()
    last_2h = Selection.parse("2h", now=T0, tz=UTC)
    feed.reset(Query(time_range=last_2h.resolve(T0, UTC)), last_2h)
    kathmandu = ZoneInfo("Asia/Kathmandu")
    label = status.range_label(feed, T0, kathmandu, utc=False)
    assert label == f"{last_2h.describe(T0, kathmandu)} · local" and label.startswith("last 2h")
