"""Text → TimeRange: what the time-range prompt accepts. Pure; python-dateutil reads the dates.

Case-insensitive. Times are in `tz` (the display zone) unless the text names a zone
(`Z`, `UTC`, `GMT`, `+02:00`, `-0500`).

    relative    15m  2h  7d  1w  90s  1h30m  last 3 days  past 30 min  last hour   now-x .. now
    a day       today  yesterday  2026-11-20  Nov 20  20 Nov 2026                  that whole day
    an instant  2026-11-20 14:00  2026-11-20T14:00:00Z  …+02:00  14:00 utc  9pm    then .. now
    since       since 09:00  since yesterday  since 2026-11-20 14:00                 then .. now
    a range     A..B, each side one of the above or now, -6h, 6h ago, now-6h, 6h

In a range a day on the left means its start and on the right its end, so
`2026-11-20..2026-11-21` is two whole days and `yesterday..today` runs up to now.
`A..` means `A..now`. `..B` is refused: a window needs a start (use `since`, or `-30d..B`).

Windows never reach past now: a later end is cut to now, and one that starts after now is an
error. A time or date given without its day or year (`since 22:00` at 03:00, `Dec 20` in
November) means the latest one that has already happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from engage_tui.aws.models import TimeRange
from engage_tui.timefmt import ago, day_time

PRESETS: tuple[tuple[str, str], ...] = (
    ("1", "15m"),
    ("2", "1h"),
    ("3", "6h"),
    ("4", "24h"),
    ("5", "7d"),
)
"""Number keys and the expression each one applies."""

_EXAMPLES = "try 2h, last 3 days, yesterday, 2026-11-20 14:00 or -6h..-2h"


class TimeRangeError(ValueError):
    """The text isn't a usable time range; the message says why and shows one that works."""


_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
}
_DURATION = re.compile(r"(?:\d+ ?[a-z]+ ?)+", re.ASCII)
_DURATION_PART = re.compile(r"(\d+) ?([a-z]+)", re.ASCII)
_MAX_DIGITS = 18

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}/\d{1,2}/\d{1,2}|\d{8}"
    rf"|(?P<md>{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?)(?:,? ?\d{{4}})?"
    rf"|(?P<dm>\d{{1,2}} {_MONTH})(?: \d{{4}})?)"
)
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?: ?[ap]m)?|\d{1,2} ?[ap]m"
_ZONE = r"(?: ?(?P<named>z|utc|gmt)| ?(?P<sign>[+-])(?P<oh>\d{2})(?::?(?P<om>\d{2}))?)"
# The shapes of a date and/or a time that we hand to dateutil; anything else (dateutil alone
# reads "5" as the 5th of the month and "2h" as 02:00) is refused before it gets there.
_ABSOLUTE = re.compile(
    rf"(?:(?P<date>{_DATE})(?:(?:t| |, | at )(?P<time>{_CLOCK}|\d{{4}}(?:\d{{2}})?))?"
    rf"|(?P<clock>{_CLOCK}))"
    rf"(?P<zone>{_ZONE})?",
    re.ASCII,
)


@dataclass(frozen=True, slots=True)
class _Span:
    """Where a point starts and ends: equal for an instant, midnight to midnight for a day."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class _Context:
    """`now` in UTC: aware datetimes sharing a zoneinfo add and compare as wall clocks."""

    now: datetime
    tz: tzinfo

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def day(self, day: date) -> _Span:
        return _Span(self.midnight(day), self.midnight(day + timedelta(days=1)))

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.tz).astimezone(UTC)


def parse_time_range(text: str, *, now: datetime, tz: tzinfo) -> TimeRange:
    """Read what the user typed as a window ending no later than `now`; see the module doc."""
    shown = _shown(text)
    spoken = " ".join(text.lower().split())
    if not spoken:
        raise TimeRangeError(f"type a time range: {_EXAMPLES}")
    ctx = _Context(now=now.astimezone(UTC), tz=tz)
    try:
        start, end = _window(spoken, shown, ctx)
    except OverflowError:
        raise TimeRangeError(f"'{shown}' reaches too far: try 30d or since 2026-01-01") from None
    if start > ctx.now:
        raise TimeRangeError(f"'{shown}' starts after now: try a past time, like yesterday or -6h")
    end = min(end, ctx.now)
    if end < start:
        raise TimeRangeError(
            f"'{shown}' ends before it starts: put the earlier one first, -6h..-2h"
        )
    if end == start:
        raise TimeRangeError(f"'{shown}' is an empty window: try 2h or -6h..-2h")
    return TimeRange(start=start.astimezone(tz), end=end.astimezone(tz))


def _window(spoken: str, shown: str, ctx: _Context) -> tuple[datetime, datetime]:
    if ".." in spoken:
        left, _, right = spoken.partition("..")
        left, right = left.strip(), right.strip()
        if not left:
            raise TimeRangeError(f"'{shown}' has no start: try -6h..-2h or since 2026-11-20")
        start = _point(left, shown, ctx).start
        end = _point(right, shown, ctx).end if right else ctx.now
        return start, end
    for prefix in ("last ", "past "):
        if spoken.startswith(prefix):
            rest = spoken.removeprefix(prefix)
            seconds = _UNITS.get(rest) or _seconds(rest)
            if seconds is None:
                raise _unreadable(shown)
            return ctx.now - timedelta(seconds=seconds), ctx.now
    if spoken.startswith("since "):
        return _point(spoken.removeprefix("since "), shown, ctx).start, ctx.now
    seconds = _seconds(spoken)
    if seconds is not None:
        return ctx.now - timedelta(seconds=seconds), ctx.now
    span = _point(spoken, shown, ctx)
    # A bare day is that whole day; a bare instant runs until now.
    return span.start, span.end if span.end != span.start else ctx.now


def _point(text: str, shown: str, ctx: _Context) -> _Span:
    """One side of a range: a named day, a moment relative to now, or an absolute time."""
    if text == "now":
        return _Span(ctx.now, ctx.now)
    if text == "today":
        return ctx.day(ctx.today)
    if text == "yesterday":
        return ctx.day(ctx.today - timedelta(days=1))
    if text.startswith(("now-", "now -")):
        back = text.removeprefix("now").lstrip(" -")
    elif text.startswith("-"):
        back = text.removeprefix("-").lstrip()
    else:  # `6h ago`, or a bare `6h`, which on either side of `..` can only mean ago
        back = text.removesuffix(" ago")
    seconds = _seconds(back)
    if seconds is not None:
        moment = ctx.now - timedelta(seconds=seconds)
        return _Span(moment, moment)
    return _absolute(text, shown, ctx)


def _seconds(text: str) -> int | None:
    """`1h30m` → 5400; None if the text isn't a duration."""
    if not _DURATION.fullmatch(text):
        return None
    total = 0
    for digits, unit in _DURATION_PART.findall(text):
        if unit not in _UNITS:
            return None
        if len(digits) > _MAX_DIGITS:
            raise OverflowError
        total += int(digits) * _UNITS[unit]
    return total


