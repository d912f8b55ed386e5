"""The `t` prompt: type a time range, see what was wrong inline, or pick a recent one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engage_tui import timerange

_EXAMPLES = "15m · 2h · last 3 days · yesterday · since 09:00 · 2026-11-20 14:00 · -6h..-2h"


class TimeRangeScreen(ModalScreen[timerange.Selection | None]):
    """Returns the range as typed (a Selection), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, *, recent: Sequence[str], now: datetime, tz: tzinfo) -> None:
        super().__init__()
        self._recent = recent
        self._now = now
        self._tz = tz

    def compose(self) -> ComposeResult:
        with Vertical(id="range-dialog"):
            yield Static(Content.styled("Time range", "bold"), id="range-title")
            yield Input(placeholder="e.g. 2h, yesterday..today, 2026-11-20 14:00", id="range-input")
            yield Static(Content.styled(_EXAMPLES, "$text-muted"), id="range-help")
            yield Static("", id="range-error")
            options = [Option(Content(expr), id=f"recent:{expr}") for expr in self._recent]
            options += [
                Option(Content.assemble((f"{key} ", "bold"), expr), id=f"preset:{expr}")
                for key, expr in timerange.PRESETS
            ]
            yield OptionList(*options, id="range-choices")

    def on_mount(self) -> None:
        self.query_one("#range-error").display = False
        self.query_one(Input).focus()

    @on(Input.Submitted, "#range-input")
    def _submitted(self, event: Input.Submitted) -> None:
        self._try(event.value)

    @on(Input.Changed, "#range-input")
    def _changed(self) -> None:
        self.query_one("#range-error").display = False

    @on(OptionList.OptionSelected, "#range-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        expression = option_id.split(":", 1)[-1]
        self.query_one(Input).value = expression
        self._try(expression)

    def _try(self, text: str) -> None:
        try:  # a preset's number (1–5, as the list shows) works too
            selection = timerange.Selection.parse(text, now=self._now, tz=self._tz)
        except timerange.TimeRangeError as error:
            message = self.query_one("#range-error", Static)
            message.update(Content.styled(f"⚠ {error}", "$text-error"))
            message.display = True
            return
        self.dismiss(selection)

    def on_key(self, event: events.Key) -> None:
        # The list under the box looks selectable; Down gets there without a Tab.
        if event.key == "down" and self.focused is self.query_one(Input):
            event.stop()
            self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
