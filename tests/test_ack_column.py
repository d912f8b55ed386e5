"""The Ack column against the emulator: the right mark per row, and no request storm."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, wait_until


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=2500, incidents=12, seed=4)) as emulator:
        yield emulator


def expected_mark(emu: Emulator, arn: str) -> str:
    """✓, ✗ or — from the emulator's own pages and receipts."""
    row = emu.data.engagement(arn)
    reads = [
        p.get("ReadTime")
        or min(
            (
                r["ReceiptTime"]
                for r in emu.data.receipts(p["PageArn"])
                if r["ReceiptType"] == "READ"
            ),
            default=None,
        )
        for p in emu.data.pages(arn)
    ]
    if any(read is not None for read in reads):
        return "✓"
    return "—" if row.get("StopTime") else "✗"


async def test_rows_on_screen_show_who_acknowledged(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        rows = table.rows_in_view()
        await wait_until(pilot, lambda: all(table.ack_of(r) is not None for r in rows))
        lines = [table.render_line(y).text for y in range(1, len(rows) + 1)]
        for row, line in zip(rows, lines, strict=True):
            assert expected_mark(emu, row.arn) in line, line


async def test_paging_down_asks_within_the_rate_limit_and_never_twice(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        emu.clear_requests()
        began = datetime.now(UTC)
        for _ in range(60):
            await pilot.press("pagedown")
            await pilot.pause(0.01)
        seconds = (datetime.now(UTC) - began).total_seconds()
        # The detail panel's own fetches (DescribeEngagement first) are not the column's.
        described = {p["EngagementId"] for op, p in emu.requests if op == "DescribeEngagement"}
        asked = [
            p["EngagementId"]
            for op, p in emu.requests
            if op == "ListPagesByEngagement" and p["EngagementId"] not in described
        ]
        assert asked and len(asked) == len(set(asked)), "no engagement's pages fetched twice"
        rate = app.settings.ack_rate
        assert len(asked) <= rate * (seconds + 1) + 3, f"{len(asked)} requests in {seconds:.1f}s"


async def test_each_learned_acknowledgement_reaches_the_screen(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        rows = table.rows_in_view()
        await wait_until(pilot, lambda: all(table.ack_of(r) is not None for r in rows))
        await pilot.pause()
        region = table.content_region
        on_screen = screen_text(app).splitlines()[region.y + 1 : region.y + 1 + len(rows)]
        for row, line in zip(rows, on_screen, strict=True):
            assert expected_mark(emu, row.arn) in line[region.x : region.right], line


def test_a_row_the_panel_holds_in_full_is_learned_again_in_a_form_the_cache_keeps(
    emulator: Emulator,
) -> None:
    """The detail panel's full timeline of an ongoing row must not freeze its Ack cell: the
    cache drops a cheap answer over a full one, so the column asks in full there."""
    from engage_tui.aws.source import Source
    from engage_tui.browse.ack_column import learn
    from engage_tui.browse.acks import Ask
    from engage_tui.browse.detail import TimelineCache

    source = Source.for_endpoint(emulator.url, max_attempts=1)
    arn = emulator.data.expected_engagements()[0]["EngagementArn"]
    cache = TimelineCache()
    cache.put(arn, source.timeline_parts(arn))  # what the panel fetched when the cursor rested
    learned = learn(source, Ask(arn, describe=False, pages=True), cache.peek(arn))
    cache.put(arn, learned)
    assert cache.get(arn) is learned, "the fresh answer is the one shown"
    assert not learn(source, Ask(arn, describe=False, pages=True), None).full, "cheap elsewhere"


async def test_an_acknowledgement_the_detail_panel_learned_reaches_the_row(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The panel's read of the row under the cursor says who acknowledged it too: its Ack cell
    shows that at once, whether or not the column asks (it doesn't here)."""
    from engage_tui.browse.ack_column import AckColumn

    monkeypatch.setattr(AckColumn, "plan_acks", lambda self: None)
    app = make_app(emu.url)
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        await wait_until(pilot, lambda: table.ack_of(table.rows_in_view()[0]) is not None)
        await pilot.press("down")  # once the first screen has settled: rest on the next row
        row = table.cursor_engagement
        assert row is not None and table.cursor_row == 1
        await wait_until(pilot, lambda: table.ack_of(row) is not None)  # the panel's read
        await pilot.pause()
        region = table.content_region
        line = screen_text(app).splitlines()[region.y + 2][region.x : region.right]
        now = table.render_line(2).text  # the line as the table paints it with what it knows
        assert line.rstrip() == now.rstrip(), "the screen shows the Ack cell learned"
        assert expected_mark(emu, row.arn) in now
