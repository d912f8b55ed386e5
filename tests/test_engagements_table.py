"""The engagements table as a user sees it: columns, cursor, paging requests, filter, markers."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from engage_tui.aws.models import Engagement
from engage_tui.sanitize import safe_text
from engage_tui.widgets.engagements_table import EMPTY_TEXT, EngagementsTable
from engage_tui.widgets.table_messages import CursorMoved, MoreWanted, Selected

STYLES = Path(__file__).resolve().parents[1] / "styles" / "table.tcss"
NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
WIDTH, HEIGHT = 120, 30
ACCOUNT = "arn:aws:ssm-contacts:us-east-1:111122223333"
PLAN_ARN = f"{ACCOUNT}:contact/escalate"
INCIDENT_ARN = "arn:aws:ssm-incidents::111122223333:incident-record/db-plan/4f1c2a"


def engagement(
    i: int,
    *,
    sender: str = "ops-bot",
    alias: str = "alice",
    incident: str | None = INCIDENT_ARN,
    start: datetime | None = None,
    stop: datetime | None = None,
) -> Engagement:
    return Engagement(
        arn=f"{ACCOUNT}:engagement/{alias}/e{i:07d}",
        contact_arn=f"{ACCOUNT}:contact/{alias}",
        sender=sender,
        incident_arn=incident,
        start=start or NOW - timedelta(minutes=14),
        stop=stop,
    )


def page(first: int, count: int, **kwargs: object) -> list[Engagement]:
    return [engagement(i, **kwargs) for i in range(first, first + count)]  # type: ignore[arg-type]


class Host(App[None]):
    """A bare app holding one table and recording what it says."""

    CSS_PATH = STYLES

    def __init__(self, **table_options: object) -> None:
        super().__init__()
        self.table_options = table_options
        self.seen: list[Message] = []
        self.rows: list[Engagement] = []

    def compose(self) -> ComposeResult:
        table = EngagementsTable(
            contact_kinds={PLAN_ARN: "plan"},
            incident_titles={INCIDENT_ARN: "Database down"},
            tz=timezone(timedelta(hours=2)),
            **self.table_options,  # type: ignore[arg-type]
        )
        table.now = NOW
        table.utc = True
        table.show(self.rows)
        yield table

    def on_engagements_table_more_wanted(self, message: MoreWanted) -> None:
        self.seen.append(message)

    def on_engagements_table_cursor_moved(self, message: CursorMoved) -> None:
        self.seen.append(message)

    def on_engagements_table_selected(self, message: Selected) -> None:
        self.seen.append(message)

    def wanted(self) -> list[int]:
        return [m.loaded for m in self.seen if isinstance(m, MoreWanted)]


def append(app: Host, rows: Sequence[Engagement]) -> None:
    """The feed's part in these tests: own the rows, then tell the table they grew."""
    start = len(app.rows)
    app.rows.extend(rows)
    app.query_one(EngagementsTable).rows_added(start)


def lines(table: EngagementsTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def on_screen(table: EngagementsTable) -> list[Strip]:
    """The table's lines as the screen holds them (repainted lines, cached ones as they were)."""
    return table.render_lines(Region(0, 0, table.size.width, table.size.height))


def cursor_lines(table: EngagementsTable) -> list[int]:
    """The lines on screen painted with the cursor's background."""
    cursor = table.get_component_rich_style("engagements-table--cursor").bgcolor
    return [
        y
        for y, strip in enumerate(on_screen(table))
        if any(style is not None and style.bgcolor == cursor for _, style, _ in strip)
    ]


def count_repaints(table: Widget) -> list[int]:
    """Record the lines the table is asked to paint from now on."""
    painted: list[int] = []
    paint = table.render_line

    def counting(y: int) -> Strip:
        painted.append(y)
        return paint(y)

    table.render_line = counting  # type: ignore[method-assign]
    return painted


def column_of(line: str, text: str) -> int:
    """The cell column where `text` starts in a rendered line."""
    return cell_len(line[: line.index(text)])


async def test_rows_show_start_stop_duration_contact_sender_and_incident() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(
            app,
            [
                engagement(0),
                engagement(1, alias="escalate", incident=None, stop=NOW - timedelta(minutes=4)),
                engagement(2, start=NOW - timedelta(days=1, hours=2)),
            ],
        )
        await pilot.pause()
        header, first, second, third = lines(table)[:4]
        titles = ["Start", "Stop", "Duration", "Contact", "Sender", "Incident"]
        positions = [column_of(header, title) for title in titles]
        assert positions == sorted(positions)
        assert "11:46:00 · 14m ago" in first
        assert column_of(first, "ongoing") == column_of(header, "Stop")
        assert column_of(first, "14m 00s") == column_of(header, "Duration")
        assert column_of(first, "alice") == column_of(header, "Contact")
        assert column_of(first, "ops-bot") == column_of(header, "Sender")
        assert column_of(first, "Database down") == column_of(header, "Incident")
        assert "11:56:00" in second and "10m 00s" in second and "ongoing" not in second
        assert "escalate (plan)" in second
        assert column_of(second, "—") == column_of(header, "Incident")
        assert "Nov 26 10:00 · 1d ago" in third


async def test_changing_now_or_zone_repaints_times() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, [engagement(0)])
        await pilot.pause()
        table.now = NOW + timedelta(minutes=1)
        assert "11:46:00 · 15m ago" in lines(table)[1]
        table.utc = False
        assert "13:46:00 · 15m ago" in lines(table)[1]


