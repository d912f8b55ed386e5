"""The data and wire faults the app's trust tests rely on, as boto3 sees them over HTTP."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError

from engage_tui.emulator import Emulator, EmulatorConfig, Faults
from engage_tui.emulator.cli import FAULTS, _config, _parser
from tests.conftest import aws_client

ANCHOR = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile() -> Iterator[Emulator]:
    config = EmulatorConfig(engagements=60, incidents=8, seed=5, anchor=ANCHOR, hostile=True)
    with Emulator(config) as emu:
        yield emu


def _everything(
    client: Any, token: str | None = None, **kwargs: Any
) -> tuple[list[dict[str, Any]], list[str]]:
    rows: list[dict[str, Any]] = []
    tokens: list[str] = [token] if token else []
    while True:
        page = client.list_engagements(**kwargs, **({"NextToken": tokens[-1]} if tokens else {}))
        rows += page["Engagements"]
        if "NextToken" not in page:
            return rows, tokens
        tokens.append(page["NextToken"])


def _raw(url: str, request: bytes) -> bytes:
    """Send raw bytes; read to EOF (the server closes once its handler, and hook, are done)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
        return reply.split(b"\r\n")[0]


def test_unauthenticated_requests_are_logged_without_control_bytes() -> None:
    logged: list[str] = []
    with Emulator(
        EmulatorConfig(engagements=5), on_request=lambda op, *_: logged.append(op)
    ) as emu:
        status = _raw(
            emu.url,
            b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SSMContacts.\x1b]0;pwned\x07\xc2\x9b[2J"
            b"\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
        )
        assert status == b"HTTP/1.1 400 Bad Request"
        status = _raw(
            emu.url,
            b"GET /\x1b]52;c;cHduZWQ=\x07\x9b2J HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        assert status == b"HTTP/1.1 400 Bad Request"
    assert len(logged) == 2
    assert not any(CONTROL.search(line) for line in logged), logged
    assert "\\x1b]0;pwned\\x07" in logged[0], "the escape is spelled out, not dropped"
    assert logged[1].startswith("GET /\\x1b]52;c;")


def test_every_text_field_and_some_ids_are_hostile(hostile: Emulator) -> None:
    contacts = aws_client("ssm-contacts", hostile.url)
    incidents = aws_client("ssm-incidents", hostile.url)
    rows = contacts.list_engagements()["Engagements"]
    bad_arns = [r for r in rows if "\x1b" in r["EngagementArn"]]
    bad_incidents = [r for r in rows if CONTROL.search(r.get("IncidentId", ""))]
    assert bad_arns and bad_incidents
    assert any(CONTROL.search(r["ContactArn"]) for r in rows), "a contact ARN too"
    arn = bad_arns[0]["EngagementArn"]
    assert contacts.describe_engagement(EngagementId=arn)["EngagementArn"] == arn
    page = contacts.list_pages_by_engagement(EngagementId=arn)["Pages"][0]
    assert "\x1b" in page["PageArn"]
    receipts = contacts.list_page_receipts(PageId=page["PageArn"])["Receipts"]
    assert {r["ReceiptType"] for r in receipts} >= {"SENT", "STOP"}
    assert all(CONTROL.search(r["ReceiptInfo"]) for r in receipts), "every ReceiptInfo"
    record = incidents.get_incident_record(arn=bad_incidents[0]["IncidentId"])["incidentRecord"]
    assert record["arn"] == bad_incidents[0]["IncidentId"]
    # The IncidentId filter's pattern refuses such an ARN, as the real service's model does.
    with pytest.raises(ClientError) as excinfo:
        contacts.list_engagements(IncidentId=bad_incidents[0]["IncidentId"])
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"


def test_hostile_switches_at_run_time_and_old_arns_still_resolve(emulator: Emulator) -> None:
    client = aws_client("ssm-contacts", emulator.url)
    plain = _everything(client)[0]
    assert not any(CONTROL.search(str(r)) for r in plain)
    emulator.faults.hostile = True
    shown = _everything(client)[0]
    assert any("\x1b" in r["EngagementArn"] for r in shown)
    assert shown == emulator.data.expected_engagements()
    changed = next(p for p, s in zip(plain, shown, strict=True) if p != s)
    assert client.describe_engagement(EngagementId=changed["EngagementArn"])["Subject"]
    emulator.faults.hostile = False
    assert _everything(client)[0] == plain


def test_empty_pages_carry_a_token_and_paging_still_reaches_every_row(emulator: Emulator) -> None:
    client = aws_client("ssm-contacts", emulator.url)
    emulator.faults.empty_pages_next = 3
    first = client.list_engagements(MaxResults=50)
    assert first["Engagements"] == [] and first["NextToken"]
    rows, tokens = _everything(client, first["NextToken"], MaxResults=50)
    assert rows == emulator.data.expected_engagements()
    assert len(tokens) == 1 + 2 + 4 - 1, "two more empty pages, then four real ones"
    assert len(set(tokens)) == len(tokens), "each token is new: no loop to detect"


def test_a_duplicate_page_repeats_the_page_before_with_a_fresh_token(emulator: Emulator) -> None:
    client = aws_client("ssm-contacts", emulator.url)
    expected = emulator.data.expected_engagements()
    emulator.faults.duplicate_pages_next = 1
    rows, tokens = _everything(client, MaxResults=30)
    assert rows[:30] == rows[30:60] == expected[:30]
    assert rows[60:] == expected[30:]
    assert len(set(tokens)) == len(tokens)
    emulator.faults.duplicate_pages_next = 1
    paginator = client.get_paginator("list_engagements")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 100}))
    assert len(pages) == 3, "botocore's paginator sees no repeated token, only repeated rows"


def test_dripping_body_never_trips_a_read_timeout_but_takes_long(emulator: Emulator) -> None:
    client = aws_client(
        "ssm-contacts", emulator.url, read_timeout=0.5, retries={"total_max_attempts": 1}
    )
    emulator.faults.drip_next = 1
    emulator.faults.drip_seconds = 0.01
    began = time.monotonic()
    listed = client.list_contacts(MaxResults=1)
    took = time.monotonic() - began
    body_bytes = len(str(listed["Contacts"]))
    assert listed["Contacts"] == emulator.data.contacts()[:1]
    assert took > 0.6 and took > body_bytes * 0.01 * 0.7, (took, body_bytes)


def test_stop_ends_a_drip_at_once() -> None:
    emu = Emulator(EmulatorConfig(engagements=20, faults=Faults(drip_next=1, drip_seconds=5)))
    emu.start()
    client = aws_client("ssm-contacts", emu.url, retries={"total_max_attempts": 1})
    outcome: list[object] = []

    def call() -> None:
        try:
            outcome.append(client.list_engagements())
        except Exception as exc:  # noqa: BLE001 - any way of failing is fine; hanging is not
            outcome.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    while not emu.requests:
        time.sleep(0.01)
    handlers = [t for t in threading.enumerate() if "process_request" in t.name]
    assert handlers, "a handler thread is dripping"
    emu.stop()
    caller.join(3)
    # botocore reads a body cut at 0 bytes as an empty 200: no rows, which the app must notice.
    assert outcome and (isinstance(outcome[0], Exception) or "Engagements" not in outcome[0])
    for thread in handlers:
        thread.join(2)
        assert not thread.is_alive(), "the dripping handler gave up when the server stopped"


def test_unordered_receipts_come_newest_first(emulator: Emulator) -> None:
    client = aws_client("ssm-contacts", emulator.url)
    found = None
    for row in emulator.data.expected_engagements():
        for page in emulator.data.pages(row["EngagementArn"]):
            reads = [
                r for r in emulator.data.receipts(page["PageArn"]) if r["ReceiptType"] == "READ"
            ]
            if len(reads) == 2:
                found = page
                break
        if found:
            break
    assert found is not None, "some page was acknowledged twice (SMS, then the console)"
    ordered = client.list_page_receipts(PageId=found["PageArn"])["Receipts"]
    emulator.faults.unordered_receipts = True
    scrambled = client.list_page_receipts(PageId=found["PageArn"])["Receipts"]
    assert scrambled == list(reversed(ordered)) == emulator.data.receipts(found["PageArn"])
    first_read = min(r["ReceiptTime"] for r in ordered if r["ReceiptType"] == "READ")
    assert next(r for r in scrambled if r["ReceiptType"] == "READ")["ReceiptTime"] > first_read
    page = client.list_pages_by_engagement(EngagementId=found["EngagementArn"])["Pages"]
    assert next(p for p in page if p["PageArn"] == found["PageArn"])["ReadTime"] == first_read


def test_clock_skew_rows(emulator: Emulator) -> None:
    client = aws_client("ssm-contacts", emulator.url)
    emulator.faults.skew = True
    skewed = emulator.data.skewed()
    now = emulator.data.anchor
    future = client.describe_engagement(EngagementId=skewed["future-start"])
    assert future["StartTime"] > now
    backwards = client.describe_engagement(EngagementId=skewed["stop-before-start"])
    assert backwards["StopTime"] < backwards["StartTime"]
    early = client.describe_engagement(EngagementId=skewed["read-before-start"])
    page = client.list_pages_by_engagement(EngagementId=skewed["read-before-start"])["Pages"][0]
    assert early["StartTime"] - page["ReadTime"] == timedelta(minutes=15, seconds=20)
    reads = [
        r
        for r in client.list_page_receipts(PageId=page["PageArn"])["Receipts"]
        if r["ReceiptType"] == "READ"
    ]
    assert reads and reads[0]["ReceiptTime"] < early["StartTime"]
    assert (
        client.list_engagements(MaxResults=3)["Engagements"]
        == (emulator.data.expected_engagements()[:3])
    )


def test_naive_timestamps_in_both_protocols(emulator: Emulator) -> None:
    contacts = aws_client("ssm-contacts", emulator.url)
    incidents = aws_client("ssm-incidents", emulator.url)
    aware = contacts.list_engagements(MaxResults=2)["Engagements"]
    emulator.faults.naive_times = True
    naive = contacts.list_engagements(MaxResults=2)["Engagements"]
    assert naive == emulator.data.expected_engagements()[:2]
    assert naive[0]["StartTime"].tzinfo is None
    assert naive[0]["StartTime"] == aware[0]["StartTime"].astimezone(UTC).replace(tzinfo=None)
    record = incidents.list_incident_records(maxResults=1)["incidentRecordSummaries"][0]
    assert record["creationTime"].tzinfo is None
    page = contacts.list_pages_by_engagement(EngagementId=naive[0]["EngagementArn"])["Pages"][0]
    assert page["SentTime"].tzinfo is None


def test_every_fault_flag_sets_its_faults_field() -> None:
    args = _parser().parse_args(
        [
            "--hostile",
            "--skew",
            "--unordered-receipts",
            "--naive-times",
            "--drip-next",
            "2",
            "--drip-seconds",
            "0.5",
            "--empty-pages-next",
            "3",
            "--duplicate-pages-next",
            "4",
            "--fault-ops",
            "ListEngagements",
        ]
    )
    faults = _config(args).faults
    assert (faults.hostile, faults.skew, faults.unordered_receipts, faults.naive_times) == (
        True,
        True,
        True,
        True,
    )
    assert (faults.drip_next, faults.drip_seconds) == (2, 0.5)
    assert (faults.empty_pages_next, faults.duplicate_pages_next) == (3, 4)
    assert faults.ops == {"ListEngagements"}
    names = set(Faults.__dataclass_fields__)
    assert all(flag.dest in names for flag in FAULTS)
