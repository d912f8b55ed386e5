"""The data layer over real HTTP: typed values out, one readable SourceError for every failure."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Query, ReceiptType, TimeRange
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, Faults


def quick(url: str) -> Source:
    return Source.for_endpoint(url, max_attempts=1, read_timeout=0.5, connect_timeout=0.5)


def test_paging_returns_every_engagement_once_in_order(emulator: Emulator) -> None:
    source = quick(emulator.url)
    seen, token = [], None
    while True:
        page = source.list_engagements(Query(), token, 7)
        seen += [e.arn for e in page.items]
        token = page.next_token
        if token is None:
            break
    assert seen == [e["EngagementArn"] for e in emulator.data.expected_engagements()]


def test_incident_and_time_range_filter_exactly(emulator: Emulator) -> None:
    incident = emulator.data.incidents()[0]["arn"]
    everything = emulator.data.expected_engagements()
    window = TimeRange(everything[40]["StartTime"], everything[10]["StartTime"])
    page = quick(emulator.url).list_engagements(Query(incident, window), None, 1024)
    expected = emulator.data.expected_engagements(incident, window.start, window.end)
    assert [e.arn for e in page.items] == [e["EngagementArn"] for e in expected]
    assert all(e.incident_arn == incident for e in page.items)


def test_detail_pages_and_receipts_round_trip(emulator: Emulator) -> None:
    source = quick(emulator.url)
    arn = emulator.data.expected_engagements()[3]["EngagementArn"]
    detail = source.describe_engagement(arn)
    assert detail.subject == emulator.data.engagement(arn)["Subject"]
    pages = source.list_pages(arn)
    assert [p.arn for p in pages] == [p["PageArn"] for p in emulator.data.pages(arn)]
    receipts = source.list_receipts(pages[0].arn)
    assert receipts[0].type is ReceiptType.SENT
    assert [r.time for r in receipts] == sorted(r.time for r in receipts)


def test_endpoint_from_the_service_specific_environment_variable(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SSM_CONTACTS", emulator.url)
    source = Source(region="us-east-1", max_attempts=1)
    assert source.target.endpoint_url == emulator.url
    assert len(source.list_engagements(Query(), None, 5).items) == 5


FAULTS: list[tuple[Callable[[Faults], None], ErrorKind, str]] = [
    (lambda f: setattr(f, "throttle_burst", 5), ErrorKind.THROTTLED, "press r"),
    (lambda f: setattr(f, "server_error_next", 5), ErrorKind.SERVER, "internal error"),
    (lambda f: setattr(f, "drop_next", 5), ErrorKind.UNREACHABLE, "Could not reach"),
    (lambda f: setattr(f, "malformed_next", 5), ErrorKind.BAD_RESPONSE, "garbled"),
    (lambda f: setattr(f, "stall_seconds", 2.0), ErrorKind.TIMEOUT, "did not answer in time"),
    (lambda f: setattr(f, "expired_credentials", True), ErrorKind.EXPIRED_CREDENTIALS, "sso login"),
    (
        lambda f: setattr(f, "access_denied", {"ListEngagements"}),
        ErrorKind.ACCESS_DENIED,
        "ssm-contacts:ListEngagements",
    ),
]


@pytest.mark.parametrize(("fault", "kind", "said"), FAULTS)
def test_every_fault_becomes_one_readable_error(
    emulator: Emulator, fault: Callable[[Faults], None], kind: ErrorKind, said: str
) -> None:
    fault(emulator.faults)
    with pytest.raises(SourceError) as caught:
        quick(emulator.url).list_engagements(Query(), None, 10)
    assert caught.value.kind is kind
    assert said in caught.value.message


def test_forged_token_is_a_bad_token_error(emulator: Emulator) -> None:
    with pytest.raises(SourceError) as caught:
        quick(emulator.url).list_engagements(Query(), "forged-token", 10)
    assert caught.value.kind is ErrorKind.BAD_TOKEN


def test_no_credentials_says_how_to_get_some(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    source = Source(region="us-east-1", endpoint_url=emulator.url, max_attempts=1)
    with pytest.raises(SourceError) as caught:
        source.list_engagements(Query(), None, 10)
    assert caught.value.kind is ErrorKind.NO_CREDENTIALS
    assert "aws sso login" in caught.value.message


def test_missing_region_names_the_ways_to_set_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_REGION")
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    with pytest.raises(SourceError) as caught:
        Source(max_attempts=1).list_engagements(Query(), None, 10)
    assert caught.value.kind is ErrorKind.NO_REGION
    assert "--region" in caught.value.message


def test_unknown_profile_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SourceError) as caught:
        Source(profile="no-such-profile", region="us-east-1").list_engagements(Query())
    assert caught.value.kind is ErrorKind.PROFILE_NOT_FOUND
    assert "no-such-profile" in caught.value.message
