"""Who is on call, in the detail panel: for an on-call schedule's engagement, the person on the
current shift, asked once the cursor rests, cached per schedule (shared with the drill-in), with
its own loading and error line, and without a screen-wide layout per cursor move."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from textual.screen import Screen

from engage_tui.aws.source import Source
from engage_tui.browse import detail
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import screen_text, settle, wait_until

ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)
SIZE = (160, 45)
ON_CALL_CALLS = {"ListRotationShifts", "GetContact"}


@pytest.fixture
def story() -> Iterator[Emulator]:
    config = EmulatorConfig(story=True, anchor=ANCHOR, clock=ManualClock(ANCHOR))
    with Emulator(config) as emu:
        yield emu


def story_app(emu: Emulator) -> Any:
    launch = resolve(parser().parse_args(["--no-watch"]))
    source = Source.for_endpoint(emu.url, max_attempts=1, read_timeout=5.0)
    return build_app(source, launch, demo=True, clock=lambda: ANCHOR)


def rows_of(app: Any, contact: str) -> list[int]:
    """Table rows (in order) whose engagement is for the contact with alias `contact`."""
    table = app.screen.query_one(EngagementsTable)
    return [
        n
        for n in range(table.shown_count)
        if f"contact/{contact}" in table.engagement_at(n).contact_arn
    ]


def panel_line(app: Any, label: str) -> str:
    """The detail panel's `label` line, joined with the lines its value wrapped onto. The
    panel is the rightmost pane: its text lies between the last two `│` of a screen line."""
    lines = []
    for line in screen_text(app).splitlines():
        right = line.rfind("│")
        lines.append(line[line.rfind("│", 0, right) + 2 : right])
    for n, line in enumerate(lines):
        if line.startswith(label + " "):
            value = [line.strip()]
            for more in lines[n + 1 :]:
                if not more.startswith(" ") or not more.strip():
                    break
                value.append(more.strip())
            return " ".join(value)
    return ""


def asked(emu: Emulator, operation: str) -> int:
    return sum(1 for op, _ in emu.requests if op == operation)


async def rest_on(pilot: Any, row: int) -> None:
    pilot.app.screen.query_one(EngagementsTable).cursor_row = row
    await pilot.pause()


async def test_the_panel_says_who_is_on_call_for_a_schedule(story: Emulator) -> None:
    priya = story.data.contact("arn:aws:ssm-contacts:us-east-1:123456789012:contact/priya_r")
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await rest_on(pilot, rows_of(app, "checkout-primary")[0])
        await wait_until(pilot, lambda: "until" in panel_line(app, "On call"))
        assert priya["DisplayName"] in panel_line(app, "On call")
        await rest_on(pilot, rows_of(app, "marco_r")[0])
        await settle(pilot)
        assert panel_line(app, "Contact") and not panel_line(app, "On call"), "a person: no line"


async def test_a_moving_cursor_asks_once_and_a_return_asks_nothing(
    story: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        schedules = rows_of(app, "checkout-primary") + rows_of(app, "payments-primary")
        # Longer than 20 moves take on a busy machine, so only the last row can settle.
        monkeypatch.setattr(detail, "SETTLE_S", 1.0)
        story.clear_requests()
        for _ in range(20):  # a held key over schedule rows, faster than the settle delay
            table.action_cursor_down()
            await pilot.pause(0.01)
        assert any(n < 20 for n in schedules), "the cursor passed schedule rows"
        await settle(pilot)
        resting = 1 if table.cursor_row in schedules else 0
        assert asked(story, "ListRotationShifts") == resting, "only where the cursor rests"
        await rest_on(pilot, rows_of(app, "checkout-primary")[0])
        await wait_until(pilot, lambda: "until" in panel_line(app, "On call"))
        first = asked(story, "ListRotationShifts")
        assert first == 1, "one rotation, asked once"
        await rest_on(pilot, rows_of(app, "marco_r")[0])
        await settle(pilot)
        last = rows_of(app, "checkout-primary")[-1]
        await rest_on(pilot, last)
        # Its detail is asked for once the cursor rests, with anything else the panel lacks.
        await wait_until(pilot, lambda: app.timelines.has_full(table.engagement_at(last).arn))
        assert "until" in panel_line(app, "On call")
        assert asked(story, "ListRotationShifts") == first, "the same schedule is cached"


async def test_the_drill_in_reuses_what_the_panel_learned(story: Emulator) -> None:
    app = story_app(story)
    async with app.run_test(size=(130, 120)) as pilot:
        await settle(pilot)
        row = rows_of(app, "checkout-primary")[0]
        await rest_on(pilot, row)
        await wait_until(pilot, lambda: "until" in screen_text(app))
        before = asked(story, "ListRotationShifts")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "On call now" in screen_text(app))
        await settle(pilot)
        assert "Until" in screen_text(app)
        assert asked(story, "ListRotationShifts") == before


async def test_denied_shifts_show_one_line_with_the_reason(story: Emulator) -> None:
    story.faults.access_denied = {"ListRotationShifts"}
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await rest_on(pilot, rows_of(app, "checkout-primary")[0])
        await wait_until(pilot, lambda: "unavailable" in panel_line(app, "On call"))
        await settle(pilot)
        line = panel_line(app, "On call")
        assert "Access denied" in line and "ListRotationSh" in line, line
        assert "IAM policy" not in line, "the reason only: the drill-in says what to do"
        shown = screen_text(app)
        for label in ("Contact", "Sender", "Acked", "ARN"):
            assert panel_line(app, label), f"{label} still shown"
        assert "Subject" in shown, "the engagement's detail still shows"


async def test_the_line_says_loading_until_the_shift_arrives(story: Emulator) -> None:
    story.faults.ops = {"ListRotationShifts"}
    story.faults.stall_seconds = 1.5
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await rest_on(pilot, rows_of(app, "checkout-primary")[0])
        for _ in range(100):  # bounded: the stalled answer is 1.5 s away
            if "loading…" in panel_line(app, "On call"):
                break
            await pilot.pause(0.02)
        assert "loading…" in panel_line(app, "On call")
        await wait_until(pilot, lambda: "until" in panel_line(app, "On call"))


async def test_cursor_moves_over_schedule_rows_need_no_screen_layout(
    story: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = story_app(story)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        assert rows_of(app, "checkout-primary")[0] < 8, "a schedule's row among the first 8"
        for row in range(8):  # learn every row's detail and on-call first
            await rest_on(pilot, row)
            await settle(pilot)
        await rest_on(pilot, 0)
        await settle(pilot)
        layouts = []
        original = Screen._refresh_layout

        def counting(screen: Screen[Any], size: Any = None, scroll: bool = False) -> None:
            if not (scroll and not screen._layout_widgets):
                layouts.append(1)
            original(screen, size, scroll)

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        for key in ["down"] * 7 + ["up"] * 7:  # on and off schedule rows: the line comes and goes
            getattr(table, f"action_cursor_{key}")()
            await pilot.pause()
        await settle(pilot)
        assert layouts == [], f"{len(layouts)} screen-wide layouts for 14 cursor moves"
