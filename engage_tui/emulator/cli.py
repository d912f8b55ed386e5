"""`engage-tui emulator`: run the emulator in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType
from typing import Any, TextIO

from engage_tui.emulator.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.faults import Faults


def _ops(text: str) -> set[str]:
    return {op.strip() for op in text.split(",") if op.strip()}


def _anchor(text: str) -> datetime:
    """Epoch seconds or an ISO 8601 time with a zone."""
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except ValueError:
        pass
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a time: {text!r}") from exc
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("the anchor needs a time zone, e.g. 2024-05-01T12:00Z")
    return value


@dataclass(frozen=True)
class Flag:
    """One command-line flag: its name, type (or "switch"), default, metavar and help."""

    name: str
    kind: Any
    default: Any
    help: str
    metavar: str | None = None
    field: str | None = None

    @property
    def dest(self) -> str:
        return self.field or self.name.removeprefix("--").replace("-", "_")

    def add_to(self, group: argparse._ActionsContainer) -> None:
        if self.kind == "switch":
            group.add_argument(self.name, dest=self.dest, action="store_true", help=self.help)
        else:
            group.add_argument(
                self.name,
                dest=self.dest,
                type=self.kind,
                default=self.default,
                metavar=self.metavar,
                help=self.help,
            )


DATA = (
    Flag("--port", int, 0, "TCP port (default: any free port)"),
    Flag("--engagements", int, 500, "number of engagements (the story: of its background)"),
    Flag("--incidents", int, 40, "number of incident records (the story: of its background)"),
    Flag("--seed", int, 7, "demo data seed"),
    Flag("--latency-ms", int, 0, "delay added to every request"),
    Flag(
        "--anchor",
        _anchor,
        None,
        "the demo's 'now' (epoch seconds or ISO 8601; default: start time)",
    ),
    Flag("--arrive-every", float, 0.0, "a new engagement at the head every S seconds", "S"),
    Flag("--story", "switch", False, "serve the scripted live incident (what --demo shows)"),
    Flag(
        "--request-log",
        str,
        None,
        "append a JSON line per request: time, operation, the engagement or page it names",
        "PATH",
    ),
)
# Each of these is a field of Faults with the same name (dashes for underscores).
FAULTS = (
    Flag("--hostile", "switch", False, "hostile text in every text field, and in some ARNs/IDs"),
    Flag(
        "--skew",
        "switch",
        False,
        "clock skew: a future start, a stop before its start, an early READ",
    ),
    Flag("--unordered-receipts", "switch", False, "list receipts newest first"),
    Flag("--naive-times", "switch", False, "send timestamps as ISO 8601 strings without a zone"),
    Flag("--throttle-every", int, 0, "throttle every Nth request", "N"),
    Flag("--throttle-burst", int, 0, "throttle the next N requests", "N"),
    Flag("--server-error-next", int, 0, "answer the next N requests with a 500", "N"),
    Flag("--stall-seconds", float, 0.0, "hang one request for S seconds, then answer", "S"),
    Flag("--drop-next", int, 0, "close the connection without answering the next N requests", "N"),
    Flag("--malformed-next", int, 0, "answer the next N requests with broken JSON (200)", "N"),
    Flag("--drip-next", int, 0, "send the next N bodies one byte every --drip-seconds", "N"),
    Flag("--drip-seconds", float, 1.0, "seconds between the bytes of a dripping body", "S"),
    Flag("--empty-pages-next", int, 0, "the next N listings: no rows, but a NextToken", "N"),
    Flag(
        "--duplicate-pages-next", int, 0, "the next N follow-up pages repeat the page before", "N"
    ),
    Flag(
        "--expired-credentials", "switch", False, "refuse every request with ExpiredTokenException"
    ),
    Flag("--access-denied", _ops, set(), "refuse these operations with AccessDenied", "OP[,OP]"),
    Flag("--repeat-token", "switch", False, "ListEngagements echoes the NextToken it was given"),
    Flag(
        "--fault-ops", _ops, None, "limit per-request faults to these operations", "OP[,OP]", "ops"
    ),
)
_NON_NEGATIVE = ("port", "engagements", "incidents", "latency_ms", "arrive_every")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="engage-tui emulator",
        description="Serve a local Incident Manager endpoint (SSM Contacts + SSM Incidents) "
        "on 127.0.0.1. Prints the endpoint URL first, then one line per request on stderr.",
    )
    for flag in DATA:
        flag.add_to(p)
    group = p.add_argument_group("faults (data faults hold for every operation)")
    for flag in FAULTS:
        flag.add_to(group)
    return p


def _config(args: argparse.Namespace) -> EmulatorConfig:
    faults = Faults(latency_ms=args.latency_ms, **{f.dest: getattr(args, f.dest) for f in FAULTS})
    return EmulatorConfig(
        engagements=args.engagements,
        incidents=args.incidents,
        seed=args.seed,
        port=args.port,
        anchor=args.anchor,
        arrive_every=args.arrive_every,
        story=args.story,
        faults=faults,
    )


def _log(operation: str, status: int, ms: float) -> None:
    shown = status if status else "dropped"
    print(f"{operation} {shown} {ms:.1f}ms", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run until Ctrl-C or SIGTERM; exit 0. Bad flags exit 2 with argparse's message."""
    parser = _parser()
    args = parser.parse_args(argv)
    for name in _NON_NEGATIVE:
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    # Handle SIGINT explicitly too: a shell's background job inherits it as ignored.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    with contextlib.ExitStack() as stack:
        record = None
        if args.request_log:
            record = _request_log(stack.enter_context(open(args.request_log, "a")))
        emulator = Emulator(_config(args), on_request=_log, on_record=record)
        try:
            print(emulator.start(), flush=True)
            done.wait()
        finally:
            emulator.stop()
    return 0


def _request_log(out: TextIO) -> Callable[[str, dict[str, Any]], None]:
    """A JSON line per request, written at once (a benchmark reads it while we run): when,
    which operation, and the engagement or page it names. No header, token or other value."""

    def record(operation: str, params: dict[str, Any]) -> None:
        named = params.get("EngagementId") or params.get("PageId")
        line = {"t": time.time(), "op": operation, "id": named if isinstance(named, str) else None}
        out.write(json.dumps(line) + "\n")
        out.flush()

    return record
