"""The data layer over real HTTP: typed values out, one readable SourceError for every failure."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import Part, Query, ReceiptType, TimeRange
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, Faults
from tests.canned import canned, url


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


# --- what a server may send that the emulator does not: over real HTTP, through botocore --------

ARN = "arn:aws:ssm-contacts:us-east-1:111122223333"


def row(n: int, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {
        "EngagementArn": f"{ARN}:engagement/oncall/e{n}",
        "ContactArn": f"{ARN}:contact/oncall",
        "Sender": "cli",
        "StartTime": 1784084645.25 - n,
    }
    item.update(fields)
    return item


def serve_engagements(*body: object) -> Callable[[str, dict[str, Any]], object]:
    answers = list(body)
    return lambda operation, params: answers.pop(0) if len(answers) > 1 else answers[0]


def test_rows_come_out_in_utc_on_one_shared_tzinfo() -> None:
    with canned(serve_engagements({"Engagements": [row(1), row(2, StopTime=1784084700)]})) as srv:
        page = quick(url(srv)).list_engagements(Query())
    times = [t for r in page.items for t in (r.start, r.stop) if t is not None]
    assert len(times) == 3 and all(t.tzinfo is UTC for t in times)
    assert page.items[0].start == datetime(2026, 7, 15, 3, 4, 4, 250000, tzinfo=UTC)


def test_one_unreadable_row_is_skipped_and_counted_not_the_page() -> None:
    rows = [
        row(1),
        row(2, StartTime="the day before yesterday"),  # botocore's own parser fails the page
        row(3, ContactArn={"not": "text"}),
        {"ContactArn": f"{ARN}:contact/oncall"},  # no EngagementArn
        row(5),
    ]
    with canned(serve_engagements({"Engagements": rows, "NextToken": "more"})) as srv:
        page = quick(url(srv)).list_engagements(Query())
    assert [r.arn.rsplit("/", 1)[-1] for r in page.items] == ["e1", "e5"]
    assert page.skipped == 3
    assert page.next_token == "more"


@pytest.mark.parametrize(
    "body",
    [
        {"Engagements": "lots"},
        {"Engagements": 5},
        {"Engagements": [1, 2]},
        {"Engagements": [], "NextToken": 5},
        {"Engagements": [], "NextToken": "x" * 2049},
        {"NextToken": "abc"},
        b'{"Engagements": [{"EngagementArn": "arn:aws:ssm-con',
        b"<html><body>Service Unavailable</body></html>",
        b"",
    ],
)
def test_a_response_of_the_wrong_shape_is_garbled_not_unexpected(body: object) -> None:
    with canned(serve_engagements(body)) as srv, pytest.raises(SourceError) as caught:
        quick(url(srv)).list_engagements(Query())
    assert caught.value.kind is ErrorKind.BAD_RESPONSE
    assert "garbled" in caught.value.message


def test_a_token_at_the_models_limit_is_still_a_token() -> None:
    token = "t" * 2048
    with canned(serve_engagements({"Engagements": [row(1)], "NextToken": token})) as srv:
        assert quick(url(srv)).list_engagements(Query()).next_token == token


def test_missing_optional_lists_are_empty_and_unknown_words_are_kept() -> None:
    def answer(operation: str, params: dict[str, Any]) -> object:
        if operation == "ListPageReceipts":
            return {} if params["PageId"].endswith("p1") else {"Receipts": [new_kind]}
        if operation == "ListContacts":
            return {}
        return {"Pages": [page_item(1), page_item(2)]}

    new_kind = {"ReceiptType": "ESCALATED", "ReceiptTime": 1784084645, "ReceiptInfo": "x"}
    with canned(answer) as srv:
        source = quick(url(srv))
        assert source.list_contacts() == ()
        timeline = source.timeline_parts(f"{ARN}:engagement/oncall/e1", full=False)
        full = source.timeline_parts(f"{ARN}:engagement/oncall/e1")
    assert timeline.problems == {} and full.problems.keys() == {Part.DETAIL}
    assert full.receipts[page_item(1)["PageArn"]] == ()
    (kept,) = full.receipts[page_item(2)["PageArn"]]
    assert kept.type == "ESCALATED" and kept.known_type is None


@pytest.mark.parametrize("body", [b'{"Receipts": [{"ReceiptType": "RE', b"", b"<html></html>"])
def test_a_cut_short_receipts_body_is_an_error_not_no_receipts(body: bytes) -> None:
    with canned(lambda operation, params: body) as srv, pytest.raises(SourceError) as caught:
        quick(url(srv)).list_receipts(f"{ARN}:page/oncall/p1")
    assert caught.value.kind is ErrorKind.BAD_RESPONSE


def page_item(n: int, **fields: object) -> dict[str, Any]:
    item: dict[str, Any] = {
        "PageArn": f"{ARN}:page/oncall/p{n}",
        "EngagementArn": f"{ARN}:engagement/oncall/e1",
        "ContactArn": f"{ARN}:contact/oncall",
        "Sender": "cli",
        "SentTime": 1784084645,
    }
    item.update(fields)
    return item


# --- one missing permission never blanks the engagement ------------------------------------------


def test_denied_receipts_leave_detail_and_pages_and_are_named(emulator: Emulator) -> None:
    arn = emulator.data.expected_engagements()[3]["EngagementArn"]
    assert len(emulator.data.pages(arn)) > 1
    emulator.faults.access_denied = {"ListPageReceipts"}
    emulator.clear_requests()
    timeline = quick(emulator.url).timeline(arn)
    assert timeline.detail is not None and timeline.detail.subject
    assert [p.arn for p in timeline.pages] == [p["PageArn"] for p in emulator.data.pages(arn)]
    assert timeline.receipts == {}
    assert timeline.problems[Part.RECEIPTS].kind is ErrorKind.ACCESS_DENIED
    assert "ListPageReceipts" in timeline.problems[Part.RECEIPTS].message
    asked = [op for op, _ in emulator.requests if op == "ListPageReceipts"]
    assert len(asked) == 1, "a denied permission is not asked again for every page"


def test_denied_detail_still_gives_pages_and_receipts(emulator: Emulator) -> None:
    arn = emulator.data.expected_engagements()[3]["EngagementArn"]
    emulator.faults.access_denied = {"DescribeEngagement"}
    source = quick(emulator.url)
    timeline = source.timeline_parts(arn)
    assert timeline.detail is None
    assert timeline.problems.keys() == {Part.DETAIL}
    assert timeline.pages and set(timeline.receipts) == {p.arn for p in timeline.pages}
    with pytest.raises(SourceError):
        source.timeline(arn)  # the compat form promises a detail


def test_nothing_loaded_is_an_error_not_an_empty_timeline(emulator: Emulator) -> None:
    arn = emulator.data.expected_engagements()[3]["EngagementArn"]
    emulator.faults.access_denied = {"DescribeEngagement", "ListPagesByEngagement"}
    with pytest.raises(SourceError) as caught:
        quick(emulator.url).timeline_parts(arn)
    assert caught.value.kind is ErrorKind.ACCESS_DENIED


def test_one_pages_receipts_failing_alone_leaves_the_others() -> None:
    def answer(operation: str, params: dict[str, Any]) -> object:
        if operation == "ListPageReceipts":
            if params["PageId"].endswith("p2"):
                return (400, {"__type": "ThrottlingException", "message": "slow down"})
            return {"Receipts": [{"ReceiptType": "READ", "ReceiptTime": 1784084700}]}
        if operation == "DescribeEngagement":
            return dict(row(1), Subject="s", Content="c")
        return {"Pages": [page_item(1), page_item(2), page_item(3)]}

    with canned(answer) as srv:
        timeline = quick(url(srv)).timeline(f"{ARN}:engagement/oncall/e1")
    assert [p.arn[-2:] for p in timeline.missing_receipts()] == ["p2"]
    assert set(timeline.receipts) == {page_item(1)["PageArn"], page_item(3)["PageArn"]}
    assert timeline.problems[Part.RECEIPTS].kind is ErrorKind.THROTTLED
    assert timeline.acknowledgement().acknowledged


# --- the Ack column's cheap fetch ---------------------------------------------------------------


def test_cheap_fetch_learns_the_acknowledgement_from_read_times_alone(emulator: Emulator) -> None:
    source = quick(emulator.url)
    everything = emulator.data.expected_engagements()
    acked = next(
        e["EngagementArn"]
        for e in everything
        if any(p.get("ReadTime") for p in emulator.data.pages(e["EngagementArn"]))
    )
    full = source.timeline(acked)
    emulator.clear_requests()
    cheap = source.timeline_parts(acked, full=False)
    assert [op for op, _ in emulator.requests] == ["ListPagesByEngagement"]
    assert cheap.detail is None and not cheap.full and not cheap.complete
    ack = cheap.acknowledgement()
    assert ack.acknowledged and ack.read == full.acknowledgement().read
    assert ack.page == full.acknowledgement().page


def test_cheap_fetch_asks_receipts_only_where_the_page_says_nothing() -> None:
    def answer(operation: str, params: dict[str, Any]) -> object:
        if operation == "ListPageReceipts":
            return {"Receipts": [{"ReceiptType": "READ", "ReceiptTime": 1784084700}]}
        return {"Pages": [page_item(1, DeliveryTime=1784084650), page_item(2)]}

    with canned(answer) as srv:
        cheap = quick(url(srv)).timeline_parts(f"{ARN}:engagement/oncall/e1", full=False)
        asked = [params["PageId"] for op, params in srv.seen if op == "ListPageReceipts"]
    assert asked == [page_item(2)["PageArn"]]
    assert cheap.acknowledgement().read == datetime.fromtimestamp(1784084700, UTC)


# --- a response that drips must not hang ---------------------------------------------------------


def drip(headers_too: bool, hung_up: threading.Event) -> Callable[[Any], None]:
    """Answer 200, then one byte every 0.1 s: each read is quick, the whole never ends."""

    def write(handler: Any) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
        head += b"Content-Length: 100000\r\n\r\n"
        body = b'{"Engagements": [' + b" " * 99_980
        trickle = head + body if headers_too else body
        if not headers_too:
            handler.wfile.write(head)
        try:
            for byte in trickle[:100]:  # 10 s at most, so a missing deadline fails, not hangs
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            hung_up.set()  # the client closed the connection: what the deadline is for

    return write


def threads_left(before: list[threading.Thread]) -> list[threading.Thread]:
    """Threads started since `before`, other than the test server's, once they have had up to a
    second to finish."""
    give_up = time.monotonic() + 1.0
    while True:
        left = [
            t
            for t in threading.enumerate()
            if t not in before and "process_request" not in t.name and t.is_alive()
        ]
        if not left or time.monotonic() > give_up:
            return left
        time.sleep(0.01)


@pytest.mark.parametrize("headers_too", [False, True], ids=["body-drips", "headers-drip"])
def test_a_dripping_response_ends_at_the_deadline_as_a_timeout(headers_too: bool) -> None:
    hung_up = threading.Event()
    with canned(lambda operation, params: drip(headers_too, hung_up)) as srv:
        source = Source.for_endpoint(
            url(srv), max_attempts=3, read_timeout=1.0, connect_timeout=1.0, call_deadline=1.0
        )
        before = threading.enumerate()
        started = time.monotonic()
        with pytest.raises(SourceError) as caught:
            source.list_engagements(Query())
        took = time.monotonic() - started
        assert hung_up.wait(2.0), "the dripping connection is closed, not left open"
        assert len(srv.seen) == 1, "no retry starts once the deadline has passed"
    assert caught.value.kind is ErrorKind.TIMEOUT and caught.value.retryable
    assert "did not answer in time" in caught.value.message and "press r" in caught.value.message
    assert 1.0 <= took < 2.5
    assert threads_left(before) == [], "no thread outlives its call"


def test_calls_that_finish_in_time_leave_no_thread_behind(emulator: Emulator) -> None:
    source = quick(emulator.url)
    source.list_engagements(Query(), None, 5)
    before = threading.enumerate()
    for _ in range(20):
        source.list_engagements(Query(), None, 5)
    assert threads_left(before) == []
