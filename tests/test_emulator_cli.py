"""The standalone emulator as a user runs it, the real `aws` CLI against it, and its scale."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.cli import main
from engage_tui.emulator.clock import ManualClock
from tests.conftest import aws_client

ANCHOR = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
VENV_BIN = Path(sys.executable).parent


@pytest.fixture
def standalone() -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`python -m engage_tui.emulator` in its own process; yields (url, process)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engage_tui.emulator",
            "--engagements",
            "120",
            "--incidents",
            "6",
            "--seed",
            "3",
            "--anchor",
            ANCHOR.isoformat(),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    try:
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_aws_cli_pages_through_the_standalone_emulator(
    standalone: tuple[str, subprocess.Popen[str]],
) -> None:
    url, proc = standalone
    assert url.startswith("http://127.0.0.1:")
    result = subprocess.run(
        [
            str(VENV_BIN / "aws"),
            "ssm-contacts",
            "list-engagements",
            "--endpoint-url",
            url,
            "--max-items",
            "50",
            "--page-size",
            "20",
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"},
        check=True,
    )
    listed = json.loads(result.stdout)["Engagements"]
    oracle = Emulator(EmulatorConfig(engagements=120, incidents=6, seed=3, anchor=ANCHOR)).data
    expected = oracle.expected_engagements()[:50]
    assert [e["EngagementArn"] for e in listed] == [e["EngagementArn"] for e in expected]
    # aws CLI v1 prints timestamps as the epoch numbers it received.
    assert [e["StartTime"] for e in listed] == [e["StartTime"].timestamp() for e in expected]

    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0
    lines = stderr.splitlines()
    assert len(lines) == 3, "50 items at 20 a page is three requests"
    assert all(line.startswith("ListEngagements 200 ") for line in lines)
    assert "AKIDEXAMPLE" not in stderr and "Authorization" not in stderr


def test_bad_flag_exits_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--engagements", "lots"])
    assert excinfo.value.code == 2
    assert "--engagements" in capsys.readouterr().err


def test_importing_the_emulator_never_imports_textual() -> None:
    code = "import sys, engage_tui.emulator; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_million_engagements_serve_the_oldest_page_by_time_range() -> None:
    config = EmulatorConfig(engagements=1_000_000, incidents=40, seed=11, anchor=ANCHOR)
    with Emulator(config) as emu:
        client = aws_client("ssm-contacts", emu.url, retries={"total_max_attempts": 1})
        rows = emu.data.rows
        oldest = datetime.fromtimestamp(rows.start_time(rows.count - 1), UTC)
        cutoff = datetime.fromtimestamp(rows.start_time(rows.count - 10), UTC)
        page = client.list_engagements(TimeRangeValue={"StartTime": oldest, "EndTime": cutoff})
        arns = [e["EngagementArn"] for e in page["Engagements"]]
        assert arns == [
            str(rows.engagement_row(i)["EngagementArn"])
            for i in range(rows.count - 10, rows.count)
            if rows.start_time(i) <= cutoff.timestamp()
        ]
        last = client.describe_engagement(EngagementId=arns[-1])
        assert last["StartTime"] == oldest
        incident = emu.data.incidents()[-1]["arn"]
        first = client.list_engagements(IncidentId=incident, MaxResults=1024)
        assert len(first["Engagements"]) == 1024 and "NextToken" in first
        assert {e["IncidentId"] for e in first["Engagements"]} == {incident}


def test_hostile_mode_puts_hostile_text_in_every_text_field() -> None:
    config = EmulatorConfig(engagements=150, incidents=8, seed=5, anchor=ANCHOR, hostile=True)
    with Emulator(config) as emu:
        client = aws_client("ssm-contacts", emu.url)
        incidents = aws_client("ssm-incidents", emu.url)
        hostile_rows = [i for i in range(150) if emu.data.rows.is_hostile(i)]
        assert hostile_rows
        arn = str(emu.data.rows.engagement_row(hostile_rows[0])["EngagementArn"])
        detail = client.describe_engagement(EngagementId=arn)
        for field in ("Sender", "Subject", "Content", "PublicSubject", "PublicContent"):
            assert "\x1b" in detail[field] or "[/" in detail[field], field
        assert len(detail["Content"]) == 8192
        assert "\x1b]52;" in detail["Content"] and "\x00" in detail["Content"]
        titles = [r["title"] for r in incidents.list_incident_records()["incidentRecordSummaries"]]
        assert any("[/]" in t for t in titles)
        names = [c["DisplayName"] for c in client.list_contacts()["Contacts"]]
        assert any("\x1b" in n for n in names)
        infos = [
            r.get("ReceiptInfo", "")
            for i in hostile_rows
            for p in emu.data.pages(str(emu.data.rows.engagement_row(i)["EngagementArn"]))
            for r in emu.data.receipts(p["PageArn"])
        ]
        assert any("\x1b" in info for info in infos)


def _aws(url: str, *args: str) -> Any:
    """The real aws CLI (v1) against the emulator; its JSON output, or None when it prints none."""
    done = subprocess.run(
        [str(VENV_BIN / "aws"), *args, "--endpoint-url", url, "--output", "json"],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, "AWS_DEFAULT_REGION": "us-east-1"},
        check=True,
    )
    return json.loads(done.stdout) if done.stdout.strip() else None


def test_aws_cli_runs_every_new_operation() -> None:
    config = EmulatorConfig(engagements=300, incidents=12, seed=7, clock=ManualClock(ANCHOR))
    with Emulator(config) as emu:
        rows = emu.data.expected_engagements()
        ongoing = next(
            r
            for r in rows
            if "StopTime" not in r
            and any("ReadTime" not in p for p in emu.data.pages(r["EngagementArn"]))
        )
        page = next(p for p in emu.data.pages(ongoing["EngagementArn"]) if "ReadTime" not in p)
        stoppable = next(r for r in rows if "StopTime" not in r and r is not ongoing)
        schedule = next(c for c in emu.data.contacts() if c["Type"] == "ONCALL_SCHEDULE")
        rotation = emu.data.rotations()[0]["RotationArn"]
        incident = emu.data.incidents()[1]["arn"]
        code = emu.data.accept_code(page["PageArn"])
        contacts, incidents = ("ssm-contacts",), ("ssm-incidents",)
        calls = {
            "accept": (*contacts, "accept-page", "--page-id", page["PageArn"], "--accept-type",
                       "READ", "--accept-code", code, "--accept-code-validation", "ENFORCE"),
            "stop": (*contacts, "stop-engagement", "--engagement-id",
                     stoppable["EngagementArn"], "--reason", "resolved"),
            "path": (*contacts, "list-page-resolutions", "--page-id", page["PageArn"]),
            "contact": (*contacts, "get-contact", "--contact-id", schedule["ContactArn"]),
            "rotations": (*contacts, "list-rotations"),
            "rotation": (*contacts, "get-rotation", "--rotation-id", rotation),
            "shifts": (*contacts, "list-rotation-shifts", "--rotation-id", rotation,
                       "--start-time", ANCHOR.isoformat(),
                       "--end-time", (ANCHOR + timedelta(days=14)).isoformat()),
            "record": (*incidents, "get-incident-record", "--arn", incident),
            "timeline": (*incidents, "list-timeline-events", "--incident-record-arn", incident),
            "related": (*incidents, "list-related-items", "--incident-record-arn", incident),
        }  # fmt: skip
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = {name: pool.submit(_aws, emu.url, *args) for name, args in calls.items()}
            out = {name: future.result() for name, future in futures.items()}
        assert out["accept"] is None or out["accept"] == {}
        read = [r for r in emu.data.receipts(page["PageArn"]) if r["ReceiptType"] == "READ"]
        assert read and read[-1]["ReceiptTime"] == ANCHOR, "the CLI's accept recorded a READ"
        assert emu.data.engagement(stoppable["EngagementArn"])["StopTime"] == ANCHOR
        assert out["path"]["PageResolutions"] == emu.data.resolutions(page["PageArn"])
        assert out["contact"]["Plan"]["RotationIds"] == [
            emu.data.contact(schedule["ContactArn"])["Plan"]["RotationIds"][0]
        ]
        assert [r["RotationArn"] for r in out["rotations"]["Rotations"]] == [
            r["RotationArn"] for r in emu.data.rotations()
        ]
        assert out["rotation"]["Name"] == emu.data.rotations()[0]["Name"]
        shifts = out["shifts"]["RotationShifts"]
        assert len(shifts) in (2, 3) and shifts[0]["ContactIds"][0].startswith(
            "arn:aws:ssm-contacts"
        )
        assert out["record"]["incidentRecord"]["arn"] == incident
        assert [e["eventId"] for e in out["timeline"]["eventSummaries"]] == [
            e["eventId"] for e in emu.data.timeline(incident)
        ]
        assert out["related"]["relatedItems"] == emu.data.related_items(incident)
