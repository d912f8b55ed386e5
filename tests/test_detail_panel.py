"""The detail panel, focused, scrolls its text with the keys a pager uses; the table stays put."""

from __future__ import annotations

from typing import Any

from pytest import MonkeyPatch
from textual.strip import Strip

from engage_tui.aws.models import Engagement
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


async def test_a_cursor_move_is_painted_before_the_panel_is_built(
    emulator: Emulator, monkeypatch: MonkeyPatch
) -> None:
    """The panel is the costly part of a move (bench P2): the cursor's lines go to the screen
    first, and the panel follows, for the row the cursor is on by then."""
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        events: list[str] = []
        paint, show = table.render_line, DetailPanel.show

        def painting(y: int) -> Strip:
            events.append(f"line {y}")
            return paint(y)

        def showing(panel: DetailPanel, engagement: Engagement, *args: Any, **kw: Any) -> None:
            events.append(f"panel {engagement.arn}")
            show(panel, engagement, *args, **kw)

        monkeypatch.setattr(table, "render_line", painting)
        monkeypatch.setattr(DetailPanel, "show", showing)
        table.action_cursor_down()  # as ↓ does, with no wait for the screen in between
        await settle(pilot)
        landed = table.cursor_engagement
        assert table.cursor_row == 1 and landed is not None
        assert events.index("line 2") < events.index(f"panel {landed.arn}"), events
        body = app.screen.query_one(DetailBody)
        assert landed.arn in "".join(body.render().plain.split()), "the panel shows where it rests"
