"""The start-up's botocore-free first pages: signed as botocore signs, read as botocore reads,
and left to botocore whenever anything is unusual."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from engage_tui.aws import direct
from engage_tui.aws.models import Query, TimeRange
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig

ENV = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG"}
NOW = datetime(2026, 3, 29, 0, 59, 58, tzinfo=UTC)


def _plan(**changes: object) -> direct.Plan | None:
    options: dict[str, object] = {
        "profile": None,
        "region": "eu-west-1",
        "endpoint_url": None,
        "static_credentials": None,
        "timeout": 5.0,
        "environ": {**ENV, "AWS_CONFIG_FILE": "/nonexistent"},
    }
    options.update(changes)
    return direct.plan(**options)  # type: ignore[arg-type]


def _botocore_authorization(plan: direct.Plan, body: bytes, token: str | None) -> str:
    request = AWSRequest(
        method="POST",
        url=plan.endpoint + "/",
        data=body,
        headers={
            "Content-Type": direct.CONTENT_TYPE,
            "X-Amz-Target": "SSMContacts.ListEngagements",
        },
    )
    credentials = Credentials(plan.access_key, plan.secret_key, token)
    SigV4Auth(credentials, "ssm-contacts", plan.region).add_auth(request)
    return str(request.headers["Authorization"])


@pytest.mark.parametrize("token", [None, "IQoJb3JpZ2luX2VjEAoaCXVzLWVhc3QtMSJGMEQCIF"])
@pytest.mark.parametrize("endpoint", [None, "http://127.0.0.1:8123"])
def test_requests_are_signed_exactly_as_botocore_signs_them(
    token: str | None, endpoint: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import botocore.auth  # its clock, stopped at NOW so that both signatures can be compared

    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: NOW.replace(tzinfo=None))
    environ = {**ENV, "AWS_CONFIG_FILE": "/nonexistent"}
    if token:
        environ["AWS_SESSION_TOKEN"] = token
    plan = _plan(endpoint_url=endpoint, environ=environ)
    assert plan is not None
    window = TimeRange(NOW - timedelta(hours=2), NOW)
    params = {"MaxResults": 50, "TimeRangeValue": {"StartTime": window.start, "EndTime": NOW}}
    body = direct.list_engagements_params(params)
    headers = direct.signed_headers(plan, "ListEngagements", body, now=NOW)
    assert headers["authorization"] == _botocore_authorization(plan, body, token)
    assert headers.get("x-amz-security-token") == token


def test_the_body_is_the_json_botocore_sends() -> None:
    start = datetime(2026, 11, 28, 9, 0, 30, 250_000, tzinfo=UTC)
    params = {
        "MaxResults": 50,
        "IncidentId": "arn:aws:ssm-incidents::1:incident-record/x/y",
        "TimeRangeValue": {"StartTime": start},
        "NextToken": "tok",
    }
    from botocore.session import Session

    model = Session().get_service_model("ssm-contacts").operation_model("ListEngagements")
    from botocore.serialize import create_serializer

    sent = create_serializer("json").serialize_to_request(params, model)["body"]
    assert direct.list_engagements_params(params) == sent


def test_a_plan_only_when_botocore_would_send_the_same_request(tmp_path: Path) -> None:
    assert _plan() is not None
    assert _plan().endpoint == "https://ssm-contacts.eu-west-1.amazonaws.com"  # type: ignore[union-attr]
    # A named profile: botocore then ignores the environment's keys.
    assert _plan(profile="oncall") is None
    # No keys, or no region: botocore's chain and its error messages.
    assert _plan(environ={"AWS_CONFIG_FILE": "/nonexistent"}) is None
    assert _plan(region=None) is None
    # Anything that changes where or how the request goes.
    for name in ("HTTPS_PROXY", "AWS_ENDPOINT_URL", "AWS_USE_FIPS_ENDPOINT"):
        assert _plan(environ={**ENV, name: "x", "AWS_CONFIG_FILE": "/nonexistent"}) is None
    for region in ("cn-north-1", "us-gov-west-1", "us-isob-east-1"):
        assert _plan(region=region) is None
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-west-1\noutput = json\n")
    assert _plan(environ={**ENV, "AWS_CONFIG_FILE": str(config)}) is not None
    config.write_text("[default]\nregion = eu-west-1\nca_bundle = /etc/corp.pem\n")
    assert _plan(environ={**ENV, "AWS_CONFIG_FILE": str(config)}) is None
    # The emulator's throwaway keys work with any profile setting.
    assert _plan(static_credentials=("AKIDEMO", "x"), endpoint_url="http://127.0.0.1:1") is not None


def test_the_plan_never_shows_its_secret() -> None:
    plan = _plan(environ={**ENV, "AWS_SESSION_TOKEN": "tok-123", "AWS_CONFIG_FILE": "/x"})
    assert "wJalr" not in repr(plan) and "tok-123" not in repr(plan) and "AKID" not in repr(plan)


def _both(source: Source, query: Query, size: int) -> tuple[object, object]:
    quick = source.list_engagements_direct(query, None, size)
    slow = source.list_engagements(query, None, size)
    assert quick is not None
    return quick, slow


@pytest.mark.parametrize("switch", ["plain", "hostile", "naive_times", "skew"])
def test_a_direct_page_holds_the_rows_botocore_gives(switch: str) -> None:
    config = EmulatorConfig(engagements=300, incidents=6, seed=3)
    with Emulator(config) as emu:
        if switch != "plain":
            setattr(emu.faults, switch, True)
        source = Source.for_endpoint(emu.url)
        for query in (Query(), Query(time_range=TimeRange(NOW - timedelta(days=400), None))):
            quick, slow = _both(source, query, 120)
            assert quick.items == slow.items  # type: ignore[attr-defined]
            assert quick.skipped == slow.skipped  # type: ignore[attr-defined]
            assert (quick.next_token is None) == (slow.next_token is None)  # type: ignore[attr-defined]


def test_an_answer_botocore_would_reject_is_left_to_botocore() -> None:
    with Emulator(EmulatorConfig(engagements=50, incidents=3, seed=3)) as emu:
        source = Source.for_endpoint(emu.url)
        emu.faults.malformed_next = 1
        assert source.list_engagements_direct(Query(), None, 10) is None
        emu.faults.server_error_next = 1
        assert source.list_engagements_direct(Query(), None, 10) is None
        emu.faults.throttle_every = 1
        assert source.list_engagements_direct(Query(), None, 10) is None


def test_the_first_page_needs_no_botocore(emulator: Emulator) -> None:
    """The point of it all: the start-up's request costs no botocore import."""
    script = (
        "import sys\n"
        "from engage_tui.aws.source import Source\n"
        "from engage_tui.aws.models import Query\n"
        f"page = Source.for_endpoint({emulator.url!r}).list_engagements_direct(Query(), None, 20)\n"
        "print(len(page.items), 'botocore' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=30
    )
    assert out.stdout.split() == ["20", "False"]


def test_an_answer_is_read_as_botocore_reads_it() -> None:
    arn = "arn:aws:ssm-contacts:us-east-1:1:engagement/a/b"
    item = {"EngagementArn": arn, "ContactArn": arn, "Sender": "x", "StartTime": 1.5e9}
    page = direct.engagement_page({"Engagements": [{**item, "StopTime": None}]})
    assert page is not None and page.items[0].stop is None  # null: no value, as botocore has it
    assert page.items[0].start == datetime.fromtimestamp(1.5e9, UTC)
    # An item that is no object: botocore calls the whole answer garbled, and says so itself.
    assert direct.engagement_page({"Engagements": [item, "x"]}) is None
    assert direct.engagement_page({"Engagements": {"a": item}}) is None
    assert direct.engagement_page({"Engagements": [item], "NextToken": 7}) is None


def test_an_endpoint_it_cannot_read_is_left_to_botocore() -> None:
    source = Source.for_endpoint("http://[::1")  # botocore says what is wrong with it
    assert source.list_engagements_direct(Query(), None, 10) is None
