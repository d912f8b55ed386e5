"""Deterministic demo rows generated on demand from (seed, index): a million rows cost nothing.

Engagement `i` (0 = newest) starts at `start_time(i)`, a non-increasing function of `i` spread
over the 30 days before `anchor`. Incident `k` owns one contiguous cluster of engagement indices
[first, stop) that start just after the incident was created. A `ListEngagements` filter is
therefore an index interval: the incident's cluster intersected with a binary search on time.
All times are whole epoch seconds.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from engage_tui.emulator import text
from engage_tui.emulator.contacts import ContactRow, build_contacts
from engage_tui.emulator.ids import CONTACTS_PREFIX, INCIDENTS_PREFIX, mix, uid, uid_index

SPAN_SECONDS = 30 * 86400
_ENGAGEMENT, _INCIDENT = 1, 3
MAX_PAGES = 8


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One incident record and the engagement indices it owns."""

    index: int
    arn: str
    title: str
    status: str
    impact: int
    created: int
    resolved: int | None
    first: int
    stop: int


class DemoData:
    """Every demo row, computed from (seed, index) on request; only incidents are precomputed."""

    def __init__(
        self, engagements: int, incidents: int, seed: int, anchor: int, hostile: bool = False
    ) -> None:
        self.count = engagements
        self.seed = seed
        self.anchor = anchor
        self.hostile_mode = hostile
        self.contacts: tuple[ContactRow, ...] = build_contacts(seed, hostile)
        self.people = tuple(c for c in self.contacts if c.type == "PERSONAL")
        self.plans = tuple(c for c in self.contacts if c.type == "ESCALATION")
        self.incidents: tuple[IncidentRow, ...] = tuple(
            self._make_incident(k, incidents) for k in range(incidents)
        )
        self._incident_by_arn = {r.arn: r for r in self.incidents}
        owning = [r for r in self.incidents if r.stop > r.first]
        self._cluster_firsts = [r.first for r in owning]
        self._clusters = owning
        # A row's attributes each re-read its hash and start time; small caches keep that cheap.
        self.row_hash = functools.lru_cache(maxsize=4096)(self._row_hash)  # type: ignore[method-assign]
        self.start_time = functools.lru_cache(maxsize=4096)(self._start_time)  # type: ignore[method-assign]

    # --- time and incidents -------------------------------------------------------------

    def start_time(self, i: int) -> int:
        """Engagement i's StartTime (cached; see `_start_time`)."""
        return self._start_time(i)

    def _start_time(self, i: int) -> int:
        """Engagement i's StartTime: jittered but never later than engagement i-1's."""
        jitter = mix(self.seed, 5, i) % 900
        return self.anchor - 30 - (i * 1000 + jitter) * SPAN_SECONDS // (max(self.count, 1) * 1000)

    def _make_incident(self, k: int, total: int) -> IncidentRow:
        h = mix(self.seed, _INCIDENT, k)
        lo, hi = k * self.count // total, (k + 1) * self.count // total
        size = hi - lo
        m = max(1, size * (30 + h % 51) // 100) if size else 0
        first = lo + (h >> 8) % (size - m + 1) if size else lo
        if m:
            created = self.start_time(first + m - 1) - 30 - (h >> 20) % 600
            newest = self.start_time(first)
        else:
            created = self.anchor - SPAN_SECONDS * (2 * k + 1) // (2 * total)
            newest = created
        resolved: int | None = newest + 600 + (h >> 32) % 7200
        if (
            h % 5 == 0
            or resolved is None
            or resolved > self.anchor
            or created > self.anchor - 86400
        ):
            resolved = None
        title = text.incident_title(h >> 24)
        if self.hostile_mode and k % 4 == 1:
            title = text.hostile(k)
        plan = text.PLANS[k % len(text.PLANS)]
        return IncidentRow(
            index=k,
            arn=f"{INCIDENTS_PREFIX}:incident-record/{plan}/{uid(self.seed, _INCIDENT, k)}",
            title=title,
            status="OPEN" if resolved is None else "RESOLVED",
            impact=(1, 2, 2, 3, 3, 3, 4, 4, 5)[(h >> 40) % 9],
            created=created,
            resolved=resolved,
            first=first,
            stop=first + m,
        )

    def incident_of(self, i: int) -> IncidentRow | None:
        """The incident whose cluster holds engagement i, if any."""
        pos = bisect.bisect_right(self._cluster_firsts, i) - 1
        if pos >= 0 and i < self._clusters[pos].stop:
            return self._clusters[pos]
        return None

    def find_incident(self, arn: str) -> IncidentRow | None:
        return self._incident_by_arn.get(arn)

    # --- engagements --------------------------------------------------------------------

    def engagement_range(
        self, incident_arn: str | None = None, start: float | None = None, end: float | None = None
    ) -> range:
        """Indices (newest first) of engagements matching the filters.

        `incident_arn` keeps one incident's engagements (an unknown ARN matches nothing);
        `start`/`end` keep engagements whose StartTime lies in [start, end], both inclusive,
        either side open when None.
        """
        lo, hi = 0, self.count
        if incident_arn is not None:
            row = self.find_incident(incident_arn)
            if row is None:
                return range(0)
            lo, hi = row.first, row.stop
        if end is not None:
            lo = max(lo, self._first_index_where(lambda t: t <= end))
        if start is not None:
            hi = min(hi, self._first_index_where(lambda t: t < start))
        return range(lo, max(lo, hi))

    def _first_index_where(self, pred: object) -> int:
        """The first index whose start time satisfies a monotone predicate (False..True)."""
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if pred(self.start_time(mid)):  # type: ignore[operator]
                hi = mid
            else:
                lo = mid + 1
        return lo

    def row_hash(self, i: int) -> int:
        """One 64-bit hash per engagement; each attribute below reads its own bits of it."""
        return self._row_hash(i)

    def _row_hash(self, i: int) -> int:
        return mix(self.seed, _ENGAGEMENT, i)

    def is_hostile(self, i: int) -> bool:
        return self.hostile_mode and (self.row_hash(i) >> 40) % 7 == 0

    def contact_of(self, i: int) -> ContactRow:
        h = self.row_hash(i) & 0xFFFF
        if h % 3 == 0:
            return self.people[(h >> 4) % len(self.people)]
        return self.plans[(h >> 4) % len(self.plans)]

    def stop_time(self, i: int) -> int | None:
        """None while the engagement is ongoing: some in open incidents, the newest few, and any
        whose stop would still be in the future."""
        h = (self.row_hash(i) >> 16) & 0xFFFF
        incident = self.incident_of(i)
        if incident is None and i < 3 and h % 2 == 0:
            return None
        if incident is not None and incident.status == "OPEN" and h % 3 == 0:
            return None
        stop = self.start_time(i) + 120 + h % 3600
        return stop if stop <= self.anchor else None

    def engagement_arn(self, i: int) -> str:
        alias = self.contact_of(i).alias
        return f"{CONTACTS_PREFIX}:engagement/{alias}/{uid(self.seed, _ENGAGEMENT, i)}"

    def find_engagement(self, arn: str) -> int | None:
        i = uid_index(arn.rsplit("/", 1)[-1], self.seed, _ENGAGEMENT)
        if i is None or i >= self.count or self.engagement_arn(i) != arn:
            return None
        return i

    def sender(self, i: int) -> str:
        if self.is_hostile(i):
            return text.hostile(i)[:255]
        return text.SENDERS[(self.row_hash(i) >> 32) % 256 % len(text.SENDERS)]

    def engagement_row(self, i: int) -> dict[str, object]:
        """The ListEngagements item for index i (times as epoch seconds)."""
        row: dict[str, object] = {
            "EngagementArn": self.engagement_arn(i),
            "ContactArn": self.contact_of(i).arn,
            "Sender": self.sender(i),
        }
        incident = self.incident_of(i)
        if incident is not None:
            row["IncidentId"] = incident.arn
        row["StartTime"] = self.start_time(i)
        stop = self.stop_time(i)
        if stop is not None:
            row["StopTime"] = stop
        return row

    def engagement_detail(self, i: int) -> dict[str, object]:
        """The DescribeEngagement result for index i."""
        row = self.engagement_row(i)
        incident = self.incident_of(i)
        if self.is_hostile(i):
            subject, content = text.hostile(i), text.hostile(i + 1, 8192)
            public: tuple[str, str] | None = (text.hostile(i + 2), text.hostile(i + 3, 4096))
        elif incident is not None:
            subject = f"[Impact {incident.impact}] {incident.title}"
            content = text.engagement_content(subject, incident.impact, row["EngagementArn"])  # type: ignore[arg-type]
            public = (f"Incident: {incident.title}", "An incident is in progress; updates follow.")
        else:
            subject = text.NO_INCIDENT_SUBJECTS[
                (self.row_hash(i) >> 48) % len(text.NO_INCIDENT_SUBJECTS)
            ]
            content = text.engagement_content(subject, None, row["EngagementArn"])  # type: ignore[arg-type]
            public = None
        detail: dict[str, object] = {
            "ContactArn": row["ContactArn"],
            "EngagementArn": row["EngagementArn"],
            "Sender": row["Sender"],
            "Subject": subject,
            "Content": content,
        }
        if public is not None:
            detail["PublicSubject"], detail["PublicContent"] = public
        for key in ("IncidentId", "StartTime", "StopTime"):
            if key in row:
                detail[key] = row[key]
        return detail
