"""Typed, immutable values for everything the UI shows. Built only by `aws.mapping`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


def arn_resource_name(arn: str) -> str:
    """The first path segment after the resource type: `…:contact/akuam` → `akuam`."""
    resource = arn.split(":", 5)[-1]
    parts = resource.split("/")
    return parts[1] if len(parts) > 1 else resource


def arn_short_id(arn: str) -> str:
    """The last path segment of an ARN: `…:incident-record/plan/4f1c…` → `4f1c…`."""
    return arn.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class TimeRange:
    """A closed time window; both ends are timezone-aware. `None` on a side means open."""

    start: datetime | None
    end: datetime | None


@dataclass(frozen=True, slots=True)
class Query:
    """What the engagements table shows: optionally one incident, optionally a time window."""

    incident_arn: str | None = None
    time_range: TimeRange | None = None


class IncidentStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


@dataclass(frozen=True, slots=True)
class Incident:
    arn: str
    title: str
    status: IncidentStatus
    impact: int
    created: datetime
    resolved: datetime | None = None


@dataclass(frozen=True, slots=True)
class Engagement:
    """One row of ListEngagements."""

    arn: str
    contact_arn: str
    sender: str
    incident_arn: str | None
    start: datetime | None
    stop: datetime | None

    @property
    def contact_alias(self) -> str:
        return arn_resource_name(self.contact_arn)


@dataclass(frozen=True, slots=True)
class EngagementDetail:
    """DescribeEngagement: the engagement plus what was sent."""

    arn: str
    contact_arn: str
    sender: str
    subject: str
    content: str
    public_subject: str | None
    public_content: str | None
    incident_arn: str | None
    start: datetime | None
    stop: datetime | None


class ContactType(StrEnum):
    PERSONAL = "PERSONAL"
    ESCALATION = "ESCALATION"
    ONCALL_SCHEDULE = "ONCALL_SCHEDULE"


@dataclass(frozen=True, slots=True)
class Contact:
    arn: str
    alias: str
    display_name: str | None
    type: ContactType


@dataclass(frozen=True, slots=True)
class Page:
    """One page (a message to one contact channel) sent for an engagement."""

    arn: str
    engagement_arn: str
    contact_arn: str
    sender: str
    incident_arn: str | None
    sent: datetime | None
    delivered: datetime | None
    read: datetime | None


class ReceiptType(StrEnum):
    SENT = "SENT"
    DELIVERED = "DELIVERED"
    READ = "READ"
    ERROR = "ERROR"
    STOP = "STOP"


@dataclass(frozen=True, slots=True)
class Receipt:
    type: ReceiptType
    time: datetime
    contact_channel_arn: str | None
    info: str | None


@dataclass(frozen=True, slots=True)
class ResultPage(Generic[T]):
    """One page of a list call: its items and the token for the next page (None at the end)."""

    items: tuple[T, ...]
    next_token: str | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """One engagement in full: its detail, every page sent, and each page's receipts."""

    detail: EngagementDetail
    pages: tuple[Page, ...]
    receipts: dict[str, tuple[Receipt, ...]]

    def first_read(self) -> tuple[datetime, Page] | None:
        """When the engagement was first acknowledged, and on which page (see acknowledgement)."""
        from engage_tui.acknowledgement import of_pages  # it builds on these models

        ack = of_pages(self.detail.start, self.detail.stop, self.pages, self.receipts)
        return (ack.read, ack.page) if ack.read is not None and ack.page is not None else None
