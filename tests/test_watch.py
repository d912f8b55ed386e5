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


def test_each_failure_doubles_the_wait_until_the_ceiling() -> None:
    watch = Watch(interval=10, jitter=lambda: 1.0)
    waits = []
    for _ in range(5):
        watch.failed(THROTTLED)
        waits.append((watch.delay(), watch.label(live=True)))
    assert waits == [
        (20, "live · 10s"),
        (40, "backing off 40s"),
        (80, "backing off 80s"),
        (MAX_BACKOFF_S, "backing off 120s"),
        (MAX_BACKOFF_S, "backing off 120s"),
    ]


def test_a_back_off_of_exactly_30s_is_said() -> None:
    watch = Watch(interval=15, jitter=lambda: 1.0)
    watch.failed(THROTTLED)
    assert watch.label(live=True) == "backing off 30s"


def test_failures_after_a_good_look_count_from_one_again() -> None:
    watch = Watch(interval=10, jitter=lambda: 1.0)
    watch.failed(DENIED)
    watch.failed(DENIED)
    watch.looked()
    watch.failed(THROTTLED)
    assert watch.delay() == 20 and watch.label(live=True) == "live · 10s"
