"""A one-line text widget that repaints only when what it says changes."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class OneLine(Static):
    """One line of text whose height CSS fixes at 1, so a new text never needs a screen-wide
    layout. An unchanged text is not repainted at all: Textual renders the bounding box of every
    region repainted in a frame, so a full-width line repainted beside the detail panel would
    render every line in between across the whole screen."""

    _drawn: tuple[str, tuple[object, ...]] | None = None

    def show_content(self, content: Content) -> None:
        drawn = (content.plain, tuple(content.spans))  # Content's == compares the text only
        if drawn != self._drawn:
            self._drawn = drawn
            self.update(content, layout=False)
