"""ListEngagements' rows handed past botocore's parser: the same rows, skips and errors as when
botocore walks every row, for anything a server may send."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

import botocore.session
import pytest

from engage_tui.aws import raw_items
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Query, ResultPage
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator
from tests.canned import canned, url

ARN = "arn:aws:ssm-contacts:us-east-1:111122223333"
CONTACTS = botocore.session.get_session().get_service_model("ssm-contacts")


def row(n: int, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {
        "EngagementArn": f"{ARN}:engagement/oncall/e{n}",
        "ContactArn": f"{ARN}:contact/oncall",
        "Sender": "cli",
        "IncidentId": "arn:aws:ssm-incidents::111122223333:incident-record/plan/i1",
        "StartTime": 1784084645.25 - n,
    }
    item.update(fields)
    return item


HOSTILE = "[bold red]x[/] \x1b[31m\x07 \u202e ☃ " + "é" * 8192
BODIES: list[object] = [
    {"Engagements": [row(1), row(2, StopTime=1784084700), row(3, StartTime=1784084645)]},
    {"Engagements": [row(1, Sender=HOSTILE, EngagementArn=HOSTILE, ContactArn=HOSTILE)]},
    {  # every timestamp form: naive ISO (the emulator's --naive-times), zones, a number as text
        "Engagements": [
            row(1, StartTime="2026-07-15T03:04:05", StopTime="2026-07-15T03:04:05.250"),
            row(2, StartTime="2026-07-15T03:04:05Z", StopTime="2026-07-14T23:04:05-04:00"),
            row(3, StartTime="1784084645.25", StopTime="2026-07-15"),
        ],
        "NextToken": "more",
    },
    {  # unreadable rows are skipped and counted
        "Engagements": [
            row(1, StartTime="yesterday"),
            row(2, StopTime=1e20),
            row(3, StartTime=True),
            row(4, StopTime={"at": 1}),
            row(5, StartTime=[1784084645]),
            row(6, ContactArn=42),
            row(7, IncidentId=["a"]),
            row(8, Sender={"x": 1}),
            row(9, EngagementArn=None),
            {"ContactArn": f"{ARN}:contact/oncall"},
            None,
            row(12, Unknown="kept out", Sender=None, IncidentId=None, StartTime=None),
            {},
        ]
    },
    b'{"Engagements": [{"EngagementArn": "e", "ContactArn": "c", "StartTime": NaN}, '
    b'{"EngagementArn": "e2", "ContactArn": "c", "StopTime": Infinity}]}',
    b'{"Engagements": [], "Engagements": [{"EngagementArn": "e", "ContactArn": "c"}]}',
    b'{"Engagements": [{"EngagementArn": "\xff\xfe", "ContactArn": "c"}]}',  # not UTF-8
    {"Engagements": []},
    {"Engagements": [], "NextToken": ""},
    {"Engagements": ""},
    {"Engagements": {}},
    {"Engagements": None, "NextToken": "t"},
    {"Engagements": "lots"},
    {"Engagements": 5},
    {"Engagements": [1, 2]},
    {"Engagements": [row(1), "a"]},
    {"Engagements": [row(1), [row(2)]]},
    {"Engagements": [row(1)], "NextToken": "t", "Unmodeled": {"deep": [1, "x"]}},
    {"Engagements": [row(1)], "NextToken": 5},
    {"Engagements": [row(1)], "NextToken": "x" * 2049},
    {"NextToken": "abc"},
    [row(1)],
    (400, {"__type": "ValidationException", "Engagements": [row(1)], "message": HOSTILE}),
    b'{"Engagements": [{"EngagementArn": "arn:aws:ssm-con',
    b"<html><body>Service Unavailable</body></html>",
    b"",
]


def listing(source: Source) -> ResultPage[Any] | tuple[object, str]:
    try:
        return source.list_engagements(Query())
    except SourceError as error:
        return (error.kind, error.message)


def walked_by_botocore(source: Source) -> Source:
    """`source` with the hand-through taken off its client: botocore walks every row again."""
    client = source._calls._client("ssm-contacts")  # the test reaches in to compare both paths
    client.meta.events.unregister("before-parse", raw_items.hand_through)
    return source


@pytest.mark.parametrize("body", BODIES)
def test_rows_handed_through_are_the_rows_botocore_would_have_parsed(body: object) -> None:
    with canned(lambda operation, params: body) as srv:
        fast = listing(Source.for_endpoint(url(srv), max_attempts=1))
        walked = listing(walked_by_botocore(Source.for_endpoint(url(srv), max_attempts=1)))
    assert fast == walked
    if isinstance(fast, ResultPage):
        times = [t for r in fast.items for t in (r.start, r.stop) if t is not None]
        assert all(t.tzinfo is UTC for t in times), "one shared tzinfo, as botocore's path gives"


def test_the_naive_times_fault_gives_the_same_rows(emulator: Emulator) -> None:
    source = Source.for_endpoint(emulator.url, max_attempts=1)
    aware = source.list_engagements(Query(), None, 50)
    emulator.faults.naive_times = True
    naive = source.list_engagements(Query(), None, 50)
    assert naive.items == aware.items and len(naive.items) == 50 and naive.skipped == 0
    assert all(r.start is not None and r.start.tzinfo is UTC for r in naive.items)


def parse_event(body: bytes, *, operation: str = "ListEngagements", status: int = 200) -> tuple:
    response = {"status_code": status, "headers": {}, "body": body}
    customized: dict[str, Any] = {}
    raw_items.hand_through(
        response_dict=response,
        operation_model=CONTACTS.operation_model(operation),
        customized_response_dict=customized,
    )
    return response["body"], customized


def test_a_page_of_rows_goes_past_botocore_with_its_token_left_for_botocore() -> None:
    rows = [row(1), None, row(2, StartTime="2026-07-15T03:04:05")]
    sent = {"Engagements": rows, "NextToken": "t", "Junk": ["x" * 1000] * 100}
    body, customized = parse_event(json.dumps(sent).encode())
    assert customized == {"Engagements": rows}
    assert json.loads(body) == {"NextToken": "t"}, "only what the model names is left to parse"


@pytest.mark.parametrize(
    ("body", "operation", "status"),
    [
        (json.dumps({"Engagements": [row(1)]}).encode(), "ListPagesByEngagement", 200),
        (json.dumps({"Engagements": [row(1)]}).encode(), "ListEngagements", 400),
        (json.dumps({"Engagements": [row(1)]}).encode(), "ListEngagements", 300),
        (json.dumps({"Engagements": [row(1), 1]}).encode(), "ListEngagements", 200),
        (json.dumps({"Engagements": "lots"}).encode(), "ListEngagements", 200),
        (json.dumps([row(1)]).encode(), "ListEngagements", 200),
        (b'{"Engagements": [', "ListEngagements", 200),
    ],
    ids=["other list", "error", "3xx", "not all objects", "not a list", "no object", "cut short"],
)
def test_anything_else_is_left_for_botocore_untouched(
    body: bytes, operation: str, status: int
) -> None:
    assert parse_event(body, operation=operation, status=status) == (body, {})


def test_a_botocore_that_cannot_take_the_rows_back_parses_them_itself() -> None:
    """botocore before `customized_response_dict` existed: the rows must stay in the body."""
    body = json.dumps({"Engagements": [row(1)], "NextToken": "t"}).encode()
    response = {"status_code": 200, "headers": {}, "body": body}
    operation = CONTACTS.operation_model("ListEngagements")
    raw_items.hand_through(response_dict=response, operation_model=operation)
    assert response["body"] == body
