"""boto3 → HTTP → emulator: listings page and filter exactly as the oracle says."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from engage_tui.emulator import Emulator


def _all_engagements(client: Any, **kwargs: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    token = None
    while True:
        page = client.list_engagements(**kwargs, **({"NextToken": token} if token else {}))
        rows += page["Engagements"]
        token = page.get("NextToken")
        if not token:
            return rows


def _brute_force(
    emulator: Emulator, incident: str | None, start: datetime | None, end: datetime | None
) -> list[str]:
    """The filter applied row by row over the whole dataset, independent of the index maths."""
    rows = emulator.data.rows
    out = []
    for i in range(rows.count):
        row = rows.engagement_row(i)
        t = float(row["StartTime"])  # type: ignore[arg-type]
        if incident is not None and row.get("IncidentId") != incident:
            continue
        if start is not None and t < start.timestamp():
            continue
        if end is not None and t > end.timestamp():
            continue
        out.append(str(row["EngagementArn"]))
    return out


@pytest.mark.parametrize("size", [1, 7, 100, 1024])
def test_paging_returns_every_engagement_once_newest_first(
    emulator: Emulator, contacts_client: Any, size: int
) -> None:
    rows = _all_engagements(contacts_client, MaxResults=size)
    assert rows == emulator.data.expected_engagements()
    assert len({r["EngagementArn"] for r in rows}) == 200
    starts = [r["StartTime"] for r in rows]
    assert starts == sorted(starts, reverse=True)


def test_incident_filter_matches_brute_force(emulator: Emulator, contacts_client: Any) -> None:
    incidents = emulator.data.incidents()
    assert len(incidents) == 12
    for incident in incidents:
        arn = incident["arn"]
        got = _all_engagements(contacts_client, IncidentId=arn, MaxResults=7)
        assert got == emulator.data.expected_engagements(incident_arn=arn)
        assert [r["EngagementArn"] for r in got] == _brute_force(emulator, arn, None, None)
        assert all(r["IncidentId"] == arn for r in got)
        assert all(r["StartTime"] >= incident["creationTime"] for r in got)


def test_time_range_filter_is_inclusive_and_exact(emulator: Emulator, contacts_client: Any) -> None:
    everything = emulator.data.expected_engagements()
    # Windows whose edges sit exactly on engagement start times, plus open-ended and empty ones.
    windows = [
        (everything[150]["StartTime"], everything[20]["StartTime"]),
        (everything[199]["StartTime"], everything[0]["StartTime"]),
        (everything[60]["StartTime"], everything[60]["StartTime"]),
        (emulator.data.anchor - timedelta(days=3), emulator.data.anchor),
        (emulator.data.anchor - timedelta(days=90), emulator.data.anchor - timedelta(days=60)),
    ]
    for start, end in windows:
        got = _all_engagements(
            contacts_client, TimeRangeValue={"StartTime": start, "EndTime": end}, MaxResults=13
        )
        assert [r["EngagementArn"] for r in got] == _brute_force(emulator, None, start, end)
        assert got == emulator.data.expected_engagements(start=start, end=end)
    assert (
        len(_brute_force(emulator, None, everything[60]["StartTime"], everything[60]["StartTime"]))
        >= 1
    )


def test_incident_and_time_range_combine(emulator: Emulator, contacts_client: Any) -> None:
    incident = next(
        i
        for i in emulator.data.incidents()
        if len(emulator.data.expected_engagements(i["arn"])) > 4
    )
    mine = emulator.data.expected_engagements(incident["arn"])
    start, end = mine[-3]["StartTime"], mine[1]["StartTime"]
    got = _all_engagements(
        contacts_client,
        IncidentId=incident["arn"],
        TimeRangeValue={"StartTime": start, "EndTime": end},
        MaxResults=2,
    )
    assert [r["EngagementArn"] for r in got] == _brute_force(emulator, incident["arn"], start, end)
    assert got == mine[1:-2]


def test_unknown_incident_lists_nothing(contacts_client: Any) -> None:
    arn = (
        "arn:aws:ssm-incidents::123456789012:incident-record/x/00000000-0000-0000-0000-000000000000"
    )
    page = contacts_client.list_engagements(IncidentId=arn)
    assert page["Engagements"] == []
    assert "NextToken" not in page


def test_engagement_details_pages_and_receipts_round_trip(
    emulator: Emulator, contacts_client: Any
) -> None:
    for row in emulator.data.expected_engagements()[:25]:
        arn = row["EngagementArn"]
        detail = contacts_client.describe_engagement(EngagementId=arn)
        detail.pop("ResponseMetadata")
        assert detail == emulator.data.engagement(arn)
        assert detail["Subject"] and detail["Content"]
        pages = contacts_client.list_pages_by_engagement(EngagementId=arn)["Pages"]
        assert pages == emulator.data.pages(arn)
        assert pages, "every engagement pages somebody"
        for page in pages:
            described = contacts_client.describe_page(PageId=page["PageArn"])
            described.pop("ResponseMetadata")
            assert described == emulator.data.page(page["PageArn"])
            receipts = contacts_client.list_page_receipts(PageId=page["PageArn"])["Receipts"]
            assert receipts == emulator.data.receipts(page["PageArn"])
            assert receipts[0]["ReceiptType"] == "SENT"
            times = [r["ReceiptTime"] for r in receipts]
            assert times == sorted(times)
            assert all(t <= emulator.data.anchor for t in times)
            resolutions = contacts_client.list_page_resolutions(PageId=page["PageArn"])
            assert resolutions["PageResolutions"] == emulator.data.resolutions(page["PageArn"])


def test_demo_data_has_variety_users_will_see(emulator: Emulator) -> None:
    rows = emulator.data.expected_engagements()
    assert any("StopTime" not in r for r in rows), "some engagements are ongoing"
    assert any("IncidentId" not in r for r in rows) and any("IncidentId" in r for r in rows)
    statuses = {i["status"] for i in emulator.data.incidents()}
    assert statuses == {"OPEN", "RESOLVED"}
    receipt_types = {
        r["ReceiptType"]
        for row in rows[:80]
        for page in emulator.data.pages(row["EngagementArn"])
        for r in emulator.data.receipts(page["PageArn"])
    }
    assert receipt_types == {"SENT", "DELIVERED", "READ", "ERROR", "STOP"}
    titles = " ".join(i["title"] for i in emulator.data.incidents())
    assert any(ord(c) > 0x3000 for c in titles) or "é" in titles


def test_contacts_list_and_get(emulator: Emulator, contacts_client: Any) -> None:
    listed = contacts_client.list_contacts(MaxResults=5)
    rest = contacts_client.list_contacts(MaxResults=100, NextToken=listed["NextToken"])
    assert listed["Contacts"] + rest["Contacts"] == emulator.data.contacts()
    plans = contacts_client.list_contacts(Type="ESCALATION")["Contacts"]
    assert plans and all(c["Type"] == "ESCALATION" for c in plans)
    plan = contacts_client.get_contact(ContactId=plans[0]["ContactArn"])
    plan.pop("ResponseMetadata")
    assert plan == emulator.data.contact(plans[0]["ContactArn"])
    targets = [
        t["ContactTargetInfo"]["ContactId"] for s in plan["Plan"]["Stages"] for t in s["Targets"]
    ]
    assert targets and all(":contact/" in t for t in targets)


def test_incident_records_list_filter_and_get(emulator: Emulator, incidents_client: Any) -> None:
    everything = emulator.data.incidents()
    got: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"maxResults": 5}
    while True:
        page = incidents_client.list_incident_records(**kwargs)
        got += page["incidentRecordSummaries"]
        if "nextToken" not in page:
            break
        kwargs["nextToken"] = page["nextToken"]
    assert got == everything

    pivot = everything[5]["creationTime"]
    filters = [
        {"key": "status", "condition": {"equals": {"stringValues": ["OPEN"]}}},
        {"key": "creationTime", "condition": {"after": pivot - timedelta(days=20)}},
    ]
    open_recent = incidents_client.list_incident_records(filters=filters)["incidentRecordSummaries"]
    assert open_recent == [
        i
        for i in everything
        if i["status"] == "OPEN" and i["creationTime"] > pivot - timedelta(days=20)
    ]
    impact = incidents_client.list_incident_records(
        filters=[{"key": "impact", "condition": {"equals": {"integerValues": [1, 2]}}}]
    )["incidentRecordSummaries"]
    assert impact == [i for i in everything if i["impact"] in (1, 2)]

    record = incidents_client.get_incident_record(arn=everything[3]["arn"])["incidentRecord"]
    assert record == emulator.data.incident(everything[3]["arn"])
