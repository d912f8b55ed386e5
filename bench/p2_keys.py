"""P2 key by key, black-box: which keys are slow, and what the app's threads did meanwhile.

    PYTHONPATH=$PWD .venv/bin/python bench/p2_keys.py [ROWS] [--keys N]

The same session as `run.py --only P2` (the shipped console script in a pty, the emulator over
HTTP, End held to ROWS rows, then the idle and the streaming cycles, 30 ms apart). For every
key it prints the time to the repaint, the CPU the app's main thread and its other threads
(fetch workers) used from the key's write to its repaint (from /proc/PID/task/*/stat, so in
clock ticks: 10 ms steps), and the bytes of terminal output that repaint took. A slow key
with little main-thread CPU waited: for the GIL, or for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures_table import IDLE_KEYS, STREAM_KEYS, _load, _settle, time_key  # noqa: E402
from harness import SIZE, EmulatorProcess, PtyApp, bench_env  # noqa: E402

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def thread_ticks(pid: int) -> dict[int, int]:
    """User + system clock ticks of each thread of `pid`."""
    ticks: dict[int, int] = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks[int(task)] = int(fields[11]) + int(fields[12])
    return ticks


def run_cycle(app: PtyApp, cycle: tuple[str, ...], count: int) -> list[tuple[str, float]]:
    """Time `count` keys of `cycle`, printing one line per key."""
    pid = app.proc.pid
    timings: list[tuple[str, float]] = []
    for n in range(count):
        key = cycle[n % len(cycle)]
        before, read = thread_ticks(pid), app.bytes_read
        ms = time_key(app, key)
        after = thread_ticks(pid)
        main = (after.get(pid, 0) - before.get(pid, 0)) * TICK_MS
        other = sum(t - before.get(tid, 0) for tid, t in after.items() if tid != pid) * TICK_MS
        print(
            f"{key:>9} {ms:7.1f} ms  main {main:4.0f}  others {other:4.0f} ms CPU  "
            f"{app.bytes_read - read:6d} B  load {os.getloadavg()[0]:.1f}"
        )
        timings.append((key, ms))
        app.drain(0.03)
    return timings


def summary(label: str, timings: list[tuple[str, float]]) -> None:
    values = sorted(ms for _, ms in timings)
    p99 = values[min(len(values) - 1, round(0.99 * len(values)) - 1)]
    print(f"== {label}: p50 {statistics.median(values):.1f} p99 {p99:.1f} max {values[-1]:.1f}")
    for key in sorted({k for k, _ in timings}):
        mine = [ms for k, ms in timings if k == key]
        print(f"   {key:>9}: median {statistics.median(mine):6.1f}  max {max(mine):6.1f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int, nargs="?", default=100_000)
    ap.add_argument("--keys", type=int, default=120)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="engage-p2-") as home:
        env = bench_env(Path(home))
        load = os.getloadavg()[0]
        with EmulatorProcess(args.rows + 60_000, 0, env) as emu, PtyApp(emu.url, env, SIZE) as app:
            app.wait_for(PtyApp.has_footer, 30)
            app.drain(1.0)
            _settle(app)
            _load(app, args.rows, timeout=max(60.0, args.rows / 1500))
            _settle(app, quiet_s=0.5)
            began = time.perf_counter()
            idle = run_cycle(app, IDLE_KEYS, args.keys)
            stream = run_cycle(app, STREAM_KEYS, args.keys)
            took = time.perf_counter() - began
        summary("idle", idle)
        summary("streaming", stream)
        print(f"{took:.0f} s of keys; load avg {load:.1f} → {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
