"""One export, start to end: the query's pages (or rows already loaded) through a writer.

The CLI and the UI's export both run this, so they write the same file the same way. It
blocks: the UI calls it from a thread worker, with `cancelled` set by Esc and `on_progress`
posting a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Engagement, Query
from engage_tui.aws.source import Source
from engage_tui.share.export import Format, open_writer
from engage_tui.share.record import ACK_COLUMNS, COLUMNS
from engage_tui.share.stream import ACK_RATE, PAGE_SIZE, AckLookup, Pacer, QueryPages, write_rows


@dataclass(frozen=True, slots=True)
class Progress:
    """How far an export got: rows written, pages read, rows left out, and whether it ended."""

    rows: int
    pages: int = 0
    duplicates: int = 0
    skipped: int = 0
    """Rows the service sent that could not be read (left out, as the table does)."""
    finished: bool = False
    """Every row was written (False: still going, or cancelled)."""


class ExportStopped(Exception):
    """An export that failed part-way; what was written is flushed and valid."""

    def __init__(self, progress: Progress, error: SourceError) -> None:
        super().__init__(f"stopped after {progress.rows:,} rows: {error.message}")
        self.progress = progress
        self.error = error


def export_query(
    source: Source,
    query: Query,
    fmt: Format,
    stream: TextIO,
    *,
    with_acks: bool = False,
    ack_rate: float = ACK_RATE,
    page_size: int = PAGE_SIZE,
    on_progress: Callable[[Progress], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Progress:
    """Every engagement of `query` to `stream` as `fmt`, written as pages arrive.

    Returns the final Progress (`finished` False when cancelled); raises ExportStopped when
    AWS fails part-way. `stream` stays open; the file is complete and valid either way.
    """
    pages = QueryPages(source, query, page_size)
    acks = AckLookup(source, Pacer(ack_rate)) if with_acks else None
    writer = open_writer(fmt, stream, COLUMNS + ACK_COLUMNS if with_acks else COLUMNS)

    def progress(finished: bool = False) -> Progress:
        return Progress(writer.rows, pages.pages, pages.duplicates, pages.skipped, finished)

    def page_written(_: int) -> None:
        if on_progress is not None:
            on_progress(progress())

    try:
        finished = write_rows(pages, writer, acks=acks, on_page=page_written, cancelled=cancelled)
    except SourceError as error:
        raise ExportStopped(progress(), error) from None
    finally:
        writer.close()
    return progress(finished)


def export_rows(
    rows: Iterable[Engagement],
    fmt: Format,
    stream: TextIO,
    *,
    acks: Callable[[Engagement], Acknowledgement | None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Progress:
    """Rows already loaded (the table's, as filtered) to `stream`; `acks` gives the known
    acknowledgement of a row (None: not known, its ack cells are left empty)."""
    columns: Sequence[str] = COLUMNS + ACK_COLUMNS if acks is not None else COLUMNS
    writer = open_writer(fmt, stream, columns)
    try:
        finished = write_rows([rows], writer, acks=acks, cancelled=cancelled)
    finally:
        writer.close()
    return Progress(writer.rows, finished=finished)
