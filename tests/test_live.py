"""The live view against the emulator: what it says, when it pauses, and what a look does."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from engage_tui.aws.models import Engagement
from engage_tui.browse.ack_column import MARGIN
from engage_tui.browse.live import LOOK_SIZE
from engage_tui.browse.screen import BrowseScreen
from engage_tui.config import config_path
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.clock import ManualClock
from tests.conftest import aws_client
from tests.harness import make_app, screen_text, settle, wait_until


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


ANCHOR = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def moving() -> Iterator[Emulator]:
    """Sixty arrivals on top of the generated rows: the open ones are beyond page one."""
    config = EmulatorConfig(
        engagements=1500, incidents=10, seed=7, arrive_every=30, clock=ManualClock(ANCHOR)
    )
    with Emulator(config) as emulator:
        emulator.clock.advance(60 * 30 + 5)  # type: ignore[attr-defined]
        yield emulator


def unread_page(emu: Emulator, arn: str) -> str | None:
    """A page of `arn` nobody has read, if every one is unread (the row shows ✗)."""
    pages = emu.data.pages(arn)
    if not pages or any(
        p.get("ReadTime")
        or any(r["ReceiptType"] == "READ" for r in emu.data.receipts(p["PageArn"]))
        for p in pages
    ):
        return None
    return str(pages[0]["PageArn"])


def shown_at(screen: BrowseScreen, arn: str) -> int:
    table = screen.table
    for y in range(table.shown_count):
        row = table.engagement_at(y)
        if row is not None and row.arn == arn:
            return y
    raise AssertionError("row not shown")


def line_of(screen: BrowseScreen, arn: str) -> str:
    """The row's line as painted (it must be on screen)."""
    return screen.table.render_line(shown_at(screen, arn) - int(screen.table.scroll_y) + 1).text


async def test_rows_on_screen_beyond_page_one_that_change_are_updated_in_place(
    moving: Emulator,
) -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("ack_rate = 50\n")
    app = make_app(moving.url, "--refresh", "3600", watch=True)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        await pilot.press("pagedown", "pagedown", "pagedown")
        table = screen.table
        beyond = [r for r in table.rows_in_view() if screen.feed.rows.index(r) >= LOOK_SIZE]
        await wait_until(pilot, lambda: all(screen.ack_of(r) is not None for r in beyond))
        ongoing = [r for r in beyond if r.stop is None]
        to_read = next(r for r in ongoing if unread_page(moving, r.arn))
        to_stop = next(r for r in ongoing if r is not to_read)
        moves = table.cursor_row - shown_at(screen, to_read.arn)
        await pilot.press(*(["up"] * moves if moves > 0 else ["down"] * -moves))
        await wait_until(pilot, lambda: app.timelines.has_full(to_read.arn))  # the panel's
        cursor = (table.cursor_row, table.cursor_engagement)
        assert cursor[1] == to_read
        assert "✗ not yet" in screen_text(app), "the detail panel says so too"
        assert "✗" in line_of(screen, to_read.arn)
        contacts = aws_client("ssm-contacts", moving.url)
        page = unread_page(moving, to_read.arn)
        code = moving.data.accept_code(page)
        contacts.accept_page(PageId=page, AcceptType="READ", AcceptCode=code)
        contacts.stop_engagement(EngagementId=to_stop.arn)
        nearby = {  # on screen or within the Ack column's margin, open, beyond page one
            r.arn
            for r in table.rows_in_view(MARGIN)
            if r.stop is None and screen.feed.rows.index(r) >= LOOK_SIZE
        }
        moving.clear_requests()
        screen.look_now()
        await settle(pilot)
        assert "✓" in line_of(screen, to_read.arn), "acknowledged: ✗ turned ✓ in place"
        stopped = screen.feed.get(to_stop.arn)
        assert stopped is not None and stopped.stop is not None
        assert (table.cursor_row, table.cursor_engagement) == cursor, "the cursor stays"
        assert "✗ not yet" not in screen_text(app) and "✓ after" in screen_text(app), "the panel"
        described = {p["EngagementId"] for op, p in moving.requests if op == "DescribeEngagement"}
        assert {to_read.arn, to_stop.arn} <= described <= nearby, "only open rows, never page one's"
        await pilot.press("home")
        await settle(pilot)
        moving.clear_requests()
        screen.look_now()
        await settle(pilot)
        assert [op for op, _ in moving.requests] == ["ListEngagements"], "page one is the look's"


async def test_needs_attention_keeps_itself_current_while_watching() -> None:
    config = EmulatorConfig(
        engagements=1500, incidents=10, seed=7, arrive_every=30, clock=ManualClock(ANCHOR)
    )
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("ack_rate = 50\n")
    with Emulator(config) as emu:
        app = make_app(emu.url, "--refresh", "3600", watch=True)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            await pilot.press("exclamation_mark")
            await wait_until(pilot, lambda: "needs attention (Esc) · checked" in screen_text(app))

            def shown() -> list[Engagement]:
                table = screen.table
                return [r for i in range(table.shown_count) if (r := table.engagement_at(i))]

            # Every row needing someone is in page one: the look alone must drop the stopped one.
            assert all(screen.feed.rows.index(r) < LOOK_SIZE for r in shown())
            target = shown()[0]
            aws_client("ssm-contacts", emu.url).stop_engagement(EngagementId=target.arn)
            screen.look_now()
            await settle(pilot)
            assert target not in shown() and all(r.arn != target.arn for r in shown()), (
                "it stopped: nobody is needed any more"
            )
            emu.clock.advance(30)  # type: ignore[attr-defined]
            newest = emu.data.expected_engagements()[0]["EngagementArn"]
            screen.look_now()
            await settle(pilot)
            assert newest in {r.arn for r in shown()}, "it just arrived and nobody has answered"


async def test_a_row_that_arrives_between_clock_ticks_reads_its_wait_not_a_question_mark() -> None:
    """The table's clock ticks every 30 s; a row newer than the last tick (from a look, or from
    a reload) was read as from the future: `✗ ?` in the Ack column of the newest row."""
    from engage_tui.aws.source import Source
    from engage_tui.cli import build_app, parser, resolve

    clock = ManualClock(ANCHOR)
    config = EmulatorConfig(engagements=300, incidents=5, seed=7, arrive_every=30, clock=clock)
    with Emulator(config) as emu:
        clock.advance(65)
        launch = resolve(parser().parse_args(["--refresh", "5"]))
        app = build_app(
            Source.for_endpoint(emu.url),
            launch,
            demo=True,
            clock=lambda: datetime.fromtimestamp(clock(), UTC),
        )
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            clock.advance(31)  # one arrives; the table's clock has not ticked since
            screen.look_now()
            await settle(pilot)
            newest = screen.feed.rows[0]
            assert newest.start == ANCHOR.replace(minute=1, second=30)
            await wait_until(pilot, lambda: "…" not in line_of(screen, newest.arn)[30:50])
            assert "✗ 6s" in line_of(screen, newest.arn)
            clock.advance(31)  # another arrives; r reloads instead of a look
            await pilot.press("r")
            await settle(pilot)
            newest = screen.feed.rows[0]
            assert newest.start == ANCHOR.replace(minute=2)
            await wait_until(pilot, lambda: "…" not in line_of(screen, newest.arn)[30:50])
            assert "✗ 7s" in line_of(screen, newest.arn)
