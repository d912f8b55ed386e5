"""One export run, as the UI starts it: progress per page, Esc keeps what was written."""

from __future__ import annotations

import io
import json
import threading

import pytest

from engage_tui.acknowledgement import of_pages
from engage_tui.aws.models import Query
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator
from engage_tui.share.export import Format
from engage_tui.share.export_job import ExportStopped, Progress, export_query, export_rows
from engage_tui.share.record import ACK_COLUMNS, COLUMNS
from tests.share_helpers import ARN, START, row


def test_progress_after_each_page_then_finished(emulator: Emulator) -> None:
    seen: list[Progress] = []
    out = io.StringIO()
    done = export_query(
        Source.for_endpoint(emulator.url),
        Query(),
        Format.JSONL,
        out,
        page_size=64,
        on_progress=seen.append,
    )
    assert [(p.rows, p.pages) for p in seen] == [(64, 1), (128, 2), (192, 3), (200, 4)]
    assert done == Progress(200, 4, 0, 0, finished=True)
    assert len(out.getvalue().splitlines()) == 200


def test_cancel_keeps_the_rows_written_and_a_valid_file(emulator: Emulator) -> None:
    esc = threading.Event()

    def pressed_esc_after_two_pages(progress: Progress) -> None:
        if progress.pages == 2:
            esc.set()

    out = io.StringIO()
    done = export_query(
        Source.for_endpoint(emulator.url),
        Query(),
        Format.JSON,
        out,
        page_size=50,
        on_progress=pressed_esc_after_two_pages,
        cancelled=esc.is_set,
    )
    assert done.finished is False and done.rows == 100
    expected = [e["EngagementArn"] for e in emulator.data.expected_engagements()[:100]]
    assert [r["engagement_arn"] for r in json.loads(out.getvalue())] == expected


def test_a_failure_part_way_says_how_far_it_got(emulator: Emulator) -> None:
    emulator.faults.repeat_token = True
    out = io.StringIO()
    with pytest.raises(ExportStopped) as caught:
        export_query(
            Source.for_endpoint(emulator.url, max_attempts=1),
            Query(),
            Format.JSON,
            out,
            page_size=40,
        )
    assert caught.value.progress.rows == len(json.loads(out.getvalue())) >= 40
    assert str(caught.value).startswith(f"stopped after {caught.value.progress.rows:,} rows: ")


def test_loaded_rows_with_the_acks_the_table_knows() -> None:
    rows = [row(arn=f"{ARN}{n}") for n in range(3)]
    known = {rows[0].arn: of_pages(START, None, [])}
    out = io.StringIO()
    done = export_rows(rows, Format.JSONL, out, acks=lambda r: known.get(r.arn))
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert done == Progress(3, finished=True)
    assert all(tuple(r) == COLUMNS + ACK_COLUMNS for r in records)
    assert records[0]["acknowledged"] is False and records[0]["pages_sent"] == 0
    assert records[1]["acknowledged"] is None and records[1]["pages_sent"] is None
