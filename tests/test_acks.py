"""The Ack column's request plan: rows on screen only, 3 in flight, a rate limit, no repeats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engage_tui.acknowledgement import Acknowledgement, of_pages
from engage_tui.aws.models import Engagement
from engage_tui.browse.acks import AckPlanner

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


def unacked(r: Engagement) -> Acknowledgement:
    return of_pages(r.start, r.stop, ())


def test_at_most_three_in_flight_and_no_row_asked_twice() -> None:
    clock = Clock()
    planner = AckPlanner(rate=100, clock=clock)
    rows = [row(i) for i in range(10)]
    known: dict[str, Acknowledgement] = {}
    first = planner.wanted(rows, lambda r: known.get(r.arn))
    assert first == [r.arn for r in rows[:3]]
    assert planner.wanted(rows, lambda r: known.get(r.arn)) == []
    for arn in first:
        planner.answered(arn)
        known[arn] = unacked(rows[int(arn.rsplit("/", 1)[1])])
    assert planner.wanted(rows, lambda r: known.get(r.arn)) == [r.arn for r in rows[3:6]]


def test_the_rate_limit_spreads_requests_out() -> None:
    clock = Clock()
    planner = AckPlanner(rate=5, max_in_flight=100, clock=clock)
    rows = [row(i) for i in range(50)]
    asked = planner.wanted(rows, lambda r: None)
    assert len(asked) == 5, "a burst of one second's worth"
    clock.now += 1.0
    asked += planner.wanted(rows, lambda r: None)
    assert len(asked) == 10
    clock.now += 10.0
    asked += planner.wanted(rows, lambda r: None)
    assert len(asked) <= 10 + 5, "an idle spell doesn't bank a storm"
    assert len(set(asked)) == len(asked)


def test_open_rows_are_asked_again_once_stale_and_settled_ones_never() -> None:
    clock = Clock()
    planner = AckPlanner(rate=100, fresh_s=30, clock=clock)
    ongoing, stopped = row(1), row(2, stopped=True)
    known = {ongoing.arn: unacked(ongoing), stopped.arn: unacked(stopped)}
    assert planner.wanted([ongoing, stopped], lambda r: None) == [ongoing.arn, stopped.arn]
    planner.answered(ongoing.arn)
    planner.answered(stopped.arn)
    clock.now += 10
    assert planner.wanted([ongoing, stopped], lambda r: known[r.arn]) == []
    clock.now += 25
    assert planner.wanted([ongoing, stopped], lambda r: known[r.arn]) == [ongoing.arn]


def test_a_row_is_asked_about_again_after_30_seconds_not_before() -> None:
    clock = Clock()
    clock.now = 1000.0
    planner = AckPlanner(rate=100, clock=clock)
    ongoing = row(1)
    assert planner.wanted([ongoing], unacked) == [ongoing.arn]
    planner.answered(ongoing.arn)
    clock.now += 29.0
    assert planner.wanted([ongoing], unacked) == []
    clock.now += 1.0
    assert planner.wanted([ongoing], unacked) == [ongoing.arn], "due at 30 s exactly"


def test_a_failed_row_is_asked_again_only_once_its_answer_would_be_stale() -> None:
    clock = Clock()
    clock.now = 1000.0
    planner = AckPlanner(rate=100, fresh_s=30, clock=clock)
    failed = row(1)
    assert planner.wanted([failed], lambda r: None) == [failed.arn]
    planner.answered(failed.arn)  # the fetch failed: nothing known
    clock.now += 29.0
    assert planner.wanted([failed], lambda r: None) == [], "no hammering after a failure"
    clock.now += 1.0
    assert planner.wanted([failed], lambda r: None) == [failed.arn]


def test_at_one_request_a_second_there_is_no_burst() -> None:
    clock = Clock()
    planner = AckPlanner(rate=1, max_in_flight=100, clock=clock)
    rows = [row(i) for i in range(10)]
    assert len(planner.wanted(rows, lambda r: None)) == 1
    clock.now += 1.0
    assert len(planner.wanted(rows, lambda r: None)) == 1
