"""API dicts → rows: times in UTC on one shared tzinfo, unknown words kept, bad rows refused."""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from engage_tui.aws import mapping
from engage_tui.aws.models import (
    Contact,
    ContactType,
    Engagement,
    EngagementDetail,
    Incident,
    IncidentStatus,
    Page,
    Receipt,
    ReceiptType,
)

INSTANT = datetime(2026, 7, 15, 3, 4, 5, 250000, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        INSTANT.timestamp(),
        int(INSTANT.timestamp()) + 0.25,
        str(INSTANT.timestamp()),
        "2026-07-15T03:04:05.250Z",
        "2026-07-15T03:04:05.250+00:00",
        "2026-07-14T23:04:05.250-04:00",
        "2026-07-15T08:49:05.250+05:45",
        "2026-07-15T03:04:05.250",  # no zone: the API's, UTC
    ],
)
def test_every_timestamp_form_becomes_the_same_utc_instant(value: object) -> None:
    parsed = mapping.parse_timestamp(value)
    assert isinstance(parsed, datetime)
    assert parsed.tzinfo is UTC, "one shared tzinfo, not one per value"
    assert parsed == INSTANT


@pytest.mark.parametrize("value", ["yesterday", "", "nan", "inf", float("nan"), 1e20, True, None])
def test_a_value_that_is_no_time_is_marked_not_raised(value: object) -> None:
    assert mapping.parse_timestamp(value) is mapping.UNREADABLE_TIME


def engagement_item(**fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "EngagementArn": "arn:aws:ssm-contacts:us-east-1:1:engagement/oncall/e1",
        "ContactArn": "arn:aws:ssm-contacts:us-east-1:1:contact/oncall",
        "Sender": "cli",
        "IncidentId": "arn:aws:ssm-incidents::1:incident-record/plan/i1",
        "StartTime": INSTANT,
    }
    item.update(fields)
    return {key: value for key, value in item.items() if value is not None}


@pytest.mark.parametrize(
    "given",
    [
        INSTANT,
        INSTANT.replace(tzinfo=None),  # botocore's default parser leaves some naive
        INSTANT.astimezone(ZoneInfo("America/New_York")),
        INSTANT.astimezone(ZoneInfo("Australia/Lord_Howe")),
        INSTANT.astimezone(timezone(timedelta(hours=5, minutes=45))),
    ],
)
def test_rows_hold_utc_times_sharing_one_tzinfo(given: datetime) -> None:
    row = mapping.engagement(engagement_item(StartTime=given, StopTime=given))
    assert row.start is not None and row.stop is not None
    assert row.start.tzinfo is UTC and row.stop.tzinfo is UTC
    assert row.start == INSTANT
    page = mapping.page(
        {
            "PageArn": "p",
            "EngagementArn": "e",
            "ContactArn": "c",
            "Sender": "s",
            "SentTime": given,
            "ReadTime": given,
        }
    )
    assert page.read is not None and page.read.tzinfo is UTC and page.read == INSTANT


def test_repeated_texts_are_shared_between_rows() -> None:
    one = mapping.engagement(engagement_item())
    two = mapping.engagement(
        {k: "".join(v) if isinstance(v, str) else v for k, v in engagement_item().items()}
    )
    assert one.contact_arn is two.contact_arn and one.incident_arn is two.incident_arn


@pytest.mark.parametrize(
    "broken",
    [
        {"EngagementArn": None},
        {"ContactArn": None},
        {"ContactArn": 42},
        {"EngagementArn": {"nested": "object"}},
        {"IncidentId": ["a", "list"]},
        {"StartTime": mapping.UNREADABLE_TIME},
        {"StopTime": "the day before yesterday"},
        {"StartTime": float("nan")},
        {"StopTime": 1e20},
        {"StartTime": True},
        {"Sender": 7},
    ],
)
def test_a_row_with_a_missing_or_wrong_typed_field_is_refused(broken: dict[str, Any]) -> None:
    with pytest.raises(mapping.MalformedRow):
        mapping.engagement(engagement_item(**broken))


