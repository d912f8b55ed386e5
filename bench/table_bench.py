"""Benchmark: EngagementsTable against the stock DataTable, printed as a table.

    .venv/bin/python bench/table_bench.py [--quick] [--no-million]

Each (widget, size) runs in fresh subprocesses (so RSS is its own) in a headless 200×50 app.
Figures per run: load + first frame (wall s), bytes per loaded row (RSS growth, Engagement
objects included, repeated ARNs interned as the data layer does), main-thread CPU to append a
100-row page and repaint, and keypress → repaint latency while 100-row pages stream in.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engage_tui.aws.models import Engagement  # noqa: E402

SIZE = (200, 50)
PAGE = 100
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ACCOUNT = "arn:aws:ssm-contacts:us-east-1:111122223333"


def make_rows(count: int, first: int = 0) -> list[Engagement]:
    """Engagements as the data layer builds them: unique ARNs and times, interned repeats."""
    contacts = [sys.intern(f"{ACCOUNT}:contact/oncall-{i:03d}") for i in range(200)]
    incidents = [
        sys.intern(f"arn:aws:ssm-incidents::111122223333:incident-record/plan/{i:032x}")
        for i in range(50)
    ]
    senders = [sys.intern(f"sender-{i:02d}@example.com") for i in range(20)]
    rows = []
    for i in range(first, first + count):
        start = NOW - timedelta(seconds=37 * i)
        rows.append(
            Engagement(
                arn=f"{ACCOUNT}:engagement/oncall-{i % 200:03d}/{i:08x}-aaaa-bbbb-cccc-{i:012x}",
                contact_arn=contacts[i % 200],
                sender=senders[i % 20],
                incident_arn=incidents[i % 50] if i % 7 else None,
                start=start,
                stop=None if i % 20 == 0 else start + timedelta(minutes=i % 90),
            )
        )
    return rows


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def stock_cells(row: Engagement) -> tuple[str, ...]:
    """The strings the stock DataTable needs up front (formatted outside the timed region)."""
    from engage_tui import timefmt

    start = stop = length = "—"
    if row.start is not None:
        start = f"{timefmt.clock(row.start, utc=True, tz=UTC, now=NOW)} · "
        start += timefmt.ago(row.start, now=NOW)
        length = timefmt.duration(row.start, row.stop or NOW)
    if row.stop is not None:
        stop = timefmt.clock(row.stop, utc=True, tz=UTC, now=NOW)
    incident = row.incident_arn.rsplit("/", 1)[-1] if row.incident_arn else "—"
    return (start, stop or "ongoing", length, row.contact_alias, row.sender, incident)


async def run_worker(kind: str, count: int, presses: int) -> dict[str, Any]:
    """One fresh-process measurement of one widget at one size."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from engage_tui.widgets.engagements_table import EngagementsTable

    styles = Path(__file__).resolve().parents[1] / "styles" / "table.tcss"

    class Bench(App[None]):
        CSS_PATH = styles

        def compose(self) -> ComposeResult:
            if kind == "ours":
                table = EngagementsTable(tz=UTC)
                table.now, table.utc = NOW, True
                yield table
            else:
                stock: DataTable[str] = DataTable(cursor_type="row")
                stock.add_columns("Start", "Stop", "Duration", "Contact", "Sender", "Incident")
                yield stock

    app = Bench()
    frames: list[tuple[float, int]] = []
    painted = asyncio.Event()
    display = app._display

    def cursor() -> int:
        table = app.query_one("EngagementsTable, DataTable")
        return table.cursor_row  # type: ignore[attr-defined, no-any-return]

    def record_frame(screen: Any, update: Any) -> None:
        if update is not None:
            frames.append((time.perf_counter(), cursor()))
            painted.set()
        display(screen, update)

    app._display = record_frame  # type: ignore[method-assign, assignment]
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        ours = app.query(EngagementsTable).first() if kind == "ours" else None
        stock = app.query(DataTable).first() if kind == "stock" else None

        def append(rows: list[Engagement]) -> None:
            if ours is not None:
                ours.append(rows)
            else:
                assert stock is not None
                for row in rows:
                    stock.add_row(*stock_cells(row), key=row.arn)

        async def next_frame(after: float, moved_from: int | None = None) -> float:
            """Seconds from `after` to the first frame painted (with the cursor moved)."""
            while True:
                for shown, row in frames:
                    if shown > after and row != moved_from:
                        return shown - after
                frames.clear()
                painted.clear()
                await asyncio.wait_for(painted.wait(), 30)

        await pilot.pause()
        gc.collect()
        before = rss_bytes()
        rows = make_rows(count)
        started = time.perf_counter()
        append(rows)
        result["first_frame_s"] = await next_frame(started)
        await pilot.pause()
        gc.collect()
        result["bytes_per_row"] = (rss_bytes() - before) / count
        del rows

        floor = []
        for _ in range(5):
            t0 = time.thread_time()
            await pilot.pause()
            floor.append(time.thread_time() - t0)
        result["pause_floor_ms"] = statistics.median(floor) * 1000

        appends, calls = [], []
        loaded = count
        for _ in range(7):
            page = make_rows(PAGE, loaded)
            loaded += PAGE
            t0 = time.thread_time()
            append(page)
            calls.append(time.thread_time() - t0)
            await pilot.pause()
            appends.append(time.thread_time() - t0)
        result["append_ms"] = statistics.median(appends) * 1000
        result["append_call_ms"] = statistics.median(calls) * 1000

        def stream() -> None:
            nonlocal loaded
            append(make_rows(PAGE, loaded))
            loaded += PAGE

        await pilot.press("end")
        stream()  # rows below the cursor, so every "down" moves it
        await pilot.pause()

        timer = app.set_interval(0.05, stream)
        latency, wall, cpu = [], [], []
        for _ in range(presses):
            was = cursor()
            t0, c0 = time.perf_counter(), time.thread_time()
            assert app._driver is not None
            app._driver.send_message(events.Key("down", None))
            latency.append(await next_frame(t0, was))
            await pilot.pause()
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
        timer.stop()
        result["key_ms"] = [x * 1000 for x in latency]
        result["key_press_pause_ms"] = statistics.median(wall) * 1000
        result["key_cpu_ms"] = statistics.median(cpu) * 1000
    return result


