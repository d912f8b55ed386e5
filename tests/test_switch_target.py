"""`P` and `R`: another AWS profile or region without a restart, against the emulator; the
region each request was signed for is what the emulator saw in its SigV4 scope."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import botocore.credentials
import pytest

from engage_tui import config
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.cli import build_app, parser, resolve
from engage_tui.emulator import Emulator
from engage_tui.screens.choice_picker import ChoicePicker
from engage_tui.widgets.engagements_table import EngagementsTable
from tests.harness import make_app, screen_text, settle, toasts, wait_until

START_URL = "https://example.awsapps.com/start"
AWS_CONFIG = f"""\
[default]
region = us-east-1

[profile blue]
region = eu-central-1

[profile [red]not-markup]
region = eu-north-1

[profile sso-dev]
sso_start_url = {START_URL}
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = Oncall
region = ap-south-1
"""
AWS_CREDENTIALS = "[blue]\naws_access_key_id = AKIDBLUEEXAMPLE\naws_secret_access_key = fake\n"


@pytest.fixture
def aws_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's AWS config (conftest points AWS_CONFIG_FILE here) and a home for SSO's
    token cache; returns where `aws sso login` would leave its token."""
    (tmp_path / "aws-config").write_text(AWS_CONFIG, encoding="utf-8")
    (tmp_path / "aws-credentials").write_text(AWS_CREDENTIALS, encoding="utf-8")
    monkeypatch.setenv("HOME", str(tmp_path))
    # botocore fixes SSO's token cache folder at import (~/.aws/sso/cache): point it here,
    # so that the test neither reads nor writes the real one.
    cache = tmp_path / ".aws" / "sso" / "cache"
    monkeypatch.setattr(botocore.credentials.SSOProvider, "_SSO_TOKEN_CACHE_DIR", str(cache))
    key = hashlib.sha1(START_URL.encode()).hexdigest()  # noqa: S324 - botocore's cache key
    return cache / f"{key}.json"


