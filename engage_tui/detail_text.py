"""Text about one engagement that the detail panel and the drill-in both show (not widgets)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from textual.content import Content

from engage_tui import timefmt
from engage_tui.acknowledgement import panel_text
from engage_tui.aws.models import Engagement, EngagementDetail, Part, Timeline
from engage_tui.sanitize import safe_text

# Subjects and contents are shown in full up to this many characters (8 KiB bodies are normal).
_BODY_LIMIT = 16_384


def safe_block(text: str, limit: int = _BODY_LIMIT) -> str:
    """Untrusted multi-line text made safe line by line; very long text is cut with a note."""
    cut = text[:limit]
    body = "\n".join(safe_text(line, max_len=limit) for line in cut.splitlines())
    if len(text) > limit:
        body += f"\n… ({len(text) - limit:,} more characters not shown)"
    return body


def field_rows(rows: Sequence[tuple[str, str | Content]], width: int | None = None) -> Content:
    """`label  value` lines with aligned labels; values are literal text (or styled Content).

    A value's second line starts under its first; given the `width` to fill, a value too long
    for one line (an ARN) is also wrapped there, under the value column, not at column 0.
    """
    label_width = max((len(label) for label, _ in rows), default=0)
    indent = " " * (label_width + 2)
    room = width - len(indent) if width is not None else 0
    lines: list[Content] = []
    for label, value in rows:
        value_lines = _value_lines(Content(value) if isinstance(value, str) else value, room)
        lines.append(Content.styled(f"{label:<{label_width}}  ", "$text-muted") + value_lines[0])
        lines.extend(indent + line for line in value_lines[1:])
    return Content("\n").join(lines) + "\n" if lines else Content("")


def _value_lines(value: Content, room: int) -> list[Content]:
    """A value's lines, each wrapped to `room` cells when there is room to wrap in."""
    lines = value.split("\n", allow_blank=True) or [Content("")]
    if room <= 0:
        return lines
    return [part for line in lines for part in (line.wrap(room) or [Content("")])]


class Describer(Protocol):
    """What turns ARNs and times into words (the app)."""

    def describe_contact(self, contact_arn: str) -> str: ...
    def describe_incident(self, incident_arn: str | None) -> str: ...
    def stamp(self, moment: datetime | None) -> str: ...
    def now(self) -> datetime: ...


def summary_rows(item: Engagement | EngagementDetail, names: Describer) -> list[tuple[str, str]]:
    """Who, by whom, for what, when: the fields the panel and the drill-in both lead with."""
    end = item.stop or names.now()
    return [
        ("Contact", safe_text(names.describe_contact(item.contact_arn))),
        ("Sender", safe_text(item.sender)),
        ("Incident", safe_block(names.describe_incident(item.incident_arn))),
        ("Started", names.stamp(item.start)),
        ("Stopped", names.stamp(item.stop) if item.stop else "ongoing"),
        ("Duration", timefmt.duration(item.start, end) if item.start else "?"),
        ("ARN", safe_text(item.arn)),
    ]


def acknowledgement(timeline: Timeline, names: Describer, row: Engagement | None = None) -> str:
    """`✓ after 3m 18s by rpatel`, `✗ not yet (2 pages sent)`, `never acknowledged · stopped
    after 3m 59s`, with any disagreement of the clocks said, never a negative duration."""
    return panel_text(timeline.acknowledgement(row), names.now())


def problems(timeline: Timeline) -> list[Content]:
    """One line per part of the engagement that could not be loaded, saying why."""
    lines = [
        Content.assemble((f"\n⚠ {part.value} not loaded: ", "bold $text-error"), error.message)
        for part, error in timeline.problems.items()
    ]
    missing = timeline.missing_receipts() if timeline.full else ()
    if missing and Part.RECEIPTS not in timeline.problems:
        lines.append(Content.styled(f"\n{len(missing)} page(s) without receipts", "$text-muted"))
    return lines


def message_sections(detail: EngagementDetail) -> list[Content]:
    """Subject and content, and the public ones when there are any."""
    sections = [
        section("Subject", safe_block(detail.subject)),
        section("Content", safe_block(detail.content)),
    ]
    if detail.public_subject or detail.public_content:
        sections.append(section("Public subject", safe_block(detail.public_subject or "")))
        sections.append(section("Public content", safe_block(detail.public_content or "")))
    return sections


def section(title: str, body: str) -> Content:
    return Content.assemble((f"\n{title}\n", "bold $text-accent"), body or "—", "\n")
