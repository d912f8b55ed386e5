"""`engage-tui export`: every engagement of a query to CSV, JSON or JSON Lines, for scripts.

Streams rows as pages arrive (constant memory), shows progress on stderr only when stderr is a
terminal, and on failure flushes what it wrote, says why in one line and exits non-zero.
--since/--until are read in UTC (the same rows wherever the script runs) unless --local.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TextIO

from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.sanitize import safe_text
from engage_tui.share.export import Format, format_for
from engage_tui.share.export_job import ExportStopped, Progress, export_query
from engage_tui.share.stream import ACK_RATE, PAGE_SIZE

PROG = "engage-tui export"


class ExportFailed(Exception):
    """A reason to stop that the user can act on; `code` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Write every engagement of a query to CSV, JSON or JSON Lines.",
        epilog="Example: engage-tui export --since 7d --with-acks -o last-week.csv",
    )
    p.add_argument(
        "--since",
        metavar="WHEN",
        help="start of the range, in UTC unless --local: 2h, yesterday, '2026-11-20 14:00'",
    )
    p.add_argument("--until", metavar="WHEN", help="end of the range (default: now)")
    p.add_argument("--local", action="store_true", help="read --since/--until in the local zone")
    p.add_argument("--incident", metavar="ARN", help="only this incident's engagements")
    p.add_argument("--format", choices=[f.value for f in Format], help="default: from FILE, or csv")
    p.add_argument("--output", "-o", metavar="FILE", default="-", help="file, or - for stdout")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument(
        "--with-acks",
        action="store_true",
        help="add acknowledgement columns (one ListPagesByEngagement per row, paced)",
    )
    p.add_argument(
        "--ack-rate",
        type=float,
        default=ACK_RATE,
        metavar="N",
        help=f"rows looked up per second for --with-acks (default {ACK_RATE:g})",
    )
    p.add_argument(
        "--page-size",
        type=int,
        default=PAGE_SIZE,
        metavar="N",
        help=f"rows per request, 1–1024 (default {PAGE_SIZE})",
    )
    p.add_argument("--profile", help="AWS profile (default: AWS_PROFILE / config.toml)")
    p.add_argument("--region", help="AWS region (default: AWS_REGION / profile / config.toml)")
    p.add_argument("--endpoint-url", help="send SSM Contacts requests here")
    return p


@dataclass(frozen=True)
class Plan:
    """What to export, where and how, resolved from the flags."""

    query: Query
    fmt: Format
    output: str
    force: bool
    with_acks: bool
    ack_rate: float
    page_size: int


def plan(args: argparse.Namespace, now: datetime, zone: tzinfo) -> Plan:
    """The flags checked and resolved; ExportFailed (status 2) names the one to fix."""
    from engage_tui import timerange

    if args.incident is not None and not (
        args.incident.startswith("arn:") and ":incident-record/" in args.incident
    ):
        raise ExportFailed(f"--incident {args.incident!r} is not an incident record ARN", 2)
    if not 1 <= args.page_size <= 1024:
        raise ExportFailed(f"--page-size {args.page_size}: must be between 1 and 1024", 2)
    if not 0 < args.ack_rate <= 100:
        raise ExportFailed(f"--ack-rate {args.ack_rate:g}: must be above 0 and at most 100", 2)
    try:
        selection = timerange.selection_from_flags(args.since, args.until, now=now, tz=zone)
    except timerange.TimeRangeError as error:
        raise ExportFailed(str(error), 2) from None
    fmt = Format(args.format) if args.format else None
    if fmt is None:
        fmt = (format_for(args.output) if args.output != "-" else None) or Format.CSV
    return Plan(
        query=Query(args.incident, selection.resolve(now, zone)),
        fmt=fmt,
        output=args.output,
        force=args.force,
        with_acks=args.with_acks,
        ack_rate=args.ack_rate,
        page_size=args.page_size,
    )


def make_source(args: argparse.Namespace) -> Source:
    """A Source for the flags, falling back to config.toml as the browser does."""
    from engage_tui import config

    settings, warnings = config.load_settings()
    for warning in warnings:
        print(f"{PROG}: {safe_text(warning)}", file=sys.stderr)
    return Source(
        profile=args.profile or settings.profile,
        region=args.region or settings.region,
        endpoint_url=args.endpoint_url or settings.endpoint_url,
    )


def open_output(path: str, force: bool, stack: ExitStack) -> TextIO:
    """UTF-8 text to stdout or to `path`; an existing file only with --force."""
    if path == "-":
        sys.stdout.flush()
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        stack.callback(out.detach)  # leave sys.stdout itself open for the interpreter
        return out
    try:
        return stack.enter_context(open(path, "w" if force else "x", encoding="utf-8", newline=""))
    except FileExistsError:
        raise ExportFailed(f"{path} already exists; add --force to overwrite it", 2) from None
    except OSError as error:
        raise ExportFailed(f"can't write {path}: {error.strerror or error}", 2) from None


class Meter:
    """`1,200 rows · 6 pages` on stderr, redrawn in place, only when stderr is a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.on = stream.isatty()

    def __call__(self, progress: Progress) -> None:
        if self.on:
            self.stream.write(f"\r\x1b[K{progress.rows:,} rows · {progress.pages:,} pages")
            self.stream.flush()

    def done(self) -> None:
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def run(args: argparse.Namespace, now: datetime) -> int:
    """The export itself; raises ExportFailed to stop."""
    zone: tzinfo = UTC
    if args.local:
        from engage_tui.zones import local_zone

        zone = local_zone()
    job = plan(args, now, zone)
    source = make_source(args)
    meter = Meter(sys.stderr)
    with ExitStack() as stack:
        stream = open_output(job.output, job.force, stack)
        stack.callback(meter.done)
        try:
            done = export_query(
                source,
                job.query,
                job.fmt,
                stream,
                with_acks=job.with_acks,
                ack_rate=job.ack_rate,
                page_size=job.page_size,
                on_progress=meter,
            )
        except ExportStopped as stopped:
            raise ExportFailed(str(stopped)) from None
    if done.skipped:
        print(f"{PROG}: {done.skipped:,} unreadable rows left out", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`engage-tui export …`: the exit status (0 done, 1 failed, 2 bad flags, 130 interrupted)."""
    args = parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return run(args, datetime.now(UTC))
    except ExportFailed as error:
        print(f"{PROG}: {safe_text(str(error), max_len=1000)}", file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted; the rows written so far are kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): nothing to say, and nothing more to flush to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"{PROG}: can't write the export: {error.strerror or error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 — a script gets one line, never a traceback
        what = safe_text(f"{type(error).__name__}: {error}", max_len=300)
        print(f"{PROG}: unexpected error (please report it): {what}", file=sys.stderr)
        return 1
