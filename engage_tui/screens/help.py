"""`?` / F1: every key of the screen underneath, generated from BINDINGS (never a second list)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_NAVIGATION = [
    ("↑ ↓ PgUp PgDn Home End", "move; pages load ahead of the cursor"),
    ("j k g G", "the same, vi-style"),
    ("Enter", "open: pages, receipts, time to ack"),
    ("Tab / Shift+Tab", "next / previous pane"),
    ("Ctrl+P", "command palette: every action"),
]


def described_bindings(
    screen: Screen, app_bindings: Sequence[BindingType]
) -> list[tuple[str, str, str]]:
    """(keys, description, action) for every described binding; one row per action."""
    by_action: dict[str, tuple[list[str], str]] = {}
    # A screen's own bindings after those it inherits (the browse screen's range keys); Textual's
    # own (Tab, Ctrl+C) are in _NAVIGATION already or not ours to explain.
    mro = reversed(type(screen).__mro__)
    ours = [cls for cls in mro if not cls.__module__.startswith("textual")]
    inherited = [b for cls in ours for b in vars(cls).get("BINDINGS", [])]
    for binding in [*inherited, *app_bindings]:
        if isinstance(binding, Binding) and binding.description:
            keys, _ = by_action.setdefault(binding.action, ([], binding.description))
            keys.append(binding.key_display or binding.key)
    return [(" ".join(keys), text, action) for action, (keys, text) in by_action.items()]


def key_table(screen: Screen, app_bindings: Sequence[BindingType]) -> Content:
    """Navigation, then every described binding of the screen and the app."""
    rows = list(_NAVIGATION) + [
        (keys, text) for keys, text, _ in described_bindings(screen, app_bindings)
    ]
    width = max(len(key) for key, _ in rows)
    parts: list[str | tuple[str, str]] = []
    for key, description in rows:
        parts += [(f"  {key:>{width}}  ", "bold $text-accent"), description, "\n"]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            yield Static(key_table(self._under, self.app.BINDINGS), id="help-keys")
            yield Static(Content.styled("Esc closes this.", "$text-muted"))
