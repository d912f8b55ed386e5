"""The live view of the browse screen: new engagements appear on top while the range ends now.

Every `refresh` seconds page one is asked for again (its window worked out anew); rows newer
than any held go on top without moving the cursor off its engagement, and held rows that
changed (stopped) are updated in place: those in page one from the look, those on screen
beyond it through the Ack column's recheck. Looking pauses while another screen covers this one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from textual import on
from textual.binding import Binding
from textual.timer import Timer

from engage_tui.aws.models import Engagement, Query
from engage_tui.background import fetch
from engage_tui.browse.view_keys import ViewKeys
from engage_tui.browse.watch import Watch
from engage_tui.messages import HeadFailed, HeadLoaded
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.table_messages import CursorMoved

LOOK_SIZE = 50
NEW_FOR_S = 5.0


class LiveView(ViewKeys):
    """Schedules looks at page one and puts what they find into the feed and the table."""

    BINDINGS = [Binding("w", "toggle_watch", "Live view on/off", show=False)]

    new_above = 0
    """New rows above the cursor the user has not scrolled up to yet (`↑ 3 new`)."""

    def start_watching(self) -> None:
        settings = self.app.settings
        self.fresh_arns: set[str] = set()
        self.table.is_new = lambda row: row.arn in self.fresh_arns
        self.watcher = Watch(interval=float(settings.refresh), enabled=settings.watch)
        self._look_timer: Timer | None = None
        self._schedule_look()

    @property
    def table(self) -> EngagementsTable:
        return self.query_one(EngagementsTable)

    def is_live(self) -> bool:
        return self.feed.selection.is_live(self.app.now())

    def watch_label(self) -> str:
        label = self.watcher.label(self.is_live())
        return f"↑ {self.new_above} new (g) · {label}" if self.new_above else label

    def _schedule_look(self) -> None:
        if self._look_timer is not None:
            self._look_timer.stop()
        self._look_timer = self.set_timer(self.watcher.delay(), self.look_now)

    def look_now(self) -> None:
        """Look at page one now (if live, on and not paused); the next look is rescheduled."""
        self._schedule_look()
        watcher = self.watcher
        if not watcher.enabled or watcher.paused or not self.is_live():
            return
        self.recheck_on_screen()
        now, zone = self.app.now(), self.app.display_tz
        query = Query(self.feed.query.incident_arn, self.feed.selection.resolve(now, zone))
        ticket = self.feed.head_ticket(query, LOOK_SIZE)
        if ticket is None:
            return
        fetch(
            self,
            partial(self.app.source.list_engagements, ticket.query, None, ticket.size),
            done=partial(HeadLoaded, ticket),
            failed=partial(HeadFailed, ticket),
            description="looking for new engagements",
            group="live",
        )

    @on(HeadLoaded)
    def _head_loaded(self, message: HeadLoaded) -> None:
        arrived = self.feed.head_loaded(message.ticket, message.page)
        if arrived is None:
            return
        label = self.watch_label()
        self.watcher.looked()
        if arrived.new:
            self.clock_covers(arrived.new)
            self.new_above += self.table.rows_inserted(len(arrived.new))
            self._mark_new(arrived.new)
        if arrived.gap:
            self.notify(
                f"More than {LOOK_SIZE} engagements arrived since the last look: "
                "r reloads to see every one.",
                severity="warning",
            )
        if arrived.changed:
            self.table.refresh_labels()
            self.rows_changed()
        if arrived.new or arrived.changed or self.watch_label() != label:
            self.live_changed()  # an idle look that found nothing costs no repaint

    def clock_covers(self, rows: Sequence[Engagement]) -> None:
        """The table's clock ticks every 30 s: rows that started after its last tick (a look's
        arrivals, a reload's first page) would read as from the future (`✗ ?` in the Ack
        column) until the next one, so it ticks now. A start still ahead of the clock stays so."""
        if any(row.start is not None and row.start > self.table.now for row in rows):
            self.table.now = self.app.now()

    def _mark_new(self, rows: tuple[Engagement, ...]) -> None:
        """● on rows that just arrived, for NEW_FOR_S seconds."""
        arns = {row.arn for row in rows}
        self.fresh_arns |= arns

        def fade() -> None:
            self.fresh_arns -= arns
            self.table.refresh_labels()

        self.set_timer(NEW_FOR_S, fade)

    @on(HeadFailed)
    def _head_failed(self, message: HeadFailed) -> None:
        if self.feed.head_failed(message.ticket):
            self.watcher.failed(message.error)
            self._schedule_look()
            self.live_changed()

    @on(CursorMoved)
    def _maybe_seen_new(self, message: CursorMoved) -> None:
        if message.index == 0 and self.new_above:
            self.new_above = 0
            self.live_changed()

    def live_changed(self) -> None:
        """The live view found or lost something: the status line shows it."""
        raise NotImplementedError

    def rows_changed(self) -> None:
        """Held rows changed in place (stopped): a view that filters on them tests them again."""

    def recheck_on_screen(self) -> None:
        """Ask again about the rows on screen that page one does not cover (the Ack column)."""
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self.watcher.paused = True

    def on_screen_resume(self) -> None:
        self.watcher.paused = False
        self.live_changed()

    def action_toggle_watch(self) -> None:
        self.watcher.enabled = not self.watcher.enabled
        if self.watcher.enabled:
            self.look_now()
        self.notify("Live view on" if self.watcher.enabled else "Live view off", timeout=2)
        self.live_changed()
