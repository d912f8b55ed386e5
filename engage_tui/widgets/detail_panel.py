"""The right pane: every field of the engagement under the cursor, subject and content included.

The panel is updated on every cursor move, so it never changes size: its body is a line-based
scroll view that wraps its content once and only resizes its *virtual* height, and its scrollbar
is always shown (one that came and went with the text's length would need a layout). A `Static`
in a scroll container would ask Textual for a screen-wide layout on every move (bench P2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Container, ScrollableContainer
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

from engage_tui.aws.models import Engagement, Timeline
from engage_tui.detail_text import (
    Describer,
    acknowledgement,
    field_rows,
    message_sections,
    problems,
    summary_rows,
)


class DetailBody(ScrollView, can_focus=False):
    """Wrapped text, painted line by line; a new text repaints it without a layout."""

    DEFAULT_CSS = """
    DetailBody {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._content = Content("")
        self._build: Callable[[int], Content] = lambda _width: self._content
        self._lines: list[Strip] = []
        self._wrapped_at = -1

    def render(self) -> Content:
        """The text shown (the screen is painted from its wrapped lines, in render_line)."""
        return self._content

    def update(self, content: Content | Callable[[int], Content]) -> None:
        """Show `content` (or what `content(width)` builds for the width, built again if the
        width changes) instead; costs a repaint of this pane only."""
        if isinstance(content, Content):
            self._content = content
            self._build = lambda _width: content
        else:
            self._build = content
        before = self._lines
        self._wrapped_at = -1
        self._wrap()
        self._refresh_changed(before)

    def _refresh_changed(self, before: list[Strip]) -> None:
        """Repaint the lines on screen that now differ from `before`: a cursor move mostly
        keeps the labels' lines' starts and the blank lines under the text."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        changed = [
            y
            for y in range(top, top + height)
            if (before[y] if y < len(before) else None)
            != (self._lines[y] if y < len(self._lines) else None)
        ]
        for first, last in _runs(changed):
            self.refresh_lines(first, last - first + 1)

    def on_resize(self) -> None:
        self._wrap()
        self.refresh()  # a text shown before the pane had a size is painted now

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._wrapped_at = -1  # colours come from the theme: wrap (and style) again
        self._wrap()

    def _wrap(self) -> None:
        """Wrap the text to the current width and size the scroll area to it."""
        for _ in range(2):  # again if a scrollbar came or went and changed the width
            region = self.scrollable_content_region
            width = region.width
            if width <= 0:
                return
            if width != self._wrapped_at:
                self._wrapped_at = width
                self._content = self._build(width)
                self._lines = Visual.to_strips(
                    self, self._content, width, None, self.visual_style, pad=True
                )
            # Never less than the pane: a text that fits leaves the scrollbar as it was drawn
            # (a scrollbar's every change repaints all of its lines).
            size = Size(width, max(len(self._lines), region.height))
            if size == self.virtual_size:
                return
            scrollbar = self.show_vertical_scrollbar
            self.set_reactive(DetailBody.virtual_size, size)
            self._scroll_update(size)
            if self.show_vertical_scrollbar == scrollbar:
                return
            self.refresh(layout=True)  # the scrollbar is arranged by the compositor

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._wrapped_at:
            # The width changed with no Resize yet (the pane narrowed, or the text arrived
            # before the first layout): wrap now rather than paint a blank pane.
            self._wrap()
        index = self.scroll_offset.y + y  # rounded, as Textual decides when to repaint
        if width == self._wrapped_at and index < len(self._lines):
            return self._lines[index]
        return Strip.blank(width, self.visual_style.rich_style)


class DetailPanel(Container, can_focus=True):
    """Shows an Engagement at once, and its EngagementDetail once loaded; scrolls when focused."""

    BINDINGS: ClassVar[list[BindingType]] = list(ScrollableContainer.BINDINGS)
    BORDER_TITLE = "Engagement"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = DetailBody(id="detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    # The keys scroll the body (the panel keeps the focus, so its border shows it).
    def action_scroll_up(self) -> None:
        self._body.action_scroll_up()

    def action_scroll_down(self) -> None:
        self._body.action_scroll_down()

    def action_scroll_left(self) -> None:
        self._body.action_scroll_left()

    def action_scroll_right(self) -> None:
        self._body.action_scroll_right()

    def action_scroll_home(self) -> None:
        self._body.action_scroll_home()

    def action_scroll_end(self) -> None:
        self._body.action_scroll_end()

    def action_page_up(self) -> None:
        self._body.action_page_up()

    def action_page_down(self) -> None:
        self._body.action_page_down()

    def action_page_left(self) -> None:
        self._body.action_page_left()

    def action_page_right(self) -> None:
        self._body.action_page_right()

    def show_nothing(self, message: str) -> None:
        self._body.update(Content.styled(message, "$text-muted"))

    def show(
        self,
        engagement: Engagement,
        timeline: Timeline | None,
        names: Describer,
        *,
        error: str | None = None,
        on_call: Content | None = None,
    ) -> None:
        """The engagement's fields, then what is known of its detail; `on_call` is the line
        saying who is on call (for an on-call schedule's engagement)."""
        rows: list[tuple[str, str | Content]] = [*summary_rows(engagement, names)]
        if on_call is not None:
            rows.insert(1, ("On call", on_call))
        if timeline is not None:
            rows.insert(-1, ("Acked", acknowledgement(timeline, names, engagement)))
        parts: list[Content] = []
        if timeline is not None:
            parts += problems(timeline)
            if timeline.detail is not None:
                parts += message_sections(timeline.detail)
        elif error:
            parts.append(Content.styled(f"\n{error}\n", "$text-error"))
        else:
            parts.append(
                Content.styled("\nloading subject, content and pages…", "$text-muted italic")
            )
        parts.append(Content.styled("\nEnter: pages & receipts · c: copy ARN", "$text-muted"))
        rest = Content("").join(parts)
        self._body.update(lambda width: field_rows(rows, width) + rest)


def _runs(lines: list[int]) -> list[tuple[int, int]]:
    """Ascending line numbers as (first, last) runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for y in lines:
        if runs and runs[-1][1] == y - 1:
            runs[-1] = (runs[-1][0], y)
        else:
            runs.append((y, y))
    return runs