@pytest.mark.parametrize(
    "sent",
    [
        INSTANT.timestamp(),
        str(INSTANT.timestamp()),
        "2026-07-15T03:04:05.250",  # the emulator's --naive-times: no zone, the API's UTC
        "2026-07-14T23:04:05.250-04:00",
    ],
)
def test_an_engagement_as_the_json_sent_it_is_the_row_botocore_would_give(sent: object) -> None:
    """ListEngagements' rows reach the mapping unparsed (aws/raw_items.py)."""
    row = mapping.engagement(engagement_item(StartTime=sent, StopTime=sent))
    assert row == mapping.engagement(engagement_item(StartTime=INSTANT, StopTime=INSTANT))
    assert row.start is not None and row.start.tzinfo is UTC and row.start == INSTANT
    whole = mapping.engagement(engagement_item(StartTime=int(INSTANT.timestamp())))
    assert whole.start == INSTANT.replace(microsecond=0)


def test_unknown_words_are_kept_as_sent_and_known_ones_are_members() -> None:
    new = mapping.receipt({"ReceiptType": "ESCALATED", "ReceiptTime": INSTANT})
    assert new.type == "ESCALATED" and new.known_type is None
    read = mapping.receipt({"ReceiptType": "READ", "ReceiptTime": INSTANT})
    assert read.type is ReceiptType.READ and read.known_type is ReceiptType.READ
    contact = mapping.contact({"ContactArn": "c", "Alias": "a", "Type": "ROTATION_GROUP"})
    assert contact.type == "ROTATION_GROUP" and contact.known_type is None
    assert mapping.contact({"ContactArn": "c", "Alias": "a", "Type": "ESCALATION"}).type is (
        ContactType.ESCALATION
    )
    incident = mapping.incident(
        {"arn": "i", "title": "t", "status": "MITIGATED", "impact": 2, "creationTime": INSTANT}
    )
    assert incident.status == "MITIGATED" and incident.known_status is None
    assert IncidentStatus.OPEN == "OPEN"


def test_a_receipt_needs_its_time() -> None:
    with pytest.raises(mapping.MalformedRow):
        mapping.receipt({"ReceiptType": "READ"})


AT = datetime(2026, 7, 15, 3, 4, 5, tzinfo=UTC)
LATER = AT + timedelta(minutes=3)
LAST = AT + timedelta(minutes=9)


def test_every_field_of_an_engagement_is_read() -> None:
    item = engagement_item(StartTime=AT, StopTime=LATER)
    assert mapping.engagement(item) == Engagement(
        arn="arn:aws:ssm-contacts:us-east-1:1:engagement/oncall/e1",
        contact_arn="arn:aws:ssm-contacts:us-east-1:1:contact/oncall",
        sender="cli",
        incident_arn="arn:aws:ssm-incidents::1:incident-record/plan/i1",
        start=AT,
        stop=LATER,
    )
    bare = mapping.engagement({"EngagementArn": "e", "ContactArn": "c"})
    assert (bare.sender, bare.incident_arn, bare.start, bare.stop) == ("", None, None, None)


def test_an_engagement_row_is_the_frozen_value_its_constructor_builds() -> None:
    """The mapping sets a row's slots itself (for speed): it must be the same value."""
    row = mapping.engagement(engagement_item(StartTime=AT, StopTime=LATER))
    built = Engagement(**{f.name: getattr(row, f.name) for f in dataclasses.fields(Engagement)})
    assert (row, hash(row), repr(row)) == (built, hash(built), repr(built))
    assert pickle.loads(pickle.dumps(row)) == built  # the first page crosses a pipe pickled
    assert row.stop == LATER and row.incident_arn.endswith("/i1")  # type: ignore[union-attr]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.sender = "someone else"  # type: ignore[misc]
    assert dataclasses.replace(row, sender="x").sender == "x"


def test_every_field_of_an_engagement_detail_is_read() -> None:
    result = {
        "EngagementArn": "e",
        "ContactArn": "c",
        "Sender": "cli",
        "Subject": "DB down",
        "Content": "primary unreachable",
        "PublicSubject": "Outage",
        "PublicContent": "we are on it",
        "IncidentId": "i",
        "StartTime": AT,
        "StopTime": LATER,
    }
    assert mapping.engagement_detail(result) == EngagementDetail(
        arn="e",
        contact_arn="c",
        sender="cli",
        subject="DB down",
        content="primary unreachable",
        public_subject="Outage",
        public_content="we are on it",
        incident_arn="i",
        start=AT,
        stop=LATER,
    )
    assert mapping.engagement_detail({"EngagementArn": "e", "ContactArn": "c"}) == (
        EngagementDetail("e", "c", "", "", "", None, None, None, None, None)
    )


