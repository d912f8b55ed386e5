"""A Selection keeps what the user asked for: `r` re-reads it, `[`/`]` step it, never past now."""

from __future__ import annotations

import shlex
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.aws.models import TimeRange
from engage_tui.timerange import PRESETS, Selection, TimeRangeError, selection_from_flags
from engage_tui.zones import local_zone
from tests.zones import ZONE_NAMES, local_tz, zone_name

__all__ = ["local_tz"]  # a fixture, used by name

NOW = datetime(2026, 11, 27, 15, 26, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
KATHMANDU = ZoneInfo("Asia/Kathmandu")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
HOUR = timedelta(hours=1)


def _window(
    selection: Selection, now: datetime = NOW, tz: tzinfo = UTC
) -> tuple[datetime, datetime]:
    """The resolved window as two UTC instants."""
    window = selection.resolve(now, tz)
    assert window is not None and window.start is not None and window.end is not None
    return window.start.astimezone(UTC), window.end.astimezone(UTC)


# --- what a Selection resolves to -------------------------------------------------------------


def test_all_time_resolves_to_no_window_and_is_live() -> None:
    assert Selection().resolve(NOW, UTC) is None
    assert Selection().is_live(NOW)
    assert Selection().describe(NOW, UTC) == "all time"
    assert Selection().expression is None


def test_r_reads_last_2h_again_so_it_ends_at_the_new_now() -> None:
    selection = Selection.parse("last 2h", now=NOW, tz=UTC)
    later = NOW + timedelta(minutes=37)
    assert _window(selection) == (NOW - 2 * HOUR, NOW)
    assert _window(selection, later) == (later - 2 * HOUR, later)
    assert selection.is_live(later)


def test_a_typed_absolute_range_stays_put() -> None:
    selection = Selection.parse("2026-11-20 14:00..2026-11-20 18:30", now=NOW, tz=NEW_YORK)
    first = _window(selection)
    assert _window(selection, NOW + timedelta(days=3)) == first
    assert first[0] == datetime(2026, 11, 20, 19, tzinfo=UTC)
    assert not selection.is_live(NOW)
    assert selection.expression == "2026-11-20 14:00..2026-11-20 18:30"


def test_resolve_shows_the_ends_in_the_zone_asked_for() -> None:
    window = Selection.parse("2h", now=NOW, tz=UTC).resolve(NOW, NEW_YORK)
    assert window is not None and window.start is not None and window.end is not None
    assert window.start.tzinfo is NEW_YORK and window.end.tzinfo is NEW_YORK
    assert window.start.astimezone(UTC) == NOW - 2 * HOUR


def test_a_range_ending_in_the_future_is_live_until_its_end_passes() -> None:
    selection = Selection.parse("-1h..2026-11-27 16:00Z", now=NOW, tz=UTC)
    assert selection.is_live(NOW)
    assert _window(selection)[1] == NOW
    after = datetime(2026, 11, 27, 16, 30, tzinfo=UTC)
    assert not selection.is_live(after)
    assert _window(selection, after)[1] == datetime(2026, 11, 27, 16, tzinfo=UTC)


def test_the_zone_a_range_was_typed_in_is_kept_when_the_display_zone_changes() -> None:
    # `--utc --since 00:01` under TZ=America/New_York: 00:01 UTC, then and after `u` and `r`.
    selection = Selection.parse("since 00:01", now=NOW, tz=UTC)
    start = datetime(2026, 11, 27, 0, 1, tzinfo=UTC)
    assert _window(selection, NOW, UTC)[0] == start
    assert _window(selection, NOW + HOUR, NEW_YORK)[0] == start


def test_live_at_a_now_given_in_a_repeated_hour(local_tz: tzinfo) -> None:
    # 01:30 EST, the second 01:30 of the night New York's clocks go back.
    now = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)
    selection = Selection.parse("1h", now=now, tz=NEW_YORK)
    assert selection.is_live(now)
    assert selection.describe(now, NEW_YORK) == "last 1h (Nov 1 01:30 → now)"
    with pytest.raises(TimeRangeError):
        selection.shift(1, now)


