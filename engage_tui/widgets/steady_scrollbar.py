"""A scroll view whose vertical scrollbar is repainted only when what it draws changes.

Textual repaints every line of a scrollbar whenever the scroll position or the scroll area's
size changes. Over 100k rows a page moves the thumb by a fiftieth of a cell and a loaded page
grows the area by half a percent, yet each repainted the bar's 44 lines: as much as the page
of rows itself (bench/frame_trace.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Self

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender

Drawing = tuple[Size, tuple[Segment, ...]]


class SteadyScrollBar(ScrollBar):
    """A scrollbar whose scroll updates skip a repaint that would draw what is on screen.

    Only within `thumb_update` (a scroll, or the scroll area's size): any other repaint (a new
    style, hover, focus) goes through, and the next comparison starts afresh.
    """

    _drawn: Drawing | None = None
    _updating = 0
    _asked = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._updating and repaint and not (regions or layout or recompose):
            self._asked = True  # decided once the update is over
            return self
        self._drawn = None
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    @contextmanager
    def thumb_update(self) -> Iterator[None]:
        """Within: new positions and sizes repaint the bar only if its thumb moves on screen."""
        self._updating += 1
        try:
            yield
        finally:
            self._updating -= 1
            if not self._updating and self._asked:
                self._asked = False
                drawing = self.drawing() if self.is_mounted else None
                if drawing is None or drawing != self._drawn:
                    super().refresh()
                    self._drawn = drawing

    def drawing(self) -> Drawing | None:
        """What the bar would draw now: its size and segments, by Textual's own renderer
        (None when it draws something else, which is then always repainted)."""
        bar = self.render()
        if not isinstance(bar, ScrollBarRender) or not isinstance(bar.style, Style):
            return None
        width, height = self.size
        length, thickness = (height, width) if self.vertical else (width, height)
        segments = bar.render_bar(
            size=length,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=thickness,
            vertical=bar.vertical,
            back_color=bar.style.bgcolor or Color.parse("#555555"),
            bar_color=bar.style.color or Color.parse("bright_magenta"),
        )
        return self.size, tuple(segments.segments)


class SteadyScrollView(ScrollView):
    """A `ScrollView` with a `SteadyScrollBar` for its vertical scrollbar."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        with self._thumb_update():
            super().watch_scroll_y(old_value, new_value)

    def _scroll_update(self, virtual_size: Size) -> None:
        with self._thumb_update():
            super()._scroll_update(virtual_size)

    def _thumb_update(self) -> AbstractContextManager[None]:
        bar = self._vertical_scrollbar
        return bar.thumb_update() if isinstance(bar, SteadyScrollBar) else nullcontext()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """The vertical scrollbar (created on first use, as Textual's own is)."""
        if self._vertical_scrollbar is None:
            bar = SteadyScrollBar(
                vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
            )
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar
