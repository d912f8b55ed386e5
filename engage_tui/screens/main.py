"""The browser: incident picker, engagements table and detail panel, and the paging behind them."""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

from engage_tui import timefmt, timerange
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import (
    ContactType,
    Engagement,
    Incident,
    Query,
    Timeline,
    TimeRange,
    arn_short_id,
)
from engage_tui.background import in_thread
from engage_tui.messages import (
    ContactsLoaded,
    EngagementsFailed,
    EngagementsLoaded,
    IncidentsFailed,
    IncidentsLoaded,
    TimelineFailed,
    TimelineLoaded,
)
from engage_tui.paging import FetchTicket, Pager, RepeatedTokenError
from engage_tui.widgets.detail_panel import DetailPanel
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.incident_picker import IncidentPicker
from engage_tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from engage_tui.app import EngageApp
    from engage_tui.first_page import FirstPage

# Wait this long after the cursor stops before asking DescribeEngagement (holding ↓ must not
# send a request per row).
_DETAIL_DEBOUNCE_S = 0.15
_DETAIL_CACHE = 512
# Below these widths the picker hides until used, then the detail moves under the table.
_WIDE_WIDTH = 190
_MEDIUM_WIDTH = 150
_NARROW_WIDTH = 110


class MainScreen(Screen[None]):
    """Owns the current query, its pager, and the workers that fetch for it."""

    BINDINGS = [
        Binding("t", "time_range", "Time range"),
        Binding("1", "preset(0)", "Last 15 minutes", show=False),
        Binding("2", "preset(1)", "Last hour", show=False),
        Binding("3", "preset(2)", "Last 6 hours", show=False),
        Binding("4", "preset(3)", "Last 24 hours", show=False),
        Binding("5", "preset(4)", "Last 7 days", show=False),
        Binding("left_square_bracket", "shift(-1)", "Earlier", key_display="["),
        Binding("right_square_bracket", "shift(1)", "Later", key_display="]"),
        Binding("x", "clear_range", "All time"),
        Binding("i", "focus_incidents", "Incidents"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Back to the table", show=False, key_display="Esc"),
        Binding("c", "copy_arn", "Copy ARN", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("u", "toggle_utc", "UTC/local", show=False),
    ]

    app: EngageApp

    def __init__(self, query: Query, range_expression: str | None) -> None:
        super().__init__()
        self.pager = Pager()
        self._initial_query = query
        self._range_expression = range_expression
        self._details: OrderedDict[str, Timeline] = OrderedDict()
        self._detail_timer: Timer | None = None
        self._loaded_arns: set[str] = set()
        self._incidents_token: str | None = None
        self._incidents_exhausted = False
        self._incidents_need_retry = False
        self._last_error: SourceError | None = None
        self._names_requested = False
        self._loaded_at: datetime | None = None

    # --- composition

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield Static(id="error-banner")
        with Horizontal(id="panes"):
            yield IncidentPicker(id="picker")
            yield EngagementsTable(
                incident_titles=self.app.incident_titles,
                contact_kinds=self.app.contact_kinds,
                prefetch=self.app.settings.prefetch,
                tz=self.app.local_tz,
                id="table",
            )
            yield DetailPanel(id="detail")
        yield Input(
            placeholder="filter loaded rows (contact, sender, incident, ARN) — Esc clears",
            id="row-filter",
        )
        yield Footer()

    @property
    def table(self) -> EngagementsTable:
        return self.query_one(EngagementsTable)

    def on_mount(self) -> None:
        self.query_one("#row-filter").display = False
        self.query_one(DetailPanel).show_nothing("Move the cursor onto an engagement.")
        self.table.now = self.app.now()
        self.table.utc = self.app.utc
        self.table.focus()
        self._apply_width(self.size.width)
        self.set_interval(30, self._tick)
        # The first page comes first: incidents and contacts are asked for once it is shown.
        self.run_query(self._initial_query, self._range_expression)

    def on_resize(self) -> None:
        self._apply_width(self.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width >= _WIDE_WIDTH, "-wide")
        self.set_class(width < _MEDIUM_WIDTH, "-medium")
        self.set_class(width < _NARROW_WIDTH, "-narrow")

    def on_descendant_focus(self) -> None:
        # On a narrow terminal the picker is only shown while it is being used.
        picker = self.query_one(IncidentPicker)
        focused = self.focused
        using_picker = focused is not None and picker in focused.ancestors_with_self
        self.set_class(using_picker, "-picking")

    def _tick(self) -> None:
        self.table.now = self.app.now()
        self._update_status()

    # --- the query

    @property
    def current_query(self) -> Query:
        return self.pager.query

    def run_query(self, query: Query, range_expression: str | None) -> None:
        """Show `query` from its first page; anything still loading for the old one is dropped."""
        self._range_expression = range_expression
        self.pager.reset(query)
        self._loaded_arns.clear()
        self._last_error = None
        self.table.reset()
        self.query_one(DetailPanel).show_nothing("loading…")
        self._fetch_next()
        self._update_status()

    def _fetch_next(self) -> None:
        ticket = self.pager.next_ticket(self.app.settings.page_size)
        if ticket is None:
            return
        self.table.tail_state = "loading"
        self._fetch_engagements(ticket)

    def _fetch_engagements(self, ticket: FetchTicket) -> None:
        first = self.app.take_first_page(ticket.query) if ticket.token is None else None
        if first is not None and first.done():
            # Fetched while Textual started: show it in the very first frame.
            error = first.exception()
            if isinstance(error, SourceError):
                self.post_message(EngagementsFailed(ticket, error))
            else:
                self.post_message(EngagementsLoaded(ticket, first.result()))
            return
        self._fetch_engagements_in_background(ticket, first)

    @work(exclusive=True, group="engagements", exit_on_error=False)
    async def _fetch_engagements_in_background(
        self, ticket: FetchTicket, first: FirstPage | None
    ) -> None:
        try:
            if first is not None:
                # Waited for in a thread, not wrapped: cancelling this worker (a new query, quit)
                # must not cancel the shared future others still read.
                page = await in_thread(first.result)
            else:
                page = await in_thread(
                    self.app.source.list_engagements, ticket.query, ticket.token, ticket.size
                )
        except SourceError as error:
            self.post_message(EngagementsFailed(ticket, error))
        else:
            self.post_message(EngagementsLoaded(ticket, page))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug in a fetch must still end in a message and a retry, never a silent spinner."""
        if event.state is not WorkerState.ERROR:
            return
        error = SourceError(
            ErrorKind.SERVER,
            f"Unexpected error ({type(event.worker.error).__name__}). Press r to try again.",
            retryable=True,
        )
        if event.worker.group == "engagements" and self.pager.in_flight is not None:
            self.post_message(EngagementsFailed(self.pager.in_flight, error))
        else:
            self.notify(error.message, title=event.worker.description, severity="error")

    def _load_names_once(self) -> None:
        """Incidents (for the picker and titles) and contacts (plan or person), after page one."""
        if self._names_requested:
            return
        self._names_requested = True
        self.load_contacts()
        self.load_incidents(None)

    @on(EngagementsLoaded)
    def _engagements_loaded(self, message: EngagementsLoaded) -> None:
        if not self.pager.is_current(message.ticket):
            return  # a page of a query the user has moved away from
        self.call_after_refresh(self._load_names_once)
        fresh = [e for e in message.page.items if e.arn not in self._loaded_arns]
        self._loaded_arns.update(e.arn for e in fresh)
        try:
            self.pager.page_loaded(message.ticket, len(fresh), message.page.next_token)
        except RepeatedTokenError:
            self._last_error = SourceError(
                ErrorKind.BAD_RESPONSE,
                "The service returned a NextToken it had already sent, so paging stopped here "
                "to avoid a loop. The rows shown are complete up to this point.",
                retryable=False,
            )
            self.notify(self._last_error.message, severity="warning", timeout=10)
        had_rows = self.table.row_count > 0
        self.table.append(fresh)
        stopped_early = self._last_error is not None
        self.table.tail_state = (
            "idle" if self.pager.has_more else "error" if stopped_early else "end"
        )
        if message.ticket.token is None:
            self._loaded_at = self.app.now()
        if not had_rows and fresh:
            self._schedule_detail()
        elif not had_rows:
            self.query_one(DetailPanel).show_nothing("No engagements for this query.")
        self._update_status()

    @on(EngagementsFailed)
    def _engagements_failed(self, message: EngagementsFailed) -> None:
        if not self.pager.is_current(message.ticket):
            return
        self.call_after_refresh(self._load_names_once)
        # A rejected token can't be retried: the only honest recovery is from the first page.
        self.pager.load_failed(resumable=message.error.kind is not ErrorKind.BAD_TOKEN)
        self._last_error = message.error
        self.table.tail_state = "error"
        if self.table.row_count == 0:
            self.query_one(DetailPanel).show_nothing(message.error.message)
        self.notify(
            message.error.message, title="Couldn't load engagements", severity="error", timeout=12
        )
        self._update_status()

    @on(EngagementsTable.MoreWanted)
    def _more_wanted(self) -> None:
        self._fetch_next()

    # --- incidents and contacts

    @work(exclusive=True, group="incidents", exit_on_error=False)
    async def load_incidents(self, token: str | None) -> None:
        try:
            page = await in_thread(self.app.source.list_incidents, token, 50)
        except SourceError as error:
            self.post_message(IncidentsFailed(token, error))
        else:
            self.post_message(IncidentsLoaded(token, page))

    @on(IncidentsLoaded)
    def _incidents_loaded(self, message: IncidentsLoaded) -> None:
        page = message.page
        picker = self.query_one(IncidentPicker)
        labels = {i.arn: self._created_label(i) for i in page.items}
        for incident in page.items:
            self.app.incident_titles[incident.arn] = incident.title
        self._incidents_token = page.next_token
        self._incidents_exhausted = page.next_token is None
        picker.add_incidents(page.items, labels, has_more=not self._incidents_exhausted)
        if message.request_token is None:
            picker.select_arn(self.current_query.incident_arn or self.app.state.last_incident_arn)
        self.table.refresh_labels()
        self._update_status()

    @on(IncidentsFailed)
    def _incidents_failed(self, message: IncidentsFailed) -> None:
        self._incidents_need_retry = True
        self.query_one(IncidentPicker).set_status(f"⚠ {message.error.message}")
        # The picker is too narrow for the whole message; this says what to do.
        self.notify(message.error.message, title="Couldn't load incidents", severity="error")

    @on(IncidentPicker.MoreWanted)
    def _more_incidents(self) -> None:
        if not self._incidents_exhausted:
            self.load_incidents(self._incidents_token)

    @on(IncidentPicker.Chosen)
    def _incident_chosen(self, message: IncidentPicker.Chosen) -> None:
        arn = message.incident.arn if message.incident else None
        self.app.remember_incident(arn)
        self.run_query(Query(arn, self.current_query.time_range), self._range_expression)
        self.table.focus()

    @work(exclusive=True, group="contacts", exit_on_error=False)
    async def load_contacts(self) -> None:
        try:
            contacts = await in_thread(self.app.source.list_contacts)
        except SourceError:
            return  # only a nicety (contact vs plan); the table works without it
        self.post_message(ContactsLoaded(contacts))

    @on(ContactsLoaded)
    def _contacts_loaded(self, message: ContactsLoaded) -> None:
        for contact in message.contacts:
            kind = "plan" if contact.type is ContactType.ESCALATION else "contact"
            self.app.contact_kinds[contact.arn] = kind
        self.table.refresh_labels()

    # --- the detail panel

    @on(EngagementsTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self._schedule_detail()

    def _schedule_detail(self) -> None:
        engagement = self.table.cursor_engagement
        if engagement is None:
            return
        self._show_detail(engagement)
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if engagement.arn not in self._details:
            self._detail_timer = self.set_timer(
                _DETAIL_DEBOUNCE_S, lambda: self._fetch_detail(engagement.arn)
            )

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def _fetch_detail(self, arn: str) -> None:
        try:
            timeline = await in_thread(self.app.source.timeline, arn)
        except SourceError as error:
            self.post_message(TimelineFailed(arn, error))
        else:
            self.post_message(TimelineLoaded(timeline))

    @on(TimelineLoaded)
    def _detail_loaded(self, message: TimelineLoaded) -> None:
        detail = message.timeline.detail
        self._details[detail.arn] = message.timeline
        while len(self._details) > _DETAIL_CACHE:
            self._details.popitem(last=False)
        current = self.table.cursor_engagement
        if current is not None and current.arn == detail.arn:
            self._show_detail(current)

    @on(TimelineFailed)
    def _detail_failed(self, message: TimelineFailed) -> None:
        current = self.table.cursor_engagement
        if current is not None and current.arn == message.engagement_arn:
            self._show_detail(current, error=message.error.message)

    def _show_detail(self, engagement: Engagement, error: str | None = None) -> None:
        detail = self._details.get(engagement.arn)
        self.query_one(DetailPanel).show(engagement, detail, self.app, error=error)

    def _created_label(self, incident: Incident) -> str:
        return timefmt.ago(incident.created, now=self.app.now())

    def range_label(self) -> str:
        time_range = self.current_query.time_range
        if time_range is None:
            return "all time"
        return timerange.describe(time_range, now=self.app.now(), tz=self.app.display_tz)

    def _update_status(self) -> None:
        arn = self.current_query.incident_arn
        incident = "All engagements"
        if arn:
            incident = self.app.incident_titles.get(arn) or arn_short_id(arn)
        loaded = self.pager.loaded
        if self.pager.in_flight is not None:
            rows = f"{loaded:,} loaded, loading…"
        elif self._last_error is not None:
            rows = f"{loaded:,} loaded, ⚠ {self._last_error.kind.value} (r: retry)"
        elif self.pager.has_more:
            rows = f"{loaded:,} loaded, more"
        else:
            rows = f"{loaded:,} engagements"
        if self.table.filtering:
            rows = f"{self.table.shown_count:,} shown of {rows}"
        as_of = ""
        if self._loaded_at is not None:
            as_of = f"as of {self._loaded_at.astimezone(self.app.display_tz):%H:%M:%S}"
        self._show_error_banner()
        self.query_one(StatusBar).show(
            target=self.app.target_label,
            incident=incident,
            time_range=f"{self.range_label()} · {'UTC' if self.app.utc else 'local'}",
            loaded=rows,
            as_of=as_of,
        )

    def _show_error_banner(self) -> None:
        banner = self.query_one("#error-banner", Static)
        error = self._last_error
        banner.display = error is not None
        if error is not None:
            hint = "  r: retry" if error.retryable else "  r: reload"
            banner.update(Content.assemble(("⚠ ", "bold"), error.message, (hint, "bold")))

    # --- actions

    def action_time_range(self) -> None:
        from engage_tui.screens.time_range import TimeRangeScreen

        def chosen(result: tuple[TimeRange, str] | None) -> None:
            if result is not None:
                self.set_time_range(*result)

        self.app.push_screen(
            TimeRangeScreen(
                recent=self.app.state.recent_ranges, now=self.app.now(), tz=self.app.display_tz
            ),
            chosen,
        )

    def set_time_range(self, time_range: TimeRange | None, expression: str | None) -> None:
        if expression:
            self.app.remember_range(expression)
        self.run_query(Query(self.current_query.incident_arn, time_range), expression)

    def _parse_range(self, expression: str) -> TimeRange:
        """A typed range as of now, in the zone times are shown in."""
        return timerange.parse_time_range(expression, now=self.app.now(), tz=self.app.display_tz)

    def action_preset(self, index: int) -> None:
        _key, expression = timerange.PRESETS[index]
        self.set_time_range(self._parse_range(expression), expression)

    def action_shift(self, steps: int) -> None:
        time_range = self.current_query.time_range
        if time_range is None or time_range.start is None:
            self.notify(
                "Pick a time range first (t or 1–5); all time can't be shifted.", severity="warning"
            )
            return
        now = self.app.now()
        try:
            shifted = timerange.shift(time_range, steps)
        except timerange.TimeRangeError as error:
            self.notify(str(error), severity="warning")
            return
        if shifted.start is not None and shifted.start >= now:
            self.notify("That window would start in the future; this one already ends now.")
            return
        if shifted.end is not None and shifted.end > now:
            shifted = TimeRange(shifted.start, now)
        self.set_time_range(shifted, None)

    def action_clear_range(self) -> None:
        self.set_time_range(None, None)

    def action_focus_incidents(self) -> None:
        self.add_class("-picking")
        self.query_one("#incident-filter").focus()

    def action_filter(self) -> None:
        row_filter = self.query_one("#row-filter", Input)
        row_filter.display = True
        row_filter.focus()

    def action_clear_filter(self) -> None:
        focused = self.focused
        if focused is not None and self.query_one(IncidentPicker) in focused.ancestors_with_self:
            self.table.focus()  # Esc leaves the picker, like Esc leaves the row filter
            return
        row_filter = self.query_one("#row-filter", Input)
        if row_filter.display:
            row_filter.value = ""
            row_filter.display = False
            self.table.set_filter("")
            self.table.focus()

    @on(Input.Changed, "#row-filter")
    def _row_filter_changed(self, event: Input.Changed) -> None:
        self.table.set_filter(event.value)
        self._update_status()

    @on(Input.Submitted, "#row-filter")
    def _row_filter_submitted(self) -> None:
        self.table.focus()

    def action_copy_arn(self) -> None:
        engagement = self.table.cursor_engagement
        if engagement is None:
            self.notify("No engagement under the cursor.", severity="warning")
            return
        self.app.copy_to_clipboard(engagement.arn)
        self.notify(f"Copied {engagement.arn}", title="Engagement ARN", timeout=4)

    def action_refresh(self) -> None:
        """Retry after an error (keeping loaded rows), or reload the query from its first page."""
        if self._incidents_need_retry:
            self._incidents_need_retry = False
            self.load_incidents(self._incidents_token)
        if self.pager.retryable:
            self._last_error = None
            self.pager.retry()
            self._fetch_next()
            self._update_status()
            return
        # A full reload: ongoing engagements may have stopped and new incidents may exist.
        self._details.clear()
        self._names_requested = False
        self.query_one(IncidentPicker).reset()
        self.run_query(self._refreshed(self.current_query), self._range_expression)

    def _refreshed(self, query: Query) -> Query:
        """The query with a typed range worked out again, so "last 2h" ends now, not at launch."""
        if not self._range_expression:
            return query
        try:
            return Query(query.incident_arn, self._parse_range(self._range_expression))
        except timerange.TimeRangeError:
            return query

    def action_toggle_utc(self) -> None:
        self.app.toggle_utc()

    def on_utc_changed(self) -> None:
        """Called by the app when the time display changes."""
        self.table.utc = self.app.utc
        self._schedule_detail()
        self._update_status()

    @on(EngagementsTable.Selected)
    def _selected(self, message: EngagementsTable.Selected) -> None:
        self.app.open_engagement(message.engagement.arn, self._details.get(message.engagement.arn))
