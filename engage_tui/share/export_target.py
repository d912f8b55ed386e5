"""Where an export from the UI goes: the path the user typed, checked before anything runs.

Pure but for the file system: the dialog asks `check()` what is wrong with a path (in words
the user can act on) and opens the file with `open_file()` only once it said nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from engage_tui.share.export import Format, format_for

_SUFFIXES = {Format.CSV: ".csv", Format.JSON: ".json", Format.JSONL: ".jsonl"}


class TargetProblem(Exception):
    """A path that can't be written, and why, in words to show beside it."""


def default_name(fmt: Format, now: datetime) -> str:
    """`engagements-2026-11-28-1430.csv`: a new name each minute, in the current directory."""
    return f"engagements-{now:%Y-%m-%d-%H%M}{_SUFFIXES[fmt]}"


def with_format(text: str, fmt: Format) -> str:
    """`text` with its extension changed to `fmt`'s when it names another export format (so
    choosing JSON turns `x.csv` into `x.json`); any other name is the user's and stays."""
    stripped = text.rstrip()
    if format_for(stripped) is None:
        return text
    return stripped.rsplit(".", 1)[0] + _SUFFIXES[fmt]


def resolve(text: str, cwd: Path | None = None) -> Path:
    """The path typed, with `~` expanded and a relative one taken from `cwd` (default: the
    current directory)."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else (cwd or Path.cwd()) / path


@dataclass(frozen=True, slots=True)
class Target:
    """A checked path: `exists` means writing it replaces a file (ask first)."""

    path: Path
    exists: bool


def check(text: str, cwd: Path | None = None) -> Target:
    """The path for `text`, or TargetProblem saying what is wrong with it."""
    if not text.strip():
        raise TargetProblem("Type a file name or path.")
    path = resolve(text, cwd)
    folder = path.parent
    if path.is_dir():
        raise TargetProblem(f"{path} is a folder: add a file name.")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise TargetProblem(f"{folder} {what}.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise TargetProblem(f"You can't write in {folder}.")
    exists = path.exists()
    if exists and not os.access(path, os.W_OK):
        raise TargetProblem(f"{path} exists and you can't write it.")
    return Target(path, exists)


def open_file(target: Target, *, overwrite: bool) -> TextIO:
    """The file opened for writing (UTF-8, `newline=""` as the CSV writer needs); a file that
    appeared since the check is only replaced with `overwrite`. Raises TargetProblem."""
    try:
        return open(  # noqa: SIM115 - the export job closes it when it ends
            target.path, "w" if overwrite else "x", encoding="utf-8", newline=""
        )
    except FileExistsError:
        raise TargetProblem(f"{target.path} exists now: Enter again to replace it.") from None
    except OSError as error:
        raise TargetProblem(f"Can't write {target.path}: {error.strerror or error}.") from None
