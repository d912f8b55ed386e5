"""Blocking look-ups that the drill-in and the detail panel share: contact display names, how a
page resolved, and who is on call now for an on-call schedule. Run them in a worker thread."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from engage_tui.aws.errors import SourceError
from engage_tui.aws.source import Source

if TYPE_CHECKING:  # the models load with the first look-up, not with the first frame
    from engage_tui.aws.context_models import OnCall, ResolutionPath

_MAX_NAMES = 8


@dataclass(frozen=True, slots=True)
class OnCallFound:
    """Who is on call for one schedule, with the display names of the people it mentions."""

    on_call: OnCall
    display_names: Mapping[str, str] = field(default_factory=dict)


def display_names(source: Source, arns: Iterable[str]) -> dict[str, str]:
    """Contact ARN → display name, from GetContact (cached by the Source); blocking."""
    names: dict[str, str] = {}
    for arn in list(dict.fromkeys(arns))[:_MAX_NAMES]:
        try:
            detail = source.get_contact(arn)
        except SourceError:
            continue  # a name is a nicety: the alias still shows
        if detail.display_name:
            names[arn] = detail.display_name
    return names


def resolve_page(source: Source, page_arn: str) -> tuple[ResolutionPath, dict[str, str]]:
    """How one page resolved, and the display names of the contacts on its path."""
    path = source.list_page_resolutions(page_arn)
    return path, display_names(source, (step.contact_arn for step in path.steps))


def on_call_now(source: Source, schedule_arn: str, now: datetime) -> OnCallFound:
    """Who holds the schedule's shift at `now` and who comes next, with their names."""
    on_call = source.current_shift(schedule_arn, now)
    upcoming = (arn for shift in on_call.upcoming for arn in shift.contact_arns)
    return OnCallFound(on_call, display_names(source, (*on_call.contact_arns, *upcoming)))
