"""What the time-range prompt accepts, what it refuses, and how a window is described and moved."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.aws.models import TimeRange
from engage_tui.timerange import PRESETS, TimeRangeError, parse_time_range
from tests.zones import ZONE_NAMES, local_tz, zone_name

__all__ = ["local_tz"]  # a fixture, used by name

# Mid-morning in New York and mid-afternoon in UTC: the same calendar day in both zones.
NOW = datetime(2026, 11, 27, 15, 26, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
ALL_ZONES = [ZoneInfo(name) for name in ZONE_NAMES]
N = "now"  # stands for the local "now" in the tables below
LOCAL_NOW = datetime(2026, 11, 27, 10, 26)
"""The wall clock at "now" in LOCAL_CASES, whichever zone they run in."""


def _at(text: str, tz: tzinfo, now: datetime) -> datetime:
    """A wall time in `tz` written `2026-11-20 14:00`, or `now`, or `now-90` (minutes before)."""
    if text.startswith(N):
        minutes = float(text.removeprefix(N).removeprefix("-") or 0)
        return (now - timedelta(minutes=minutes)).astimezone(tz)
    return datetime.fromisoformat(text).replace(tzinfo=tz)


# expression → (start, end) as wall times in whichever zone the test runs in
LOCAL_CASES = {
    # relative: now-x .. now
    "15m": ("now-15", N),
    "2h": ("now-120", N),
    "24h": ("now-1440", N),
    "7d": ("now-10080", N),
    "1w": ("now-10080", N),
    "90s": ("now-1.5", N),
    "1h30m": ("now-90", N),
    "1 h 30 min": ("now-90", N),
    "last 3 days": ("now-4320", N),
    "last 2 hours": ("now-120", N),
    "past 30 min": ("now-30", N),
    "last hour": ("now-60", N),
    "  Last   3   DAYS ": ("now-4320", N),
    # absolute: an instant runs until now, a day is the whole day
    "2026-11-20 14:00": ("2026-11-20 14:00", N),
    "2026-11-20 2pm": ("2026-11-20 14:00", N),
    "Nov 20 2026 14:00": ("2026-11-20 14:00", N),
    "2026-11-20T14:00:30": ("2026-11-20 14:00:30", N),
    "yesterday": ("2026-11-26 00:00", "2026-11-27 00:00"),
    "today": ("2026-11-27 00:00", N),
    "since 09:00": ("2026-11-27 09:00", N),
    "since 22:00": ("2026-11-26 22:00", N),  # not yet 22:00 today: last night's
    "since yesterday": ("2026-11-26 00:00", N),
    "since 2026-11-20": ("2026-11-20 00:00", N),
    "2026-11-20": ("2026-11-20 00:00", "2026-11-21 00:00"),
    "2026/11/20": ("2026-11-20 00:00", "2026-11-21 00:00"),
    "Nov 20": ("2026-11-20 00:00", "2026-11-21 00:00"),
    "20 November 2026": ("2026-11-20 00:00", "2026-11-21 00:00"),
    "Dec 20": ("2025-12-20 00:00", "2025-12-21 00:00"),  # December hasn't come yet this year
    "Dec 20 14:00": ("2025-12-20 14:00", N),
    # ranges
    "2026-11-20..2026-11-21": ("2026-11-20 00:00", "2026-11-22 00:00"),
    "yesterday..today": ("2026-11-26 00:00", N),
    "yesterday..tomorrow": ("2026-11-26 00:00", N),
    "yesterday..yesterday": ("2026-11-26 00:00", "2026-11-27 00:00"),
    "-6h..-2h": ("now-360", "now-120"),
    "6h ago..2h ago": ("now-360", "now-120"),
    "now-6h..now - 2h": ("now-360", "now-120"),
    "- 6h..- 2h": ("now-360", "now-120"),
    "6h..2h": ("now-360", "now-120"),
    "2026-11-20 14:00..now": ("2026-11-20 14:00", N),
    "2026-11-20 14:00..2026-11-20 18:30": ("2026-11-20 14:00", "2026-11-20 18:30"),
    "-2h..": ("now-120", N),
    "2026-11-27 09:00..2026-11-30": ("2026-11-27 09:00", N),  # never past now
}


@pytest.mark.parametrize(("text", "expected"), LOCAL_CASES.items(), ids=list(LOCAL_CASES))
def test_reads_expressions_in_the_display_zone(
    text: str, expected: tuple[str, str], local_tz: tzinfo
) -> None:
    now = LOCAL_NOW.replace(tzinfo=local_tz).astimezone(UTC)
    result = parse_time_range(text, now=now, tz=local_tz)
    start, end = (_at(side, local_tz, now) for side in expected)
    assert (result.start, result.end) == (start, end)
    assert result.start is not None and result.start.tzinfo is local_tz
    assert result.end is not None and result.end.tzinfo is local_tz


@pytest.mark.parametrize("zone", ZONE_NAMES)
@pytest.mark.parametrize(("text", "expected"), LOCAL_CASES.items(), ids=list(LOCAL_CASES))
def test_reads_expressions_in_a_display_zone_that_isnt_the_machines(
    text: str, expected: tuple[str, str], zone: str
) -> None:
    tz = ZoneInfo(zone)  # while the machine's zone stays UTC
    now = LOCAL_NOW.replace(tzinfo=tz).astimezone(UTC)
    result = parse_time_range(text, now=now, tz=tz)
    assert (result.start, result.end) == tuple(_at(side, tz, now) for side in expected)


# Texts that name their zone mean the same instant whatever the display zone.
ZONED_CASES = {
    "2026-11-20T14:00:00Z": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "2026-11-20T14:00:00.5Z": datetime(2026, 11, 20, 14, 0, 0, 500_000, tzinfo=UTC),
    "2026-11-20T16:00:00+02:00": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "2026-11-20 09:00 -0500": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "2026-11-20 14:00 UTC": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "2026-11-20 14:00 utc": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "20261120T140000Z": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "14:00 utc": datetime(2026, 11, 27, 14, tzinfo=UTC),
    "2026-11-20 19:45+05:45": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "2026-11-20T16:00+02": datetime(2026, 11, 20, 14, tzinfo=UTC),
    "since 14:00Z": datetime(2026, 11, 27, 14, tzinfo=UTC),
}


@pytest.mark.parametrize(("text", "start"), ZONED_CASES.items(), ids=list(ZONED_CASES))
def test_a_named_zone_overrides_the_display_zone(
    text: str, start: datetime, local_tz: tzinfo
) -> None:
    assert parse_time_range(text, now=NOW, tz=local_tz) == TimeRange(start, NOW)


# text → (what the message must say, an expression it suggests, which must itself work)
ERROR_CASES = {
    "": ("type a time range", "last 3 days"),
    "   ": ("type a time range", "2h"),
    "2h ago-ish": ("couldn't read '2h ago-ish' as a time", "-6h..-2h"),
    "5": ("couldn't read '5'", "2026-11-20 14:00"),
    "of": ("couldn't read 'of'", "yesterday"),
    "tomorrow": ("'tomorrow' starts after now", "yesterday"),
    "1h..2h..3h": ("couldn't read", "-6h..-2h"),
    "2026-13-01": ("isn't a real date", "2h"),
    "Feb 30": ("isn't a real date", "2h"),
    "-2h..-6h": ("ends before it starts", "-6h..-2h"),
    "2026-11-22..2026-11-20": ("ends before it starts", "-6h..-2h"),
    "2026-12-01": ("starts after now", "yesterday"),
    "2026-11-28 09:00..2026-11-29": ("starts after now", "-6h"),
    "now": ("empty window", "2h"),
    "0m": ("empty window", "2h"),
    "..-2h": ("has no start", "since 2026-11-20"),
    "99999999999d": ("too far", "30d"),
    "9" * 5000 + "h": ("too far", "since 2026-01-01"),
    "0001-01-01 00:00+05:00..now": ("too far", "30d"),
    "14:00+25:00": ("'14:00+25:00' has an impossible zone offset", "2026-11-20 14:00+02:00"),
    "14:00+24:00": ("'14:00+24:00' has an impossible zone offset", "2026-11-20 14:00+02:00"),
    "2026-11-20+02:00": ("couldn't read '2026-11-20+02:00' as a time", "2h"),
    "-2h..later": ("couldn't read '-2h..later' as a time", "2h"),
    "later..now": ("couldn't read 'later..now' as a time", "2h"),
    "since whenever": ("couldn't read 'since whenever' as a time", "2h"),
    "last fortnight": ("couldn't read 'last fortnight' as a time", "2h"),
}


@pytest.mark.parametrize(("text", "case"), ERROR_CASES.items(), ids=[t[:20] for t in ERROR_CASES])
def test_errors_say_what_was_wrong_and_suggest_something_that_works(
    text: str, case: tuple[str, str]
) -> None:
    problem, suggestion = case
    with pytest.raises(TimeRangeError) as caught:
        parse_time_range(text, now=NOW, tz=NEW_YORK)
    message = str(caught.value)
    assert problem in message
    assert suggestion in message
    parse_time_range(suggestion, now=NOW, tz=NEW_YORK)


def test_error_quotes_long_text_shortened() -> None:
    with pytest.raises(TimeRangeError, match="…' as a time"):
        parse_time_range("x" * 500, now=NOW, tz=UTC)


@pytest.mark.parametrize(("length", "quoted"), [(40, "y" * 40), (41, "y" * 39 + "…")])
def test_error_quotes_up_to_forty_characters(length: int, quoted: str) -> None:
    with pytest.raises(TimeRangeError) as caught:
        parse_time_range("y" * length, now=NOW, tz=UTC)
    assert f"couldn't read '{quoted}' as a time" in str(caught.value)


@pytest.mark.parametrize("text", ["Feb 29 10:00", "Feb 29"])
def test_a_yearless_feb_29_from_a_leap_year_asks_for_the_year(text: str) -> None:
    now = datetime(2028, 2, 28, 12, tzinfo=UTC)  # Feb 29 2028 is still to come
    with pytest.raises(TimeRangeError) as caught:
        parse_time_range(text, now=now, tz=UTC)
    assert str(caught.value) == f"'{text}' isn't a real date: give the year, 2024-02-29"


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("Nov 28", datetime(2026, 11, 28, tzinfo=UTC)),
        ("Nov 28 00:00", datetime(2026, 11, 28, tzinfo=UTC)),
        ("since 15:26", NOW),
    ],
)
def test_a_time_that_is_exactly_now_has_happened(text: str, now: datetime) -> None:
    with pytest.raises(TimeRangeError, match="is an empty window"):
        parse_time_range(text, now=now, tz=UTC)


def test_a_bare_clock_time_is_on_the_display_zones_day(local_tz: tzinfo) -> None:
    # 20:00 UTC is already 10:00 tomorrow in Kiritimati (UTC+14), but yesterday in New York.
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    now = datetime(2026, 11, 27, 20, tzinfo=UTC)
    window = parse_time_range("since 09:00", now=now, tz=kiritimati)
    assert window.start == datetime(2026, 11, 28, 9, tzinfo=kiritimati)


def test_every_preset_parses_to_a_window_ending_now() -> None:
    assert len({key for key, _ in PRESETS}) == len(PRESETS)
    for _key, expression in PRESETS:
        assert parse_time_range(expression, now=NOW, tz=NEW_YORK).end == NOW


# --- daylight saving ---------------------------------------------------------------------------

# zone → a day after each clock change (or any day, where there is none) and its yesterday's length
YESTERDAY_HOURS: dict[str, list[tuple[date, float]]] = {
    "UTC": [(date(2026, 3, 30), 24)],
    "America/New_York": [(date(2026, 3, 9), 23), (date(2026, 11, 2), 25)],
    "Europe/London": [(date(2026, 3, 30), 23), (date(2026, 10, 26), 25)],
    "Australia/Lord_Howe": [(date(2026, 4, 6), 24.5), (date(2026, 10, 5), 23.5)],
    "Asia/Kathmandu": [(date(2026, 3, 30), 24)],
}


def test_yesterday_the_day_after_a_change_is_that_whole_local_day(local_tz: tzinfo) -> None:
    for day, hours in YESTERDAY_HOURS[zone_name()]:
        now = datetime.combine(day, datetime.min.time().replace(hour=10), tzinfo=local_tz)
        window = parse_time_range("yesterday", now=now, tz=local_tz)
        assert window.start is not None and window.end is not None
        expected_start = datetime.combine(day - timedelta(days=1), datetime.min.time())
        assert window.start.replace(tzinfo=None) == expected_start
        assert window.end.replace(tzinfo=None) == datetime.combine(day, datetime.min.time())
        assert window.end.timestamp() - window.start.timestamp() == hours * 3600


# zone → (the day clocks go forward, the real length of 00:00..04:00 then in hours,
#         the day they go back, the same)
ACROSS_CHANGES = {
    "UTC": ("2026-03-29", 4, "2026-10-25", 4),
    "America/New_York": ("2026-03-08", 3, "2026-11-01", 5),
    "Europe/London": ("2026-03-29", 3, "2026-10-25", 5),
    "Australia/Lord_Howe": ("2026-10-04", 3.5, "2026-04-05", 4.5),
    "Asia/Kathmandu": ("2026-03-29", 4, "2026-10-25", 4),
}
LATER = datetime(2026, 12, 1, tzinfo=UTC)


def test_a_range_across_a_clock_change_lasts_the_real_time_between(local_tz: tzinfo) -> None:
    forward, forward_hours, back, back_hours = ACROSS_CHANGES[zone_name()]
    for day, hours in ((forward, forward_hours), (back, back_hours)):
        window = parse_time_range(f"{day} 00:00..{day} 04:00", now=LATER, tz=local_tz)
        assert window.start is not None and window.end is not None
        assert window.start.strftime("%H:%M") == "00:00"
        assert window.end.strftime("%H:%M") == "04:00"
        assert window.end.timestamp() - window.start.timestamp() == hours * 3600


def test_last_2h_across_the_night_clocks_go_back_is_two_real_hours(local_tz: tzinfo) -> None:
    now = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 01:30 EST, the second 01:30 that night
    window = parse_time_range("2h", now=now, tz=NEW_YORK)
    assert window.start is not None and window.end is not None
    assert window.start.astimezone(UTC) == now - timedelta(hours=2)
    assert window.end.astimezone(UTC) == now
    assert window.start.strftime("%H:%M %Z") == "00:30 EDT"


# Typed wall times the clock skipped or repeated, read as RFC 5545 says: a skipped one with the
# offset before the jump (so it lands as far past the jump), a repeated one as its first time.
UNREAL_TIMES = [
    ("America/New_York", "2026-03-08 02:30", "2026-03-08T07:30Z", "03:30 EDT"),
    ("Europe/London", "2026-03-29 01:30", "2026-03-29T01:30Z", "02:30 BST"),
    ("Australia/Lord_Howe", "2026-10-04 02:15", "2026-10-03T15:45Z", "02:45 +11"),
    ("America/New_York", "2026-11-01 01:30", "2026-11-01T05:30Z", "01:30 EDT"),
    ("Europe/London", "2026-10-25 01:30", "2026-10-25T00:30Z", "01:30 BST"),
    ("Australia/Lord_Howe", "2026-04-05 01:45", "2026-04-04T14:45Z", "01:45 +11"),
]


@pytest.mark.parametrize(("zone", "typed", "instant", "shown"), UNREAL_TIMES)
def test_skipped_and_repeated_wall_times_read_as_rfc_5545_says(
    zone: str, typed: str, instant: str, shown: str
) -> None:
    tz = ZoneInfo(zone)
    window = parse_time_range(typed, now=LATER, tz=tz)
    assert window.start is not None
    assert window.start.astimezone(UTC) == datetime.fromisoformat(instant)
    assert window.start.strftime("%H:%M %Z") == shown


def test_an_offset_picks_the_second_of_two_repeated_wall_times() -> None:
    window = parse_time_range("2026-11-01 01:30 -05:00", now=LATER, tz=NEW_YORK)
    assert window.start is not None
    assert window.start.astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)


# --- properties -------------------------------------------------------------------------------

FAST = settings(max_examples=300, deadline=None, derandomize=True)
GRAMMARISH = st.text(alphabet="0123456789 -:.+/TZhmsdwnoaglstpyerdvuc", max_size=30)


def _check_window(text: str, tz: tzinfo) -> None:
    try:
        result = parse_time_range(text, now=NOW, tz=tz)
    except TimeRangeError:
        return
    assert result.start is not None and result.end is not None
    assert result.start < result.end <= NOW


@FAST
@given(text=st.text() | GRAMMARISH, tz=st.sampled_from(ALL_ZONES))
def test_any_text_gives_a_window_or_a_time_range_error(text: str, tz: tzinfo) -> None:
    _check_window(text, tz)


UNITS = ["s", "sec", "seconds", "m", "min", "minutes", "h", "hr", "hours", "d", "days", "w", "wk"]
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@st.composite
def durations(draw: st.DrawFn) -> str:
    amount = draw(st.integers(1, 500))
    unit = draw(st.sampled_from(UNITS))
    return f"{amount}{draw(st.sampled_from(['', ' ']))}{unit}"


# Instants at least two hours apart and a minute before now, so even a wall time that a DST
# change makes ambiguous still reads as a past instant in the right order.
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2026, 11, 27, 15, 25)
).map(lambda naive: naive.replace(second=0, microsecond=0, tzinfo=UTC))


def _render_instant(moment: datetime, tz: tzinfo, form: int) -> str:
    local = moment.astimezone(tz)
    return [
        local.strftime("%Y-%m-%d %H:%M"),
        moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        moment.astimezone(NEW_YORK).isoformat(),
        moment.strftime("%Y-%m-%d %H:%M UTC"),
        local.strftime("%b %d %Y %H:%M"),
        local.strftime("%Y/%m/%d %I:%M%p"),
    ][form]


def _render_day(day: date, form: int) -> str:
    return [day.isoformat(), day.strftime("%d %B %Y"), day.strftime("%b %d, %Y")][form]


@st.composite
def points(draw: st.DrawFn, tz: tzinfo) -> tuple[str, datetime]:
    """One side of a range and a UTC instant it is no later than."""
    kind = draw(st.sampled_from(["ago", "instant", "day", "named"]))
    if kind == "ago":
        text = draw(durations())
        form = draw(st.sampled_from(["-{}", "{} ago", "now-{}", "{}"]))
        return form.format(text), NOW
    if kind == "instant":
        moment = draw(instants)
        return _render_instant(moment, tz, draw(st.integers(0, 5))), moment
    if kind == "day":
        day = draw(st.dates(date(2000, 1, 2), date(2026, 11, 26)))
        return _render_day(day, draw(st.integers(0, 2))), NOW
    return draw(st.sampled_from(["yesterday", "today"])), NOW


@st.composite
def expressions(draw: st.DrawFn, tz: tzinfo) -> str:
    kind = draw(st.sampled_from(["relative", "point", "since", "range"]))
    if kind == "relative":
        prefix = draw(st.sampled_from(["", "last ", "past "]))
        return prefix + draw(durations())
    if kind == "point":
        return draw(points(tz))[0]
    if kind == "since":
        return "since " + draw(points(tz))[0]
    early, late = sorted(draw(st.lists(instants, min_size=2, max_size=2, unique=True)))
    late = max(late, early + timedelta(hours=2))
    left = _render_instant(early, tz, draw(st.integers(0, 5)))
    right = _render_instant(late, tz, draw(st.integers(0, 5)))
    return draw(st.sampled_from([f"{left}..{right}", f"{left}..", f"{left}..now"]))


@FAST
@given(data=st.data(), tz=st.sampled_from(ALL_ZONES))
def test_every_expression_of_the_grammar_parses(data: st.DataObject, tz: tzinfo) -> None:
    text = data.draw(expressions(tz))
    result = parse_time_range(text, now=NOW, tz=tz)
    assert result.start is not None and result.end is not None
    assert result.start < result.end <= NOW


@FAST
@given(moment=instants, form=st.integers(1, 3), tz=st.sampled_from(ALL_ZONES))
def test_a_zoned_instant_means_exactly_that_instant(
    moment: datetime, form: int, tz: tzinfo
) -> None:
    text = _render_instant(moment, tz, form)
    start = parse_time_range(text, now=NOW, tz=tz).start
    assert start is not None and start.astimezone(UTC) == moment
