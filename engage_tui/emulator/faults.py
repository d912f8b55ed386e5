"""Runtime-switchable faults: tests flip these mid-session to see how the client copes."""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field, fields

from engage_tui.emulator.view import DataSwitches


class Action(enum.Enum):
    """What the server does instead of (or before) answering normally."""

    NONE = "none"
    THROTTLE = "throttle"
    SERVER_ERROR = "server-error"
    DROP = "drop"
    MALFORMED = "malformed"
    EXPIRED = "expired-credentials"
    DENIED = "access-denied"


class PagingFault(enum.Enum):
    """How a listing answers instead of the page asked for."""

    NONE = "none"
    EMPTY = "empty"  # no rows, and a NextToken for the same position
    DUPLICATE = "duplicate"  # the previous page's rows again, and a fresh token to this position


@dataclass(frozen=True, slots=True)
class Decision:
    """The fault verdict for one request: wait `delay` seconds, then do `action`."""

    action: Action
    delay: float
    repeat_token: bool
    paging: PagingFault = PagingFault.NONE
    drip_seconds: float = 0.0
    data: DataSwitches = DataSwitches()
    naive_times: bool = False
    hold: threading.Event | None = None


@dataclass
class Faults:
    """Fault switches. Assign fields from any thread; counters are consumed under a lock.

    Per-request faults: `*_next` and `throttle_burst` count down one per affected request;
    `stall_seconds` hangs exactly one request, then resets to 0. `empty_pages_next` and
    `duplicate_pages_next` count listing requests only (a duplicate needs a NextToken to
    repeat the page before it). `drip_next` answers N requests with the status and headers at
    once, then the body one byte every `drip_seconds`. `hold`, while it is an unset Event,
    keeps each request waiting until it is set (a test keeps a page in flight for as long as
    it needs, without sleeping). `ops`, when set, limits all of these (and `access_denied`'s
    own set of operations) to those operation names.

    Data faults describe the dataset, so they hold for every operation whatever `ops` says:
    `hostile` (escapes, markup, C1/bidi controls, 8 KiB texts in every text field, and in some
    ARNs and IDs), `skew` (engagement 0 starts in the future, engagement 1 stopped before it
    started, engagement 2 has a READ 15m 20s before its start), `unordered_receipts` (receipts
    newest first), `naive_times` (timestamps as ISO 8601 strings without a zone).
    """

    latency_ms: int = 0
    throttle_every: int = 0
    throttle_burst: int = 0
    server_error_next: int = 0
    stall_seconds: float = 0.0
    drop_next: int = 0
    malformed_next: int = 0
    expired_credentials: bool = False
    access_denied: set[str] = field(default_factory=set)
    repeat_token: bool = False
    empty_pages_next: int = 0
    duplicate_pages_next: int = 0
    drip_next: int = 0
    drip_seconds: float = 1.0
    hostile: bool = False
    skew: bool = False
    unordered_receipts: bool = False
    naive_times: bool = False
    hold: threading.Event | None = field(default=None, compare=False)
    ops: set[str] | None = None
    _seen: int = field(default=0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def decide(self, operation: str, listing: bool = False, has_token: bool = False) -> Decision:
        """Consume the counters that apply to one request of `operation`."""
        with self._lock:
            delay = self.latency_ms / 1000.0
            data = DataSwitches(self.hostile, self.skew, self.unordered_receipts)
            if self.ops is not None and operation not in self.ops:
                return Decision(Action.NONE, delay, False, data=data, naive_times=self.naive_times)
            self._seen += 1
            if self.stall_seconds > 0:
                delay += self.stall_seconds
                self.stall_seconds = 0.0
            drip = 0.0
            if self.drip_next > 0:
                self.drip_next -= 1
                drip = max(self.drip_seconds, 0.001)
            return Decision(
                self._action(operation),
                delay,
                self.repeat_token,
                self._paging(listing, has_token),
                drip,
                data,
                self.naive_times,
                self.hold,
            )

    def _paging(self, listing: bool, has_token: bool) -> PagingFault:
        if not listing:
            return PagingFault.NONE
        if self.empty_pages_next > 0:
            self.empty_pages_next -= 1
            return PagingFault.EMPTY
        if has_token and self.duplicate_pages_next > 0:
            self.duplicate_pages_next -= 1
            return PagingFault.DUPLICATE
        return PagingFault.NONE

    def _action(self, operation: str) -> Action:
        if self.drop_next > 0:
            self.drop_next -= 1
            return Action.DROP
        if self.expired_credentials:
            return Action.EXPIRED
        if operation in self.access_denied:
            return Action.DENIED
        if self.throttle_burst > 0:
            self.throttle_burst -= 1
            return Action.THROTTLE
        if self.throttle_every > 0 and self._seen % self.throttle_every == 0:
            return Action.THROTTLE
        if self.server_error_next > 0:
            self.server_error_next -= 1
            return Action.SERVER_ERROR
        if self.malformed_next > 0:
            self.malformed_next -= 1
            return Action.MALFORMED
        return Action.NONE

    def data_switches(self) -> DataSwitches:
        """The data faults in force now (what the oracle should expect)."""
        with self._lock:
            return DataSwitches(self.hostile, self.skew, self.unordered_receipts)

    def clear(self) -> None:
        """Switch every fault off, the data faults too."""
        with self._lock:
            fresh = Faults()
            for f in fields(self):
                if f.name != "_lock":
                    setattr(self, f.name, getattr(fresh, f.name))
