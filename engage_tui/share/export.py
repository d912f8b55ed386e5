"""Streaming writers for CSV, JSON (one array) and JSON Lines: one record in, text out at once.

Memory stays constant whatever the row count. `close()` writes what keeps the file valid (the
JSON array's `]`), so an export stopped by an error is valid as far as it went; call it from a
`finally` (or use the writer as a context manager).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from enum import StrEnum
from types import TracebackType
from typing import TextIO

from engage_tui.sanitize import safe_text
from engage_tui.share.record import Cell, safe_json

# A spreadsheet cell holds at most 32,767 characters (Excel); a longer one is cut with `…`.
CELL_LIMIT = 32_767
# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"


def format_for(path: str) -> Format | None:
    """The format a file name asks for by its extension (`.ndjson` is JSON Lines), or None."""
    suffix = path.lower().rsplit(".", 1)[-1] if "." in path else ""
    if suffix == "ndjson":
        return Format.JSONL
    return Format(suffix) if suffix in Format.__members__.values() else None


def csv_cell(value: Cell) -> str:
    """One value as a spreadsheet-safe CSV cell.

    Control characters become visible (`safe_text`), and text a spreadsheet would run as a
    formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'`, which shows it as text.
    Numbers and booleans are ours, never AWS's, and are written as they are.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value.startswith(_FORMULA_STARTS):
        return "'" + safe_text(value, max_len=CELL_LIMIT - 1)
    return safe_text(value, max_len=CELL_LIMIT)


class RowWriter:
    """Writes records to a text stream as they come; `rows` counts those written."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        self.stream = stream
        self.columns = tuple(columns)
        self.rows = 0
        self.closed = False

    def flush(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        """Finish the file (once) and flush; the stream itself stays open."""
        if not self.closed:
            self.closed = True
            self._finish()
            self.stream.flush()

    def write(self, record: Mapping[str, Cell]) -> None:
        raise NotImplementedError

    def _finish(self) -> None:
        """Anything the format needs after the last row."""

    def _ordered(self, record: Mapping[str, Cell]) -> dict[str, Cell]:
        return {key: record.get(key) for key in self.columns}

    def __enter__(self) -> RowWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class CsvWriter(RowWriter):
    """A header row, then one spreadsheet-safe row per record; `\\n` line ends."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        super().__init__(stream, columns)
        self._csv = csv.writer(stream, lineterminator="\n")
        self._csv.writerow(self.columns)

    def write(self, record: Mapping[str, Cell]) -> None:
        self._csv.writerow([csv_cell(record.get(key)) for key in self.columns])
        self.rows += 1


class JsonWriter(RowWriter):
    """One JSON array, one record per line, written as it comes; `]` on close."""

    def __init__(self, stream: TextIO, columns: Sequence[str]) -> None:
        super().__init__(stream, columns)
        stream.write("[")

    def write(self, record: Mapping[str, Cell]) -> None:
        self.stream.write(("\n" if self.rows == 0 else ",\n") + safe_json(self._ordered(record)))
        self.rows += 1

    def _finish(self) -> None:
        self.stream.write("\n]\n" if self.rows else "]\n")


class JsonLinesWriter(RowWriter):
    """One JSON object per line: every line written is a whole record."""

    def write(self, record: Mapping[str, Cell]) -> None:
        self.stream.write(safe_json(self._ordered(record)) + "\n")
        self.rows += 1


def open_writer(fmt: Format, stream: TextIO, columns: Sequence[str]) -> RowWriter:
    """The writer for `fmt` on `stream` (opened with `newline=""`, UTF-8), header written."""
    kinds: dict[Format, type[RowWriter]] = {
        Format.CSV: CsvWriter,
        Format.JSON: JsonWriter,
        Format.JSONL: JsonLinesWriter,
    }
    return kinds[fmt](stream, columns)
