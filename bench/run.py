"""Every engage-tui performance figure, measured as the user gets it, against its target.

    .venv/bin/python bench/run.py [--quick] [--only P1,P3]

The shipped console script (`engage-tui`, next to sys.executable) runs in a pseudo-terminal read
by pyte, against `engage-tui emulator` in its own process over real HTTP; keys are written to the
terminal and a timing stops when the screen shows the change (bench/harness.py). Prints one
Markdown table and writes it, with the command, to bench/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import figures_live  # noqa: E402
import figures_start  # noqa: E402
import figures_table  # noqa: E402
from harness import APP, SIZE, EmulatorProcess, bench_env, loadavg  # noqa: E402
from machine import describe, machine, package_under_test  # noqa: E402


@dataclass
class Row:
    figure: str
    what: str
    value: str
    target: str
    ok: bool | None  # None: informational, no target
    load: str = ""  # 1-minute load average before → after the figure


@dataclass(frozen=True)
class Plan:
    p1_runs: int
    p1_engagements: int
    p2_sizes: tuple[int, ...]
    p2_keys: int
    stream_reserve: int
    p3_runs: int
    p3_engagements: int
    cpu_pages: int
    headless: bool


FULL = Plan(5, 5_000, (100_000, 1_000_000), 200, 80_000, 3, 8_000, 30, True)
QUICK = Plan(3, 2_000, (100_000,), 60, 30_000, 1, 5_000, 10, False)
P1_LATENCIES = (0, 50, 150)
P3_LATENCIES = (50, 150)


def ms(seconds: list[float]) -> str:
    """`median (min–max)` in ms."""
    values = [s * 1000 for s in seconds]
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("✅ pass" if ok else "❌ FAIL")


# --- the figures ------------------------------------------------------------------------------


def p1(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    n = plan.p1_runs
    for r in figures_start.p1(P1_LATENCIES, n, plan.p1_engagements, env):
        lat = f"{r.latency_ms} ms latency"
        first, usable = r.rows_s(), r.usable_s()
        row_ratio, usable_ratio = r.ratio(first), r.ratio(usable)

        def spread(app_s: list[float], r: figures_start.P1Result = r) -> str:
            pairs = r.pair_ratios(app_s)
            return f"({min(pairs):.2f}–{max(pairs):.2f})"

        usable_target = r.latency_ms == 50
        rows += [
            Row(
                "P1", f"first row on screen, {lat} (ms, median (range) of {n})", ms(first), "", None
            ),
            Row("P1", f"first usable frame (key bar drawn), {lat} (ms)", ms(usable), "", None),
            Row(
                "P1",
                f"aws CLI first byte, {lat} (ms, interleaved with the app)",
                ms(r.aws),
                "",
                None,
            ),
            Row(
                "P1",
                f"first row ÷ aws first byte, {lat} (ratio of medians; pairs' range)",
                f"{row_ratio:.2f} {spread(first)}",
                "≤ 0.80",
                row_ratio <= 0.8,
            ),
            Row(
                "P1",
                f"first usable frame ÷ aws first byte, {lat}",
                f"{usable_ratio:.2f} {spread(usable)}",
                "≤ 1.00" if usable_target else "",
                usable_ratio <= 1.0 if usable_target else None,
            ),
        ]
    return rows


def p3(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    results = figures_start.p3(P3_LATENCIES, plan.p3_runs, plan.p3_engagements, env)
    for latency, runs in results.items():
        landings = [r.landings for r in runs]
        complete = all(r.reached_end and r.rows == plan.p3_engagements for r in runs)
        firsts = [r.first_landing_s for r in runs if r.first_landing_s == r.first_landing_s]
        when = f"; first after {min(firsts):.2f} s" if firsts else ""
        presses = statistics.median(r.presses for r in runs)
        value = f"{statistics.median(landings):.0f} ({min(landings)}–{max(landings)})"
        if not complete:
            value += " — did not reach the end of results"
        rows.append(
            Row(
                "P3",
                f"PageDown every 30 ms from the first usable frame through "
                f"{plan.p3_engagements:,} rows, {latency} ms latency: landings on “loading” "
                f"(median (range) of {len(runs)} runs, ~{presses:.0f} presses{when})",
                value,
                "0",
                max(landings) == 0 and complete,
            )
        )
    return rows


_sessions: dict[int, figures_table.TableSession] = {}


def session(size: int, plan: Plan, env: dict[str, str]) -> figures_table.TableSession:
    """One app session per size serves both P2 and P4."""
    if size not in _sessions:
        _sessions[size] = figures_table.table_session(size, plan.stream_reserve, plan.p2_keys, env)
    return _sessions[size]


def key_stats(values: list[float]) -> tuple[str, float]:
    p99 = percentile(values, 0.99)
    return f"{percentile(values, 0.5):.0f} / {p99:.0f} / {max(values):.0f}", p99


def p2(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    for size in plan.p2_sizes:
        s = session(size, plan, env)
        limit = 33 if size < 1_000_000 else 40
        idle, idle_p99 = key_stats(s.idle_ms)
        stream, stream_p99 = key_stats(s.stream_ms)
        first, last = s.stream_rows
        timeouts = f"; {s.timeouts} keys showed nothing within 2 s" if s.timeouts else ""
        rows += [
            Row(
                "P2",
                f"key → repaint at {s.rows:,} rows, idle (ms p50 / p99 / max of "
                f"{len(s.idle_ms)} keys: ↑ ↓ PgUp PgDn{timeouts}; app CPU "
                f"{s.idle_cpu_ms:.0f} ms per key)",
                idle,
                f"p99 ≤ {limit}",
                idle_p99 <= limit,
                s.load,
            ),
            Row(
                "P2",
                f"key → repaint at the end of the table while pages arrive ({first:,} → "
                f"{last:,} rows; {s.stream_keys_while_loading} of {len(s.stream_ms)} keys saw "
                f"rows appended; End ↑ PgUp ↓ ↓; app CPU {s.stream_cpu_ms:.0f} ms per key)",
                stream,
                f"p99 ≤ {limit}",
                stream_p99 <= limit,
                s.load,
            ),
        ]
    return rows


def p4(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    for size in plan.p2_sizes:
        s = session(size, plan, env)
        per_row = s.bytes_per_row
        rate = (s.rows - s.base_rows) / s.load_seconds
        rows += [
            Row(
                "P4",
                f"RSS growth per loaded row, {s.base_rows:,} → {s.rows:,} rows (bytes; "
                f"RSS {s.base_rss / 2**20:.0f} → {s.rss / 2**20:.0f} MiB)",
                f"{per_row:.0f}",
                "≤ 700",
                per_row <= 700,
                s.load,
            ),
            Row(
                "P4",
                "loading those rows with End held: rows/s; app CPU per 500 rows (ms)",
                f"{rate:,.0f}; {s.load_cpu * 1000 / ((s.rows - s.base_rows) / 500):.0f}",
                "",
                None,
                s.load,
            ),
        ]
    return rows


def cpu(plan: Plan, env: dict[str, str]) -> list[Row]:
    with EmulatorProcess(600 * (plan.cpu_pages + 2), 0, env) as emu:
        done = subprocess.run(
            [sys.executable, str(HERE / "figures_cpu.py"), emu.url, str(plan.cpu_pages)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
    spent = json.loads(done.stdout.strip().splitlines()[-1])
    value = f"{statistics.median(spent):.1f} ({min(spent):.1f}–{max(spent):.1f})"
    return [
        Row(
            "CPU",
            f"page → rows: thread CPU of `Source.list_engagements` for one 500-row page over "
            f"HTTP (ms, median (range) of {len(spent)})",
            value,
            "≤ 10",
            statistics.median(spent) <= 10,
        )
    ]


def headless(plan: Plan, env: dict[str, str]) -> list[Row]:
    """The old in-process figures, kept for comparison: a headless app holding only the table,
    synthetic rows, keys injected, the clock stopped at frame build."""
    label = "headless (not what the user gets)"
    rows = []
    try:
        keys: list[float] = []
        for _ in range(3):
            keys += worker("p2", 100_000, 60)["key_ms"]
        value, _ = key_stats(keys)
        rows.append(
            Row(
                "P2",
                f"{label}: key → repaint at 100,000 rows (ms p50 / p99 / max)",
                value,
                "",
                None,
            )
        )
        memory = worker("p4", 100_000)
        rows.append(
            Row(
                "P4",
                f"{label}: bytes per row at 100,000 synthetic rows",
                f"{memory['bytes_per_row']:.0f}",
                "",
                None,
            )
        )
    except Exception as error:  # the package's internals move; this must not stop the run
        detail = str(getattr(error, "stderr", "") or error).strip().splitlines()[-1:] or [""]
        rows.append(Row("—", f"{label}: could not run ({detail[0][:120]})", "—", "", None))
    return rows


def idle(plan: Plan, env: dict[str, str]) -> list[Row]:
    return [Row(*figure) for figure in figures_live.idle_rows(env)]


def acks(plan: Plan, env: dict[str, str]) -> list[Row]:
    return [Row(*figure) for figure in figures_live.ack_rows(env)]


def worker(name: str, *args: object) -> dict[str, Any]:
    command = [sys.executable, str(HERE / "run.py"), "--worker", name, *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


FIGURES: dict[str, Callable[[Plan, dict[str, str]], list[Row]]] = {
    "P1": p1,
    "P2": p2,
    "P3": p3,
    "P4": p4,
    "CPU": cpu,
    "IDLE": idle,
    "ACKS": acks,
    "HEADLESS": headless,
}


# --- the table --------------------------------------------------------------------------------


def markdown(rows: list[Row], header: list[str]) -> str:
    lines = [
        *header,
        "",
        "| fig | measure | value | target | pass | load 1m |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.figure} | {r.what} | {r.value} | {r.target} | {verdict(r.ok)} | {r.load} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, 100k rows only")
    parser.add_argument("--only", help="comma-separated figures: " + ",".join(FIGURES))
    parser.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        from app_figures import run_worker

        run_worker(args.worker[0], args.worker[1:])
        return 0
    chosen = [f.strip().upper() for f in args.only.split(",")] if args.only else list(FIGURES)
    unknown = [f for f in chosen if f not in FIGURES]
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(unknown)}; choose from {', '.join(FIGURES)}")
    plan = QUICK if args.quick else FULL
    if not plan.headless and not args.only:
        chosen.remove("HEADLESS")
    # The pty reader thread must get the interpreter lock back quickly to stamp reads.
    sys.setswitchinterval(0.0005)
    rows: list[Row] = []
    began, load_before = time.perf_counter(), loadavg()
    with tempfile.TemporaryDirectory(prefix="engage-bench-") as home:
        env = bench_env(Path(home))
        package = package_under_test(env)
        # As a wheel install does: the app must not compile its modules on every start.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
        for name in chosen:
            t0, before = time.perf_counter(), os.getloadavg()[0]
            print(f"{name}…", file=sys.stderr, flush=True)
            found = FIGURES[name](plan, env)
            for row in found:
                row.load = row.load or f"{before:.1f} → {os.getloadavg()[0]:.1f}"
            rows += found
            print(f"{name} took {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    command = "PYTHONPATH=$PWD .venv/bin/python bench/" + shlex.join(["run.py", *sys.argv[1:]])
    header = [
        f"Benchmarks ({'quick' if args.quick else 'full'} run, "
        f"{time.perf_counter() - began:.0f} s): `{command}`",
        "",
        f"- Machine: {machine()}; load average (1/5/15 min) {load_before} before, "
        f"{loadavg()} after. Other work on the machine shows in the load column.",
        f"- App: `{APP}` running {describe(package)} (byte-compiled first, as an install "
        f"does), in a {SIZE[0]}×{SIZE[1]} pty read by pyte; emulator over HTTP on loopback.",
        f"- The harness itself (pyte parsing every frame) used "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_utime:.0f} s of CPU in this run.",
        "- Times are from spawning or writing the key to the read that put the change on "
        "pyte's screen; medians with (min–max).",
    ]
    table = markdown(rows, header)
    print(table)
    if not args.only and not args.quick:
        (HERE / "results.md").write_text(table)
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
