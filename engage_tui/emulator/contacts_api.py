"""SSM Contacts operations over the demo data: params in, result dict out, ApiError on failure."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engage_tui.emulator import pages
from engage_tui.emulator.contacts import contact_detail, contact_summary
from engage_tui.emulator.data import DemoData
from engage_tui.emulator.errors import ApiError, not_found, validation_error
from engage_tui.emulator.paging import page_window
from engage_tui.emulator.tokens import TokenSigner

Result = dict[str, Any]
DEFAULT_PAGE = 100


class ContactsApi:
    """The SSM Contacts operations the app uses, by name (see `handle`)."""

    def __init__(self, data: DemoData, signer: TokenSigner) -> None:
        self.data = data
        self.signer = signer
        self._ops: dict[str, Callable[[dict[str, Any]], Result]] = {
            "ListEngagements": self.list_engagements,
            "DescribeEngagement": self.describe_engagement,
            "ListPagesByEngagement": self.list_pages_by_engagement,
            "DescribePage": self.describe_page,
            "ListPageReceipts": self.list_page_receipts,
            "ListPageResolutions": self.list_page_resolutions,
            "ListContacts": self.list_contacts,
            "GetContact": self.get_contact,
        }

    @property
    def operations(self) -> frozenset[str]:
        return frozenset(self._ops)

    def handle(self, operation: str, params: dict[str, Any]) -> Result:
        return self._ops[operation](params)

    def list_engagements(self, params: dict[str, Any]) -> Result:
        """Engagements, newest first, optionally filtered.

        TimeRangeValue keeps those whose StartTime is within [StartTime, EndTime], both ends
        inclusive, a missing side open; IncidentId keeps one incident's engagements.
        """
        window = params.get("TimeRangeValue") or {}
        start, end = window.get("StartTime"), window.get("EndTime")
        if start is not None and end is not None and start > end:
            raise validation_error([("TimeRangeValue", "StartTime must not be later than EndTime")])
        rows = self.data.engagement_range(params.get("IncidentId"), start, end)
        first, stop, token = page_window(
            self.signer, "ListEngagements", params, len(rows), DEFAULT_PAGE
        )
        result: Result = {"Engagements": [self.data.engagement_row(i) for i in rows[first:stop]]}
        if token:
            result["NextToken"] = token
        return result

    def _engagement(self, arn: str) -> int:
        i = self.data.find_engagement(arn)
        if i is None:
            raise not_found("ENGAGEMENT", arn)
        return i

    def _page(self, arn: str) -> tuple[int, int]:
        found = pages.find_page(self.data, arn)
        if found is None:
            raise not_found("PAGE", arn)
        return found

    def describe_engagement(self, params: dict[str, Any]) -> Result:
        return self.data.engagement_detail(self._engagement(params["EngagementId"]))

    def _listed(
        self, operation: str, params: dict[str, Any], key: str, items: list[dict[str, Any]]
    ) -> Result:
        first, stop, token = page_window(self.signer, operation, params, len(items), DEFAULT_PAGE)
        result: Result = {key: items[first:stop]}
        if token:
            result["NextToken"] = token
        return result

    def list_pages_by_engagement(self, params: dict[str, Any]) -> Result:
        i = self._engagement(params["EngagementId"])
        return self._listed("ListPagesByEngagement", params, "Pages", pages.page_rows(self.data, i))

    def describe_page(self, params: dict[str, Any]) -> Result:
        return pages.page_detail(self.data, *self._page(params["PageId"]))

    def list_page_receipts(self, params: dict[str, Any]) -> Result:
        found = self._page(params["PageId"])
        return self._listed(
            "ListPageReceipts", params, "Receipts", pages.receipt_rows(self.data, *found)
        )

    def list_page_resolutions(self, params: dict[str, Any]) -> Result:
        found = self._page(params["PageId"])
        return self._listed(
            "ListPageResolutions",
            params,
            "PageResolutions",
            pages.resolution_rows(self.data, *found),
        )

    def list_contacts(self, params: dict[str, Any]) -> Result:
        prefix, kind = params.get("AliasPrefix", ""), params.get("Type")
        items = [
            contact_summary(c)
            for c in self.data.contacts
            if c.alias.startswith(prefix) and (kind is None or c.type == kind)
        ]
        return self._listed("ListContacts", params, "Contacts", items)

    def get_contact(self, params: dict[str, Any]) -> Result:
        arn = params["ContactId"]
        for row in self.data.contacts:
            if row.arn == arn:
                return contact_detail(row, self.data.contacts)
        raise not_found("CONTACT", arn)


def unknown_operation(operation: str) -> ApiError:
    return ApiError("UnknownOperationException", f"Unknown operation {operation[:100]}")
