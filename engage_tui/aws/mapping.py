"""API dicts → the typed values in `aws.models`. Runs in worker threads.

The dicts are as botocore returns them, except ListEngagements' rows, which come as the JSON sent
them (`raw_items`): times there are still numbers or text. Every field is checked for its type:
a row with a missing or wrong-typed field raises `MalformedRow` (the source skips and counts it).
Every time becomes a UTC-aware datetime whose tzinfo is the one `datetime.UTC`: shared by every
row, and comparable with any other time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from engage_tui.aws.models import (
    Contact,
    ContactType,
    Engagement,
    EngagementDetail,
    Incident,
    IncidentStatus,
    Page,
    Receipt,
    ReceiptType,
    known,
)

ApiDict = Mapping[str, Any]

# Contact and incident ARNs, senders and enum values repeat across thousands of rows;
# interning them keeps a loaded row small.
_intern = sys.intern
_from_epoch = datetime.fromtimestamp

# A frozen dataclass's __init__ sets each field through object.__setattr__: about a fifth of a
# 500-row page's instructions. An engagement row is built by setting its slots directly instead,
# at half the cost: the same frozen value (tests/test_mapping.py compares it with the
# constructor's).
_new_object = object.__new__
_SetSlot = Callable[[Engagement, object], None]
_ENGAGEMENT_SLOTS: tuple[_SetSlot, ...] = tuple(
    getattr(Engagement, field.name).__set__ for field in fields(Engagement)
)
_SET_ARN, _SET_CONTACT, _SET_SENDER, _SET_INCIDENT, _SET_START, _SET_STOP = _ENGAGEMENT_SLOTS

UNREADABLE_TIME: Final = object()
"""What `parse_timestamp` gives for a value that is no time: the row holding it is skipped."""


class MalformedRow(ValueError):
    """One item of a response that cannot be read (a field missing or of the wrong type)."""


def parse_timestamp(value: object) -> datetime | object:
    """botocore's timestamp parser, replaced: epoch seconds or ISO 8601 → UTC-aware datetime.

    botocore's own builds a new `tzlocal()` for every value (most of a row's memory and over
    half the CPU of a page). A value that is no time becomes `UNREADABLE_TIME` instead of
    failing the whole response.
    """
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value, UTC)
        if isinstance(value, str):
            try:
                return datetime.fromtimestamp(float(value), UTC)
            except ValueError:
                return _to_utc(datetime.fromisoformat(value))
    except (ValueError, OverflowError, OSError):
        pass
    return UNREADABLE_TIME


def _to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is UTC:
        return moment
    if moment.tzinfo is None:  # the API's zone; botocore's default parser leaves some naive
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _time(item: ApiDict, key: str) -> datetime | None:
    return _moment(item.get(key), key)


def _moment(value: object, key: str) -> datetime | None:
    """A time as botocore parsed it (a datetime), or as the JSON sent it when a list's rows are
    handed through unparsed (`raw_items`): epoch seconds, or ISO 8601 with or without a zone."""
    if type(value) is float or type(value) is int:  # the common case first: epoch seconds
        try:
            return _from_epoch(value, UTC)
        except (ValueError, OverflowError, OSError):
            raise MalformedRow(f"{key} is not a time") from None
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = parse_timestamp(value)
        if not isinstance(value, datetime):
            raise MalformedRow(f"{key} is not a time")
    return _to_utc(value)


def _required_time(item: ApiDict, key: str) -> datetime:
    value = _time(item, key)
    if value is None:
        raise MalformedRow(f"{key} is missing")
    return value


def _str(item: ApiDict, key: str) -> str:
    value = item.get(key)
    if type(value) is not str:
        raise MalformedRow(f"{key} is missing or not text")
    return value


def _opt_str(item: ApiDict, key: str) -> str | None:
    value = item.get(key)
    if value is None or type(value) is str:
        return value
    raise MalformedRow(f"{key} is not text")


def _interned(item: ApiDict, key: str) -> str | None:
    return _text(item.get(key), key)


def _text(value: object, key: str) -> str | None:
    """Optional text, interned: the same contact, incident or sender repeats across rows."""
    if type(value) is str:
        return _intern(value)
    if value is None:
        return None
    raise MalformedRow(f"{key} is not text")


def _enum(item: ApiDict, key: str, enum: type[StrEnum]) -> str:
    """The member when known, else the service's own word (kept, shown as it is)."""
    raw = _str(item, key)
    member = known(enum, raw)
    return member if member is not None else _intern(raw)


def engagement(item: ApiDict) -> Engagement:
    """One ListEngagements row; 500 to a page, so its fields are read with few calls."""
    get = item.get
    arn, contact = get("EngagementArn"), get("ContactArn")
    if type(arn) is not str or type(contact) is not str:
        raise MalformedRow("EngagementArn or ContactArn is missing or not text")
    sender = _text(get("Sender"), "Sender") or ""
    incident = _text(get("IncidentId"), "IncidentId")
    start = _moment(get("StartTime"), "StartTime")
    stop = _moment(get("StopTime"), "StopTime")
    row = _new_object(Engagement)
    _SET_ARN(row, arn)
    _SET_CONTACT(row, _intern(contact))
    _SET_SENDER(row, sender)
    _SET_INCIDENT(row, incident)
    _SET_START(row, start)
    _SET_STOP(row, stop)
    return row


def engagement_detail(result: ApiDict) -> EngagementDetail:
    return EngagementDetail(
        arn=_str(result, "EngagementArn"),
        contact_arn=_str(result, "ContactArn"),
        sender=_opt_str(result, "Sender") or "",
        subject=_opt_str(result, "Subject") or "",
        content=_opt_str(result, "Content") or "",
        public_subject=_opt_str(result, "PublicSubject"),
        public_content=_opt_str(result, "PublicContent"),
        incident_arn=_opt_str(result, "IncidentId"),
        start=_time(result, "StartTime"),
        stop=_time(result, "StopTime"),
    )


def page(item: ApiDict) -> Page:
    return Page(
        arn=_str(item, "PageArn"),
        engagement_arn=_str(item, "EngagementArn"),
        contact_arn=_intern(_str(item, "ContactArn")),
        sender=_interned(item, "Sender") or "",
        incident_arn=_interned(item, "IncidentId"),
        sent=_time(item, "SentTime"),
        delivered=_time(item, "DeliveryTime"),
        read=_time(item, "ReadTime"),
    )


def receipt(item: ApiDict) -> Receipt:
    return Receipt(
        type=_enum(item, "ReceiptType", ReceiptType),
        time=_required_time(item, "ReceiptTime"),
        contact_channel_arn=_opt_str(item, "ContactChannelArn"),
        info=_opt_str(item, "ReceiptInfo"),
    )


def contact(item: ApiDict) -> Contact:
    return Contact(
        arn=_intern(_str(item, "ContactArn")),
        alias=_opt_str(item, "Alias") or "",
        display_name=_opt_str(item, "DisplayName"),
        type=_enum(item, "Type", ContactType),
    )


def incident(item: ApiDict) -> Incident:
    impact = item.get("impact", 0)
    if type(impact) is not int:
        raise MalformedRow("impact is not a number")
    return Incident(
        arn=_intern(_str(item, "arn")),
        title=_opt_str(item, "title") or "",
        status=_enum(item, "status", IncidentStatus),
        impact=impact,
        created=_required_time(item, "creationTime"),
        resolved=_time(item, "resolvedTime"),
    )