def test_every_field_of_a_page_is_read() -> None:
    item = {
        "PageArn": "p",
        "EngagementArn": "e",
        "ContactArn": "c",
        "Sender": "cli",
        "IncidentId": "i",
        "SentTime": AT,
        "DeliveryTime": LATER,
        "ReadTime": LAST,
    }
    assert mapping.page(item) == Page("p", "e", "c", "cli", "i", AT, LATER, LAST)
    bare = {"PageArn": "p", "EngagementArn": "e", "ContactArn": "c"}
    assert mapping.page(bare) == Page("p", "e", "c", "", None, None, None, None)


def test_every_field_of_a_receipt_contact_and_incident_is_read() -> None:
    receipt = {
        "ReceiptType": "DELIVERED",
        "ReceiptTime": AT,
        "ContactChannelArn": "ch",
        "ReceiptInfo": "sms ok",
    }
    assert mapping.receipt(receipt) == Receipt(ReceiptType.DELIVERED, AT, "ch", "sms ok")
    assert mapping.receipt({"ReceiptType": "READ", "ReceiptTime": AT}) == (
        Receipt(ReceiptType.READ, AT, None, None)
    )
    contact = {"ContactArn": "c", "Alias": "akuam", "DisplayName": "A. Kuam", "Type": "PERSONAL"}
    assert mapping.contact(contact) == Contact("c", "akuam", "A. Kuam", ContactType.PERSONAL)
    assert mapping.contact({"ContactArn": "c", "Type": "PERSONAL"}) == (
        Contact("c", "", None, ContactType.PERSONAL)
    )
    incident = {
        "arn": "i",
        "title": "DB down",
        "status": "RESOLVED",
        "impact": 2,
        "creationTime": AT,
        "resolvedTime": LATER,
    }
    assert mapping.incident(incident) == Incident("i", "DB down", "RESOLVED", 2, AT, LATER)
    assert mapping.incident({"arn": "i", "status": "OPEN", "creationTime": AT}) == (
        Incident("i", "", IncidentStatus.OPEN, 0, AT, None)
    )


@pytest.mark.parametrize(
    ("convert", "item", "message"),
    [
        (mapping.engagement_detail, {"ContactArn": "c"}, "EngagementArn is missing or not text"),
        (mapping.engagement_detail, {"EngagementArn": "e"}, "ContactArn is missing or not text"),
        (
            mapping.engagement_detail,
            {"EngagementArn": "e", "ContactArn": "c", "Subject": 7},
            "Subject is not text",
        ),
        (
            mapping.engagement_detail,
            {"EngagementArn": "e", "ContactArn": "c", "StopTime": "soon"},
            "StopTime is not a time",
        ),
        (mapping.receipt, {"ReceiptType": "READ"}, "ReceiptTime is missing"),
        (mapping.receipt, {"ReceiptTime": AT}, "ReceiptType is missing or not text"),
        (mapping.contact, {"ContactArn": "c"}, "Type is missing or not text"),
        (
            mapping.incident,
            {"arn": "i", "status": "OPEN", "creationTime": AT, "impact": "2"},
            "impact is not a number",
        ),
        (
            mapping.incident,
            {"arn": "i", "status": "OPEN", "creationTime": AT, "impact": True},
            "impact is not a number",
        ),
        (mapping.incident, {"arn": "i", "status": "OPEN"}, "creationTime is missing"),
    ],
)
def test_a_refused_row_names_the_field_at_fault(
    convert: Callable[[dict[str, Any]], object], item: dict[str, Any], message: str
) -> None:
    """DescribeEngagement shows this reason in its 'garbled response' error."""
    with pytest.raises(mapping.MalformedRow) as refused:
        convert(item)
    assert str(refused.value) == message
