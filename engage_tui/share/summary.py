"""One engagement as Markdown for Slack or a ticket: who, what, when, acknowledged, each page.

Untrusted text is made visible (`safe_text`) and then escaped for Markdown, so a sender or a
title can add no link, heading, code span, emphasis, HTML or mention; ARNs of the usual shape
are shown as code. Times carry their zone (`2026-11-24 20:12:05 EST (UTC-05:00)`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, tzinfo

from engage_tui import timefmt
from engage_tui.acknowledgement import offset_text, panel_text
from engage_tui.aws.models import (
    Engagement,
    Page,
    Part,
    Receipt,
    ReceiptType,
    Timeline,
    arn_resource_name,
)
from engage_tui.sanitize import is_arn, safe_text

# Everything that can open inline markup in CommonMark/GFM (code, emphasis, links, autolinks,
# HTML, entities, strikethrough, tables) or a mention in Slack and GitHub. `_` inside a word
# (`nina_n`) opens no emphasis and `@` after a letter (`oncall@corp`) no mention, and Slack
# shows backslashes as typed, so those two stay bare. Line-start markup (#, -, 1.) needs no
# escape: untrusted text never starts a line here.
_MARKUP = re.compile(r"[\\`*\[\]<>~&|]|(?<![^\W_])[_@]|_(?![^\W_])")
_TEXT_LIMIT = 300
_SUBJECT_LIMIT = 500


def md_text(text: str, max_len: int = _TEXT_LIMIT) -> str:
    """Untrusted text as literal Markdown on one line: controls visible, markup escaped."""
    return _MARKUP.sub(lambda m: "\\" + m[0], safe_text(text, max_len=max_len))


def md_arn(arn: str) -> str:
    """An ARN as a code span, or as escaped text when it is not of the usual shape."""
    return f"`{arn}`" if is_arn(arn) else md_text(arn, max_len=2048)


def markdown_summary(
    row: Engagement,
    timeline: Timeline | None,
    *,
    tz: tzinfo,
    now: datetime,
    incident_title: str | None = None,
    contact: str | None = None,
) -> str:
    """The engagement as Markdown. `timeline` adds the acknowledgement and the pages (None: not
    loaded yet); `contact` is how the UI names the contact (`akuam (contact)`), else its alias."""
    who = md_text(contact or row.contact_alias)
    lines = [f"**Engagement of {who}**"]
    lines.append(f"- **Sender:** {md_text(row.sender) or '—'}")
    lines.append(f"- **Incident:** {_incident(row.incident_arn, incident_title)}")
    if timeline is not None and timeline.detail is not None:
        subject = timeline.detail.subject
        lines.append(f"- **Subject:** {md_text(subject, _SUBJECT_LIMIT) or '—'}")
    lines.append(f"- **Started:** {_when(row.start, tz)}")
    lines.append(f"- **Stopped:** {_stopped(row, tz, now)}")
    if timeline is None:
        lines.append("- **Acknowledged:** not loaded yet")
    else:
        ack = timeline.acknowledgement(row)
        lines.append(f"- **Acknowledged:** {md_text(panel_text(ack, now))}")
        lines.extend(_pages(timeline, row.start, tz))
    lines.append(f"- **Engagement:** {md_arn(row.arn)}")
    return "\n".join(lines) + "\n"


def _incident(arn: str | None, title: str | None) -> str:
    if not arn:
        return "none (not part of an incident)"
    return f"{md_text(title)} ({md_arn(arn)})" if title else md_arn(arn)


def _when(moment: datetime | None, tz: tzinfo) -> str:
    return timefmt.full(moment, False, tz) if moment is not None else "unknown"


def _stopped(row: Engagement, tz: tzinfo, now: datetime) -> str:
    if row.stop is not None:
        after = f" (after {timefmt.duration(row.start, row.stop)})" if row.start else ""
        return _when(row.stop, tz) + after
    return f"ongoing for {timefmt.duration(row.start, now)}" if row.start else "ongoing"


def _pages(timeline: Timeline, start: datetime | None, tz: tzinfo) -> list[str]:
    if Part.PAGES in timeline.problems:
        reason = md_text(timeline.problems[Part.PAGES].message)
        return [f"- **Pages:** could not be loaded ({reason})"]
    lines = [f"- **Pages ({len(timeline.pages)}):**" if timeline.pages else "- **Pages:** none"]
    for page in timeline.pages:
        receipts = timeline.receipts.get(page.arn, ())
        steps = []
        for word, moment in _page_times(page, receipts):
            if moment is not None:
                steps.append(f"{word} {_when(moment, tz)} ({offset_text(start, moment)})")
        said = " · ".join(steps) or "no delivery recorded"
        lines.append(f"  - {md_text(arn_resource_name(page.contact_arn))}: {said}")
    return lines


def _page_times(page: Page, receipts: Sequence[Receipt]) -> tuple[tuple[str, datetime | None], ...]:
    """Sent, delivered and read: the page's own times, else its earliest matching receipt."""

    def first(kind: ReceiptType) -> datetime | None:
        return min((r.time for r in receipts if r.type == kind), default=None)

    return (
        ("sent", page.sent or first(ReceiptType.SENT)),
        ("delivered", page.delivered or first(ReceiptType.DELIVERED)),
        ("read", page.read or first(ReceiptType.READ)),
    )
