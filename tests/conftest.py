"""Shared fixtures: every test is cut off from real AWS credentials and the user's files."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from engage_tui.emulator import Emulator, EmulatorConfig

FAKE_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "fake",
    "AWS_REGION": "us-east-1",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Clear every AWS_* variable, set fake credentials, and point config/state at tmp_path."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in FAKE_ENV.items():
        monkeypatch.setenv(name, value)
    # Keep ~/.aws out of reach too: boto3 would otherwise read the developer's profiles.
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # One local zone for every run, so times on screen (and snapshots) don't depend on the host.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A running emulator with a small dataset (200 engagements, 12 incidents) and no faults."""
    with Emulator(EmulatorConfig(engagements=200, incidents=12, seed=7)) as emu:
        yield emu


def aws_client(service: str, url: str, **config: object) -> Any:
    """A boto3 client for the emulator at `url`; `config` goes to botocore's Config."""
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="fake",
        config=Config(**config) if config else None,  # type: ignore[arg-type]
    )


@pytest.fixture
def contacts_client(emulator: Emulator) -> Any:
    """An ssm-contacts client on the `emulator` that never retries (faults show through raw)."""
    return aws_client("ssm-contacts", emulator.url, retries={"total_max_attempts": 1})


@pytest.fixture
def incidents_client(emulator: Emulator) -> Any:
    """An ssm-incidents client on the `emulator` that never retries."""
    return aws_client("ssm-incidents", emulator.url, retries={"total_max_attempts": 1})
