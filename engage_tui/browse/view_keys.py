"""The keys that choose what the browse screen shows: the time range (t, 1–5, [ ], x), each a
new Selection; the order of the loaded rows (s); and the row filter (/)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.widgets import Input

from engage_tui.browse.feed import EngagementFeed
from engage_tui.browse.share_keys import ShareKeys
from engage_tui.browse.sorting import SortChoice, sort_key
from engage_tui.timerange import PRESETS, Selection, TimeRangeError
from engage_tui.widgets.engagements_table import EngagementsTable

if TYPE_CHECKING:
    from engage_tui.app import EngageApp


class ViewKeys(ShareKeys):
    """Turns range keys into a Selection for `show_engagements`, and `s` into a sort."""

    BINDINGS = [
        Binding("t", "time_range", "Time range"),
        Binding("1", "preset(0)", "Last 15 minutes", show=False),
        Binding("2", "preset(1)", "Last hour", show=False),
        Binding("3", "preset(2)", "Last 6 hours", show=False),
        Binding("4", "preset(3)", "Last 24 hours", show=False),
        Binding("5", "preset(4)", "Last 7 days", show=False),
        # Kept out of the footer so that ? and q fit at 80 columns; ? lists them.
        Binding("left_square_bracket", "shift(-1)", "Earlier", show=False, key_display="["),
        Binding("right_square_bracket", "shift(1)", "Later", show=False, key_display="]"),
        Binding("x", "clear_range", "All time", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("slash", "filter", "Filter", key_display="/"),
    ]

    app: EngageApp
    feed: EngagementFeed
    sort = SortChoice()
    """How the loaded rows are ordered (remembered between runs)."""

    def show_engagements(self, incident_arn: str | None, selection: Selection) -> None:
        raise NotImplementedError

    def action_time_range(self) -> None:
        from engage_tui.screens.time_range import TimeRangeScreen

        def chosen(selection: Selection | None) -> None:
            if selection is not None:
                self.set_selection(selection)

        self.app.push_screen(
            TimeRangeScreen(
                recent=self.app.state.recent_ranges, now=self.app.now(), tz=self.app.display_tz
            ),
            chosen,
        )

    def set_selection(self, selection: Selection) -> None:
        """Show `selection` for the current incident, and remember it if it was typed."""
        if selection.expression:
            self.app.remember_range(selection.expression)
        self.show_engagements(self.feed.query.incident_arn, selection)

    def action_preset(self, index: int) -> None:
        _key, expression = PRESETS[index]
        self.set_selection(Selection.parse(expression, now=self.app.now(), tz=self.app.display_tz))

    def action_shift(self, steps: int) -> None:
        try:
            shifted = self.feed.selection.shift(steps, self.app.now())
        except TimeRangeError as error:
            self.notify(str(error), severity="warning")
            return
        self.set_selection(shifted)

    def action_clear_range(self) -> None:
        self.set_selection(Selection())

    def action_sort(self) -> None:
        from engage_tui.screens.sort_menu import SortMenu

        def chosen(choice: SortChoice | None) -> None:
            if choice is not None:
                self.app.remember_sort(choice.remembered())
                self.apply_sort(choice)

        self.app.push_screen(SortMenu(self.sort), chosen)

    def apply_sort(self, choice: SortChoice) -> None:
        """Order the table's loaded rows by `choice`; later pages merge into the order."""
        self.sort = choice
        table = self.query_one(EngagementsTable)
        titles = self.app.names.incident_titles
        key = sort_key(choice, titles=titles, ack_of=table.ack_of, now=self.app.now())
        table.rearrange(lambda view: view.sort_by(key))
        self.sort_changed()

    def sort_changed(self) -> None:
        """The status line says what is sorted."""
        raise NotImplementedError

    def action_filter(self) -> None:
        row_filter = self.query_one("#row-filter", Input)
        row_filter.display = True
        row_filter.focus()

    @on(Input.Changed, "#row-filter")
    def _row_filter_changed(self, event: Input.Changed) -> None:
        self.query_one(EngagementsTable).set_filter(event.value)
        self.filter_changed()

    @on(Input.Submitted, "#row-filter")
    def _row_filter_submitted(self) -> None:
        self.query_one(EngagementsTable).focus()

    def filter_changed(self) -> None:
        """The status line says how many rows the filter leaves."""
        raise NotImplementedError
