"""The demo as a newcomer sees it: the story unfolds on screen over a few simulated minutes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.aws.source import Source
from engage_tui.browse.screen import BrowseScreen
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import screen_text, settle

ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)


@pytest.fixture
def story() -> Iterator[Emulator]:
    clock = ManualClock(ANCHOR)
    config = EmulatorConfig(story=True, engagements=300, incidents=10, anchor=ANCHOR, clock=clock)
    with Emulator(config) as emulator:
        yield emulator


def story_app(emu: Emulator) -> Any:
    launch = resolve(parser().parse_args(["--allow-actions"]))
    launch = replace(launch, settings=replace(launch.settings, ack_rate=50))
    source = Source.for_endpoint(emu.url, max_attempts=1)
    return build_app(
        source, launch, demo=True, clock=lambda: datetime.fromtimestamp(emu.clock(), UTC)
    )


async def minutes_pass(pilot: Any, emu: Emulator, minutes: float) -> None:
    emu.clock.advance(minutes * 60)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    screen.refresh_clock()
    screen.look_now()
    await settle(pilot)
    screen.plan_acks()
    await settle(pilot)


async def test_the_story_unfolds_rows_arrive_acks_land_and_the_incident_resolves(
    story: Emulator,
) -> None:
    app = story_app(story)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        table = screen.query_one(EngagementsTable)
        top = table.engagement_at(0)
        assert top.incident_arn and "Checkout errors" in screen_text(app), "the incident on top"
        text = screen_text(app)
        assert "✓" in text and "✗" in text, "someone acknowledged, someone hasn't"
        unacked = screen.unacknowledged()
        assert unacked >= 1 and f"⚠ {unacked} unacknowledged" in text
        loaded = screen.feed.loaded
        await minutes_pass(pilot, story, 3.5)
        assert screen.feed.loaded > loaded, "new engagements arrived on top"
        assert table.engagement_at(0).start > top.start
        await minutes_pass(pilot, story, 1.5)
        changed = screen.unacknowledged()
        assert changed != unacked, "an acknowledgement landed or a new page went unanswered"
        await minutes_pass(pilot, story, 2.0)  # the incident resolves at +6 min
        stopped = [r for r in screen.feed.rows[:10] if r.incident_arn == top.incident_arn]
        assert stopped and all(r.stop is not None for r in stopped), "its engagements stopped"
        assert screen.unacknowledged() < max(unacked, changed)


def _first_screen(size: tuple[int, int]):  # type: ignore[no-untyped-def]
    def run(snap_compare, story: Emulator) -> None:  # type: ignore[no-untyped-def]
        assert snap_compare(story_app(story), terminal_size=size, run_before=settle)

    return run


test_demo_first_screen_at_160x45 = _first_screen((160, 45))
test_demo_first_screen_at_80x24 = _first_screen((80, 24))


async def test_rows_that_arrive_are_marked_new_for_a_moment(
    story: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engage_tui.browse import live
    from tests.harness import wait_until

    monkeypatch.setattr(live, "NEW_FOR_S", 3.0)  # long enough to see, short for a test
    app = story_app(story)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        assert "●" not in table.render_line(1).text
        story.clock.advance(60)
        app.screen.look_now()
        await wait_until(pilot, lambda: app.screen.new_above or app.screen.fresh_arns)
        assert "●" in table.render_line(1).text, "the row that just arrived"
        await wait_until(pilot, lambda: "●" not in table.render_line(1).text)


def test_new_rows_above_a_moved_cursor_snapshot(
    snap_compare: Any, story: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live marker: rows that arrived while the cursor was further down are marked ● and
    counted in "↑ N new", and the view stays where the responder was reading."""
    from engage_tui.browse import live

    monkeypatch.setattr(live, "NEW_FOR_S", 600.0)  # still marked when the picture is taken

    async def arrive_below_the_top(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "down")
        await minutes_pass(pilot, story, 1.5)
        screen = pilot.app.screen
        assert isinstance(screen, BrowseScreen) and screen.new_above

    assert snap_compare(story_app(story), terminal_size=(160, 45), run_before=arrive_below_the_top)
