"""The detail pane paints its text whatever the order of layout, resize and new text."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content

from engage_tui.widgets.detail_panel import DetailBody
from tests.harness import screen_text


class Host(App[None]):
    CSS = "DetailBody { width: 40; height: 5; }"

    def compose(self) -> ComposeResult:
        yield DetailBody()


async def test_text_set_just_before_the_pane_narrows_is_painted() -> None:
    app = Host()
    async with app.run_test(size=(60, 8)) as pilot:
        body = app.query_one(DetailBody)
        await pilot.pause()
        body.update(Content("Nothing loaded yet: see the message above."))
        body.styles.width = 36
        await pilot.pause()
        assert "Nothing loaded yet" in screen_text(app)
