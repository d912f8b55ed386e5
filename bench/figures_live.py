"""The live view's figures, from the shipped app in a pty against the emulator process:

- IDLE: the app's CPU with the watch on and nothing arriving (a frozen dataset, so every look
  finds page one unchanged), over 30 s once the first screen has settled;
- ACKS: PageDown held (every 30 ms) from the top through 2,000 rows with the Ack column on:
  how many engagements the Ack column asked about against what its rate limit allows, and how
  many engagements' pages were fetched twice.

What the app sent is read from the emulator's `--request-log` (a JSON line per request: time,
operation, the engagement or page it names), so it is counted from outside the app.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness import SIZE, EmulatorProcess, PtyApp

# The app's defaults (config.toml `ack_rate`, and its token bucket's burst of one second).
ACK_RATE = 5.0
ACK_BURST = 5.0
IDLE_ENGAGEMENTS = 5_000
ACKS_ROWS = 2_000
PRESS_EVERY_S = 0.03


def _log_lines(path: Path, since: float = 0.0, until: float = math.inf) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [line for line in lines if since <= line["t"] <= until]


def _settle(app: PtyApp, log: Path, quiet_s: float = 3.0, timeout: float = 60.0) -> None:
    """Read the screen until the app has sent nothing but looks at page one for `quiet_s`
    (the first page, names, the detail and the first screen's acknowledgements are in)."""
    began = time.time()
    while time.time() - began < timeout:
        app.pump(0.1)
        busy = [line["t"] for line in _log_lines(log) if line["op"] != "ListEngagements"]
        last = max(busy, default=began)
        if time.time() - last >= quiet_s and time.time() - began >= quiet_s:
            return
    raise RuntimeError(f"the app kept sending requests for {timeout:.0f} s")


def _started(app: PtyApp) -> None:
    if math.isnan(app.wait_for(PtyApp.has_footer, 30)):
        raise RuntimeError("engage-tui showed no footer:\n" + app.text())


@dataclass(frozen=True)
class IdleCpu:
    seconds: float
    cpu_s: float
    looks: int
    other_requests: int
    status: str

    @property
    def percent(self) -> float:
        return 100.0 * self.cpu_s / self.seconds


def idle_cpu(env: dict[str, str], seconds: float = 30.0) -> IdleCpu:
    """CPU of the app process over `seconds` while it watches a list where nothing arrives."""
    log = Path(env["HOME"]) / "requests-idle.jsonl"
    flags = ("--request-log", str(log))
    with EmulatorProcess(IDLE_ENGAGEMENTS, 0, env, flags) as emu, PtyApp(emu.url, env, SIZE) as app:
        _started(app)
        _settle(app, log)
        status = app.status()
        if "live ·" not in status:
            raise RuntimeError(f"the watch is not on: {status!r}")
        began, cpu = time.time(), app.cpu_seconds()
        app.drain(seconds)
        spent, ended = app.cpu_seconds() - cpu, time.time()
    sent = _log_lines(log, began, ended)
    looks = sum(line["op"] == "ListEngagements" for line in sent)
    return IdleCpu(ended - began, spent, looks, len(sent) - looks, status.strip())


@dataclass(frozen=True)
class AckRequests:
    seconds: float
    presses: int
    reached_end: bool
    asked: int  # engagements whose pages the Ack column asked for
    receipts: int  # ListPageReceipts requests alongside
    described: int  # engagements described (the detail panel, or a look's recheck)
    twice: int  # engagements whose pages were asked for more than once

    @property
    def allowed(self) -> float:
        return ACK_RATE * self.seconds + ACK_BURST


def pagedown_acks(env: dict[str, str], rows: int = ACKS_ROWS) -> AckRequests:
    """Hold PageDown from the top to the end of `rows` engagements; count what was asked."""
    log = Path(env["HOME"]) / "requests-acks.jsonl"
    flags = ("--request-log", str(log))
    with EmulatorProcess(rows, 0, env, flags) as emu, PtyApp(emu.url, env, SIZE) as app:
        _started(app)
        _settle(app, log)
        began = time.time()
        beat = time.perf_counter()
        presses, reached_end = 0, False
        while presses < rows // 20 + 200 and not reached_end:
            app.press("pagedown")
            presses += 1
            beat += PRESS_EVERY_S
            app.drain(beat - time.perf_counter())
            table = app.table()
            reached_end = table is not None and table.marker_below_cursor("end of results")
        app.drain(1.0)  # the requests for the last screen go out after the key is let go
        ended = time.time()
    sent = _log_lines(log, began, ended)
    described = {line["id"] for line in sent if line["op"] == "DescribeEngagement"}
    pages = Counter(
        line["id"]
        for line in sent
        if line["op"] == "ListPagesByEngagement" and line["id"] not in described
    )
    receipts = sum(line["op"] == "ListPageReceipts" for line in sent)
    twice = sum(count > 1 for count in pages.values())
    return AckRequests(
        ended - began, presses, reached_end, sum(pages.values()), receipts, len(described), twice
    )


Figure = tuple[str, str, str, str, bool | None]


def idle_rows(env: dict[str, str]) -> list[Figure]:
    r = idle_cpu(env)
    what = (
        f"idle CPU with the watch on and nothing arriving ({IDLE_ENGAGEMENTS:,} engagements, "
        f"{r.seconds:.0f} s after the first screen settled; {r.looks} looks, "
        f"{r.other_requests} other requests; % of one core)"
    )
    return [("IDLE", what, f"{r.percent:.2f} %", "< 2 %", r.percent < 2.0)]


def ack_rows(env: dict[str, str]) -> list[Figure]:
    r = pagedown_acks(env)
    reach = "" if r.reached_end else " — did not reach the end"
    what = (
        f"PageDown every {PRESS_EVERY_S * 1000:.0f} ms through {ACKS_ROWS:,} rows with the Ack "
        f"column ({r.presses} presses, {r.seconds:.1f} s incl. 1 s after{reach}): engagements "
        f"asked (+{r.receipts} ListPageReceipts; {r.described} described, not counted) vs "
        f"{ACK_RATE:g}/s × {r.seconds:.1f} s + burst {ACK_BURST:g}"
    )
    return [
        ("ACKS", what, f"{r.asked} ≤ {r.allowed:.0f}", "≤ limit", r.asked <= r.allowed),
        (
            "ACKS",
            "…engagements whose pages were fetched twice (detail panel excluded)",
            str(r.twice),
            "0",
            r.twice == 0 and r.reached_end,
        ),
    ]
