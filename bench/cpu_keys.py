"""CPU per key, in-process: the real app (the one factory, default settings) in a headless
200×50 terminal, against `engage-tui emulator` in its own process over HTTP.

    PYTHONPATH=$PWD .venv/bin/python bench/cpu_keys.py [ROWS] [--profile FILE] [--keys N]

Loads ROWS rows with End held, then times this process's CPU (main thread and fetch threads,
not the emulator's) over N keys of the idle cycle and N of the streaming cycle, 30 ms apart,
as `run.py`'s P2 does black-box. CPU is what other load on a shared machine distorts least, so
this is the figure to compare before and after a change; `--profile` also writes cProfile
stats of the main thread for the keys (both cycles) to FILE.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# bench/profile.py would shadow the standard library's `profile`, which cProfile imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
import cProfile  # noqa: E402

sys.path.insert(0, str(HERE))

from figures_table import IDLE_KEYS, STREAM_KEYS  # noqa: E402
from harness import SIZE, EmulatorProcess, bench_env  # noqa: E402


def _cpu() -> float:
    return time.process_time()


async def _load(pilot: Any, screen: Any, rows: int, timeout: float) -> None:
    """Hold End until `rows` are loaded (End again whenever the count stood still)."""
    deadline = time.perf_counter() + timeout
    count, since, told = -1, 0.0, time.perf_counter()
    while time.perf_counter() < deadline:
        loaded = screen.feed.loaded
        if time.perf_counter() - told > 5:
            told = time.perf_counter()
            print(f"  {loaded:,} rows, tail {screen.feed.tail}", file=sys.stderr)
        if loaded >= rows or screen.feed.tail == "end":
            return
        now = time.perf_counter()
        if loaded != count:
            count, since = loaded, now
        elif now - since >= 0.15:
            await pilot.press("end")
            since = now
        await pilot.pause(0.03)
    raise RuntimeError(f"loaded only {screen.feed.loaded} of {rows} rows")


async def _keys(pilot: Any, cycle: tuple[str, ...], count: int, profile: Any) -> float:
    """CPU ms per key over `count` keys of `cycle`, 30 ms apart."""
    cpu = _cpu()
    if profile is not None:
        profile.enable()
    for n in range(count):
        await pilot.press(cycle[n % len(cycle)])
        await pilot.pause(0.03)
    if profile is not None:
        profile.disable()
    return (_cpu() - cpu) * 1000 / count


async def session(url: str, rows: int, keys: int, profile: Any) -> dict[str, float]:
    from engage_tui.aws.source import Source
    from engage_tui.cli import build_app, parser, resolve

    launch = resolve(parser().parse_args(["--endpoint-url", url, "--region", "us-east-1"]))
    app = build_app(Source.for_endpoint(url), launch)
    out: dict[str, float] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while screen.feed.loaded == 0:
            await pilot.pause(0.05)
        began, cpu = time.perf_counter(), _cpu()
        await _load(pilot, screen, rows, timeout=max(120.0, rows / 500))
        out["load_s"] = time.perf_counter() - began
        out["load_cpu_per_500"] = (_cpu() - cpu) * 1000 / max(1, screen.feed.loaded / 500)
        await pilot.pause(1.0)
        out["rows"] = screen.feed.loaded
        out["idle_cpu_ms"] = await _keys(pilot, IDLE_KEYS, keys, profile)
        first = screen.feed.loaded
        out["stream_cpu_ms"] = await _keys(pilot, STREAM_KEYS, keys, profile)
        out["stream_rows"] = screen.feed.loaded - first
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int, nargs="?", default=100_000)
    ap.add_argument("--keys", type=int, default=120)
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="engage-cpu-") as home:
        env = bench_env(Path(home))
        os.environ.clear()
        os.environ.update(env)
        load = os.getloadavg()[0]
        profile = cProfile.Profile() if args.profile else None
        with EmulatorProcess(args.rows + 60_000, 0, env) as emu:
            out = asyncio.run(session(emu.url, args.rows, args.keys, profile))
        if profile is not None:
            profile.dump_stats(args.profile)
    print(
        f"rows {out['rows']:,.0f}: idle {out['idle_cpu_ms']:.1f} ms CPU/key; "
        f"streaming {out['stream_cpu_ms']:.1f} ms CPU/key (+{out['stream_rows']:,.0f} rows); "
        f"load {out['load_s']:.0f} s, {out['load_cpu_per_500']:.0f} ms CPU per 500 rows; "
        f"load avg {load:.1f} → {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
