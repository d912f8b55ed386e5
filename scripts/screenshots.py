"""Regenerate the README's screenshots from the demo: `.venv/bin/python scripts/screenshots.py`.

Uses the same factory as the CLI (`cli.build_app`) against the embedded emulator, with a fixed
clock so the pictures only change when the app does.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig

OUT = Path(__file__).resolve().parent.parent / "screenshots"
ANCHOR = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)

Steps = Callable[[Any], Awaitable[None]]


async def _idle(pilot: Any) -> None:
    for _ in range(200):
        await pilot.pause(0.02)
        if not any(w.is_running for s in pilot.app.screen_stack for w in s.workers):
            break
    await pilot.pause(0.1)


def _keys(*keys: str) -> Steps:
    async def press(pilot: Any) -> None:
        await _idle(pilot)
        for key in keys:
            await pilot.press(key)
            await _idle(pilot)

    return press


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("main", (160, 45), _keys("down", "down")),
    ("narrow-80x24", (80, 24), _keys()),
    ("drill-in", (120, 45), _keys("down", "down", "enter")),
    ("time-range", (120, 35), _keys("t", *"yesterday..", "enter")),
    ("incident-picker", (160, 45), _keys("i", *"outage", "down")),
    ("help", (120, 40), _keys("question_mark")),
]


async def shoot(url: str, name: str, size: tuple[int, int], steps: Steps) -> Path:
    launch = resolve(parser().parse_args([]))
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
    config = EmulatorConfig(engagements=5_000, incidents=30, seed=7, anchor=ANCHOR)
    with Emulator(config) as emulator:
        for name, size, steps in SHOTS:
            print(await shoot(emulator.url, name, size, steps))


if __name__ == "__main__":
    asyncio.run(main())
