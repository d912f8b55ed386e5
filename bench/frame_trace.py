"""Where the slow key → repaint frames go: a timeline of what the app's main thread did between
each key and the frame that showed it, in-process.

    PYTHONPATH=$PWD .venv/bin/python bench/frame_trace.py [ROWS] [--keys N] [--worst N]

The real app (the one factory, default settings) runs headless at 200×50 against `engage-tui
emulator` in its own process over HTTP, loaded to ROWS rows as `cpu_keys.py` does. Keys are
then sent as the terminal driver sends them (not through Pilot, which waits for idle), one at
a time, 30 ms after the previous key's change was rendered, P2's idle and streaming cycles.
A key's latency ends with the first frame, after the key, in which the table was repainted
with the cursor's new row; frames are encoded to terminal bytes as a real terminal's would be
(headless Textual skips that). For the slowest keys it prints what ran in between: message
handlers and timer callbacks over 1 ms, each frame (its time, the widgets repainted, the rows
and columns re-rendered, whether it was a layout), garbage collections, and the main thread's
CPU against the wall clock (CPU ≪ wall: the GIL was with another thread, or the core with
another process).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
import cProfile  # noqa: E402
import pstats  # noqa: E402

sys.path.insert(0, str(HERE))

from cpu_keys import _load  # noqa: E402
from figures_table import IDLE_KEYS, STREAM_KEYS  # noqa: E402
from harness import SIZE, EmulatorProcess, bench_env  # noqa: E402

Event = tuple[float, float, str]  # start, ms, what


@dataclass
class Trace:
    """What the main thread did, stamped with perf_counter()."""

    events: list[Event] = field(default_factory=list)
    frames: list[Event] = field(default_factory=list)
    on_frame: Callable[[set[Any]], None] | None = None
    profile_ms: float = 0.0  # profile frames taking at least this much main-thread CPU
    slow_frames: list[Any] = field(default_factory=list)
    frame_cpu: list[tuple[str, str, float]] = field(default_factory=list)
    render_ms: dict[str, list[float]] = field(default_factory=dict)  # ms, fresh, all lines
    gc_cpu: dict[int, float] = field(default_factory=dict)  # ms of CPU by generation
    why: set[str] = field(default_factory=set)  # widget ids whose full repaints are traced back
    whys: dict[str, int] = field(default_factory=dict)
    handler_cpu: dict[str, list[float]] = field(default_factory=dict)  # count, total, max ms
    profile_handlers: set[str] = field(default_factory=set)  # message names to cProfile
    handler_profiles: list[Any] = field(default_factory=list)
    profiling: Any = None
    main: int = field(default_factory=threading.get_ident)

    def add(self, start: float, what: str, min_ms: float = 1.0) -> None:
        ms = (time.perf_counter() - start) * 1000
        if ms >= min_ms:
            self.events.append((start, ms, what))


def _name(obj: Any) -> str:
    return getattr(obj, "id", None) or type(obj).__name__


def install(trace: Trace, app: Any) -> None:
    """Wrap Textual's dispatch, timers, frames and display, and hook the garbage collector."""
    from textual import message_pump, screen, timer
    from textual._compositor import Compositor
    from textual._styles_cache import StylesCache

    dispatch = message_pump.MessagePump._dispatch_message

    async def traced_dispatch(self: Any, message: Any) -> None:
        if threading.get_ident() != trace.main:
            return await dispatch(self, message)
        start, cpu = time.perf_counter(), time.thread_time()
        kind = type(message).__name__
        profile = None
        if kind in trace.profile_handlers and not trace.profiling:
            trace.profiling = profile = cProfile.Profile()
            profile.enable()
        await dispatch(self, message)
        if profile is not None:
            profile.disable()
            trace.profiling = None
            trace.handler_profiles.append(profile)
        spent = trace.handler_cpu.setdefault(kind, [0, 0.0, 0.0])
        ms = (time.thread_time() - cpu) * 1000
        spent[0] += 1
        spent[1] += ms
        spent[2] = max(spent[2], ms)
        trace.add(start, f"{_name(self)} ← {kind} cpu {ms:.1f}")

    message_pump.MessagePump._dispatch_message = traced_dispatch  # type: ignore[method-assign]

    tick = timer.Timer._tick
    frame: dict[str, Any] = {}

    async def traced_tick(self: Any, *, next_timer: float, count: int) -> None:
        start, cpu = time.perf_counter(), time.thread_time()
        frame.clear()
        wanted = trace.profile_ms and self.name == "screen_update" and not trace.profiling
        profile = cProfile.Profile() if wanted else None
        if profile is not None:
            trace.profiling = profile
            profile.enable()
        await tick(self, next_timer=next_timer, count=count)
        if profile is not None:
            profile.disable()
            trace.profiling = None
            if (time.thread_time() - cpu) * 1000 >= trace.profile_ms:
                trace.slow_frames.append(profile)
        if self.name != "screen_update":
            trace.add(start, f"timer {self.name} {getattr(self._callback, '__name__', '')}")
        elif frame:
            ms = (time.perf_counter() - start) * 1000
            cpu_ms = (time.thread_time() - cpu) * 1000
            layout = "LAYOUT " if frame.get("layout") else ""
            lines = " ".join(f"{k}:{v}" for k, v in sorted(frame.get("lines", {}).items()))
            what = (
                f"frame {layout}[{frame['dirty']}] crop {frame['crop']} cpu {cpu_ms:.1f} "
                f"lines rendered {{{lines}}}"
            )
            trace.frames.append((start, ms, what))
            trace.frame_cpu.append((frame["dirty"], frame["crop"], cpu_ms))

    timer.Timer._tick = traced_tick  # type: ignore[method-assign]

    refresh_layout = screen.Screen._refresh_layout

    def traced_layout(self: Any, size: Any = None, scroll: bool = False) -> None:
        frame["layout"] = not scroll
        refresh_layout(self, size, scroll)

    screen.Screen._refresh_layout = traced_layout  # type: ignore[method-assign]

    compositor_refresh = screen.Screen._compositor_refresh

    def traced_refresh(self: Any) -> None:
        dirty = set(self._dirty_widgets)
        compositor_refresh(self)
        frame["dirty"] = ",".join(sorted({_name(w) for w in dirty}))
        frame["crop"] = getattr(self._compositor, "_last_crop", None)
        self._compositor._last_crop = None
        if trace.on_frame is not None:
            trace.on_frame(dirty)

    screen.Screen._compositor_refresh = traced_refresh  # type: ignore[method-assign]

    render_widget = StylesCache.render_widget

    def traced_render_widget(self: Any, widget: Any, crop: Any) -> Any:
        dirty, cache = self._dirty_lines, self._cache
        fresh = sum(1 for y in crop.line_range if y in dirty or y not in cache)
        if fresh:
            lines = frame.setdefault("lines", {})
            lines[_name(widget)] = lines.get(_name(widget), 0) + fresh
        start = time.perf_counter()
        strips = render_widget(self, widget, crop)
        spent = trace.render_ms.setdefault(_name(widget), [0.0, 0, 0])
        spent[0] += (time.perf_counter() - start) * 1000
        spent[1] += fresh
        spent[2] += crop.height
        return strips

    StylesCache.render_widget = traced_render_widget  # type: ignore[method-assign]

    partial = Compositor.render_partial_update

    def traced_partial(self: Any) -> Any:
        from textual.geometry import Region

        if self._dirty_regions:
            crop = Region.from_union(list(self._dirty_regions))
            self._last_crop = f"{crop.width}x{crop.height}@{crop.x},{crop.y}"
        return partial(self)

    Compositor.render_partial_update = traced_partial  # type: ignore[method-assign]
    full = Compositor.render_full_update

    def traced_full(self: Any, simplify: bool = False) -> Any:
        self._last_crop = "FULL"
        return full(self, simplify)

    Compositor.render_full_update = traced_full  # type: ignore[method-assign]

    display = type(app)._display

    def traced_display(self: Any, screen_: Any, renderable: Any) -> None:
        display(self, screen_, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            start = time.perf_counter()
            renderable.render_segments(self.console)  # what a terminal's _display encodes
            trace.add(start, "encode", 0.0)

    type(app)._display = traced_display  # type: ignore[method-assign]

    from textual.widget import Widget

    widget_refresh = Widget.refresh

    def traced_widget_refresh(self: Any, *regions: Any, **kwargs: Any) -> Any:
        if trace.why and not regions and kwargs.get("repaint", True) and _name(self) in trace.why:
            stack = traceback.extract_stack(limit=8)[:-1]
            where = " < ".join(f"{Path(f.filename).stem}.{f.name}:{f.lineno}" for f in stack[::-1])
            trace.whys[f"{_name(self)}: {where}"] = trace.whys.get(f"{_name(self)}: {where}", 0) + 1
        return widget_refresh(self, *regions, **kwargs)

    Widget.refresh = traced_widget_refresh  # type: ignore[method-assign]

    gc_start: list[float] = [0.0, 0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_start[:] = [time.perf_counter(), time.thread_time()]
        else:
            cpu = (time.thread_time() - gc_start[1]) * 1000
            where = "" if threading.get_ident() == trace.main else " in a thread"
            what = f"gc gen{info['generation']} ({info['collected']} freed){where} cpu {cpu:.1f}"
            trace.add(gc_start[0], what, 0.5)
            trace.gc_cpu[info["generation"]] = trace.gc_cpu.get(info["generation"], 0.0) + cpu

    gc.callbacks.append(on_gc)


@dataclass
class Key:
    key: str
    sent: float
    done: float = float("nan")
    cpu_ms: float = 0.0

    @property
    def ms(self) -> float:
        return (self.done - self.sent) * 1000


async def run_keys(app: Any, trace: Trace, cycle: tuple[str, ...], count: int) -> list[Key]:
    """Send `count` keys of `cycle` as a terminal would; each timed to the frame showing it."""
    from textual import events

    table = app.screen.table
    keys: list[Key] = []
    for n in range(count):
        name = cycle[n % len(cycle)]
        before = (table.cursor_row, table.shown_count)
        shown = asyncio.get_running_loop().create_future()

        def on_frame(dirty: set[Any], before: tuple[int, int] = before, f: Any = shown) -> None:
            moved = (table.cursor_row, table.shown_count) != before
            if moved and table in dirty and not f.done():
                f.set_result(time.perf_counter())

        trace.on_frame = on_frame
        key = Key(name, time.perf_counter())
        cpu = time.thread_time()
        event = events.Key(name, None)
        event.set_sender(app)
        app._driver.send_message(event)
        with contextlib.suppress(TimeoutError):
            key.done = await asyncio.wait_for(shown, 2.0)
        key.cpu_ms = (time.thread_time() - cpu) * 1000
        keys.append(key)
        await asyncio.sleep(0.03)
    trace.on_frame = None
    return keys


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def report(label: str, keys: list[Key], trace: Trace, worst: int) -> None:
    timed = [k.ms for k in keys if k.ms == k.ms]
    cpu = [k.cpu_ms for k in keys]
    print(
        f"\n== {label}: {len(timed)}/{len(keys)} keys; wall p50 {_pct(timed, 50):.1f} "
        f"p90 {_pct(timed, 90):.1f} p99 {_pct(timed, 99):.1f} max {max(timed):.1f} ms; "
        f"main-thread CPU key → frame p50 {_pct(cpu, 50):.1f} p90 {_pct(cpu, 90):.1f} "
        f"p99 {_pct(cpu, 99):.1f} max {max(cpu):.1f} ms"
    )
    kinds: dict[tuple[str, str], list[float]] = {}
    for dirty, crop, ms in trace.frame_cpu:
        kinds.setdefault((dirty, crop), []).append(ms)
    print(f"   {len(trace.frame_cpu)} frames, {sum(c for *_, c in trace.frame_cpu):.0f} ms CPU:")
    for (dirty, crop), cpus in sorted(kinds.items(), key=lambda kv: -sum(kv[1]))[:12]:
        print(
            f"   {len(cpus):4d} × [{dirty}] {crop}: mean {statistics.mean(cpus):.1f} "
            f"max {max(cpus):.1f} ms CPU"
        )
    print("   handlers by message (count, total and max ms of main-thread CPU):")
    for kind, (count, total, most) in sorted(trace.handler_cpu.items(), key=lambda kv: -kv[1][1])[
        :8
    ]:
        print(f"   {count:5.0f} {total:7.0f} {most:6.1f}  {kind}")
    gcs = ", ".join(f"gen{g} {ms:.0f} ms" for g, ms in sorted(trace.gc_cpu.items()))
    print(f"   garbage collection CPU (any thread): {gcs}")
    print("   rendering by widget (ms, lines re-rendered, lines passed through the styles cache):")
    for name, (ms, fresh, lines) in sorted(trace.render_ms.items(), key=lambda kv: -kv[1][0]):
        print(f"   {ms:8.0f} ms {fresh:7.0f} {lines:7.0f}  {name}")
    for key in sorted(keys, key=lambda k: -k.ms if k.ms == k.ms else 0)[:worst]:
        print(f"-- {key.key}: {key.ms:.1f} ms (main CPU {key.cpu_ms:.1f})")
        end = key.done if key.done == key.done else key.sent + 2
        for start, ms, what in sorted(trace.events + trace.frames):
            if key.sent - 0.2 <= start <= end:
                print(f"   {(start - key.sent) * 1000:+7.1f} {ms:6.1f}  {what}")


async def session(
    url: str, rows: int, keys: int, worst: int, profile_ms: float, why: set[str], handlers: set[str]
) -> None:
    from engage_tui.aws.source import Source
    from engage_tui.cli import build_app, parser, resolve

    launch = resolve(parser().parse_args(["--endpoint-url", url, "--region", "us-east-1"]))
    app = build_app(Source.for_endpoint(url), launch)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        while screen.feed.loaded == 0:
            await pilot.pause(0.05)
        await _load(pilot, screen, rows, timeout=max(120.0, rows / 500))
        await pilot.pause(1.0)
        trace = Trace(profile_ms=profile_ms, why=why, profile_handlers=handlers)
        install(trace, app)
        print(f"unfrozen objects tracked by gc: {len(gc.get_objects()):,}")
        idle = await run_keys(app, trace, IDLE_KEYS, keys)
        report("idle", idle, trace, worst)
        trace.events.clear()
        trace.frames.clear()
        trace.frame_cpu.clear()
        trace.render_ms.clear()
        trace.gc_cpu.clear()
        trace.handler_cpu.clear()
        stream = await run_keys(app, trace, STREAM_KEYS, keys)
        report("streaming", stream, trace, worst)
        print(f"unfrozen objects tracked by gc: {len(gc.get_objects()):,}")
        for where, count in sorted(trace.whys.items(), key=lambda kv: -kv[1])[:20]:
            print(f"{count:5d} full repaints of {where}")
        if trace.handler_profiles:
            stats = pstats.Stats(trace.handler_profiles[0])
            for more in trace.handler_profiles[1:]:
                stats.add(more)
            print(f"\n{len(trace.handler_profiles)} handlers of {', '.join(handlers)} (cProfile):")
            stats.dump_stats("/tmp/frame_trace_handlers.prof")
            stats.sort_stats("cumulative").print_stats(40)
        if trace.slow_frames:
            stats = pstats.Stats(trace.slow_frames[0])
            for more in trace.slow_frames[1:]:
                stats.add(more)
            print(f"\n{len(trace.slow_frames)} frames over {profile_ms} ms CPU (cProfile):")
            stats.dump_stats("/tmp/frame_trace.prof")
            print("(all of it in /tmp/frame_trace.prof)")
            stats.sort_stats("cumulative").print_stats(40)


def _names(text: str) -> set[str]:
    return set(filter(None, text.split(",")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int, nargs="?", default=100_000)
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--worst", type=int, default=6)
    ap.add_argument("--why", default="", help="comma-separated widget ids: who repaints them")
    ap.add_argument("--profile-handlers", default="", help="comma-separated message names")
    ap.add_argument("--profile-ms", type=float, default=0.0, help="cProfile frames over this CPU")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="engage-trace-") as home:
        env = bench_env(Path(home))
        os.environ.clear()
        os.environ.update(env)
        load = os.getloadavg()[0]
        with EmulatorProcess(args.rows + 60_000, 0, env) as emu:
            asyncio.run(
                session(
                    emu.url,
                    args.rows,
                    args.keys,
                    args.worst,
                    args.profile_ms,
                    _names(args.why),
                    _names(args.profile_handlers),
                )
            )
    print(f"\nload avg {load:.1f} → {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
