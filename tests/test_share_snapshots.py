"""What the export dialog and the region picker look like (`pytest --snapshot-update`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.choice_picker import ChoicePicker
from engage_tui.screens.export_dialog import ExportDialog
from tests.harness import settle, wait_until
from tests.test_snapshots import ANCHOR, frozen_app


@pytest.fixture
def small_demo() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=120, incidents=6, seed=3, anchor=ANCHOR)) as emu:
        yield emu


async def _settled(pilot: Any) -> None:
    """Page one shown and every row in view knows its acknowledgement: the same picture."""
    await settle(pilot)
    table = pilot.app.screen.query_one("EngagementsTable")
    await wait_until(pilot, lambda: all(table.ack_of(r) for r in table.rows_in_view()))


def test_export_dialog(snap_compare: Any, small_demo: Emulator) -> None:
    async def press_e(pilot: Any) -> None:
        await _settled(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog))

    app = frozen_app(small_demo.url)
    assert snap_compare(app, terminal_size=(120, 35), run_before=press_e)


def test_region_picker_filtered(snap_compare: Any, small_demo: Emulator) -> None:
    async def press_r(pilot: Any) -> None:
        await _settled(pilot)
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoicePicker))
        await pilot.press(*"eu-west")
        await settle(pilot)

    app = frozen_app(small_demo.url)
    assert snap_compare(app, terminal_size=(120, 35), run_before=press_r)
