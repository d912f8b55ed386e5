"""What each screen looks like, pinned as SVG snapshots (`pytest --snapshot-update` to accept)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig
from tests.harness import settle, wait_until

ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)


def frozen_app(url: str, *flags: str) -> Any:
    launch = resolve(parser().parse_args(list(flags)))
    # Every row on screen learns its acknowledgement within one burst: the same picture each run.
    launch = replace(launch, settings=replace(launch.settings, ack_rate=50))
    # A generous timeout: on a loaded machine the in-process emulator can take seconds to answer
    # (hostile 8 KiB fields), and a timeout would be a different picture. test_error_state
    # makes its error on purpose.
    source = Source.for_endpoint(url, max_attempts=1, read_timeout=15.0)
    return build_app(source, launch, demo=True, clock=lambda: ANCHOR)


@pytest.fixture
def demo() -> Iterator[Emulator]:
    config = EmulatorConfig(engagements=400, incidents=20, seed=3, anchor=ANCHOR)
    with Emulator(config) as emulator:
        yield emulator


async def _settled(pilot: Any) -> None:
    await settle(pilot)


def test_main_screen(snap_compare: Any, demo: Emulator) -> None:
    assert snap_compare(frozen_app(demo.url), terminal_size=(160, 45), run_before=_settled)


def test_main_screen_at_80x24(snap_compare: Any, demo: Emulator) -> None:
    assert snap_compare(frozen_app(demo.url), terminal_size=(80, 24), run_before=_settled)


def test_drill_in_screen(snap_compare: Any, demo: Emulator) -> None:
    async def open_third(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)

    assert snap_compare(frozen_app(demo.url), terminal_size=(120, 45), run_before=open_third)


def test_time_range_prompt_with_error(snap_compare: Any, demo: Emulator) -> None:
    async def mistype(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("t", *"since lunch", "enter")
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#range-error").display)

    assert snap_compare(frozen_app(demo.url), terminal_size=(120, 35), run_before=mistype)


def test_error_state(snap_compare: Any, demo: Emulator) -> None:
    demo.faults.access_denied = {"ListEngagements"}
    assert snap_compare(frozen_app(demo.url), terminal_size=(120, 35), run_before=_settled)


def test_empty_state(snap_compare: Any, demo: Emulator) -> None:
    app = frozen_app(demo.url, "--since", "2020-01-01", "--until", "2020-01-02")
    assert snap_compare(app, terminal_size=(120, 35), run_before=_settled)


def test_hostile_text_keeps_layout(snap_compare: Any) -> None:
    config = EmulatorConfig(engagements=60, incidents=8, seed=5, anchor=ANCHOR, hostile=True)
    with Emulator(config) as emulator:
        assert snap_compare(frozen_app(emulator.url), terminal_size=(160, 45), run_before=_settled)


def test_sorted_by_contact(snap_compare: Any, demo: Emulator) -> None:
    async def sort_by_contact(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("s", *["down"] * 8, "enter")  # Contact ↑
        table = pilot.app.screen.query_one("EngagementsTable")
        # Rows brought into view learn their acknowledgement within the rate limit: wait for it.
        await wait_until(pilot, lambda: all(table.ack_of(r) for r in table.rows_in_view()))

    app = frozen_app(demo.url)
    assert snap_compare(app, terminal_size=(160, 45), run_before=sort_by_contact)
