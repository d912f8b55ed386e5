"""API dicts → the context values in `aws.context_models`, checked field by field like
`aws.mapping`: a row that cannot be read raises `MalformedRow` (the caller skips and counts it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engage_tui.aws.context_models import (
    ContactDetail,
    IncidentRecord,
    ItemType,
    RelatedItem,
    Resolution,
    Shift,
    ShiftType,
    Stage,
    StageTarget,
    TimelineEvent,
    ValueKind,
)
from engage_tui.aws.mapping import (
    ApiDict,
    MalformedRow,
    _enum,
    _opt_str,
    _required_time,
    _str,
    _time,
)
from engage_tui.aws.models import ContactType, IncidentStatus


def _opt_int(item: ApiDict, key: str) -> int | None:
    value = item.get(key)
    if value is None or type(value) is int:
        return value
    raise MalformedRow(f"{key} is not a whole number")


def _strings(item: ApiDict, key: str) -> tuple[str, ...]:
    """A list of strings; a missing list is empty, anything in it that is no string is left out."""
    values = item.get(key)
    if values is None:
        return ()
    if not isinstance(values, list):
        raise MalformedRow(f"{key} is not a list")
    return tuple(v for v in values if type(v) is str)


def _object(item: ApiDict, key: str) -> ApiDict | None:
    value = item.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise MalformedRow(f"{key} is not an object")


def resolution(item: ApiDict) -> Resolution:
    return Resolution(
        contact_arn=_str(item, "ContactArn"),
        type=_enum(item, "Type", ContactType),
        stage_index=_opt_int(item, "StageIndex"),
    )


def stage_target(item: ApiDict) -> StageTarget:
    contact = _object(item, "ContactTargetInfo")
    channel = _object(item, "ChannelTargetInfo")
    if contact is not None and _opt_str(contact, "ContactId") is not None:
        essential = contact.get("IsEssential")
        return StageTarget(
            contact_arn=_str(contact, "ContactId"),
            channel_arn=None,
            essential=essential is True,
        )
    if channel is not None:
        return StageTarget(
            contact_arn=None,
            channel_arn=_str(channel, "ContactChannelId"),
            essential=True,  # a contact's own channels are what its plan is made of
            retry_minutes=_opt_int(channel, "RetryIntervalInMinutes"),
        )
    raise MalformedRow("a target with neither a contact nor a channel")


def stage(item: Any) -> tuple[Stage, int]:
    """One stage and how many of its targets were unreadable. An unreadable duration is kept
    as None rather than dropping the stage, so later stages keep their numbers."""
    if not isinstance(item, dict):
        return Stage(None, ()), 0
    try:
        minutes = _opt_int(item, "DurationInMinutes")
    except MalformedRow:
        minutes = None
    raw = item.get("Targets")
    targets: list[StageTarget] = []
    skipped = 0
    for target in raw if isinstance(raw, list) else ():
        try:
            targets.append(stage_target(target))
        except (MalformedRow, AttributeError):
            skipped += 1
    return Stage(minutes if minutes is None or minutes >= 0 else None, tuple(targets)), skipped


def contact_detail(result: ApiDict) -> ContactDetail:
    plan = _object(result, "Plan") or {}
    raw = plan.get("Stages")
    stages: list[Stage] = []
    skipped = 0
    for item in raw if isinstance(raw, list) else ():
        built, unread = stage(item)
        stages.append(built)
        skipped += unread
    return ContactDetail(
        arn=_str(result, "ContactArn"),
        alias=_opt_str(result, "Alias") or "",
        display_name=_opt_str(result, "DisplayName"),
        type=_enum(result, "Type", ContactType),
        stages=tuple(stages),
        rotation_arns=_strings(plan, "RotationIds"),
        skipped=skipped,
    )


def shift(rotation_arn: str) -> Callable[[ApiDict], Shift]:
    """A converter for the shifts of one rotation (ListRotationShifts does not repeat it)."""

    def convert(item: ApiDict) -> Shift:
        kind = _enum(item, "Type", ShiftType) if item.get("Type") is not None else None
        start, end = _required_time(item, "StartTime"), _required_time(item, "EndTime")
        if end <= start:
            raise MalformedRow("a shift that ends before it starts")
        return Shift(rotation_arn, _strings(item, "ContactIds"), start, end, kind)

    return convert


def incident_record(item: ApiDict) -> IncidentRecord:
    return IncidentRecord(
        arn=_str(item, "arn"),
        title=_opt_str(item, "title") or "",
        status=_enum(item, "status", IncidentStatus),
        impact=_opt_int(item, "impact"),
        created=_required_time(item, "creationTime"),
        resolved=_time(item, "resolvedTime"),
        summary=_opt_str(item, "summary") or "",
        last_modified=_time(item, "lastModifiedTime"),
    )


def timeline_event(item: ApiDict) -> TimelineEvent:
    references = item.get("eventReferences")
    resources: list[str] = []
    related: list[str] = []
    for ref in references if isinstance(references, list) else ():
        if isinstance(ref, dict):
            resources += [v for v in (ref.get("resource"),) if type(v) is str]
            related += [v for v in (ref.get("relatedItemId"),) if type(v) is str]
    return TimelineEvent(
        event_id=_opt_str(item, "eventId") or "",
        type=_str(item, "eventType"),
        time=_required_time(item, "eventTime"),
        updated=_time(item, "eventUpdatedTime"),
        resources=tuple(resources),
        related_item_ids=tuple(related),
    )


def _value(value: ApiDict) -> tuple[str, str]:
    """Which member an ItemValue holds, and its text: a URL, ARN or metric definition, a
    PagerDuty incident's id, or (with no text) the name of a member this version does not know."""
    for kind in (ValueKind.URL, ValueKind.ARN, ValueKind.METRIC):
        text = _opt_str(value, kind)
        if text is not None:
            return kind, text
    pagerduty = _object(value, ValueKind.PAGERDUTY)
    if pagerduty is not None:
        return ValueKind.PAGERDUTY, _str(pagerduty, "id")
    unknown = _object(value, "SDK_UNKNOWN_MEMBER")  # botocore's stand-in for a newer member
    if unknown is not None:
        return _str(unknown, "name"), ""
    raise MalformedRow("a related item with no value")


def related_item(item: ApiDict) -> RelatedItem:
    identifier = _object(item, "identifier") or {}
    value = _object(identifier, "value") or {}
    kind, text = _value(value)
    return RelatedItem(
        type=_enum(identifier, "type", ItemType),
        title=_opt_str(item, "title") or "",
        kind=kind,
        value=text,
        generated_id=_opt_str(item, "generatedId"),
    )
