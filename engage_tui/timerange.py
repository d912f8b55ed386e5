"""Text → a window of time, and the `Selection` that remembers what the user asked for. Pure.

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

Windows never reach past now: a later end is cut to now, and one that starts after now (like
`tomorrow`) is an error. A time or date given without its day or year (`since 22:00` at 03:00,
`Dec 20` in November) means the latest one that has already happened. Days are the zone's own
(23 or 25 hours when the clocks change); see `timeparse` for wall times the clocks skip or repeat.

The CLI flags, the `t` prompt, the 1–5 presets and `[`/`]` all make a `Selection`; `r` resolves
the same one again, so "last 2h" ends at the new now and a typed day stays put.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo

from engage_tui.aws.models import TimeRange
from engage_tui.timefmt import ago, day_time
from engage_tui.timeparse import (
    EXAMPLES,
    Context,
    Span,
    TimeRangeError,
    UnreadableTime,
    duration_seconds,
    point,
    unreadable,
)
from engage_tui.zones import is_midnight, midnight

__all__ = ["PRESETS", "Selection", "TimeRangeError", "parse_time_range", "selection_from_flags"]

PRESETS: tuple[tuple[str, str], ...] = (
    ("1", "15m"),
    ("2", "1h"),
    ("3", "6h"),
    ("4", "24h"),
    ("5", "7d"),
)
"""Number keys and the expression each one applies."""


def parse_time_range(text: str, *, now: datetime, tz: tzinfo) -> TimeRange:
    """Read what the user typed as a window ending no later than `now`; see the module doc."""
    shown = _shown(text)
    start, end, _ = _bounds(text, now, tz)
    now = now.astimezone(UTC)
    if start > now:
        raise TimeRangeError(f"'{shown}' starts after now: try a past time, like yesterday or -6h")
    end = min(end, now)
    if end < start:
        raise TimeRangeError(
            f"'{shown}' ends before it starts: put the earlier one first, -6h..-2h"
        )
    if end == start:
        raise TimeRangeError(f"'{shown}' is an empty window: try 2h or -6h..-2h")
    return TimeRange(start=start.astimezone(tz), end=end.astimezone(tz))


def _bounds(text: str, now: datetime, tz: tzinfo) -> tuple[datetime, datetime, bool]:
    """The window as written, in UTC, before it is held to now, and whether it starts with a
    whole day (`yesterday`, `since 2026-11-20`), so that stepping it moves by days."""
    shown = _shown(text)
    spoken = " ".join(text.lower().split())
    if not spoken:
        raise TimeRangeError(f"type a time range: {EXAMPLES}")
    try:
        return _window(spoken, shown, Context(now=now.astimezone(UTC), tz=tz))
    except OverflowError:
        raise TimeRangeError(f"'{shown}' reaches too far: try 30d or since 2026-01-01") from None


def _window(spoken: str, shown: str, ctx: Context) -> tuple[datetime, datetime, bool]:
    if ".." in spoken:
        left, _, right = spoken.partition("..")
        left, right = left.strip(), right.strip()
        if not left:
            raise TimeRangeError(f"'{shown}' has no start: try -6h..-2h or since 2026-11-20")
        start = point(left, shown, ctx)
        end = point(right, shown, ctx).end if right else ctx.now
        return start.start, end, start.end != start.start
    for prefix in ("last ", "past "):
        if spoken.startswith(prefix):
            rest = spoken.removeprefix(prefix)
            # "last hour" is "last 1 hour"
            seconds = duration_seconds(rest if rest[:1].isdigit() else f"1 {rest}")
            if seconds is None:
                raise unreadable(shown)
            return ctx.now - timedelta(seconds=seconds), ctx.now, False
    if spoken.startswith("since "):
        since = point(spoken.removeprefix("since "), shown, ctx)
        return since.start, ctx.now, since.end != since.start
    span = point(spoken, shown, ctx)
    day = span.end != span.start
    # A bare day is that whole day; a bare instant (`2h` is 2h ago) runs until now.
    return span.start, span.end if day else ctx.now, day


def _shown(text: str) -> str:
    """The user's text, tidied to quote back in an error."""
    flat = " ".join(text.split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


@dataclass(frozen=True, slots=True)
class Selection:
    """What the user asked to see, kept as asked so it can be resolved against any later now.

    All time (the default); a typed `text`, read in the `zone` it was typed in; or a fixed
    `window`. A window reached by stepping back from a live `text` keeps that text and how
    many steps `back` it is, so stepping forward again returns to it.
    """

    text: str | None = None
    zone: tzinfo = UTC
    window: TimeRange | None = None
    back: int = 0

    @classmethod
    def parse(cls, text: str, *, now: datetime, tz: tzinfo) -> Selection:
        """What the user typed (or a preset key `1`–`5`), read in `tz`; TimeRangeError if not."""
        tidy = " ".join(text.split())
        tidy = dict(PRESETS).get(tidy, tidy)
        parse_time_range(tidy, now=now, tz=tz)
        return cls(text=tidy, zone=tz)

    @property
    def expression(self) -> str | None:
        """The typed text, to offer again as a recent range; None for all time or a fixed window."""
        return self.text if self.window is None else None

    def resolve(self, now: datetime, tz: tzinfo) -> TimeRange | None:
        """The window as of `now`, its ends shown in `tz`; None for all time."""
        window = self._window(now.astimezone(UTC))
        if window is None:
            return None
        return TimeRange(_utc(window.start).astimezone(tz), _utc(window.end).astimezone(tz))

    def is_live(self, now: datetime) -> bool:
        """Whether the window ends at now, so engagements starting now belong in it."""
        now = now.astimezone(UTC)
        return self._is_live(self._window(now), now)

    def _is_live(self, window: TimeRange | None, now: datetime) -> bool:
        # Both in UTC: `==` calls a time in a repeated hour unequal to any other zone's.
        return window is None or (self.window is None and window.end == now)

    def _window(self, now: datetime) -> TimeRange | None:
        """The window as of `now` (UTC), in UTC: typed text is read again, never past now."""
        if self.window is not None or self.text is None:
            return self.window
        start, end, _ = _bounds(self.text, now, self.zone)
        end = min(end, now)
        return TimeRange(min(start, end), end)

    def shift(self, steps: int, now: datetime) -> Selection:
        """The window `steps` of its widths later (negative: earlier), never past now; days
        are those of the zone the range was typed in.

        `[` on "last 1h" gives the fixed hour before it; `]` walks forward and, on reaching now,
        gives the live "last 1h" back. Raises TimeRangeError for all time and for `]` at now.
        """
        now = now.astimezone(UTC)
        window = self._window(now)
        if window is None:
            raise TimeRangeError("all time can't be shifted: pick a range first (t or 1–5)")
        live = self._is_live(window, now)
        if live and steps > 0:
            raise TimeRangeError(f"'{self.text}' already ends now: [ steps back")
        if steps == 0:
            return self
        try:
            days_to_now = live and _bounds(str(self.text), now, self.zone)[2]
            moved = _step(window, steps, self.zone, open_day=days_to_now)
        except OverflowError:
            raise TimeRangeError("can't move the window that far") from None
        if live:
            return replace(self, window=moved, back=-steps)
        if self.back:
            if self.back <= steps:
                return replace(self, window=None, back=0)
            return replace(self, window=moved, back=self.back - steps)
        if _utc(moved.end) >= now:
            return Selection(text=_rolling(window, self.zone, now), zone=self.zone)
        return Selection(zone=self.zone, window=moved)

    def describe(self, now: datetime, tz: tzinfo) -> str:
        """For the status bar: `all time`, `last 2h (Nov 27 01:10 → now)` while live, or
        `Nov 20 14:00 → Nov 21 00:00 (6d ago)`."""
        now = now.astimezone(UTC)
        window = self._window(now)
        if window is None:
            return "all time"
        return _describe(window, live=self._is_live(window, now), now=now, tz=tz)


def _utc(moment: datetime | None) -> datetime:
    """A window end; a Selection's windows always have both."""
    assert moment is not None
    return moment.astimezone(UTC)


def _step(window: TimeRange, steps: int, zone: tzinfo, *, open_day: bool) -> TimeRange:
    """`window` moved by `steps` of its width; whole days stay whole days across DST changes.

    `open_day`: the window runs from a midnight to now, and today counts as a whole day.
    """
    start, end = _utc(window.start), _utc(window.end)
    days = _whole_days(start, end, zone, open_day=open_day)
    if days:
        first = start.astimezone(zone).date() + timedelta(days=steps * days)
        return TimeRange(midnight(first, zone), midnight(first + timedelta(days=days), zone))
    delta = (end - start) * steps
    return TimeRange(start + delta, end + delta)


def _whole_days(start: datetime, end: datetime, zone: tzinfo, *, open_day: bool) -> int:
    """How many days a window from a midnight spans (an open one: counting today); else 0."""
    if not is_midnight(start, zone):
        return 0
    days = (end.astimezone(zone).date() - start.astimezone(zone).date()).days
    if open_day:
        return days + 1
    return days if is_midnight(end, zone) else 0


def _rolling(window: TimeRange, zone: tzinfo, now: datetime) -> str:
    """What a window stepped onto now becomes: `last <its width>`, or for whole days,
    `since <the day that many days back>` (the same number of days, today the last)."""
    start, end = _utc(window.start), _utc(window.end)
    days = _whole_days(start, end, zone, open_day=False)
    if days:
        first = now.astimezone(zone).date() - timedelta(days=days - 1)
        return f"since {first.isoformat()}"
    return "last " + ("".join(_units(end - start)) or "1s")


def selection_from_flags(
    since: str | None, until: str | None, *, now: datetime, tz: tzinfo
) -> Selection:
    """`--since`/`--until` as a Selection (all time without them); TimeRangeError says why not.

    Each flag takes one point (`2h`, `yesterday`, `2026-11-20 14:00`), read in `tz`.
    """
    if since is None:
        if until is not None:
            raise TimeRangeError(
                f"--until {_arg(until)} needs --since too, e.g. --since 6h --until 2h"
            )
        return Selection()
    ctx = Context(now=now.astimezone(UTC), tz=tz)
    start = _flag_point("--since", since, ctx).start
    if start > ctx.now:
        raise TimeRangeError(
            f"--since {_arg(since)} is in the future, and a window can't start there: "
            "try --since 24h or --since yesterday"
        )
    text = f"since {since}"
    if until is not None:
        if _flag_point("--until", until, ctx).end < start:
            raise TimeRangeError(
                f"--until {_arg(until)} is earlier than --since {_arg(since)}; "
                f"did you mean --since {_arg(until)} --until {_arg(since)}?"
            )
        text = f"{since}..{until}"
    try:
        return Selection.parse(text, now=now, tz=tz)
    except TimeRangeError as error:
        raise TimeRangeError(f"--since/--until: {error}") from None


def _flag_point(flag: str, value: str, ctx: Context) -> Span:
    try:
        return point(" ".join(value.lower().split()), _shown(value), ctx)
    except UnreadableTime:
        raise TimeRangeError(
            f"{flag} {_arg(value)}: couldn't read it as a time; "
            f"try {flag} 2h, {flag} yesterday or {flag} '2026-11-20 14:00'"
        ) from None
    except OverflowError:
        raise TimeRangeError(f"{flag} {_arg(value)} reaches too far: try {flag} 30d") from None
    except TimeRangeError as error:
        raise TimeRangeError(f"{flag} {_arg(value)}: {error}") from None


def _arg(value: str) -> str:
    """A flag's value as it would be typed in a shell."""
    return shlex.quote(_shown(value))


def _describe(window: TimeRange, *, live: bool, now: datetime, tz: tzinfo) -> str:
    """`last 2h (Nov 27 01:10 → now)` while live, `Nov 20 14:00 → Nov 21 00:00 (6d ago)` after."""
    start, end = _utc(window.start), _utc(window.end)
    shown_start = day_time(start, tz=tz, now=now)
    if live:
        return f"last {' '.join(_units(end - start)[:2]) or '0s'} ({shown_start} → now)"
    return f"{shown_start} → {day_time(end, tz=tz, now=now)} ({ago(end, now=now)})"


def _units(span: timedelta) -> list[str]:
    """A span in whole units, largest first: `['1d', '6h', '5s']`."""
    seconds = int(span.total_seconds())
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return parts
