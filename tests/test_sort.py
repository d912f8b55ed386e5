"""Sorting the loaded rows with s: the order, later pages merged in, and remembered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from engage_tui.browse.sorting import SortChoice, sort_key
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=3000, incidents=12, seed=6)) as emulator:
        yield emulator


def shown(app) -> list:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(EngagementsTable)
    return [table.engagement_at(i) for i in range(table.shown_count)]


async def test_sort_by_contact_merges_later_pages_and_is_remembered(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("s", *["down"] * 8, "enter")  # Contact ↑
        await settle(pilot)
        assert app.screen.sort == SortChoice("Contact", descending=False)
        aliases = [row.contact_alias.casefold() for row in shown(app)]
        assert aliases == sorted(aliases)
        assert "sorted by Contact ↑ (loaded rows)" in screen_text(app)
        loaded = len(aliases)
        await pilot.press("end")
        await settle(pilot)
        aliases = [row.contact_alias.casefold() for row in shown(app)]
        assert len(aliases) > loaded and aliases == sorted(aliases), "a new page merged in"
    again = make_app(emu.url)
    async with again.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert again.screen.sort == SortChoice("Contact", descending=False)
        aliases = [row.contact_alias.casefold() for row in shown(again)]
        assert aliases == sorted(aliases)


async def test_the_default_order_is_newest_first(emu: Emulator) -> None:
    app = make_app(emu.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        starts = [row.start for row in shown(app)]
        assert starts == sorted(starts, reverse=True)
        assert "sorted by" not in screen_text(app)


def test_descending_text_puts_longer_names_first_and_missing_values_last() -> None:
    from datetime import UTC, datetime

    from engage_tui.aws.models import Engagement

    def row(alias: str, stop: datetime | None) -> Engagement:
        return Engagement(
            f"arn:aws:ssm-contacts:us-east-1:1:engagement/{alias}/x",
            f"arn:aws:ssm-contacts:us-east-1:1:contact/{alias}",
            "s",
            None,
            datetime(2026, 1, 1, tzinfo=UTC),
            stop,
        )

    rows = [
        row("ab", None),
        row("abc", datetime(2026, 1, 2, tzinfo=UTC)),
        row("b", datetime(2026, 1, 3, tzinfo=UTC)),
    ]
    now = datetime(2026, 1, 5, tzinfo=UTC)

    def by(column: str, descending: bool) -> list[Engagement]:
        choice = SortChoice(column, descending)
        key = sort_key(choice, titles={}, ack_of=lambda r: None, now=now)
        assert key is not None
        return sorted(rows, key=key)

    assert [r.contact_alias for r in by("Contact", True)] == ["b", "abc", "ab"]
    assert [r.contact_alias for r in by("Contact", False)] == ["ab", "abc", "b"]
    assert [r.contact_alias for r in by("Stop", True)] == ["b", "abc", "ab"], "ongoing last"
    assert [r.contact_alias for r in by("Stop", False)] == ["abc", "b", "ab"], "ongoing last"
