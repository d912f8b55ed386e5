"""The live view against the emulator: what it says, when it pauses, and what a look does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui.browse.screen import BrowseScreen
from engage_tui.emulator import Emulator, EmulatorConfig
from tests.harness import make_app, screen_text, settle


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=300, incidents=12, seed=9)) as emulator:
        yield emulator


def looks(emu: Emulator) -> int:
    return sum(op == "ListEngagements" and "NextToken" not in p for op, p in emu.requests)


async def test_status_says_live_then_fixed_range_then_off(emu: Emulator) -> None:
    app = make_app(emu.url, watch=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "live · 10s" in screen_text(app)
        await pilot.press("2", "left_square_bracket")
        await settle(pilot)
        assert "fixed range" in screen_text(app), "an hour in the past gets nothing new"
        await pilot.press("w")
        await pilot.pause()
        assert "watch off (w)" in screen_text(app)


async def test_a_look_adds_nothing_twice_and_pauses_under_the_drill_in(emu: Emulator) -> None:
    app = make_app(emu.url, "--refresh", "5", watch=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        rows = list(screen.feed.rows)
        before = looks(emu)
        screen.look_now()
        await settle(pilot)
        assert looks(emu) == before + 1
        assert screen.feed.rows == rows, "the same page one adds nothing"
        assert "live · 5s" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        screen.look_now()
        await settle(pilot)
        assert looks(emu) == before + 1, "no look while the drill-in covers the table"
        await pilot.press("escape")
        await settle(pilot)
        assert "live · 5s" in screen_text(app)


async def test_throttled_looks_back_off_and_say_so_when_it_lasts(emu: Emulator) -> None:
    app = make_app(emu.url, max_attempts=1, watch=True)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        emu.faults.throttle_every = 1
        screen.look_now()
        await settle(pilot)
        assert screen.watcher.delay() > screen.watcher.interval, "the next look waits longer"
        assert "live · 10s" in screen_text(app), "a short back-off is not worth a word"
        screen.look_now()
        await settle(pilot)
        assert "backing off" in screen_text(app)
        emu.faults.clear()
        screen.look_now()
        await settle(pilot)
        assert "live · 10s" in screen_text(app)
        assert screen.feed.failure is None, "a failed look never stops the table's paging"
