"""Acting on engagements and reading their context: AcceptPage, StopEngagement, escalation paths,
contacts, on-call rotations, incident records, timelines and related items, over HTTP."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from engage_tui.emulator import Emulator, EmulatorConfig
from engage_tui.emulator.clock import ManualClock
from engage_tui.emulator.validation import _Walker, service_model
from tests.conftest import aws_client

ANCHOR = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
CODE = re.compile(r"Reply with code (\d{6}) to acknowledge\.")


@pytest.fixture
def emu() -> Iterator[Emulator]:
    clock = ManualClock(ANCHOR)
    with Emulator(EmulatorConfig(engagements=300, incidents=12, seed=7, clock=clock)) as emulator:
        yield emulator


@pytest.fixture
def contacts(emu: Emulator) -> Any:
    return aws_client("ssm-contacts", emu.url, retries={"total_max_attempts": 1})


@pytest.fixture
def incidents(emu: Emulator) -> Any:
    return aws_client("ssm-incidents", emu.url, retries={"total_max_attempts": 1})


def _code(error: ClientError) -> str:
    return str(error.response["Error"]["Code"])


def _unread_ongoing(emu: Emulator) -> tuple[dict[str, Any], dict[str, Any]]:
    """An ongoing engagement and one of its pages nobody has read yet."""
    for row in emu.data.expected_engagements():
        if "StopTime" in row:
            continue
        for page in emu.data.pages(row["EngagementArn"]):
            if "ReadTime" not in page:
                return row, page
    raise AssertionError("the dataset has an unacknowledged ongoing engagement")


def test_accept_page_with_the_code_from_its_content(emu: Emulator, contacts: Any) -> None:
    row, page = _unread_ongoing(emu)
    described = contacts.describe_page(PageId=page["PageArn"])
    found = CODE.search(described["Content"])
    assert found, "the page's content carries its code, as real pages do"
    code = found.group(1)
    assert code == emu.data.accept_code(page["PageArn"])
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(
            PageId=page["PageArn"],
            AcceptType="READ",
            AcceptCode=wrong,
            AcceptCodeValidation="ENFORCE",
        )
    assert _code(excinfo.value) == "ValidationException"
    assert [f["Name"] for f in excinfo.value.response["Fields"]] == ["AcceptCode"]
    assert "ReadTime" not in emu.data.pages(row["EngagementArn"])[page_index(emu, row, page)]

    emu.clock.advance(42)  # type: ignore[attr-defined]
    contacts.accept_page(
        PageId=page["PageArn"],
        AcceptType="READ",
        AcceptCode=code,
        AcceptCodeValidation="ENFORCE",
        Note="On it — joining the bridge",
    )
    now = ANCHOR + timedelta(seconds=42)
    listed = contacts.list_pages_by_engagement(EngagementId=row["EngagementArn"])["Pages"]
    assert listed[page_index(emu, row, page)]["ReadTime"] == now
    assert listed == emu.data.pages(row["EngagementArn"])
    receipts = contacts.list_page_receipts(PageId=page["PageArn"])["Receipts"]
    assert receipts[-1]["ReceiptType"] == "READ"
    assert receipts[-1]["ReceiptInfo"] == "On it — joining the bridge"
    assert receipts[-1]["ReceiptTime"] == now


def page_index(emu: Emulator, row: dict[str, Any], page: dict[str, Any]) -> int:
    arns = [p["PageArn"] for p in emu.data.pages(row["EngagementArn"])]
    return arns.index(page["PageArn"])


def test_accept_page_errors(emu: Emulator, contacts: Any) -> None:
    row, page = _unread_ongoing(emu)
    unknown = page["PageArn"][:-4] + ("0000" if not page["PageArn"].endswith("0000") else "1111")
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(PageId=unknown, AcceptType="READ", AcceptCode="123456")
    assert _code(excinfo.value) == "ResourceNotFoundException"
    assert excinfo.value.response["ResourceType"] == "PAGE"
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(PageId=page["PageArn"], AcceptType="READ", AcceptCode="12ab34")
    assert _code(excinfo.value) == "ValidationException", "the model's pattern and length"
    emu.faults.access_denied = {"AcceptPage"}
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(PageId=page["PageArn"], AcceptType="READ", AcceptCode="123456")
    assert _code(excinfo.value) == "AccessDeniedException"
    emu.faults.access_denied = set()
    stopped = next(r for r in emu.data.expected_engagements() if "StopTime" in r)
    old_page = emu.data.pages(stopped["EngagementArn"])[0]["PageArn"]
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(
            PageId=old_page,
            AcceptType="READ",
            AcceptCode=emu.data.accept_code(old_page),
            AcceptCodeValidation="ENFORCE",
        )
    assert _code(excinfo.value) == "ValidationException"
    assert "expired" in excinfo.value.response["Error"]["Message"]
    # Without ENFORCE (IGNORE is the default) any code is taken.
    contacts.accept_page(PageId=page["PageArn"], AcceptType="DELIVERED", AcceptCode="000000")
    assert page_row(emu, row, page)["DeliveryTime"] <= ANCHOR


def page_row(emu: Emulator, row: dict[str, Any], page: dict[str, Any]) -> dict[str, Any]:
    return emu.data.pages(row["EngagementArn"])[page_index(emu, row, page)]


def test_stop_engagement_with_a_reason(emu: Emulator, contacts: Any) -> None:
    row, page = _unread_ongoing(emu)
    arn = row["EngagementArn"]
    contacts.stop_engagement(EngagementId=arn, Reason="Resolved: rolled back deploy 4812")
    detail = contacts.describe_engagement(EngagementId=arn)
    assert detail["StopTime"] == ANCHOR
    listed = {
        e["EngagementArn"]: e for e in contacts.list_engagements(MaxResults=300)["Engagements"]
    }
    assert listed[arn]["StopTime"] == ANCHOR
    receipts = contacts.list_page_receipts(PageId=page["PageArn"])["Receipts"]
    assert receipts[-1]["ReceiptType"] == "STOP"
    assert receipts[-1]["ReceiptInfo"] == "Resolved: rolled back deploy 4812"
    with pytest.raises(ClientError) as excinfo:
        contacts.stop_engagement(EngagementId=arn)
    assert _code(excinfo.value) == "ValidationException"
    with pytest.raises(ClientError) as excinfo:
        contacts.stop_engagement(EngagementId=arn, Reason="x" * 256)
    assert [f["Name"] for f in excinfo.value.response["Fields"]] == ["Reason"]
    with pytest.raises(ClientError) as excinfo:
        contacts.accept_page(PageId=page["PageArn"], AcceptType="READ", AcceptCode="123456")
    assert "expired" in excinfo.value.response["Error"]["Message"]


def _pending_escalation(emu: Emulator) -> tuple[str, dict[str, Any], datetime]:
    """An ongoing plan engagement whose stage 2 is still ahead and stage 1 unanswered."""
    emu.clock.advance(10)  # type: ignore[attr-defined]
    for _ in range(60):
        emu.clock.advance(60)  # type: ignore[attr-defined]
        row = emu.data.expected_engagements()[0]
        plan = emu.data.contact(row["ContactArn"])
        if plan["Type"] != "ESCALATION" or "StopTime" in row:
            continue
        pages = emu.data.pages(row["EngagementArn"])
        first_stage = plan["Plan"]["Stages"][0]["DurationInMinutes"]
        next_at = row["StartTime"] + timedelta(seconds=2, minutes=first_stage)
        planned = emu.world.details(emu.data.index(row["EngagementArn"]), False).pages
        later = [p for p in planned if p.stage == 1]
        if pages and later and all("ReadTime" not in p for p in pages):
            return row["EngagementArn"], pages[0], next_at
    raise AssertionError("no escalation is counting down to its next stage")


@pytest.mark.parametrize("acknowledge", [True, False])
def test_an_essential_acknowledgement_halts_the_escalation(acknowledge: bool) -> None:
    config = EmulatorConfig(engagements=50, seed=3, arrive_every=60, clock=ManualClock(ANCHOR))
    with Emulator(config) as emu:
        contacts = aws_client("ssm-contacts", emu.url)
        arn, page, next_at = _pending_escalation(emu)
        before = len(contacts.list_pages_by_engagement(EngagementId=arn)["Pages"])
        if acknowledge:
            contacts.accept_page(PageId=page["PageArn"], AcceptType="READ", AcceptCode="111111")
        emu.clock.set(next_at + timedelta(seconds=5))  # type: ignore[attr-defined]
        after = contacts.list_pages_by_engagement(EngagementId=arn)["Pages"]
        assert after == emu.data.pages(arn)
        if acknowledge:
            assert len(after) == before, "stage 2 is never paged"
        else:
            assert len(after) > before, "nobody answered: stage 2 is paged on time"


def test_escalation_path_resolves_plan_schedule_and_person(emu: Emulator, contacts: Any) -> None:
    for row in emu.data.expected_engagements():
        for page in emu.data.pages(row["EngagementArn"]):
            path = contacts.list_page_resolutions(PageId=page["PageArn"])["PageResolutions"]
            if [p["Type"] for p in path] == ["ESCALATION", "ONCALL_SCHEDULE", "PERSONAL"]:
                assert path[1]["StageIndex"] == 0 or path[1]["StageIndex"] >= 0
                assert path[2]["ContactArn"] == page["ContactArn"]
                assert (
                    emu.data.on_call(path[1]["ContactArn"], page["SentTime"]) == page["ContactArn"]
                )
                return
    raise AssertionError("some page went through a plan and an on-call schedule")


def test_plans_stages_schedules_and_shifts(emu: Emulator, contacts: Any) -> None:
    plans = contacts.list_contacts(Type="ESCALATION")["Contacts"]
    details = [contacts.get_contact(ContactId=p["ContactArn"]) for p in plans]
    assert all(2 <= len(d["Plan"]["Stages"]) <= 3 for d in details)
    assert all(s["DurationInMinutes"] >= 0 for d in details for s in d["Plan"]["Stages"])
    targets = [
        t["ContactTargetInfo"]["ContactId"]
        for d in details
        for s in d["Plan"]["Stages"]
        for t in s["Targets"]
    ]
    schedule = next(
        t for t in targets if contacts.get_contact(ContactId=t)["Type"] == "ONCALL_SCHEDULE"
    )
    rotation_id = contacts.get_contact(ContactId=schedule)["Plan"]["RotationIds"][0]
    rotation = contacts.get_rotation(RotationId=rotation_id)
    assert rotation["TimeZoneId"] and rotation["ContactIds"]
    assert rotation_id in [r["RotationArn"] for r in contacts.list_rotations()["Rotations"]]
    shifts = contacts.list_rotation_shifts(
        RotationId=rotation_id, StartTime=ANCHOR, EndTime=ANCHOR + timedelta(days=1)
    )["RotationShifts"]
    assert shifts[0]["StartTime"] <= ANCHOR < shifts[0]["EndTime"]
    assert shifts[0]["ContactIds"] == [emu.data.on_call(schedule)]
    with pytest.raises(ClientError) as excinfo:
        contacts.get_rotation(RotationId=rotation_id[:-4] + "0000")
    assert _code(excinfo.value) == "ResourceNotFoundException"


def test_weekly_hand_offs_follow_daylight_saving(contacts: Any) -> None:
    rotation = next(
        r for r in contacts.list_rotations()["Rotations"] if r["TimeZoneId"] == "Europe/London"
    )
    shifts = contacts.list_rotation_shifts(
        RotationId=rotation["RotationArn"],
        StartTime=datetime(2024, 3, 18, tzinfo=UTC),
        EndTime=datetime(2024, 4, 8, tzinfo=UTC),
    )["RotationShifts"]
    starts = [s["StartTime"].astimezone(UTC) for s in shifts]
    # Overlapping shifts, whole: hand-off is 09:00 London time, 08:00 UTC once BST starts.
    assert [(t.month, t.day, t.hour) for t in starts] == [
        (3, 11, 9),
        (3, 18, 9),
        (3, 25, 9),
        (4, 1, 8),
    ]
    assert all(a["EndTime"] == b["StartTime"] for a, b in zip(shifts, shifts[1:], strict=False))


def test_incident_record_timeline_and_related_items(emu: Emulator, incidents: Any) -> None:
    record = next(i for i in emu.data.incidents() if i["status"] == "RESOLVED")
    arn = record["arn"]
    got = incidents.get_incident_record(arn=arn)["incidentRecord"]
    assert got == emu.data.incident(arn) and got["summary"]
    events = incidents.list_timeline_events(incidentRecordArn=arn)["eventSummaries"]
    assert events == emu.data.timeline(arn)
    times = [e["eventTime"] for e in events]
    assert times == sorted(times) and times[0] == record["creationTime"]
    assert events[-1]["eventType"] == "SSM Incident Record Update"
    engaged = [
        r["resource"]
        for e in events
        for r in e["eventReferences"]
        if ":engagement/" in r.get("resource", "")
    ]
    assert engaged and all(emu.data.engagement(a)["IncidentId"] == arn for a in engaged)
    newest = incidents.list_timeline_events(
        incidentRecordArn=arn, sortBy="EVENT_TIME", sortOrder="DESCENDING", maxResults=2
    )
    assert newest["eventSummaries"] == list(reversed(events))[:2] and newest["nextToken"]
    only = incidents.list_timeline_events(
        incidentRecordArn=arn,
        filters=[{"key": "eventType", "condition": {"equals": {"stringValues": ["Custom Event"]}}}],
    )["eventSummaries"]
    assert only and {e["eventType"] for e in only} == {"Custom Event"}
    items = incidents.list_related_items(incidentRecordArn=arn)["relatedItems"]
    assert {i["identifier"]["type"] for i in items} >= {
        "METRIC",
        "OTHER",
        "AUTOMATION",
        "ATTACHMENT",
    }
    related = next(
        i
        for i in emu.data.incidents()
        for item in emu.data.related_items(i["arn"])
        if item["identifier"]["type"] == "INCIDENT"
    )
    linked = [
        i["identifier"]["value"]["arn"]
        for i in incidents.list_related_items(incidentRecordArn=related["arn"])["relatedItems"]
        if i["identifier"]["type"] == "INCIDENT"
    ]
    assert linked and all(emu.data.incident(a)["title"] for a in linked)


def _epochs(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _epochs(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_epochs(v) for v in value]
    return value.timestamp() if isinstance(value, datetime) else value


def _conforms(service: str, operation: str, result: dict[str, Any]) -> list[tuple[str, str]]:
    walker = _Walker()
    shape = service_model(service).operation_model(operation).output_shape
    walker.structure(shape, _epochs(result), "")  # type: ignore[arg-type]
    return [e for e in walker.errors if "regular expression" not in e[1] or "Arn" in e[0]]


def test_every_answer_fits_botocores_output_model(
    emu: Emulator, contacts: Any, incidents: Any
) -> None:
    row, page = _unread_ongoing(emu)
    engagement, page_id = {"EngagementId": row["EngagementArn"]}, {"PageId": page["PageArn"]}
    rotation = {"RotationId": emu.data.rotations()[0]["RotationArn"]}
    incident = emu.data.incidents()[1]["arn"]
    calls: list[tuple[Any, str, dict[str, Any]]] = [
        (contacts, "ListEngagements", {}),
        (contacts, "DescribeEngagement", engagement),
        (contacts, "ListPagesByEngagement", engagement),
        (contacts, "DescribePage", page_id),
        (contacts, "ListPageReceipts", page_id),
        (contacts, "ListPageResolutions", page_id),
        (contacts, "ListContacts", {}),
        (contacts, "ListRotations", {}),
        (contacts, "GetRotation", rotation),
        (contacts, "ListRotationShifts", {**rotation, "EndTime": ANCHOR + timedelta(days=30)}),
        (contacts, "AcceptPage", {**page_id, "AcceptType": "READ", "AcceptCode": "123456"}),
        (contacts, "StopEngagement", engagement),
        (incidents, "ListIncidentRecords", {}),
        (incidents, "GetIncidentRecord", {"arn": incident}),
        (incidents, "ListTimelineEvents", {"incidentRecordArn": incident}),
        (incidents, "ListRelatedItems", {"incidentRecordArn": incident}),
    ]
    calls += [(contacts, "GetContact", {"ContactId": c["ContactArn"]}) for c in emu.data.contacts()]
    for client, operation, kwargs in calls:
        result = getattr(client, xform_name(operation))(**kwargs)
        service = client.meta.service_model.service_name
        assert _conforms(service, operation, result) == [], operation
