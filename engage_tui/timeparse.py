"""One typed point in time (`today`, `-6h`, `2026-11-20 14:00`, `9pm utc`) → the span it names.

The pieces of the time-range grammar that `timerange` joins into windows. Wall times are read in
the zone given unless the text names one. A wall time the clock skipped (02:30 on the night
clocks go forward) uses the offset before the jump, so it is 03:30 after it; a wall time that
happened twice (01:30 on the night clocks go back) is the first of the two. Both are RFC 5545's
rules; an offset in the text (`01:30 -05:00`) picks the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from engage_tui.zones import midnight

EXAMPLES = "try 2h, last 3 days, yesterday, 2026-11-20 14:00 or -6h..-2h"


class TimeRangeError(ValueError):
    """The text isn't a usable time range; the message says why and shows one that works."""


class UnreadableTime(TimeRangeError):
    """The text is no time at all (not a real date that is merely out of range)."""


UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
    **dict.fromkeys(("d", "day", "days"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), 7 * 86400),
}
"""Seconds in each unit word a duration may use."""
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
class Span:
    """Where a point starts and ends: equal for an instant, midnight to midnight for a day."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Context:
    """`now` in UTC (aware datetimes sharing a zoneinfo add and compare as wall clocks) and the
    zone wall times are read in."""

    now: datetime
    tz: tzinfo

    @property
    def today(self) -> date:
        return self.now.astimezone(self.tz).date()

    def day(self, day: date) -> Span:
        """The whole of `day` in the zone."""
        return whole_day(day, self.tz)


def whole_day(day: date, tz: tzinfo) -> Span:
    """Midnight to midnight in `tz`: 23 or 25 hours when the clocks change."""
    return Span(midnight(day, tz), midnight(day + timedelta(days=1), tz))


def point(text: str, shown: str, ctx: Context) -> Span:
    """One side of a range: a named day, a moment relative to now, or an absolute time."""
    if text == "now":
        return Span(ctx.now, ctx.now)
    named = ("yesterday", "today", "tomorrow")
    if text in named:
        return ctx.day(ctx.today + timedelta(days=named.index(text) - 1))
    if text.startswith(("now-", "now -")):
        back = text.removeprefix("now").lstrip(" -")
    elif text.startswith("-"):
        back = text.removeprefix("-").lstrip()
    else:  # `6h ago`, or a bare `6h`, which on either side of `..` can only mean ago
        back = text.removesuffix(" ago")
    seconds = duration_seconds(back)
    if seconds is not None:
        moment = ctx.now - timedelta(seconds=seconds)
        return Span(moment, moment)
    return _absolute(text, shown, ctx)


def duration_seconds(text: str) -> int | None:
    """`1h30m` → 5400; None if the text isn't a duration. OverflowError if absurdly long."""
    if not _DURATION.fullmatch(text):
        return None
    total = 0
    for digits, unit in _DURATION_PART.findall(text):
        if unit not in UNITS:
            return None
        if len(digits) > _MAX_DIGITS:
            raise OverflowError
        total += int(digits) * UNITS[unit]
    return total


def _absolute(text: str, shown: str, ctx: Context) -> Span:
    match = _ABSOLUTE.fullmatch(text)
    if match is None:
        raise unreadable(shown)
    timeless = match["date"] is not None and match["time"] is None
    if timeless and match["sign"]:
        raise unreadable(shown)
    zone = _zone(match, shown) or ctx.tz
    default = datetime.combine(ctx.now.astimezone(zone).date(), time(0))
    body = text[: match.start("zone")] if match["zone"] else text
    try:
        # Imported here: dateutil's parser costs start-up time and only typed dates need it.
        from dateutil import parser as date_parser

        naive = date_parser.parse(body, default=default)
    except (ValueError, OverflowError):
        raise TimeRangeError(f"'{shown}' isn't a real date or time: {EXAMPLES}") from None
    yearless = match["date"] is not None and not re.search(r"\d{4}", match["date"])
    if timeless:
        span = whole_day(naive.date(), zone)
        if yearless and span.start > ctx.now:
            span = whole_day(_year_earlier(naive.date(), shown), zone)
        return span
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    if moment > ctx.now and match["clock"]:
        moment = (naive - timedelta(days=1)).replace(tzinfo=zone).astimezone(UTC)
    elif moment > ctx.now and yearless:
        earlier = datetime.combine(_year_earlier(naive.date(), shown), naive.time(), tzinfo=zone)
        moment = earlier.astimezone(UTC)
    return Span(moment, moment)


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


def unreadable(shown: str) -> UnreadableTime:
    """The error for text that is no time at all."""
    return UnreadableTime(f"couldn't read '{shown}' as a time: {EXAMPLES}")
