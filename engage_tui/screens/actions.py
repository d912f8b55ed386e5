"""The two writing actions: acknowledge a page with its code (`a`), stop an engagement (`X`).

Each dialog makes its call itself and stays open on a refusal (a wrong code, an expired page,
a denied call), saying exactly what was wrong; it closes with True once the call succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.aws.actions import MAX_REASON, page_to_accept
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Engagement, Page, Timeline, arn_resource_name
from engage_tui.background import fetch
from engage_tui.sanitize import safe_text

if TYPE_CHECKING:
    from engage_tui.app import EngageApp


@dataclass
class ActionDone(Message):
    """The write call succeeded."""


@dataclass
class ActionRefused(Message):
    error: SourceError


class _ActionDialog(ModalScreen[bool]):
    """A dialog that runs one write call and reports a refusal inline."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel")]

    app: EngageApp

    def run(self, call: partial[None], description: str) -> None:
        self._say("working…", "$text-muted")
        fetch(
            self,
            call,
            done=lambda _none: ActionDone(),
            failed=ActionRefused,
            description=description,
            group="action",
        )

    def _say(self, text: str, style: str) -> None:
        self.query_one(".action-message", Static).update(Content.styled(text, style))

    @on(ActionDone)
    def _done(self) -> None:
        self.dismiss(True)

    @on(ActionRefused)
    def _refused(self, message: ActionRefused) -> None:
        self._say(f"⚠ {message.error.message}", "$text-error")


def _page_label(page: Page, names: EngageApp) -> Content:
    read = "read" if page.read is not None else "not read"
    return Content.assemble(
        safe_text(arn_resource_name(page.contact_arn), max_len=40),
        (f"  sent {names.stamp(page.sent)} · {read}", "$text-muted"),
    )


class AcknowledgeScreen(_ActionDialog):
    """Pick the page (the newest unread by default), type the code it carried, Enter."""

    def __init__(self, timeline: Timeline) -> None:
        super().__init__()
        self._pages = list(timeline.pages)
        chosen = page_to_accept(timeline)
        self._default = self._pages.index(chosen) if chosen in self._pages else 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="action-dialog"):
            yield Static(Content.styled("Acknowledge a page", "bold"))
            yield OptionList(
                *(Option(_page_label(p, self.app), id=str(i)) for i, p in enumerate(self._pages)),
                id="ack-pages",
            )
            yield Input(placeholder="the code from the SMS, call or email", id="ack-code")
            yield Static(classes="action-message")

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._default
        self.query_one(Input).focus()

    @on(Input.Submitted, "#ack-code")
    def _submitted(self, event: Input.Submitted) -> None:
        index = self.query_one(OptionList).highlighted or 0
        page = self._pages[index]
        self.run(partial(self.app.source.accept_page, page.arn, event.value), "acknowledging")


class StopScreen(_ActionDialog):
    """Type a reason (optional, ≤ 255 characters), Enter, then Enter again to confirm."""

    def __init__(self, engagement: Engagement) -> None:
        super().__init__()
        self._engagement = engagement
        self._confirming = False

    def compose(self) -> ComposeResult:
        alias = safe_text(self._engagement.contact_alias, max_len=40)
        with Vertical(classes="action-dialog"):
            yield Static(Content.styled(f"Stop the engagement to {alias}", "bold"))
            yield Input(placeholder="reason (optional)", max_length=MAX_REASON, id="stop-reason")
            yield Static(f"0/{MAX_REASON}", id="stop-count")
            yield Static(classes="action-message")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed, "#stop-reason")
    def _counted(self, event: Input.Changed) -> None:
        self._confirming = False
        self.query_one("#stop-count", Static).update(f"{len(event.value)}/{MAX_REASON}")
        self._say("", "")

    @on(Input.Submitted, "#stop-reason")
    def _submitted(self, event: Input.Submitted) -> None:
        if not self._confirming:
            self._confirming = True
            alias = safe_text(self._engagement.contact_alias, max_len=40)
            started = self.app.stamp(self._engagement.start)
            self._say(
                f"Enter again to stop the engagement to {alias} (started {started}); Esc keeps it.",
                "bold $text-warning",
            )
            return
        arn = self._engagement.arn
        self.run(partial(self.app.source.stop_engagement, arn, event.value), "stopping")
