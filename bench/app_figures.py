"""The old headless figures, kept only for comparison: NOT what the user gets.

A headless app holding only the table, synthetic rows, keys injected and the clock stopped at
frame build. `bench/run.py` runs each in a fresh process (`--worker NAME ARGS`); every worker
prints one JSON object as its last line of stdout.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZE = (200, 50)
STREAM_PAGE = 500
ACCOUNT = "arn:aws:ssm-contacts:us-east-1:111122223333"


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def api_items(first: int, count: int, now_s: float) -> list[dict[str, Any]]:
    """ListEngagements items as boto3 returns them: fresh strings and aware datetimes per row."""
    items = []
    for i in range(first, first + count):
        start = now_s - 37 * i
        item: dict[str, Any] = {
            "EngagementArn": f"{ACCOUNT}:engagement/oncall-{i % 200:03d}/"
            f"{i:08x}-aaaa-bbbb-cccc-{i:012x}",
            "ContactArn": f"{ACCOUNT}:contact/oncall-{i % 200:03d}",
            "Sender": f"sender-{i % 20:02d}@example.com",
            "StartTime": datetime.fromtimestamp(start, UTC),
        }
        if i % 7:
            item["IncidentId"] = (
                f"arn:aws:ssm-incidents::111122223333:incident-record/plan/{i % 50:032x}"
            )
        if i % 20:
            item["StopTime"] = datetime.fromtimestamp(start + 60 * (i % 90), UTC)
        items.append(item)
    return items


def table_app() -> Any:
    """A headless app holding one EngagementsTable, styled as the real app styles it."""
    from textual.app import App, ComposeResult

    from engage_tui.widgets.engagements_table import EngagementsTable

    class TableApp(App[None]):
        CSS_PATH = Path(__file__).resolve().parents[1] / "styles" / "table.tcss"

        def compose(self) -> ComposeResult:
            yield EngagementsTable(tz=UTC, prefetch=200)

    return TableApp()


# --- P2: keypress → repaint while pages stream in ---------------------------------------------


async def p2(count: int, presses: int) -> dict[str, Any]:
    """ms from a key event to the first frame showing the moved cursor, while pages append."""
    from table_bench import make_rows
    from textual import events

    from engage_tui.widgets.engagements_table import EngagementsTable

    app = table_app()
    frames: list[float] = []
    display = app._display

    def record_frame(*args: Any) -> None:
        frames.append(time.perf_counter())
        display(*args)

    app._display = record_frame  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(EngagementsTable)
        loaded = count
        rows: list[Any] = []
        table.show(rows)
        append(table, rows, make_rows(count))
        await pilot.pause()
        table.cursor_row = max(0, count - 2500)
        await pilot.pause()

        def stream() -> None:
            nonlocal loaded
            append(table, rows, make_rows(STREAM_PAGE, loaded))
            loaded += STREAM_PAGE

        timer = app.set_interval(0.1, stream)
        latency: list[float] = []
        for n in range(presses):
            key = "pagedown" if n % 2 else "down"
            was = table.cursor_row
            frames.clear()
            t0 = time.perf_counter()
            assert app._driver is not None
            app._driver.send_message(events.Key(key, None))
            deadline = t0 + 2.0
            while time.perf_counter() < deadline:
                await asyncio.sleep(0)
                hit = next((t for t in frames if t > t0), None)
                if hit is not None and table.cursor_row != was:
                    latency.append((hit - t0) * 1000)
                    break
                if hit is not None:
                    frames.clear()
            else:
                latency.append(2000.0)
            await pilot.pause()
        timer.stop()
    return {"key_ms": latency, "appended": loaded - count}


def append(table: Any, rows: list[Any], page: list[Any]) -> None:
    """The feed's part: own the rows, tell the table they grew, keep them out of the GC."""
    start = len(rows)
    rows.extend(page)
    table.rows_added(start)
    gc.freeze()


# --- P4: memory per loaded row -----------------------------------------------------------------


async def p4(count: int) -> dict[str, Any]:
    """RSS growth of a process whose app table holds `count` engagements built by the mapping."""
    from engage_tui.aws import mapping
    from engage_tui.widgets.engagements_table import EngagementsTable

    app = table_app()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(EngagementsTable)
        rows: list[Any] = []
        table.show(rows)
        await pilot.pause()
        gc.collect()
        baseline = rss_bytes()
        now_s = time.time()
        page = 1000
        for first in range(0, count, page):
            items = api_items(first, min(page, count - first), now_s)
            append(table, rows, [mapping.engagement(item) for item in items])
            del items
        await pilot.pause()
        gc.collect()
        loaded = rss_bytes()
        rows = table.row_count
    return {"baseline": baseline, "rss": loaded, "bytes_per_row": (loaded - baseline) / rows}


WORKERS: dict[str, Any] = {"p2": p2, "p4": p4}


def run_worker(name: str, args: list[str]) -> None:
    values = [float(a) if "." in a else int(a) for a in args]
    import json

    print(json.dumps(asyncio.run(WORKERS[name](*values))), flush=True)
