"""Typed values for the context around an engagement: how a page resolved, an escalation plan's
stages, who is on call, and the incident record with its timeline and related items.

Built only by `aws.context_mapping`. Every text field is untrusted and kept as the service sent
it (escape it where it is shown); enum fields keep a word this version does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from engage_tui.aws.models import Contact, ContactType, IncidentStatus, arn_resource_name, known


@dataclass(frozen=True, slots=True)
class Resolution:
    """One step of the path a page took (ListPageResolutions): a plan, a stage's target (an
    on-call schedule or a person), the person on shift."""

    contact_arn: str
    type: str  # a ContactType, or a type this version does not know
    stage_index: int | None  # zero-based, on the step a plan's stage resolved to

    @property
    def known_type(self) -> ContactType | None:
        return known(ContactType, self.type)

    @property
    def alias(self) -> str:
        return arn_resource_name(self.contact_arn)


@dataclass(frozen=True, slots=True)
class ResolutionPath:
    """A page's resolution path, in the order the service gave it; `skipped` steps were
    unreadable."""

    steps: tuple[Resolution, ...]
    skipped: int = 0

    def _first(self, kind: ContactType) -> Resolution | None:
        return next((step for step in self.steps if step.type == kind), None)

    @property
    def plan(self) -> Resolution | None:
        """The escalation plan the page came through, if it came through one."""
        return self._first(ContactType.ESCALATION)

    @property
    def stage_index(self) -> int | None:
        """The plan's stage (zero-based) that sent the page."""
        return next((s.stage_index for s in self.steps if s.stage_index is not None), None)

    @property
    def schedule(self) -> Resolution | None:
        """The on-call schedule the page went through, if any."""
        return self._first(ContactType.ONCALL_SCHEDULE)

    @property
    def person(self) -> Resolution | None:
        """The person the page reached: the last personal contact of the path."""
        people = [step for step in self.steps if step.type == ContactType.PERSONAL]
        return people[-1] if people else None


@dataclass(frozen=True, slots=True)
class StageTarget:
    """Who or what one stage pages: a contact (a person or a schedule) or one contact channel."""

    contact_arn: str | None
    channel_arn: str | None
    essential: bool
    retry_minutes: int | None = None

    @property
    def arn(self) -> str:
        """The contact's ARN, else the channel's (one of them is always set)."""
        return self.contact_arn or self.channel_arn or ""


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a plan. `duration_minutes` runs until the next stage starts; None when the
    service sent no readable duration (later stages then have no known start)."""

    duration_minutes: int | None
    targets: tuple[StageTarget, ...]


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """GetContact: a contact with its plan (stages for a person or an escalation plan, rotation
    ARNs for an on-call schedule). `skipped` counts stage targets that could not be read."""

    arn: str
    alias: str
    display_name: str | None
    type: str  # a ContactType, or a type this version does not know
    stages: tuple[Stage, ...] = ()
    rotation_arns: tuple[str, ...] = ()
    skipped: int = 0

    @property
    def known_type(self) -> ContactType | None:
        return known(ContactType, self.type)

    @property
    def summary(self) -> Contact:
        """The same contact as ListContacts describes it."""
        return Contact(self.arn, self.alias, self.display_name, self.type)


class ShiftType(StrEnum):
    REGULAR = "REGULAR"
    OVERRIDDEN = "OVERRIDDEN"


@dataclass(frozen=True, slots=True)
class Shift:
    """One shift of one rotation: who is on call from `start` until `end`."""

    rotation_arn: str
    contact_arns: tuple[str, ...]
    start: datetime
    end: datetime
    type: str | None  # a ShiftType, a type this version does not know, or None if not said

    @property
    def overridden(self) -> bool:
        return self.type == ShiftType.OVERRIDDEN

    def holds(self, moment: datetime) -> bool:
        return self.start <= moment < self.end


@dataclass(frozen=True, slots=True)
class OnCall:
    """Who is on call for an on-call schedule at `at`: the shift holding `at` in each of its
    rotations (`current`), and the shift after it (`upcoming`) where the service listed one."""

    schedule_arn: str
    at: datetime
    current: tuple[Shift, ...]
    upcoming: tuple[Shift, ...] = ()

    @property
    def contact_arns(self) -> tuple[str, ...]:
        """Everyone on call at `at`, each once, in rotation order."""
        return tuple(dict.fromkeys(arn for shift in self.current for arn in shift.contact_arns))

    @property
    def until(self) -> datetime | None:
        """When the first of the current shifts ends (who is on call changes then)."""
        return min((shift.end for shift in self.current), default=None)


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    """GetIncidentRecord: what the incident itself says."""

    arn: str
    title: str
    status: str  # an IncidentStatus, or a status this version does not know
    impact: int | None
    created: datetime
    resolved: datetime | None
    summary: str
    last_modified: datetime | None = None

    @property
    def known_status(self) -> IncidentStatus | None:
        return known(IncidentStatus, self.status)


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One ListTimelineEvents summary. The list carries no event data (only GetTimelineEvent
    does), so `text` describes the event by what it references."""

    event_id: str
    type: str
    time: datetime
    updated: datetime | None
    resources: tuple[str, ...] = ()
    related_item_ids: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """`resource arn:… · related item related-item/…`, or "" when it references nothing."""
        parts = [f"resource {arn}" for arn in self.resources]
        parts += [f"related item {item}" for item in self.related_item_ids]
        return " · ".join(parts)


class ItemType(StrEnum):
    ANALYSIS = "ANALYSIS"
    INCIDENT = "INCIDENT"
    METRIC = "METRIC"
    PARENT = "PARENT"
    ATTACHMENT = "ATTACHMENT"
    OTHER = "OTHER"
    AUTOMATION = "AUTOMATION"
    INVOLVED_RESOURCE = "INVOLVED_RESOURCE"
    TASK = "TASK"


class ValueKind(StrEnum):
    """Which member of ItemValue a related item carries."""

    URL = "url"
    ARN = "arn"
    METRIC = "metricDefinition"
    PAGERDUTY = "pagerDutyIncidentDetail"


_WEB_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One ListRelatedItems item: a title and what it points at (`value`, of kind `kind`)."""

    type: str  # an ItemType, or a type this version does not know
    title: str
    kind: str  # a ValueKind, or a member this version does not know
    value: str
    generated_id: str | None = None

    @property
    def known_type(self) -> ItemType | None:
        return known(ItemType, self.type)

    @property
    def link(self) -> str | None:
        """The URL, only when it is an http(s) URL with a host and nothing unprintable: never
        `javascript:` or `file:`, safe to open in a browser or print as a link."""
        if self.kind != ValueKind.URL or not self.value.isprintable() or " " in self.value:
            return None
        try:
            parts = urlsplit(self.value)
        except ValueError:
            return None
        return self.value if parts.scheme.lower() in _WEB_SCHEMES and parts.hostname else None

    @property
    def arn(self) -> str | None:
        return self.value if self.kind == ValueKind.ARN else None
