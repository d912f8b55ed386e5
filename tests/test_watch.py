"""The live view's schedule: the interval, back-off with jitter, pauses, and what it says."""

from __future__ import annotations

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.browse.watch import MAX_BACKOFF_S, Watch

THROTTLED = SourceError(ErrorKind.THROTTLED, "slow down", retryable=True)
DENIED = SourceError(ErrorKind.ACCESS_DENIED, "denied", retryable=False)


def test_looks_every_interval_and_says_live() -> None:
    watch = Watch(interval=10, jitter=lambda: 1.0)
    assert watch.delay() == 10
    assert watch.label(live=True) == "live · 10s"
    assert watch.label(live=False) == "fixed range"


def test_throttling_backs_off_with_jitter_quietly_then_says_so_then_recovers() -> None:
    watch = Watch(interval=10, jitter=lambda: 1.1)
    watch.failed(THROTTLED)
    assert watch.delay() == 22.0
    assert watch.label(live=True) == "live · 10s", "a short back-off is not worth a word"
    watch.failed(THROTTLED)
    assert watch.delay() == 44.0 and watch.label(live=True) == "backing off 40s"
    for _ in range(10):
        watch.failed(THROTTLED)
    assert watch.delay() == MAX_BACKOFF_S * 1.1
    watch.looked()
    assert watch.delay() == 10 and watch.label(live=True) == "live · 10s"


def test_other_failures_are_said_at_once_and_pause_and_off_win() -> None:
    watch = Watch(interval=10, jitter=lambda: 1.0)
    watch.failed(DENIED)
    assert watch.label(live=True) == "backing off 20s"
    watch.paused = True
    assert watch.label(live=True) == "paused"
    watch.enabled = False
    assert watch.label(live=True) == "watch off (w)"
