"""One engagement as a record and as JSON: stable keys, UTC ISO times, exact yet safe text."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from engage_tui.acknowledgement import of_pages
from engage_tui.aws.models import Page
from engage_tui.share.record import ACK_COLUMNS, COLUMNS, iso_utc, record, row_json, safe_json
from tests.share_helpers import ARN, CONTACT, HOSTILE, START, assert_safe, row


def test_times_are_iso_utc_whatever_zone_they_carry() -> None:
    new_york = datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York"))  # EST
    kathmandu = datetime(2026, 6, 1, 5, 45, tzinfo=ZoneInfo("Asia/Kathmandu"))
    assert iso_utc(new_york) == "2026-11-01T06:30:00Z"
    assert iso_utc(new_york.replace(fold=0)) == "2026-11-01T05:30:00Z"  # EDT, an hour earlier
    assert iso_utc(kathmandu) == "2026-06-01T00:00:00Z"
    assert iso_utc(datetime(2026, 1, 2, 3, 4, 5, 250000)) == "2026-01-02T03:04:05.250000Z"
    assert iso_utc(None) is None


def test_record_keys_are_stable_and_ordered() -> None:
    plain = record(row())
    assert tuple(plain) == COLUMNS
    assert plain["start"] == "2026-03-08T06:58:30Z"
    assert plain["contact"] == "akuam"
    page = Page("p1", ARN, CONTACT, "s", None, START, START, START + timedelta(seconds=198))
    acked = record(row(), of_pages(START, None, [page]))
    assert tuple(acked) == COLUMNS + ACK_COLUMNS
    assert acked["acknowledged"] is True
    assert acked["acknowledged_at"] == "2026-03-08T07:01:48Z"
    assert acked["acknowledged_by"] == "akuam"
    assert acked["seconds_to_ack"] == 198


def test_unknown_acknowledgement_is_null_not_false() -> None:
    unknown = record(row(), of_pages(START, None, None))
    assert unknown["acknowledged"] is None
    assert unknown["pages_sent"] is None


def test_row_json_keeps_hostile_text_exact_without_a_control_character() -> None:
    hostile = row(arn=ARN + "\x1b]52;c;x\x07\u202e", sender=HOSTILE)
    text = row_json(hostile)
    assert_safe(text)
    decoded = json.loads(text)
    assert decoded["sender"] == HOSTILE
    assert decoded["engagement_arn"] == hostile.arn


def test_invisible_astral_and_lone_surrogates_are_escaped_and_round_trip() -> None:
    tricky = "tag\U000e0041 lone\ud800 sep\u2028 del\x7f zwsp\u200b"
    text = safe_json({"x": tricky})
    assert text.isascii() or all(ch.isprintable() for ch in text)
    assert "\\udb40\\udc41" in text
    assert json.loads(text) == {"x": tricky}


def test_printable_unicode_stays_readable() -> None:
    text = safe_json({"title": "決済サービス 🔥 café"})
    assert "決済サービス 🔥 café" in text
