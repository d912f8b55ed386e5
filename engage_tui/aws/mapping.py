"""API dicts (as boto3 returns them) → the typed values in `aws.models`. Runs in worker threads."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Any

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
)

ApiDict = Mapping[str, Any]

# Contact and incident ARNs and senders repeat across thousands of rows; interning them
# keeps a loaded row well under a kilobyte.
_intern = sys.intern


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _interned(value: object) -> str | None:
    return _intern(value) if isinstance(value, str) else None


def _time(value: object) -> datetime | None:
    return value if isinstance(value, datetime) else None


def engagement(item: ApiDict) -> Engagement:
    return Engagement(
        arn=str(item["EngagementArn"]),
        contact_arn=_intern(str(item["ContactArn"])),
        sender=_intern(str(item.get("Sender", ""))),
        incident_arn=_interned(item.get("IncidentId")),
        start=_time(item.get("StartTime")),
        stop=_time(item.get("StopTime")),
    )


def engagement_detail(result: ApiDict) -> EngagementDetail:
    return EngagementDetail(
        arn=str(result["EngagementArn"]),
        contact_arn=str(result["ContactArn"]),
        sender=str(result.get("Sender", "")),
        subject=str(result.get("Subject", "")),
        content=str(result.get("Content", "")),
        public_subject=_opt_str(result.get("PublicSubject")),
        public_content=_opt_str(result.get("PublicContent")),
        incident_arn=_opt_str(result.get("IncidentId")),
        start=_time(result.get("StartTime")),
        stop=_time(result.get("StopTime")),
    )


def page(item: ApiDict) -> Page:
    return Page(
        arn=str(item["PageArn"]),
        engagement_arn=str(item["EngagementArn"]),
        contact_arn=str(item["ContactArn"]),
        sender=str(item.get("Sender", "")),
        incident_arn=_opt_str(item.get("IncidentId")),
        sent=_time(item.get("SentTime")),
        delivered=_time(item.get("DeliveryTime")),
        read=_time(item.get("ReadTime")),
    )


def receipt(item: ApiDict) -> Receipt:
    return Receipt(
        type=ReceiptType(item["ReceiptType"]),
        time=item["ReceiptTime"],
        contact_channel_arn=_opt_str(item.get("ContactChannelArn")),
        info=_opt_str(item.get("ReceiptInfo")),
    )


def contact(item: ApiDict) -> Contact:
    return Contact(
        arn=_intern(str(item["ContactArn"])),
        alias=str(item.get("Alias", "")),
        display_name=_opt_str(item.get("DisplayName")),
        type=ContactType(item["Type"]),
    )


def incident(item: ApiDict) -> Incident:
    return Incident(
        arn=_intern(str(item["arn"])),
        title=str(item.get("title", "")),
        status=IncidentStatus(item["status"]),
        impact=int(item.get("impact", 0)),
        created=item["creationTime"],
        resolved=_time(item.get("resolvedTime")),
    )
