"""Runtime-switchable faults: tests flip these mid-session to see how the client copes."""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field


class Action(enum.Enum):
    """What the server does instead of (or before) answering normally."""

    NONE = "none"
    THROTTLE = "throttle"
    SERVER_ERROR = "server-error"
    DROP = "drop"
    MALFORMED = "malformed"
    EXPIRED = "expired-credentials"
    DENIED = "access-denied"


@dataclass(frozen=True, slots=True)
class Decision:
    """The fault verdict for one request: wait `delay` seconds, then do `action`."""

    action: Action
    delay: float
    repeat_token: bool


@dataclass
class Faults:
    """Fault switches. Assign fields from any thread; counters are consumed under a lock.

    `*_next` and `throttle_burst` count down one per affected request; `stall_seconds` hangs
    exactly one request, then resets to 0. `ops`, when set, limits every fault except
    `latency_ms` to those operation names (e.g. {"ListEngagements"}); `access_denied` is its
    own set of operation names.
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
    ops: set[str] | None = None
    _seen: int = field(default=0, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def decide(self, operation: str) -> Decision:
        """Consume the counters that apply to one request of `operation`."""
        with self._lock:
            delay = self.latency_ms / 1000.0
            if self.ops is not None and operation not in self.ops:
                return Decision(Action.NONE, delay, False)
            self._seen += 1
            if self.stall_seconds > 0:
                delay += self.stall_seconds
                self.stall_seconds = 0.0
            return Decision(self._action(operation), delay, self.repeat_token)

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

    def clear(self) -> None:
        """Switch every fault off."""
        with self._lock:
            fresh = Faults()
            for name in (
                "latency_ms",
                "throttle_every",
                "throttle_burst",
                "server_error_next",
                "stall_seconds",
                "drop_next",
                "malformed_next",
                "expired_credentials",
                "repeat_token",
                "ops",
                "_seen",
            ):
                setattr(self, name, getattr(fresh, name))
            self.access_denied = set()
