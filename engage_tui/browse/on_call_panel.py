"""Who is on call, in the detail panel: for an engagement of an on-call schedule, the person on
the current shift, asked for once the cursor has rested (with the timeline, by the same
`Settler`) and kept in the app's `OnCallCache`, so a moving cursor never sends a request."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.content import Content

from engage_tui.aws.models import Engagement
from engage_tui.background import fetch
from engage_tui.browse.detail import Settler
from engage_tui.browse.names_loading import NamesLoading
from engage_tui.lookups import on_call_now
from engage_tui.messages import OnCallFailed, OnCallLoaded


class OnCallPanel(NamesLoading):
    """Fetches who is on call for the engagement under the cursor and gives the panel its line."""

    _settler: Settler

    def _schedule_of(self, arn: str) -> str | None:
        """The contact of engagement `arn` when it is a known on-call schedule."""
        row = self.feed.get(arn)
        if row is None or not self.app.names.is_schedule(row.contact_arn):
            return None
        return row.contact_arn

    def wants_loading(self, arn: str) -> bool:
        """Something about engagement `arn` is to be fetched once the cursor rests on it."""
        return not self.app.timelines.has_full(arn) or self._on_call_wanted(arn)

    def settled(self, arn: str) -> None:
        """The cursor rested on `arn`: fetch what the panel lacks."""
        if not self.app.timelines.has_full(arn):
            self._fetch_detail(arn)
        self._fetch_on_call(arn)

    def recheck_on_call(self) -> None:
        """Contacts' types arrived or time passed: ask about the resting cursor's schedule now
        if the cache wants it (a cursor still moving is left to the `Settler`)."""
        engagement = self.table.cursor_engagement
        if engagement is not None and not self._settler.waiting:
            self._fetch_on_call(engagement.arn)

    def on_call_line(self, engagement: Engagement) -> Content | None:
        """The panel's `On call` line, or None when the contact is not an on-call schedule."""
        schedule = self._schedule_of(engagement.arn)
        if schedule is None:
            return None
        from engage_tui.screens.context_sections import on_call_line  # its models: not at start

        return on_call_line(self.app.on_call.get(schedule), self.app.stamp)

    def _on_call_wanted(self, arn: str) -> bool:
        schedule = self._schedule_of(arn)
        return schedule is not None and self.app.on_call.wants(schedule, self.app.now())

    def _fetch_on_call(self, arn: str) -> None:
        schedule, now = self._schedule_of(arn), self.app.now()
        if schedule is None or not self.app.on_call.wants(schedule, now):
            return
        self.app.on_call.asking(schedule, now)
        fetch(
            self,
            partial(on_call_now, self.app.source, schedule, now),
            done=partial(OnCallLoaded, schedule),
            failed=partial(OnCallFailed, schedule),
            description="loading who is on call",
            group="on-call",
            exclusive=False,  # one question per schedule at most (the cache says so)
        )

    @on(OnCallLoaded)
    @on(OnCallFailed)
    def _on_call_answered(self, message: OnCallLoaded | OnCallFailed) -> None:
        answer = message.found if isinstance(message, OnCallLoaded) else message.error
        self.app.on_call.answered(message.schedule_arn, answer, self.app.now())
        self._show_cursor_detail()

    def _fetch_detail(self, arn: str) -> None:
        raise NotImplementedError

    def _show_cursor_detail(self) -> None:
        raise NotImplementedError
