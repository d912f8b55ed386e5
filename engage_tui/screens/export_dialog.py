"""`e`: what to export (every page of the query, or the rows shown), the format and the file.

The path is checked when Enter is pressed: a bad one says what is wrong and keeps the dialog;
an existing file is only replaced after a second Enter. Returns an ExportPlan, or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from engage_tui.sanitize import safe_text
from engage_tui.share import export_target
from engage_tui.share.export import Format, format_for
from engage_tui.share.export_target import Target, TargetProblem

FORMATS = ((Format.CSV, "CSV"), (Format.JSON, "JSON"), (Format.JSONL, "JSON Lines"))


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """What the user asked for: the whole query (every page) or the rows shown, as `fmt`."""

    whole_query: bool
    fmt: Format
    target: Target
    overwrite: bool
    with_acks: bool


class ExportDialog(ModalScreen[ExportPlan | None]):
    """Choose scope, format and path; Enter in the path writes, Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, *, shown: int, now: datetime, cwd: Path | None = None) -> None:
        super().__init__()
        self._shown = shown
        self._now = now
        self._cwd = cwd
        self._replace: Path | None = None  # the existing file a second Enter replaces

    def compose(self) -> ComposeResult:
        with Vertical(classes="action-dialog", id="export-dialog"):
            yield Static(Content.styled("Export engagements", "bold"))
            with RadioSet(id="export-what"):
                yield RadioButton("Every page of the current query", value=True)
                yield RadioButton(f"The {self._shown:,} rows shown (as filtered)")
            yield Checkbox(
                "With acknowledgement columns (slower: a request a row)", id="export-acks"
            )
            with RadioSet(id="export-format"):
                for index, (_fmt, label) in enumerate(FORMATS):
                    yield RadioButton(label, value=index == 0)
            yield Input(export_target.default_name(Format.CSV, self._now), id="export-path")
            yield Static("Enter writes the file · Tab moves · Esc cancels", classes="dialog-hint")
            yield Static(classes="action-message")

    def on_mount(self) -> None:
        self.query_one("#export-what").border_title = "What"
        self.query_one("#export-format").border_title = "Format"
        path = self.query_one("#export-path", Input)
        path.border_title = "File (in the current folder unless a path; ~ is home)"
        path.focus()

    @property
    def fmt(self) -> Format:
        return FORMATS[self.query_one("#export-format", RadioSet).pressed_index][0]

    @on(RadioSet.Changed, "#export-format")
    def _format_changed(self) -> None:
        path = self.query_one("#export-path", Input)
        path.value = export_target.with_format(path.value, self.fmt)

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._replace = None
        self._say("", "")

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            target = export_target.check(event.value, self._cwd)
        except TargetProblem as problem:
            self._say(f"⚠ {problem}", "$text-error")
            return
        if target.exists and self._replace != target.path:
            self._replace = target.path
            self._say(f"{target.path} exists: Enter again to replace it.", "$text-warning")
            return
        self.dismiss(
            ExportPlan(
                whole_query=self.query_one("#export-what", RadioSet).pressed_index == 0,
                # A name ending .json or .csv means that format, whatever button is pressed.
                fmt=format_for(target.path.name) or self.fmt,
                target=target,
                overwrite=target.exists,
                with_acks=self.query_one("#export-acks", Checkbox).value,
            )
        )

    def _say(self, text: str, style: str) -> None:
        message = self.query_one(".action-message", Static)
        message.update(Content.styled(safe_text(text, max_len=300), style) if text else "")
