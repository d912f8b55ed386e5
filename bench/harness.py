"""The black-box harness: the shipped `engage-tui` in a pseudo-terminal read by `pyte`, the
emulator in its own process, and the aws CLI, all with a sealed environment.

Nothing here imports engage_tui: the app is measured as the user gets it, through its console
script (next to sys.executable), keys written to the terminal, time taken when the screen changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import queue
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyte
from table_view import TableView

BIN = Path(sys.executable).parent
SIZE = (200, 50)  # columns, lines: a large terminal, as PERF-NOTES measures
APP = BIN / "engage-tui"
AWS = BIN / "aws"

# A start time as the table (and the plain-text pre-frame) shows it: `14:03:27 · 12m ago`.
ROW_PATTERN = re.compile(r"\d\d:\d\d(:\d\d)? · ")

KEYS = {
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "end": b"\x1b[F",
    "home": b"\x1b[H",
    "q": b"q",
}


def bench_env(home: Path) -> dict[str, str]:
    """No real account, no developer config: fake credentials and private config/state dirs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "XDG_"))}
    env.update(
        AWS_ACCESS_KEY_ID="AKIDBENCHFAKE",
        AWS_SECRET_ACCESS_KEY="bench-secret-not-a-real-key",
        AWS_CONFIG_FILE=str(home / "aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(home / "aws-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
        AWS_PAGER="",
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        HOME=str(home),
        NO_PROXY="127.0.0.1",
        TERM="xterm-256color",
        COLORTERM="truecolor",
    )
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "TEXTUAL"):
        env.pop(name, None)
    return env


def write_config(env: dict[str, str], text: str) -> None:
    """Write the user's `config.toml` in the sealed XDG config dir (empty text: no file)."""
    path = Path(env["XDG_CONFIG_HOME"]) / "engage-tui" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if text:
        path.write_text(text)
    else:
        path.unlink(missing_ok=True)


