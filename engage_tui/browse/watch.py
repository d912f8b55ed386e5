"""When to look for new engagements: the live view's schedule, pauses and back-off; UI-free.

While the time range ends at now, the browse screen asks for page one every `interval` seconds.
It pauses while something covers the table (the drill-in, a prompt, the help) and backs off,
with jitter, while AWS throttles or fails, saying so only once it lasts.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from engage_tui.aws.errors import ErrorKind, SourceError

MAX_BACKOFF_S = 120.0
# A back-off this short is not worth a word on the status line.
QUIET_BACKOFF_S = 30.0


@dataclass
class Watch:
    """The live view's state: on or off, paused, and how long until the next look."""

    interval: float = 10.0
    enabled: bool = True
    paused: bool = False
    failures: int = 0
    last_error: SourceError | None = None
    jitter: Callable[[], float] = field(default=lambda: random.uniform(0.8, 1.2))

    def delay(self) -> float:
        """Seconds until the next look: the interval, or longer after failures (with jitter)."""
        if not self.failures:
            return self.interval
        return min(MAX_BACKOFF_S, self.interval * 2**self.failures) * self.jitter()

    def looked(self) -> None:
        """A look succeeded: back to the plain interval (`last_error` is read only when failing)."""
        self.failures = 0

    def failed(self, error: SourceError) -> None:
        """A look failed: wait longer before the next one."""
        self.failures += 1
        self.last_error = error

    def label(self, live: bool) -> str:
        """For the status line: `live · 10s`, `paused`, `backing off 40s`, `not live`."""
        if not self.enabled:
            return "watch off (w)"
        if not live:
            return "fixed range"
        if self.paused:
            return "paused"
        if self.failures:
            wait = min(MAX_BACKOFF_S, self.interval * 2**self.failures)
            if wait >= QUIET_BACKOFF_S or self._serious():
                return f"backing off {wait:.0f}s"
        return f"live · {self.interval:g}s"

    def _serious(self) -> bool:
        return self.last_error is not None and self.last_error.kind is not ErrorKind.THROTTLED
