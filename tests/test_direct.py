"""The start-up's botocore-free first pages: signed as botocore signs, read as botocore reads,
and left to botocore whenever anything is unusual."""

from __future__ import annotations

import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.httpsession import where as botocore_bundle

from engage_tui import __version__
from engage_tui.aws import direct
from engage_tui.aws.models import Query, TimeRange
from engage_tui.aws.source import EMULATOR_REGION, Source
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
    # The environment's keys, not the plan's: the plan must carry them as they are.
    credentials = Credentials(ENV["AWS_ACCESS_KEY_ID"], ENV["AWS_SECRET_ACCESS_KEY"], token)
    SigV4Auth(credentials, "ssm-contacts", plan.region).add_auth(request)
    return str(request.headers["Authorization"])


@pytest.mark.parametrize(
    "token", [None, "IQoJb3JpZ2luX2VjEAoaCXVzLWVhc3QtMSJGMEQCIF", " a  token\twith spaces "]
)
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
    # A null is read as no row (skipped), as behind botocore (raw_items): not left to it.
    with_null = direct.engagement_page({"Engagements": [item, None]})
    assert with_null is not None and (len(with_null.items), with_null.skipped) == (1, 1)
    assert direct.engagement_page({"Engagements": {"a": item}}) is None
    assert direct.engagement_page({"Engagements": [item], "NextToken": 7}) is None
    # A row it cannot read is counted, for the status bar, as botocore's path counts it.
    page = direct.engagement_page({"Engagements": [item, {**item, "StartTime": "yesterday"}]})
    assert page is not None and len(page.items) == 1 and page.skipped == 1


def test_an_endpoint_it_cannot_read_is_left_to_botocore() -> None:
    source = Source.for_endpoint("http://[::1")  # botocore says what is wrong with it
    assert source.list_engagements_direct(Query(), None, 10) is None


# ---- where the region, the keys and the profile's settings come from ----


