"""`y`: copy the engagement as an ARN, a Markdown summary, aws CLI commands or JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.aws.models import Engagement, Timeline
from engage_tui.sanitize import is_arn
from engage_tui.share.aws_command import NotCopyable, aws_commands
from engage_tui.share.record import row_json
from engage_tui.share.summary import markdown_summary

if TYPE_CHECKING:
    from engage_tui.app import EngageApp


def copy_formats(
    app: EngageApp, row: Engagement, timeline: Timeline | None
) -> list[tuple[str, Callable[[], str]]]:
    """(what, how to make it) for every format the menu offers; made only when chosen."""
    formats: list[tuple[str, Callable[[], str]]] = [("Engagement ARN", lambda: row.arn)]
    if row.incident_arn:
        formats.append(("Incident ARN", lambda: row.incident_arn or ""))
    if timeline is not None and timeline.pages:
        formats.append(("Page ARN (newest page)", lambda: timeline.pages[-1].arn))
    summary = lambda: markdown_summary(  # noqa: E731 - one expression, kept beside its label
        row,
        timeline,
        tz=app.display_tz,
        now=app.now(),
        incident_title=app.names.incident_titles.get(row.incident_arn or ""),
        contact=app.names.describe_contact(row.contact_arn),
    )
    formats.append(("Markdown summary (Slack, tickets)", summary))
    formats.append(("aws CLI commands", lambda: aws_commands(row.arn, app.source.target)))
    ack = timeline.acknowledgement(row) if timeline is not None else None
    formats.append(("Row as JSON", lambda: row_json(row, ack)))
    return formats


class CopyMenu(ModalScreen[None]):
    """Copies the chosen format and closes; every text copied is free of control characters."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    app: EngageApp

    def __init__(self, row: Engagement, timeline: Timeline | None) -> None:
        super().__init__()
        self._formats = copy_formats(self.app, row, timeline)

    def compose(self) -> ComposeResult:
        with Vertical(classes="action-dialog"):
            yield Static(Content.styled("Copy", "bold"))
            yield OptionList(
                *(Option(label, id=str(i)) for i, (label, _) in enumerate(self._formats))
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        label, make = self._formats[int(event.option.id or 0)]
        try:
            text = make()
        except NotCopyable as error:
            self.notify(str(error), severity="warning")
            return
        if label.endswith("ARN") and not is_arn(text):
            self.app.copy_arn(text, label)  # says why it is not copied
        else:
            self.app.copy_to_clipboard(text)
            self.notify(f"Copied the {label.lower()}", timeout=4)
        self.dismiss(None)
