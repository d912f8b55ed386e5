"""`--request-log`: the standalone emulator says, as it serves, which operation named what."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import aws_client


def test_each_request_is_a_json_line_naming_its_engagement_and_no_token(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    command = [sys.executable, "-m", "engage_tui.emulator", "--engagements", "30"]
    proc = subprocess.Popen(
        [*command, "--request-log", str(log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        client = aws_client("ssm-contacts", proc.stdout.readline().strip())
        first = client.list_engagements(MaxResults=10)
        client.list_engagements(MaxResults=10, NextToken=first["NextToken"])
        arn = first["Engagements"][3]["EngagementArn"]
        client.list_pages_by_engagement(EngagementId=arn)
        client.describe_engagement(EngagementId=arn)
        lines = [json.loads(line) for line in log.read_text().splitlines()]
    finally:
        proc.terminate()
        proc.wait(10)
    assert [(line["op"], line["id"]) for line in lines] == [
        ("ListEngagements", None),
        ("ListEngagements", None),
        ("ListPagesByEngagement", arn),
        ("DescribeEngagement", arn),
    ]
    assert all(isinstance(line["t"], float) for line in lines)
    assert first["NextToken"] not in log.read_text(), "tokens stay out of files"
