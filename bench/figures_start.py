"""P1 (time to the first row and the first usable frame, beside the aws CLI) and P3 (PageDown
held from the moment the UI appears), on the shipped console script in a pty.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass

from harness import SIZE, EmulatorProcess, PtyApp, aws_first_byte


@dataclass(frozen=True)
class StartRun:
    """One cold start of the app: seconds from spawn to each sight."""

    first_row: float
    usable: float


def app_start(url: str, env: dict[str, str], timeout: float = 30.0) -> StartRun:
    """Spawn the app; time its first row (pre-frame or table) and its first usable frame."""
    with PtyApp(url, env, SIZE) as app:
        row = usable = math.nan

        def news(a: PtyApp) -> bool:  # something not seen before is on screen now
            return (math.isnan(row) and a.has_row()) or (math.isnan(usable) and a.has_footer())

        deadline = time.perf_counter() + timeout
        while (math.isnan(row) or math.isnan(usable)) and time.perf_counter() < deadline:
            if not app.pump(0.05, news):
                if app.closed:
                    break
                continue
            if math.isnan(row) and app.has_row():
                row = app.last_read - app.began
            if math.isnan(usable) and app.has_footer():
                usable = app.last_read - app.began
        if math.isnan(row) or math.isnan(usable):
            raise RuntimeError("engage-tui showed no row or no footer:\n" + app.text())
    return StartRun(row, usable)


@dataclass(frozen=True)
class P1Result:
    latency_ms: int
    app: list[StartRun]
    aws: list[float]

    def rows_s(self) -> list[float]:
        return [r.first_row for r in self.app]

    def usable_s(self) -> list[float]:
        return [r.usable for r in self.app]

    def ratio(self, app_s: list[float]) -> float:
        return statistics.median(app_s) / statistics.median(self.aws)

    def pair_ratios(self, app_s: list[float]) -> list[float]:
        return [a / b for a, b in zip(app_s, self.aws, strict=True)]


def p1(
    latencies: tuple[int, ...], runs: int, engagements: int, env: dict[str, str]
) -> list[P1Result]:
    """Per latency: one warm-up of each, then `runs` pairs, the order alternating per pair."""
    results = []
    for latency in latencies:
        with EmulatorProcess(engagements, latency, env) as emu:
            app_start(emu.url, env)  # warm the page cache for both; not counted
            aws_first_byte(emu.url, env)
            apps: list[StartRun] = []
            aws: list[float] = []
            for n in range(runs):
                if n % 2:
                    aws.append(aws_first_byte(emu.url, env))
                    apps.append(app_start(emu.url, env))
                else:
                    apps.append(app_start(emu.url, env))
                    aws.append(aws_first_byte(emu.url, env))
        results.append(P1Result(latency, apps, aws))
    return results


# --- P3: PageDown held from the moment the UI appears -----------------------------------------


@dataclass(frozen=True)
class P3Run:
    presses: int
    landings: int
    seconds: float
    rows: int | None
    reached_end: bool
    first_landing_s: float  # seconds after the first press of the first landing (NaN: none)


def pagedown_run(url: str, env: dict[str, str], interval_s: float, limit: int) -> P3Run:
    """Press PageDown every `interval_s` from the first usable frame until the end of results
    is reached; before each press, judge what the last one led to (the screen the user sees
    when they press again): a landing is the cursor right above the "loading" tail line."""
    with PtyApp(url, env, SIZE) as app:
        if math.isnan(app.wait_for(PtyApp.has_footer, 30)):
            raise RuntimeError("engage-tui showed no footer:\n" + app.text())
        began = beat = time.perf_counter()
        presses = landings = 0
        first_landing = math.nan
        reached_end = False
        while presses < limit:
            app.press("pagedown")
            presses += 1
            beat += interval_s
            app.drain(beat - time.perf_counter())
            table = app.table()
            if table is None:
                continue
            if table.marker_below_cursor("loading"):
                landings += 1
                if math.isnan(first_landing):
                    first_landing = time.perf_counter() - began
            if table.marker_below_cursor("end of results"):
                reached_end = True
                break
        seconds = time.perf_counter() - began
        rows = app.loaded_count()
    return P3Run(presses, landings, seconds, rows, reached_end, first_landing)


def p3(
    latencies: tuple[int, ...], runs: int, engagements: int, env: dict[str, str]
) -> dict[int, list[P3Run]]:
    limit = engagements // 20 + 200  # PageDown moves ~45 rows at this size; a generous bound
    results: dict[int, list[P3Run]] = {}
    for latency in latencies:
        with EmulatorProcess(engagements, latency, env) as emu:
            results[latency] = [pagedown_run(emu.url, env, 0.03, limit) for _ in range(runs)]
    return results
