"""`engage-tui emulator`: run the emulator in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from datetime import UTC, datetime
from types import FrameType

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


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="engage-tui emulator",
        description="Serve a local Incident Manager endpoint (SSM Contacts + SSM Incidents) "
        "on 127.0.0.1. Prints the endpoint URL first, then one line per request on stderr.",
    )
    p.add_argument("--port", type=int, default=0, help="TCP port (default: any free port)")
    p.add_argument("--engagements", type=int, default=500, help="number of engagements")
    p.add_argument("--incidents", type=int, default=40, help="number of incident records")
    p.add_argument("--seed", type=int, default=7, help="demo data seed")
    p.add_argument("--latency-ms", type=int, default=0, help="delay added to every request")
    p.add_argument(
        "--anchor",
        type=_anchor,
        default=None,
        help="the demo's 'now' (epoch seconds or ISO 8601; default: start time)",
    )
    p.add_argument("--hostile", action="store_true", help="put hostile text in some rows")
    f = p.add_argument_group("faults")
    f.add_argument(
        "--throttle-every", type=int, default=0, metavar="N", help="throttle every Nth request"
    )
    f.add_argument(
        "--throttle-burst", type=int, default=0, metavar="N", help="throttle the next N requests"
    )
    f.add_argument(
        "--server-error-next",
        type=int,
        default=0,
        metavar="N",
        help="answer the next N requests with InternalServerException (500)",
    )
    f.add_argument(
        "--stall-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="hang one request for S seconds, then answer",
    )
    f.add_argument(
        "--drop-next",
        type=int,
        default=0,
        metavar="N",
        help="close the connection without answering the next N requests",
    )
    f.add_argument(
        "--malformed-next",
        type=int,
        default=0,
        metavar="N",
        help="answer the next N requests with broken JSON (HTTP 200)",
    )
    f.add_argument(
        "--expired-credentials",
        action="store_true",
        help="refuse every request with ExpiredTokenException",
    )
    f.add_argument(
        "--access-denied",
        type=_ops,
        default=set(),
        metavar="OP[,OP]",
        help="refuse these operations with AccessDeniedException",
    )
    f.add_argument(
        "--repeat-token",
        action="store_true",
        help="ListEngagements echoes the NextToken it was given (a server bug)",
    )
    f.add_argument(
        "--fault-ops",
        type=_ops,
        default=None,
        metavar="OP[,OP]",
        help="limit the faults above to these operations",
    )
    return p


def _config(args: argparse.Namespace) -> EmulatorConfig:
    faults = Faults(
        latency_ms=args.latency_ms,
        throttle_every=args.throttle_every,
        throttle_burst=args.throttle_burst,
        server_error_next=args.server_error_next,
        stall_seconds=args.stall_seconds,
        drop_next=args.drop_next,
        malformed_next=args.malformed_next,
        expired_credentials=args.expired_credentials,
        access_denied=args.access_denied,
        repeat_token=args.repeat_token,
        ops=args.fault_ops,
    )
    return EmulatorConfig(
        engagements=args.engagements,
        incidents=args.incidents,
        seed=args.seed,
        hostile=args.hostile,
        port=args.port,
        anchor=args.anchor,
        faults=faults,
    )


def _log(operation: str, status: int, ms: float) -> None:
    shown = status if status else "dropped"
    print(f"{operation} {shown} {ms:.1f}ms", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run until Ctrl-C or SIGTERM; exit 0. Bad flags exit 2 with argparse's message."""
    args = _parser().parse_args(argv)
    for name in ("engagements", "incidents", "latency_ms", "port"):
        if getattr(args, name) < 0:
            _parser().error(f"--{name.replace('_', '-')} must not be negative")
    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    # Handle SIGINT explicitly too: a shell's background job inherits it as ignored.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    emulator = Emulator(_config(args), on_request=_log)
    try:
        print(emulator.start(), flush=True)
        done.wait()
    finally:
        emulator.stop()
    return 0
