"""The Ack column of the browse screen: learn, for the rows on screen, who acknowledged.

The plan (which rows, how many at once, how fast) is `acks.AckPlanner`'s; this routes it:
ask for each engagement's pages (ListPagesByEngagement) in the background, keep the answer in
the app's one timeline cache, and repaint.
"""

from __future__ import annotations

from functools import partial

from textual import on

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement
from engage_tui.background import fetch
from engage_tui.browse.acks import AckPlanner
from engage_tui.browse.live import LiveView
from engage_tui.messages import AckFailed, AckLearned
from engage_tui.widgets.table_messages import CursorMoved

# Rows above and below the screen whose acknowledgement is learned ahead of a scroll.
MARGIN = 10


class AckColumn(LiveView):
    """Feeds the table's Ack column from the timeline cache, fetching what it lacks."""

    def start_ack_column(self) -> None:
        self.ack_plan = AckPlanner(rate=float(self.app.settings.ack_rate))
        self.table.ack_of = self.ack_of
        self.set_interval(1.0, self.plan_acks)

    def ack_of(self, row: Engagement) -> Acknowledgement | None:
        return self.app.timelines.acknowledgement(row)

    def plan_acks(self) -> None:
        """Ask about the rows on screen whose acknowledgement is unknown or stale."""
        if not self.is_current:
            return  # the drill-in or a prompt covers the table
        rows = self.attention_rows() if self.attention_on else self.table.rows_in_view(MARGIN)
        for arn in self.ack_plan.wanted(rows, self.ack_of):
            fetch(
                self,
                partial(self.app.source.timeline_parts, arn, full=False),
                done=AckLearned,
                failed=partial(AckFailed, arn),
                description="learning who acknowledged",
                group="acks",
                exclusive=False,
            )

    attention_on = False

    def attention_rows(self) -> list[Engagement]:
        raise NotImplementedError

    def acks_changed(self) -> None:
        """A row's acknowledgement became known."""

    @on(CursorMoved)
    def _rows_in_view_changed(self) -> None:
        self.call_after_refresh(self.plan_acks)

    @on(AckLearned)
    def _ack_learned(self, message: AckLearned) -> None:
        self.ack_plan.answered(message.timeline.arn)
        self.app.timelines.put(message.timeline.arn, message.timeline)
        self.table.refresh_row(message.timeline.arn)
        self.acks_changed()
        self.plan_acks()

    @on(AckFailed)
    def _ack_failed(self, message: AckFailed) -> None:
        self.ack_plan.answered(message.engagement_arn)  # `…` stays; asked again when stale
