"""Screen-wide layouts per key: a headless app on the in-process emulator, keys injected.

    PYTHONPATH=$PWD .venv/bin/python bench/figures_layout.py [ENGAGEMENTS]

A layout (`Screen._refresh_layout`) re-arranges every widget of the screen; a key that moves the
cursor should need none. Counts, not times: the figure does not depend on how busy the machine
is. Prints one JSON line: {key: [full layouts, scroll reflows]} for 40 presses of each key.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
from typing import Any

from textual.screen import Screen

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig

PRESSES = 40


async def count(url: str) -> dict[str, list[int]]:
    counts = {"full": 0, "scroll": 0}
    original = Screen._refresh_layout

    def counting(self: Screen[Any], size: Any = None, scroll: bool = False) -> None:
        counts["scroll" if scroll and not self._layout_widgets else "full"] += 1
        original(self, size, scroll)

    Screen._refresh_layout = counting  # type: ignore[method-assign]
    app = build_app(Source.for_endpoint(url), resolve(parser().parse_args([])))
    result: dict[str, list[int]] = {}
    async with app.run_test(size=(200, 50)) as pilot:
        for _ in range(100):  # first pages, names and the first detail
            await pilot.pause(0.05)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause(0.5)
        for key in ("down", "up", "pagedown", "pageup"):
            await pilot.pause(0.3)
            counts.update(full=0, scroll=0)
            for _ in range(PRESSES):
                await pilot.press(key)
                await pilot.pause(0.02)
            await pilot.pause(0.3)
            result[key] = [counts["full"], counts["scroll"]]
    return result


def main() -> None:
    engagements = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as home:
        os.environ.update(
            XDG_CONFIG_HOME=f"{home}/config",
            XDG_STATE_HOME=f"{home}/state",
            AWS_ACCESS_KEY_ID="AKIDEXAMPLE",
            AWS_SECRET_ACCESS_KEY="fake",
            AWS_CONFIG_FILE=f"{home}/aws-config",
            AWS_SHARED_CREDENTIALS_FILE=f"{home}/aws-credentials",
        )
        with Emulator(EmulatorConfig(engagements=engagements, incidents=12, seed=7)) as emu:
            print(json.dumps(asyncio.run(count(emu.url))))


if __name__ == "__main__":
    main()
