"""The drill-in's context sections as one widget: each section loads on its own (a failure hides
only that section, with its reason) and "What happens next" counts down once a second."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from engage_tui.aws.context_models import (
    ContactDetail,
    IncidentRecord,
    RelatedItem,
    ResolutionPath,
    TimelineEvent,
)
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import ContactType, Timeline
from engage_tui.aws.source import Source
from engage_tui.background import fetch
from engage_tui.escalation import Escalation, State, progress
from engage_tui.lookups import OnCallFound, on_call_now, resolve_page
from engage_tui.messages import OnCallFailed, OnCallLoaded
from engage_tui.screens import context_sections as text

if TYPE_CHECKING:
    from engage_tui.app import EngageApp

_MAX_PAGES = 25  # a page storm's path is the same path many times; the first ones tell it
T = TypeVar("T")


@dataclass
class PathLoaded(Message):
    page_arn: str
    path: ResolutionPath
    display_names: dict[str, str]


@dataclass
class PathFailed(Message):
    page_arn: str
    error: SourceError


@dataclass
class PlanLoaded(Message):
    contact: ContactDetail


@dataclass
class PlanFailed(Message):
    error: SourceError


@dataclass
class RecordLoaded(Message):
    record: IncidentRecord


@dataclass
class EventsLoaded(Message):
    events: tuple[TimelineEvent, ...]


@dataclass
class ItemsLoaded(Message):
    items: tuple[RelatedItem, ...]


@dataclass
class IncidentPartFailed(Message):
    part: str  # "record", "events" or "items"
    error: SourceError


class ContextSections(Vertical):
    """Escalation path, what happens next, who is on call and the incident, for one engagement."""

    app: EngageApp

    def __init__(self) -> None:
        super().__init__(id="context")
        self._timeline: Timeline | None = None
        self._ticker: Timer | None = None
        self._reset()

    def _reset(self) -> None:
        self._paths: dict[str, ResolutionPath | SourceError] = {}
        self._names: dict[str, str] = {}
        self._plan: ContactDetail | None = None
        self._on_call: OnCallFound | SourceError | None = None
        self._incident: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        for name in ("path", "next", "oncall", "incident"):
            yield Static(id=f"ctx-{name}", classes="context-section")

    def on_mount(self) -> None:
        for section in self.query(".context-section"):
            section.display = False
        self.watch(self.app, "utc", self.refresh_sections, init=False)

    def show(self, section: str, content: Content | None) -> None:
        """Fill one section, or hide it (None)."""
        widget = self.query_one(f"#ctx-{section}", Static)
        widget.display = content is not None
        if content is not None:
            widget.update(content.rstrip("\n"))

    # --- loading

    def start(self, timeline: Timeline) -> None:
        """Load every section that applies to this engagement, each on its own."""
        self.workers.cancel_node(self)
        self._stop_ticker()
        self._reset()
        self._timeline = timeline
        source, detail = self.app.source, timeline.detail
        pages = timeline.pages[:_MAX_PAGES]
        for page in pages:
            self._fetch(
                partial(resolve_page, source, page.arn),
                done=partial(_path_loaded, page.arn),
                failed=partial(PathFailed, page.arn),
                what="how a page resolved",
            )
        self.show("path", text.path_text(pages, self._paths, self._names) if pages else None)
        if detail is None:
            return
        self._fetch(
            partial(source.get_contact, detail.contact_arn),
            done=PlanLoaded,
            failed=PlanFailed,
            what="the contact's plan",
        )
        if detail.incident_arn:
            self._load_incident(source, detail.incident_arn)

    def _load_incident(self, source: Source, arn: str) -> None:
        self._fetch(
            partial(source.get_incident_record, arn),
            done=RecordLoaded,
            failed=partial(IncidentPartFailed, "record"),
            what="the incident record",
        )
        self._fetch(
            partial(source.list_timeline_events, arn, limit=10),
            done=EventsLoaded,
            failed=partial(IncidentPartFailed, "events"),
            what="the incident's timeline",
        )
        self._fetch(
            partial(source.list_related_items, arn),
            done=ItemsLoaded,
            failed=partial(IncidentPartFailed, "items"),
            what="the incident's related items",
        )
        self._render_incident()

    def _fetch(
        self,
        call: Callable[[], T],
        *,
        done: Callable[[T], Message],
        failed: Callable[[SourceError], Message],
        what: str,
    ) -> None:
        fetch(self, call, done=done, failed=failed, description=f"loading {what}",
              group="context", exclusive=False)  # fmt: skip

    # --- results

    @on(PathLoaded)
    def _path_loaded(self, message: PathLoaded) -> None:
        self._paths[message.page_arn] = message.path
        self._names.update(message.display_names)
        self._render_path()

    @on(PathFailed)
    def _path_failed(self, message: PathFailed) -> None:
        self._paths[message.page_arn] = message.error
        self._render_path()

    @on(PlanLoaded)
    def _plan_loaded(self, message: PlanLoaded) -> None:
        contact = message.contact
        if contact.known_type is ContactType.ESCALATION:
            self._plan = contact
            self._render_next()
            if self._ticker is None and self.next_state() not in (None, State.FINISHED):
                self._ticker = self.set_interval(1, self._tick)
        elif contact.known_type is ContactType.ONCALL_SCHEDULE:
            self._load_on_call(contact.arn)

    def _load_on_call(self, schedule_arn: str) -> None:
        """Show who is on call from the app's cache (the detail panel may have asked already),
        and ask again only when the cache says so."""
        cache, now = self.app.on_call, self.app.now()
        self._on_call = cache.get(schedule_arn)
        if self._on_call is not None:
            self._render_on_call()
        if self._on_call is None or cache.wants(schedule_arn, now):
            if self._on_call is None:
                self.show("oncall", text.loading(text.ON_CALL))
            self._fetch(
                partial(on_call_now, self.app.source, schedule_arn, now),
                done=partial(OnCallLoaded, schedule_arn),
                failed=partial(OnCallFailed, schedule_arn),
                what="who is on call",
            )

    @on(PlanFailed)
    def _plan_failed(self, message: PlanFailed) -> None:
        self.show("next", text.failed(f"{text.NEXT} / {text.ON_CALL}", message.error))

    @on(OnCallLoaded)
    @on(OnCallFailed)
    def _on_call_answered(self, message: OnCallLoaded | OnCallFailed) -> None:
        message.stop()
        answer = message.found if isinstance(message, OnCallLoaded) else message.error
        self.app.on_call.answered(message.schedule_arn, answer, self.app.now())
        self._on_call = answer
        self._render_on_call()

    @on(RecordLoaded)
    @on(EventsLoaded)
    @on(ItemsLoaded)
    def _incident_part_loaded(self, message: RecordLoaded | EventsLoaded | ItemsLoaded) -> None:
        if isinstance(message, RecordLoaded):
            self._incident["record"] = message.record
        elif isinstance(message, EventsLoaded):
            self._incident["events"] = message.events
        else:
            self._incident["items"] = message.items
        self._render_incident()

    @on(IncidentPartFailed)
    def _incident_part_failed(self, message: IncidentPartFailed) -> None:
        self._incident[message.part] = message.error
        self._render_incident()

    # --- rendering

    def refresh_sections(self) -> None:
        """Re-render every loaded section (times follow the UTC toggle)."""
        if self._timeline is not None and self._timeline.pages:
            self._render_path()
        if self._plan is not None:
            self._render_next()
        if self._on_call is not None:
            self._render_on_call()
        detail = self._timeline.detail if self._timeline is not None else None
        if detail is not None and detail.incident_arn:
            self._render_incident()

    def _render_path(self) -> None:
        if self._timeline is not None:
            pages = self._timeline.pages[:_MAX_PAGES]
            self.show("path", text.path_text(pages, self._paths, self._names))

    def next_state(self) -> State | None:
        """Where the escalation stands now, or None when the section does not apply."""
        escalation = self._escalation()
        return escalation.state if escalation is not None else None

    def _escalation(self) -> Escalation | None:
        timeline, plan = self._timeline, self._plan
        if timeline is None or plan is None or timeline.detail is None:
            return None
        detail = timeline.detail
        if detail.start is None:
            return None
        acked = timeline.acknowledgement().read
        escalation = progress(
            plan.stages, detail.start, self.app.now(), acknowledged_at=acked, stopped_at=detail.stop
        )
        return escalation if text.shows_next(escalation) else None

    def _render_next(self) -> None:
        escalation = self._escalation()
        plan = self._plan
        self.show("next", text.next_block(escalation, plan) if escalation and plan else None)

    def _tick(self) -> None:
        if not self.screen.is_current:
            return  # another screen is on top: nobody sees the countdown
        self._render_next()
        if self.next_state() in (None, State.FINISHED):
            self._stop_ticker()

    def _stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _render_on_call(self) -> None:
        found = self._on_call
        if isinstance(found, SourceError):
            self.show("oncall", text.failed(text.ON_CALL, found))
        elif found is not None:
            names = {**self._names, **found.display_names}
            self.show("oncall", text.on_call_text(found.on_call, self.app.stamp, names))

    def _render_incident(self) -> None:
        parts = self._incident
        record, events, items = parts.get("record"), parts.get("events"), parts.get("items")
        self.show(
            "incident",
            text.incident_text(
                text.record_rows(record, self.app.stamp)
                if isinstance(record, IncidentRecord)
                else _error_or_none(record),
                text.events_text(events, self.app.stamp)
                if isinstance(events, tuple)
                else _error_or_none(events),
                text.items_text(items) if isinstance(items, tuple) else _error_or_none(items),
            ),
        )


def _path_loaded(page_arn: str, found: tuple[ResolutionPath, dict[str, str]]) -> PathLoaded:
    return PathLoaded(page_arn, *found)


def _error_or_none(value: object) -> SourceError | None:
    return value if isinstance(value, SourceError) else None
