"""The export dialog's path: its default name, its extension following the format, and what
is said about a path that can't be written."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engage_tui.share import export_target
from engage_tui.share.export import Format
from engage_tui.share.export_target import Target, TargetProblem


def test_default_name_is_the_local_minute_with_the_formats_extension() -> None:
    # 01:30 UTC is still the evening before in New York: the user's own clock names the file.
    now = datetime(2026, 3, 8, 1, 30, tzinfo=ZoneInfo("UTC")).astimezone(
        ZoneInfo("America/New_York")
    )
    assert export_target.default_name(Format.JSONL, now) == "engagements-2026-03-07-2030.jsonl"
    assert export_target.default_name(Format.CSV, now).endswith(".csv")


@pytest.mark.parametrize(
    ("typed", "fmt", "becomes"),
    [
        ("out.csv", Format.JSON, "out.json"),
        ("~/x/out.json ", Format.JSONL, "~/x/out.jsonl"),
        ("out.ndjson", Format.CSV, "out.csv"),
        ("notes.txt", Format.JSON, "notes.txt"),  # the user's own name stays
        ("no-extension", Format.CSV, "no-extension"),
    ],
)
def test_choosing_a_format_changes_only_an_export_extension(
    typed: str, fmt: Format, becomes: str
) -> None:
    assert export_target.with_format(typed, fmt) == becomes


def test_a_relative_path_is_taken_from_the_folder_and_tilde_is_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert export_target.resolve(" a.csv ", tmp_path) == tmp_path / "a.csv"
    assert export_target.resolve("~/b.csv", tmp_path) == tmp_path / "home" / "b.csv"


def test_what_is_wrong_with_a_path_is_said(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    cases = {
        "  ": "Type a file name or path.",
        str(tmp_path): f"{tmp_path} is a folder: add a file name.",
        str(tmp_path / "nope" / "a.csv"): f"{tmp_path / 'nope'} does not exist.",
        str(tmp_path / "file" / "a.csv"): f"{tmp_path / 'file'} is not a folder.",
    }
    for typed, said in cases.items():
        with pytest.raises(TargetProblem) as problem:
            export_target.check(typed, tmp_path)
        assert str(problem.value) == said
    assert export_target.check("new.csv", tmp_path) == Target(tmp_path / "new.csv", False)
    assert export_target.check("file", tmp_path) == Target(tmp_path / "file", True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_that_cannot_be_written_is_said(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(TargetProblem, match="You can't write in"):
        export_target.check(str(locked / "a.csv"))


def test_a_file_that_appeared_since_the_check_is_not_replaced_unasked(tmp_path: Path) -> None:
    target = export_target.check("late.csv", tmp_path)
    (tmp_path / "late.csv").write_text("someone else's\n")
    with pytest.raises(TargetProblem, match="exists now"):
        export_target.open_file(target, overwrite=False)
    assert (tmp_path / "late.csv").read_text() == "someone else's\n"
    with export_target.open_file(target, overwrite=True) as out:
        out.write("mine\n")
    assert (tmp_path / "late.csv").read_text() == "mine\n"
