"""How times read in the table and detail panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from engage_tui import timefmt

NOW = datetime(2026, 11, 27, 1, 26, 5, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("moment", "utc", "expected"),
    [
        (datetime(2026, 11, 27, 1, 12, 5, tzinfo=UTC), True, "01:12:05"),
        (datetime(2026, 11, 25, 1, 12, 5, tzinfo=UTC), True, "Nov 25 01:12"),
        (datetime(2025, 11, 25, 1, 12, 5, tzinfo=UTC), True, "Nov 25 2025 01:12"),
        # 01:12 UTC is 20:12 the evening before in New York, which is "today" there too.
        (datetime(2026, 11, 27, 1, 12, 5, tzinfo=UTC), False, "20:12:05"),
        (datetime(2026, 11, 26, 1, 12, 5, tzinfo=UTC), False, "Nov 25 20:12"),
        (datetime(2026, 11, 27, 1, 12, 5), True, "01:12:05"),  # naive means UTC
    ],
)
def test_clock_shows_date_only_when_not_today(moment: datetime, utc: bool, expected: str) -> None:
    assert timefmt.clock(moment, utc=utc, tz=NEW_YORK, now=NOW) == expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(seconds=0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=14, seconds=30), "14m ago"),
        (timedelta(hours=3, minutes=59), "3h ago"),
        (timedelta(days=2, hours=23), "2d ago"),
        (timedelta(days=800), "2y ago"),
        (timedelta(minutes=-5), "in 5m"),
        (timedelta(hours=-2), "in 2h"),
    ],
)
def test_ago_rounds_down_to_the_largest_unit(offset: timedelta, expected: str) -> None:
    assert timefmt.ago(NOW - offset, now=NOW) == expected


def test_ago_counts_real_elapsed_time_across_a_dst_change() -> None:
    # 01:30 EDT and 01:30 EST on Nov 1 2026 share a wall clock but are an hour apart.
    before = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=0)
    after = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1)
    assert timefmt.ago(before, now=after) == "1h ago"


def test_stamp_joins_clock_and_age() -> None:
    moment = NOW - timedelta(minutes=14)
    assert timefmt.stamp(moment, now=NOW, utc=True, tz=NEW_YORK) == "01:12:05 · 14m ago"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0s"),
        (42, "42s"),
        (4 * 60 + 12, "4m 12s"),
        (4 * 60 + 5, "4m 05s"),
        (2 * 3600 + 3 * 60 + 59, "2h 03m"),
        (3 * 86400 + 4 * 3600 + 59 * 60, "3d 4h"),
        (-90, "-1m 30s"),
    ],
)
def test_duration_shows_two_units(seconds: int, expected: str) -> None:
    assert timefmt.duration(NOW, NOW + timedelta(seconds=seconds)) == expected


@pytest.mark.parametrize(
    ("moment", "utc", "tz", "expected"),
    [
        (NOW, True, NEW_YORK, "2026-11-27 01:26:05 UTC"),
        (NOW, False, NEW_YORK, "2026-11-26 20:26:05 EST (UTC-05:00)"),
        (NOW.replace(month=7), False, NEW_YORK, "2026-07-26 21:26:05 EDT (UTC-04:00)"),
        (NOW.replace(microsecond=250_000), False, UTC, "2026-11-27 01:26:05.250 UTC"),
        (NOW, False, timezone(timedelta(hours=5, minutes=30)), "2026-11-27 06:56:05 UTC+05:30"),
    ],
)
def test_full_names_the_zone(moment: datetime, utc: bool, tz: timezone, expected: str) -> None:
    assert timefmt.full(moment, utc, tz) == expected
