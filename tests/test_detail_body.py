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


def text(*lines: str) -> Content:
    return Content("\n".join(lines))


async def test_a_new_text_repaints_only_the_lines_that_changed() -> None:
    """The panel follows every cursor move: repainting its whole height (and its scrollbar,
    whose every change repaints all of its lines) was a third of a key's cost (bench P2)."""
    app = Host()
    async with app.run_test(size=(60, 8)) as pilot:
        body = app.query_one(DetailBody)
        body.update(text("Start  14:03", "Stop   ongoing", "Contact alice"))
        await pilot.pause()
        painted: list[int] = []
        paint, bar = body.render_line, body.vertical_scrollbar
        bar_painted: list[int] = []
        bar_render = bar.render
        body.render_line = lambda y: painted.append(y) or paint(y)  # type: ignore[method-assign]
        bar.render = lambda: bar_painted.append(1) or bar_render()  # type: ignore[method-assign]
        body.update(text("Start  14:03", "Stop   14:09", "Contact alice", "Sender ops"))
        await pilot.pause()
        assert sorted(set(painted)) == [1, 3], "the changed line and the new one"
        assert bar_painted == [], "a text that fits leaves the scrollbar alone"
        shown = screen_text(app)
        assert "Stop   14:09" in shown and "Sender ops" in shown and "ongoing" not in shown
        body.update(text("Start  14:03"))
        await pilot.pause()
        assert "Contact alice" not in screen_text(app), "lines the text no longer has are blank"
