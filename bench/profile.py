"""Profile the shipped app with py-spy while the bench drives it, and summarise where time goes.

    PYTHONPATH=$PWD .venv/bin/python bench/profile.py keys [ROWS]     # idle keys at ROWS rows
    PYTHONPATH=$PWD .venv/bin/python bench/profile.py stream [ROWS]   # keys while pages arrive
    PYTHONPATH=$PWD .venv/bin/python bench/profile.py load [ROWS]     # End held until ROWS
    PYTHONPATH=$PWD .venv/bin/python bench/profile.py startup [LATENCY_MS]
    .venv/bin/python bench/profile.py summary FILE.txt                # summarise a raw profile

Needs py-spy (`pip install py-spy`, a dev tool, not a dependency). Writes py-spy's collapsed
stacks to /tmp/engage-profile-*.txt (flamegraph.pl or speedscope read them) and prints the
functions with the most samples, inclusive and self, per thread.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import figures_table  # noqa: E402
from harness import APP, BIN, SIZE, EmulatorProcess, PtyApp, bench_env  # noqa: E402

PY_SPY = shutil.which("py-spy", path=str(BIN)) or shutil.which("py-spy") or "py-spy"


def summary(path: Path, top: int = 25) -> str:
    """Per thread: the functions present in most samples (inclusive) and on top (self)."""
    inclusive: dict[str, Counter[str]] = {}
    own: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        heads = [f for f in frames[:2] if f.startswith(("thread", "process"))]
        thread = " / ".join(h[:70] for h in heads) or "all"
        frames = frames[len(heads) :]
        n = int(count)
        totals[thread] += n
        inclusive.setdefault(thread, Counter())
        own.setdefault(thread, Counter())
        for frame in set(frames):
            inclusive.setdefault(thread, Counter())[frame] += n
        if frames:
            own.setdefault(thread, Counter())[frames[-1]] += n
    out = []
    for thread, total in totals.most_common():
        out.append(f"\n== {thread}: {total} samples")
        out.append("-- inclusive")
        for frame, n in inclusive[thread].most_common(top):
            out.append(f"{100 * n / total:5.1f}%  {frame}")
        out.append("-- self")
        for frame, n in own[thread].most_common(top // 2):
            out.append(f"{100 * n / total:5.1f}%  {frame}")
    return "\n".join(out)


def timeline(path: Path, step_ms: float = 25.0, rate: int = 1000) -> str:
    """From a speedscope profile: per thread, what ran in each `step_ms` window (the frame
    nearest the top of the stack that belongs to engage_tui, else the deepest textual/botocore
    frame below the event loop), in sample order. Idle windows are skipped."""
    import json

    data = json.loads(path.read_text())
    frames = [f["name"] + " " + Path(f.get("file", "")).name for f in data["shared"]["frames"]]
    out = []
    for profile in data["profiles"]:
        samples = profile["samples"]
        per = max(1, int(step_ms * rate / 1000))
        out.append(
            f"\n== {profile['name'][:90]}: {len(samples)} samples (~{1000 / rate:.0f} ms each)"
        )
        for start in range(0, len(samples), per):
            window = samples[start : start + per]
            names: Counter[str] = Counter()
            for stack in window:
                names[_label([frames[i] for i in stack])] += 1
            label, n = names.most_common(1)[0]
            out.append(f"{start * 1000 / rate:7.0f} ms  {label}  ({n}/{len(window)})")
    return "\n".join(out)


def _label(stack: list[str]) -> str:
    """The frame that says what a sample was doing: the innermost engage_tui frame and the
    innermost frame of the library it called into."""
    ours = [
        i
        for i, f in enumerate(stack)
        if "engage_tui" in f
        or f.endswith(("cli.py", "app.py", "main.py", "source.py", "first_page.py", "preframe.py"))
    ]
    lib = stack[-1] if stack else "?"
    for name in reversed(stack):
        if any(k in name for k in ("import", "_bootstrap")):
            continue
        lib = name
        break
    where = stack[ours[-1]] if ours else ""
    return f"{where} → {lib}" if where and where != lib else lib


def record(pid: int, seconds: float, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    out = Path(tempfile.gettempdir()) / f"engage-profile-{name}.txt"
    out.unlink(missing_ok=True)  # never summarise an older run's profile
    command = [PY_SPY, "record", "--pid", str(pid), "--rate", "250", "--threads"]
    command += ["--format", "raw", "--nonblocking", "-d", str(int(seconds)), "-o", str(out)]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # let py-spy attach before the work starts
    return spy, out


def session(mode: str, rows: int, env: dict[str, str]) -> Path:
    keys = 150
    with EmulatorProcess(rows + 60_000, 0, env) as emu, PtyApp(emu.url, env, SIZE) as app:
        app.wait_for(PtyApp.has_footer, 30)
        app.drain(1.0)
        if mode == "load":
            spy, out = record(app.proc.pid, rows / 2000 + 10, mode)
            figures_table._load(app, rows, timeout=600)
        else:
            figures_table._load(app, rows, timeout=600)
            figures_table._settle(app)
            spy, out = record(app.proc.pid, 12, mode)
            cycle = figures_table.IDLE_KEYS if mode == "keys" else figures_table.STREAM_KEYS
            stats = figures_table.TableSession(rows)
            timings, _ = figures_table._keys(app, cycle, keys, 0.03, stats)
            print(f"{mode}: key ms p50 {sorted(timings)[len(timings) // 2]:.0f}", file=sys.stderr)
        spy.send_signal(signal.SIGINT)  # py-spy writes its profile on ^C, not on SIGTERM
        spy.wait(30)
    if not out.exists():
        raise RuntimeError(f"py-spy wrote no profile to {out}")
    return out


def startup(latency: int, env: dict[str, str]) -> Path:
    """py-spy runs the app (and the forked first-page child) from its first instruction."""
    out = Path(tempfile.gettempdir()) / "engage-profile-startup.json"
    with EmulatorProcess(5000, latency, env) as emu:
        # PtyApp runs APP; run py-spy in its place by a wrapper script on PATH order.
        wrapper = Path(tempfile.mkdtemp()) / "engage-tui"
        wrapper.write_text(
            f"#!/bin/sh\nexec {PY_SPY} record --rate 1000 --threads --subprocesses --idle "
            f'--format speedscope -o {out} -- {sys.executable} {APP} "$@"\n'
        )
        wrapper.chmod(0o755)
        import harness

        harness.APP = wrapper
        try:
            with PtyApp(emu.url, env, SIZE) as app:
                app.wait_for(PtyApp.has_footer, 30)
                app.drain(0.5)
        finally:
            harness.APP = APP
    return out


def main() -> None:
    mode = sys.argv[1]
    if mode == "summary":
        print(summary(Path(sys.argv[2])))
        return
    if mode == "timeline":
        print(timeline(Path(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory(prefix="engage-profile-") as home:
        env = bench_env(Path(home))
        if mode == "startup":
            out = startup(int(sys.argv[2]) if len(sys.argv) > 2 else 50, env)
            print(f"speedscope profile: {out}")
            print(timeline(out))
            return
        else:
            out = session(mode, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000, env)
    print(f"raw profile: {out}")
    print(summary(out))


if __name__ == "__main__":
    main()
