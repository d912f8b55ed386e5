"""Set up the project-local virtual environment (.venv) and run the demo or the tests.

Stdlib only, so it runs on a machine that has nothing but Python >= 3.11 and pip:

    python3 scripts/dev.py demo    # engage-tui --demo
    python3 scripts/dev.py test    # the whole test suite

The environment is (re)installed only when pyproject.toml changed since the last install,
so a second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".engage-tui-installed"


def _wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {extras}"


def ensure_venv(extras: str) -> None:
    """A .venv with engage-tui installed (editable) with `extras`: "" for the demo, "[test]"."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script may be run by an older python3
        sys.exit(f"engage-tui needs Python >= 3.11; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    installed = STAMP.read_text().splitlines() if STAMP.exists() else []
    if _wanted_stamp(extras) in installed or (not extras and _wanted_stamp("[test]") in installed):
        return  # the test install includes the runtime the demo needs
    what = "its test tools" if extras else "its runtime dependencies"
    print(f"Installing engage-tui and {what} into .venv …", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "-e", f"{ROOT}{extras}"], check=True)
    current = _wanted_stamp("")[:64]
    kept = [line for line in installed if line.startswith(current)]
    STAMP.write_text("\n".join([*kept, _wanted_stamp(extras)]) + "\n")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print("usage: python3 scripts/dev.py demo|test [extra args]", file=sys.stderr)
        return 2
    command, extra = argv[0], argv[1:]
    ensure_venv("" if command == "demo" else "[test]")
    os.chdir(ROOT)
    if command == "demo":
        args = [str(BIN / "engage-tui"), "--demo", *extra]
    else:
        args = [str(PYTHON), "-m", "pytest", "-n", "2", "-q", *extra]
    return subprocess.call(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