def test_a_range_typed_in_a_zone_far_from_the_machines_is_read_there() -> None:
    # 20:00 in Kathmandu (UTC+05:45) has happened by 15:26 UTC; 20:00 UTC has not.
    selection = Selection.parse("2026-11-27 20:00", now=NOW, tz=KATHMANDU)
    assert _window(selection)[0] == datetime(2026, 11, 27, 14, 15, tzinfo=UTC)
    flags = selection_from_flags("2026-11-27 20:00", None, now=NOW, tz=KATHMANDU)
    assert _window(flags)[0] == datetime(2026, 11, 27, 14, 15, tzinfo=UTC)


@pytest.mark.parametrize(("key", "expression"), PRESETS)
def test_a_preset_key_reads_as_its_expression(key: str, expression: str) -> None:
    selection = Selection.parse(f" {key} ", now=NOW, tz=UTC)
    assert selection == Selection.parse(expression, now=NOW, tz=UTC)
    assert selection.expression == expression
    assert selection.is_live(NOW)


def test_parse_tidies_the_text_and_refuses_what_the_grammar_refuses() -> None:
    assert Selection.parse("  last   3  days ", now=NOW, tz=UTC).text == "last 3 days"
    with pytest.raises(TimeRangeError, match="starts after now"):
        Selection.parse("tomorrow", now=NOW, tz=UTC)


def test_a_window_that_empties_later_resolves_to_an_empty_window_not_an_error() -> None:
    selection = Selection.parse("today", now=NOW, tz=UTC)
    midnight = datetime(2026, 11, 28, tzinfo=UTC)
    assert _window(selection, midnight) == (midnight, midnight)
    assert selection.describe(midnight, UTC) == "last 0s (Nov 28 00:00 → now)"


# --- describe ---------------------------------------------------------------------------------


def test_describe_says_now_only_while_the_window_is_live() -> None:
    live = Selection.parse("1h", now=NOW, tz=UTC)
    assert live.describe(NOW, UTC) == "last 1h (Nov 27 14:26 → now)"
    assert live.describe(NOW, NEW_YORK) == "last 1h (Nov 27 09:26 → now)"
    fixed = live.shift(-1, NOW)
    # A fixed window just behind now is still a fixed window, not "now".
    assert fixed.describe(NOW, UTC) == "Nov 27 13:26 → Nov 27 14:26 (1h ago)"
    assert fixed.describe(NOW, NEW_YORK) == "Nov 27 08:26 → Nov 27 09:26 (1h ago)"
    typed = Selection.parse("-90s..-30s", now=NOW, tz=UTC)
    assert typed.describe(NOW, UTC) == "Nov 27 15:24 → Nov 27 15:25 (just now)"


# --- [ and ] ----------------------------------------------------------------------------------


def test_left_bracket_on_last_1h_gives_the_fixed_hour_before_it() -> None:
    selection = Selection.parse("last 1h", now=NOW, tz=UTC)
    earlier = selection.shift(-1, NOW)
    assert _window(earlier) == (NOW - 2 * HOUR, NOW - HOUR)
    assert not earlier.is_live(NOW)
    assert earlier.expression is None
    # It stays put however late `r` is pressed.
    assert _window(earlier, NOW + 5 * HOUR) == (NOW - 2 * HOUR, NOW - HOUR)
    assert _window(earlier.shift(-2, NOW)) == (NOW - 4 * HOUR, NOW - 3 * HOUR)


def test_right_bracket_walks_back_to_the_rolling_range_even_minutes_later() -> None:
    selection = Selection.parse("last 1h", now=NOW, tz=UTC)
    back_two = selection.shift(-1, NOW).shift(-1, NOW)
    later = NOW + timedelta(minutes=10)
    back_one = back_two.shift(1, later)
    assert _window(back_one, later) == (NOW - 2 * HOUR, NOW - HOUR)
    assert back_one.shift(1, later) == selection
    assert back_two.shift(5, later) == selection
    assert _window(back_two.shift(2, later), later) == (later - HOUR, later)


def test_right_bracket_on_a_rolling_range_says_it_is_already_at_now() -> None:
    selection = Selection.parse("last 1h", now=NOW, tz=UTC)
    with pytest.raises(TimeRangeError) as caught:
        selection.shift(1, NOW)
    assert str(caught.value) == "'last 1h' already ends now: [ steps back"
    assert selection.shift(0, NOW) is selection


