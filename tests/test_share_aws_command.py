"""The copied aws commands: run by the real aws CLI against the emulator, they show the same."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest

from engage_tui.aws.mapping import parse_timestamp
from engage_tui.aws.source import Target
from engage_tui.emulator import Emulator
from engage_tui.sanitize import is_arn
from engage_tui.share.aws_command import NotCopyable, aws_commands
from tests.share_helpers import ARN, assert_safe

AWS_BIN = Path("/work/main/.venv/bin")


def aws_env(tmp_path: Path) -> dict[str, str]:
    """Only a profile (with a space in its name) holds the test credentials."""
    config, credentials = tmp_path / "config", tmp_path / "credentials"
    config.write_text("[profile on call]\nregion = eu-west-1\noutput = json\n")
    credentials.write_text(
        "[on call]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        PATH=f"{AWS_BIN}{os.pathsep}{env.get('PATH', '')}",
        AWS_CONFIG_FILE=str(config),
        AWS_SHARED_CREDENTIALS_FILE=str(credentials),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


@pytest.mark.skipif(not (AWS_BIN / "aws").exists(), reason="the aws CLI is not installed")
def test_the_commands_return_the_same_engagement(emulator: Emulator, tmp_path: Path) -> None:
    arn = emulator.data.expected_engagements()[5]["EngagementArn"]
    target = Target("on call", "us-east-1", emulator.url + "/base?X-Amz-Security-Token=SECRET")
    text = aws_commands(arn, target)
    assert "SECRET" not in text and "/base" not in text
    describe, pages = text.splitlines()
    env = aws_env(tmp_path)
    shown = json.loads(
        subprocess.run(
            ["bash", "-c", describe],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    )
    expected = emulator.data.engagement(arn)
    for key in ("EngagementArn", "ContactArn", "Sender", "Subject", "Content", "IncidentId"):
        assert shown[key] == expected[key]
    assert parse_timestamp(shown["StartTime"]) == expected["StartTime"]
    listed = json.loads(
        subprocess.run(
            ["bash", "-c", pages], env=env, capture_output=True, text=True, check=True, timeout=60
        ).stdout
    )
    assert [p["PageArn"] for p in listed["Pages"]] == [
        p["PageArn"] for p in emulator.data.pages(arn)
    ]


def test_every_argument_is_quoted_for_the_shell() -> None:
    odd = ARN + "'; rm -rf ~ #$(touch x)"
    text = aws_commands(odd, Target("it's me", "eu-west-1", None))
    for line in text.splitlines():
        words = shlex.split(line)
        assert words[words.index("--engagement-id") + 1] == odd
        assert words[words.index("--profile") + 1] == "it's me"
        assert "--endpoint-url" not in words
    assert_safe(text)


def test_no_profile_or_region_means_no_flag() -> None:
    text = aws_commands(ARN, Target(None, None, None))
    assert text.splitlines()[0] == f"aws ssm-contacts describe-engagement --engagement-id {ARN}"


def test_only_scheme_host_and_port_of_the_endpoint_are_kept() -> None:
    target = Target(None, "us-east-1", "https://user:hunter2@[::1]:4566/p?X-Amz-Credential=AKIA")
    words = shlex.split(aws_commands(ARN, target).splitlines()[0])
    assert words[words.index("--endpoint-url") + 1] == "https://[::1]:4566"
    with pytest.raises(NotCopyable):
        aws_commands(ARN, Target(None, None, "http://[bad"))


@pytest.mark.parametrize("tail", ["\x1b]52;c;cHduZWQ=\x07", "\u202etxt", "\x9b2J", "\nrm -rf ~"])
def test_a_hostile_arn_is_refused_not_pasted(tail: str) -> None:
    assert not is_arn(ARN + tail)
    with pytest.raises(NotCopyable, match="copy it as JSON instead") as caught:
        aws_commands(ARN + tail, Target(None, None, None))
    assert tail not in str(caught.value)
