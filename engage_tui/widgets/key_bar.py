"""The key bar: the screen's shown keys on one line, drawn in the very first frame.

Textual's `Footer` composes one widget per key, and only after the screen's first
`bindings_updated` signal, so its keys reached the terminal ~300 ms after the first frame (bench
P1, "first usable frame"). This is one widget that reads the screen's active bindings each time it
renders; a change of focus or of an action's state repaints its one line, never a layout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.widget import Widget

_GAP = " "
_DIM = Style(dim=True)


class KeySpan(NamedTuple):
    """Where one key's label sits on the bar, for clicks."""

    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget):
    """Key and description for every binding the focused chain shows; the command palette key
    at the right edge. Clicking a label presses its key, as Textual's footer does."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--palette"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
        }
        .key-bar--palette {
            color: $footer-description-foreground;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[KeySpan] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def _shown(self, active: Mapping[str, ActiveBinding]) -> list[tuple[Binding, bool]]:
        """(binding, enabled) for each action the bar shows, in the order Textual's footer
        uses; an action bound to several keys shows its first."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        palette = self.app.COMMAND_PALETTE_BINDING
        for key, (_node, binding, enabled, _tip) in active.items():
            if not binding.show or binding.action in seen or key == palette:
                continue
            seen.add(binding.action)
            shown.append((binding, enabled))
        return shown

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[KeySpan] = []
        active = self.screen.active_bindings  # asks every action's state: once a render
        for binding, enabled in self._shown(active):
            start = len(line)
            dim = Style() if enabled else _DIM
            line.append(self.app.get_key_display(binding), key_style + dim)
            line.append(f" {binding.description}", text_style + dim)
            spans.append(KeySpan(start, len(line), binding.key, enabled))
            line.append(_GAP)
        palette = self._palette_label(active)
        if palette is not None:
            width = self.size.width
            room = width - len(line) - len(palette) - 2
            if room >= 0:
                line.append(" " * room)
                start = len(line)
                muted = self.get_component_rich_style("key-bar--palette")
                line.append("▏", muted)
                line.append(palette, muted)
                spans.append(KeySpan(start, len(line), self.app.COMMAND_PALETTE_BINDING, True))
        self._spans = spans
        return line

    def _palette_label(self, active: Mapping[str, ActiveBinding]) -> str | None:
        app = self.app
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if not app.ENABLE_COMMAND_PALETTE or palette is None:
            return None
        return f"{app.get_key_display(palette.binding)} {palette.binding.description} "

    def key_at(self, x: int) -> KeySpan | None:
        """The key whose label covers column `x`, if any."""
        return next((span for span in self._spans if span.start <= x < span.end), None)

    def on_click(self, event: events.Click) -> None:
        span = self.key_at(event.x)
        if span is None:
            return
        event.stop()
        if span.enabled:
            self.app.simulate_key(span.key)
        else:
            self.app.bell()
