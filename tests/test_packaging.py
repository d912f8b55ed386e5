"""A non-editable install carries its styles: the wheel ships styles/ inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_installed_wheel_finds_its_styles_from_another_directory(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        check=True,
        timeout=120,
    )
    (wheel,) = (tmp_path / "dist").glob("engage_tui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("engage_tui/styles/")}
    assert shipped == {p.name for p in (ROOT / "styles").glob("*.tcss")}

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        timeout=120,
    )
    probe = (
        "import engage_tui.app as a, pathlib;"
        "paths = [pathlib.Path(p) for p in a.EngageApp.CSS_PATH];"
        "assert paths and all(p.is_file() for p in paths), paths;"
        "print(paths[0].parent)"
    )
    # Run elsewhere, with the installed copy first on the path (dependencies from this venv).
    env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert Path(out) == site / "engage_tui" / "styles"
