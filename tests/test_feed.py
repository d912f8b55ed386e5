"""The engagement feed, without any UI: what is fetched next, what is shown, what `r` does."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Engagement, Query, ResultPage
from engage_tui.browse import status
from engage_tui.browse.feed import (
    MAX_BARREN_PAGES,
    MAX_PAGE_SIZE,
    EngagementFeed,
    FetchTicket,
    Recovery,
)
from engage_tui.timerange import Selection

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
INCIDENT = "arn:aws:ssm-incidents::111122223333:incident-record/plan/abc"
LOOK = 50
LOOP_MESSAGE = (
    "The service sent a NextToken it had already sent, so paging stopped here to avoid a loop. "
    "The rows shown are complete up to this point."
)


def row(i: int) -> Engagement:
    return Engagement(
        arn=f"arn:aws:ssm-contacts:us-east-1:111122223333:engagement/alice/{i:04d}",
        contact_arn="arn:aws:ssm-contacts:us-east-1:111122223333:contact/alice",
        sender="bot",
        incident_arn=None,
        start=T0 - timedelta(minutes=i),
        stop=None,
    )


def page(numbers: range | list[int], token: str | None) -> ResultPage[Engagement]:
    return ResultPage(items=tuple(row(i) for i in numbers), next_token=token)


def ticket(feed: EngagementFeed) -> FetchTicket:
    taken = feed.next_ticket()
    assert taken is not None, f"no ticket (tail {feed.tail})"
    return taken


def arns(feed: EngagementFeed) -> list[str]:
    return [r.arn for r in feed.rows]


def throttled() -> SourceError:
    return SourceError(ErrorKind.THROTTLED, "AWS is throttling. Press r.", retryable=True)


def test_one_request_in_flight_and_pages_follow_tokens_to_the_end() -> None:
    feed = EngagementFeed(first_page_size=50)
    feed.reset(Query())
    first = ticket(feed)
    assert (first.token, first.size) == (None, 50)
    assert feed.next_ticket() is None and feed.tail == "loading"
    feed.page_loaded(first, page(range(50), "t1"))
    assert feed.tail == "more" and not feed.wants_more_now, "page two waits for a scroll"
    second = ticket(feed)
    assert second.token == "t1" and second.size == 100, "pages grow with what is loaded"
    feed.page_loaded(second, page(range(50, 60), None))
    assert feed.loaded == 60 and arns(feed) == [row(i).arn for i in range(60)]
    assert feed.tail == "end" and feed.next_ticket() is None


def test_page_sizes_grow_to_a_ceiling() -> None:
    feed = EngagementFeed(first_page_size=100)
    feed.reset(Query())
    sizes = []
    for n in range(6):
        current = ticket(feed)
        sizes.append(current.size)
        feed.page_loaded(current, page(range(n * 1000, n * 1000 + current.size), f"t{n}"))
    assert sizes == [100, 200, MAX_PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE_SIZE]


def test_a_page_of_an_older_query_is_dropped() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    old = ticket(feed)
    feed.reset(Query(incident_arn=INCIDENT))
    new = ticket(feed)
    assert new.query == Query(incident_arn=INCIDENT), "page one of the incident picked"
    assert feed.page_loaded(old, page(range(5), None)) is None
    assert not feed.page_failed(old, throttled())
    assert feed.rows == [] and feed.tail == "loading" and feed.failure is None
    feed.page_loaded(new, page(range(10, 12), None))
    assert arns(feed) == [row(10).arn, row(11).arn]


def test_rows_are_keyed_by_arn_and_duplicates_across_pages_dropped() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(5), "t1"))
    appended = feed.page_loaded(ticket(feed), page([3, 4, 5, 6, 6], "t2"))
    assert appended is not None
    assert [r.arn for r in appended.rows] == [row(5).arn, row(6).arn]
    assert appended.duplicates == 3
    assert arns(feed) == [row(i).arn for i in range(7)]
    assert feed.get(row(4).arn) == row(4) and feed.get("arn:nope") is None


def test_an_empty_page_with_a_token_keeps_reading_and_is_not_the_end() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page([], "t1"))
    assert not feed.settled_empty, "an empty page that carries a token is not 'no engagements'"
    assert feed.tail == "more" and feed.wants_more_now
    assert status.rows_text(feed) == "0 loaded, more"
    feed.page_loaded(ticket(feed), page(range(3), None))
    assert feed.loaded == 3 and not feed.wants_more_now and feed.tail == "end"


def test_a_page_repeating_rows_already_shown_still_reads_on() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(5), "t1"))
    feed.page_loaded(ticket(feed), page(range(5), "t2"))
    assert feed.wants_more_now, "no key would fetch the next page otherwise"
    feed.page_loaded(ticket(feed), page(range(5, 8), None))
    assert feed.loaded == 8 and feed.tail == "end"


def test_barren_pages_stop_after_a_bound_and_r_continues() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    for n in range(MAX_BARREN_PAGES):
        assert feed.wants_more_now or n == 0
        feed.page_loaded(ticket(feed), page([], f"t{n}"))
    assert feed.tail == "failed" and feed.next_ticket() is None
    assert feed.failure is not None and feed.failure.recovery is Recovery.CONTINUE
    assert status.banner(feed) == (
        f"The service sent {MAX_BARREN_PAGES} pages in a row without a new engagement; "
        "reading stopped to spare your rate limit.",
        "r: keep reading",
    )
    assert status.rows_text(feed) == "0 loaded, ⚠ bad-response (r: keep reading)"
    assert feed.recover() is Recovery.CONTINUE
    resumed = ticket(feed)
    assert resumed.token == f"t{MAX_BARREN_PAGES - 1}", "r continues where reading stopped"
    feed.page_loaded(resumed, page([1], None))
    assert feed.loaded == 1 and feed.tail == "end" and feed.failure is None


def test_a_token_loop_is_detected_and_recovered_by_a_reload() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(2), "A"))
    feed.page_loaded(ticket(feed), page(range(2, 4), "B"))
    feed.page_loaded(ticket(feed), page(range(4, 6), "A"))  # A → B → A
    assert feed.loaded == 6, "rows before the loop are kept"
    assert feed.tail == "failed" and feed.next_ticket() is None
    assert feed.failure is not None and feed.failure.recovery is Recovery.RELOAD
    assert status.banner(feed) == (LOOP_MESSAGE, "r: reload from the first page")
    assert status.rows_text(feed) == "6 loaded, ⚠ bad-response (r: reload from the first page)"
    assert feed.recover() is None, "only a reload from page one gets past a loop"


def test_a_failed_page_is_resent_with_the_same_token_on_r() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10), "t1"))
    assert feed.page_failed(ticket(feed), throttled())
    assert feed.tail == "failed" and feed.next_ticket() is None, "no hammering on its own"
    assert status.banner(feed) == ("AWS is throttling. Press r.", "r: retry")
    assert "⚠ throttled (r: retry)" in status.rows_text(feed)
    assert feed.recover() is Recovery.RETRY_PAGE
    again = ticket(feed)
    assert again.token == "t1" and feed.loaded == 10


def test_access_denied_says_retry_everywhere_and_retries_the_page() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10), "t1"))
    denied = SourceError(ErrorKind.ACCESS_DENIED, "Access denied.", retryable=False)
    feed.page_failed(ticket(feed), denied)
    assert status.banner(feed) == ("Access denied.", "r: retry")
    assert "(r: retry)" in status.rows_text(feed)
    assert feed.recover() is Recovery.RETRY_PAGE and ticket(feed).token == "t1"


def test_a_rejected_token_says_reload_and_r_reloads() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10), "t1"))
    rejected = SourceError(ErrorKind.BAD_TOKEN, "AWS rejected the token.", retryable=True)
    feed.page_failed(ticket(feed), rejected)
    assert status.banner(feed) == ("AWS rejected the token.", "r: reload from the first page")
    assert "(r: reload from the first page)" in status.rows_text(feed)
    assert feed.recover() is None and feed.next_ticket() is None, "the token is never resent"


def test_rows_text_counts_what_the_user_sees() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    ticket(feed)
    assert status.rows_text(feed) == "0 loaded, loading…"
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(1), None))
    assert status.rows_text(feed) == "1 engagement"
    assert status.rows_text(feed, filtering=True, shown=0) == "0 shown of 1 engagement"
    assert feed.settled_empty is False


def test_an_exhausted_empty_query_is_settled_empty_and_blames_the_right_thing() -> None:
    feed = EngagementFeed()
    feed.reset(Query(incident_arn=INCIDENT))
    feed.page_loaded(ticket(feed), page([], None))
    assert feed.settled_empty
    assert "incident" in status.empty_text(feed.query)
    assert "time range" not in status.empty_text(feed.query)


def test_huge_tokens_are_remembered_as_digests_not_kept() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(1), "x" * 1_000_000 + "0"))
    tracemalloc.start()
    try:
        for n in range(1, 20):
            feed.page_loaded(ticket(feed), page([n], "x" * 1_000_000 + str(n)))
        held, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 3_000_000, f"{held:,} bytes kept for 20 tokens of 1 MB"


@pytest.mark.parametrize("kind", [ErrorKind.THROTTLED, ErrorKind.TIMEOUT, ErrorKind.SERVER])
def test_a_first_page_failure_is_retried_as_page_one(kind: ErrorKind) -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_failed(ticket(feed), SourceError(kind, "failed", retryable=True))
    assert feed.recover() is Recovery.RETRY_PAGE
    assert ticket(feed).token is None


def test_a_look_at_page_one_puts_new_rows_on_top_and_updates_changed_ones() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10, 20), "t1"))
    look = feed.head_ticket(Query(), LOOK)
    assert look is not None and feed.head_ticket(Query(), LOOK) is None, "one look at a time"
    stopped = replace(row(10), stop=T0)
    arrived = feed.head_loaded(look, ResultPage((row(8), row(9), stopped, row(11)), "x"))
    assert arrived is not None
    assert [r.arn for r in arrived.new] == [row(8).arn, row(9).arn]
    assert arrived.changed == (stopped,) and not arrived.gap
    assert arns(feed)[:4] == [row(8).arn, row(9).arn, row(10).arn, row(11).arn]
    assert feed.rows[2].stop == T0 and feed.get(row(10).arn) == stopped
    assert feed.loaded == 12
    assert ticket(feed).token == "t1", "paging carries on where it was"


def test_a_look_that_finds_only_new_rows_says_there_may_be_a_gap() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10, 20), None))
    look = feed.head_ticket(Query(), LOOK)
    arrived = feed.head_loaded(look, page(range(0, 3), "x"))
    assert arrived is not None and arrived.gap and len(arrived.new) == 3
    assert feed.head_ticket(Query(), LOOK) is not None, "an answered look frees the next"


def test_a_look_for_an_older_query_is_dropped_and_none_before_page_one() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    assert feed.head_ticket(Query(), LOOK) is None, "nothing to compare with before page one"
    feed.page_loaded(ticket(feed), page(range(10, 20), None))
    look = feed.head_ticket(Query(), LOOK)
    feed.reset(Query(incident_arn=INCIDENT))
    assert feed.head_loaded(look, page(range(0, 3), None)) is None
    assert feed.rows == []


def test_page_one_sets_when_it_arrived_and_skipped_rows_are_counted() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    first = ResultPage(items=tuple(row(i) for i in range(3)), next_token="t1", skipped=2)
    appended = feed.page_loaded(ticket(feed), first, now=T0)
    assert appended is not None and appended.skipped == 2 and appended.duplicates == 0
    assert feed.loaded_at == T0 and feed.skipped == 2 and feed.pages_loaded == 1
    later = T0 + timedelta(minutes=1)
    feed.page_loaded(
        ticket(feed), ResultPage(items=(row(3),), next_token=None, skipped=1), now=later
    )
    assert feed.loaded_at == T0, "'as of' is when page one arrived"
    assert feed.skipped == 3 and feed.pages_loaded == 2
    assert "3 rows could not be read" in status.rows_text(feed)
    feed.reset(Query())
    assert (feed.loaded_at, feed.skipped, feed.pages_loaded, feed.rows) == (None, 0, 0, [])


def test_a_failed_look_frees_the_next_one_and_a_stale_one_is_ignored() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(10, 12), None))
    look = feed.head_ticket(Query(), LOOK)
    assert look is not None and feed.head_failed(look)
    assert feed.head_ticket(Query(), LOOK) is not None, "another look may follow"
    assert not feed.head_failed(look), "an answered look is not failed twice"


def test_replace_row_only_replaces_a_held_row() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(3), None))
    stopped = replace(row(1), stop=T0)
    assert (
        feed.replace_row(stopped) and feed.rows[1] == stopped and feed.get(stopped.arn) == stopped
    )
    assert not feed.replace_row(row(99)) and feed.loaded == 3


def test_a_token_with_a_lone_surrogate_is_remembered_like_any_other() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(1), "\ud800A"))  # "\ud800" is valid JSON
    feed.page_loaded(ticket(feed), page(range(1, 2), "\ud800A"))
    assert feed.tail == "failed" and feed.failure is not None
    assert feed.failure.recovery is Recovery.RELOAD


def test_a_new_feed_reads_all_engagements_from_page_one() -> None:
    feed = EngagementFeed()
    assert status.incident_label(feed.query, {}) == "All engagements"
    first = ticket(feed)
    assert (first.query, first.token) == (Query(), None)


def test_r_on_the_same_query_drops_the_page_still_loading() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    old = ticket(feed)
    feed.reset(Query())  # `r`: the same query, its window worked out again
    new = ticket(feed)
    assert feed.page_loaded(old, page(range(5), None)) is None and feed.rows == []
    assert feed.page_loaded(new, page(range(5, 7), None)) is not None and feed.loaded == 2


def test_a_page_delivered_twice_is_counted_once() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    first = ticket(feed)
    feed.page_loaded(first, page(range(5), "t1"))
    assert feed.page_loaded(first, page(range(5, 8), "t2")) is None
    assert (feed.loaded, feed.pages_loaded) == (5, 1) and ticket(feed).token == "t1"


def test_the_range_shown_is_the_one_the_user_chose() -> None:
    feed = EngagementFeed()
    last_2h = Selection.parse("2h", now=T0, tz=UTC)
    feed.reset(Query(time_range=last_2h.resolve(T0, UTC)), last_2h)
    assert status.range_label(feed, T0, UTC, utc=True).startswith("last 2h")
    feed.reset(Query())
    assert status.range_label(feed, T0, UTC, utc=True) == "all time · UTC"


def test_r_after_barren_pages_reads_as_many_again_before_asking() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    for n in range(MAX_BARREN_PAGES):
        feed.page_loaded(ticket(feed), page([], f"t{n}"))
    assert feed.recover() is Recovery.CONTINUE and not feed.wants_more_now
    for n in range(MAX_BARREN_PAGES - 1):
        feed.page_loaded(ticket(feed), page([], f"u{n}"))
    assert feed.tail == "more", "stopped one page early: r did not start the count again"
    feed.page_loaded(ticket(feed), page([], "last"))
    assert feed.tail == "failed"


def test_a_look_asks_for_page_one_of_the_query_worked_out_again() -> None:
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(3), None))
    window = Query(incident_arn=INCIDENT)
    look = feed.head_ticket(window, 7)
    assert look is not None and (look.query, look.size) == (window, 7)


def test_the_chart_and_the_ongoing_set_follow_rows_in_place() -> None:
    """The storm chart counts each row once at its start, and the needs-attention set holds the
    ongoing rows, as rows arrive, move and stop."""
    feed = EngagementFeed()
    feed.reset(Query())
    feed.page_loaded(ticket(feed), page(range(1, 4), None), now=T0)  # starts T0-1m … T0-3m
    window = (T0 - timedelta(minutes=4), T0)
    assert feed.starts.counts(*window, 4) == [0, 1, 1, 1]
    moved = replace(row(2), start=T0 - timedelta(minutes=4))
    assert feed.replace_row(moved)
    assert feed.starts.counts(*window, 4) == [1, 1, 0, 1], "counted at its new start only"
    assert list(feed.ongoing) == [row(i).arn for i in (1, 2, 3)]
    feed.replace_row(replace(row(3), stop=T0))
    feed.replace_row(replace(row(3), stop=T0))  # seen stopped again: nothing to take out
    assert list(feed.ongoing) == [row(1).arn, row(2).arn]
    feed.replace_row(row(3))  # a stop the service takes back: ongoing again
    assert set(feed.ongoing) == {row(i).arn for i in (1, 2, 3)}
