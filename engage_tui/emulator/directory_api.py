"""SSM Contacts directory operations: contacts, on-call rotations and their shifts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engage_tui.emulator.directory import ContactRow, Directory, RotationRow
from engage_tui.emulator.errors import ApiError, not_found, validation_error
from engage_tui.emulator.paging import Call

if TYPE_CHECKING:
    from engage_tui.emulator.contacts_api import ContactsApi, Handler

Result = dict[str, Any]
MAX_SHIFT_WINDOW = 366 * 86400
_RETRY_MINUTES = 5


def contact_summary(row: ContactRow) -> Result:
    """The ListContacts item."""
    return {
        "ContactArn": row.arn,
        "Alias": row.alias,
        "DisplayName": row.display_name,
        "Type": row.type,
    }


def contact_detail(row: ContactRow, directory: Directory) -> Result:
    """GetContact: channels for a person, targets for a plan, rotations for a schedule."""
    if row.type == "ONCALL_SCHEDULE":
        plan: Result = {"Stages": [], "RotationIds": [directory.rotations[row.rotation or 0].arn]}
    elif row.type == "PERSONAL":
        first, voice = [row.channels[0], row.channels[2]], row.channels[1]
        plan = {
            "Stages": [
                {"DurationInMinutes": 2, "Targets": [_channel_target(c.arn) for c in first]},
                {"DurationInMinutes": 0, "Targets": [_channel_target(voice.arn)]},
            ]
        }
    else:
        plan = {
            "Stages": [
                {
                    "DurationInMinutes": stage.minutes,
                    "Targets": [
                        {
                            "ContactTargetInfo": {
                                "ContactId": directory.contacts[index].arn,
                                "IsEssential": essential,
                            }
                        }
                        for index, essential in stage.targets
                    ],
                }
                for stage in row.stages
            ]
        }
    return {**contact_summary(row), "Plan": plan}


def _channel_target(arn: str) -> Result:
    return {
        "ChannelTargetInfo": {"ContactChannelId": arn, "RetryIntervalInMinutes": _RETRY_MINUTES}
    }


def rotation_detail(rotation: RotationRow, directory: Directory) -> Result:
    """GetRotation (and the ListRotations item)."""
    handoff = {"HourOfDay": rotation.hour, "MinuteOfHour": 0}
    recurrence: Result = {"NumberOfOnCalls": 1, "RecurrenceMultiplier": 1}
    if rotation.weekday is None:
        recurrence["DailySettings"] = [handoff]
    else:
        recurrence["WeeklySettings"] = [{"DayOfWeek": rotation.weekday, "HandOffTime": handoff}]
    return {
        "RotationArn": rotation.arn,
        "Name": rotation.name,
        "ContactIds": [directory.contacts[m].arn for m in rotation.members],
        "StartTime": rotation.handoff(0),
        "TimeZoneId": rotation.zone_id,
        "Recurrence": recurrence,
    }


def shifts(rotation: RotationRow, directory: Directory, start: float, end: float) -> list[Result]:
    """Every shift that overlaps [start, end], oldest first, each with its whole span."""
    k = rotation.shift_at(start)
    k = 0 if k is None else k
    out: list[Result] = []
    while rotation.handoff(k) <= end:
        begins, ends = rotation.handoff(k), rotation.handoff(k + 1)
        if ends > start:
            out.append(
                {
                    "ContactIds": [directory.contacts[rotation.member(k)].arn],
                    "StartTime": begins,
                    "EndTime": ends,
                    "Type": "REGULAR",
                }
            )
        k += 1
    return out


def handlers(api: ContactsApi) -> dict[str, Handler]:
    """The directory operations, bound to `api` (its world, signer and paging)."""

    def list_contacts(params: dict[str, Any], call: Call) -> Result:
        prefix, kind = params.get("AliasPrefix", ""), params.get("Type")
        items = [
            contact_summary(c)
            for c in call.view.directory.contacts
            if c.alias.startswith(prefix) and (kind is None or c.type == kind)
        ]
        return api.listed("ListContacts", params, call, "Contacts", items)

    def get_contact(params: dict[str, Any], call: Call) -> Result:
        index = api.world.find_contact(params["ContactId"])
        if index is None:
            raise not_found("CONTACT", params["ContactId"])
        return contact_detail(call.view.directory.contacts[index], call.view.directory)

    def rotation(params: dict[str, Any], call: Call) -> RotationRow:
        index = api.world.find_rotation(params["RotationId"])
        if index is None:
            raise not_found("ROTATION", params["RotationId"])
        return call.view.directory.rotations[index]

    def list_rotations(params: dict[str, Any], call: Call) -> Result:
        prefix, directory = params.get("RotationNamePrefix", ""), call.view.directory
        items = [
            rotation_detail(r, directory) for r in directory.rotations if r.name.startswith(prefix)
        ]
        return api.listed("ListRotations", params, call, "Rotations", items)

    def get_rotation(params: dict[str, Any], call: Call) -> Result:
        return rotation_detail(rotation(params, call), call.view.directory)

    def list_rotation_shifts(params: dict[str, Any], call: Call) -> Result:
        found = rotation(params, call)
        start, end = params.get("StartTime", call.view.now), params["EndTime"]
        if start > end:
            raise validation_error([("StartTime", "StartTime must be earlier than EndTime")])
        if end - start > MAX_SHIFT_WINDOW:
            raise ApiError(
                "ValidationException",
                "The time range must not exceed 366 days.",
                fields={"Reason": "OTHER"},
            )
        items = shifts(found, call.view.directory, start, end)
        return api.listed("ListRotationShifts", params, call, "RotationShifts", items)

    return {
        "ListContacts": list_contacts,
        "GetContact": get_contact,
        "ListRotations": list_rotations,
        "GetRotation": get_rotation,
        "ListRotationShifts": list_rotation_shifts,
    }
