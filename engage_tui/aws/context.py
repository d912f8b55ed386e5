"""The context around an engagement, fetched: how a page resolved, a contact's plan, who is on
call now, and the incident record with its timeline and related items.

Each function makes its own calls and fails alone (one SourceError), so a section the role may
not read never takes the others with it. Unreadable rows are left out, as everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from engage_tui.aws import calls, context_mapping
from engage_tui.aws.calls import Calls
from engage_tui.aws.context_models import (
    ContactDetail,
    IncidentRecord,
    OnCall,
    RelatedItem,
    ResolutionPath,
    Shift,
    TimelineEvent,
)
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.mapping import MalformedRow
from engage_tui.aws.models import ContactType
from engage_tui.zones import as_utc

# Far enough ahead to see the shift after the current one in a monthly rotation.
SHIFT_LOOKAHEAD = timedelta(days=35)
MAX_RELATED_ITEMS = 1000


def page_resolutions(source_calls: Calls, page_arn: str) -> ResolutionPath:
    """ListPageResolutions: plan → stage → schedule → person, as the service resolved the page."""
    steps, skipped = calls.collect(
        source_calls,
        "ssm-contacts",
        "list_page_resolutions",
        {"PageId": page_arn},
        "PageResolutions",
        context_mapping.resolution,
    )
    return ResolutionPath(steps, skipped)


def contact(source_calls: Calls, contact_arn: str) -> ContactDetail:
    """GetContact: the contact with its plan's stages (or an on-call schedule's rotations)."""
    result = source_calls.call("ssm-contacts", "get_contact", {"ContactId": contact_arn})
    try:
        return context_mapping.contact_detail(result)
    except MalformedRow as exc:
        raise calls.garbled("ssm-contacts:GetContact", str(exc)) from None


def on_call(source_calls: Calls, schedule: ContactDetail | str, at: datetime) -> OnCall:
    """Who is on call at `at` for an on-call schedule (its GetContact) or one rotation (its ARN),
    from each rotation's shifts around `at` (ListRotationShifts)."""
    at = as_utc(at)
    rotations: tuple[str, ...]
    if isinstance(schedule, str):
        owner, rotations = schedule, (schedule,)
    else:
        if schedule.type != ContactType.ONCALL_SCHEDULE:
            raise SourceError(
                ErrorKind.VALIDATION,
                f"{schedule.alias or schedule.arn} is not an on-call schedule, so nobody is "
                "on call for it.",
                retryable=False,
            )
        owner, rotations = schedule.arn, schedule.rotation_arns
    current: list[Shift] = []
    upcoming: list[Shift] = []
    for rotation_arn in rotations:
        now, after = _shifts_around(source_calls, rotation_arn, at)
        current += now
        upcoming += after
    return OnCall(owner, at, tuple(current), tuple(upcoming))


def _shifts_around(
    source_calls: Calls, rotation_arn: str, at: datetime
) -> tuple[list[Shift], list[Shift]]:
    """The rotation's shifts holding `at`, and its first shift after those (if listed)."""
    params: dict[str, Any] = {
        "RotationId": rotation_arn,
        "StartTime": at,
        "EndTime": at + SHIFT_LOOKAHEAD,
    }
    shifts, _ = calls.collect(
        source_calls,
        "ssm-contacts",
        "list_rotation_shifts",
        params,
        "RotationShifts",
        context_mapping.shift(rotation_arn),
    )
    current = [s for s in shifts if s.holds(at)]
    handover = max((s.end for s in current), default=at)
    later = sorted((s for s in shifts if s.start >= handover), key=lambda s: s.start)
    return current, later[:1]


def incident_record(source_calls: Calls, incident_arn: str) -> IncidentRecord:
    """GetIncidentRecord: title, status, impact, times and summary."""
    result = source_calls.call("ssm-incidents", "get_incident_record", {"arn": incident_arn})
    record = result.get("incidentRecord")
    try:
        if not isinstance(record, dict):
            raise MalformedRow("no incidentRecord object")
        return context_mapping.incident_record(record)
    except MalformedRow as exc:
        raise calls.garbled("ssm-incidents:GetIncidentRecord", str(exc)) from None


def timeline_events(
    source_calls: Calls, incident_arn: str, limit: int = 10
) -> tuple[TimelineEvent, ...]:
    """The incident's `limit` newest timeline events, newest first: asked of the service in that
    order, and sorted again in case it sent them otherwise."""
    params: dict[str, Any] = {
        "incidentRecordArn": incident_arn,
        "sortBy": "EVENT_TIME",
        "sortOrder": "DESCENDING",
        "maxResults": max(1, min(limit, 100)),
    }
    events, _ = calls.collect(
        source_calls,
        "ssm-incidents",
        "list_timeline_events",
        params,
        "eventSummaries",
        context_mapping.timeline_event,
        limit=limit,
    )
    return tuple(sorted(events, key=lambda e: e.time, reverse=True)[: max(limit, 0)])


def related_items(source_calls: Calls, incident_arn: str) -> tuple[RelatedItem, ...]:
    """Every item attached to the incident, in the service's order."""
    items, _ = calls.collect(
        source_calls,
        "ssm-incidents",
        "list_related_items",
        {"incidentRecordArn": incident_arn},
        "relatedItems",
        context_mapping.related_item,
        limit=MAX_RELATED_ITEMS,
    )
    return items[:MAX_RELATED_ITEMS]