def test_all_time_cant_be_shifted() -> None:
    for steps in (-1, 1):
        with pytest.raises(TimeRangeError) as caught:
            Selection().shift(steps, NOW)
        assert str(caught.value) == "all time can't be shifted: pick a range first (t or 1–5)"


def test_right_bracket_on_a_fixed_range_walks_by_its_width_then_rolls_at_now() -> None:
    selection = Selection.parse("-3h..-2h", now=NOW, tz=UTC)
    later = selection.shift(1, NOW)
    assert _window(later) == (NOW - 2 * HOUR, NOW - HOUR)
    assert not later.is_live(NOW)
    rolled = later.shift(1, NOW)
    assert rolled == Selection(text="last 1h", zone=UTC)
    assert selection.shift(7, NOW) == rolled
    assert _window(selection.shift(-1, NOW)) == (NOW - 4 * HOUR, NOW - 3 * HOUR)


def test_a_fixed_range_rolls_into_its_exact_width() -> None:
    selection = Selection.parse("-100m5s..-40m", now=NOW, tz=UTC)
    assert selection.shift(2, NOW).text == "last 1h5s"
    tiny = Selection.parse("2026-11-27T15:00:00Z..2026-11-27T15:00:00.5Z", now=NOW, tz=UTC)
    assert tiny.shift(10**5, NOW).text == "last 1s"


def test_whole_days_step_by_whole_local_days_across_a_dst_change() -> None:
    now = datetime(2026, 3, 9, 14, tzinfo=UTC)  # 10:00 EDT, the day after clocks went forward
    yesterday = Selection.parse("yesterday", now=now, tz=NEW_YORK)
    before = yesterday.shift(-1, now)
    window = before.resolve(now, NEW_YORK)
    assert window == TimeRange(
        datetime(2026, 3, 7, tzinfo=NEW_YORK), datetime(2026, 3, 8, tzinfo=NEW_YORK)
    )
    two_days = Selection.parse("2026-03-05..2026-03-06", now=now, tz=NEW_YORK)
    assert _window(two_days.shift(1, now), now) == _window(
        Selection.parse("2026-03-07..2026-03-08", now=now, tz=NEW_YORK), now
    )
    # Rolling onto now keeps the width in days: the last two days, today the second.
    assert two_days.shift(2, now).text == "since 2026-03-08"
    assert two_days.shift(9, now).text == "since 2026-03-08"


def test_today_steps_back_to_yesterday_and_yesterday_forward_to_today() -> None:
    today = Selection.parse("today", now=NOW, tz=NEW_YORK)
    yesterday = today.shift(-1, NOW)
    assert _window(yesterday) == _window(Selection.parse("yesterday", now=NOW, tz=NEW_YORK))
    assert yesterday.shift(1, NOW) == today
    typed = Selection.parse("yesterday", now=NOW, tz=NEW_YORK)
    assert typed.shift(1, NOW) == Selection(text="since 2026-11-27", zone=NEW_YORK)
    assert typed.shift(3, NOW) == Selection(text="since 2026-11-27", zone=NEW_YORK)


def test_since_a_day_steps_back_by_its_whole_days() -> None:
    selection = Selection.parse("since yesterday", now=NOW, tz=UTC)
    back = selection.shift(-1, NOW)
    assert _window(back) == (datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC))


@pytest.mark.parametrize("text", ["7d", "yesterday"])
def test_a_step_too_far_is_refused_plainly(text: str) -> None:
    with pytest.raises(TimeRangeError) as caught:
        Selection.parse(text, now=NOW, tz=UTC).shift(-(10**7), NOW)
    assert str(caught.value) == "can't move the window that far"


@pytest.mark.parametrize("text", ["6h", "last 6h", "-6h.."])
def test_stepping_back_across_a_clock_change_moves_by_real_hours(
    text: str, local_tz: tzinfo
) -> None:
    # 05:00 EST; 6h ago was 00:00 EDT, a midnight, but "6h" is hours, not days.
    now = datetime(2026, 11, 1, 10, tzinfo=UTC)
    earlier = Selection.parse(text, now=now, tz=NEW_YORK).shift(-1, now)
    assert _window(earlier, now) == (now - 12 * HOUR, now - 6 * HOUR)


