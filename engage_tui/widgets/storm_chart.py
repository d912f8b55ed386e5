"""A picture of the page storm: engagements per time bucket across the window, as a sparkline
with a caption (how many, bucket size, "partial" while more pages exist, time to acknowledge)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.widgets import Sparkline

from engage_tui.browse.starts import StartIndex
from engage_tui.widgets.one_line import OneLine
from engage_tui.zones import as_utc

_DEFAULT_BUCKETS = 60
_SECOND = timedelta(seconds=1)


def bucket_counts(
    starts: Iterable[datetime | None], start: datetime, end: datetime, buckets: int
) -> list[int]:
    """How many of `starts` fall in each of `buckets` equal slices of [start, end] (see
    `StartIndex.counts`); unknown starts (None) are not counted."""
    return StartIndex(starts).counts(start, end, buckets)


def _whole_seconds(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """The window widened to whole seconds (in UTC): the start down, the end up."""
    start, end = as_utc(start), as_utc(end)
    ceiling = end.replace(microsecond=0) + (_SECOND if end.microsecond else timedelta(0))
    return start.replace(microsecond=0), ceiling


def percentile(durations: Sequence[timedelta], q: float) -> timedelta | None:
    """The nearest-rank `q` percentile (0 < q ≤ 100) of `durations`; None when there are none."""
    if not durations:
        return None
    ordered = sorted(durations)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def short_duration(span: timedelta) -> str:
    """`42s`, `3m`, `1h 05m`: a duration to the precision a glance needs."""
    seconds = max(int(span.total_seconds()), 0)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h {seconds % 3600 // 60:02d}m"
    return f"{seconds // 86400}d {seconds % 86400 // 3600}h"


def ack_text(durations: Sequence[timedelta]) -> str:
    """`ack p50 3m · p90 9m (12 acked)`, or "" when no time to acknowledge is known."""
    p50, p90 = percentile(durations, 50), percentile(durations, 90)
    if p50 is None or p90 is None:
        return ""
    count = len(durations)
    return f"ack p50 {short_duration(p50)} · p90 {short_duration(p90)} ({count} acked)"


class StormChart(Vertical):
    """Engagements per time bucket across a window, and the time to acknowledge of those known.

    Feed it with `show_engagements` whenever rows load or the window changes and `show_acks`
    whenever acknowledgements are learned; it re-buckets to its own width on resize.
    """

    DEFAULT_CSS = """
    StormChart { height: 2; }
    StormChart > Sparkline { height: 1; }
    StormChart > #storm-caption { height: 1; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = "storm", classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._starts = StartIndex()
        self._counts: list[int] | None = None  # as drawn, until the rows, window or width change
        self._counted_for: tuple[StartIndex, int, tuple[datetime, datetime]] | None = None
        self._window: tuple[datetime, datetime] | None = None
        self._partial = False
        self._acks = ""

    def compose(self) -> ComposeResult:
        yield Sparkline([], id="storm-spark")
        yield OneLine(id="storm-caption")

    def on_mount(self) -> None:
        self._redraw()

    def on_resize(self, event: Resize) -> None:
        self._counts = None
        self._redraw()

    def show_engagements(
        self,
        starts: StartIndex | Iterable[datetime | None],
        window: tuple[datetime, datetime],
        *,
        partial: bool,
    ) -> None:
        """Chart these engagement start times across `window`; `partial` while more pages
        exist (the chart then undercounts). A `StartIndex` is read, not copied: pass it again
        after it grew."""
        self._starts = starts if isinstance(starts, StartIndex) else StartIndex(starts)
        # Pages come several a second and an open window ends "now": to whole seconds, its
        # rows are counted again only when they (or the second) change.
        window = _whole_seconds(*window)
        counted_for = (self._starts, self._starts.version, window)
        if counted_for != self._counted_for:
            self._counted_for = counted_for
            self._counts = None
        self._window = window
        self._partial = partial
        self._redraw()

    def show_acks(self, durations: Sequence[timedelta]) -> None:
        """Show the median and 90th percentile time to acknowledge of `durations`."""
        self._acks = ack_text(durations)
        self._redraw()

    @property
    def buckets(self) -> int:
        """One bucket per column the chart has (a default before it is laid out)."""
        return self.size.width or _DEFAULT_BUCKETS

    @property
    def counts(self) -> list[int]:
        """The engagements per bucket as drawn now."""
        if self._window is None:
            return []
        if self._counts is None:
            self._counts = self._starts.counts(*self._window, self.buckets)
        return self._counts

    def caption(self) -> Content:
        """`42 engagements · 5m per bar · partial (more pages) · ack p50 3m · p90 9m`."""
        if self._window is None:
            return Content("")
        start, end = self._window
        counted = sum(self.counts)
        per_bar = (as_utc(end) - as_utc(start)) / max(self.buckets, 1)
        pieces: list[str | tuple[str, str]] = [
            f"{counted} engagement{'' if counted == 1 else 's'} · {short_duration(per_bar)} per bar"
        ]
        if self._partial:
            pieces.append((" · partial (more pages to load)", "$text-warning"))
        if self._acks:
            pieces.append(f" · {self._acks}")
        return Content.assemble(*pieces)

    def _redraw(self) -> None:
        if not self.is_mounted:
            return
        data = [float(count) for count in self.counts]
        spark = self.query_one(Sparkline)
        if spark.data != data:
            spark.data = data
        self.query_one("#storm-caption", OneLine).show_content(self.caption())
