"""Everything about one engagement, fetched once: the timeline cache and the cursor-settle delay.

The detail panel and the drill-in both read and write the one `TimelineCache` the app holds, so
`r` in the drill-in also refreshes what the panel shows. Holding ↓ must not send a request per
row: the panel asks (for the timeline, and who is on call) only once the cursor has rested for
`SETTLE_S`.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement, Timeline

SETTLE_S = 0.15
CACHE_SIZE = 512


class TimelineCache:
    """Timelines by engagement ARN, least recently used dropped first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._timelines: OrderedDict[str, Timeline] = OrderedDict()
        # What each timeline says of its row's acknowledgement, for the row it was asked with:
        # the Ack column, the status line and the chart ask on every repaint and every ack.
        self._acks: dict[str, tuple[Engagement, Acknowledgement]] = {}

    def get(self, arn: str) -> Timeline | None:
        timeline = self._timelines.get(arn)
        if timeline is not None:
            self._timelines.move_to_end(arn)
        return timeline

    def peek(self, arn: str) -> Timeline | None:
        """The timeline without marking it used (what a recheck starts from)."""
        return self._timelines.get(arn)

    def acknowledgement(self, row: Engagement) -> Acknowledgement | None:
        """What the cached timeline of `row` says of its acknowledgement (None: no timeline);
        worked out once per timeline and row, without marking the timeline used."""
        timeline = self._timelines.get(row.arn)
        if timeline is None:
            return None
        known = self._acks.get(row.arn)
        if known is not None and known[0] is row:
            return known[1]
        ack = timeline.acknowledgement(row)
        self._acks[row.arn] = (row, ack)
        return ack

    def has_full(self, arn: str) -> bool:
        """A full timeline (detail, pages, receipts) is cached, not only the Ack column's part."""
        timeline = self._timelines.get(arn)
        return timeline is not None and timeline.full

    def put(self, arn: str, timeline: Timeline) -> None:
        """Cache `timeline`; the Ack column's cheap fetch never replaces a full one."""
        held = self._timelines.get(arn)
        if held is not None and held.full and not timeline.full:
            return
        self._timelines[arn] = timeline
        self._timelines.move_to_end(arn)
        self._acks.pop(arn, None)
        while len(self._timelines) > self._size:
            dropped, _ = self._timelines.popitem(last=False)
            self._acks.pop(dropped, None)

    def arns(self) -> list[str]:
        """The ARNs of every cached timeline (at most the cache's size)."""
        return list(self._timelines)

    def clear(self) -> None:
        self._timelines.clear()
        self._acks.clear()

    def __contains__(self, arn: object) -> bool:
        return arn in self._timelines


class _Timer(Protocol):
    def stop(self) -> None: ...


class Settler:
    """Calls `fetch(arn)` once the cursor has rested on an engagement that `wanted(arn)`."""

    def __init__(
        self,
        wanted: Callable[[str], bool],
        set_timer: Callable[[float, Callable[[], None]], _Timer],
        fetch: Callable[[str], None],
    ) -> None:
        self._wanted = wanted
        self._set_timer = set_timer
        self._fetch = fetch
        self._timer: _Timer | None = None
        self._waiting_on: str | None = None

    @property
    def waiting(self) -> bool:
        """The cursor has not rested yet: a fetch is still to come."""
        return self._timer is not None

    def cursor_on(self, arn: str | None) -> None:
        """The cursor moved to `arn`: forget any earlier wait, and wait for this one if needed.
        The same engagement again keeps its wait (a repaint is not a move)."""
        if self._timer is not None and arn == self._waiting_on:
            return
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if arn is not None and self._wanted(arn):
            self._waiting_on = arn
            self._timer = self._set_timer(SETTLE_S, lambda: self._settled(arn))

    def _settled(self, arn: str) -> None:
        self._timer = None
        self._fetch(arn)
