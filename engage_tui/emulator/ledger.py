"""What clients did to the data: acknowledgements (AcceptPage) and stops (StopEngagement)."""

from __future__ import annotations

import threading

from engage_tui.emulator.records import Receipt


class Ledger:
    """Actions taken at run time, keyed by engagement index; safe to use from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stops: dict[int, tuple[int, str]] = {}
        self._receipts: dict[tuple[int, int], tuple[Receipt, ...]] = {}

    def stop(self, i: int, when: int, reason: str) -> None:
        with self._lock:
            self._stops.setdefault(i, (when, reason))

    def stopped(self, i: int) -> tuple[int, str] | None:
        """(time, reason) of a StopEngagement on engagement i, if any."""
        if not self._stops:  # the common case, read without the lock (a dict read is atomic)
            return None
        with self._lock:
            return self._stops.get(i)

    def add_receipt(self, i: int, j: int, receipt: Receipt) -> None:
        with self._lock:
            self._receipts[i, j] = (*self._receipts.get((i, j), ()), receipt)

    def receipts(self, i: int, j: int) -> tuple[Receipt, ...]:
        if not self._receipts:
            return ()
        with self._lock:
            return self._receipts.get((i, j), ())

    def clear(self) -> None:
        """Forget every action (the data returns to its plan)."""
        with self._lock:
            self._stops.clear()
            self._receipts.clear()