def test_the_region_is_the_given_one_else_aws_region_else_aws_default_region() -> None:
    def endpoint(**environ: str) -> str | None:
        chosen = _plan(region=None, environ={**ENV, "AWS_CONFIG_FILE": "/x", **environ})
        return None if chosen is None else chosen.endpoint

    frankfurt, mumbai = (
        f"https://ssm-contacts.{r}.amazonaws.com" for r in ("eu-central-1", "ap-south-1")
    )
    assert endpoint(AWS_REGION="eu-central-1") == frankfurt
    assert endpoint(AWS_DEFAULT_REGION="ap-south-1") == mumbai
    both = {"AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "ap-south-1"}
    assert endpoint(**both) == frankfurt
    assert _plan(environ={**ENV, "AWS_CONFIG_FILE": "/x", **both}).region == "eu-west-1"  # type: ignore[union-attr]


def test_keys_come_from_the_environment_and_either_token_name() -> None:
    def chosen(**environ: str) -> direct.Plan | None:
        return _plan(environ={"AWS_CONFIG_FILE": "/x", **environ})

    key, secret = ENV["AWS_ACCESS_KEY_ID"], ENV["AWS_SECRET_ACCESS_KEY"]
    assert chosen(AWS_ACCESS_KEY_ID=key) is None  # half a pair: botocore's chain and its error
    assert chosen(AWS_SECRET_ACCESS_KEY=secret) is None
    pair = chosen(**ENV)
    assert pair is not None and (pair.access_key, pair.secret_key, pair.token) == (
        key,
        secret,
        None,
    )
    older = chosen(**ENV, AWS_SECURITY_TOKEN="old-name")
    assert older is not None and older.token == "old-name"  # botocore still reads the old name
    newer = chosen(**ENV, AWS_SECURITY_TOKEN="old-name", AWS_SESSION_TOKEN="new-name")
    assert newer is not None and newer.token == "new-name"


def test_an_endpoint_it_would_send_elsewhere_is_left_to_botocore() -> None:
    assert _plan(endpoint_url="http://127.0.0.1:8123/stage") is None  # botocore keeps the path
    assert _plan(endpoint_url="ftp://127.0.0.1:8123") is None  # botocore refuses the scheme
    assert _plan(endpoint_url="http://:8123") is None
    plan = _plan(endpoint_url="http://127.0.0.1:8123/")
    assert plan is not None and plan.endpoint == "http://127.0.0.1:8123"


def _with_config(tmp_path: Path, text: str, **environ: str) -> direct.Plan | None:
    config = tmp_path / "aws-config"
    config.write_text(text)
    return _plan(environ={**ENV, "AWS_CONFIG_FILE": str(config), **environ})


CORP = "[default]\nregion = eu-west-1\n[profile corp]\nendpoint_url = https://vpce.example\n"


def test_the_profile_in_use_is_read_as_botocore_chooses_it(tmp_path: Path) -> None:
    assert _with_config(tmp_path, CORP) is not None
    assert _with_config(tmp_path, CORP, AWS_PROFILE="corp") is None
    assert _with_config(tmp_path, CORP, AWS_DEFAULT_PROFILE="corp") is None
    # botocore reads AWS_DEFAULT_PROFILE first: corp's endpoint, not the default one.
    assert _with_config(tmp_path, CORP, AWS_DEFAULT_PROFILE="corp", AWS_PROFILE="default") is None
    assert _with_config(tmp_path, CORP, AWS_DEFAULT_PROFILE="default", AWS_PROFILE="corp")
    plain = "[profile plain]\nregion = eu-west-1\noutput = json\n[plain]\nendpoint_url = x\n"
    assert _with_config(tmp_path, plain, AWS_PROFILE="plain") is not None  # `[profile x]` only
    # A profile the file doesn't hold: botocore says so. No [default] at all: nothing to honour.
    assert _with_config(tmp_path, CORP, AWS_PROFILE="ghost") is None
    assert _with_config(tmp_path, "[profile corp]\nendpoint_url = https://vpce.example\n")


def test_a_config_file_that_does_not_parse_is_left_to_botocore(tmp_path: Path) -> None:
    assert _with_config(tmp_path, "region = eu-west-1\n") is None  # no section: botocore's error
    assert _with_config(tmp_path, "[default]\nregion = eu-west-1\n[default]\n") is None


def test_the_config_file_in_the_home_directory_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".aws").mkdir()
    config = tmp_path / ".aws" / "config"
    config.write_text("[default]\nregion = eu-west-1\n")
    assert _plan(environ=ENV) is not None
    config.write_text("[default]\nregion = eu-west-1\nendpoint_url = https://vpce.example\n")
    assert _plan(environ=ENV) is None


# ---- what goes over the wire, and what comes back ----

# A throwaway CA and a certificate for 127.0.0.1 it signed (valid 2000-2100), for tests only.
TEST_CA = """-----BEGIN CERTIFICATE-----
MIIBbTCCAROgAwIBAgIBATAKBggqhkjOPQQDAjAdMRswGQYDVQQDDBJlbmdhZ2Ut
dHVpIHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMB0x
GzAZBgNVBAMMEmVuZ2FnZS10dWkgdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49
AwEHA0IABPod03L/jt4sWOOlI1kXwGBdlb+X4zUvBBG8rrX9oFo6lf+4+eOHdMHY
OuJssuxON+qZ1QsiwpgOYmremGV7GSWjQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYD
VR0PAQH/BAQDAgEGMB0GA1UdDgQWBBTTga8D3MxY/30e85LDogH/RPDzVDAKBggq
hkjOPQQDAgNIADBFAiEAj0IOs+PJufth1xgTvMos+t9OZZjbuLnUbjlAvc0C4GYC
IHPIcDm9AQRJXttX1eIuj9d/iyExKOjovXhlNADeUqTD
-----END CERTIFICATE-----
"""
TEST_SERVER_CERT = """-----BEGIN CERTIFICATE-----
MIIBqjCCAVCgAwIBAgIBAjAKBggqhkjOPQQDAjAdMRswGQYDVQQDDBJlbmdhZ2Ut
dHVpIHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEwMDAxMDEwMDAwMDBaMBQx
EjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABFqE
NiZkwvmbQBIxx8EpXvbyXM1RsA2MpIoEdYPHERGICSC9bUbgrBV3ECrHm2TxZkak
ub5fQr61D44wfibFlRmjgYcwgYQwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMC
B4AwEwYDVR0lBAwwCgYIKwYBBQUHAwEwDwYDVR0RBAgwBocEfwAAATAdBgNVHQ4E
FgQUS+ITzf/BV5KhqbrTH+XZjfQDqlMwHwYDVR0jBBgwFoAU04GvA9zMWP99HvOS
w6IB/0Tw81QwCgYIKoZIzj0EAwIDSAAwRQIhAISWg0yAtTqPqFhnjUHvGgiZ1R11
pseq88LBE0Dw+HTCAiANdPcGK5VVEfk9/u+GeEUNaG4LxjvhVd25CN7rg0j/EQ==
-----END CERTIFICATE-----
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgnNeU6G4wKkQY8U5o
w+jNyR6AgDBhOL/V3eq9t+zxuwqhRANCAARahDYmZML5m0ASMcfBKV728lzNUbAN
jKSKBHWDxxERiAkgvW1G4KwVdxAqx5tk8WZGpLm+X0K+tQ+OMH4mxZUZ
-----END PRIVATE KEY-----
"""
EMPTY_PAGE = b'{"Engagements": []}'