def test_a_range_from_a_day_to_now_steps_by_its_days() -> None:
    back = Selection.parse("yesterday..", now=NOW, tz=UTC).shift(-1, NOW)
    assert _window(back) == (datetime(2026, 11, 24, tzinfo=UTC), datetime(2026, 11, 26, tzinfo=UTC))


def test_a_fixed_window_keeps_stepping_by_the_days_of_its_zone() -> None:
    now = datetime(2026, 10, 10, tzinfo=LORD_HOWE)
    day = Selection.parse("2026-10-05", now=now, tz=LORD_HOWE)
    twice = day.shift(-1, now).shift(-1, now)  # over the 23.5-hour day
    assert twice.resolve(now, LORD_HOWE) == TimeRange(
        datetime(2026, 10, 3, tzinfo=LORD_HOWE), datetime(2026, 10, 4, tzinfo=LORD_HOWE)
    )


def test_a_day_in_a_zone_ahead_of_utc_steps_by_its_own_days() -> None:
    now = datetime(2026, 10, 5, 10, tzinfo=LORD_HOWE)  # the day after a 23.5-hour day
    before = Selection.parse("yesterday", now=now, tz=LORD_HOWE).shift(-1, now)
    assert before.resolve(now, LORD_HOWE) == TimeRange(
        datetime(2026, 10, 3, tzinfo=LORD_HOWE), datetime(2026, 10, 4, tzinfo=LORD_HOWE)
    )
    late = datetime(2026, 11, 27, 20, tzinfo=UTC)  # already Nov 28 in Kathmandu
    typed = Selection.parse("yesterday", now=late, tz=KATHMANDU)
    assert typed.shift(1, late).text == "since 2026-11-28"


def test_a_range_from_a_midnight_to_a_later_time_steps_by_its_real_width() -> None:
    selection = Selection.parse("2026-11-20..2026-11-21 14:00", now=NOW, tz=UTC)
    assert _window(selection.shift(-1, NOW)) == (
        datetime(2026, 11, 18, 10, tzinfo=UTC),
        datetime(2026, 11, 20, tzinfo=UTC),
    )


FAST = settings(max_examples=200, deadline=None, derandomize=True)


@FAST
@given(
    text=st.sampled_from(["15m", "1h", "7d", "today", "since 09:00", "-6h..-2h", "yesterday"]),
    moves=st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 4 * 3600)), min_size=1, max_size=8),
    zone=st.sampled_from([ZoneInfo(name) for name in ZONE_NAMES]),
)
def test_stepping_never_moves_past_now(
    text: str, moves: list[tuple[int, int]], zone: tzinfo
) -> None:
    now = NOW
    selection = Selection.parse(text, now=now, tz=zone)
    for steps, wait in moves:
        now += timedelta(seconds=wait)
        try:
            selection = selection.shift(steps, now)
        except TimeRangeError as error:
            assert steps > 0 and selection.is_live(now), error
        start, end = _window(selection, now)
        assert start <= end <= now
        assert selection.is_live(now) == (end == now)


# --- --since / --until ------------------------------------------------------------------------


def test_no_flags_mean_all_time() -> None:
    assert selection_from_flags(None, None, now=NOW, tz=UTC) == Selection()


def test_since_alone_runs_to_now_and_stays_live(local_tz: tzinfo) -> None:
    selection = selection_from_flags("2h", None, now=NOW, tz=local_tz)
    assert selection == Selection(text="since 2h", zone=local_tz)
    assert _window(selection) == (NOW - 2 * HOUR, NOW)


def test_since_and_until_make_a_fixed_range() -> None:
    selection = selection_from_flags("6h", "2h", now=NOW, tz=UTC)
    assert selection.text == "6h..2h"
    assert _window(selection) == (NOW - 6 * HOUR, NOW - 2 * HOUR)


