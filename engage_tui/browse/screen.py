"""The browse screen: incident picker, engagements table and detail panel.

It routes: keys become actions, actions ask the feeds what to fetch, workers fetch, results go
back to the feeds, and the widgets show what the feeds now hold. The state lives in the feeds
(`feed.py`, `incidents.py`) and in the app's timeline cache (`detail.py`).
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input

from engage_tui.aws.models import Engagement, Query, Timeline
from engage_tui.background import fetch
from engage_tui.browse import status
from engage_tui.browse.detail import Settler
from engage_tui.browse.feed import EngagementFeed
from engage_tui.browse.incidents import IncidentsFeed
from engage_tui.browse.on_call_panel import OnCallPanel
from engage_tui.browse.sorting import SortChoice
from engage_tui.messages import (
    EngagementsFailed,
    EngagementsLoaded,
    TimelineFailed,
    TimelineLoaded,
)
from engage_tui.timerange import Selection
from engage_tui.widgets.detail_panel import DetailPanel
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.incident_picker import IncidentPicker
from engage_tui.widgets.key_bar import KeyBar
from engage_tui.widgets.status_bar import ErrorBanner, StatusBar
from engage_tui.widgets.storm_chart import StormChart
from engage_tui.widgets.table_messages import CursorMoved, MoreWanted, Selected

if TYPE_CHECKING:
    from engage_tui.app import EngageApp


class BrowseScreen(OnCallPanel):
    """Shows the engagement feed; holds no state of its own beyond its widgets and feeds."""

    # The table has the keys from the first frame; Textual's default would focus the picker's
    # filter first and restyle the whole screen twice on the way (-picking on, then off).
    AUTO_FOCUS = "#table"

    BINDINGS = [
        Binding("i", "focus_incidents", "Incidents"),
        Binding("escape", "clear_filter", "Back to the table", show=False, key_display="Esc"),
        Binding("c", "copy_arn", "Copy ARN", show=False),
        Binding("r", "refresh", "Refresh"),
        Binding("u", "app.toggle_utc", "UTC/local", show=False),
    ]

    # Below 150 columns the picker hides until used; below 110 the detail moves under the table.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (150, "-normal"), (190, "-wide")]

    app: EngageApp

    def __init__(self, query: Query, selection: Selection, *, page_size: int) -> None:
        super().__init__()
        # The width's class now: left to the first Resize, it restyles every widget once more.
        width = self.app.size.width
        self.add_class(max((at, c) for at, c in self.HORIZONTAL_BREAKPOINTS if width >= at)[1])
        self.feed = EngagementFeed(page_size)
        self.incidents = IncidentsFeed()
        self._start = (query, selection)
        self._names_requested = False
        self._detail_due = False

    # --- composition

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ErrorBanner(id="error-banner")
        yield StormChart()
        with Horizontal(id="panes"):
            yield IncidentPicker(id="picker")
            yield EngagementsTable(
                incident_titles=self.app.names.incident_titles,
                contact_kinds=self.app.names.contact_kinds,
                prefetch=self.app.settings.prefetch,
                tz=self.app.local_tz,
                id="table",
            )
            yield DetailPanel(id="detail")
        yield Input(
            placeholder="filter loaded rows (contact, sender, incident, ARN) — Esc clears",
            id="row-filter",
        )
        yield KeyBar()

    @property
    def current_query(self) -> Query:
        return self.feed.query

    def on_mount(self) -> None:
        self._settler = Settler(self.wants_loading, self.set_timer, self.settled)
        self.query_one("#row-filter").display = False
        self.query_one(DetailPanel).show_nothing("Move the cursor onto an engagement.")
        self.table.now = self.app.now()
        self.table.utc = self.app.utc
        self.watch(self.app, "utc", self._utc_changed, init=False)
        self.table.focus()
        self.set_interval(30, self.refresh_clock)
        self.start_watching()
        self.start_ack_column()
        self.apply_sort(SortChoice.from_remembered(self.app.state.sort))
        # The first page comes first: incidents and contacts are asked for once it is shown.
        self.run_query(*self._start)

    def on_screen_resume(self) -> None:
        # The drill-in shares the timeline cache: show what it may have reloaded.
        self._show_cursor_detail()

    def on_descendant_focus(self) -> None:
        # On a narrow terminal the picker is only shown while it is being used.
        picker = self.query_one(IncidentPicker)
        focused = self.focused
        using_picker = focused is not None and picker in focused.ancestors_with_self
        self.set_class(using_picker, "-picking")

    def _show_storm(self) -> None:
        """The chart of engagements over the window, and how fast the known ones were acked."""
        rows, now = self.feed.rows, self.app.now()
        window = self.feed.query.time_range
        oldest = rows[-1].start if rows else None
        if oldest is not None and window is None:  # all time: the last day shows a storm best
            oldest = max(oldest, now - timedelta(days=1))
        start = window.start if window is not None else oldest
        end = window.end if window is not None and window.end is not None else now
        chart = self.query_one(StormChart)
        if start is not None:
            chart.show_engagements(self.feed.starts, (start, end), partial=self.feed.tail != "end")
        self._show_ack_times()

    def _show_ack_times(self) -> None:
        """Median and p90 time to acknowledge of the loaded rows whose acknowledgement is known."""
        feed = self.feed
        rows = (row for arn in self.app.timelines.arns() if (row := feed.get(arn)) is not None)
        acks = (self.ack_of(row) for row in rows)
        self.query_one(StormChart).show_acks([a.after for a in acks if a and a.after is not None])

    def refresh_clock(self) -> None:
        """Every 30 s: "14m ago" and running durations move on without a key press."""
        self.table.now = self.app.now()
        self._show_cursor_detail()
        self.recheck_on_call()  # a shift may have ended
        self._show_storm()
        self._update_status()

    # --- engagements

    def show_engagements(self, incident_arn: str | None, selection: Selection) -> None:
        """Show the engagements of `incident_arn` (None: all) in `selection`, as of now."""
        window = selection.resolve(self.app.now(), self.app.display_tz)
        self.run_query(Query(incident_arn, window), selection)

    def run_query(self, query: Query, selection: Selection) -> None:
        """Show `query` from its first page; anything still loading for the old one is dropped."""
        self.feed.reset(query, selection)
        self.app.rows_dropped()
        self.table.titles_pending = self.incidents.first_page_pending
        self.table.show(self.feed.rows)
        self.table.empty_text = status.empty_text(query)
        self.query_one(DetailPanel).show_nothing("loading…")
        self._fetch_next()

    def _fetch_next(self) -> None:
        ticket = self.feed.next_ticket()
        if ticket is not None:
            prefetched = self.app.startup.take(ticket.query, ticket.token, ticket.size)
            if prefetched is not None and prefetched.done() and not prefetched.exception():
                # Arrived while Textual started: rows in the first frame with the keys (bench P3).
                return self._engagements_loaded(EngagementsLoaded(ticket, prefetched.result()))
            source, query = self.app.source, ticket.query
            asked = partial(source.list_engagements, query, ticket.token, ticket.size)
            fetch(
                self,
                prefetched.result if prefetched is not None else asked,
                done=partial(EngagementsLoaded, ticket),
                failed=partial(EngagementsFailed, ticket),
                description="loading engagements",
                group="engagements",
            )
        self._show_feed()

    def _show_feed(self) -> None:
        """Tell the table and the status line what the feed holds now."""
        if self.feed.failure is not None:
            self.table.recovery_hint = self.feed.failure.recovery.hint
        self.table.tail_state = self.feed.tail
        self._show_storm()
        self._update_status()

    @on(EngagementsLoaded)
    def _engagements_loaded(self, message: EngagementsLoaded) -> None:
        had_rows = self.feed.loaded > 0
        appended = self.feed.page_loaded(message.ticket, message.page, now=self.app.now())
        if appended is None:
            return  # a page of a query the user has moved away from
        self.call_after_refresh(self._load_names_once)
        self.clock_covers(appended.rows)
        self.table.rows_added(self.feed.loaded - len(appended.rows))
        self.app.keep_rows_out_of_gc()
        if self.feed.failure is not None:  # this page showed the listing can't go on as is
            self.notify(self.feed.failure.error.message, severity="warning", timeout=10)
        if not had_rows and appended.rows:
            self._cursor_moved()
        elif self.feed.settled_empty:
            self.query_one(DetailPanel).show_nothing(status.empty_text(self.feed.query) + ".")
        if self.feed.wants_more_now or self.reading_all:
            self._fetch_next()
        else:
            self._show_feed()

    @on(EngagementsFailed)
    def _engagements_failed(self, message: EngagementsFailed) -> None:
        if not self.feed.page_failed(message.ticket, message.error):
            return
        self.call_after_refresh(self._load_names_once)
        if not self.feed.rows:
            self.query_one(DetailPanel).show_nothing("Nothing loaded yet: see the message above.")
        self._show_feed()  # the banner says what went wrong and what r does, until it is fixed

    @on(MoreWanted)
    def _more_wanted(self) -> None:
        self._fetch_next()

    # --- the detail panel

    @on(CursorMoved)
    def _cursor_moved(self) -> None:
        engagement = self.table.cursor_engagement
        if not self._detail_due:  # the cursor's lines are painted first, then the panel follows
            self._detail_due = True  # for where the cursor is then: a held key skips rows
            self.call_after_refresh(self._show_due_detail)
        self._settler.cursor_on(engagement.arn if engagement is not None else None)

    def _show_due_detail(self) -> None:
        self._detail_due = False
        self._show_cursor_detail()

    def _fetch_detail(self, arn: str) -> None:
        fetch(
            self,
            partial(self.app.source.timeline_parts, arn),
            done=TimelineLoaded,
            failed=partial(TimelineFailed, arn),
            description="loading the engagement's detail",
            group="detail",
        )

    @on(TimelineLoaded)
    def _detail_loaded(self, message: TimelineLoaded) -> None:
        self.app.timelines.put(message.timeline.arn, message.timeline)
        self.timeline_loaded(message.timeline)

    def timeline_loaded(self, timeline: Timeline) -> None:
        if timeline.detail is not None:
            self.row_described(timeline.detail)
        self.table.refresh_row(timeline.arn)  # its Ack cell may say more now
        self._show_cursor_detail()

    def acting_on(self) -> Engagement | None:
        return self.table.cursor_engagement

    def acted(self, arn: str) -> None:
        self._fetch_detail(arn)

    @on(TimelineFailed)
    def _detail_failed(self, message: TimelineFailed) -> None:
        current = self.table.cursor_engagement
        if current is not None and current.arn == message.engagement_arn:
            self._show_detail(current, error=message.error.message)

    def _show_cursor_detail(self) -> None:
        engagement = self.table.cursor_engagement
        if engagement is not None:
            self._show_detail(engagement)

    def _show_detail(self, engagement: Engagement, error: str | None = None) -> None:
        timeline = self.app.timelines.get(engagement.arn)
        on_call = self.on_call_line(engagement)
        panel = self.query_one(DetailPanel)
        panel.show(engagement, timeline, self.app, error=error, on_call=on_call)

    # --- status

    def _update_status(self) -> None:
        app, feed, zone = self.app, self.feed, self.app.display_tz
        self.query_one(ErrorBanner).show(status.banner(feed))
        self.query_one(StatusBar).show(
            target=app.target_label,
            incident=status.incident_label(feed.query, app.names.incident_titles),
            time_range=status.range_label(feed, app.now(), zone, utc=app.utc),
            loaded=status.attention_text(self.unacknowledged(), self.scan())
            + status.rows_text(
                feed,
                filtering=self.table.filtering or self.attention_on,
                shown=self.table.shown_count,
                sort=self.sort,
            ),
            as_of=" · ".join(filter(None, (self.watch_label(), status.as_of(feed, zone)))),
        )

    def names_changed(self) -> None:
        self._show_cursor_detail()
        self.recheck_on_call()  # the contact may now be known to be an on-call schedule
        self._update_status()

    def live_changed(self) -> None:
        self._show_ack_times()
        self._update_status()

    def cursor_detail_changed(self) -> None:
        self._show_cursor_detail()

    def sort_changed(self) -> None:
        self._update_status()

    def filter_changed(self) -> None:
        self._update_status()

    def read_on(self) -> None:
        self._fetch_next()

    # --- actions

    def action_focus_incidents(self) -> None:
        self.add_class("-picking")
        self.query_one("#incident-filter").focus()

    def action_clear_filter(self) -> None:
        if self.attention_on:
            self.escape_attention()
            return
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

    def action_copy_arn(self) -> None:
        engagement = self.table.cursor_engagement
        if engagement is None:
            self.notify("No engagement under the cursor.", severity="warning")
            return
        self.app.copy_arn(engagement.arn, "Engagement ARN")

    def action_refresh(self) -> None:
        """`r`: whatever the failure says recovers it, otherwise a reload from the first page."""
        self.scan_cancelled = False  # and a needs-attention check cut short by Esc goes on
        if self.incidents.recover():
            self.query_one(IncidentPicker).set_status("loading incidents…")
            self._fetch_incidents()
        if self.feed.recover() is not None:
            self.retry_failed_contacts()  # a full reload asks for every name again anyway
            self._fetch_next()
            return
        self._reload_all()

    def retargeted(self) -> None:
        # Nothing still loading from the old profile or region may land in the new one.
        self.workers.cancel_node(self)
        self._reload_all()

    def _reload_all(self) -> None:
        """The same incident and time range, everything asked for again from the first page:
        ongoing engagements may have stopped and new incidents may exist."""
        self.app.timelines.clear()
        self.app.on_call.clear()
        self.ack_plan.forget()
        self._names_requested = False
        self.incidents.reset()
        self.query_one(IncidentPicker).reset()
        # The range is worked out again, so "last 2h" ends now, not at launch.
        self.show_engagements(self.current_query.incident_arn, self.feed.selection)

    def _utc_changed(self, utc: bool) -> None:
        self.table.utc = utc
        self._show_cursor_detail()
        self._update_status()

    @on(Selected)
    def _selected(self, message: Selected) -> None:
        self.app.open_engagement(message.engagement.arn)
