"""Races: queries changed faster than pages arrive, and quitting while requests hang."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from engage_tui.aws.models import Engagement, Query
from engage_tui.browse.screen import BrowseScreen
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle

SIZE = (160, 45)
ENGAGE_TUI = Path(sys.executable).parent / "engage-tui"


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=300, incidents=8, seed=3)) as emulator:
        yield emulator


def shown(app) -> list[Engagement]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(EngagementsTable)
    return [table.engagement_at(i) for i in range(table.shown_count)]


def matches(row: Engagement, query: Query) -> bool:
    if query.incident_arn and row.incident_arn != query.incident_arn:
        return False
    window = query.time_range
    if window is None:
        return True
    assert row.start is not None
    return (window.start is None or row.start >= window.start) and (
        window.end is None or row.start <= window.end
    )


async def load_everything(pilot: Pilot) -> None:  # type: ignore[type-arg]
    table = pilot.app.screen.query_one(EngagementsTable)
    for _ in range(20):
        if table.tail_state == "end":
            return
        await pilot.press("end")
        await settle(pilot)
    raise AssertionError(f"never reached the end (tail {table.tail_state!r})")


async def test_a_hundred_quick_query_changes_never_show_an_older_querys_rows(
    emu: Emulator,
) -> None:
    emu.faults.latency_ms = 20
    incidents = [i["arn"] for i in emu.data.incidents()]
    app = make_app(emu.url)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        # Presets and refresh by key; the incident through the screen, as the picker does.
        steps = ["1", "r", "incident", "5", "x", "r", "4", "incident", "3", "2"]
        for step in range(100):
            action = steps[step % len(steps)]
            if action == "incident":
                arn = incidents[step % len(incidents)]
                screen.show_engagements(arn, screen.feed.selection)
            else:
                await pilot.press(action)
            await pilot.pause()
            query = screen.current_query
            stale = [row.arn for row in shown(app) if not matches(row, query)]
            assert not stale, f"step {step}: rows of an older query shown: {stale[:3]}"
        emu.faults.latency_ms = 0
        await settle(pilot)
        await load_everything(pilot)
        query = screen.current_query
        window = query.time_range
        expected = emu.data.expected_engagements(
            query.incident_arn,
            window.start if window else None,
            window.end if window else None,
        )
        assert [row.arn for row in shown(app)] == [e["EngagementArn"] for e in expected]
        if not expected:
            assert "No engagements" in screen_text(app) or "0 engagements" in screen_text(app)


async def test_quit_while_a_request_hangs_exits_at_once(emu: Emulator) -> None:
    emu.faults.latency_ms = 20_000  # every request hangs far longer than the test may take
    app = make_app(emu.url, read_timeout=60.0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        table = app.screen.query_one(EngagementsTable)
        assert table.tail_state == "loading"
        began = time.monotonic()
        await pilot.press("q")
    assert time.monotonic() - began < 1.0
    assert app.return_code in (0, None)


def _read_until(fd: int, output: bytearray, done, deadline: float) -> bool:  # type: ignore[no-untyped-def]
    """Read the pty into `output` until `done(output)` or the deadline; True if done."""
    while time.monotonic() < deadline:
        if done(output):
            return True
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the child closed its side
                return done(output)
            if not chunk:
                return done(output)
            output.extend(chunk)
    return done(output)


def test_real_process_quits_within_a_second_while_requests_hang(emu: Emulator) -> None:
    emu.faults.latency_ms = 30_000
    master, slave = pty.openpty()
    os.set_blocking(master, True)
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    process = subprocess.Popen(
        [str(ENGAGE_TUI), "--endpoint-url", emu.url, "--region", "us-east-1"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    output = bytearray()
    try:
        started = _read_until(master, output, lambda o: b"Refresh" in o, time.monotonic() + 20)
        assert started, f"the app never drew its footer: {bytes(output[-500:])!r}"
        os.write(master, b"q")
        began = time.monotonic()
        # Read on while waiting, as a terminal does: a full pty would hold the app's last frame
        # (the reading stops early when the app closes the terminal; the wait goes on).
        _read_until(master, output, lambda o: process.poll() is not None, began + 5)
        try:
            process.wait(timeout=max(0.0, began + 5 - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise AssertionError(f"still running 5 s after q: {bytes(output[-800:])!r}") from None
        elapsed = time.monotonic() - began
        _read_until(master, output, lambda o: False, time.monotonic() + 0.2)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    # Requests hang for 30 s: quitting must not wait for them. A busy machine may add a second.
    assert elapsed < 2.5, f"took {elapsed:.2f}s to quit"
    assert process.returncode == 0
    assert b"Traceback" not in output
