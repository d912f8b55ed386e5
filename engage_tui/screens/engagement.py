"""Drill-in: one engagement in full — fields, subject and content, every page and its receipts."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from engage_tui import timefmt
from engage_tui.acknowledgement import offset_text
from engage_tui.aws.models import (
    Engagement,
    Page,
    Part,
    Receipt,
    ReceiptType,
    Timeline,
    arn_resource_name,
)
from engage_tui.background import fetch
from engage_tui.browse.act_keys import ActKeys
from engage_tui.detail_text import (
    acknowledgement,
    field_rows,
    message_sections,
    problems,
    summary_rows,
)
from engage_tui.messages import TimelineFailed, TimelineLoaded
from engage_tui.sanitize import safe_text
from engage_tui.screens.context_view import ContextSections
from engage_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from engage_tui.app import EngageApp

_RECEIPT_STYLE: dict[str, str] = {
    ReceiptType.SENT: "$text-muted",
    ReceiptType.DELIVERED: "$text-primary",
    ReceiptType.READ: "bold $text-success",
    ReceiptType.ERROR: "bold $text-error",
    ReceiptType.STOP: "$text-warning",
}


class EngagementScreen(ActKeys):
    """Everything about one engagement. Esc returns to the table where the cursor was; the act
    and share keys (a X y o) work here as on its row."""

    NOTHING_TO_ACT_ON = "The engagement is still loading: try again in a moment."

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("j", "scroll('down')", "Scroll down", show=False),
        Binding("k", "scroll('up')", "Scroll up", show=False),
        Binding("space", "scroll('page_down')", "Page down", show=False),
        Binding("g", "scroll('home')", "Top", show=False),
        Binding("G", "scroll('end')", "Bottom", show=False),
        Binding("c", "copy_arn", "Copy ARN"),
        Binding("r", "reload", "Reload"),
    ]

    app: EngageApp

    def __init__(self, arn: str) -> None:
        super().__init__()
        self.arn = arn

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="drill"):
            yield Static(id="drill-body")
            yield ContextSections()
        yield KeyBar()

    def on_mount(self) -> None:
        # A border title is markup; an ARN from the command line or AWS must stay literal.
        alias = self.arn.rsplit("/", 2)[-2] if self.arn.count("/") >= 2 else self.arn
        self.query_one("#drill").border_title = Content(safe_text(alias, max_len=80))
        self.query_one("#drill").focus()
        self.watch(self.app, "utc", self._render_timeline, init=False)
        timeline = self.timeline
        if timeline is not None:
            self._render_timeline()  # already loaded for the detail panel
            if timeline.full:
                self.query_one(ContextSections).start(timeline)
        else:
            self._body("loading engagement, pages and receipts…")
        if timeline is None or not timeline.full:
            self.load()

    @property
    def timeline(self) -> Timeline | None:
        """The engagement as last loaded, by this screen or the detail panel (one cache)."""
        return self.app.timelines.get(self.arn)

    def _body(self, content: Content | str) -> None:
        self.query_one("#drill-body", Static).update(content)

    def load(self) -> None:
        fetch(
            self,
            partial(self.app.source.timeline_parts, self.arn),
            done=TimelineLoaded,
            failed=partial(TimelineFailed, self.arn),
            description="loading the engagement, its pages and receipts",
            group="timeline",
        )

    @on(TimelineLoaded)
    def _loaded(self, message: TimelineLoaded) -> None:
        self.app.timelines.put(self.arn, message.timeline)
        self._render_timeline()
        self.query_one(ContextSections).start(message.timeline)
        for screen in self.app.screen_stack:  # the table underneath shows it too (its row, panel)
            if screen is not self and isinstance(screen, ActKeys):
                screen.timeline_loaded(message.timeline)

    @on(TimelineFailed)
    def _failed(self, message: TimelineFailed) -> None:
        self._body(
            Content.assemble(
                ("Couldn't load this engagement\n\n", "bold $text-error"),
                message.error.message,
                ("\n\nr: try again · Esc: back", "$text-muted"),
            )
        )

    def _render_timeline(self) -> None:
        timeline = self.timeline
        if timeline is not None:
            self._body(self.render_timeline(timeline))

    def render_timeline(self, timeline: Timeline) -> Content:
        """Every part that loaded, and a line naming each part that didn't."""
        detail = timeline.detail
        rows = [("ARN", safe_text(self.arn))]
        if detail is not None:
            # Exact instants with their zone here: this is what goes into a postmortem.
            full = dict(Started=detail.start, Stopped=detail.stop)
            rows = [
                (label, self.precise(full[label]) if full.get(label) else value)
                for label, value in summary_rows(detail, self.app)
            ]
        rows.insert(-1, ("Acked", acknowledgement(timeline, self.app)))  # just before the ARN
        parts: list[Content] = [field_rows(rows), *problems(timeline)]
        if detail is not None:
            parts += message_sections(detail)
        parts.append(Content.styled(f"\nPages sent ({len(timeline.pages)})", "bold $text-accent"))
        parts.append(Content.styled("  (+ times count from the engagement start)\n", "$text-muted"))
        if not timeline.pages and Part.PAGES not in timeline.problems:
            parts.append(Content.styled("No pages were sent for this engagement.\n", "$text-muted"))
        start = detail.start if detail is not None else None
        for number, page in enumerate(timeline.pages, 1):
            parts.append(self._page_block(number, page, timeline.receipts.get(page.arn), start))
        return Content("").join(parts)

    def precise(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        exact = timefmt.full(moment, self.app.utc, self.app.local_tz)
        return f"{exact} · {timefmt.ago(moment, now=self.app.now())}"

    def _page_block(
        self, number: int, page: Page, receipts: tuple[Receipt, ...] | None, start: datetime | None
    ) -> Content:
        pieces: list[str | tuple[str, str]] = [
            (f"\n{number}. ", "bold"),
            (safe_text(arn_resource_name(page.contact_arn)), "bold"),
            ("  sent ", "$text-muted"),
            self.app.stamp(page.sent),
            ("\n   ", ""),
        ]
        if receipts is None:
            pieces.append(("receipts not loaded", "$text-muted"))
        elif not receipts:
            pieces.append(("no receipts yet", "$text-muted"))
        for index, receipt in enumerate(receipts or ()):
            kind = safe_text(receipt.type, max_len=40)  # AWS may send a type we don't know
            if index:
                pieces.append((" → ", "$text-muted"))
            pieces.append((kind, _RECEIPT_STYLE.get(receipt.type, "")))
            pieces.append((f" {offset_text(start, receipt.time)}", ""))
        for receipt in receipts or ():
            if receipt.info:
                kind = safe_text(receipt.type, max_len=40).lower()
                pieces.append((f"\n   {kind}: ", "$text-muted"))
                pieces.append(safe_text(receipt.info, max_len=500))
        pieces.append("\n")
        return Content.assemble(*pieces)

    def action_scroll(self, where: str) -> None:
        getattr(self.query_one("#drill", VerticalScroll), f"scroll_{where}")(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_copy_arn(self) -> None:
        self.app.copy_arn(self.arn, "Engagement ARN")

    def action_reload(self) -> None:
        self._body("loading engagement, pages and receipts…")
        self.load()

    def acting_on(self) -> Engagement | None:
        detail = self.timeline.detail if self.timeline is not None else None
        if detail is None:
            return None
        return Engagement(
            detail.arn,
            detail.contact_arn,
            detail.sender,
            detail.incident_arn,
            detail.start,
            detail.stop,
        )

    def acted(self, arn: str) -> None:
        self.action_reload()
