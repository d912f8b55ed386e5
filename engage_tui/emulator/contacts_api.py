"""SSM Contacts engagement operations: params in, result dict out, ApiError on failure.

Reads see the data as of the request's `View`; AcceptPage and StopEngagement write to the
world's ledger, so every later read (and the oracle) sees their effect.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engage_tui.emulator import directory_api, errors
from engage_tui.emulator.errors import ApiError, not_found, validation_error
from engage_tui.emulator.paging import Call, page_window
from engage_tui.emulator.records import Page, Receipt
from engage_tui.emulator.tokens import TokenSigner
from engage_tui.emulator.world import World

Result = dict[str, Any]
Handler = Callable[[dict[str, Any], Call], Result]
DEFAULT_PAGE = 100


class ContactsApi:
    """The SSM Contacts operations the emulator serves, by name (see `handle`)."""

    def __init__(self, world: World, signer: TokenSigner) -> None:
        self.world = world
        self.signer = signer
        self._ops: dict[str, Handler] = {
            "ListEngagements": self.list_engagements,
            "DescribeEngagement": self.describe_engagement,
            "ListPagesByEngagement": self.list_pages_by_engagement,
            "DescribePage": self.describe_page,
            "ListPageReceipts": self.list_page_receipts,
            "ListPageResolutions": self.list_page_resolutions,
            "AcceptPage": self.accept_page,
            "StopEngagement": self.stop_engagement,
            **directory_api.handlers(self),
        }

    @property
    def operations(self) -> frozenset[str]:
        return frozenset(self._ops)

    def handle(self, operation: str, params: dict[str, Any], call: Call) -> Result:
        return self._ops[operation](params, call)

    def listed(
        self, operation: str, params: dict[str, Any], call: Call, key: str, items: list[Any]
    ) -> Result:
        """One page of `items` under `key`, with a NextToken when more follow."""
        first, stop, token = page_window(
            self.signer, operation, params, len(items), DEFAULT_PAGE, call.paging
        )
        result: Result = {key: items[first:stop]}
        if token:
            result["NextToken"] = token
        return result

    def list_engagements(self, params: dict[str, Any], call: Call) -> Result:
        """Engagements, newest first, optionally filtered.

        TimeRangeValue keeps those whose StartTime is within [StartTime, EndTime], both ends
        inclusive, a missing side open; IncidentId keeps one incident's engagements.
        """
        window = params.get("TimeRangeValue") or {}
        start, end = window.get("StartTime"), window.get("EndTime")
        if start is not None and end is not None and start > end:
            raise validation_error([("TimeRangeValue", "StartTime must not be later than EndTime")])
        view = call.view
        rows = view.engagement_range(params.get("IncidentId"), start, end)
        first, stop, token = page_window(
            self.signer, "ListEngagements", params, len(rows), DEFAULT_PAGE, call.paging
        )
        result: Result = {"Engagements": [view.engagement_row(i) for i in rows[first:stop]]}
        if token:
            result["NextToken"] = token
        return result

    def engagement(self, arn: str, call: Call) -> int:
        i = self.world.find_engagement(arn)
        if i is None or not call.view.visible(i):
            raise not_found("ENGAGEMENT", arn)
        return i

    def page(self, arn: str, call: Call) -> tuple[int, Page, list[Receipt]]:
        found = self.world.find_page(arn)
        sent = call.view.page(*found) if found is not None else None
        if found is None or sent is None:
            raise not_found("PAGE", arn)
        return found[0], *sent

    def describe_engagement(self, params: dict[str, Any], call: Call) -> Result:
        return call.view.engagement_detail(self.engagement(params["EngagementId"], call))

    def list_pages_by_engagement(self, params: dict[str, Any], call: Call) -> Result:
        i = self.engagement(params["EngagementId"], call)
        items = call.view.page_rows(i)
        return self.listed("ListPagesByEngagement", params, call, "Pages", items)

    def describe_page(self, params: dict[str, Any], call: Call) -> Result:
        return call.view.page_detail(*self.page(params["PageId"], call))

    def list_page_receipts(self, params: dict[str, Any], call: Call) -> Result:
        _, _, receipts = self.page(params["PageId"], call)
        items = call.view.receipt_rows(receipts)
        return self.listed("ListPageReceipts", params, call, "Receipts", items)

    def list_page_resolutions(self, params: dict[str, Any], call: Call) -> Result:
        _, page, _ = self.page(params["PageId"], call)
        items = call.view.resolution_rows(page)
        return self.listed("ListPageResolutions", params, call, "PageResolutions", items)

    def accept_page(self, params: dict[str, Any], call: Call) -> Result:
        """Record a DELIVERED or READ receipt; ENFORCE wants the page's code (default IGNORE)."""
        page_id = params["PageId"]
        i, page, _ = self.page(page_id, call)
        if call.view.stop(i) is not None:
            raise errors.page_expired(page_id)
        enforce = params.get("AcceptCodeValidation", "IGNORE") == "ENFORCE"
        if enforce and params["AcceptCode"] != page.code:
            raise errors.wrong_accept_code()
        channel = params.get("ContactChannelId")
        if channel is not None and self.world.channel_owner(channel) != page.contact.number:
            raise not_found("CONTACT_CHANNEL", channel)
        kind = params["AcceptType"]
        note = params.get("Note") or (
            "Acknowledged with the page's code" if kind == "READ" else "Delivery confirmed"
        )
        when = int(call.view.now)
        receipt = Receipt(kind, when, channel or page.contact.channels[0].arn, note)
        self.world.ledger.add_receipt(i, page.number, receipt)
        return {}

    def stop_engagement(self, params: dict[str, Any], call: Call) -> Result:
        """Stop an ongoing engagement now; its pages get a STOP receipt with the reason."""
        engagement_id = params["EngagementId"]
        i = self.engagement(engagement_id, call)
        if call.view.stop(i) is not None:
            raise errors.already_stopped(engagement_id)
        self.world.ledger.stop(i, int(call.view.now), params.get("Reason", ""))
        return {}


def unknown_operation(operation: str) -> ApiError:
    return ApiError("UnknownOperationException", f"Unknown operation {operation[:100]}")
