"""`!` needs attention: every page read, only ongoing unacknowledged rows, oldest first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, wait_until


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
        await wait_until(pilot, lambda: table.shown_count == len(wanted), rounds=400)
        assert app.screen.feed.tail == "end", "every page of the query was read"
        shown = [table.engagement_at(i) for i in range(table.shown_count)]
        assert {row.arn for row in shown} == wanted
        starts = [row.start for row in shown]
        assert starts == sorted(starts), "oldest first"
        assert f"⚠ {len(wanted)} unacknowledged" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.shown_count >= everything
        assert f"⚠ {len(wanted)} unacknowledged" in screen_text(app), "the count stays"