def _absolute(text: str, shown: str, ctx: _Context) -> _Span:
    match = _ABSOLUTE.fullmatch(text)
    if match is None:
        raise _unreadable(shown)
    timeless = match["date"] is not None and match["time"] is None
    if timeless and match["sign"]:
        raise _unreadable(shown)
    zone = _zone(match, shown) or ctx.tz
    default = datetime.combine(ctx.now.astimezone(zone).date(), time(0))
    body = text[: match.start("zone")] if match["zone"] else text
    try:
        # Imported here: dateutil's parser costs start-up time and only typed dates need it.
        from dateutil import parser as date_parser

        naive = date_parser.parse(body, default=default)
    except (ValueError, OverflowError):
        raise TimeRangeError(f"'{shown}' isn't a real date or time: {_EXAMPLES}") from None
    yearless = match["date"] is not None and not re.search(r"\d{4}", match["date"])
    day_ctx = _Context(now=ctx.now, tz=zone)
    if timeless:
        span = day_ctx.day(naive.date())
        if yearless and span.start > ctx.now:
            span = day_ctx.day(_year_earlier(naive.date(), shown))
        return span
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    if moment > ctx.now and match["clock"]:
        moment = (naive - timedelta(days=1)).replace(tzinfo=zone).astimezone(UTC)
    elif moment > ctx.now and yearless:
        earlier = datetime.combine(_year_earlier(naive.date(), shown), naive.time(), tzinfo=zone)
        moment = earlier.astimezone(UTC)
    return _Span(moment, moment)


def _zone(match: re.Match[str], shown: str) -> tzinfo | None:
    if match["named"]:
        return UTC
    if not match["sign"]:
        return None
    minutes = int(match["oh"]) * 60 + int(match["om"] or 0)
    if minutes >= 24 * 60:
        raise TimeRangeError(
            f"'{shown}' has an impossible zone offset: try one like 2026-11-20 14:00+02:00"
        )
    return timezone(timedelta(minutes=-minutes if match["sign"] == "-" else minutes))


def _year_earlier(day: date, shown: str) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # Feb 29 of a year whose predecessor has none
        raise TimeRangeError(f"'{shown}' isn't a real date: give the year, 2024-02-29") from None


def _unreadable(shown: str) -> TimeRangeError:
    return TimeRangeError(f"couldn't read '{shown}' as a time: {_EXAMPLES}")


def _shown(text: str) -> str:
    """The user's text, tidied to quote back in an error."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


def shift(tr: TimeRange, steps: int) -> TimeRange:
    """Move the window by `steps` of its own width: -1 is the window just before this one."""
    if tr.start is None or tr.end is None:
        raise TimeRangeError("an open-ended window can't be moved: give it both ends, -6h..-2h")
    start, end = tr.start.astimezone(UTC), tr.end.astimezone(UTC)
    try:
        delta = (end - start) * steps
        return TimeRange(
            start=(start + delta).astimezone(tr.start.tzinfo),
            end=(end + delta).astimezone(tr.end.tzinfo),
        )
    except OverflowError:
        raise TimeRangeError("can't move the window that far") from None


def describe(tr: TimeRange, *, now: datetime, tz: tzinfo) -> str:
    """The window for the status bar: `last 2h (Nov 27 01:10 → now)` or
    `Nov 20 14:00 → Nov 21 00:00 (6d ago)`."""
    start = day_time(tr.start, tz=tz, now=now) if tr.start is not None else "…"
    if tr.end is None:
        return f"{start} → …"
    if abs(now.timestamp() - tr.end.timestamp()) < 60:
        if tr.start is None:
            return "… → now"
        return f"last {_width(tr.end.timestamp() - tr.start.timestamp())} ({start} → now)"
    end = day_time(tr.end, tz=tz, now=now)
    return f"{start} → {end} ({ago(tr.end, now=now)})"


def _width(span: float) -> str:
    """The two largest whole units of a span in seconds: `2h`, `1h 30m`, `7d`, `1d 6h`."""
    seconds = int(span)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts[:2]) or "0s"
