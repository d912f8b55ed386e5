"""SSM Incidents (REST-JSON) operations: incident records, their timelines and related items."""

from __future__ import annotations

from typing import Any

from engage_tui.emulator.errors import ApiError
from engage_tui.emulator.faults import PagingFault
from engage_tui.emulator.ids import ACCOUNT
from engage_tui.emulator.incident_items import related_items, timeline
from engage_tui.emulator.paging import Call, page_window
from engage_tui.emulator.records import IncidentRow
from engage_tui.emulator.tokens import TokenSigner
from engage_tui.emulator.view import View

Result = dict[str, Any]
_SOURCE = {
    "createdBy": f"arn:aws:iam::{ACCOUNT}:role/IncidentManagerIncidentAccessServiceRole",
    "invokedBy": "ssm-incidents.amazonaws.com",
    "source": "aws.ssm-incidents.custom",
}


def incident_summary(view: View, row: IncidentRow) -> Result:
    """The ListIncidentRecords item, as of the view's time."""
    resolved = view.resolved(row)
    out: Result = {
        "arn": row.arn,
        "creationTime": row.created,
        "impact": row.impact,
        "incidentRecordSource": dict(_SOURCE),
        "status": "OPEN" if resolved is None else "RESOLVED",
        "title": row.title,
    }
    if resolved is not None:
        out["resolvedTime"] = resolved
    return out


def incident_record(view: View, row: IncidentRow) -> Result:
    """The GetIncidentRecord `incidentRecord`."""
    resolved = view.resolved(row)
    return {
        **incident_summary(view, row),
        "chatChannel": {"empty": {}},
        "dedupeString": row.arn.rsplit("/", 1)[-1],
        "lastModifiedBy": _SOURCE["createdBy"],
        "lastModifiedTime": resolved or row.created,
        "notificationTargets": [],
        "summary": row.summary,
    }


def _matches(view: View, row: IncidentRow, key: str, condition: dict[str, Any]) -> bool:
    """creationTime before/after are strict; status and impact match any listed value."""
    if key == "creationTime":
        if "before" in condition:
            return row.created < condition["before"]
        return row.created > condition["after"]
    values = condition.get("equals", {})
    if key == "status":
        status = "OPEN" if view.resolved(row) is None else "RESOLVED"
        return status in values.get("stringValues", [])
    return row.impact in values.get("integerValues", [])


def _event_matches(event: Result, key: str, condition: dict[str, Any]) -> bool:
    if key == "eventTime":
        if "before" in condition:
            return event["eventTime"] < condition["before"]  # type: ignore[no-any-return]
        return event["eventTime"] > condition["after"]  # type: ignore[no-any-return]
    return event["eventType"] in condition.get("equals", {}).get("stringValues", [])


def _check_filters(
    filters: list[dict[str, Any]], time_key: str, value_keys: tuple[str, ...]
) -> None:
    for f in filters:
        key, condition = f["key"], f["condition"]
        time_ok = key == time_key and ("before" in condition or "after" in condition)
        value_ok = key in value_keys and "equals" in condition
        if not (time_ok or value_ok):
            raise ApiError(
                "ValidationException", f"Unsupported filter key or condition: {key[:50]}"
            )


class IncidentsApi:
    """Incident records (newest first), timeline events and related items."""

    operations = frozenset(
        {"ListIncidentRecords", "GetIncidentRecord", "ListTimelineEvents", "ListRelatedItems"}
    )

    def __init__(self, signer: TokenSigner) -> None:
        self.signer = signer

    def handle(self, operation: str, params: dict[str, Any], call: Call) -> Result:
        handler = {
            "GetIncidentRecord": self.get_incident_record,
            "ListTimelineEvents": self.list_timeline_events,
            "ListRelatedItems": self.list_related_items,
        }.get(operation, self.list_incident_records)
        return handler(params, call)

    def _page(
        self,
        operation: str,
        params: dict[str, Any],
        paging: PagingFault,
        key: str,
        items: list[Any],
    ) -> Result:
        first, stop, token = page_window(
            self.signer, operation, params, len(items), 25, paging, "nextToken", "maxResults"
        )
        result: Result = {key: items[first:stop]}
        if token:
            result["nextToken"] = token
        return result

    def list_incident_records(self, params: dict[str, Any], call: Call) -> Result:
        filters = params.get("filters", [])
        _check_filters(filters, "creationTime", ("status", "impact"))
        view = call.view
        rows = [
            incident_summary(view, r)
            for r in view.incidents()
            if all(_matches(view, r, f["key"], f["condition"]) for f in filters)
        ]
        return self._page(
            "ListIncidentRecords", params, call.paging, "incidentRecordSummaries", rows
        )

    def _incident(self, arn: str, view: View) -> IncidentRow:
        row = view.incident(arn)
        if row is None:
            raise ApiError(
                "ResourceNotFoundException",
                f"Incident record not found: {arn[:200]}",
                status=404,
                fields={"resourceIdentifier": arn, "resourceType": "INCIDENT_RECORD"},
            )
        return row

    def get_incident_record(self, params: dict[str, Any], call: Call) -> Result:
        return {
            "incidentRecord": incident_record(call.view, self._incident(params["arn"], call.view))
        }

    def list_timeline_events(self, params: dict[str, Any], call: Call) -> Result:
        """Events sorted by time, ASCENDING unless sortOrder says DESCENDING."""
        row = self._incident(params["incidentRecordArn"], call.view)
        filters = params.get("filters", [])
        _check_filters(filters, "eventTime", ("eventType",))
        events = [
            e
            for e in timeline(call.view, row)
            if all(_event_matches(e, f["key"], f["condition"]) for f in filters)
        ]
        if params.get("sortOrder") == "DESCENDING":
            events.reverse()
        return self._page("ListTimelineEvents", params, call.paging, "eventSummaries", events)

    def list_related_items(self, params: dict[str, Any], call: Call) -> Result:
        row = self._incident(params["incidentRecordArn"], call.view)
        items = related_items(call.view, row)
        return self._page("ListRelatedItems", params, call.paging, "relatedItems", items)
