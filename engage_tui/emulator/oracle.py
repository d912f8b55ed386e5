"""What a correct client should see: the served data in boto3's shapes, with datetimes.

Every answer is computed at the emulator's clock and with its data faults as they are when
asked, by the same code the server uses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from engage_tui.emulator.clock import Clock
from engage_tui.emulator.directory_api import contact_detail, contact_summary, rotation_detail
from engage_tui.emulator.faults import Faults
from engage_tui.emulator.incident_items import related_items, timeline
from engage_tui.emulator.incidents_api import incident_record, incident_summary
from engage_tui.emulator.records import Page, Receipt
from engage_tui.emulator.view import (
    SKEW_FUTURE_START,
    SKEW_READ_BEFORE_START,
    SKEW_STOP_BEFORE_START,
    View,
)
from engage_tui.emulator.world import World

_TIME_KEYS = frozenset(
    {
        "StartTime",
        "StopTime",
        "EndTime",
        "SentTime",
        "DeliveryTime",
        "ReadTime",
        "ReceiptTime",
        "creationTime",
        "resolvedTime",
        "lastModifiedTime",
        "eventTime",
        "eventUpdatedTime",
    }
)
Row = dict[str, Any]


def to_api(value: Any, naive: bool = False) -> Any:
    """Epoch-second fields become datetimes as boto3 returns them (aware UTC, or naive)."""
    if isinstance(value, dict):
        return {
            k: (_datetime(v, naive) if k in _TIME_KEYS else to_api(v, naive))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [to_api(v, naive) for v in value]
    return value


def _datetime(value: float, naive: bool) -> datetime:
    moment = datetime.fromtimestamp(value, UTC)
    return moment.replace(tzinfo=None) if naive else moment


def _epoch(value: datetime | float | None) -> float | None:
    return value.timestamp() if isinstance(value, datetime) else value


class Oracle:
    """Expected API results (and facts tests need, like accept codes) at the current clock."""

    def __init__(self, world: World, clock: Clock, faults: Faults) -> None:
        self.world = world
        self.clock = clock
        self.faults = faults

    @property
    def rows(self) -> View:
        """The data as served now, row by row (`count`, `start_time(i)`, `engagement_row(i)`)."""
        return View(self.world, self.clock(), self.faults.data_switches())

    @property
    def anchor(self) -> datetime:
        """The fixed "now" every demo timestamp was planned relative to."""
        return datetime.fromtimestamp(self.world.anchor, UTC)

    def _api(self, value: Any) -> Any:
        return to_api(value, self.faults.naive_times)

    def expected_engagements(
        self,
        incident_arn: str | None = None,
        start: datetime | float | None = None,
        end: datetime | float | None = None,
    ) -> list[Row]:
        """ListEngagements' items for these filters, newest first, across all pages."""
        view = self.rows
        found = view.engagement_range(incident_arn, _epoch(start), _epoch(end))
        return [self._api(view.engagement_row(i)) for i in found]

    def all_engagements(self) -> list[Row]:
        return self.expected_engagements()

    def engagement(self, arn: str) -> Row:
        """DescribeEngagement's result (without ResponseMetadata); KeyError if unknown."""
        return self._api(self.rows.engagement_detail(self.index(arn)))

    def pages(self, engagement_arn: str) -> list[Row]:
        return self._api(self.rows.page_rows(self.index(engagement_arn)))

    def _page(self, arn: str) -> tuple[View, int, Page, list[Receipt]]:
        view = self.rows
        found = self.world.find_page(arn)
        sent = view.page(*found) if found is not None else None
        if found is None or sent is None:
            raise KeyError(arn)
        return view, found[0], *sent

    def page(self, page_arn: str) -> Row:
        view, i, page, receipts = self._page(page_arn)
        return self._api(view.page_detail(i, page, receipts))

    def receipts(self, page_arn: str) -> list[Row]:
        view, _, _, receipts = self._page(page_arn)
        return self._api(view.receipt_rows(receipts))

    def resolutions(self, page_arn: str) -> list[Row]:
        view, _, page, _ = self._page(page_arn)
        return view.resolution_rows(page)

    def accept_code(self, page_arn: str) -> str:
        """The code that acknowledges this page (it is also in DescribePage's Content)."""
        return self._page(page_arn)[2].code

    def skewed(self) -> dict[str, str]:
        """With `faults.skew` on: which engagement ARN shows which clock disagreement."""
        view = self.rows
        return {
            "future-start": view.record(SKEW_FUTURE_START).arn,
            "stop-before-start": view.record(SKEW_STOP_BEFORE_START).arn,
            "read-before-start": view.record(SKEW_READ_BEFORE_START).arn,
        }

    def incidents(self) -> list[Row]:
        """ListIncidentRecords' summaries, newest first."""
        view = self.rows
        return [self._api(incident_summary(view, r)) for r in view.incidents()]

    def incident(self, arn: str) -> Row:
        view = self.rows
        row = view.incident(arn)
        if row is None:
            raise KeyError(arn)
        return self._api(incident_record(view, row))

    def timeline(self, incident_arn: str) -> list[Row]:
        """ListTimelineEvents' summaries, oldest first."""
        view = self.rows
        row = view.incident(incident_arn)
        if row is None:
            raise KeyError(incident_arn)
        return self._api(timeline(view, row))

    def related_items(self, incident_arn: str) -> list[Row]:
        view = self.rows
        row = view.incident(incident_arn)
        if row is None:
            raise KeyError(incident_arn)
        return related_items(view, row)

    def contacts(self) -> list[Row]:
        return [contact_summary(c) for c in self.rows.directory.contacts]

    def contact(self, arn: str) -> Row:
        index = self.world.find_contact(arn)
        if index is None:
            raise KeyError(arn)
        directory = self.rows.directory
        return contact_detail(directory.contacts[index], directory)

    def rotations(self) -> list[Row]:
        directory = self.rows.directory
        return self._api([rotation_detail(r, directory) for r in directory.rotations])

    def on_call(self, schedule_arn: str, when: datetime | float | None = None) -> str:
        """The contact ARN of the person on shift for an on-call schedule (default: now)."""
        index = self.world.find_contact(schedule_arn)
        directory = self.rows.directory
        if index is None or directory.contacts[index].type != "ONCALL_SCHEDULE":
            raise KeyError(schedule_arn)
        moment = _epoch(when) if when is not None else self.clock()
        return directory.on_shift(directory.contacts[index], moment or 0).arn

    def index(self, arn: str) -> int:
        """The row index of an engagement ARN (0 = newest at the anchor); KeyError if unknown."""
        i = self.world.find_engagement(arn)
        if i is None or not self.rows.visible(i):
            raise KeyError(arn)
        return i
