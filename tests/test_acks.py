"""The Ack column's request plan: rows on screen only, 3 in flight, a rate limit, no repeats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from engage_tui.acknowledgement import Acknowledgement, of_pages
from engage_tui.aws.models import Engagement, Page
from engage_tui.browse.acks import AckPlanner, Ask

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def row(i: int, stopped: bool = False) -> Engagement:
    start = T0 - timedelta(minutes=i)
    return Engagement(
        arn=f"arn:aws:ssm-contacts:us-east-1:1:engagement/a/{i}",
        contact_arn="arn:aws:ssm-contacts:us-east-1:1:contact/a",
        sender="bot",
        incident_arn=None,
        start=start,
        stop=start + timedelta(minutes=1) if stopped else None,
    )


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def asked_for(
    planner: AckPlanner,
    rows: list[Engagement],
    known: Callable[[Engagement], Acknowledgement | None],
) -> list[str]:
    """The ARNs the planner wants now (plain Ack-column fetches: no recheck)."""
    asks = planner.wanted(rows, known)
    assert all(not a.describe and a.pages for a in asks)
    return [a.arn for a in asks]


def unacked(r: Engagement) -> Acknowledgement:
    return of_pages(r.start, r.stop, ())


def test_at_most_three_in_flight_and_no_row_asked_twice() -> None:
    clock = Clock()
    planner = AckPlanner(rate=100, clock=clock)
    rows = [row(i) for i in range(10)]
    known: dict[str, Acknowledgement] = {}
    first = asked_for(planner, rows, lambda r: known.get(r.arn))
    assert first == [r.arn for r in rows[:3]]
    assert asked_for(planner, rows, lambda r: known.get(r.arn)) == []
    for arn in first:
        planner.answered(arn)
        known[arn] = unacked(rows[int(arn.rsplit("/", 1)[1])])
    assert asked_for(planner, rows, lambda r: known.get(r.arn)) == [r.arn for r in rows[3:6]]


def test_the_rate_limit_spreads_requests_out() -> None:
    clock = Clock()
    planner = AckPlanner(rate=5, max_in_flight=100, clock=clock)
    rows = [row(i) for i in range(50)]
    asked = asked_for(planner, rows, lambda r: None)
    assert len(asked) == 5, "a burst of one second's worth"
    clock.now += 1.0
    asked += asked_for(planner, rows, lambda r: None)
    assert len(asked) == 10
    clock.now += 10.0
    asked += asked_for(planner, rows, lambda r: None)
    assert len(asked) <= 10 + 5, "an idle spell doesn't bank a storm"
    assert len(set(asked)) == len(asked)


def test_open_rows_are_asked_again_once_stale_and_settled_ones_never() -> None:
    clock = Clock()
    planner = AckPlanner(rate=100, fresh_s=30, clock=clock)
    ongoing, stopped = row(1), row(2, stopped=True)
    known = {ongoing.arn: unacked(ongoing), stopped.arn: unacked(stopped)}
    assert asked_for(planner, [ongoing, stopped], lambda r: None) == [ongoing.arn, stopped.arn]
    planner.answered(ongoing.arn)
    planner.answered(stopped.arn)
    clock.now += 10
    assert asked_for(planner, [ongoing, stopped], lambda r: known[r.arn]) == []
    clock.now += 25
    assert asked_for(planner, [ongoing, stopped], lambda r: known[r.arn]) == [ongoing.arn]


def acked(r: Engagement) -> Acknowledgement:
    page = Page(
        arn=f"{r.arn}/page",
        engagement_arn=r.arn,
        contact_arn=r.contact_arn,
        sender="bot",
        sent=r.start,
        delivered=None,
        read=r.start + timedelta(minutes=1) if r.start else None,
        incident_arn=None,
    )
    return of_pages(r.start, r.stop, (page,))


def test_a_recheck_asks_again_about_ongoing_rows_only_within_the_same_limits() -> None:
    clock = Clock()
    planner = AckPlanner(rate=100, max_in_flight=1, clock=clock)
    open_unread, open_read = row(1), row(2)
    stopped_read, stopped_unread = row(3, stopped=True), row(4, stopped=True)
    rows = [open_unread, open_read, stopped_read, stopped_unread]
    known = {
        open_unread.arn: unacked(open_unread),
        open_read.arn: acked(open_read),
        stopped_read.arn: acked(stopped_read),
        stopped_unread.arn: unacked(stopped_unread),
    }
    for r in rows:
        assert [a.arn for a in planner.wanted([r], lambda r: None)] == [r.arn]
        planner.answered(r.arn)
    assert planner.wanted(rows, lambda r: known[r.arn]) == [], "all fresh"
    planner.recheck(rows)
    assert planner.wanted(rows, lambda r: known[r.arn]) == [
        Ask(open_unread.arn, describe=True, pages=True)
    ], "one in flight at most"
    planner.answered(open_unread.arn)
    assert planner.wanted(rows, lambda r: known[r.arn]) == [
        Ask(open_read.arn, describe=True, pages=False)
    ], "acknowledged already: only whether it stopped"
    planner.answered(open_read.arn)
    assert planner.wanted(rows, lambda r: known[r.arn]) == [], "stopped rows are never asked"
    planner.recheck(rows)
    planner.recheck([open_read])
    assert [a.arn for a in planner.wanted(rows, lambda r: known[r.arn])] == [open_read.arn]
    planner.answered(open_read.arn)
    planner.recheck(rows)
    now_stopped = replace(open_unread, stop=T0)
    assert [a.arn for a in planner.wanted([now_stopped], lambda r: known[r.arn])] == [], (
        "it stopped since the look: nothing more to learn"
    )


def test_a_row_is_asked_about_again_after_30_seconds_not_before() -> None:
    clock = Clock()
    clock.now = 1000.0
    planner = AckPlanner(rate=100, clock=clock)
    ongoing = row(1)
    assert asked_for(planner, [ongoing], unacked) == [ongoing.arn]
    planner.answered(ongoing.arn)
    clock.now += 29.0
    assert asked_for(planner, [ongoing], unacked) == []
    clock.now += 1.0
    assert asked_for(planner, [ongoing], unacked) == [ongoing.arn], "due at 30 s exactly"


def test_a_failed_row_is_asked_again_only_once_its_answer_would_be_stale() -> None:
    clock = Clock()
    clock.now = 1000.0
    planner = AckPlanner(rate=100, fresh_s=30, clock=clock)
    failed = row(1)
    assert asked_for(planner, [failed], lambda r: None) == [failed.arn]
    planner.answered(failed.arn)  # the fetch failed: nothing known
    clock.now += 29.0
    assert asked_for(planner, [failed], lambda r: None) == [], "no hammering after a failure"
    clock.now += 1.0
    assert asked_for(planner, [failed], lambda r: None) == [failed.arn]


def test_at_one_request_a_second_there_is_no_burst() -> None:
    clock = Clock()
    planner = AckPlanner(rate=1, max_in_flight=100, clock=clock)
    rows = [row(i) for i in range(10)]
    assert len(planner.wanted(rows, lambda r: None)) == 1
    clock.now += 1.0
    assert len(planner.wanted(rows, lambda r: None)) == 1