def proc_status(pid: int, field: str = "VmRSS") -> int:
    """A byte count from /proc/PID/status (VmRSS, VmHWM…); 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class EmulatorProcess:
    """`engage-tui emulator` in its own process; started once, stopped by its pid."""

    def __init__(
        self,
        engagements: int,
        latency_ms: int = 0,
        env: dict[str, str] | None = None,
        extra: tuple[str, ...] = (),
    ):
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(APP), "emulator", "--engagements", str(engagements)]
            + ["--latency-ms", str(latency_ms), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        if not ready:
            self.stop()
            raise RuntimeError("emulator printed no URL within 60 s")
        self.url = self.proc.stdout.readline().decode().strip()
        self.start_s = time.perf_counter() - self.started
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"emulator printed {self.url!r}, not a loopback URL")

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


class PtyApp:
    """`engage-tui --endpoint-url URL` in a pty of `size`, its output fed to a pyte screen."""

    def __init__(
        self, url: str, env: dict[str, str], size: tuple[int, int], extra: tuple[str, ...] = ()
    ) -> None:
        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        command = [str(APP), "--endpoint-url", url, "--region", "us-east-1", *extra]
        self.began = time.perf_counter()
        self.proc = subprocess.Popen(
            command,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "COLUMNS": str(columns), "LINES": str(lines)},
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.last_read = self.began  # when the bytes that made the last check true were read
        self.closed = False
        self.feed_seconds = 0.0  # the harness's own cost of keeping the screen
        self.bytes_read = 0
        self._view: TableView | None = None
        self._chunks: queue.SimpleQueue[tuple[float, bytes]] = queue.SimpleQueue()
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # --- reading

    def _read(self) -> None:
        """Reader thread: stamp every chunk as it is read, so the time a change reached the
        terminal does not depend on how long pyte takes to parse what came before it."""
        while True:
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:  # EIO: the app has exited and the pty is closed
                chunk = b""
            self._chunks.put((time.perf_counter(), chunk))
            if not chunk:
                return

    def pump(self, timeout: float, until: Callable[[PtyApp], bool] | None = None) -> bool:
        """Feed the screen everything read so far (waiting up to `timeout` for the first
        chunk). With `until`, stop at the first chunk after which it holds and return True,
        its read time in `last_read`. Without, True when anything was fed."""
        try:
            stamp, chunk = self._chunks.get(timeout=max(0.0, timeout))
        except queue.Empty:
            return False
        while True:
            if not chunk:
                self.closed = True
                return until is None
            fed = time.perf_counter()
            self._stream.feed(chunk)
            self.feed_seconds += time.perf_counter() - fed
            self.bytes_read += len(chunk)
            self.last_read = stamp
            if until is not None and until(self):
                return True
            try:
                stamp, chunk = self._chunks.get_nowait()
            except queue.Empty:
                return until is None

    def wait_for(self, seen: Callable[[PtyApp], bool], timeout: float) -> float:
        """perf_counter of the read after which `seen(self)` held; NaN on timeout or exit."""
        deadline = time.perf_counter() + timeout
        if seen(self):
            return self.last_read
        while (left := deadline - time.perf_counter()) > 0:
            if self.pump(min(left, 0.05), seen):
                return self.last_read
            if self.closed:
                return math.nan
        return math.nan

    def drain(self, seconds: float) -> None:
        """Keep reading (and painting the screen) for `seconds`."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self.pump(left)

    # --- the screen

    @property
    def lines(self) -> list[str]:
        return self.screen.display  # type: ignore[no-any-return]

    def line(self, y: int) -> str:
        """Screen line `y` (negative from the bottom), cheaper than rendering all of them."""
        row = self.screen.buffer[y % self.screen.lines]
        return "".join(row[x].data for x in range(self.screen.columns))

    def text(self) -> str:
        return "\n".join(self.lines)

    def has_row(self) -> bool:
        """A row's start time is on screen below the top line (table or pre-frame)."""
        return any(ROW_PATTERN.search(self.line(y)) for y in range(1, self.screen.lines - 1))

    def has_footer(self) -> bool:
        """Textual's key bar is drawn: the first usable frame (the pre-frame has no footer)."""
        last = self.line(-1)
        return "Quit" in last and "Keys" in last

    def status(self) -> str:
        return self.line(0)

    def loaded_count(self) -> int | None:
        """Rows loaded, from the status bar (`12,500 loaded, more` / `20,000 engagements`)."""
        match = re.search(r"([\d,]+) (loaded|engagements)", self.status())
        return int(match.group(1).replace(",", "")) if match else None

    def all_loaded(self) -> bool:
        return re.search(r"[\d,]+ engagements", self.status()) is not None

    def table(self) -> TableView | None:
        """Where the engagements table is on screen now, black-box (None: not drawn yet)."""
        view = self._view
        if view is None or not view.still_there():
            view = self._view = TableView.find(self.screen)
        return view

    # --- input and the process

    def press(self, key: str) -> float:
        """Write one key to the terminal; returns the perf_counter just before the write."""
        stamp = time.perf_counter()
        os.write(self.master, KEYS[key])
        return stamp

    def rss(self, field: str = "VmRSS") -> int:
        return proc_status(self.proc.pid, field)

    def cpu_seconds(self) -> float:
        """User + system CPU of the app process so far (from /proc/PID/stat)."""
        try:
            with open(f"/proc/{self.proc.pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return math.nan
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Send `q`, read for up to 2 s, then SIGKILL the app's process group."""
        with contextlib.suppress(OSError):
            os.write(self.master, b"q")
        deadline = time.perf_counter() + 2.0
        while self.proc.poll() is None and time.perf_counter() < deadline:
            self.pump(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # and the first-page child, if any
        self.proc.wait(5)
        self._reader.join(5)  # it ends at EIO; only then may the fd number be reused
        os.close(self.master)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def aws_first_byte(url: str, env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from spawning `aws ssm-contacts list-engagements` to its first stdout byte."""
    command = [str(AWS), "ssm-contacts", "list-engagements", "--max-items", "50"]
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
