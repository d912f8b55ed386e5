"""Live data: engagements arrive at the head, acknowledgements and stops happen when their time
comes, and a client paging through a moving list sees what a real one would."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.cli import _config, _parser
from engage_tui.emulator.clock import ManualClock, wall_clock
from tests.conftest import aws_client

ANCHOR = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def live() -> Iterator[Emulator]:
    config = EmulatorConfig(
        engagements=100, incidents=6, seed=7, arrive_every=30, clock=ManualClock(ANCHOR)
    )
    with Emulator(config) as emu:
        yield emu


def _arns(rows: list[dict[str, Any]]) -> list[str]:
    return [r["EngagementArn"] for r in rows]


def test_arrivals_push_rows_into_the_next_page(live: Emulator) -> None:
    client = aws_client("ssm-contacts", live.url)
    before = _arns(live.data.expected_engagements())
    first = client.list_engagements(MaxResults=10)
    assert _arns(first["Engagements"]) == before[:10]
    live.clock.advance(95)  # type: ignore[attr-defined]
    second = client.list_engagements(MaxResults=10, NextToken=first["NextToken"])
    # Offsets count from the head as it is now: three new rows push the last three seen back in.
    assert _arns(second["Engagements"]) == before[7:17]
    now = _arns(live.data.expected_engagements())
    assert len(now) == 103 and now[3:] == before
    assert [r["StartTime"] for r in live.data.expected_engagements()[:3]] == [
        ANCHOR + timedelta(seconds=90),
        ANCHOR + timedelta(seconds=60),
        ANCHOR + timedelta(seconds=30),
    ]
    assert (
        client.list_engagements(MaxResults=3)["Engagements"]
        == (live.data.expected_engagements()[:3])
    )


def test_a_window_that_ends_in_the_past_does_not_move(live: Emulator) -> None:
    client = aws_client("ssm-contacts", live.url)
    window = {"StartTime": ANCHOR - timedelta(days=3), "EndTime": ANCHOR}
    first = client.list_engagements(MaxResults=5, TimeRangeValue=window)
    live.clock.advance(300)  # type: ignore[attr-defined]
    second = client.list_engagements(
        MaxResults=5, TimeRangeValue=window, NextToken=first["NextToken"]
    )
    expected = _arns(live.data.expected_engagements(start=window["StartTime"], end=ANCHOR))
    assert _arns(first["Engagements"] + second["Engagements"]) == expected[:10]


def test_acknowledgements_and_stops_land_when_their_time_comes(live: Emulator) -> None:
    client = aws_client("ssm-contacts", live.url)
    live.clock.advance(40)  # type: ignore[attr-defined]
    newest = client.list_engagements(MaxResults=1)["Engagements"][0]
    assert "StopTime" not in newest
    planned = live.world.record(live.data.index(newest["EngagementArn"]), False)
    assert planned.stop is not None
    pages = client.list_pages_by_engagement(EngagementId=newest["EngagementArn"])["Pages"]
    assert pages and all("ReadTime" not in p for p in pages)
    live.clock.set(planned.stop + 1)  # type: ignore[attr-defined]
    detail = client.describe_engagement(EngagementId=newest["EngagementArn"])
    assert detail["StopTime"] == datetime.fromtimestamp(planned.stop, UTC)
    receipts = client.list_page_receipts(PageId=pages[0]["PageArn"])["Receipts"]
    assert receipts[-1]["ReceiptType"] == "STOP"
    assert receipts == live.data.receipts(pages[0]["PageArn"])


def test_a_read_planned_for_later_appears_then(live: Emulator) -> None:
    client = aws_client("ssm-contacts", live.url)
    live.clock.advance(10)  # type: ignore[attr-defined]
    for _ in range(40):
        live.clock.advance(30)  # type: ignore[attr-defined]
        row = live.data.expected_engagements()[0]
        i = live.data.index(row["EngagementArn"])
        page = live.world.details(i, False).pages[0]
        reads = [r.time for r in page.receipts if r.kind == "READ"]
        stop = live.world.record(i, False).stop
        if reads and (stop is None or reads[0] < stop) and reads[0] > live.clock():
            break
    else:
        raise AssertionError("some arrival is read a little after it arrives")
    assert (
        "ReadTime"
        not in client.list_pages_by_engagement(EngagementId=row["EngagementArn"])["Pages"][0]
    )
    live.clock.set(reads[0])  # type: ignore[attr-defined]
    shown = client.list_pages_by_engagement(EngagementId=row["EngagementArn"])["Pages"][0]
    assert shown["ReadTime"] == datetime.fromtimestamp(reads[0], UTC)


def test_a_plain_dataset_is_frozen_and_a_live_one_follows_the_wall_clock() -> None:
    frozen = Emulator(EmulatorConfig(engagements=5, anchor=ANCHOR))
    assert frozen.clock() == ANCHOR.timestamp()
    assert Emulator(EmulatorConfig(engagements=5, arrive_every=10)).clock is wall_clock
    args = _parser().parse_args(["--arrive-every", "12.5"])
    assert _config(args).arrive_every == 12.5 and _config(args).live


def test_standalone_emulator_with_arrivals_grows_at_the_head() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "engage_tui.emulator",
            "--engagements",
            "20",
            "--arrive-every",
            "0.2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        client = aws_client("ssm-contacts", proc.stdout.readline().strip())
        counts = [len(client.list_engagements()["Engagements"])]
        deadline = time.monotonic() + 10
        while counts[-1] <= counts[0] + 1 and time.monotonic() < deadline:
            time.sleep(0.1)
            counts.append(len(client.list_engagements()["Engagements"]))
        assert counts[-1] > counts[0] + 1, counts
    finally:
        proc.kill()
        proc.wait()
