"""Where an escalation plan's engagement stands: the stage in force and what happens next if
nobody answers ("stage 2 → kwame_n in 4m 10s"), or why nothing more will happen.

Pure: no I/O, no clock of its own. Stage N starts when the durations of the stages before it
have run from the engagement's start. Instants are compared as instants (UTC): two times in one
zone on either side of a DST change are still the right distance apart. Naive times are UTC.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from engage_tui import timefmt
from engage_tui.aws.context_models import Stage
from engage_tui.aws.models import arn_resource_name
from engage_tui.sanitize import safe_text
from engage_tui.zones import as_utc

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
Namer = Callable[[str], str]
"""A contact or channel ARN → the name to show (default: the alias in the ARN)."""


class State(StrEnum):
    NOT_STARTED = "not-started"
    """`now` is before the recorded start (the clocks disagree)."""
    ESCALATING = "escalating"
    """A stage is in force and (unless it is the last) another will page when it runs out."""
    FINISHED = "finished"
    """The last stage has passed: nobody else will be paged."""
    ACKNOWLEDGED = "acknowledged"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class StageStart:
    """One stage (`index` from 0) and when it starts; `at` is None when an earlier stage's
    duration is unknown."""

    index: int
    stage: Stage
    at: datetime | None


@dataclass(frozen=True, slots=True)
class Escalation:
    """The plan laid out from the start, the stage in force (`current`, None before the start)
    and, while escalating, what comes next and how long until then (never negative)."""

    state: State
    stages: tuple[StageStart, ...]
    current: int | None
    next: StageStart | None
    remaining: timedelta | None


def schedule(stages: Sequence[Stage], start: datetime) -> tuple[StageStart, ...]:
    """Each stage with the instant it starts."""
    out: list[StageStart] = []
    at: datetime | None = as_utc(start)
    for index, stage in enumerate(stages):
        out.append(StageStart(index, stage, at))
        minutes = stage.duration_minutes
        at = at + timedelta(minutes=minutes) if at is not None and minutes is not None else None
    return tuple(out)


def _stage_at(starts: Sequence[StageStart], moment: datetime) -> int | None:
    """The index of the stage in force at `moment`: the last one started by then."""
    started = [s.index for s in starts if s.at is not None and s.at <= moment]
    return started[-1] if started else None


def progress(
    stages: Sequence[Stage],
    start: datetime,
    now: datetime,
    *,
    acknowledged_at: datetime | None = None,
    stopped_at: datetime | None = None,
) -> Escalation:
    """Where the escalation of an engagement that started at `start` stands at `now`.

    An acknowledgement or a stop halts it at the stage in force then (whichever came first);
    a halt recorded before the start counts as at the start.
    """
    starts = schedule(stages, start)
    now = as_utc(now)
    halted = _halted(starts, as_utc(start), now, acknowledged_at, stopped_at)
    if halted is not None:
        return halted
    if not starts:
        return Escalation(State.FINISHED, starts, None, None, None)
    current = _stage_at(starts, now)
    if current is None:
        first = starts[0]
        wait = first.at - now if first.at is not None else None
        return Escalation(State.NOT_STARTED, starts, None, first, wait)
    if current + 1 < len(starts):
        upcoming = starts[current + 1]
        wait = max(upcoming.at - now, timedelta(0)) if upcoming.at is not None else None
        return Escalation(State.ESCALATING, starts, current, upcoming, wait)
    return _last_stage(starts, current, now)


def _halted(
    starts: tuple[StageStart, ...],
    start: datetime,
    now: datetime,
    acknowledged_at: datetime | None,
    stopped_at: datetime | None,
) -> Escalation | None:
    """The escalation halted by the first of an acknowledgement and a stop, if either came."""
    halts = [
        (as_utc(when), state)
        for when, state in ((acknowledged_at, State.ACKNOWLEDGED), (stopped_at, State.STOPPED))
        if when is not None
    ]
    if not halts:
        return None
    when, state = min(halts, key=lambda halt: halt[0])
    moment = max(min(when, now), start)  # a halt before the start (skew) halts stage 1
    return Escalation(state, starts, _stage_at(starts, moment), None, None)


def _last_stage(starts: Sequence[StageStart], current: int, now: datetime) -> Escalation:
    """The last stage is in force: escalating until its duration has run, finished after."""
    last = starts[current]
    minutes = last.stage.duration_minutes
    if last.at is None or minutes is None:  # when it runs out is unknown: not over yet
        return Escalation(State.ESCALATING, tuple(starts), current, None, None)
    ends = last.at + timedelta(minutes=minutes)
    if ends > now:
        return Escalation(State.ESCALATING, tuple(starts), current, None, ends - now)
    return Escalation(State.FINISHED, tuple(starts), current, None, None)


def targets_text(stage: Stage, name: Namer = arn_resource_name) -> str:
    """`kwame_n, asa_e`: who a stage pages, each name made safe to show."""
    names = [safe_text(name(target.arn), max_len=60) for target in stage.targets]
    return ", ".join(names) or "nobody"


def next_text(escalation: Escalation, name: Namer = arn_resource_name) -> str:
    """One line for the drill-in: `stage 2 → kwame_n in 4m 10s`, `escalation finished`,
    `acknowledged at stage 1 — escalation halted`, … Safe to show."""
    state, current = escalation.state, escalation.current
    here = f" at stage {current + 1}" if current is not None else ""
    if state is State.ACKNOWLEDGED:
        return f"acknowledged{here} — escalation halted"
    if state is State.STOPPED:
        return f"stopped{here} — escalation halted"
    if state is State.FINISHED:
        return "escalation finished" if escalation.stages else "the plan has no stages"
    upcoming = escalation.next
    if upcoming is None:
        left = _countdown(escalation.remaining)
        return f"stage {(current or 0) + 1} is the last — escalation ends {left}"
    who = targets_text(upcoming.stage, name)
    when = _countdown(escalation.remaining)
    lead = "starts: " if state is State.NOT_STARTED else ""
    return f"{lead}stage {upcoming.index + 1} → {who} {when}"


def _countdown(remaining: timedelta | None) -> str:
    if remaining is None:
        return "(when is unknown: a stage of the plan has no duration)"
    span = max(remaining, timedelta(0))
    return "in " + timefmt.duration(_EPOCH, _EPOCH + span)
