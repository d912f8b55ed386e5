"""What happens next in an escalation: the stage in force, the next page and its countdown, and
the end; on a fixed clock, under several local zones, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from engage_tui.aws.context_models import Stage, StageTarget
from engage_tui.escalation import State, next_text, progress, schedule
from tests.zones import local_tz, zone_name  # noqa: F401 (a fixture)

ARN = "arn:aws:ssm-contacts:us-east-1:111122223333:contact"
START = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)


def who(*aliases: str, essential: bool = True) -> tuple[StageTarget, ...]:
    return tuple(StageTarget(f"{ARN}/{a}", None, essential) for a in aliases)


# The demo's payments plan: the on-call schedule for 7 minutes, Kwame for 10, then Åsa.
PAYMENTS = (
    Stage(7, who("payments-primary")),
    Stage(10, who("kwame_n")),
    Stage(0, who("asa_e")),
)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def test_stage_two_counts_down_from_the_start_of_stage_one() -> None:
    now = at(7 * 60 - 250)
    escalation = progress(PAYMENTS, START, now)
    assert escalation.state is State.ESCALATING and escalation.current == 0
    assert escalation.remaining == timedelta(minutes=4, seconds=10)
    assert next_text(escalation) == "stage 2 → kwame_n in 4m 10s"


def test_the_countdown_moves_with_the_clock_and_hands_over_to_the_next_stage() -> None:
    texts = [next_text(progress(PAYMENTS, START, at(s))) for s in (419, 420, 421, 1019, 1020)]
    assert texts == [
        "stage 2 → kwame_n in 1s",
        "stage 3 → asa_e in 10m 00s",
        "stage 3 → asa_e in 9m 59s",
        "stage 3 → asa_e in 1s",
        "escalation finished",
    ]


def test_escalation_finished_once_the_last_stage_has_passed() -> None:
    escalation = progress(PAYMENTS, START, at(3 * 3600))
    assert escalation.state is State.FINISHED and escalation.current == 2
    assert escalation.next is None and escalation.remaining is None
    assert next_text(escalation) == "escalation finished"


def test_a_last_stage_with_a_duration_ends_the_escalation_when_it_runs_out() -> None:
    plan = (Stage(5, who("platform-sre-oncall")), Stage(15, who("nina_n", "tolu_o")))
    during = progress(plan, START, at(6 * 60))
    assert during.state is State.ESCALATING and during.current == 1 and during.next is None
    assert next_text(during) == "stage 2 is the last — escalation ends in 14m 00s"
    assert progress(plan, START, at(20 * 60)).state is State.FINISHED


def test_an_acknowledgement_halts_at_the_stage_in_force_then() -> None:
    acked = progress(PAYMENTS, START, at(900), acknowledged_at=at(130))
    assert acked.state is State.ACKNOWLEDGED and acked.current == 0
    assert acked.next is None and acked.remaining is None
    assert next_text(acked) == "acknowledged at stage 1 — escalation halted"
    stopped = progress(PAYMENTS, START, at(900), stopped_at=at(600), acknowledged_at=at(700))
    assert stopped.state is State.STOPPED and stopped.current == 1
    assert next_text(stopped) == "stopped at stage 2 — escalation halted"


def test_never_a_negative_countdown_when_the_clocks_disagree() -> None:
    early = progress(PAYMENTS, START, at(-95))
    assert early.state is State.NOT_STARTED and early.current is None
    assert early.remaining == timedelta(seconds=95)
    assert next_text(early) == "starts: stage 1 → payments-primary in 1m 35s"
    skewed = progress(PAYMENTS, START, at(900), acknowledged_at=at(-300))
    assert skewed.current == 0, "a read before the recorded start halts stage 1"
    for seconds in range(-30, 1100, 7):
        remaining = progress(PAYMENTS, START, at(seconds + 0.5)).remaining
        assert remaining is None or remaining >= timedelta(0)


def test_a_stage_without_a_duration_leaves_later_stages_unknown_not_wrong() -> None:
    plan = (Stage(5, who("a")), Stage(None, who("b")), Stage(0, who("c")))
    starts = schedule(plan, START)
    assert [s.at for s in starts] == [START, at(300), None]
    later = progress(plan, START, at(3600))
    assert later.current == 1 and later.state is State.ESCALATING
    assert next_text(later).startswith("stage 3 → c (when is unknown")


def test_names_come_from_the_caller_and_are_made_safe() -> None:
    names = {f"{ARN}/kwame_n": "Kwame \x1b[31mNyarko\x1b[0m [b]x[/b]"}
    text = next_text(progress(PAYMENTS, START, at(60)), lambda arn: names.get(arn, arn))
    assert text.startswith("stage 2 → Kwame ␛[31mNyarko␛[0m [b]x[/b] in ")
    assert "\x1b" not in text
    several = (Stage(1, who("a")), Stage(0, (*who("b"), *who("c", essential=False))))
    assert next_text(progress(several, START, START)) == "stage 2 → b, c in 1m 00s"


def test_a_plan_without_stages_has_nothing_next() -> None:
    escalation = progress((), START, at(10))
    assert escalation.state is State.FINISHED and escalation.next is None
    assert next_text(escalation) == "the plan has no stages"


# --- local zones and DST: instants, never wall-clock arithmetic ----------------------------------

# An instant where each zone's offset changes (UTC and Kathmandu have none: any instant).
CHANGES = {
    "UTC": datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
    "America/New_York": datetime(2026, 3, 8, 7, 0, tzinfo=UTC),  # 02:00 EST → 03:00 EDT
    "Europe/London": datetime(2026, 10, 25, 1, 0, tzinfo=UTC),  # 02:00 BST → 01:00 GMT
    "Australia/Lord_Howe": datetime(2026, 4, 4, 15, 0, tzinfo=UTC),  # +11:00 → +10:30
    "Asia/Kathmandu": datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
}


@pytest.mark.parametrize("seconds_after", [30, 250, 418])
def test_the_countdown_is_right_across_a_dst_change_in_every_zone(
    local_tz: tzinfo,  # noqa: F811
    seconds_after: int,
) -> None:
    change = CHANGES[zone_name()]
    zone = ZoneInfo(zone_name())
    # Both times carry the same local zone: subtracting them directly would compare wall clocks.
    start = (change - timedelta(seconds=seconds_after)).astimezone(zone)
    now = (change + timedelta(seconds=1)).astimezone(zone)
    escalation = progress(PAYMENTS, start, now)
    left = timedelta(minutes=7) - timedelta(seconds=seconds_after + 1)
    assert escalation.state is State.ESCALATING and escalation.current == 0
    assert escalation.remaining == left
    assert escalation.next is not None and escalation.next.at == change - timedelta(
        seconds=seconds_after
    ) + timedelta(minutes=7)


def test_the_same_instant_in_different_zones_gives_the_same_answer(
    local_tz: tzinfo,  # noqa: F811
) -> None:
    start_elsewhere = START.astimezone(ZoneInfo("Pacific/Chatham"))
    now_here = at(250).astimezone(local_tz)
    assert next_text(progress(PAYMENTS, start_elsewhere, now_here)) == (
        "stage 2 → kwame_n in 2m 50s"
    )
    naive_utc = at(250).replace(tzinfo=None)
    assert progress(PAYMENTS, START, naive_utc).remaining == timedelta(minutes=2, seconds=50)


def test_the_drill_in_lists_every_stage_whatever_the_state() -> None:
    two = (Stage(5, who("a")), Stage(15, who("b")))
    for escalation in (
        progress(two, START, at(-10)),  # not started
        progress(two, START, at(60)),  # escalating
        progress(two, START, at(600)),  # the last stage, running out
        progress(two, START, at(3600)),  # finished
        progress(two, START, at(900), stopped_at=at(60)),  # halted
        progress((Stage(5, who("a")), Stage(None, who("b"))), START, at(600)),  # no end known
    ):
        assert [s.index for s in escalation.stages] == [0, 1], escalation.state
    assert progress((), START, at(10)).stages == ()


def test_a_last_stage_without_a_duration_escalates_until_someone_answers() -> None:
    plan = (Stage(5, who("a")), Stage(None, who("b")))
    last = progress(plan, START, at(600))
    assert last.state is State.ESCALATING and last.current == 1 and last.remaining is None
    assert next_text(last) == (
        "stage 2 is the last — escalation ends "
        "(when is unknown: a stage of the plan has no duration)"
    )


def test_a_single_stage_plan_counts_down_to_its_end() -> None:
    single = progress((Stage(5, who("a")),), START, at(60))
    assert next_text(single) == "stage 1 is the last — escalation ends in 4m 00s"


def test_an_acknowledgement_with_no_plan_stages_says_halted_without_a_stage() -> None:
    acked = progress((), START, at(60), acknowledged_at=at(30))
    assert next_text(acked) == "acknowledged — escalation halted"


def test_an_acknowledgement_and_a_stop_at_the_same_instant_read_as_acknowledged() -> None:
    both = progress(PAYMENTS, START, at(900), acknowledged_at=at(60), stopped_at=at(60))
    assert next_text(both) == "acknowledged at stage 1 — escalation halted"


def test_a_stage_that_pages_nobody_says_so_and_long_names_are_capped() -> None:
    plan = (Stage(1, who("a")), Stage(5, ()), Stage(0, who("n" * 61)))
    assert next_text(progress(plan, START, START)) == "stage 2 → nobody in 1m 00s"
    assert next_text(progress(plan, START, at(120))) == f"stage 3 → {'n' * 59}… in 4m 00s"
    fits = (Stage(1, who("a")), Stage(0, who("n" * 60)))
    assert next_text(progress(fits, START, START)) == f"stage 2 → {'n' * 60} in 1m 00s"
