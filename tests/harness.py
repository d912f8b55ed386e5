"""Build the real app against an emulator and wait for what the user would wait for."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any
from weakref import WeakKeyDictionary

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Region
from textual.pilot import Pilot

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve


def make_app(url: str, *flags: str, watch: bool = False, **source_options: Any):  # type: ignore[no-untyped-def]
    """The app exactly as `engage-tui FLAGS` builds it, talking to the emulator at `url`.

    The live view is off unless `watch`: its looks at page one would otherwise interleave with
    the requests a test counts.
    """
    launch = resolve(parser().parse_args([*flags, *([] if watch else ["--no-watch"])]))
    # A read timeout well above what a loaded 2-core machine needs for the in-process emulator's
    # answer: a test that wants a timeout asks for a short one itself.
    options = {"max_attempts": 2, "read_timeout": 10.0, **source_options}
    return record_toasts(build_app(Source.for_endpoint(url, **options), launch, demo=True))


_TOASTS: WeakKeyDictionary[Any, list[str]] = WeakKeyDictionary()


def record_toasts(app: Any) -> Any:
    """Keep every toast `app` shows (title and message), by wrapping the public `App.notify`."""
    shown = _TOASTS.setdefault(app, [])
    notify = app.notify

    def recording(message: str, *, title: str = "", **options: Any) -> None:
        shown.append(f"{title}\n{message}" if title else str(message))
        notify(message, title=title, **options)

    app.notify = recording
    return app


def toasts(app: Any) -> str:
    """Every toast shown so far, one per line (title above message)."""
    return "\n".join(_TOASTS.get(app, []))


def _busy(app: Any) -> bool:
    return any(worker.is_running for worker in app.workers) or any(
        worker.is_running for screen in app.screen_stack for worker in screen.workers
    )


async def settle(pilot: Pilot[Any], *, rounds: int = 1000) -> None:
    """Let every running worker finish (cancelled ones too) and their messages be handled."""
    for _ in range(rounds):
        await pilot.pause()
        if not _busy(pilot.app):
            await pilot.pause()
            if not _busy(pilot.app):
                return
        await pilot.pause(0.005)
    raise AssertionError("workers still running after a long wait")


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], bool], *, rounds: int = 200
) -> None:
    """Pump the app until `condition()` holds (bounded; fails loudly instead of hanging)."""
    for _ in range(rounds):
        if condition():
            return
        await settle(pilot)
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


def screen_text(app: Any) -> str:
    """Everything on screen as plain text, the way a user reads it.

    Read back from Textual's public screenshot (the SVG the snapshot tests use): each text run
    carries its column (`x` over the cell width) and its line (the clip-path id).
    """
    width, height = app.size
    runs: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, length, line, escaped in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(escaped).replace("\xa0", " ")
        runs[int(line)].append((round(float(x) * len(text) / float(length)), text))
    return "\n".join(_line(sorted(line), width) for line in runs)


def rendered_segments(app: Any) -> Iterator[Segment]:
    """Every segment the widgets of the current screen render, through public `render_lines`."""
    for widget in app.screen.walk_children(with_self=True):
        width, height = widget.outer_size
        if widget.display and width and height:
            for strip in widget.render_lines(Region(0, 0, width, height)):
                yield from strip


_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="([\d.]+)" '
    r'clip-path="url\(#[^"]*-line-(\d+)\)">(.*?)</text>'
)


def _line(runs: list[tuple[int, str]], width: int) -> str:
    parts: list[str] = []
    cell = 0
    for column, text in runs:
        parts.append(" " * max(0, column - cell) + text)
        cell = max(cell, column) + cell_len(text)
    parts.append(" " * max(0, width - cell))
    return "".join(parts)
