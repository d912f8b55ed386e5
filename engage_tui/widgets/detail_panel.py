"""The right pane: every field of the engagement under the cursor, subject and content included."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from engage_tui.aws.models import Engagement, Timeline
from engage_tui.detail_text import (
    Describer,
    acknowledgement,
    field_rows,
    message_sections,
    problems,
    summary_rows,
)


class DetailPanel(VerticalScroll, can_focus=True):
    """Shows an Engagement at once, and its EngagementDetail once loaded."""

    BORDER_TITLE = "Engagement"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = Static(id="detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show_nothing(self, message: str) -> None:
        self._body.update(Content.styled(message, "$text-muted"))

    def show(
        self,
        engagement: Engagement,
        timeline: Timeline | None,
        names: Describer,
        *,
        error: str | None = None,
    ) -> None:
        rows = summary_rows(engagement, names)
        if timeline is not None:
            rows.insert(-1, ("Acked", acknowledgement(timeline, names, engagement)))
        parts = [field_rows(rows)]
        if timeline is not None:
            parts += problems(timeline)
            if timeline.detail is not None:
                parts += message_sections(timeline.detail)
        elif error:
            parts.append(Content.styled(f"\n{error}\n", "$text-error"))
        else:
            parts.append(
                Content.styled("\nloading subject, content and pages…", "$text-muted italic")
            )
        parts.append(Content.styled("\nEnter: pages & receipts · c: copy ARN", "$text-muted"))
        self._body.update(Content("").join(parts))
