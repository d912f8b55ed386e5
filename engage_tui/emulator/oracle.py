"""What a correct client should see: the demo data in boto3's shapes, with datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from engage_tui.emulator import pages
from engage_tui.emulator.contacts import contact_detail, contact_summary
from engage_tui.emulator.data import DemoData
from engage_tui.emulator.incidents_api import incident_record, incident_summary

_TIME_KEYS = frozenset(
    {
        "StartTime",
        "StopTime",
        "SentTime",
        "DeliveryTime",
        "ReadTime",
        "ReceiptTime",
        "creationTime",
        "resolvedTime",
        "lastModifiedTime",
    }
)
Row = dict[str, Any]


def to_api(value: Any) -> Any:
    """Epoch-second fields become aware UTC datetimes, as boto3 returns them."""
    if isinstance(value, dict):
        return {
            k: (datetime.fromtimestamp(v, UTC) if k in _TIME_KEYS else to_api(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [to_api(v) for v in value]
    return value


def _epoch(value: datetime | float | None) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else value


class Oracle:
    """Expected API results, computed with the same index arithmetic the server uses.

    `rows` is the underlying DemoData, for brute-force cross-checks on small datasets.
    """

    def __init__(self, rows: DemoData) -> None:
        self.rows = rows

    @property
    def anchor(self) -> datetime:
        """The fixed "now" every demo timestamp is relative to."""
        return datetime.fromtimestamp(self.rows.anchor, UTC)

    def expected_engagements(
        self,
        incident_arn: str | None = None,
        start: datetime | float | None = None,
        end: datetime | float | None = None,
    ) -> list[Row]:
        """ListEngagements' items for these filters, newest first, across all pages."""
        found = self.rows.engagement_range(incident_arn, _epoch(start), _epoch(end))
        return [to_api(self.rows.engagement_row(i)) for i in found]

    def all_engagements(self) -> list[Row]:
        return self.expected_engagements()

    def engagement(self, arn: str) -> Row:
        """DescribeEngagement's result (without ResponseMetadata); KeyError if unknown."""
        return to_api(self.rows.engagement_detail(self._engagement(arn)))

    def pages(self, engagement_arn: str) -> list[Row]:
        return to_api(pages.page_rows(self.rows, self._engagement(engagement_arn)))

    def page(self, page_arn: str) -> Row:
        return to_api(pages.page_detail(self.rows, *self._page(page_arn)))

    def receipts(self, page_arn: str) -> list[Row]:
        return to_api(pages.receipt_rows(self.rows, *self._page(page_arn)))

    def resolutions(self, page_arn: str) -> list[Row]:
        return pages.resolution_rows(self.rows, *self._page(page_arn))

    def incidents(self) -> list[Row]:
        """ListIncidentRecords' summaries, newest first."""
        return [to_api(incident_summary(r)) for r in self.rows.incidents]

    def incident(self, arn: str) -> Row:
        row = self.rows.find_incident(arn)
        if row is None:
            raise KeyError(arn)
        return to_api(incident_record(row))

    def contacts(self) -> list[Row]:
        return [contact_summary(c) for c in self.rows.contacts]

    def contact(self, arn: str) -> Row:
        for row in self.rows.contacts:
            if row.arn == arn:
                return contact_detail(row, self.rows.contacts)
        raise KeyError(arn)

    def _engagement(self, arn: str) -> int:
        i = self.rows.find_engagement(arn)
        if i is None:
            raise KeyError(arn)
        return i

    def _page(self, arn: str) -> tuple[int, int]:
        found = pages.find_page(self.rows, arn)
        if found is None:
            raise KeyError(arn)
        return found
