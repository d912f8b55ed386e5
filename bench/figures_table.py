"""P2 (key → repaint) and P4 (RSS per loaded row) from one session of the shipped app per size.

The session: the emulator holds `rows + stream_reserve` engagements; the app starts with the
user's default settings; End is held until the status bar counts `rows` (P4 is read there, from
/proc/PID/status); then keys are timed idle (the cursor walks away from the end, so nothing is
fetched), then at the end of the table while pages stream in (End every few keys keeps the
cursor within the prefetch distance, so every page appended asks for the next one).
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from harness import ROW_PATTERN, SIZE, EmulatorProcess, PtyApp, TableView

Signature = tuple[int | None, tuple[str | None, str | None, str | None]]

# Idle: one-line and one-page moves, drifting towards the top (-45 rows per cycle).
IDLE_KEYS = ("up", "pageup", "down", "up", "pagedown", "pageup")
# Streaming: End (new rows since the last one, so always a change), then moves near the end.
STREAM_KEYS = ("end", "up", "pageup", "down", "down")


@dataclass
class TableSession:
    """What one session measured."""

    rows_wanted: int
    base_rows: int = 0
    base_rss: int = 0
    rows: int = 0
    rss: int = 0
    peak_rss: int = 0
    load_seconds: float = 0.0
    load_cpu: float = 0.0
    idle_ms: list[float] = field(default_factory=list)
    stream_ms: list[float] = field(default_factory=list)
    stream_rows: tuple[int, int] = (0, 0)  # loaded when the streaming keys began and ended
    stream_keys_while_loading: int = 0
    timeouts: int = 0
    idle_cpu_ms: float = 0.0  # app process CPU per idle key (robust to other load)
    stream_cpu_ms: float = 0.0  # app process CPU per key while pages arrive (parsing included)
    load: str = ""  # 1-minute load average before → after the session

    @property
    def bytes_per_row(self) -> float:
        return (self.rss - self.base_rss) / max(1, self.rows - self.base_rows)


def _settle(app: PtyApp, quiet_s: float = 0.5, timeout: float = 20.0) -> None:
    """Read until the status bar's row count has not changed for `quiet_s`."""
    deadline = time.perf_counter() + timeout
    count, since = app.loaded_count(), time.perf_counter()
    while time.perf_counter() < deadline:
        app.pump(0.05)
        if app.loaded_count() != count:
            count, since = app.loaded_count(), time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            return


def _load(app: PtyApp, rows: int, timeout: float) -> None:
    """Hold End until the status bar counts `rows` (or all are loaded): End is pressed again
    whenever the count has stood still for 0.15 s, as a user holding End keeps the cursor at
    the end (a press per page would spend the time repainting, not loading)."""
    deadline = time.perf_counter() + timeout
    count, since = -1, 0.0
    while time.perf_counter() < deadline:
        now_count = app.loaded_count() or 0
        if now_count >= rows or app.all_loaded():
            return
        now = time.perf_counter()
        if now_count != count:
            count, since = now_count, now
        elif now - since >= 0.15:
            app.press("end")
            since = now
        app.pump(0.03)
    raise RuntimeError(f"loaded only {app.loaded_count()} of {rows} rows in {timeout:.0f} s")


def _expected(key: str, before: Signature) -> Callable[[TableView], bool]:
    """Whether the screen shows what `key` does to the cursor, judged from the table alone."""
    at, (above, line, below) = before

    def seen(table: TableView) -> bool:
        # By content, not position: the app may scroll a line on its own (to keep the tail
        # marker in view), which moves the cursor's line but not the row under it.
        now_at, (now_above, now_line, now_below) = table.signature()
        if now_at is None or now_line is None:
            return False
        if at is None:
            return True
        if key == "down":  # the row below is under the cursor (or, off screen, the old one above)
            return now_line == below if below is not None else now_above == line
        if key == "up":
            return now_line == above if above is not None else now_below == line
        if key == "end":  # a new row under the cursor, and nothing after it is a row
            after = table.body()[now_at + 1 :]
            return now_line != line and not any(ROW_PATTERN.search(t) for t in after)
        return now_line != line  # pageup/pagedown: another row under the cursor

    return seen


def time_key(app: PtyApp, key: str, timeout: float = 2.0) -> float:
    """ms from writing `key` to the read after which the screen shows its effect; NaN if not."""
    table = app.table()
    if table is None:
        return math.nan
    seen = _expected(key, table.signature())
    pressed = app.press(key)

    def done(a: PtyApp) -> bool:
        view = a.table()
        return view is not None and seen(view)

    stamp = app.wait_for(done, timeout)
    return (stamp - pressed) * 1000


def _keys(
    app: PtyApp, cycle: tuple[str, ...], count: int, gap_s: float, session: TableSession
) -> tuple[list[float], int]:
    """Time `count` keys of `cycle`, `gap_s` apart; also how many saw rows appended (the
    status bar's count grew between the key and the next)."""
    timings: list[float] = []
    grew = 0
    for n in range(count):
        before = app.loaded_count()
        key = cycle[n % len(cycle)]
        table = app.table()
        before_sig = table.signature() if table else None
        ms = time_key(app, key)
        if math.isnan(ms):
            session.timeouts += 1
            ms = 2000.0
            if os.environ.get("BENCH_DEBUG"):
                after = app.table()
                print(
                    f"timeout {key}: before {before_sig}\nafter {after and after.signature()}\n"
                    + app.text(),
                    file=sys.stderr,
                )
        timings.append(ms)
        app.drain(gap_s)
        grew += app.loaded_count() != before
    return timings, grew


def table_session(
    rows: int, stream_reserve: int, keys: int, env: dict[str, str], gap_s: float = 0.03
) -> TableSession:
    session = TableSession(rows)
    load_before = os.getloadavg()[0]
    with EmulatorProcess(rows + stream_reserve, 0, env) as emu, PtyApp(emu.url, env, SIZE) as app:
        if math.isnan(app.wait_for(PtyApp.has_footer, 30)):
            raise RuntimeError("engage-tui showed no footer:\n" + app.text())
        app.drain(1.0)
        _settle(app)
        session.base_rows = app.loaded_count() or 0
        session.base_rss = app.rss()
        began, cpu = time.perf_counter(), app.cpu_seconds()
        _load(app, rows, timeout=max(60.0, rows / 1500))
        session.load_seconds = time.perf_counter() - began
        session.load_cpu = app.cpu_seconds() - cpu
        _settle(app, quiet_s=0.5)
        session.rows = app.loaded_count() or 0
        session.rss = app.rss()
        session.peak_rss = app.rss("VmHWM")
        cpu = app.cpu_seconds()
        session.idle_ms, _ = _keys(app, IDLE_KEYS, keys, gap_s, session)
        session.idle_cpu_ms = (app.cpu_seconds() - cpu) * 1000 / keys
        first, cpu = app.loaded_count() or 0, app.cpu_seconds()
        session.stream_ms, session.stream_keys_while_loading = _keys(
            app, STREAM_KEYS, keys, gap_s, session
        )
        session.stream_cpu_ms = (app.cpu_seconds() - cpu) * 1000 / keys
        session.stream_rows = (first, app.loaded_count() or 0)
    session.load = f"{load_before:.1f} → {os.getloadavg()[0]:.1f}"
    return session
