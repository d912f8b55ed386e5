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

from engage_tui.aws.models import Timeline

SETTLE_S = 0.15
CACHE_SIZE = 512


class TimelineCache:
    """Timelines by engagement ARN, least recently used dropped first."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._timelines: OrderedDict[str, Timeline] = OrderedDict()

    def get(self, arn: str) -> Timeline | None:
        timeline = self._timelines.get(arn)
        if timeline is not None:
            self._timelines.move_to_end(arn)
        return timeline

    def peek(self, arn: str) -> Timeline | None:
        """The timeline without marking it used (for painting the Ack column)."""
        return self._timelines.get(arn)

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
        while len(self._timelines) > self._size:
            self._timelines.popitem(last=False)

    def items(self) -> list[tuple[str, Timeline]]:
        """Every cached (ARN, timeline)."""
        return list(self._timelines.items())

    def clear(self) -> None:
        self._timelines.clear()

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
