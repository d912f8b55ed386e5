"""Every message that crosses from a worker thread to the widgets. Results are past tense."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Contact, Engagement, Incident, ResultPage, Timeline
from engage_tui.browse.feed import FetchTicket, HeadTicket
from engage_tui.browse.incidents import IncidentsTicket
from engage_tui.lookups import OnCallFound


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
    ticket: IncidentsTicket
    page: ResultPage[Incident]


@dataclass
class IncidentsFailed(Message):
    ticket: IncidentsTicket
    error: SourceError


@dataclass
class ContactsLoaded(Message):
    contacts: tuple[Contact, ...]
    failed: bool = False
    """The list could not be read (the table works without it; `r` asks again)."""


@dataclass
class TimelineLoaded(Message):
    """Everything about one engagement: detail, pages, receipts."""

    timeline: Timeline


@dataclass
class TimelineFailed(Message):
    engagement_arn: str
    error: SourceError


@dataclass
class HeadLoaded(Message):
    """Page one as it is now, for the live view."""

    ticket: HeadTicket
    page: ResultPage[Engagement]


@dataclass
class HeadFailed(Message):
    ticket: HeadTicket
    error: SourceError


@dataclass
class AckLearned(Message):
    """The Ack column's cheap timeline of one engagement (pages, and receipts where needed)."""

    timeline: Timeline


@dataclass
class AckFailed(Message):
    engagement_arn: str
    error: SourceError


@dataclass
class OnCallLoaded(Message):
    """Who is on call for one on-call schedule, for the detail panel or the drill-in."""

    schedule_arn: str
    found: OnCallFound


@dataclass
class OnCallFailed(Message):
    schedule_arn: str
    error: SourceError
