"""The machine's own time zone as a real zone with its DST rules, and local-midnight helpers.

`datetime.now().astimezone().tzinfo` is a fixed offset: taken in winter it shows every summer
time an hour off. `local_zone()` returns the named zone instead, so each instant gets the
offset (and the EST/EDT name) in force at that instant.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

_LOCALTIME = Path("/etc/localtime")


def local_zone(environ: Mapping[str, str] | None = None, localtime: Path = _LOCALTIME) -> tzinfo:
    """The local zone: `$TZ` read by zoneinfo, else /etc/localtime's zone, else the C library's."""
    env = os.environ if environ is None else environ
    name = env.get("TZ")
    if name is not None:
        name = name.removeprefix(":")
        if not name:
            return UTC  # POSIX: TZ set but empty means UTC
        zone = _from_path(Path(name)) if name.startswith("/") else _by_key(name)
        # A POSIX rule string (`EST5EDT,M3.2.0,M11.1.0`) is no key: the C library reads it.
        return zone or _c_library_zone()
    return _from_path(localtime) or _c_library_zone()


def _by_key(key: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(key)
    except (ValueError, KeyError, OSError):  # KeyError covers ZoneInfoNotFoundError
        return None


def _from_path(path: Path) -> ZoneInfo | None:
    """The zone a tzfile path names (`…/zoneinfo/Europe/Paris`, or a link to one), or its rules."""
    target = path.resolve()
    parts = target.parts
    if "zoneinfo" in parts:
        key = "/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :])
        zone = _by_key(key)
        if zone is not None:
            return zone
    try:
        with target.open("rb") as file:
            return ZoneInfo.from_file(file)
    except (ValueError, OSError):
        return None


def _c_library_zone() -> tzinfo:
    from dateutil.tz import tzlocal

    class HashableLocal(tzlocal):
        """dateutil's tzlocal (the C library's zone), hashable so formatting caches can use it."""

        def __hash__(self) -> int:  # type: ignore[override]  # tzlocal's is None
            return hash(HashableLocal)  # equal ones must hash alike, and there is one per run

    return HashableLocal()


def midnight(day: date, zone: tzinfo) -> datetime:
    """The instant `day` begins in `zone`, in UTC (if 00:00 is skipped, the first one after)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def is_midnight(moment: datetime, zone: tzinfo) -> bool:
    """Whether `moment` is the start of a day in `zone`."""
    local = moment.astimezone(zone)
    return midnight(local.date(), zone) == moment


def as_utc(moment: datetime) -> datetime:
    """`moment` as an aware UTC datetime; a naive one (as some AWS timestamps arrive) is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
