"""Credentials never reach the screen, toasts or any file the app writes; its files are private."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from engage_tui import config
from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.screens.engagement import EngagementScreen
from tests.harness import record_toasts, screen_text, settle, toasts

SIZE = (160, 45)
KEY_ID = "AKIAFAKEFAKEFAKE1234"
SECRET = "fakeSecretDoNotShow0123456789abcdefABCDEF"
SESSION = "FakeSessionTokenXYZ0123456789longlonglong"
SECRETS = (KEY_ID, SECRET, SESSION)


@pytest.fixture
def emu() -> Iterator[Emulator]:
    with Emulator(EmulatorConfig(engagements=120, incidents=6, seed=4)) as emulator:
        yield emulator


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", SESSION)


def seen(app) -> str:  # type: ignore[no-untyped-def]
    """What the user sees now: the screen, every toast, and the screenshot export."""
    return "\n".join([screen_text(app), toasts(app), app.export_screenshot()])


async def look(pilot: Pilot, shown: list[str]) -> None:  # type: ignore[type-arg]
    await settle(pilot)
    shown.append(seen(pilot.app))


async def test_credentials_never_shown_or_written_and_files_are_private(
    emu: Emulator, credentials: None, tmp_path: Path
) -> None:
    url = emu.url
    launch = resolve(parser().parse_args(["--endpoint-url", url, "--region", "us-east-1"]))
    app = record_toasts(
        build_app(Source(region="us-east-1", endpoint_url=url, max_attempts=1), launch)
    )
    shown: list[str] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await look(pilot, shown)
        assert app.screen.query_one("EngagementsTable").row_count > 0, "env credentials work"
        emu.faults.expired_credentials = True
        await pilot.press("r")
        await look(pilot, shown)
        assert "aws sso login" in shown[-1]
        emu.faults.clear()
        emu.faults.access_denied = {"ListEngagements", "DescribeEngagement"}
        await pilot.press("r")
        await look(pilot, shown)
        assert "ssm-contacts:ListEngagements" in shown[-1]
        emu.faults.clear()
        await pilot.press("r")
        await look(pilot, shown)
        await pilot.press("u")  # remembered: UTC
        await look(pilot, shown)
        app.theme = "textual-light"  # remembered: theme
        await pilot.press("t", *"6h", "enter")  # remembered: a recent range
        await look(pilot, shown)
        await pilot.press("enter")
        await look(pilot, shown)
        assert isinstance(app.screen, EngagementScreen)
        await pilot.press("question_mark")
        await look(pilot, shown)

    state = config.load_state()
    assert state.utc is True and state.theme == "textual-light" and "6h" in state.recent_ranges
    for text in shown:
        for secret in SECRETS:
            assert secret not in text
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert config.state_path() in written
    for path in written:
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, f"{secret} in {path}"
    for path in config.state_path().parent.rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert stat.S_IMODE(config.state_path().parent.stat().st_mode) == 0o700


async def test_status_bar_names_the_target_but_no_credential(
    emu: Emulator, credentials: None
) -> None:
    url = emu.url
    launch = resolve(parser().parse_args(["--endpoint-url", url, "--profile", "oncall"]))
    app = record_toasts(
        build_app(Source(profile="oncall", region="us-east-1", endpoint_url=url), launch)
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        text = seen(app)
        # The profile does not exist: the message says so and names it, nothing more.
        assert "oncall" in text
        for secret in SECRETS:
            assert secret not in text
