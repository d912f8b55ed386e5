"""Engagement start times kept in order, so that charting any window costs O(buckets · log rows)
instead of a walk over every loaded row (the chart is redrawn on every page and every ack)."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _micros(moment: datetime) -> int:
    """The instant as microseconds since the epoch; a naive time is taken as UTC."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return (aware - _EPOCH) // _MICROSECOND


class StartIndex:
    """A sorted multiset of instants, 8 bytes each, newest first.

    Newest first because pages arrive newest first: a page of older rows is an append, O(page).
    """

    def __init__(self, moments: Iterable[datetime | None] = ()) -> None:
        self._keys = array("q")  # negated microseconds, ascending
        self.version = 0
        """Goes up with every change: counts taken at one version hold until the next."""
        self.add(moments)

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, moments: Iterable[datetime | None]) -> None:
        """Count these instants too (None: an unknown start, not counted)."""
        fresh = sorted(-_micros(m) for m in moments if m is not None)
        keys = self._keys
        if not fresh:
            return
        self.version += 1
        if not keys or fresh[0] >= keys[-1]:  # older than every one held: the usual page
            keys.extend(fresh)
        elif fresh[-1] <= keys[0]:  # newer than every one held: the live view's new rows
            keys[0:0] = array("q", fresh)
        else:  # out of order (a service may send anything): one sort of two sorted runs
            self._keys = array("q", sorted([*keys, *fresh]))

    def remove(self, moment: datetime | None) -> None:
        """Stop counting one occurrence of `moment` (a row replaced by one with another start)."""
        if moment is None:
            return
        key = -_micros(moment)
        index = bisect_left(self._keys, key)
        if index < len(self._keys) and self._keys[index] == key:
            del self._keys[index]
            self.version += 1

    def counts(self, start: datetime, end: datetime, buckets: int) -> list[int]:
        """How many instants fall in each of `buckets` equal slices of [start, end].

        Instants outside the window are not counted; `end` itself falls in the last bucket.
        Compared as instants, so zones and DST changes don't shift a bucket.
        """
        counts = [0] * max(buckets, 0)
        first, last = _micros(start), _micros(end)
        if not counts or last <= first:
            return counts
        span = (last - first) / 10**6

        def bucket_down(key: int) -> int:
            """Minus the bucket of an instant: ascending along the keys."""
            offset = (-key - first) / 10**6
            return -min(int(offset / span * buckets), buckets - 1)

        keys = self._keys
        lo, hi = bisect_left(keys, -last), bisect_right(keys, -first)
        # at_least[i]: how many instants in the window fall in bucket i or a later one.
        # Newest first, so bucket i and later ones are a prefix of [lo, hi) that grows as i falls.
        at_least = [hi - lo] + [0] * buckets
        end_of = lo
        for i in range(buckets - 1, 0, -1):
            end_of = bisect_right(keys, -i, end_of, hi, key=bucket_down)
            at_least[i] = end_of - lo
        return [at_least[i] - at_least[i + 1] for i in range(buckets)]
