"""Act and share: `a` acknowledges a page with its code, `X` stops an engagement, `y` copies
it in a chosen format, `o` opens it in the Incident Manager console.

Read-only unless actions are allowed (--allow-actions, `actions = true`, or the demo); in
read-only mode the keys say how to turn actions on. After a success the engagement is read
again, so its row and detail show what the service now says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Engagement, Timeline
from engage_tui.background import fetch

if TYPE_CHECKING:
    from engage_tui.app import EngageApp

READ_ONLY = (
    "Read-only: start engage-tui with --allow-actions (or set actions = true in config.toml) "
    "to acknowledge or stop engagements."
)


@dataclass
class PagesToAcknowledge(Message):
    """The engagement's pages, loaded so that one can be acknowledged."""

    timeline: Timeline


@dataclass
class PagesUnavailable(Message):
    error: SourceError


class ActKeys(Screen[None]):
    """`a` and `X` on the engagement `acting_on()` names."""

    BINDINGS = [
        Binding("a", "acknowledge", "Acknowledge", show=False),
        Binding("X", "stop", "Stop engagement", show=False, key_display="X"),
        Binding("y", "copy_menu", "Copy as…", show=False),
        Binding("o", "open_console", "Open in the console", show=False),
    ]

    app: EngageApp
    NOTHING_TO_ACT_ON = "No engagement under the cursor."

    def acting_on(self) -> Engagement | None:
        """The engagement the keys act on (the row under the cursor)."""
        raise NotImplementedError

    def acted(self, arn: str) -> None:
        """An action on `arn` succeeded: read it again."""
        raise NotImplementedError

    def timeline_loaded(self, timeline: Timeline) -> None:
        """Another screen read an engagement again (the drill-in after an action): show what it
        says. The timeline is in the app's cache already."""

    def _target(self) -> Engagement | None:
        engagement = self.acting_on()
        if engagement is None:
            self.notify(self.NOTHING_TO_ACT_ON, severity="warning")
        elif not self.app.actions_allowed:
            self.notify(READ_ONLY, severity="warning", timeout=10)
            return None
        return engagement

    def action_acknowledge(self) -> None:
        engagement = self._target()
        if engagement is None:
            return
        fetch(
            self,
            partial(self.app.source.timeline_parts, engagement.arn),
            done=PagesToAcknowledge,
            failed=PagesUnavailable,
            description="loading the pages to acknowledge",
            group="acknowledge",
        )

    @on(PagesToAcknowledge)
    def _pages_loaded(self, message: PagesToAcknowledge) -> None:
        from engage_tui.screens.actions import AcknowledgeScreen

        timeline = message.timeline
        self.app.timelines.put(timeline.arn, timeline)
        if not timeline.pages:
            self.notify("No page was sent for this engagement: nothing to acknowledge.")
            return
        self.app.push_screen(AcknowledgeScreen(timeline), partial(self._finished, timeline.arn))

    @on(PagesUnavailable)
    def _pages_unavailable(self, message: PagesUnavailable) -> None:
        self.notify(message.error.message, title="Couldn't load the pages", severity="error")

    def action_stop(self) -> None:
        from engage_tui.screens.actions import StopScreen

        engagement = self._target()
        if engagement is None:
            return
        if engagement.stop is not None:
            self.notify("This engagement has already stopped.")
            return
        self.app.push_screen(StopScreen(engagement), partial(self._finished, engagement.arn))

    def _finished(self, arn: str, done: bool | None) -> None:
        if done:
            self.notify("Done: the engagement is read again to show it.", timeout=4)
            self.acted(arn)

    def action_copy_menu(self) -> None:
        from engage_tui.screens.copy_menu import CopyMenu

        row = self.acting_on()
        if row is None:
            self.notify(self.NOTHING_TO_ACT_ON, severity="warning")
            return
        self.app.push_screen(CopyMenu(row, self.app.timelines.get(row.arn)))

    def action_open_console(self) -> None:
        from engage_tui.share.console import console_link

        row = self.acting_on()
        link = None if row is None else console_link(row, self.app.source.target.region)
        if link is None:
            self.notify("No console page is known for this engagement.", severity="warning")
            return
        self.app.open_link(link.url, f"Incident Manager console ({link.region})")