@dataclass
class Seen:
    """One request as the server read it."""

    path: str
    headers: dict[str, str]
    body: bytes


@contextmanager
def serving(
    answer: tuple[int, bytes] = (200, EMPTY_PAGE), *, tls_dir: Path | None = None
) -> Iterator[tuple[int, list[Seen]]]:
    """A server on 127.0.0.1 (HTTPS with TEST_SERVER_CERT when `tls_dir` is given) that
    records each request and gives `answer`; yields its port and the requests seen."""
    seen: list[Seen] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name.lower(): value for name, value in self.headers.items()}
            seen.append(Seen(self.path, headers, body))
            self.send_response(answer[0])
            self.send_header("Content-Length", str(len(answer[1])))
            self.end_headers()
            self.wfile.write(answer[1])

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls_dir is not None:
        (tls_dir / "server.pem").write_text(TEST_SERVER_CERT)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls_dir / "server.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def silent() -> Iterator[int]:
    """A port that takes connections (the kernel's backlog) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_the_request_is_the_one_botocore_would_send(monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing from the environment: the emulator's own region and keys are enough.
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("TZ", "Pacific/Auckland")  # the signature's clock is UTC whatever the zone
    time.tzset()
    with serving() as (port, seen):
        source = Source.for_endpoint(f"http://127.0.0.1:{port}")
        page = source.list_engagements_direct(Query(), None, 20)
    assert page is not None and page.items == () and page.next_token is None
    [request] = seen
    assert request.path == "/"
    assert request.body == b'{"MaxResults": 20}'
    assert request.headers["x-amz-target"] == "SSMContacts.ListEngagements"
    assert request.headers["content-type"] == direct.CONTENT_TYPE
    assert request.headers["user-agent"] == f"engage-tui/{__version__} direct"
    stamp = datetime.strptime(request.headers["x-amz-date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs(stamp - datetime.now(UTC)) < timedelta(minutes=5)
    scope = f"AKIDEMOEMULATOR/{stamp:%Y%m%d}/{EMULATOR_REGION}/ssm-contacts/aws4_request"
    assert f"Credential={scope}," in request.headers["authorization"]


def test_a_named_profile_leaves_even_the_first_page_to_botocore() -> None:
    with serving() as (port, seen):
        endpoint = f"http://127.0.0.1:{port}"
        plain = Source(region="us-east-1", endpoint_url=endpoint)
        assert plain.list_engagements_direct(Query(), None, 20) is not None
        named = Source(profile="oncall", region="us-east-1", endpoint_url=endpoint)
        assert named.list_engagements_direct(Query(), None, 20) is None
    assert len(seen) == 1


@pytest.mark.parametrize(
    "answer",
    [(500, EMPTY_PAGE), (200, b"[]"), (200, b'"Engagements"'), (200, b"<html>"), (200, b"")],
    ids=["server error", "a list", "a string", "no json", "empty"],
)
def test_anything_but_a_json_object_with_200_is_left_to_botocore(answer: tuple[int, bytes]) -> None:
    with serving(answer) as (port, seen):
        plan = direct.Plan(f"http://127.0.0.1:{port}", "us-east-1", "AKID", "secret")
        assert direct.send(plan, "ListEngagements", {"MaxResults": 5}) is None
    assert len(seen) == 1


@pytest.mark.timeout(10)
def test_a_server_that_never_answers_is_given_up_on_after_the_read_timeout() -> None:
    with silent() as port:
        source = Source.for_endpoint(f"http://127.0.0.1:{port}", read_timeout=0.2)
        started = time.monotonic()
        assert source.list_engagements_direct(Query(), None, 20) is None
        plan = direct.Plan(f"https://127.0.0.1:{port}", "us-east-1", "AKID", "secret", None, 0.2)
        assert direct.send(plan, "ListEngagements", {}) is None  # the TLS handshake too
        assert time.monotonic() - started < 5


def test_https_trusts_the_ca_bundle_botocore_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ca.pem").write_text(TEST_CA)
    with serving(tls_dir=tmp_path) as (port, seen):
        plan = direct.Plan(f"https://127.0.0.1:{port}", "us-east-1", "AKID", "secret")
        # botocore's own bundle doesn't hold the test CA: no answer, botocore explains why.
        assert direct.send(plan, "ListEngagements", {}) is None
        monkeypatch.setenv("AWS_CA_BUNDLE", str(tmp_path / "ca.pem"))
        assert direct.send(plan, "ListEngagements", {}) == {"Engagements": []}
        assert seen[-1].headers["host"] == f"127.0.0.1:{port}"
        # The certificate names 127.0.0.1 only: the same server under another name is refused.
        other = direct.Plan(f"https://localhost:{port}", "us-east-1", "AKID", "secret")
        assert direct.send(other, "ListEngagements", {}) is None
    assert len(seen) == 1


def test_the_ca_bundle_is_aws_ca_bundle_then_requests_ca_bundle_then_botocores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca, missing = tmp_path / "ca.pem", str(tmp_path / "missing.pem")
    ca.write_text(TEST_CA)
    # If the default were the system's store, these would be what it holds.
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    with pytest.raises(OSError):
        direct.tls_context({"AWS_CA_BUNDLE": missing, "REQUESTS_CA_BUNDLE": str(ca)})
    with pytest.raises(OSError):
        direct.tls_context({"REQUESTS_CA_BUNDLE": missing})
    test_ca = [ssl.DER_cert_to_PEM_cert(ssl.PEM_cert_to_DER_cert(TEST_CA))]

    def loaded(context: ssl.SSLContext) -> list[str]:
        return [ssl.DER_cert_to_PEM_cert(der) for der in context.get_ca_certs(binary_form=True)]

    assert loaded(direct.tls_context({"AWS_CA_BUNDLE": str(ca), "REQUESTS_CA_BUNDLE": missing}))
    assert loaded(direct.tls_context({"REQUESTS_CA_BUNDLE": str(ca)})) == test_ca
    context = direct.tls_context({})
    assert loaded(context) == loaded(ssl.create_default_context(cafile=botocore_bundle()))
    assert len(loaded(context)) > 100 and test_ca[0] not in loaded(context)
    assert context.check_hostname and context.verify_mode == ssl.CERT_REQUIRED


def test_certifis_bundle_is_the_default_when_installed_as_botocore_prefers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "certifi").mkdir()
    (tmp_path / "certifi" / "__init__.py").write_text("")
    (tmp_path / "certifi" / "cacert.pem").write_text(TEST_CA)
    monkeypatch.syspath_prepend(str(tmp_path))
    [only] = direct.tls_context({}).get_ca_certs(binary_form=True)
    assert only == ssl.PEM_cert_to_DER_cert(TEST_CA)
