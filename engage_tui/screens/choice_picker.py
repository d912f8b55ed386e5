"""A small filterable list to pick one name from: the AWS profile (`P`) or region (`R`).

Typing filters the list, ↑/↓ move, Enter picks, Esc cancels; the current choice is marked ●.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.sanitize import safe_text


@dataclass(frozen=True, slots=True)
class Choice:
    """One name to pick, with a muted note beside it (a profile's region, "SSO")."""

    name: str
    note: str = ""


class ChoicePicker(ModalScreen[str | None]):
    """Returns the name picked, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self, title: str, choices: Sequence[Choice], current: str | None, *, hint: str = ""
    ) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._current = current
        self._hint = hint
        self._shown: list[Choice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="action-dialog", id="choice-dialog"):
            yield Static(Content.styled(self._title, "bold"))
            yield Input(placeholder="type to filter", id="choice-filter")
            yield OptionList(id="choice-list")
            if self._hint:
                yield Static(self._hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    def _show(self, text: str) -> None:
        wanted = text.strip().casefold()
        self._shown = [c for c in self._choices if wanted in c.name.casefold()]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                Content.assemble(
                    "● " if choice.name == self._current else "  ",
                    safe_text(choice.name, max_len=60),
                    (f"  {safe_text(choice.note, max_len=40)}" * bool(choice.note), "$text-muted"),
                ),
                id=str(index),
            )
            for index, choice in enumerate(self._shown)
        )
        names = [c.name for c in self._shown]
        options.highlighted = names.index(self._current) if self._current in names else 0

    @on(Input.Changed, "#choice-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#choice-filter")
    def _submitted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None and self._shown:
            self.dismiss(self._shown[highlighted].name)

    @on(OptionList.OptionSelected, "#choice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._shown[int(event.option.id or 0)].name)

    def on_key(self, event: events.Key) -> None:
        # ↑/↓ move through the list while the filter keeps the focus.
        if event.key in ("up", "down") and self.focused is self.query_one(Input):
            event.stop()
            options = self.query_one(OptionList)
            if event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