async def test_scrolling_near_the_end_asks_for_more_once_per_loaded_count() -> None:
    app = Host(prefetch=5)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 50))
        await pilot.pause()
        assert app.wanted() == []
        await pilot.press("pagedown")
        assert app.wanted() == [50]
        await pilot.press("pagedown", "end", "up", "down")
        assert table.cursor_row == 49
        assert app.wanted() == [50]

        table.tail_state = "loading"
        append(app, page(50, 50))
        await pilot.press("down")
        assert app.wanted() == [50]  # nothing asked while a page is in flight
        table.tail_state = "more"
        await pilot.pause()
        assert app.wanted() == [50]  # cursor is far from the new end
        await pilot.press("end", "up", "down")
        assert app.wanted() == [50, 100]
        assert table.cursor_row == 99


async def test_scrolling_the_view_to_the_bottom_asks_for_more_without_moving_the_cursor() -> None:
    app = Host(prefetch=5)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 200))
        await pilot.pause()
        table.scroll_to(y=table.max_scroll_y, animate=False)
        await pilot.pause()
        assert table.cursor_row == 0
        assert app.wanted() == [200]


async def test_append_while_scrolled_keeps_cursor_on_the_same_engagement() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 100))
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "down")
        before = table.cursor_engagement
        screen_before = lines(table)
        append(app, page(100, 100))
        await pilot.pause()
        assert table.cursor_engagement is before
        assert lines(table) == screen_before
        assert table.row_count == 200


async def test_reset_clears_rows_cursor_and_tail() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 100))
        table.tail_state = "failed"
        await pilot.press("end")
        table.show([])
        await pilot.pause()
        assert (table.row_count, table.cursor_row, table.tail_state) == (0, 0, "more")
        assert table.cursor_engagement is None
        assert all(not line.strip() for line in lines(table)[1:])
        moved = [m for m in app.seen if isinstance(m, CursorMoved)]
        assert moved[-1].engagement is None


async def test_filter_narrows_to_matching_rows_and_clearing_restores_them() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 10, sender="alpha-bot") + page(10, 10, sender="beta-bot"))
        table.tail_state = "loading"
        await pilot.press("down", "down")
        kept = table.cursor_engagement
        table.set_filter("ALPHA")
        await pilot.pause()
        shown = lines(table)
        assert all("alpha-bot" in line for line in shown[1:11])
        assert "10 of 20 loaded rows match 'alpha' · ⏳ loading more…" in shown[11]
        assert table.cursor_engagement is kept

        append(app, page(20, 5, sender="Alpha-Two"))
        assert "15 of 25 loaded rows match 'alpha'" in lines(table)[16]
        table.set_filter("alpha-t")
        assert table.shown_count == 5 and "Alpha-Two" in lines(table)[1]

        table.set_filter("")
        await pilot.pause()
        assert table.shown_count == 25
        assert "⏳ loading more…" in lines(table)[26]


async def test_hostile_text_renders_literally_with_no_escapes_and_aligned_columns() -> None:
    hostile = [
        "[bold]x[/]",
        "\x1b[31mred",
        "\x1b]52;c;aGk=\x07",
        "nul\x00byte",
        "line\nbreak\r",
        "S" * 8192,
        "漢字の送信者",
        "🔥🚒 on fire",
        "\u202etxt.exe",
        "\x9b31m c1",
    ]
    rows = [
        engagement(i, sender=text, alias=f"a{i}", incident=f"{INCIDENT_ARN}-{i}")
        for i, text in enumerate(hostile)
    ]
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        table.incident_titles = {row.incident_arn or "": row.sender for row in rows}
        table.refresh_labels()
        append(app, rows)
        await pilot.pause()
        header = table.render_line(0).text
        incident = column_of(header, "Incident")
        for y, row in enumerate(rows, start=1):
            strip = table.render_line(y)
            assert strip.cell_length == table.scrollable_content_region.width
            for segment in strip:
                assert not any(unicodedata.category(ch) == "Cc" for ch in segment.text)
                assert segment.control is None
            line = strip.text
            assert column_of(line, f"a{y - 1} ") == column_of(header, "Contact")
            assert column_of(line, "14m 00s") == column_of(header, "Duration")
            # The title after a hostile sender still starts exactly under its header.
            assert strip.crop(incident - 2, incident).text == "  "
            assert strip.crop(incident, incident + 2).text[0] == safe_text(row.sender)[0]
        screen = lines(table)
        assert "[bold]x[/]" in screen[1]
        assert "␛[31mred" in screen[2]
        assert "␛]52;c;aGk=␇" in screen[3]
        assert "nul␀byte" in screen[4]
        assert "line⏎break⏎" in screen[5]
        assert "漢字の送信者" in screen[7]
        assert "🔥🚒 on fire" in screen[8]


