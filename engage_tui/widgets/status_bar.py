"""The top line: where we are looking (profile · region · endpoint), the time range, row counts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from engage_tui.sanitize import safe_text
from engage_tui.widgets.one_line import OneLine


class StatusBar(OneLine):
    """Shows the current target, query and loading state. Never shows credentials."""

    def show(self, *, target: str, incident: str, time_range: str, loaded: str, as_of: str) -> None:
        bar = (" │ ", "$text-muted")
        # Most important first: a narrow terminal cuts from the right.
        content = Content.assemble(
            (time_range, "bold $text-primary"),
            bar,
            loaded,
            bar,
            (safe_text(incident, max_len=80), "bold"),
            bar,
            safe_text(target, max_len=120),
            bar,
            (as_of, "$text-muted"),
        )
        self.show_content(content)


class ErrorBanner(Static):
    """Under the status line while paging is stopped: what went wrong and what `r` does."""

    def show(self, words: tuple[str, str] | None) -> None:
        """Show (message, hint), or hide when None."""
        self.display = words is not None
        if words is not None:
            message, hint = words
            self.update(Content.assemble(("⚠ ", "bold"), message, (f"  {hint}", "bold")))
