"""Typed, immutable values for everything the UI shows. Built only by `aws.mapping`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, TypeVar

from engage_tui.aws.errors import SourceError

if TYPE_CHECKING:
    from engage_tui.acknowledgement import Acknowledgement

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


def known(enum: type[E], raw: str) -> E | None:
    """The member of `enum` spelled `raw`, or None for a value this version does not know.

    Enum fields hold the service's string as sent (the member itself when known), so a value
    AWS adds later is shown as it is instead of failing the page; compare them with `==`.
    """
    try:
        return enum(raw)
    except ValueError:
        return None


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
    status: str  # an IncidentStatus, or a status this version does not know
    impact: int
    created: datetime
    resolved: datetime | None = None

    @property
    def known_status(self) -> IncidentStatus | None:
        return known(IncidentStatus, self.status)


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
    type: str  # a ContactType, or a type this version does not know

    @property
    def known_type(self) -> ContactType | None:
        return known(ContactType, self.type)


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
    type: str  # a ReceiptType, or a type this version does not know
    time: datetime
    contact_channel_arn: str | None
    info: str | None

    @property
    def known_type(self) -> ReceiptType | None:
        return known(ReceiptType, self.type)


MAX_BARREN_PAGES = 10
"""Pages in a row with no new engagement after which a listing is taken to be going in circles.
Real list APIs send empty pages that still carry a token, so a few are read on; past this the
table stops and asks before reading on, and an export stops with an error."""


@dataclass(frozen=True, slots=True)
class ResultPage(Generic[T]):
    """One page of a list call: its items, the token for the next page (None at the end), and
    how many rows the service sent that could not be read (left out, not fatal)."""

    items: tuple[T, ...]
    next_token: str | None
    skipped: int = 0


class Part(StrEnum):
    """The parts of a Timeline that load separately, and may fail separately."""

    DETAIL = "detail"
    PAGES = "pages"
    RECEIPTS = "receipts"


@dataclass(frozen=True, slots=True)
class Timeline:
    """One engagement as far as it loaded: its detail, its pages, and the receipts of the pages
    in `receipts` (keyed by page ARN, oldest first).

    A part that failed is named in `problems` with its error (`detail` is then None, `pages`
    empty, or some pages lack receipts); every other part is still here to show. `full` is
    False for the cheap fetch behind the Ack column (no detail, receipts only where needed).
    """

    arn: str
    detail: EngagementDetail | None
    pages: tuple[Page, ...]
    receipts: Mapping[str, tuple[Receipt, ...]]
    problems: Mapping[Part, SourceError] = field(default_factory=dict)
    full: bool = True
    skipped: int = 0
    """Pages and receipts the service sent that could not be read (left out)."""

    @property
    def complete(self) -> bool:
        """Everything the drill-in shows is here: fetched in full, and nothing failed."""
        return self.full and not self.problems

    def missing_receipts(self) -> tuple[Page, ...]:
        """The pages whose receipts were not loaded (not asked for, or failed)."""
        return tuple(page for page in self.pages if page.arn not in self.receipts)

    def acknowledgement(self, row: Engagement | None = None) -> Acknowledgement:
        """Who acknowledged, when; start and stop from the detail, else from the table's row."""
        from engage_tui.acknowledgement import of_pages  # it builds on these models

        times = self.detail or row
        start, stop = (times.start, times.stop) if times is not None else (None, None)
        pages = None if Part.PAGES in self.problems else self.pages
        return of_pages(start, stop, pages, self.receipts)
