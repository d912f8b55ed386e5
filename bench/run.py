"""Every engage-tui performance figure against its target, as one Markdown table.

    .venv/bin/python bench/run.py [--quick] [--only P1,P3]

P1 drives the real `engage-tui` in a pseudo-terminal (pyte screen) beside the aws CLI; P2–P4 run
in fresh processes (bench/app_figures.py); P5 times the emulator. Comparisons are ratios taken
side by side in one run; times are medians. The table is also written to bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import http.client
import json
import math
import os
import platform
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TERM_SIZE = (160, 45)
# A start time as the table shows it: `14:03:27 · 12m ago` (or `Nov 25 01:12 · 2d ago`).
ROW_PATTERN = re.compile(r"\d\d:\d\d(:\d\d)? · ")


@dataclass
class Row:
    figure: str
    what: str
    value: str
    target: str
    ok: bool | None  # None: informational, no target


@dataclass(frozen=True)
class Plan:
    runs: int
    p1_engagements: int
    p2_sizes: tuple[int, ...]
    p2_presses: int
    p3_engagements: int
    p4_sizes: tuple[int, ...]
    p5_seconds: float
    p5_engagements: int


FULL = Plan(7, 5_000, (10_000, 100_000), 60, 20_000, (10_000, 100_000, 1_000_000), 3.0, 1_000_000)
QUICK = Plan(3, 1_000, (10_000, 100_000), 30, 5_000, (10_000, 100_000), 1.0, 1_000_000)


def bench_env(home: Path) -> dict[str, str]:
    """No real account, no developer config: fake credentials and private config/state dirs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ACCESS_KEY_ID="AKIDBENCHFAKE",
        AWS_SECRET_ACCESS_KEY="bench-secret-not-a-real-key",
        AWS_REGION="us-east-1",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_CONFIG_FILE=str(home / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        HOME=str(home),
        NO_PROXY="127.0.0.1",
        TERM="xterm-256color",
        COLORTERM="truecolor",
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env.pop(name, None)
    return env


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def worker(name: str, *args: object, timeout: float = 600) -> dict[str, Any]:
    """Run one in-app figure in a fresh process; its last stdout line is JSON."""
    command = [sys.executable, __file__, "--worker", name, *map(str, args)]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, env=os.environ.copy()
    )
    if done.returncode != 0:
        raise RuntimeError(f"worker {name} {args} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- emulator processes ------------------------------------------------------------------------


class EmulatorProcess:
    """`engage-tui emulator` in its own process; started once, stopped by its pid."""

    def __init__(self, engagements: int, latency_ms: int = 0) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(BIN / "engage-tui"), "emulator", "--engagements", str(engagements)]
            + ["--latency-ms", str(latency_ms)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 30)
        if not ready:
            self.stop()
            raise RuntimeError("emulator printed no URL within 30 s")
        self.url = self.proc.stdout.readline().decode().strip()
        self.start_s = time.perf_counter() - self.started
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"emulator printed {self.url!r}, not a loopback URL")

    def rss_bytes(self, field: str = "VmRSS") -> int:
        with open(f"/proc/{self.proc.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- P1: time to first row ---------------------------------------------------------------------


def app_first_row(url: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning engage-tui in a pty to a row's start time on the pyte screen."""
    import pyte

    columns, lines = TERM_SIZE
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    screen = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(screen)
    command = [str(BIN / "engage-tui"), "--endpoint-url", url, "--region", "us-east-1"]
    began = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**env, "COLUMNS": str(columns), "LINES": str(lines)},
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = math.nan
    try:
        while time.perf_counter() - began < timeout:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            stamp = time.perf_counter()
            stream.feed(chunk)
            # Rows start below the status bar and header; skip the top lines.
            if any(ROW_PATTERN.search(line) for line in screen.display[2:-1]):
                seen = stamp - began
                break
    finally:
        stop_pty_app(proc, master)
    if math.isnan(seen):
        raise RuntimeError("engage-tui showed no row:\n" + "\n".join(screen.display))
    return seen


def stop_pty_app(proc: subprocess.Popen[bytes], master: int) -> None:
    """Send `q`, drain the pty for up to 2 s, then SIGKILL the app's process group."""
    with contextlib.suppress(OSError):
        os.write(master, b"q")
    deadline = time.perf_counter() + 2.0
    while proc.poll() is None and time.perf_counter() < deadline:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(5)
    os.close(master)


def aws_first_byte(url: str, env: dict[str, str], timeout: float = 20.0) -> float:
    """Seconds from spawning `aws ssm-contacts list-engagements` to its first stdout byte."""
    command = [str(BIN / "aws"), "ssm-contacts", "list-engagements", "--max-items", "50"]
    command += ["--endpoint-url", url, "--region", "us-east-1", "--output", "json"]
    began = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    first = time.perf_counter() - began if ready and proc.stdout.read(1) else math.nan
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    if math.isnan(first) or proc.returncode:
        raise RuntimeError(f"aws failed ({proc.returncode}): {err.decode()[-2000:]}")
    return first


def p1(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    for latency in (0, 50):
        with EmulatorProcess(plan.p1_engagements, latency) as emu:
            app_first_row(emu.url, env)  # warm the page cache; not counted
            aws_first_byte(emu.url, env)
            app_s, aws_s = [], []
            for _ in range(plan.runs):  # interleaved, so drift hits both alike
                app_s.append(app_first_row(emu.url, env))
                aws_s.append(aws_first_byte(emu.url, env))
        app_ms, aws_ms = median(app_s) * 1000, median(aws_s) * 1000
        ratio = app_ms / aws_ms
        spread = f"{min(app_s) * 1000:.0f}–{max(app_s) * 1000:.0f}"
        rows += [
            Row(
                "P1",
                f"first row on screen, {latency} ms latency (ms, median; range)",
                f"{app_ms:.0f} ({spread})",
                "",
                None,
            ),
            Row("P1", f"aws CLI first byte, {latency} ms latency (ms)", f"{aws_ms:.0f}", "", None),
            Row("P1", f"ratio app / aws, {latency} ms", f"{ratio:.2f}", "≤ 0.80", ratio <= 0.8),
        ]
    return rows


# --- P2–P4: in-app workers ---------------------------------------------------------------------


def p2(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    for count in plan.p2_sizes:
        keys: list[float] = []
        for _ in range(max(5, plan.runs // 2 if plan.runs > 5 else plan.runs)):
            keys += worker("p2", count, plan.p2_presses)["key_ms"]
        p99 = percentile(keys, 0.99)
        ok = p99 <= 33 if count >= 100_000 else None
        rows.append(
            Row(
                "P2",
                f"key → repaint at {count:,} rows, 500-row pages streaming "
                f"(ms p50 / p99 / max, {len(keys)} keys)",
                f"{percentile(keys, 0.5):.1f} / {p99:.1f} / {max(keys):.1f}",
                "p99 ≤ 33" if ok is not None else "",
                ok,
            )
        )
    return rows


def p3(plan: Plan, env: dict[str, str]) -> list[Row]:
    runs = [worker("p3", plan.p3_engagements, 50, 0.03) for _ in range(3 if plan.runs > 3 else 1)]
    landings = max(r["landings"] for r in runs)
    extra = max(r["requests"] - r["minimum"] for r in runs)
    repeated = max(r["repeated_tokens"] for r in runs)
    complete = all(r["rows"] == plan.p3_engagements and r["tail"] == "end" for r in runs)
    worst = max(runs, key=lambda r: (r["landings"], r["requests"]))
    n = f"{plan.p3_engagements:,}"
    return [
        Row(
            "P3",
            f"pagedown every 30 ms through {n} rows, 50 ms latency: loading landings "
            f"(worst of {len(runs)}; presses {worst['presses']}, {worst['seconds']:.1f} s)",
            str(landings),
            "0",
            landings == 0 and complete,
        ),
        Row(
            "P3",
            "ListEngagements requests (worst) vs minimum; NextToken sent twice",
            f"{worst['requests']} vs {worst['minimum']}; {repeated}",
            "= minimum; 0",
            extra == 0 and repeated == 0,
        ),
    ]


def p4(plan: Plan, env: dict[str, str]) -> list[Row]:
    rows = []
    for count in plan.p4_sizes:
        runs = [worker("p4", count) for _ in range(1 if count >= 1_000_000 else 3)]
        per_row = median([r["bytes_per_row"] for r in runs])
        rss = median([r["rss"] for r in runs]) / 2**20
        ok = per_row <= 1024 if count == 100_000 else None
        rows.append(
            Row(
                "P4",
                f"memory per row at {count:,} rows (bytes over baseline; process RSS MiB)",
                f"{per_row:.0f} ({rss:.0f} MiB)",
                "≤ 1024 B" if ok is not None else "",
                ok,
            )
        )
    return rows


# --- P5: the emulator --------------------------------------------------------------------------

FAKE_AUTH = (
    "AWS4-HMAC-SHA256 Credential=AKIDBENCHFAKE/20260101/us-east-1/ssm-contacts/aws4_request, "
    "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64
)


def requests_per_second(url: str, page: int, seconds: float) -> float:
    """Sequential ListEngagements over one kept-alive connection, following NextToken."""
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "SSMContacts.ListEngagements",
        "X-Amz-Date": "20260101T000000Z",
        "Authorization": FAKE_AUTH,
    }
    token = None
    done = 0
    began = time.perf_counter()
    try:
        while time.perf_counter() - began < seconds:
            body: dict[str, Any] = {"MaxResults": page}
            if token:
                body["NextToken"] = token
            conn.request("POST", "/", json.dumps(body), headers)
            reply = conn.getresponse()
            data = json.loads(reply.read())
            if reply.status != 200 or len(data["Engagements"]) != page:
                raise RuntimeError(f"emulator answered {reply.status}: {str(data)[:300]}")
            token = data.get("NextToken")
            done += 1
    finally:
        conn.close()
    return done / (time.perf_counter() - began)


def p5(plan: Plan, env: dict[str, str]) -> list[Row]:
    starts, rss = [], []
    for _ in range(max(3, min(plan.runs, 5))):
        with EmulatorProcess(plan.p5_engagements) as emu:
            starts.append(emu.start_s)
            rss.append(emu.rss_bytes())
    with EmulatorProcess(plan.p5_engagements) as emu:
        rates = {page: requests_per_second(emu.url, page, plan.p5_seconds) for page in (100, 1024)}
        peak = emu.rss_bytes("VmHWM")
    start_ms = median(starts) * 1000
    rss_mib = median(rss) / 2**20
    n = f"{plan.p5_engagements:,}"
    return [
        Row("P5", "ListEngagements/s, MaxResults 100 (sequential)", f"{rates[100]:.0f}", "", None),
        Row("P5", "ListEngagements/s, MaxResults 1024", f"{rates[1024]:.0f}", "", None),
        Row(
            "P5",
            f"emulator start, {n} engagements (ms to URL line)",
            f"{start_ms:.0f}",
            "< 2000",
            start_ms < 2000,
        ),
        Row(
            "P5",
            f"emulator RSS at start, {n} engagements (MiB; peak after paging {peak / 2**20:.0f})",
            f"{rss_mib:.0f}",
            "< 200",
            rss_mib < 200,
        ),
    ]


FIGURES: dict[str, Callable[[Plan, dict[str, str]], list[Row]]] = {
    "P1": p1,
    "P2": p2,
    "P3": p3,
    "P4": p4,
    "P5": p5,
}


def machine() -> str:
    import textual

    version = getattr(textual, "__version__", None)
    if version is None:
        from importlib.metadata import version as dist_version

        version = dist_version("textual")
    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, "
        f"Textual {version}, {platform.system()} {platform.release()}"
    )


def markdown(rows: list[Row], header: str) -> str:
    lines = [header, "", "| fig | measure | value | target | pass |", "|---|---|---|---|---|"]
    for row in rows:
        verdict = "—" if row.ok is None else ("✅ pass" if row.ok else "❌ FAIL")
        lines.append(f"| {row.figure} | {row.what} | {row.value} | {row.target} | {verdict} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, smaller sizes")
    parser.add_argument("--only", help="comma-separated figures, e.g. P1,P3")
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
    rows: list[Row] = []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="engage-bench-") as home:
        env = bench_env(Path(home))
        os.environ.clear()
        os.environ.update(env)  # workers and emulators inherit the same sealed environment
        for name in chosen:
            t0 = time.perf_counter()
            print(f"{name}…", file=sys.stderr, flush=True)
            rows += FIGURES[name](plan, env)
            print(f"{name} took {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    header = (
        f"Benchmarks ({'quick' if args.quick else 'full'} run, {time.perf_counter() - began:.0f} s)"
        f" on {machine()}; median of {plan.runs} runs where timed."
    )
    table = markdown(rows, header)
    print(table)
    (HERE / "results.md").write_text(table)
    failed = [r for r in rows if r.ok is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    sys.exit(main())
