"""One engagement as a flat record with stable keys, and JSON text safe to copy or write.

The same record feeds "copy as JSON", CSV, JSON and JSON Lines, so every format has the same
columns, in the same order, with the same ISO-8601 UTC times.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from engage_tui.acknowledgement import Acknowledgement
from engage_tui.aws.models import Engagement
from engage_tui.zones import as_utc

Cell = str | int | bool | None
"""One value of a record: untrusted text stays raw here; each writer makes it safe its way."""

COLUMNS: tuple[str, ...] = (
    "engagement_arn",
    "contact_arn",
    "contact",
    "sender",
    "incident_arn",
    "start",
    "stop",
)
"""The keys of every record, in order."""

ACK_COLUMNS: tuple[str, ...] = (
    "acknowledged",
    "acknowledged_at",
    "acknowledged_by",
    "seconds_to_ack",
    "pages_sent",
)
"""The keys `record(…, ack)` adds after COLUMNS."""


def iso_utc(moment: datetime | None) -> str | None:
    """`2026-11-24T20:12:05Z` (fractions only when there are any); naive times are UTC."""
    if moment is None:
        return None
    moment = as_utc(moment)
    return moment.replace(tzinfo=None).isoformat(timespec="auto") + "Z"


def record(row: Engagement, ack: Acknowledgement | None = None) -> dict[str, Cell]:
    """The row's fields under COLUMNS, plus ACK_COLUMNS when `ack` is given.

    `acknowledged` is None when it is not known (the pages could not be read).
    """
    out: dict[str, Cell] = {
        "engagement_arn": row.arn,
        "contact_arn": row.contact_arn,
        "contact": row.contact_alias,
        "sender": row.sender,
        "incident_arn": row.incident_arn,
        "start": iso_utc(row.start),
        "stop": iso_utc(row.stop),
    }
    if ack is not None:
        out.update(ack_cells(ack))
    return out


def ack_cells(ack: Acknowledgement) -> dict[str, Cell]:
    """The ACK_COLUMNS of one acknowledgement."""
    return {
        "acknowledged": ack.acknowledged if ack.known else None,
        "acknowledged_at": iso_utc(ack.read),
        "acknowledged_by": ack.by,
        "seconds_to_ack": int(ack.after.total_seconds()) if ack.after is not None else None,
        "pages_sent": ack.pages_sent if ack.known else None,
    }


def row_json(row: Engagement, ack: Acknowledgement | None = None) -> str:
    """The row as indented JSON for the clipboard: stable keys, no control character."""
    return safe_json(record(row, ack), indent=2)


def safe_json(value: Mapping[str, Any] | list[Any], *, indent: int | None = None) -> str:
    """JSON text of `value` that keeps every string exact yet holds no control character.

    json escapes C0 itself; DEL, C1, bidi controls, line separators, lone surrogates and any
    other non-printable character are escaped here as `\\uXXXX` too, so the text can go to a
    terminal, a clipboard or a file as it is and still decode to the same strings.
    """
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    if text.isprintable():
        return text
    # Only strings can hold these characters; outside them json writes spaces and newlines.
    return "".join(ch if ch.isprintable() or ch == "\n" else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
