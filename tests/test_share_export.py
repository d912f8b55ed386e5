"""The export writers: spreadsheet-safe CSV, JSON valid as far as it went, constant memory."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from engage_tui.aws.models import Engagement
from engage_tui.share.export import Format, csv_cell, format_for, open_writer
from engage_tui.share.record import COLUMNS, record
from engage_tui.share.stream import write_rows
from tests.share_helpers import ARN, HOSTILE, assert_safe, row


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_cells_a_spreadsheet_would_run_are_shown_as_text(value: str) -> None:
    cell = csv_cell(value)
    assert cell.startswith("'")
    assert_safe(cell, newlines=False)


def test_ordinary_cells_are_left_alone() -> None:
    assert csv_cell(ARN) == ARN
    assert csv_cell("cloudwatch-alarms") == "cloudwatch-alarms"
    assert csv_cell(None) == ""
    assert csv_cell(True) == "true"
    assert csv_cell(-5) == "-5"  # our own numbers, not AWS text


def test_csv_of_hostile_rows_reads_back_safe_and_neutralised() -> None:
    out = io.StringIO(newline="")
    rows = [row(sender=HOSTILE), row(sender="=cmd|' /C calc'!A0"), row(sender="@here")]
    with open_writer(Format.CSV, out, COLUMNS) as writer:
        for item in rows:
            writer.write(record(item))
    text = out.getvalue()
    assert_safe(text)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == list(COLUMNS)
    senders = [line[COLUMNS.index("sender")] for line in table[1:]]
    assert senders[1] == "'=cmd|' /C calc'!A0"
    assert senders[2] == "'@here"
    assert "␛[31mred" in senders[0] and "\n" not in senders[0]
    assert len(table) == 4  # a newline in the text never splits a row


def _failing_pages(count: int) -> Iterator[list[Engagement]]:
    yield [row(arn=f"{ARN}{n}", sender=HOSTILE) for n in range(count)]
    raise RuntimeError("the network went away")


@pytest.mark.parametrize("fmt", list(Format))
def test_an_export_stopped_by_an_error_is_valid_as_far_as_it_went(fmt: Format) -> None:
    out = io.StringIO(newline="")
    writer = open_writer(fmt, out, COLUMNS)
    with pytest.raises(RuntimeError):
        try:
            write_rows(_failing_pages(3), writer)
        finally:
            writer.close()
    text = out.getvalue()
    assert_safe(text)
    if fmt is Format.JSON:
        arns = [item["engagement_arn"] for item in json.loads(text)]
    elif fmt is Format.JSONL:
        arns = [json.loads(line)["engagement_arn"] for line in text.splitlines()]
    else:
        arns = [line[0] for line in list(csv.reader(io.StringIO(text)))[1:]]
    assert arns == [f"{ARN}{n}" for n in range(3)]


def test_empty_json_export_is_an_empty_array() -> None:
    out = io.StringIO()
    open_writer(Format.JSON, out, COLUMNS).close()
    assert json.loads(out.getvalue()) == []


class _Watched(io.StringIO):
    """A stream that remembers what had been flushed."""

    flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()


def test_each_page_is_flushed_before_the_next_is_asked_for() -> None:
    out = _Watched()
    writer = open_writer(Format.JSONL, out, COLUMNS)
    seen_when_asked: list[int] = []

    def pages() -> Iterator[list[Engagement]]:
        for n in range(3):
            seen_when_asked.append(out.flushed.count("\n"))
            yield [row(arn=f"{ARN}{n}-{k}") for k in range(2)]

    assert write_rows(pages(), writer)
    assert seen_when_asked == [0, 2, 4]


_PEAKS = """
import io, sys, tracemalloc
from engage_tui.share.export import Format, open_writer
from engage_tui.share.record import COLUMNS
from engage_tui.share.stream import write_rows
from tests.share_helpers import ARN, row

class Sink(io.TextIOBase):
    def write(self, text):
        return len(text)

def pages(n):
    for p in range(n):
        yield [row(arn=f"{ARN}/{p}/{k}") for k in range(50)]

def peak(n):
    tracemalloc.start()
    writer = open_writer(Format(sys.argv[1]), Sink(), COLUMNS)
    write_rows(pages(n), writer)
    writer.close()
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return top

print(peak(10), peak(100))
"""


@pytest.mark.parametrize("fmt", list(Format))
def test_memory_stays_flat_however_many_rows(fmt: Format) -> None:
    # A fresh interpreter: no other test's threads or garbage in the measure.
    done = subprocess.run(
        [sys.executable, "-c", _PEAKS, fmt.value],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    small, large = map(int, done.stdout.split())
    assert large < small * 1.5 + 32_000  # 5,000 rows cost what 500 do


def test_cancel_stops_between_rows_and_keeps_what_was_written() -> None:
    out = io.StringIO()
    writer = open_writer(Format.JSON, out, COLUMNS)
    calls = iter(range(100))
    done = write_rows(
        [[row(arn=f"{ARN}{n}") for n in range(10)]], writer, cancelled=lambda: next(calls) >= 4
    )
    writer.close()
    assert done is False
    assert len(json.loads(out.getvalue())) == 4


def test_format_follows_the_file_name() -> None:
    assert format_for("out.CSV") is Format.CSV
    assert format_for("rows.ndjson") is Format.JSONL
    assert format_for("rows.jsonl") is Format.JSONL
    assert format_for("dump.json") is Format.JSON
    assert format_for("dump.txt") is None
    assert format_for("noext") is None
