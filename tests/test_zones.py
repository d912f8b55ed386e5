"""The local zone is found as a real zone with its DST rules, however the machine names it."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engage_tui import timefmt
from engage_tui.zones import as_utc, is_midnight, local_zone, midnight
from tests.zones import ZONE_NAMES, local_tz, zone_name

__all__ = ["local_tz"]  # a fixture, used by name

ZONEINFO = Path("/usr/share/zoneinfo")
JULY = datetime(2026, 7, 15, 12, tzinfo=UTC)
DECEMBER = datetime(2026, 12, 15, 12, tzinfo=UTC)


def _offsets(zone: tzinfo) -> tuple[timedelta | None, timedelta | None]:
    """The zone's offset in July and in December: equal for a fixed offset."""
    return JULY.astimezone(zone).utcoffset(), DECEMBER.astimezone(zone).utcoffset()


NEW_YORK_OFFSETS = (timedelta(hours=-4), timedelta(hours=-5))
LONDON_OFFSETS = (timedelta(hours=1), timedelta(0))


def test_the_local_zone_is_the_one_tz_names(local_tz: tzinfo) -> None:
    assert local_tz == ZoneInfo(zone_name())


@pytest.mark.parametrize("name", ["America/New_York", ":America/New_York"])
def test_tz_names_a_zone_with_or_without_posix_colon(name: str) -> None:
    zone = local_zone({"TZ": name}, localtime=Path("/nonexistent"))
    assert zone == ZoneInfo("America/New_York")
    assert _offsets(zone) == NEW_YORK_OFFSETS


def test_tz_as_a_path_to_a_zone_file() -> None:
    zone = local_zone({"TZ": str(ZONEINFO / "Europe/London")})
    assert zone == ZoneInfo("Europe/London")


def test_empty_tz_is_utc() -> None:
    assert local_zone({"TZ": ""}) is UTC


@pytest.fixture
def posix_tz() -> Iterator[str]:
    """TZ set, for the C library too, to a POSIX rule that no zoneinfo key matches."""
    rule = "EST5EDT,M3.2.0,M11.1.0"
    before = os.environ.get("TZ")
    os.environ["TZ"] = rule
    time.tzset()
    yield rule
    os.environ["TZ"] = before or "UTC"
    time.tzset()


def test_a_posix_rule_in_tz_is_read_by_the_c_library_with_its_dst(posix_tz: str) -> None:
    zone = local_zone()
    assert not isinstance(zone, ZoneInfo)
    assert _offsets(zone) == NEW_YORK_OFFSETS
    # Formatting caches key on the zone, so it must hash.
    assert timefmt.clock(JULY, utc=False, tz=zone, now=JULY) == "08:00:00"


def test_without_tz_the_zone_etc_localtime_links_to(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    link.symlink_to(ZONEINFO / "America/New_York")
    assert local_zone({}, localtime=link) == ZoneInfo("America/New_York")


def test_a_copied_localtime_file_keeps_its_rules(tmp_path: Path) -> None:
    copy = tmp_path / "localtime"
    shutil.copyfile(ZONEINFO / "Europe/London", copy)
    zone = local_zone({}, localtime=copy)
    assert _offsets(zone) == LONDON_OFFSETS


@pytest.mark.parametrize(
    "environ", [{}, {"TZ": "Not/A_Zone"}, {"TZ": "../../etc/passwd"}, {"TZ": "/nonexistent"}]
)
def test_no_zone_file_falls_back_to_the_c_library(environ: dict[str, str]) -> None:
    zone = local_zone(environ, localtime=Path("/nonexistent"))
    assert not isinstance(zone, ZoneInfo)
    assert JULY.astimezone(zone).utcoffset() == timedelta(0)  # the tests' own TZ=UTC


def test_the_zone_names_cover_every_kind_of_offset() -> None:
    offsets = {name: _offsets(ZoneInfo(name)) for name in ZONE_NAMES}
    assert offsets["Australia/Lord_Howe"] == (timedelta(hours=10, minutes=30), timedelta(hours=11))
    assert offsets["Asia/Kathmandu"] == (timedelta(hours=5, minutes=45),) * 2


@pytest.mark.parametrize(
    ("zone", "day", "hours"),
    [
        ("America/New_York", date(2026, 3, 8), 23),
        ("America/New_York", date(2026, 11, 1), 25),
        ("Australia/Lord_Howe", date(2026, 10, 4), 23.5),
        # Santiago skips 00:00-01:00: its day begins at 01:00.
        ("America/Santiago", date(2026, 9, 6), 23),
    ],
)
def test_midnight_starts_each_local_day(zone: str, day: date, hours: float) -> None:
    tz = ZoneInfo(zone)
    start, end = midnight(day, tz), midnight(day + timedelta(days=1), tz)
    assert start.tzinfo is UTC
    assert (end - start) == timedelta(hours=hours)
    assert is_midnight(start, tz) and is_midnight(end, tz)
    assert not is_midnight(start + timedelta(minutes=30), tz)
    assert start.astimezone(tz).date() == day


@pytest.mark.parametrize("name", ZONE_NAMES)
def test_as_utc_keeps_the_instant_and_takes_naive_times_as_utc(name: str) -> None:
    summer = datetime(2026, 7, 15, 8, 0, tzinfo=ZoneInfo(name))
    converted = as_utc(summer)
    assert converted == summer and converted.tzinfo is UTC, "same instant, said in UTC"
    naive = datetime(2026, 7, 15, 8, 0)
    assert as_utc(naive) == datetime(2026, 7, 15, 8, 0, tzinfo=UTC), "AWS's naive times are UTC"
