"""`engage-tui export` against the emulator: exactly the query's rows, safe text, clean failures."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.export_cli import main
from engage_tui.sanitize import is_arn
from engage_tui.share.export import csv_cell
from engage_tui.share.record import ACK_COLUMNS, COLUMNS, iso_utc
from engage_tui.timerange import selection_from_flags
from tests.share_helpers import assert_safe

FORMULA = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def big() -> Iterator[Emulator]:
    """5,000 engagements, hostile text in some rows and ARNs."""
    with Emulator(EmulatorConfig(engagements=5000, incidents=40, seed=11, hostile=True)) as emu:
        yield emu


def read(path: Path, fmt: str) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert_safe(text)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    if fmt == "json":
        return list(json.loads(text))
    return [json.loads(line) for line in text.splitlines()]


def window(since: str, until: str) -> tuple[datetime, datetime]:
    now = datetime.now(UTC)
    span = selection_from_flags(since, until, now=now, tz=UTC).resolve(now, UTC)
    assert span is not None and span.start is not None and span.end is not None
    return span.start, span.end


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_writes_exactly_the_query_once_each(big: Emulator, tmp_path: Path, fmt: str) -> None:
    everything = big.data.expected_engagements()
    since, until = iso_utc(everything[4500]["StartTime"]), iso_utc(everything[20]["StartTime"])
    assert since is not None and until is not None
    out = tmp_path / f"rows.{fmt}"
    argv = ["--endpoint-url", big.url, "--since", since, "--until", until, "-o", str(out)]
    assert main([*argv, "--page-size", "300"]) == 0
    rows = read(out, fmt)
    expected = big.data.expected_engagements(None, *window(since, until))
    assert 4000 < len(expected) < 5000
    # CSV shows the control characters of hostile ARNs; JSON keeps them exact (escaped).
    shown = csv_cell if fmt == "csv" else str
    assert [r["engagement_arn"] for r in rows] == [shown(e["EngagementArn"]) for e in expected]
    assert len({r["engagement_arn"] for r in rows}) == len(rows)
    if fmt == "csv":
        cells = [cell for r in rows for cell in r.values()]
        assert not [c for c in cells if c.startswith(FORMULA)]
        assert any("␛" in c for c in cells)  # the hostile rows are there, made visible


def test_one_incident_with_duplicate_pages(big: Emulator, tmp_path: Path) -> None:
    incident = next(i["arn"] for i in big.data.incidents() if is_arn(i["arn"]))
    big.faults.duplicate_pages_next = 2
    out = tmp_path / "rows.jsonl"
    assert (
        main(
            ["--endpoint-url", big.url, "--incident", incident, "--page-size", "20", "-o", str(out)]
        )
        == 0
    )
    expected = [e["EngagementArn"] for e in big.data.expected_engagements(incident)]
    assert len(expected) > 40
    assert [r["engagement_arn"] for r in read(out, "jsonl")] == expected
    assert big.faults.duplicate_pages_next == 0


@pytest.fixture
def small() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=120, incidents=6, seed=3)) as emu:
        yield emu


def test_with_acks_adds_what_the_timeline_says(small: Emulator, tmp_path: Path) -> None:
    out = tmp_path / "acks.json"
    argv = ["--endpoint-url", small.url, "--with-acks", "--ack-rate", "100", "--page-size", "50"]
    assert main([*argv, "-o", str(out), "--since", "2d"]) == 0
    rows = read(out, "json")
    assert rows and tuple(rows[0]) == COLUMNS + ACK_COLUMNS
    source = Source(endpoint_url=small.url)
    for item in rows[:15]:
        ack = source.timeline_parts(item["engagement_arn"]).acknowledgement()
        assert item["acknowledged"] is ack.acknowledged
        assert item["acknowledged_at"] == iso_utc(ack.read)
    assert any(r["acknowledged"] for r in rows) and not all(r["acknowledged"] for r in rows)


def test_a_failure_says_why_in_one_line_and_keeps_valid_partial_output(
    small: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    small.faults.repeat_token = True
    out = tmp_path / "partial.json"
    assert main(["--endpoint-url", small.url, "--page-size", "30", "-o", str(out)]) == 1
    rows = read(out, "json")
    assert len(rows) >= 30
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"engage-tui export: stopped after {len(rows):,} rows: ")


def test_expired_credentials_exit_non_zero_without_a_traceback(
    small: Emulator, tmp_path: Path
) -> None:
    small.faults.expired_credentials = True
    code = (
        "import sys; from engage_tui.export_cli import main; "
        f"sys.exit(main(['--endpoint-url', {small.url!r}, '--format', 'jsonl']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("engage-tui export: stopped after 0 rows: ")
    assert done.stderr.count("\n") == 1


def test_stdout_export_and_no_progress_when_stderr_is_not_a_terminal(small: Emulator) -> None:
    code = (
        "import sys; from engage_tui.export_cli import main; "
        f"sys.exit(main(['--endpoint-url', {small.url!r}, '--format', 'jsonl', '-o', '-']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert done.stderr == b""
    lines = done.stdout.decode("utf-8").splitlines()
    assert [json.loads(x)["engagement_arn"] for x in lines] == [
        e["EngagementArn"] for e in small.data.expected_engagements()
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_stderr(
    small: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert (
        main(["--endpoint-url", small.url, "--page-size", "50", "-o", str(tmp_path / "x.csv")]) == 0
    )
    assert "120 rows · 3 pages" in terminal.getvalue()


def test_an_existing_file_is_kept_unless_forced(
    small: Emulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "keep.csv"
    out.write_text("precious\n")
    assert main(["--endpoint-url", small.url, "-o", str(out)]) == 2
    assert out.read_text() == "precious\n"
    assert "already exists; add --force" in capsys.readouterr().err
    assert main(["--endpoint-url", small.url, "-o", str(out), "--force"]) == 0
    assert len(read(out, "csv")) == 120


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "the day before never"], "--since"),
        (["--until", "2h"], "needs --since"),
        (["--incident", "INC-42"], "not an incident record ARN"),
        (["--page-size", "0"], "between 1 and 1024"),
    ],
)
def test_bad_flags_say_which_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--endpoint-url", "http://127.0.0.1:9", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Paris", "Asia/Kathmandu"])
def test_since_is_read_in_utc_unless_local(
    small: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    from zoneinfo import ZoneInfo

    wall = "2026-03-08 12:00"  # the day the US clocks change
    for flags, tz in (([], UTC), (["--local"], ZoneInfo(zone))):
        small.clear_requests()
        out = tmp_path / f"{len(flags)}.csv"
        assert main(["--endpoint-url", small.url, "--since", wall, "-o", str(out), *flags]) == 0
        sent = small.requests[0][1]["TimeRangeValue"]["StartTime"]
        expected = datetime(2026, 3, 8, 12, 0, tzinfo=tz)
        assert datetime.fromtimestamp(float(sent), UTC) == expected
