"""What the endpoint serves at one instant: the plan cut at `now`, plus actions and data faults.

A page is sent once its time comes, unless the engagement stopped first or an essential
contact of an earlier stage acknowledged before it (escalation halts). Receipts appear when
their time comes; a stop adds a STOP receipt to every page sent.
"""

from __future__ import annotations

from typing import NamedTuple

from engage_tui.emulator import text
from engage_tui.emulator.pages import code_line
from engage_tui.emulator.records import Engagement, IncidentRow, Page, Receipt
from engage_tui.emulator.world import World

SKEW_FUTURE_START, SKEW_STOP_BEFORE_START, SKEW_READ_BEFORE_START = 0, 1, 2
SKEW_READ_LEAD = 920  # the READ is 15m 20s before the engagement's start
SKEW_STOP_LEAD = 240
SKEW_FUTURE = 3600
Row = dict[str, object]


class DataSwitches(NamedTuple):
    """The data faults in force for one response (see `Faults`)."""

    hostile: bool = False
    skew: bool = False
    unordered_receipts: bool = False


class View:
    """The dataset at time `now` (epoch seconds), in the variant the switches select."""

    def __init__(self, world: World, now: float, switches: DataSwitches | None = None) -> None:
        self.world = world
        self.now = now
        self.switches = switches or DataSwitches()
        self.hostile = self.switches.hostile
        self.directory = world.directories[self.hostile]

    # --- compatibility with the row-at-a-time helpers tests use ---------------------------

    @property
    def count(self) -> int:
        """Engagements that started by the anchor (indices 0 .. count-1)."""
        return self.world.count

    def start_time(self, i: int) -> int:
        return self.start(i)

    def is_hostile(self, i: int) -> bool:
        return self.record(i).hostile

    # --- engagements ----------------------------------------------------------------------

    def record(self, i: int) -> Engagement:
        return self.world.record(i, self.hostile)

    @property
    def newest(self) -> int:
        """The index of the newest engagement that has started by now."""
        return -self.world.plan.arrivals_by(self.now)

    def visible(self, i: int) -> bool:
        return self.newest <= i < self.count

    def start(self, i: int) -> int:
        if self.switches.skew and i == SKEW_FUTURE_START:
            return int(self.now) + SKEW_FUTURE
        return self.world.plan.start_time(i)

    def _stop_plain(self, i: int) -> int | None:
        """When engagement i stopped (planned or StopEngagement), if it has by now."""
        planned = self.record(i).stop
        stop = planned if planned is not None and planned <= self.now else None
        action = self.world.ledger.stopped(i)
        if action is not None and (stop is None or action[0] < stop):
            stop = action[0]
        return stop

    def stop(self, i: int) -> int | None:
        if self.switches.skew and i == SKEW_STOP_BEFORE_START:
            return self.start(i) - SKEW_STOP_LEAD
        return self._stop_plain(i)

    def engagement_range(
        self, incident_arn: str | None = None, start: float | None = None, end: float | None = None
    ) -> range:
        """Indices (newest first) of the engagements matching the filters, both ends inclusive."""
        lo, hi = self.newest, self.count
        if incident_arn is not None:
            pos = self.world.find_incident(incident_arn)
            if pos is None:
                return range(0)
            row = self.world.incident_rows[False][pos]
            lo, hi = max(lo, row.first), min(hi, row.stop)
        if end is not None:
            lo = max(lo, self._first_index(lambda t: t <= end))
        if start is not None:
            hi = min(hi, self._first_index(lambda t: t < start))
        return range(lo, max(lo, hi))

    def _first_index(self, pred: object) -> int:
        """The first visible index whose start satisfies a monotone predicate (False..True)."""
        lo, hi = self.newest, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if pred(self.start(mid)):  # type: ignore[operator]
                hi = mid
            else:
                lo = mid + 1
        return lo

    def engagement_row(self, i: int) -> Row:
        """The ListEngagements item (times as epoch seconds)."""
        rec = self.record(i)
        row: Row = {"EngagementArn": rec.arn, "ContactArn": rec.contact.arn, "Sender": rec.sender}
        if rec.incident is not None:
            row["IncidentId"] = rec.incident.arn
        row["StartTime"] = self.start(i)
        stop = self.stop(i)
        if stop is not None:
            row["StopTime"] = stop
        return row

    def engagement_detail(self, i: int) -> Row:
        """The DescribeEngagement result."""
        rec, more = self.record(i), self.world.details(i, self.hostile)
        row = self.engagement_row(i)
        detail: Row = {
            "ContactArn": rec.contact.arn,
            "EngagementArn": rec.arn,
            "Sender": rec.sender,
            "Subject": more.subject,
            "Content": more.content,
        }
        if more.public is not None:
            detail["PublicSubject"], detail["PublicContent"] = more.public
        for key in ("IncidentId", "StartTime", "StopTime"):
            if key in row:
                detail[key] = row[key]
        return detail

    # --- pages and receipts ---------------------------------------------------------------

    def sent_pages(self, i: int) -> list[tuple[Page, list[Receipt]]]:
        """The pages sent by now, each with its receipts in time order (or scrambled)."""
        rec = self.record(i)
        stop = self._stop_plain(i)
        limit = self.now if stop is None else min(self.now, stop)
        halt: float | None = None  # earliest essential READ of the stages before this one
        stage, stage_halt = 0, None
        out: list[tuple[Page, list[Receipt]]] = []
        for page in self.world.details(i, self.hostile).pages:
            if page.stage != stage:
                halt = _earliest(halt, stage_halt)
                stage, stage_halt = page.stage, None
            if page.sent > limit or (halt is not None and page.sent > halt):
                continue
            receipts = self._receipts(rec, page, limit, stop)
            if page.essential:
                stage_halt = _earliest(stage_halt, _first(receipts, "READ"))
            out.append((page, receipts))
        return out

    def _receipts(
        self, rec: Engagement, page: Page, limit: float, stop: int | None
    ) -> list[Receipt]:
        found = [r for r in page.receipts if r.time <= limit]
        found += self.world.ledger.receipts(rec.number, page.number)
        if self.switches.skew and rec.number == SKEW_READ_BEFORE_START and page.number == 0:
            found = [r for r in found if r.kind != "READ"]
            found.append(
                Receipt(
                    "READ", rec.start - SKEW_READ_LEAD, page.receipts[0].channel, "Acknowledged"
                )
            )
        if stop is not None:
            action = self.world.ledger.stopped(rec.number)
            info = action[1] if action is not None and action[1] else "Engagement stopped"
            info = text.hostile(page.number + 11) if rec.hostile else info
            found.append(Receipt("STOP", max(stop, page.sent), None, info))
        found.sort(key=lambda r: r.time)
        if self.switches.unordered_receipts:
            found.reverse()
        return found

    def page_row(self, i: int, page: Page, receipts: list[Receipt]) -> Row:
        """The ListPagesByEngagement item; DeliveryTime and ReadTime are the first of each."""
        rec = self.record(i)
        row: Row = {
            "PageArn": page.arn,
            "EngagementArn": rec.arn,
            "ContactArn": page.contact.arn,
            "Sender": rec.sender,
        }
        if rec.incident is not None:
            row["IncidentId"] = rec.incident.arn
        row["SentTime"] = page.sent
        for key, kind in (("DeliveryTime", "DELIVERED"), ("ReadTime", "READ")):
            when = _first(receipts, kind)
            if when is not None:
                row[key] = when
        return row

    def page_rows(self, i: int) -> list[Row]:
        return [self.page_row(i, page, receipts) for page, receipts in self.sent_pages(i)]

    def page(self, i: int, j: int) -> tuple[Page, list[Receipt]] | None:
        """Page j of engagement i with its receipts, if it has been sent by now."""
        for page, receipts in self.sent_pages(i) if self.visible(i) else []:
            if page.number == j:
                return page, receipts
        return None

    def page_detail(self, i: int, page: Page, receipts: list[Receipt]) -> Row:
        """The DescribePage result: the page, the message, and the page's own accept code."""
        detail = self.engagement_detail(i)
        row = self.page_row(i, page, receipts)
        for key in ("Subject", "Content", "PublicSubject", "PublicContent"):
            if key in detail:
                row[key] = detail[key]
        row["Content"] = f"{detail['Content']}\n\n{code_line(page.code)}"
        return row

    @staticmethod
    def receipt_rows(receipts: list[Receipt]) -> list[Row]:
        out: list[Row] = []
        for r in receipts:
            row: Row = {}
            if r.channel is not None:
                row["ContactChannelArn"] = r.channel
            row.update({"ReceiptType": r.kind, "ReceiptInfo": r.info, "ReceiptTime": r.time})
            out.append(row)
        return out

    @staticmethod
    def resolution_rows(page: Page) -> list[Row]:
        """The ListPageResolutions path: plan, then schedule or person, then the person."""
        out: list[Row] = []
        for contact, stage in page.path:
            row: Row = {"ContactArn": contact.arn, "Type": contact.type}
            if stage is not None:
                row["StageIndex"] = stage
            out.append(row)
        return out

    # --- incidents ------------------------------------------------------------------------

    def incidents(self) -> tuple[IncidentRow, ...]:
        """Incident records created by now, newest first."""
        return tuple(r for r in self.world.incident_rows[self.hostile] if r.created <= self.now)

    def incident(self, arn: str) -> IncidentRow | None:
        pos = self.world.find_incident(arn)
        if pos is None:
            return None
        row = self.world.incident_rows[self.hostile][pos]
        return row if row.created <= self.now else None

    def resolved(self, row: IncidentRow) -> int | None:
        """When the incident was resolved, if it has been by now."""
        return row.resolved if row.resolved is not None and row.resolved <= self.now else None


def _first(receipts: list[Receipt], kind: str) -> int | None:
    times = [r.time for r in receipts if r.kind == kind]
    return min(times) if times else None


def _earliest(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    return a if b is None else min(a, b)
