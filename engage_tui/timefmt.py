"""How times look on screen: clock times, "14m ago", durations and full stamps.

The table formats thousands of cells, so these avoid dateutil and strftime and keep a small
cache of zone conversions. Naive datetimes are taken to be UTC (the API's own zone). `tz` is a
real zone (`zones.local_zone()`), so each instant shows the offset and name in force then.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


def _local(dt: datetime, zone: tzinfo) -> datetime:
    if dt.fold:  # equal to (and hashed like) its fold=0 twin an hour away: keep it out of the cache
        return _aware(dt).astimezone(zone)
    return _cached_local(dt, zone)


@lru_cache(maxsize=8192)
def _cached_local(dt: datetime, zone: tzinfo) -> datetime:
    # Rows are re-rendered on every scroll; the same few thousand stamps convert once.
    return _aware(dt).astimezone(zone)


@lru_cache(maxsize=64)
def _today(now: datetime, zone: tzinfo) -> date:
    return _aware(now).astimezone(zone).date()


def _zone(utc: bool, tz: tzinfo) -> tzinfo:
    return UTC if utc else tz


def day_time(dt: datetime, *, tz: tzinfo, now: datetime) -> str:
    """Date and minute in `tz`: `Nov 25 01:12`, with the year when it isn't `now`'s."""
    local = _local(dt, tz)
    year = "" if local.year == _today(now, tz).year else f" {local.year}"
    return f"{_MONTHS[local.month - 1]} {local.day}{year} {local.hour:02d}:{local.minute:02d}"


def clock(dt: datetime, *, utc: bool, tz: tzinfo, now: datetime) -> str:
    """`01:12:05` for a time today, `Nov 25 01:12` otherwise (`Nov 25 2025 01:12` another year).

    "Today" is judged in the display zone against `now`.
    """
    zone = _zone(utc, tz)
    local = _local(dt, zone)
    if local.date() == _today(now, zone):
        return f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    return day_time(dt, tz=zone, now=now)


def ago(dt: datetime, *, now: datetime) -> str:
    """How long ago `dt` was: `just now`, `14m ago`, `3h ago`, `2d ago`, `1y ago`, `in 5m`."""
    # Timestamps, not subtraction: aware datetimes sharing a tzinfo subtract as wall clocks.
    seconds = int(_aware(now).timestamp() - _aware(dt).timestamp())
    span = abs(seconds)
    if span < 60:
        return "just now"
    if span < 3600:
        amount = f"{span // 60}m"
    elif span < 86400:
        amount = f"{span // 3600}h"
    elif span < 365 * 86400:
        amount = f"{span // 86400}d"
    else:
        amount = f"{span // (365 * 86400)}y"
    return f"{amount} ago" if seconds > 0 else f"in {amount}"


def stamp(dt: datetime, *, now: datetime, utc: bool, tz: tzinfo) -> str:
    """Clock time and age together, for the detail panel: `01:12:05 · 14m ago`."""
    return f"{clock(dt, utc=utc, tz=tz, now=now)} · {ago(dt, now=now)}"


def duration(start: datetime, end: datetime) -> str:
    """Elapsed time between two instants: `42s`, `4m 05s`, `2h 03m`, `3d 4h` (`-` if reversed)."""
    seconds = int(_aware(end).timestamp() - _aware(start).timestamp())
    sign = "-" if seconds < 0 else ""
    span = abs(seconds)
    if span < 60:
        text = f"{span}s"
    elif span < 3600:
        text = f"{span // 60}m {span % 60:02d}s"
    elif span < 86400:
        text = f"{span // 3600}h {span % 3600 // 60:02d}m"
    else:
        text = f"{span // 86400}d {span % 86400 // 3600}h"
    return sign + text


def full(dt: datetime, utc: bool, tz: tzinfo) -> str:
    """Everything about an instant: `2026-11-24 20:12:05.250 EST (UTC-05:00)`, `… UTC+05:45`,
    or `… UTC`; the name and offset are those in force at that instant."""
    local = _local(dt, _zone(utc, tz))
    text = (
        f"{local.year:04d}-{local.month:02d}-{local.day:02d} "
        f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"
    )
    if local.microsecond:
        text += f".{local.microsecond // 1000:03d}"
    offset = local.utcoffset() or timedelta(0)
    name = local.tzname() or ""
    if utc or (not offset and name in ("UTC", "")):
        return f"{text} UTC"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    numeric = f"UTC{sign}{hours:02d}:{mins:02d}"
    if name == numeric or name[:1] in ("", "+", "-"):  # or a bare number, like `+0545`
        return f"{text} {numeric}"
    return f"{text} {name} ({numeric})"
