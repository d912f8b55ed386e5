"""Every message that crosses from a worker thread to the widgets. Results are past tense."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import (
    Contact,
    Engagement,
    EngagementDetail,
    Incident,
    Page,
    Receipt,
    ResultPage,
)
from engage_tui.paging import FetchTicket


@dataclass
class EngagementsLoaded(Message):
    ticket: FetchTicket
    page: ResultPage[Engagement]


@dataclass
class EngagementsFailed(Message):
    ticket: FetchTicket
    error: SourceError


@dataclass
class IncidentsLoaded(Message):
    request_token: str | None
    page: ResultPage[Incident]


@dataclass
class IncidentsFailed(Message):
    request_token: str | None
    error: SourceError


@dataclass
class ContactsLoaded(Message):
    contacts: tuple[Contact, ...]


@dataclass
class DetailLoaded(Message):
    detail: EngagementDetail


@dataclass
class DetailFailed(Message):
    engagement_arn: str
    error: SourceError


@dataclass
class TimelineLoaded(Message):
    """Everything the drill-in screen shows beyond the detail: pages and their receipts."""

    engagement_arn: str
    detail: EngagementDetail
    pages: tuple[Page, ...]
    receipts: dict[str, tuple[Receipt, ...]]


@dataclass
class TimelineFailed(Message):
    engagement_arn: str
    error: SourceError
