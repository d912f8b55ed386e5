"""`e` in the browse screen: export the query (every page) or the rows shown, to a path typed,
with progress, Esc to stop, and the end said; against the emulator, in read-only mode."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Checkbox, Input, RadioSet

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.export_dialog import ExportDialog
from engage_tui.screens.export_progress import ExportRunning
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, toasts, wait_until


@pytest.fixture
def big() -> Iterator[Emulator]:
    """Enough rows for several export pages (200 rows each)."""
    with Emulator(EmulatorConfig(engagements=900, incidents=8, seed=11)) as emulator:
        yield emulator


@pytest.fixture
def small_pages(tmp_path: Path) -> None:
    """The table loads one page of 100 and no more until the cursor nears its end."""
    folder = tmp_path / "config" / "engage-tui"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("page_size = 100\nprefetch = 0\n", encoding="utf-8")


def dialog_says(app: Any) -> str:
    """The dialog's message line (a long path wraps on screen)."""
    return str(app.screen.query_one(".action-message").render())


def said(app: Any) -> str:
    """Every toast shown so far (kept by the harness: a toast on screen may have expired)."""
    return toasts(app).replace("\n", " ")


async def open_dialog(pilot: Any) -> ExportDialog:
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExportDialog))
    return pilot.app.screen


async def type_path(pilot: Any, path: str) -> None:
    box = pilot.app.screen.query_one("#export-path", Input)
    box.value = path
    box.focus()
    await pilot.press("enter")
    await pilot.pause()  # not settle(): that would wait for the whole export


async def watch_for(pilot: Any, text: str) -> None:
    """Pump the app (without waiting for the export's worker) until `text` is on screen."""
    for _ in range(200):
        if text in screen_text(pilot.app):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{text!r} never showed")


async def wait_done(pilot: Any) -> None:
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, (ExportDialog, ExportRunning)))


async def test_every_page_of_the_query_goes_to_the_file_in_read_only_mode(
    big: Emulator, tmp_path: Path, small_pages: None
) -> None:
    app = make_app(big.url)
    out = tmp_path / "all.csv"
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        assert "read-only" in screen_text(app)
        loaded = app.screen.query_one(EngagementsTable).row_count
        await open_dialog(pilot)
        await type_path(pilot, str(out))
        await wait_done(pilot)
        assert f"Wrote 900 rows to {out}" in said(app)
    assert loaded == 100, "the export read every page, not the rows loaded"
    with out.open(newline="", encoding="utf-8") as handle:
        arns = [r["engagement_arn"] for r in csv.DictReader(handle)]
    assert arns == [e["EngagementArn"] for e in big.data.expected_engagements()]


async def test_progress_shows_and_esc_keeps_a_valid_partial_file(
    tmp_path: Path, small_pages: None
) -> None:
    out = tmp_path / "part.json"
    with Emulator(EmulatorConfig(engagements=3000, incidents=4, seed=3)) as emu:
        app = make_app(emu.url)
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await settle(pilot)
            # 15 export pages at 0.3 s each: Esc lands long before the last.
            emu.faults.ops = {"ListEngagements"}
            emu.faults.latency_ms = 300
            dialog = await open_dialog(pilot)
            dialog.query_one("#export-format", RadioSet).query("RadioButton")[1].value = True
            await settle(pilot)
            assert dialog.query_one("#export-path", Input).value.endswith(".json")
            await type_path(pilot, str(out))
            assert isinstance(app.screen, ExportRunning), said(app)
            await watch_for(pilot, "rows written · ")
            await pilot.press("escape")
            await wait_done(pilot)
            assert "Export stopped:" in said(app)
        expected = [e["EngagementArn"] for e in emu.data.expected_engagements()]
    written = [r["engagement_arn"] for r in json.loads(out.read_text(encoding="utf-8"))]
    assert 0 < len(written) < 3000
    assert written == expected[: len(written)]
    assert f"{len(written):,} rows written to {out}" in said(app)


async def test_the_rows_shown_as_filtered_go_out_in_their_order(
    emulator: Emulator, tmp_path: Path
) -> None:
    app = make_app(emulator.url)
    out = tmp_path / "shown.jsonl"
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        alias = table.engagement_at(0).contact_alias
        await pilot.press("slash", *alias)
        await settle(pilot)
        shown = [table.engagement_at(i).arn for i in range(table.shown_count)]
        assert 0 < len(shown) < table.row_count
        table.focus()
        dialog = await open_dialog(pilot)
        dialog.query_one("#export-what", RadioSet).query("RadioButton")[1].value = True
        dialog.query_one("#export-acks", Checkbox).value = True
        await type_path(pilot, str(out))
        await wait_done(pilot)
        assert f"Wrote {len(shown)} rows to {out}" in said(app)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["engagement_arn"] for r in records] == shown
    assert "acknowledged" in records[0], "the acknowledgement columns were asked for"


async def test_a_bad_path_says_what_is_wrong_and_an_existing_file_asks_first(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    existing = tmp_path / "old.csv"
    existing.write_text("keep me\n", encoding="utf-8")
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await open_dialog(pilot)
        await type_path(pilot, str(tmp_path / "missing" / "x.csv"))
        assert isinstance(app.screen, ExportDialog), "the dialog stays to fix the path"
        assert f"{tmp_path / 'missing'} does not exist." in dialog_says(app)
        await type_path(pilot, "~/old.csv")
        assert isinstance(app.screen, ExportDialog)
        assert f"{existing} exists: Enter again to replace it." in dialog_says(app)
        assert existing.read_text(encoding="utf-8") == "keep me\n"
        await pilot.press("enter")
        await wait_done(pilot)
        assert f"Wrote 200 rows to {existing}" in said(app)
    assert existing.read_text(encoding="utf-8").startswith("engagement_arn,")
