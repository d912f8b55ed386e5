"""Regenerate the README's screenshots from the demo: `.venv/bin/python scripts/screenshots.py`.

Uses the same factory as the CLI (`cli.build_app`) against the demo's story in the embedded
emulator, with one fixed clock for both, so the pictures only change when the app does.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock

OUT = Path(__file__).resolve().parent.parent / "screenshots"
ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)

Steps = Callable[[Any], Awaitable[None]]


def _busy(app: Any) -> bool:
    return any(w.is_running for w in app.workers) or any(
        w.is_running for screen in app.screen_stack for w in screen.workers
    )


async def _idle(pilot: Any) -> None:
    """Until no worker has run for a few pauses in a row (pages, names, acks, detail)."""
    quiet = 0
    for _ in range(500):
        await pilot.pause(0.02)
        quiet = 0 if _busy(pilot.app) else quiet + 1
        if quiet >= 5:
            break
    await pilot.pause(0.1)


def _keys(*keys: str) -> Steps:
    async def press(pilot: Any) -> None:
        await _idle(pilot)
        for key in keys:
            await pilot.press(key)
            await _idle(pilot)

    return press


async def _open_unanswered(pilot: Any) -> None:
    """The drill-in of the newest engagement of the incident that nobody has acknowledged."""
    await _idle(pilot)
    screen = pilot.app.screen
    kinds = pilot.app.names.contact_kinds

    def unanswered(row: Any) -> bool:
        ack = screen.ack_of(row)
        return bool(row.incident_arn and row.stop is None and ack and not ack.acknowledged)

    waiting = [row for row in screen.feed.rows if unanswered(row)]
    plans = [row for row in waiting if kinds.get(row.contact_arn) == "plan"]  # has a countdown
    if plans or waiting:
        screen.table.select_arn((plans or waiting)[0].arn)
    await _idle(pilot)
    await pilot.press("enter")
    await _idle(pilot)


async def _attention_checked(pilot: Any) -> None:
    """Needs attention once its check has read every page and learned every acknowledgement."""
    await _idle(pilot)
    await pilot.press("exclamation_mark")
    for _ in range(100):
        await _idle(pilot)
        progress = pilot.app.screen.scan()
        if progress is None or progress.done:
            break
        pilot.app.screen.plan_acks()


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("main", (160, 45), _keys()),
    ("narrow-80x24", (80, 24), _keys()),
    ("drill-in", (120, 60), _open_unanswered),
    ("needs-attention", (160, 45), _attention_checked),
    ("time-range", (120, 35), _keys("t", *"yesterday..", "enter")),
    ("incident-picker", (160, 45), _keys("i", *"outage", "down")),
    ("help", (120, 40), _keys("question_mark")),
]


async def shoot(url: str, name: str, size: tuple[int, int], steps: Steps) -> Path:
    launch = resolve(parser().parse_args(["--allow-actions"]))
    # Every row on screen learns its acknowledgement at once: the same picture each run.
    launch = replace(launch, settings=replace(launch.settings, ack_rate=50))
    app = build_app(Source.for_endpoint(url), launch, demo=True, clock=lambda: ANCHOR)
    async with app.run_test(size=size) as pilot:
        await steps(pilot)
        path = OUT / f"{name}.svg"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> None:
    # The user's own config and remembered state must not leak into the pictures.
    scratch = tempfile.mkdtemp(prefix="engage-tui-screenshots-")
    os.environ.update(XDG_CONFIG_HOME=scratch, XDG_STATE_HOME=scratch, TZ="UTC")
    time.tzset()
    OUT.mkdir(exist_ok=True)
    config = EmulatorConfig(
        story=True,
        engagements=3_000,
        incidents=30,
        seed=7,
        anchor=ANCHOR,
        clock=ManualClock(ANCHOR),
    )
    with Emulator(config) as emulator:
        for name, size, steps in SHOTS:
            print(await shoot(emulator.url, name, size, steps))


if __name__ == "__main__":
    asyncio.run(main())
