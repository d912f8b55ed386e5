"""The browser, driven as a user drives it, against the emulator over HTTP."""

from __future__ import annotations

import time
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from engage_tui.browse.screen import BrowseScreen
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.engagement import EngagementScreen
from engage_tui.screens.time_range import TimeRangeScreen
from engage_tui.timerange import Selection
from engage_tui.widgets.engagements_table import EngagementsTable
from engage_tui.widgets.incident_picker import IncidentPicker
from tests.harness import make_app, screen_text, settle, toasts, wait_until


@pytest.fixture
def emu():
    with Emulator(EmulatorConfig(engagements=1500, incidents=30, seed=11)) as emulator:
        yield emulator


def table_arns(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(EngagementsTable)
    return [table.engagement_at(i).arn for i in range(table.shown_count)]


def list_calls(emu: Emulator) -> list[dict]:
    return [params for op, params in emu.requests if op == "ListEngagements"]


async def test_first_page_shows_newest_engagements_with_focus_on_table(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        newest = emu.data.expected_engagements()[:50]
        assert table_arns(app)[:50] == [e["EngagementArn"] for e in newest]
        assert isinstance(app.focused, EngagementsTable)
        text = screen_text(app)
        assert "loaded, more" in text and "as of " in text
        assert list_calls(emu)[0]["MaxResults"] == app.settings.page_size


async def test_scrolling_fetches_next_page_before_the_end_and_never_twice(
    emu: Emulator, tmp_path: Path
) -> None:
    # A short prefetch distance, so the test sees the next page wanted by scrolling alone.
    config = tmp_path / "config" / "engage-tui" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("prefetch = 30\n")
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        first_loaded = table.row_count
        assert len(list_calls(emu)) == 1, "nothing more is fetched while the cursor is far up"
        table.cursor_row = first_loaded - 1 - 31  # one row short of the prefetch distance
        await pilot.pause()
        assert len(list_calls(emu)) == 1
        await pilot.press("down")
        await settle(pilot)
        assert len(list_calls(emu)) == 2, "the next page is wanted `prefetch` rows early"
        await pilot.press(*["pagedown"] * 40)
        await settle(pilot)
        tokens = [c.get("NextToken") for c in list_calls(emu)]
        assert len(tokens) == len(set(tokens)), "a page was fetched twice"
        arns = table_arns(app)
        assert len(arns) == len(set(arns))
        expected = [e["EngagementArn"] for e in emu.data.expected_engagements()]
        assert arns == expected[: len(arns)]


async def test_query_change_while_page_in_flight_shows_no_stale_rows(emu: Emulator) -> None:
    emu.faults.latency_ms = 150
    incident = emu.data.incidents()[0]["arn"]
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        # The first (all-engagements) page is in flight; switch incident before it lands.
        screen.show_engagements(incident, Selection())
        await settle(pilot)
        expected = [e["EngagementArn"] for e in emu.data.expected_engagements(incident)]
        assert table_arns(app) == expected[: len(table_arns(app))]
        assert table_arns(app), "the incident's engagements are shown"


async def test_choosing_an_incident_shows_exactly_its_engagements(emu: Emulator) -> None:
    incidents = emu.data.incidents()
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.press("down", "down", "enter")  # filter box → list → first incident
        await settle(pilot)
        chosen = incidents[0]["arn"]
        assert app.screen.current_query.incident_arn == chosen
        expected = [e["EngagementArn"] for e in emu.data.expected_engagements(chosen)]
        assert table_arns(app) == expected
        assert list_calls(emu)[-1]["IncidentId"] == chosen
        assert incidents[0]["title"][:20] in screen_text(app)
        assert app.focused is app.screen.query_one(EngagementsTable), "back on the table"


async def test_typing_in_the_picker_filters_incidents(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.press(*"replica")
        await pilot.pause()
        picker = app.screen.query_one(IncidentPicker)
        option_list = picker.query_one("#incident-list")
        shown = [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]
        titles = [picker.incidents[arn].title for arn in shown if arn in picker.incidents]
        assert titles and all("replica" in t.lower() for t in titles)


async def test_time_range_prompt_valid_input_filters_rows(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TimeRangeScreen)
        await pilot.press(*"6h", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        window = app.screen.current_query.time_range
        assert window is not None and window.end - window.start == timedelta(hours=6)
        sent = list_calls(emu)[-1]["TimeRangeValue"]
        assert sent["EndTime"] - sent["StartTime"] == pytest.approx(6 * 3600, abs=1)
        expected = emu.data.expected_engagements(None, window.start, window.end)
        assert table_arns(app) == [e["EngagementArn"] for e in expected][: len(table_arns(app))]
        assert "last 6h" in screen_text(app)
        assert app.state.recent_ranges[0] == "6h"


async def test_time_range_prompt_invalid_input_keeps_old_range_and_says_why(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        before = app.screen.current_query
        requests_before = len(list_calls(emu))
        await pilot.press("t", *"3 fortnights-ish", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TimeRangeScreen), "the prompt stays open to be corrected"
        error = str(app.screen.query_one("#range-error").render())
        assert "fortnights" in error and "2h" in error  # what was wrong, and an example
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.current_query == before
        assert len(list_calls(emu)) == requests_before


async def test_shift_and_clear_move_the_window(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("2")  # preset: last hour
        await settle(pilot)
        live = app.screen.current_query.time_range
        await pilot.press("left_square_bracket")
        await settle(pilot)
        earlier = app.screen.current_query.time_range
        assert earlier.end - earlier.start == timedelta(hours=1), "[ keeps the width"
        assert abs(earlier.end - live.start) < timedelta(seconds=5), "the hour just before"
        assert not app.screen.feed.selection.is_live(app.now())
        await pilot.press("right_square_bracket")
        await settle(pilot)
        back = app.screen.current_query.time_range
        assert back.end - back.start == timedelta(hours=1) and back.end >= live.end
        assert app.screen.feed.selection.is_live(app.now()), "] reaching now is live again"
        requests = len(list_calls(emu))
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert len(list_calls(emu)) == requests, "] never moves past now"
        assert "already ends now" in toasts(app)
        await pilot.press("x")
        await settle(pilot)
        assert app.screen.current_query.time_range is None
        assert "all time" in screen_text(app)
        assert "TimeRangeValue" not in list_calls(emu)[-1]


async def test_enter_opens_drill_in_and_escape_returns_to_same_row(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down")
        table = app.screen.query_one(EngagementsTable)
        arn = table.cursor_engagement.arn
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        text = screen_text(app)
        detail = emu.data.engagement(arn)
        assert detail["Subject"].splitlines()[0][:30] in text
        pages = emu.data.pages(arn)
        assert f"Pages sent ({len(pages)})" in text
        if pages:
            receipts = emu.data.receipts(pages[0]["PageArn"])
            assert receipts[0]["ReceiptType"] in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one(EngagementsTable).cursor_engagement.arn == arn


async def test_slash_filters_loaded_rows_and_escape_clears(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        loaded = table.row_count
        sender = table.engagement_at(0).sender
        await pilot.press("slash", *sender)
        await pilot.pause()
        assert 0 < table.shown_count < loaded
        assert all(
            sender.lower() in table.engagement_at(i).sender.lower()
            or sender.lower() in table.engagement_at(i).arn.lower()
            for i in range(table.shown_count)
        )
        await pilot.press("escape")
        await settle(pilot)
        assert table.shown_count == table.row_count >= loaded


async def test_error_is_shown_and_r_retries_without_losing_rows(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        emu.faults.access_denied = {"ListEngagements"}
        table = app.screen.query_one(EngagementsTable)
        while table.tail_state != "failed":
            await pilot.press("pagedown")
            await settle(pilot)
        assert "ssm-contacts:ListEngagements" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "couldn't load more" in screen_text(app), "the tail line is in sight at the end"
        emu.faults.access_denied = set()
        await pilot.press("r")
        await settle(pilot)
        while table.tail_state != "end":
            await pilot.press("end")
            await settle(pilot)
        expected = [e["EngagementArn"] for e in emu.data.expected_engagements()]
        assert table_arns(app) == expected
        await pilot.press("end")
        await pilot.pause()
        assert f"end of results ({len(expected):,} engagements)" in screen_text(app)


async def test_copy_puts_arn_on_clipboard(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        assert app.clipboard == app.screen.query_one(EngagementsTable).cursor_engagement.arn


async def test_utc_toggle_changes_times_and_is_remembered(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert app.utc and "UTC" in screen_text(app)
    assert make_app(emu.url).utc is True


async def test_help_lists_every_key(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for description in ("Time range", "Earlier", "Later", "Copy ARN", "Refresh", "Quit"):
            assert description in text
        # Textual's own Tab bindings would repeat "Tab / Shift+Tab  next / previous pane".
        assert "Focus Next" not in text and "Copy selected text" not in text


async def test_vi_keys_move_the_cursor(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        await pilot.press("j", "j", "k")
        assert table.cursor_row == 1
        loaded = table.shown_count
        await pilot.press("G")
        assert table.cursor_row == loaded - 1  # (reaching the end asks for more rows, too)
        await pilot.press("g")
        assert table.cursor_row == 0


async def test_detail_says_who_acknowledged_and_enter_opens_without_refetching(
    emu: Emulator,
) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        arn = table.cursor_engagement.arn
        await wait_until(pilot, lambda: "Acked" in screen_text(app))
        reads = [
            (r["ReceiptTime"], p["ContactArn"].rsplit("/", 1)[-1])
            for p in emu.data.pages(arn)
            for r in emu.data.receipts(p["PageArn"])
            if r["ReceiptType"] == "READ"
        ]
        text = screen_text(app)
        if reads:
            assert f"by {min(reads)[1]}" in text
        else:
            assert "✗ not yet" in text
        described = sum(op == "DescribeEngagement" for op, _ in emu.requests)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        assert "Pages sent" in screen_text(app)
        assert sum(op == "DescribeEngagement" for op, _ in emu.requests) == described


async def test_typed_range_keeps_its_window_after_r_in_the_display_zone(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    app = make_app(emu.url, "--utc", "--since", "00:01")
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        window = app.screen.current_query.time_range
        assert window.start.astimezone(UTC).strftime("%H:%M") == "00:01", "read as UTC"
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.current_query.time_range.start == window.start


async def test_reloading_in_the_drill_in_also_refreshes_the_detail_panel(emu: Emulator) -> None:
    emu.faults.ops = {"DescribeEngagement"}
    emu.faults.server_error_next = 100
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        arn = app.screen.query_one(EngagementsTable).cursor_engagement.arn
        await wait_until(pilot, lambda: arn in app.timelines)
        assert "detail not loaded" in screen_text(app), "the panel names the missing part"
        await pilot.press("enter")
        await settle(pilot)
        assert "detail not loaded" in screen_text(app) and "Pages sent" in screen_text(app)
        emu.faults.clear()
        await pilot.press("r")
        await settle(pilot)
        assert "not loaded" not in screen_text(app)
        described = sum(op == "DescribeEngagement" for op, _ in emu.requests)
        await pilot.press("escape")
        await settle(pilot)
        text = screen_text(app)
        assert "Subject" in text and "not loaded" not in text, "the panel shows the reload"
        assert sum(op == "DescribeEngagement" for op, _ in emu.requests) == described


async def test_a_denied_receipts_call_hides_only_the_receipts(emu: Emulator) -> None:
    emu.faults.access_denied = {"ListPageReceipts"}
    app = make_app(emu.url, max_attempts=1)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        arn = app.screen.query_one(EngagementsTable).cursor_engagement.arn
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        subject = emu.data.engagement(arn)["Subject"].splitlines()[0][:30]
        assert subject in text and "Pages sent" in text, "everything that loaded is shown"
        assert "receipts not loaded" in text and "ListPageReceipts" in text
        assert "Couldn't load this engagement" not in text


async def test_holding_down_through_fifty_rows_describes_at_most_two_engagements(
    emu: Emulator,
) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        emu.clear_requests()
        table = app.screen.query_one(EngagementsTable)
        for _ in range(50):  # a held key: 50 moves faster than the panel's settle delay
            table.action_cursor_down()
            await pilot.pause(0.01)
        cursor = table.cursor_engagement

        def described_rest() -> bool:  # the request for the row the cursor rests on
            return any(p.get("EngagementId") == cursor.arn for _, p in emu.requests)

        await wait_until(pilot, described_rest)
        described = [p for op, p in emu.requests if op == "DescribeEngagement"]
        assert 1 <= len(described) <= 2, f"{len(described)} DescribeEngagement requests"
        assert described[-1]["EngagementId"] == cursor.arn, "the row the cursor rests on"
