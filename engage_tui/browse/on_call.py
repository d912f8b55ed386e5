"""Who is on call, per on-call schedule, as last fetched: shared by the detail panel and the
drill-in, and the one place that decides when to ask again (never once per cursor move)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from engage_tui.aws.errors import SourceError
from engage_tui.lookups import OnCallFound

# Overrides can change who is on call between hand-offs: a held answer is asked again after this.
REFRESH = timedelta(minutes=10)
# A failure (a missing permission, throttling) is shown, and asked again no sooner than this.
ERROR_RETRY = timedelta(minutes=1)
# A question with no answer by then is taken as lost (its worker was cancelled).
ASK_TIMEOUT = timedelta(seconds=30)
CACHE_SIZE = 64

Answer = OnCallFound | SourceError


@dataclass(frozen=True, slots=True)
class _Held:
    answer: Answer
    at: datetime


class OnCallCache:
    """Schedule ARN → the last answer (who is on call, or why it couldn't be learned)."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._size = size
        self._held: OrderedDict[str, _Held] = OrderedDict()
        self._asking: dict[str, datetime] = {}

    def get(self, schedule_arn: str) -> Answer | None:
        """The last answer, even a stale one (it is shown while the next is fetched)."""
        held = self._held.get(schedule_arn)
        return held.answer if held is not None else None

    def wants(self, schedule_arn: str, now: datetime) -> bool:
        """Whether to ask now: never asked, the shift has ended, the answer is old, or a
        failure is old enough to retry; never while a question is out."""
        asked = self._asking.get(schedule_arn)
        if asked is not None and now - asked < ASK_TIMEOUT:
            return False
        held = self._held.get(schedule_arn)
        if held is None:
            return True
        if isinstance(held.answer, SourceError):
            return now - held.at >= ERROR_RETRY
        until = held.answer.on_call.until
        return now - held.at >= REFRESH or (until is not None and now >= until)

    def asking(self, schedule_arn: str, now: datetime) -> None:
        """A question about `schedule_arn` went out at `now`."""
        self._asking[schedule_arn] = now

    def answered(self, schedule_arn: str, answer: Answer, now: datetime) -> None:
        """Hold `answer` (learned at `now`); the least recently answered go first."""
        self._asking.pop(schedule_arn, None)
        self._held[schedule_arn] = _Held(answer, now)
        self._held.move_to_end(schedule_arn)
        while len(self._held) > self._size:
            self._held.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer (a full reload asks again)."""
        self._held.clear()
        self._asking.clear()
