"""The Ack column of the browse screen: learn, for the rows on screen, who acknowledged.

The plan (which rows, how many at once, how fast) is `acks.AckPlanner`'s; this routes it:
ask for each engagement's pages (ListPagesByEngagement) in the background, keep the answer in
the app's one timeline cache, and repaint. When the live view looks at page one, the ongoing
rows on screen beyond it are described again too, so one that stopped shows it in place.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from textual import on

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement, EngagementDetail, Timeline
from engage_tui.background import fetch
from engage_tui.browse.acks import AckPlanner, Ask
from engage_tui.browse.live import LOOK_SIZE, LiveView
from engage_tui.messages import AckFailed, AckLearned
from engage_tui.widgets.table_messages import CursorMoved

if TYPE_CHECKING:
    from engage_tui.aws.source import Source

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
        rows = self.attention_rows() if self.reading_all else self.table.rows_in_view(MARGIN)
        for ask in self.ack_plan.wanted(rows, self.ack_of):
            held = self.app.timelines.peek(ask.arn)
            fetch(
                self,
                partial(learn, self.app.source, ask, held),
                done=AckLearned,
                failed=partial(AckFailed, ask.arn),
                description="learning who acknowledged",
                group="acks",
                exclusive=False,
            )

    def recheck_on_screen(self) -> None:
        """The live view looked at page one: the rows on screen beyond it are asked again."""
        page_one = {row.arn for row in islice(self.feed.rows, LOOK_SIZE)}
        rows = self.table.rows_in_view(MARGIN)
        self.ack_plan.recheck(row for row in rows if row.arn not in page_one)
        self.plan_acks()

    def row_described(self, detail: EngagementDetail) -> None:
        """A fresh DescribeEngagement: a held row that stopped meanwhile shows it, in place."""
        held = self.feed.get(detail.arn)
        if held is not None and held.stop != detail.stop:
            self.feed.replace_row(replace(held, stop=detail.stop))
            self.table.refresh_labels()
            self.rows_changed()

    def cursor_detail_changed(self) -> None:
        """The engagement under the cursor was described again: the detail panel shows it."""
        raise NotImplementedError

    @property
    def reading_all(self) -> bool:
        """The needs-attention check wants every ongoing row's acknowledgement."""
        return False

    def attention_rows(self) -> list[Engagement]:
        raise NotImplementedError

    def acks_changed(self) -> None:
        """A row's acknowledgement became known."""

    @on(CursorMoved)
    def _rows_in_view_changed(self) -> None:
        self.call_after_refresh(self.plan_acks)

    @on(AckLearned)
    def _ack_learned(self, message: AckLearned) -> None:
        timeline = message.timeline
        self.ack_plan.answered(timeline.arn)
        held = self.feed.get(timeline.arn)
        before = self.ack_of(held) if held is not None else None
        self.app.timelines.put(timeline.arn, timeline)
        if timeline.detail is not None:
            self.row_described(timeline.detail)
        row = self.feed.get(timeline.arn)
        # A recheck that found nothing new (what an idle look mostly does) repaints nothing.
        if row is not None and (row != held or self.ack_of(row) != before):
            self.table.refresh_row(row.arn)
            if (cursor := self.table.cursor_engagement) is not None and cursor.arn == row.arn:
                self.cursor_detail_changed()
            self.acks_changed()
        self.plan_acks()

    @on(AckFailed)
    def _ack_failed(self, message: AckFailed) -> None:
        self.ack_plan.answered(message.engagement_arn)  # `…` stays; asked again when stale


def learn(source: Source, ask: Ask, held: Timeline | None) -> Timeline:
    """In a worker: what the Ack column asked about one engagement, as a timeline for the cache.

    Its pages, cheaply; for a recheck its detail too (has it stopped?), over the pages already
    held when it is known acknowledged, and in full when the detail panel holds it in full.
    """
    if ask.pages and held is not None and held.full:
        # The cache never lets a cheap answer replace a full timeline: a cheap one would be
        # dropped and the row would keep what the panel saw (`paging`, `✗`) for good.
        return source.timeline_parts(ask.arn)
    if not ask.describe:
        return source.timeline_parts(ask.arn, full=False)
    detail = source.describe_engagement(ask.arn)
    if ask.pages or held is None:
        held = source.timeline_parts(ask.arn, full=False)
    return replace(held, detail=detail)
