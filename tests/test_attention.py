"""`!` needs attention: every page read, only ongoing unacknowledged rows, oldest first."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from engage_tui.browse.screen import BrowseScreen
from engage_tui.config import config_path
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, wait_until

CHECKING = re.compile(r"needs attention · checking ([\d,]+) of … \(Esc cancels\)")


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(story=True, engagements=1500, incidents=10, seed=7)) as emulator:
        yield emulator


def unacknowledged(emu: Emulator) -> set[str]:
    """The emulator's own answer: ongoing engagements none of whose pages was read."""
    out = set()
    for row in emu.data.expected_engagements():
        if row.get("StopTime"):
            continue
        pages = emu.data.pages(row["EngagementArn"])
        read = any(
            p.get("ReadTime")
            or any(r["ReceiptType"] == "READ" for r in emu.data.receipts(p["PageArn"]))
            for p in pages
        )
        if not read:
            out.add(row["EngagementArn"])
    return out


async def test_needs_attention_reads_every_page_and_shows_only_who_has_not_answered(
    emu: Emulator,
) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        everything = table.shown_count
        await pilot.press("exclamation_mark")
        wanted = unacknowledged(emu)
        assert wanted, "the story has someone who has not answered"
        checked = f"checked {app.screen.feed.loaded:,} — ⚠ {len(wanted)} unacknowledged"
        await wait_until(pilot, lambda: checked in screen_text(app), rounds=400)
        assert app.screen.feed.tail == "end", "every page of the query was read"
        assert table.shown_count == len(wanted)
        shown = [table.engagement_at(i) for i in range(table.shown_count)]
        assert {row.arn for row in shown} == wanted
        starts = [row.start for row in shown]
        assert starts == sorted(starts), "oldest first"
        assert f"⚠ {len(wanted)} unacknowledged" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.shown_count >= everything
        assert f"⚠ {len(wanted)} unacknowledged" in screen_text(app), "the count stays"


def listings(emu: Emulator) -> int:
    return sum(op == "ListEngagements" for op, _params in emu.requests)


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Pump the app (a request is held, so `settle` would wait for it) until `condition()`."""
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


def checking(app: Any) -> int:
    """The count the progress words show, or -1 when they are not on screen."""
    found = CHECKING.search(screen_text(app))
    return int(found.group(1).replace(",", "")) if found else -1


async def test_the_check_says_how_far_it_got_and_esc_cancels_keeping_what_it_found() -> None:
    with Emulator(EmulatorConfig(engagements=6000, incidents=10, seed=7)) as emu:
        app = make_app(emu.url, read_timeout=30.0)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            # Each listing waits at the gate until the test lets it through.
            read = screen.feed.loaded
            assert read < 6000
            emu.faults.ops, emu.faults.hold = {"ListEngagements"}, threading.Event()
            await pilot.press("exclamation_mark")
            await until(pilot, lambda: checking(app) >= 0)
            first = checking(app)
            assert 0 < first <= read == screen.feed.loaded, "what is read so far, of …"
            held, emu.faults.hold = emu.faults.hold, threading.Event()
            held.set()
            await until(pilot, lambda: checking(app) > first)
            assert read < screen.feed.loaded < 6000 and screen.feed.tail == "loading"
            sent = listings(emu)
            await pilot.press("escape")
            await until(pilot, lambda: "partial, cancelled: checked" in screen_text(app))
            emu.faults.hold.set()
            await settle(pilot)
            assert listings(emu) == sent, "no page asked for after Esc"
            assert screen.feed.tail == "more" and screen.attention_on
            text = screen_text(app)
            assert re.search(r"partial, cancelled: checked [\d,]+ of … — ", text), text
            shown = [
                table_row
                for i in range(screen.table.shown_count)
                if (table_row := screen.table.engagement_at(i)) is not None
            ]
            assert shown and all(row.stop is None for row in shown), "what it found stays"
            await pilot.press("r")  # r picks the check up again
            await until(pilot, lambda: listings(emu) > sent)
            assert "partial, cancelled" not in screen_text(app) and screen.attention_on
            await pilot.press("escape")
            await settle(pilot)
            if "needs attention" in screen_text(app):
                await pilot.press("escape")  # the first Esc cancelled the check again
                await settle(pilot)
            assert "needs attention" not in screen_text(app)
            assert screen.table.shown_count == screen.feed.loaded


async def test_rows_found_acknowledged_leave_the_view_as_their_answers_arrive() -> None:
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text("ack_rate = 50\n")
    with Emulator(EmulatorConfig(engagements=1500, incidents=10, seed=7)) as emu:
        # No acknowledgement is learned until the test lets the answers through.
        emu.faults.ops, emu.faults.hold = {"ListPagesByEngagement"}, threading.Event()
        app = make_app(emu.url, read_timeout=30.0)
        async with app.run_test(size=(160, 45)) as pilot:
            screen = app.screen
            assert isinstance(screen, BrowseScreen)
            await until(pilot, lambda: screen.feed.loaded > 0)
            await pilot.press("exclamation_mark")
            await until(pilot, lambda: screen.feed.tail == "end")
            ongoing = {
                r["EngagementArn"] for r in emu.data.expected_engagements() if not r.get("StopTime")
            }
            wanted = unacknowledged(emu)
            assert wanted < ongoing, "some open engagements were answered"
            assert screen.table.shown_count == len(ongoing), "unknown: they may need someone"
            emu.faults.hold.set()
            await wait_until(pilot, lambda: screen.table.shown_count == len(wanted))
            shown = {screen.table.engagement_at(i) for i in range(screen.table.shown_count)}
            assert {r.arn for r in shown if r} == wanted
