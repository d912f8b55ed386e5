"""What the table header says about the run: the machine, and which engage_tui ran."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path


def package_under_test(env: dict[str, str]) -> Path:
    """The engage_tui the console script imports with this environment (PYTHONPATH first)."""
    done = subprocess.run(
        [sys.executable, "-c", "import engage_tui; print(engage_tui.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return Path(done.stdout.strip()).parent


def describe(package: Path) -> str:
    """Commit (and whether the tree is dirty) of the package's checkout, if it is one."""
    git = ["git", "-C", str(package)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode:
        return str(package)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "."], capture_output=True, text=True
    ).stdout.strip()
    return f"{package} at {head.stdout.strip()}{' (uncommitted changes)' if dirty else ''}"


def machine() -> str:
    from importlib.metadata import version

    return (
        f"{os.cpu_count()} CPUs ({platform.machine()}), Python {platform.python_version()}, "
        f"Textual {version('textual')}, botocore {version('botocore')}, pyte {version('pyte')}, "
        f"{platform.system()} {platform.release()}"
    )
