"""The emulator's notion of "now": wall time by default, a hand-moved clock in tests.

What the endpoint serves depends only on (dataset, now, actions taken): arrivals, acknowledgements
and stops planned after the anchor simply appear once the clock passes their time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], float]
"""Anything that returns the current time as epoch seconds (``time.time`` is one)."""


def wall_clock() -> float:
    """The real time, as epoch seconds."""
    return time.time()


def _epoch(when: float | datetime) -> float:
    if isinstance(when, datetime):
        if when.tzinfo is None:
            raise ValueError("a clock time needs a zone")
        return when.timestamp()
    return float(when)


class ManualClock:
    """A clock that only moves when told to: `advance(60)` is a minute of the demo, instantly."""

    def __init__(self, start: float | datetime) -> None:
        self._now = _epoch(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward (never back) by `seconds`; returns the new time."""
        if seconds < 0:
            raise ValueError("a clock does not go back")
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, when: float | datetime) -> None:
        """Jump to `when` (epoch seconds or an aware datetime), in either direction."""
        with self._lock:
            self._now = _epoch(when)
