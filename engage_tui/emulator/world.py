"""The whole dataset: its plan (generated or the story), both text variants, and the actions taken.

A `World` is time-free; `view(now, ...)` gives what the endpoint serves at one instant.
"""

from __future__ import annotations

import bisect
import functools
from typing import Protocol

from engage_tui.emulator.directory import ContactRow, Directory, RotationRow
from engage_tui.emulator.generated import ENGAGEMENT_KIND
from engage_tui.emulator.ids import uid_index
from engage_tui.emulator.ledger import Ledger
from engage_tui.emulator.pages import MAX_PAGES, PAGE_KIND
from engage_tui.emulator.records import Details, Engagement, IncidentRow


class Plan(Protocol):
    """What a dataset supplies: timing, incidents, and each engagement's plan."""

    seed: int
    anchor: int
    count: int

    def start_time(self, i: int) -> int: ...

    def arrivals_by(self, now: float) -> int: ...

    def incidents(self, hostile: bool) -> tuple[IncidentRow, ...]: ...

    def build(
        self, i: int, directory: Directory, incident: IncidentRow | None, hostile: bool
    ) -> Engagement: ...

    def details(self, rec: Engagement, directory: Directory, hostile: bool) -> Details: ...


class World:
    """A plan plus lookups by ARN (either variant's) and the ledger of actions."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.seed, self.anchor = plan.seed, plan.anchor
        self.directories = {h: Directory(plan.seed, plan.anchor, h) for h in (False, True)}
        self.incident_rows = {h: plan.incidents(h) for h in (False, True)}
        self.ledger = Ledger()
        owning = sorted(
            (r for r in self.incident_rows[False] if r.stop > r.first), key=lambda r: r.first
        )
        self._cluster_firsts = [r.first for r in owning]
        self._clusters = [(r.first, r.stop, r.number) for r in owning]
        self._incident_pos = {r.number: n for n, r in enumerate(self.incident_rows[False])}
        self._incidents_by_arn = {
            r.arn: self._incident_pos[r.number]
            for v in (False, True)
            for r in self.incident_rows[v]
        }
        self._contacts_by_arn = {
            c.arn: c.number for d in self.directories.values() for c in d.contacts
        }
        self._channels_by_arn = {
            ch.arn: c.number
            for d in self.directories.values()
            for c in d.contacts
            for ch in c.channels
        }
        self._rotations_by_arn = {
            r.arn: r.number for d in self.directories.values() for r in d.rotations
        }
        self.record = functools.lru_cache(maxsize=8192)(self._record)
        self.details = functools.lru_cache(maxsize=1024)(self._details)

    @property
    def count(self) -> int:
        return self.plan.count

    def _record(self, i: int, hostile: bool) -> Engagement:
        incident = self.incident_of(i, hostile)
        return self.plan.build(i, self.directories[hostile], incident, hostile)

    def _details(self, i: int, hostile: bool) -> Details:
        return self.plan.details(self.record(i, hostile), self.directories[hostile], hostile)

    def incident_of(self, i: int, hostile: bool) -> IncidentRow | None:
        pos = bisect.bisect_right(self._cluster_firsts, i) - 1
        if pos >= 0 and i < self._clusters[pos][1]:
            return self.incident_rows[hostile][self._incident_pos[self._clusters[pos][2]]]
        return None

    def find_incident(self, arn: str) -> int | None:
        """The position of an incident (in `incident_rows`) by either variant's ARN."""
        return self._incidents_by_arn.get(arn)

    def find_contact(self, arn: str) -> int | None:
        return self._contacts_by_arn.get(arn)

    def channel_owner(self, arn: str) -> int | None:
        return self._channels_by_arn.get(arn)

    def find_rotation(self, arn: str) -> int | None:
        return self._rotations_by_arn.get(arn)

    def find_engagement(self, arn: str) -> int | None:
        """The index of an engagement ARN we minted (either variant), else None."""
        i = uid_index(arn, self.seed, ENGAGEMENT_KIND)
        if i is None or i >= self.count or i < -(1 << 40):
            return None
        if arn not in (self.record(i, False).arn, self.record(i, True).arn):
            return None
        return i

    def find_page(self, arn: str) -> tuple[int, int] | None:
        """(engagement index, page number) of a page ARN we minted, else None."""
        n = uid_index(arn, self.seed, PAGE_KIND)
        if n is None:
            return None
        i, j = divmod(n, MAX_PAGES)
        if i >= self.count or i < -(1 << 37):
            return None
        for hostile in (False, True):
            planned = self.details(i, hostile).pages
            if j < len(planned) and planned[j].arn == arn:
                return i, j
        return None

    def contact(self, index: int, hostile: bool) -> ContactRow:
        return self.directories[hostile].contacts[index]

    def rotation(self, index: int, hostile: bool) -> RotationRow:
        return self.directories[hostile].rotations[index]
