"""Deterministic rows generated on demand from (seed, index): a million rows cost nothing.

Engagement `i` (0 = newest at the anchor) starts at `start_time(i)`, a non-increasing function
of `i` spread over `span` seconds before `top`. Negative indices are arrivals after the anchor,
one every `arrive_every` seconds. Incident `k` owns one contiguous cluster of indices [first,
stop) that start just after it was created, so a `ListEngagements` filter is an index interval.
"""

from __future__ import annotations

import functools
import math

from engage_tui.emulator import pages, text
from engage_tui.emulator.directory import ContactRow, Directory
from engage_tui.emulator.ids import CONTACTS_PREFIX, INCIDENTS_PREFIX, mix, uid
from engage_tui.emulator.records import Details, Engagement, IncidentRow, Page, Receipt

ENGAGEMENT_KIND, INCIDENT_KIND = 1, 3
HOSTILE_ONE_IN = 7


class Generated:
    """Timing, incidents and engagement plans for indices [offset, offset + count) + arrivals."""

    def __init__(
        self,
        seed: int,
        anchor: int,
        count: int,
        incidents: int,
        *,
        top: int | None = None,
        span: int = 30 * 86400,
        offset: int = 0,
        arrive_every: float = 0.0,
        sparse_hostile: int = 0,
        clean_newest: int | None = None,
        open_newest: int = 3,
    ) -> None:
        self.seed, self.anchor, self.count, self.offset = seed, anchor, count, offset
        self.top = anchor - 30 if top is None else top
        self.span, self.arrive_every = span, arrive_every
        self.sparse_hostile = sparse_hostile
        self.clean_newest = clean_newest
        self.open_newest = open_newest
        self.incident_total = incidents
        self.row_hash = functools.lru_cache(maxsize=8192)(self._row_hash)
        self.start_time = functools.lru_cache(maxsize=8192)(self._start_time)

    # --- timing ---------------------------------------------------------------------------

    def _start_time(self, i: int) -> int:
        """Jittered, never later than engagement i-1's; arrivals every `arrive_every` seconds."""
        if i < 0:
            return self.anchor + math.ceil(-i * self.arrive_every)
        k = i - self.offset
        jitter = mix(self.seed, 5, i) % 900
        return self.top - (k * 1000 + jitter) * self.span // (max(self.count, 1) * 1000)

    def arrivals_by(self, now: float) -> int:
        """How many arrivals have started by `now`."""
        if self.arrive_every <= 0 or now < self.anchor:
            return 0
        n = int((now - self.anchor) // self.arrive_every)
        while n > 0 and self.start_time(-n) > now:
            n -= 1
        while self.start_time(-(n + 1)) <= now:
            n += 1
        return n

    def _row_hash(self, i: int) -> int:
        return mix(self.seed, ENGAGEMENT_KIND, i)

    # --- incidents ------------------------------------------------------------------------

    def incidents(self, hostile: bool, first_index: int = 0) -> tuple[IncidentRow, ...]:
        """Every incident, newest first; `first_index` numbers them after the story's own."""
        return tuple(
            self._incident(k, first_index + k, hostile) for k in range(self.incident_total)
        )

    def _incident(self, k: int, index: int, hostile: bool) -> IncidentRow:
        total, count = self.incident_total, self.count
        h = mix(self.seed, INCIDENT_KIND, index)
        lo, hi = k * count // total, (k + 1) * count // total
        size = hi - lo
        m = max(1, size * (30 + h % 51) // 100) if size else 0
        first = self.offset + (lo + (h >> 8) % (size - m + 1) if size else lo)
        if m:
            created = self.start_time(first + m - 1) - 30 - (h >> 20) % 600
            newest = self.start_time(first)
        else:
            created = self.top - self.span * (2 * k + 1) // (2 * total)
            newest = created
        resolved: int | None = newest + 600 + (h >> 32) % 7200
        if h % 5 == 0 or created > self.top - 86400:
            resolved = None
        fresh = self.clean_newest is not None and first < self.clean_newest
        bad_text = hostile and index % 4 == 1 and not fresh
        title = text.hostile(index) if bad_text else text.incident_title(h >> 24, plain=fresh)
        plan = text.PLANS[index % len(text.PLANS)]
        tail = text.hostile_id(index) if hostile and index % 4 == 3 and not fresh else ""
        impact = (1, 2, 2, 3, 3, 3, 4, 4, 5)[(h >> 40) % 9]
        incident_id = uid(self.seed, INCIDENT_KIND, index)
        summary = text.incident_summary(title, impact, m)
        if bad_text:
            summary = text.hostile(index + 5, 8000)  # the model's limit
        return IncidentRow(
            number=index,
            arn=f"{INCIDENTS_PREFIX}:incident-record/{plan}/{incident_id}{tail}",
            title=title,
            impact=impact,
            created=created,
            resolved=resolved,
            first=first,
            stop=first + m,
            summary=summary,
            response_plan=plan,
            related=(index + 1,) if k + 1 < total and h % 3 == 0 else (),
            hostile=hostile and index % 4 in (1, 3),
        )

    # --- engagements ----------------------------------------------------------------------

    def text_hostile(self, i: int, hostile: bool) -> bool:
        """Whether row i carries hostile text: 1 in 7 in hostile mode, 1 in `sparse_hostile`
        always; never among the `clean_newest` newest rows."""
        if self.clean_newest is not None and i < self.clean_newest:
            return False
        h = self.row_hash(i) >> 40
        if hostile and h % HOSTILE_ONE_IN == 0:
            return True
        return bool(self.sparse_hostile) and h % self.sparse_hostile == 3

    def contact_of(self, i: int, directory: Directory) -> ContactRow:
        h = self.row_hash(i) & 0xFFFF
        kind = h % 6
        if kind < 2:
            return directory.people[(h >> 4) % len(directory.people)]
        if kind < 5:
            return directory.plans[(h >> 4) % len(directory.plans)]
        return directory.schedules[(h >> 4) % len(directory.schedules)]

    def planned_stop(self, i: int, start: int, incident: IncidentRow | None) -> int | None:
        """None for an engagement that stays open: some of open incidents' from the last day, a
        few of the newest."""
        h = (self.row_hash(i) >> 16) & 0xFFFF
        if incident is None and 0 <= i - self.offset < self.open_newest and h % 2 == 0:
            return None
        unresolved = incident is not None and (
            incident.resolved is None or incident.resolved > self.anchor
        )
        # Nobody leaves a page unanswered for days: only the last day's stay open.
        if unresolved and h % 3 == 0 and self.anchor - start < 86_400:
            return None
        return start + 120 + h % 3600

    def build(
        self,
        i: int,
        directory: Directory,
        incident: IncidentRow | None,
        hostile: bool,
        start: int | None = None,
    ) -> Engagement:
        """Engagement i's listing facts in one text variant; `start` when another plan times it."""
        start = self.start_time(i) if start is None else start
        contact = self.contact_of(i, directory)
        bad = self.text_hostile(i, hostile)
        tail = text.hostile_id(i) if bad and hostile else ""
        engagement_id = uid(self.seed, ENGAGEMENT_KIND, i)
        return Engagement(
            number=i,
            arn=f"{CONTACTS_PREFIX}:engagement/{contact.alias}/{engagement_id}{tail}",
            contact=contact,
            sender=text.hostile(i)[:255]
            if bad
            else text.SENDERS[(self.row_hash(i) >> 32) % 256 % 5],
            incident=incident,
            start=start,
            stop=self.planned_stop(i, start, incident),
            hostile=bad,
        )

    def details(self, rec: Engagement, directory: Directory, hostile: bool) -> Details:
        """Engagement `rec`'s message and pages."""
        i, bad = rec.number, rec.hostile
        tail = text.hostile_id(i) if bad and hostile else ""
        subject, content, public = self._message(i, self.row_hash(i), bad, rec.incident, rec.arn)
        planned = [
            self._page(i, j, target, bad, tail)
            for j, target in enumerate(pages.targets(directory, rec.contact, rec.start))
        ]
        return Details(subject, content, public, tuple(planned))

    def _message(
        self, i: int, h: int, bad: bool, incident: IncidentRow | None, arn: str
    ) -> tuple[str, str, tuple[str, str] | None]:
        if bad:
            public = (text.hostile(i + 2), text.hostile(i + 3, 4096))
            return text.hostile(i), text.hostile(i + 1, 8192), public
        if incident is not None:
            subject = f"[Impact {incident.impact}] {incident.title}"
            public = (f"Incident: {incident.title}", "An incident is in progress; updates follow.")
            return subject, text.engagement_content(subject, incident.impact, arn), public
        subject = text.NO_INCIDENT_SUBJECTS[(h >> 48) % len(text.NO_INCIDENT_SUBJECTS)]
        return subject, text.engagement_content(subject, None, arn), None

    def _page(self, i: int, j: int, target: pages.Target, bad: bool, tail: str) -> Page:
        person, path, stage, essential, sent = target
        h = mix(self.seed, 23, i, j)
        channel = person.channels[h % 2].arn
        receipts = [Receipt("SENT", sent, channel, text.hostile(j + 7) if bad else "Page sent")]
        if h % 11 == 0:
            info = text.hostile(j) if bad else text.RECEIPT_ERRORS[h % len(text.RECEIPT_ERRORS)]
            receipts.append(Receipt("ERROR", sent + 5, channel, info))
        else:
            delivered = sent + 3 + (h >> 8) % 17
            info = text.hostile(j + 9) if bad else "Delivered to device"
            receipts.append(Receipt("DELIVERED", delivered, channel, info))
            read = delivered + 30 + (h >> 16) % 570
            if (h >> 24) % 3:
                info = text.hostile(j + 1) if bad else "Acknowledged via SMS reply “ACK” ✅"
                receipts.append(Receipt("READ", read, channel, info))
                if (h >> 32) % 13 == 0:
                    receipts.append(Receipt("READ", read + 45, None, "Acknowledged in the console"))
        return Page(
            number=j,
            arn=pages.page_arn(self.seed, i, j, person, tail),
            contact=person,
            path=path,
            stage=stage,
            essential=essential,
            sent=sent,
            receipts=tuple(receipts),
            code=pages.accept_code(self.seed, i, j),
        )