@given(st.text(max_size=300))
def test_safe_text_leaves_no_control_characters(text: str) -> None:
    shown = safe_text(text, max_len=100)
    assert len(shown) <= 100
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in shown)
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in shown)


async def test_empty_results_show_a_centred_hint() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        table.tail_state = "end"
        await pilot.pause()
        shown = lines(table)
        hint = shown[HEIGHT // 2]
        assert EMPTY_TEXT in hint
        left = column_of(hint, EMPTY_TEXT)
        right = len(hint) - left - len(EMPTY_TEXT)
        assert abs(left - right) <= 2
        assert [i for i, line in enumerate(shown) if line.strip()] == [0, HEIGHT // 2]
        table.set_filter("zz")
        assert "0 of 0 loaded rows match 'zz'" in lines(table)[1]


async def test_tail_markers_follow_the_last_row_and_the_cursor_stays_off_them() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 3))
        await pilot.pause()
        assert not lines(table)[4].strip()
        expected: Sequence[tuple[str, str]] = [
            ("loading", "⏳ loading more…"),
            ("end", "— end of results (3 engagements) —"),
            ("failed", "⚠ couldn't load more — r: retry"),
        ]
        for state, text in expected:
            table.tail_state = state  # type: ignore[assignment]
            await pilot.pause()
            assert text in lines(table)[4]
        await pilot.press("end", "down", "down")
        assert table.cursor_row == 2
        assert table.cursor_engagement == page(0, 3)[2]


async def test_enter_and_a_click_on_the_cursor_row_select_it() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        rows = page(0, 10)
        append(app, rows)
        await pilot.pause()
        await pilot.click(EngagementsTable, offset=(10, 4))
        assert table.cursor_row == 3
        await pilot.click(EngagementsTable, offset=(10, 4))
        await pilot.press("down", "enter")
        selected = [m.engagement for m in app.seen if isinstance(m, Selected)]
        assert selected == [rows[3], rows[4]]
        assert table.select_arn(rows[7].arn) and table.cursor_engagement is rows[7]
        assert not table.select_arn("arn:nope")


async def test_a_cursor_move_repaints_its_two_rows_and_no_other() -> None:
    """↑/↓ are the keys held most: repainting every row on each press doubled their cost."""
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 40))
        await pilot.pause()
        assert cursor_lines(table) == [1]
        painted = count_repaints(table)
        await pilot.press("down")
        await pilot.pause()
        assert sorted(set(painted)) == [1, 2], "the row left and the row arrived on"
        assert cursor_lines(table) == [2]
        await pilot.press("up")
        await pilot.pause()
        assert cursor_lines(table) == [1]


async def test_a_new_tail_marker_repaints_no_row() -> None:
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 3))
        await pilot.pause()
        painted = count_repaints(table)
        table.tail_state = "loading"
        await pilot.pause()
        assert "⏳ loading more…" in on_screen(table)[4].text
        assert painted and min(painted) == 4, "the rows above the marker are not repainted"


def thumb_lines(strips: Sequence[Strip] | Sequence[Sequence[object]]) -> list[int]:
    """The lines of a vertical scrollbar that show its thumb (reversed, or an eighth glyph)."""
    return [
        y
        for y, strip in enumerate(strips)
        if any(seg.text.strip() or (seg.style and seg.style.reverse) for seg in strip)  # type: ignore[attr-defined]
    ]


async def test_the_scrollbar_is_repainted_only_when_its_thumb_moves() -> None:
    """Over many rows a page moves the thumb by a fraction of an eighth of a cell: repainting
    the bar's every line each time cost as much as the page of rows (bench P2)."""
    app = Host()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        table = app.query_one(EngagementsTable)
        append(app, page(0, 20_000))
        await pilot.pause()
        bar = table.vertical_scrollbar
        width, height = bar.size
        drawn = bar.drawing()
        painted = count_repaints(bar)
        await pilot.press("pagedown")
        await pilot.pause()
        assert bar.drawing() == drawn, "a page of 20,000 rows leaves the thumb where it was"
        assert painted == []
        await pilot.press("end")
        await pilot.pause()
        assert painted, "the thumb moved to the end"
        on_screen = bar.render_lines(Region(0, 0, width, height))
        assert thumb_lines(on_screen) == [height - 1]
        painted.clear()
        bar.mouse_over = True  # any other reason to repaint (hover, focus, a theme) goes through
        await pilot.pause()
        assert painted
