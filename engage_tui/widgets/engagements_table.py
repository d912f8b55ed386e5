"""The engagements table: a virtual view that paints only the rows on screen.

The rows belong to the caller (the engagement feed): the table is shown a sequence of
`Engagement` values and told when it grew. A line is formatted only when it is painted, and the
result is kept in a small LRU cache, so a new page costs O(page).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip

from engage_tui.acknowledgement import Acknowledgement, cell_text
from engage_tui.aws.models import Engagement
from engage_tui.browse.feed import Tail
from engage_tui.sanitize import safe_text
from engage_tui.widgets.row_view import RowView
from engage_tui.widgets.steady_scrollbar import SteadyScrollView
from engage_tui.widgets.table_columns import (
    TITLES,
    Palette,
    centred,
    haystack,
    line,
    row_cells,
    tail_text,
)
from engage_tui.widgets.table_messages import CursorMoved, MoreWanted, Selected
from engage_tui.zones import local_zone

EMPTY_TEXT = "No engagements"  # the screen says why, from browse.status.empty_text
_HEADER_ROWS = 1


class EngagementsTable(SteadyScrollView, can_focus=True):
    """A scrolling list of engagements, one line each, with a fixed header and a tail marker."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home,g", "first", "First row", show=False),
        Binding("end,ctrl+end,G", "last", "Last loaded row", show=False),
        Binding("enter", "select", "Open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "engagements-table--header",
        "engagements-table--cursor",
        "engagements-table--muted",
        "engagements-table--ongoing",
        "engagements-table--alert",
        "engagements-table--marker",
        "engagements-table--empty",
    }

    cursor_row: reactive[int] = reactive(0, repaint=False)  # the watcher repaints its 2 lines
    """Position of the cursor among the shown (filtered) rows."""
    tail_state: reactive[Tail] = reactive("more", repaint=False)  # and this one the marker's
    """What follows the last row: nothing (more to come), loading, the end, or a failure."""
    utc: reactive[bool] = reactive(False)
    """Show times in UTC rather than the local zone."""
    now: reactive[datetime] = reactive(lambda: datetime.now(UTC))
    """The instant "14m ago" is measured from; the app refreshes it."""

    def __init__(
        self,
        *,
        contact_kinds: Mapping[str, str] | None = None,
        incident_titles: Mapping[str, str] | None = None,
        prefetch: int = 50,
        tz: tzinfo | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        # What the rows are painted with; call `refresh_labels` after any of these changes.
        self.contact_kinds: Mapping[str, str] = {} if contact_kinds is None else contact_kinds
        self.incident_titles: Mapping[str, str] = {} if incident_titles is None else incident_titles
        self.prefetch = prefetch
        self.tz: tzinfo = tz or local_zone()
        self._view = RowView(lambda row: haystack(row, self.incident_titles))
        self.empty_text = EMPTY_TEXT
        """What the table says when the query has no engagement at all."""
        self.ack_of: Callable[[Engagement], Acknowledgement | None] = lambda row: None
        """What is known of a row's acknowledgement (None: not yet)."""
        self.is_new: Callable[[Engagement], bool] = lambda row: False
        """Rows that just arrived (the live view marks them with ● for a few seconds)."""
        self.titles_pending = False  # titles on their way: `…`, not a raw id, until they come
        self.recovery_hint = "r: retry"  # what the failure line says `r` does
        self._wanted_at = -1
        self._reported: Engagement | None = None
        self._generation = 0
        self._cache: LRUCache[tuple[int, int, bool, int, str, bool], Strip] = LRUCache(1024)
        self._palette: dict[bool, Palette] = {}

    @property
    def row_count(self) -> int:
        """How many engagements are loaded (whatever the filter)."""
        return len(self._view.rows)

    @property
    def filtering(self) -> bool:
        """A row filter is set (so shown_count may be less than row_count)."""
        return bool(self._view.needle)

    @property
    def shown_count(self) -> int:
        """How many rows are shown: all loaded rows, or those matching the filter."""
        return len(self._view)

    @property
    def cursor_engagement(self) -> Engagement | None:
        """The engagement under the cursor, if any."""
        return self.engagement_at(self.cursor_row)

    def engagement_at(self, index: int) -> Engagement | None:
        """The engagement shown at row `index` (after filtering), or None."""
        row_index = self._view.row_index(index)
        return None if row_index is None else self._view.rows[row_index]

    def rows_in_view(self, margin: int = 0) -> list[Engagement]:
        """The rows on screen, plus `margin` rows above and below, top first."""
        top = max(0, int(self.scroll_y) - margin)
        bottom = min(self.shown_count, int(self.scroll_y) + self._body_height() + margin)
        return [row for i in range(top, bottom) if (row := self.engagement_at(i)) is not None]

    def rows_added(self, start: int) -> None:
        """The rows shown grew at their end from index `start`; costs O(new rows)."""
        first_changed = self.shown_count
        self._view.grew(start)
        self._content_changed(first_changed)

    def rows_inserted(self, count: int) -> int:
        """`count` newer rows were put on top; the cursor keeps its engagement unless on the
        first row. Returns how many rows now show above where it was."""
        current = self._view.row_index(self.cursor_row)
        keep = current is not None and (self.cursor_row > 0 or self.scroll_y > 0)
        self._view.inserted(count)
        self._cache.clear()
        moved = 0
        if keep and current is not None:
            shown = self._view.shown_index(current + count)
            if shown is not None:
                moved = shown - self.cursor_row
                self.set_reactive(EngagementsTable.cursor_row, shown)
        self._content_changed()
        if moved:
            self.scroll_to(y=self.scroll_y + moved, animate=False, force=True)
        return max(0, moved)

    def rearrange(self, change: Callable[[RowView], None]) -> None:
        """Change which rows show or their order (`change(view)`); the cursor keeps its row."""
        current = self._view.row_index(self.cursor_row)
        change(self._view)
        self._cache.clear()
        if current is not None:
            self.cursor_row = self._view.shown_index(current) or 0
        self._content_changed()
        self._scroll_cursor_into_view()

    def show(self, rows: Sequence[Engagement]) -> None:
        """Show `rows` (a new query's, owned by the caller) from the top; the filter is kept."""
        self._view.show(rows)
        self._wanted_at = -1
        self._cache.clear()
        self.tail_state = "more"
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, force=True)
        self._content_changed()

    def select_arn(self, arn: str) -> bool:
        """Put the cursor on the shown engagement with this ARN; False if none is shown."""
        for index in range(self.shown_count):
            engagement = self.engagement_at(index)
            if engagement is not None and engagement.arn == arn:
                self.cursor_row = index
                return True
        return False

    def set_filter(self, text: str) -> None:
        """Show only loaded rows whose contact, sender, incident or ARN contain `text`."""
        current = self._view.row_index(self.cursor_row)
        if not self._view.set_filter(text):
            return
        if current is not None:  # stay on the same engagement, or the next one shown after it
            self.cursor_row = self._view.shown_at_or_after(current)
        self._content_changed()

    def refresh_labels(self) -> None:
        """Repaint after `contact_kinds`, `incident_titles` or `tz` changed."""
        self._invalidate()

    def refresh_row(self, arn: str) -> None:
        """Repaint engagement `arn`'s line if it is on screen (its Ack cell or ● changed)."""
        for offset, row in enumerate(self.rows_in_view()):
            if row.arn == arn:
                self.refresh_line(int(self.scroll_y) + offset + _HEADER_ROWS)

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, self.shown_count - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_line(old + _HEADER_ROWS)
        self.refresh_line(new + _HEADER_ROWS)
        self._scroll_cursor_into_view()
        self._report_cursor()
        self._check_prefetch()

    def watch_tail_state(self) -> None:
        # Only the marker line changes, unless the empty-state hint comes or goes.
        self._content_changed(self.shown_count if self._view.rows else 0)
        self.call_after_refresh(self._scroll_cursor_into_view)

    def watch_utc(self) -> None:
        self._invalidate()

    watch_now = watch_utc  # a new "now" dates every line too

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._check_prefetch()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()

    def _invalidate(self) -> None:
        """Every formatted line is stale (time, zone, labels or styles changed)."""
        self._generation += 1
        self._palette.clear()
        self.refresh()

    def _content_changed(self, first_changed: int = 0) -> None:
        """Rows from `first_changed` on, the filter or the tail changed: resize and repaint."""
        marker = 1 if self._marker_text() else 0
        self._set_virtual_height(_HEADER_ROWS + self.shown_count + marker)
        self.cursor_row = self.validate_cursor_row(self.cursor_row)
        top = int(self.scroll_y)
        first = max(first_changed, top)
        last = top + self._body_height()
        if first < last:
            self.refresh_lines(first + _HEADER_ROWS, last - first)
        self._report_cursor()
        self._check_prefetch()

    def _set_virtual_height(self, height: int) -> None:
        """Grow or shrink the scroll area without a screen-wide layout (20 ms at 200×50)."""
        size = Size(0, height)
        if size == self.virtual_size:
            return
        scrollbar = self.show_vertical_scrollbar
        self.set_reactive(EngagementsTable.virtual_size, size)
        self._scroll_update(size)
        if self.show_vertical_scrollbar != scrollbar:
            self.refresh(layout=True)

    def _report_cursor(self) -> None:
        engagement = self.cursor_engagement
        if engagement is not self._reported:
            self._reported = engagement
            self.post_message(CursorMoved(self, engagement, self.cursor_row))

    def _check_prefetch(self) -> None:
        loaded = len(self._view.rows)
        if self.tail_state != "more" or not self.shown_count or loaded == self._wanted_at:
            return
        bottom = int(self.scroll_y) + self._body_height() - 1
        # Distance in *loaded* rows: a filter that matches little must not load the account.
        index = self._view.row_index(min(max(self.cursor_row, bottom), self.shown_count - 1))
        if index is not None and loaded - 1 - index <= self.prefetch:
            self._wanted_at = loaded
            self.post_message(MoreWanted(self, loaded))

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - _HEADER_ROWS)

    def _scroll_cursor_into_view(self) -> None:
        top = int(self.scroll_y)
        height = self._body_height()
        bottom = self.cursor_row
        if self.cursor_row == self.shown_count - 1:
            bottom += 1  # on the last row, keep "loading…", "end" or the error line in sight
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, force=True)
        elif bottom >= top + height:
            self.scroll_to(y=bottom - height + 1, animate=False, force=True)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_page_up(self) -> None:
        page = self._body_height()
        self.scroll_to(y=self.scroll_y - page, animate=False, force=True)
        self.cursor_row -= page

    def action_page_down(self) -> None:
        page = self._body_height()
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)
        self.cursor_row += page

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = self.shown_count - 1

    def action_select(self) -> None:
        engagement = self.cursor_engagement
        if engagement is not None:
            self.post_message(Selected(self, engagement))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < _HEADER_ROWS:
            return
        index = int(self.scroll_y) + offset.y - _HEADER_ROWS
        if index < self.shown_count:
            event.stop()
            if index == self.cursor_row:
                self.action_select()
            self.cursor_row = index

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < _HEADER_ROWS:
            return self._render_header(width)
        if not self._view.rows and self.tail_state == "end" and not self._view.needle:
            if y == max(_HEADER_ROWS, self.size.height // 2):
                text = safe_text(self.empty_text, width)
                return self._render_message(text, "engagements-table--empty", width)
            return Strip.blank(width, self.rich_style)
        index = int(self.scroll_y) + y - _HEADER_ROWS
        shown = self.shown_count
        if index < shown:
            return self._render_row(index, width)
        if index == shown and (marker := self._marker_text()):
            return self._render_message(marker, "engagements-table--marker", width)
        return Strip.blank(width, self.rich_style)

    def _render_header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("engagements-table--header")
        return line([[(title, style)] for title in TITLES], width, style)

    def _render_message(self, text: str, component: str, width: int) -> Strip:
        return centred(text, width, self.rich_style + self.get_component_rich_style(component))

    def _marker_text(self) -> str:
        view = self._view
        return tail_text(
            self.tail_state, len(view.rows), self.recovery_hint, view.needle, view.matched
        )

    def _palette_for(self, cursor: bool) -> Palette:
        """Styles for a row, with the cursor's on top when it is on the row."""
        if cursor not in self._palette:
            style_of = self.get_component_rich_style
            self._palette[cursor] = Palette.build(style_of, self.rich_style, cursor=cursor)
        return self._palette[cursor]

    def _render_row(self, index: int, width: int) -> Strip:
        row_index = self._view.row_index(index)
        if row_index is None:
            return Strip.blank(width, self.rich_style)
        cursor = index == self.cursor_row
        row = self._view.rows[row_index]
        # Ack and ● change on their own: in the key, a change repaints one line (refresh_row).
        ack, new = cell_text(self.ack_of(row), self.now), self.is_new(row)
        key = (row_index, width, cursor, self._generation, ack, new)
        strip = self._cache.get(key)
        if strip is None:
            palette = self._palette_for(cursor)
            cells = row_cells(
                row,
                palette,
                now=self.now,
                utc=self.utc,
                tz=self.tz,
                contact_kinds=self.contact_kinds,
                incident_titles=self.incident_titles,
                titles_pending=self.titles_pending,
                ack=ack,
                new=new,
            )
            strip = line(cells, width, palette.normal)
            self._cache[key] = strip
        return strip
