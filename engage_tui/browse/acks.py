"""Which rows' acknowledgement to learn next, for the Ack column; UI-free.

Only rows on screen (plus a margin) are asked about, at most `max_in_flight` at a time and no
faster than `rate` requests a second, so scrolling never becomes a request storm. An ongoing,
unacknowledged row is asked about again once its answer is `fresh_s` old; and each time the live
view looks, the ongoing rows on screen beyond page one are rechecked (has it stopped, has it been
acknowledged) under the same limits. A row that stopped is never asked about again once known.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement


class RateLimit:
    """A token bucket: `rate` requests a second on average, bursts of up to `burst`."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = burst
        self._at = clock()

    def take(self) -> bool:
        """Spend one token if there is one."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens < 1:
            return False
        self._tokens -= 1
        return True


@dataclass(frozen=True, slots=True)
class Ask:
    """One fetch for the Ack column: the engagement, whether to describe it too (a recheck:
    has it stopped?), and whether its pages are wanted (not when it is known acknowledged)."""

    arn: str
    describe: bool = False
    pages: bool = True


class AckPlanner:
    """Decides which engagements' pages to fetch for the Ack column."""

    def __init__(
        self,
        *,
        rate: float,
        max_in_flight: int = 3,
        fresh_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_in_flight = max_in_flight
        self.fresh_s = fresh_s
        self.limit = RateLimit(rate, burst=max(1.0, rate), clock=clock)
        self._clock = clock
        self.in_flight: set[str] = set()
        self._asked_at: dict[str, float] = {}
        self._recheck: set[str] = set()

    def wanted(
        self, rows: Sequence[Engagement], known: Callable[[Engagement], Acknowledgement | None]
    ) -> list[Ask]:
        """What to fetch now, in the order given (the rows on screen first)."""
        chosen: list[Ask] = []
        for row in rows:
            if len(self.in_flight) >= self.max_in_flight:
                break
            ack = known(row)
            recheck = row.arn in self._recheck and row.stop is None
            if row.arn in self.in_flight or not (recheck or self._due(row, ack)):
                continue
            if not self.limit.take():
                break
            self.in_flight.add(row.arn)
            self._asked_at[row.arn] = self._clock()
            self._recheck.discard(row.arn)
            acknowledged = ack is not None and ack.acknowledged
            chosen.append(Ask(row.arn, describe=recheck, pages=not (recheck and acknowledged)))
        return chosen

    def recheck(self, rows: Iterable[Engagement]) -> None:
        """The live view looked: these rows (on screen, beyond page one) are asked about again
        if ongoing; rows an earlier look wanted rechecked but that scrolled away are not."""
        self._recheck = {row.arn for row in rows if row.stop is None}

    def _due(self, row: Engagement, ack: Acknowledgement | None) -> bool:
        asked = self._asked_at.get(row.arn)
        if asked is None:
            return True
        if ack is None:  # asked before and failed: not again until the answer would be stale
            return self._clock() - asked >= self.fresh_s
        still_open = row.stop is None and not ack.acknowledged
        return still_open and self._clock() - asked >= self.fresh_s

    def answered(self, arn: str) -> None:
        """The fetch for `arn` ended (loaded or failed)."""
        self.in_flight.discard(arn)

    def forget(self) -> None:
        """A reload: every row is asked about again."""
        self._asked_at.clear()
        self._recheck.clear()
