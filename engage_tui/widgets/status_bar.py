"""The top line: where we are looking (profile · region · endpoint), the time range, row counts."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from engage_tui.sanitize import safe_text


class StatusBar(Static):
    """Shows the current target, query and loading state. Never shows credentials."""

    _drawn: tuple[str, tuple[object, ...]] | None = None

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
        drawn = (content.plain, tuple(content.spans))  # Content's == compares the text only
        if drawn == self._drawn:
            # Unchanged: no repaint. A repaint of this top line with the detail panel's in the
            # same frame makes Textual render every line in between across the whole width.
            return
        self._drawn = drawn
        # One line whatever it says (styles/app.tcss): a new count needs no screen-wide layout.
        self.update(content, layout=False)


class ErrorBanner(Static):
    """Under the status line while paging is stopped: what went wrong and what `r` does."""

    def show(self, words: tuple[str, str] | None) -> None:
        """Show (message, hint), or hide when None."""
        self.display = words is not None
        if words is not None:
            message, hint = words
            self.update(Content.assemble(("⚠ ", "bold"), message, (f"  {hint}", "bold")))
