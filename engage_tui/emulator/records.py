"""The planned facts of the dataset: what happens to each engagement, and when.

Plans are time-free: a receipt planned for 12:03 exists in the plan from the start, and the
`View` serves it once its clock reads 12:03 or later. All times are whole epoch seconds.
"""

from __future__ import annotations

from typing import NamedTuple

from engage_tui.emulator.directory import ContactRow


class Receipt(NamedTuple):
    """A receipt as ListPageReceipts returns it; `channel` is a contact-channel ARN or None."""

    kind: str
    time: int
    channel: str | None
    info: str


class Page(NamedTuple):
    """One page: who was paged, through which path, and what receipts it collects."""

    number: int
    arn: str
    contact: ContactRow
    path: tuple[tuple[ContactRow, int | None], ...]
    stage: int
    essential: bool
    sent: int
    receipts: tuple[Receipt, ...]
    code: str


class IncidentRow(NamedTuple):
    """One incident record; it owns the engagement indices [first, stop)."""

    number: int
    arn: str
    title: str
    impact: int
    created: int
    resolved: int | None
    first: int
    stop: int
    summary: str
    response_plan: str
    related: tuple[int, ...] = ()
    hostile: bool = False  # its timeline events and related items carry hostile text


class Engagement(NamedTuple):
    """One engagement's listing facts as planned; `stop` may lie after the anchor."""

    number: int
    arn: str
    contact: ContactRow
    sender: str
    incident: IncidentRow | None
    start: int
    stop: int | None
    hostile: bool


class Details(NamedTuple):
    """What only a drill-in needs (built apart, so listing a page of rows stays cheap)."""

    subject: str
    content: str
    public: tuple[str, str] | None
    pages: tuple[Page, ...]