class _Portal(BaseHTTPRequestHandler):
    """IAM Identity Center's GetRoleCredentials, for a token `aws sso login` left."""

    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps(
            {
                "roleCredentials": {
                    "accessKeyId": "ASIASSOEXAMPLE",
                    "secretAccessKey": "fake",
                    "sessionToken": "fake",
                    "expiration": 4_102_444_800_000,
                }
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def sso_portal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    server = HTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSO", f"http://127.0.0.1:{server.server_port}")
    yield
    server.shutdown()
    server.server_close()


def endpoint_app(url: str) -> Any:
    """The app as `engage-tui --endpoint-url URL` builds it: the user's profiles sign."""
    launch = resolve(parser().parse_args(["--endpoint-url", url, "--no-watch"]))
    source = Source(endpoint_url=url, max_attempts=2, read_timeout=2.0)
    return build_app(source, launch)


async def pick(pilot: Any, key: str, typed: str) -> None:
    """Open the P or R picker, filter it down by typing, take the first match."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChoicePicker))
    await pilot.press(*typed, "enter")
    await settle(pilot)


def regions_seen(emulator: Emulator, *operations: str) -> set[str]:
    return {region for op, region in emulator.request_regions if op in operations}


def status(app: Any) -> str:
    return str(app.screen.query_one("#status").render())


async def test_region_switch_reloads_everything_from_the_new_region(emulator: Emulator) -> None:
    app = make_app(emulator.url, "--since", "30d")
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        table = app.screen.query_one(EngagementsTable)
        selection = app.screen.feed.selection
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        assert "● us-east-1" in screen_text(app), "the current region is marked"
        emulator.clear_requests()
        await pilot.press(*"eu-west-2", "enter")
        await settle(pilot)
        reloaded = ("ListEngagements", "ListIncidentRecords", "ListContacts")
        assert {op for op, _ in emulator.request_regions} >= set(reloaded)
        assert regions_seen(emulator, *reloaded) == {"eu-west-2"}
        assert "eu-west-2" in status(app)
        assert app.screen.feed.selection == selection, "the same time range"
        assert table.row_count > 0
        await wait_until(pilot, lambda: all(table.ack_of(r) for r in table.rows_in_view()))
        # (asks made while the picker was open may still be the old region's)
        assert "eu-west-2" in regions_seen(emulator, "ListPagesByEngagement")
    assert config.load_state().region is None, "a demo's region is not remembered"


async def test_the_demo_refuses_a_profile_and_says_why(emulator: Emulator) -> None:
    app = make_app(emulator.url)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert not isinstance(app.screen, ChoicePicker)
        assert "takes no AWS profile" in toasts(app)


async def test_profile_switch_signs_with_the_profile_in_its_region(
    emulator: Emulator, aws_files: Path
) -> None:
    app = endpoint_app(emulator.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoicePicker))
        text = screen_text(app)
        assert "● default" in text and "sso-dev  ap-south-1 · SSO" in text
        assert "[red]not-markup  eu-north-1" in text, "a name is shown as written"
        emulator.clear_requests()
        await pilot.press(*"blue", "enter")
        await settle(pilot)
        assert regions_seen(emulator, "ListEngagements", "ListIncidentRecords") == {"eu-central-1"}
        assert "profile blue · eu-central-1" in status(app)
        assert app.screen.query_one(EngagementsTable).row_count > 0


async def test_an_sso_profile_not_logged_in_says_how_and_r_continues_after_login(
    emulator: Emulator, aws_files: Path, sso_portal: None
) -> None:
    app = endpoint_app(emulator.url)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        emulator.clear_requests()
        await pick(pilot, "P", "sso-dev")
        banner = str(app.screen.query_one("#error-banner").render())
        assert "aws sso login --profile sso-dev" in banner
        sent = {op for op, region in emulator.request_regions if region == "ap-south-1"}
        assert not sent, "nothing reached the service without the profile's credentials"
        aws_files.parent.mkdir(parents=True)
        aws_files.write_text(
            json.dumps(
                {
                    "startUrl": START_URL,
                    "region": "us-east-1",
                    "accessToken": "t",
                    "expiresAt": "2099-01-01T00:00:00Z",
                }
            ),
            encoding="utf-8",
        )  # what `aws sso login --profile sso-dev` leaves behind
        await pilot.press("r")
        await settle(pilot)
        assert not app.screen.query_one("#error-banner").display, str(
            app.screen.query_one("#error-banner").render()
        )
        assert app.screen.query_one(EngagementsTable).row_count > 0
        assert regions_seen(emulator, "ListEngagements") == {"ap-south-1"}
        assert "profile sso-dev · ap-south-1" in status(app)
        # The contact names failed with the session too; r asks for them again.
        assert regions_seen(emulator, "ListContacts") == {"ap-south-1"}
        assert app.names.contact_kinds, "person or plan is known again"


def test_a_switch_against_aws_is_remembered_for_the_next_start(aws_files: Path) -> None:
    app = build_app(Source(region="us-east-1"), resolve(parser().parse_args([])))
    app.retarget(profile="blue", region="eu-west-3")
    start = resolve(parser().parse_args([])).settings
    assert (start.profile, start.region) == ("blue", "eu-west-3")
    flagged = resolve(parser().parse_args(["--profile", "sso-dev"])).settings
    assert (flagged.profile, flagged.region) == ("sso-dev", None), "a flag overrides both"
    demo = resolve(parser().parse_args(["--demo"])).settings
    assert (demo.profile, demo.region) == (None, None)


def test_a_remembered_name_that_is_not_plain_text_is_forgotten() -> None:
    path = config.state_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"profile": "evil\x1b]0;x\x07", "region": ["eu-west-1"]}))
    state = config.load_state()
    assert (state.profile, state.region) == (None, None)


async def test_the_keys_screen_lists_export_profile_and_region(emulator: Emulator) -> None:
    app = make_app(emulator.url)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
        for key, words in (("e", "Export…"), ("P", "AWS profile"), ("R", "AWS region")):
            assert f" {key}  {words}" in text


def test_the_login_hint_names_a_profile_chosen_by_aws_profile(
    emulator: Emulator, aws_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_PROFILE", "sso-dev")
    with pytest.raises(SourceError) as failed:
        Source(endpoint_url=emulator.url, max_attempts=1).list_engagements(Query())
    assert "aws sso login --profile sso-dev" in failed.value.message
    # botocore reads AWS_DEFAULT_PROFILE first: the hint and the status bar name that one.
    monkeypatch.setenv("AWS_PROFILE", "oncall")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "sso-dev")
    source = Source(endpoint_url=emulator.url, max_attempts=1)
    with pytest.raises(SourceError) as failed:
        source.list_engagements(Query())
    assert "aws sso login --profile sso-dev" in failed.value.message
    assert "profile sso-dev" in source.target.label()
