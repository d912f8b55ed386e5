"""The key bar: the keys of what has focus, on the last line from the first frame, clickable."""

from __future__ import annotations

from engage_tui.emulator import Emulator
from engage_tui.screens.engagement import EngagementScreen
from engage_tui.screens.help import HelpScreen
from engage_tui.widgets.key_bar import KeyBar
from tests.harness import make_app, screen_text, settle


def _bar(app: object) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_keys_are_on_the_last_line_before_anything_has_loaded(
    emulator: Emulator,
) -> None:
    emulator.faults.stall_seconds = 5  # the first page is still on its way
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        bar = _bar(app)
        for label in ("⏎ Open", "t Time range", "i Incidents", "r Refresh", "q Quit", "? Keys"):
            assert label in bar
        assert bar.rstrip().endswith("^p palette")
        await pilot.press("q")


async def test_the_bar_follows_focus_and_the_screen(emulator: Emulator) -> None:
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert "q Quit" in _bar(app)
        await pilot.press("i")  # typing into the picker's filter: letters are text now
        await pilot.pause()
        assert "q Quit" not in _bar(app) and "t Time range" not in _bar(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "q Quit" in _bar(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EngagementScreen)
        assert "esc Back" in _bar(app) and "t Time range" not in _bar(app)


async def test_clicking_a_key_presses_it(emulator: Emulator) -> None:
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        column = _bar(app).index("? Keys") + 2  # on its description, not only its key
        await pilot.click(KeyBar, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        gap = _bar(app).index("▏") - 3  # the blank between the keys and the palette
        await pilot.click(KeyBar, offset=(gap, 0))
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
