"""How times read in the table and detail panel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from engage_tui import timefmt
from tests.zones import ZONE_NAMES, local_tz, zone_name

__all__ = ["local_tz"]  # a fixture, used by name

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
        (timedelta(seconds=60), "1m ago"),
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


# --- real zones: the offset and name in force at each instant ----------------------------------

JULY = datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
# zone → (July noon UTC, December noon UTC) as `full` shows them in that zone
FULL_BY_ZONE = {
    "UTC": ("2026-07-15 12:00:00 UTC", "2026-12-15 12:00:00 UTC"),
    "America/New_York": (
        "2026-07-15 08:00:00 EDT (UTC-04:00)",
        "2026-12-15 07:00:00 EST (UTC-05:00)",
    ),
    "Europe/London": ("2026-07-15 13:00:00 BST (UTC+01:00)", "2026-12-15 12:00:00 GMT (UTC+00:00)"),
    # Lord Howe's DST is half an hour; tzdata names it only by number, so the number is shown once.
    "Australia/Lord_Howe": ("2026-07-15 22:30:00 UTC+10:30", "2026-12-15 23:00:00 UTC+11:00"),
    "Asia/Kathmandu": ("2026-07-15 17:45:00 UTC+05:45", "2026-12-15 17:45:00 UTC+05:45"),
}


def test_full_gives_summer_and_winter_times_their_own_offset(local_tz: tzinfo) -> None:
    summer, winter = FULL_BY_ZONE[zone_name()]
    assert timefmt.full(JULY, False, local_tz) == summer
    assert timefmt.full(DECEMBER, False, local_tz) == winter


def test_clock_shows_the_wall_time_in_force_that_day(local_tz: tzinfo) -> None:
    for moment, expected in zip((JULY, DECEMBER), FULL_BY_ZONE[zone_name()], strict=True):
        wall = expected.split()[1]
        assert timefmt.clock(moment, utc=False, tz=local_tz, now=moment) == wall
        assert timefmt.clock(moment, utc=True, tz=local_tz, now=moment) == "12:00:00"


def test_the_two_0130s_of_the_night_clocks_go_back_are_told_apart() -> None:
    first = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK)
    second = first.replace(fold=1)
    # The first one formatted is cached; the second must not be served from it.
    assert timefmt.full(first, False, NEW_YORK) == "2026-11-01 01:30:00 EDT (UTC-04:00)"
    assert timefmt.full(second, False, NEW_YORK) == "2026-11-01 01:30:00 EST (UTC-05:00)"
    assert timefmt.full(second, True, NEW_YORK) == "2026-11-01 06:30:00 UTC"


def test_today_is_judged_in_the_display_zone_across_a_dst_change() -> None:
    # 03:59 UTC on Nov 2 is still Nov 1 (23:59 EST) in New York, the 25-hour day.
    late = datetime(2026, 11, 2, 4, 59, tzinfo=UTC)
    early = datetime(2026, 11, 1, 4, 1, tzinfo=UTC)  # 00:01 EDT the same local day
    assert timefmt.clock(early, utc=False, tz=NEW_YORK, now=late) == "00:01:00"
    assert timefmt.clock(early, utc=True, tz=NEW_YORK, now=late) == "Nov 1 04:01"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (86399, "23h ago"),
        (86400, "1d ago"),
        (30 * 86400, "30d ago"),
        (364 * 86400 + 86399, "364d ago"),
        (365 * 86400, "1y ago"),
        (3 * 365 * 86400, "3y ago"),
    ],
)
def test_ago_changes_unit_exactly_at_a_day_and_a_year(seconds: int, expected: str) -> None:
    assert timefmt.ago(NOW - timedelta(seconds=seconds), now=NOW) == expected


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (59, "59s"),
        (60, "1m 00s"),
        (3599, "59m 59s"),
        (3600, "1h 00m"),
        (7260, "2h 01m"),
        (10800, "3h 00m"),
        (86399, "23h 59m"),
        (86400, "1d 0h"),
        (2 * 86400 + 5 * 3600, "2d 5h"),
    ],
)
def test_duration_changes_unit_exactly_at_the_boundary(seconds: int, expected: str) -> None:
    assert timefmt.duration(NOW, NOW + timedelta(seconds=seconds)) == expected


class _Nameless(tzinfo):
    """A zone that gives no name, as some tzinfo implementations do."""

    def __init__(self, hours: int) -> None:
        self._offset = timedelta(hours=hours)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return self._offset

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> None:
        return None


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (_Nameless(0), "2026-11-27 01:26:05 UTC"),
        (_Nameless(1), "2026-11-27 02:26:05 UTC+01:00"),
        (ZoneInfo("America/Sao_Paulo"), "2026-11-26 22:26:05 UTC-03:00"),  # tzdata names it -03
    ],
)
def test_full_shows_only_the_offset_when_the_zone_has_no_name(tz: tzinfo, expected: str) -> None:
    assert timefmt.full(NOW, False, tz) == expected


def test_naive_times_are_utc_whatever_the_machine_zone(local_tz: tzinfo) -> None:
    # A different instant in each zone, so no zone is served another's cached conversion.
    second = ZONE_NAMES.index(zone_name())
    naive = datetime(2026, 11, 27, 1, 12, second)
    assert timefmt.clock(naive, utc=True, tz=local_tz, now=NOW) == f"01:12:{second:02d}"
    assert timefmt.full(naive, True, local_tz) == f"2026-11-27 01:12:{second:02d} UTC"
    aware = naive.replace(tzinfo=UTC)
    assert timefmt.ago(naive, now=aware) == "just now"
    assert timefmt.duration(naive, aware + timedelta(minutes=3)) == "3m 00s"


def test_the_year_is_judged_in_the_display_zone_not_the_machines(local_tz: tzinfo) -> None:
    new_year = datetime(2027, 1, 1, 3, tzinfo=UTC)  # still 2026 in New York
    last_year = datetime(2026, 12, 30, 12, tzinfo=UTC)
    assert timefmt.day_time(last_year, tz=UTC, now=new_year) == "Dec 30 2026 12:00"
    assert timefmt.day_time(last_year, tz=NEW_YORK, now=new_year) == "Dec 30 07:00"


def test_stamp_shows_the_clock_in_the_display_zone() -> None:
    moment = NOW - timedelta(minutes=14)
    assert timefmt.stamp(moment, now=NOW, utc=False, tz=NEW_YORK) == "20:12:05 · 14m ago"