def test_utc_since_under_a_local_zone_means_utc_and_r_keeps_it(local_tz: tzinfo) -> None:
    assert zone_name() in ZONE_NAMES and local_zone() == local_tz
    selection = selection_from_flags("00:01", None, now=NOW, tz=UTC)
    start = datetime(2026, 11, 27, 0, 1, tzinfo=UTC)
    assert _window(selection, NOW, UTC)[0] == start
    assert _window(selection, NOW + 3 * HOUR, local_tz)[0] == start


def test_until_without_since_says_to_add_it() -> None:
    with pytest.raises(TimeRangeError, match="--until 2h needs --since too, e.g. --since 6h"):
        selection_from_flags(None, "2h", now=NOW, tz=UTC)


@pytest.mark.parametrize("since", ["tomorrow", "2026-12-01", "2026-11-28 09:00 ", "Tomorrow"])
def test_since_in_the_future_says_so_and_suggests_one_that_works(since: str) -> None:
    now = datetime(2026, 11, 27, 15, 26, tzinfo=UTC)
    with pytest.raises(TimeRangeError) as caught:
        selection_from_flags(since, None, now=now, tz=NEW_YORK)
    assert str(caught.value) == (
        f"--since {shlex.quote(since.strip())} is in the future, and a window can't start "
        "there: try --since 24h or --since yesterday"
    )
    for suggestion in ("24h", "yesterday"):
        assert selection_from_flags(suggestion, None, now=now, tz=NEW_YORK).is_live(now)


def test_until_before_since_suggests_the_flags_swapped() -> None:
    with pytest.raises(TimeRangeError) as caught:
        selection_from_flags("2h", "4h", now=NOW, tz=UTC)
    assert str(caught.value) == (
        "--until 4h is earlier than --since 2h; did you mean --since 4h --until 2h?"
    )
    assert _window(selection_from_flags("4h", "2h", now=NOW, tz=UTC)) == (
        NOW - 4 * HOUR,
        NOW - 2 * HOUR,
    )


def test_swapped_flags_are_quoted_as_they_would_be_typed() -> None:
    with pytest.raises(TimeRangeError) as caught:
        selection_from_flags("2026-11-26 14:00", "2026-11-25", now=NOW, tz=UTC)
    message = str(caught.value)
    assert message.endswith("did you mean --since 2026-11-25 --until '2026-11-26 14:00'?")
    selection_from_flags("2026-11-25", "2026-11-26 14:00", now=NOW, tz=UTC)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("soon", None, "--since soon: couldn't read it as a time; try --since 2h, --since yester"),
        ("2h", "later", "--until later: couldn't read it as a time; try --until 2h, --until yest"),
        ("Feb 30", None, "--since 'Feb 30': 'Feb 30' isn't a real date or time"),
        ("9" * 30 + "d", None, "reaches too far: try --since 30d"),
        ("now", None, "--since/--until: 'since now' is an empty window"),
        ("2h", "2h", "--since/--until: '2h..2h' is an empty window"),
    ],
)
def test_flag_errors_name_the_flag(since: str, until: str | None, expected: str) -> None:
    with pytest.raises(TimeRangeError) as caught:
        selection_from_flags(since, until, now=NOW, tz=UTC)
    assert str(caught.value).startswith(expected) or expected in str(caught.value)


def test_flags_and_prompt_read_the_same_text_alike() -> None:
    flags = selection_from_flags("yesterday", "yesterday", now=NOW, tz=NEW_YORK)
    typed = Selection.parse("yesterday..yesterday", now=NOW, tz=NEW_YORK)
    assert flags == typed
    assert _window(flags) == _window(Selection.parse("yesterday", now=NOW, tz=NEW_YORK))
    assert date(2026, 11, 26) == _window(flags, tz=NEW_YORK)[0].astimezone(NEW_YORK).date()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("90m", "last 1h 30m (Nov 27 13:56 → now)"),
        ("24h", "last 1d (Nov 26 15:26 → now)"),
        ("1d 2h 3m", "last 1d 2h (Nov 26 13:23 → now)"),
    ],
)
def test_a_rolling_range_is_named_by_its_two_largest_units(text: str, shown: str) -> None:
    assert Selection.parse(text, now=NOW, tz=UTC).describe(NOW, UTC) == shown
