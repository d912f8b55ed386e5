"""The export running: rows written so far, Esc to stop (what was written stays a valid file),
and at the end one line saying how many rows went where."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from engage_tui.background import in_thread, unexpected
from engage_tui.sanitize import safe_text
from engage_tui.screens.export_dialog import ExportPlan
from engage_tui.share import export_target
from engage_tui.share.export_job import ExportStopped, Progress
from engage_tui.share.export_target import TargetProblem

ExportJob = Callable[[TextIO, Callable[[Progress], None], Callable[[], bool]], Progress]
"""Writes to the stream, reporting progress, until done or `cancelled()`: export_query or
export_rows with everything else already bound."""


@dataclass
class ExportProgressed(Message):
    """Rows written so far (from the export's thread); a newer one replaces it."""

    progress: Progress

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ExportProgressed)


class ExportRunning(ModalScreen[None]):
    """Runs one export in a thread; closes when it ends, saying how it ended."""

    BINDINGS = [Binding("escape", "stop", "Stop the export")]

    def __init__(self, plan: ExportPlan, job: ExportJob, *, total: int | None) -> None:
        super().__init__()
        self._plan = plan
        self._job = job
        self._total = total
        self._stop = threading.Event()
        self._where = safe_text(str(plan.target.path), max_len=200)

    def compose(self) -> ComposeResult:
        with Vertical(classes="action-dialog", id="export-running"):
            yield Static(Content.styled(f"Exporting to {self._where}", "bold"))
            yield ProgressBar(total=self._total, show_eta=False, id="export-bar")
            yield Static("starting…", id="export-count")
            yield Static(Content.styled("Esc stops; the rows written are kept.", "$text-muted"))

    def on_mount(self) -> None:
        self.run_worker(self._run(), group="export", exit_on_error=False)

    def action_stop(self) -> None:
        self._stop.set()
        self.query_one("#export-count", Static).update("stopping after this page…")

    def _write(self) -> Progress:
        """In the export's thread: open the file, write, close it whatever happens."""
        plan = self._plan
        with export_target.open_file(plan.target, overwrite=plan.overwrite) as out:
            return self._job(out, self._progressed_in_thread, self._stop.is_set)

    def _progressed_in_thread(self, progress: Progress) -> None:
        self.post_message(ExportProgressed(progress))

    async def _run(self) -> None:
        try:
            done = await in_thread(self._write, name="engage-tui-export")
        except TargetProblem as problem:
            self._end(str(problem), error=True)
        except ExportStopped as stopped:
            self._end(
                f"Export stopped after {stopped.progress.rows:,} rows: {stopped.error.message} "
                f"{self._where} holds the rows written (a valid file).",
                error=True,
            )
        except OSError as error:
            self._end(f"Couldn't write {self._where}: {error.strerror or error}.", error=True)
        except Exception as error:  # a bug: said, never a dialog left spinning
            self._end(unexpected(error, "exporting").message, error=True)
        else:
            if done.finished:
                self._end(f"Wrote {done.rows:,} rows to {self._where}")
            else:
                self._end(
                    f"Export stopped: {done.rows:,} rows written to {self._where} "
                    "(a valid file, complete up to there)."
                )

    def _end(self, text: str, *, error: bool = False) -> None:
        self.app.notify(
            text,
            title="Export",
            severity="error" if error else "information",
            timeout=15 if error else 8,
        )
        self.dismiss(None)

    @on(ExportProgressed)
    def _progressed(self, message: ExportProgressed) -> None:
        progress = message.progress
        self.query_one(ProgressBar).update(progress=progress.rows)
        pages = f" · {progress.pages:,} pages" if progress.pages else ""
        stopping = " (stopping…)" if self._stop.is_set() else "…"
        self.query_one("#export-count", Static).update(
            f"{progress.rows:,} rows written{pages}{stopping}"
        )
