"""The right pane: every field of the engagement under the cursor, subject and content included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from engage_tui.aws.models import Engagement, EngagementDetail
from engage_tui.widgets.sanitize import safe_text

# Subjects and contents are shown in full up to this many characters (8 KiB bodies are normal).
_BODY_LIMIT = 16_384


def safe_block(text: str, limit: int = _BODY_LIMIT) -> str:
    """Untrusted multi-line text made safe line by line; very long text is cut with a note."""
    cut = text[:limit]
    body = "\n".join(safe_text(line, max_len=limit) for line in cut.splitlines())
    if len(text) > limit:
        body += f"\n… ({len(text) - limit:,} more characters not shown)"
    return body


def field_rows(rows: list[tuple[str, str]]) -> Content:
    """`label  value` lines with aligned labels; values are literal text."""
    width = max((len(label) for label, _ in rows), default=0)
    parts: list[str | tuple[str, str]] = []
    for label, value in rows:
        parts.append((f"{label:<{width}}  ", "$text-muted"))
        parts.append(value)
        parts.append("\n")
    return Content.assemble(*parts)


def section(title: str, body: str) -> Content:
    return Content.assemble((f"\n{title}\n", "bold $text-accent"), body or "—", "\n")


class DetailPanel(VerticalScroll, can_focus=True):
    """Shows an Engagement at once, and its EngagementDetail once loaded."""

    BORDER_TITLE = "Engagement"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static(id="detail-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show_nothing(self, message: str) -> None:
        self._body.update(Content.styled(message, "$text-muted"))

    def show(
        self,
        engagement: Engagement,
        detail: EngagementDetail | None,
        *,
        describe_contact: Callable[[str], str],
        describe_incident: Callable[[str | None], str],
        stamp: Callable[[datetime | None], str],
        duration: str,
        error: str | None = None,
    ) -> None:
        rows = [
            ("Contact", safe_text(describe_contact(engagement.contact_arn))),
            ("Sender", safe_text(engagement.sender)),
            ("Incident", safe_block(describe_incident(engagement.incident_arn))),
            ("Started", stamp(engagement.start)),
            ("Stopped", stamp(engagement.stop) if engagement.stop else "ongoing"),
            ("Duration", duration),
            ("ARN", safe_text(engagement.arn)),
        ]
        parts = [field_rows(rows)]
        if detail is not None:
            parts.append(section("Subject", safe_block(detail.subject)))
            parts.append(section("Content", safe_block(detail.content)))
            if detail.public_subject or detail.public_content:
                parts.append(section("Public subject", safe_block(detail.public_subject or "")))
                parts.append(section("Public content", safe_block(detail.public_content or "")))
        elif error:
            parts.append(Content.styled(f"\n{error}\n", "$text-error"))
        else:
            parts.append(Content.styled("\nloading subject and content…", "$text-muted italic"))
        parts.append(Content.styled("\nEnter: pages & receipts · c: copy ARN", "$text-muted"))
        self._body.update(Content("").join(parts))
