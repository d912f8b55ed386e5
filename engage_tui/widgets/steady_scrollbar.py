"""A scroll view whose vertical scrollbar is repainted only when what it draws changes.

Textual repaints every line of a scrollbar whenever the scroll position or the scroll area's
size changes. Over 100k rows a page moves the thumb by a fiftieth of a cell and a loaded page
grows the area by half a percent, yet each repainted the bar's 44 lines: as much as the page
of rows itself (bench/frame_trace.py).
"""

from __future__ import annotations

from typing import Self

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender

Drawing = tuple[Size, tuple[Segment, ...]]


class SteadyScrollBar(ScrollBar):
    """A scrollbar that skips a repaint which would draw what is already on screen."""

    _drawn: Drawing | None = None

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if repaint and not (regions or layout or recompose) and self.is_mounted:
            drawing = self.drawing()
            if drawing is not None and drawing == self._drawn:
                return self
            self._drawn = drawing
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

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
