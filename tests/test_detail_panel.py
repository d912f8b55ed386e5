"""The detail panel, focused, scrolls its text with the keys a pager uses; the table stays put."""

from __future__ import annotations

from engage_tui.emulator import Emulator
from engage_tui.widgets.detail_panel import DetailBody, DetailPanel
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, wait_until


async def test_a_focused_panel_scrolls_with_pagedown_and_home(emulator: Emulator) -> None:
    app = make_app(emulator.url)
    async with app.run_test(size=(80, 24)) as pilot:  # the panel shows a few lines only
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        panel = app.screen.query_one(DetailPanel)
        body = app.screen.query_one(DetailBody)
        await wait_until(pilot, lambda: "Subject" in body.render().plain)
        assert "Sender    " in screen_text(app) and "Subject" not in screen_text(app)
        for _ in range(6):  # Tab along the focus chain to the panel, as a user would
            if panel.has_focus:
                break
            await pilot.press("tab")
        assert panel.has_focus
        row = table.cursor_row
        await pilot.press("pagedown")  # scrolls are animated: wait for where they end
        await wait_until(pilot, lambda: "Sender    " not in screen_text(app))
        assert body.scroll_y > 0
        await pilot.press("end")
        await wait_until(pilot, lambda: "Enter: pages & receipts" in screen_text(app))
        await pilot.press("home")
        await wait_until(pilot, lambda: "Sender    " in screen_text(app))
        assert body.scroll_y == 0
        assert table.cursor_row == row, "the keys scrolled the panel, not the table"
