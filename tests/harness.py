"""Build the real app against an emulator and wait for what the user would wait for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve


def make_app(url: str, *flags: str, watch: bool = False, **source_options: Any):  # type: ignore[no-untyped-def]
    """The app exactly as `engage-tui FLAGS` builds it, talking to the emulator at `url`.

    The live view is off unless `watch`: its looks at page one would otherwise interleave with
    the requests a test counts.
    """
    launch = resolve(parser().parse_args([*flags, *([] if watch else ["--no-watch"])]))
    options = {"max_attempts": 2, "read_timeout": 2.0, **source_options}
    return build_app(Source.for_endpoint(url, **options), launch, demo=True)


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

    Textual has no public text export: its public screenshot (SVG) parsed back costs ~115 ms a
    call, which dozens of waits per test can't afford, so this one helper reads the compositor.
    """
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)
