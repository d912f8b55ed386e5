"""SSM Incidents (REST-JSON) operations: ListIncidentRecords and GetIncidentRecord."""

from __future__ import annotations

from typing import Any

from engage_tui.emulator.data import DemoData, IncidentRow
from engage_tui.emulator.errors import ApiError
from engage_tui.emulator.ids import ACCOUNT
from engage_tui.emulator.paging import page_window
from engage_tui.emulator.tokens import TokenSigner

Result = dict[str, Any]
_SOURCE = {
    "createdBy": f"arn:aws:iam::{ACCOUNT}:role/IncidentManagerIncidentAccessServiceRole",
    "invokedBy": "ssm-incidents.amazonaws.com",
    "source": "aws.ssm-incidents.custom",
}


def incident_summary(row: IncidentRow) -> Result:
    """The ListIncidentRecords item."""
    out: Result = {
        "arn": row.arn,
        "creationTime": row.created,
        "impact": row.impact,
        "incidentRecordSource": dict(_SOURCE),
        "status": row.status,
        "title": row.title,
    }
    if row.resolved is not None:
        out["resolvedTime"] = row.resolved
    return out


def incident_record(row: IncidentRow) -> Result:
    """The GetIncidentRecord `incidentRecord`."""
    return {
        **incident_summary(row),
        "chatChannel": {"empty": {}},
        "dedupeString": row.arn.rsplit("/", 1)[-1],
        "lastModifiedBy": _SOURCE["createdBy"],
        "lastModifiedTime": row.resolved or row.created,
        "notificationTargets": [],
        "summary": f"{row.title}\n\nEngagements: {row.stop - row.first}",
    }


def _matches(row: IncidentRow, key: str, condition: dict[str, Any]) -> bool:
    """creationTime before/after are strict; status and impact match any listed value."""
    if key == "creationTime":
        if "before" in condition:
            return row.created < condition["before"]
        return row.created > condition["after"]
    values = condition.get("equals", {})
    if key == "status":
        return row.status in values.get("stringValues", [])
    return row.impact in values.get("integerValues", [])


class IncidentsApi:
    """Incident records, newest first."""

    operations = frozenset({"ListIncidentRecords", "GetIncidentRecord"})

    def __init__(self, data: DemoData, signer: TokenSigner) -> None:
        self.data = data
        self.signer = signer

    def handle(self, operation: str, params: dict[str, Any]) -> Result:
        if operation == "GetIncidentRecord":
            return self.get_incident_record(params)
        return self.list_incident_records(params)

    def list_incident_records(self, params: dict[str, Any]) -> Result:
        filters = params.get("filters", [])
        for f in filters:
            key, condition = f["key"], f["condition"]
            time_ok = key == "creationTime" and ("before" in condition or "after" in condition)
            value_ok = key in ("status", "impact") and "equals" in condition
            if not (time_ok or value_ok):
                raise ApiError("ValidationException", f"Unsupported filter key or condition: {key}")
        rows = [
            r
            for r in self.data.incidents
            if all(_matches(r, f["key"], f["condition"]) for f in filters)
        ]
        first, stop, token = page_window(
            self.signer,
            "ListIncidentRecords",
            params,
            len(rows),
            25,
            token_key="nextToken",
            size_key="maxResults",
        )
        result: Result = {
            "incidentRecordSummaries": [incident_summary(r) for r in rows[first:stop]]
        }
        if token:
            result["nextToken"] = token
        return result

    def get_incident_record(self, params: dict[str, Any]) -> Result:
        row = self.data.find_incident(params["arn"])
        if row is None:
            raise ApiError(
                "ResourceNotFoundException",
                f"Incident record not found: {params['arn']}",
                status=404,
                fields={"resourceIdentifier": params["arn"], "resourceType": "INCIDENT_RECORD"},
            )
        return {"incidentRecord": incident_record(row)}