def spawn(kind: str, count: int, presses: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", kind, str(count), str(presses)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def summarise(runs: list[dict[str, Any]]) -> dict[str, float]:
    keys = [k for k, v in runs[0].items() if not isinstance(v, list)]
    out = {key: statistics.median(run[key] for run in runs) for key in keys}
    presses = sorted(x for run in runs for x in run["key_ms"])
    out["key_p50"] = presses[len(presses) // 2]
    out["key_p99"] = presses[min(len(presses) - 1, int(len(presses) * 0.99))]
    out["key_max"] = presses[-1]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="one run per cell, 10k/100k only")
    parser.add_argument("--no-million", action="store_true", help="skip the 1M-row runs")
    args = parser.parse_args()
    if args.worker:
        kind, count, presses = args.worker
        print(json.dumps(asyncio.run(run_worker(kind, int(count), int(presses)))))
        return

    # (widget, rows, runs, key presses per run): the stock table is slow, so it gets fewer.
    plan = [
        ("ours", 10_000, 5, 40),
        ("stock", 10_000, 3, 20),
        ("ours", 100_000, 5, 40),
        ("stock", 100_000, 1, 10),
    ]
    if not (args.no_million or args.quick):
        plan.append(("ours", 1_000_000, 3, 40))
    print(f"# {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, {SIZE}")
    header = (
        f"{'widget':<7}{'rows':>10}{'runs':>5}{'load+frame s':>13}{'B/row':>7}"
        f"{'page cpu ms':>12}{'(call)':>8}{'key p50':>8}{'p99':>7}{'max':>7}"
        f"{'key cpu ms':>11}{'press+pause':>12}"
    )
    print(header)
    for kind, count, runs, presses in plan:
        results = [spawn(kind, count, presses) for _ in range(1 if args.quick else runs)]
        s = summarise(results)
        print(
            f"{kind:<7}{count:>10,}{len(results):>5}{s['first_frame_s']:>13.3f}"
            f"{s['bytes_per_row']:>7.0f}{s['append_ms']:>12.1f}{s['append_call_ms']:>8.2f}"
            f"{s['key_p50']:>8.1f}{s['key_p99']:>7.1f}{s['key_max']:>7.1f}"
            f"{s['key_cpu_ms']:>11.1f}{s['key_press_pause_ms']:>12.1f}",
            flush=True,
        )
    print(
        "stock at 1,000,000 rows skipped: its load alone takes minutes (PERF-NOTES: 173 s CPU).\n"
        "page cpu: main-thread CPU for append + repaint (pilot.pause harness floor "
        f"≈{s['pause_floor_ms']:.1f} ms included); (call): the append call alone.\n"
        "key p50/p99/max: ms from a 'down' key event to the frame showing the moved cursor, "
        "while 100-row pages append every 50 ms; key cpu: main-thread CPU per key press;\n"
        "press+pause: wall ms around the key and pilot.pause(), dominated by the harness's "
        "idle detection (≥ 20 ms sleeps)."
    )


if __name__ == "__main__":
    main()
