"""The typed values' own facts: names from ARNs, words AWS may add later, what a timeline holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from engage_tui import acknowledgement
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import (
    Contact,
    ContactType,
    Engagement,
    EngagementDetail,
    Incident,
    IncidentStatus,
    Page,
    Part,
    Receipt,
    ReceiptType,
    Timeline,
    arn_resource_name,
    arn_short_id,
)

T0 = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
E1 = "arn:aws:ssm-contacts:us-east-1:111122223333:engagement/oncall/e1"
DENIED = SourceError(ErrorKind.ACCESS_DENIED, "denied", retryable=False)


def test_names_from_arns() -> None:
    contact = "arn:aws:ssm-contacts:us-east-1:111122223333:contact/akuam"
    assert arn_resource_name(contact) == "akuam"
    assert arn_resource_name(E1) == "oncall", "the first segment after the type"
    assert arn_resource_name("arn:aws:sns:us-east-1:111122223333:alerts") == "alerts"
    assert arn_resource_name(contact + ":x") == "akuam:x", "a colon inside the name is kept"
    assert arn_resource_name("akuam") == "akuam", "not an ARN: shown as it is"
    incident = "arn:aws:ssm-incidents::111122223333:incident-record/plan/4f1c"
    assert arn_short_id(incident) == "4f1c"
    assert arn_short_id("4f1c") == "4f1c"


def test_words_aws_adds_later_are_kept_and_known_ones_recognised() -> None:
    incident = Incident("i", "t", "MITIGATED", 2, T0)
    assert incident.known_status is None
    assert Incident("i", "t", "OPEN", 2, T0).known_status is IncidentStatus.OPEN
    assert Contact("c", "a", None, "ROTATION").known_type is None
    assert Contact("c", "a", None, "ESCALATION").known_type is ContactType.ESCALATION
    assert Receipt("ESCALATED", T0, None, None).known_type is None
    assert Receipt("READ", T0, None, None).known_type is ReceiptType.READ


def test_an_engagement_names_its_contact() -> None:
    row = Engagement(E1, "arn:aws:ssm-contacts:us-east-1:1:contact/akuam", "cli", None, T0, None)
    assert row.contact_alias == "akuam"


def page(n: int, *, read: datetime | None = None) -> Page:
    return Page(
        f"arn:aws:ssm-contacts:us-east-1:1:page/p{n}",
        E1,
        f"arn:aws:ssm-contacts:us-east-1:1:contact/c{n}",
        "cli",
        None,
        T0,
        None,
        read,
    )


def detail(start: datetime, stop: datetime | None = None) -> EngagementDetail:
    return EngagementDetail(E1, "c", "cli", "s", "b", None, None, None, start, stop)


def test_a_timeline_is_complete_only_when_fetched_in_full_without_problems() -> None:
    pages = (page(1), page(2))
    receipts = {pages[0].arn: ()}
    full = Timeline(E1, detail(T0), pages, receipts)
    assert full.complete
    assert not Timeline(E1, detail(T0), pages, receipts, full=False).complete
    assert not Timeline(E1, None, pages, receipts, {Part.DETAIL: DENIED}).complete
    assert full.missing_receipts() == (pages[1],)


def test_the_acknowledgement_counts_from_the_detail_else_the_tables_row() -> None:
    read = page(1, read=T0 + timedelta(minutes=3))
    row = Engagement(E1, "c", "cli", None, T0 - timedelta(minutes=10), None)
    later = T0 + timedelta(hours=1)
    with_detail = Timeline(E1, detail(T0), (read,), {}).acknowledgement(row)
    assert acknowledgement.panel_text(with_detail, later) == "✓ after 3m 00s by c1"
    from_row = Timeline(E1, None, (read,), {}, full=False).acknowledgement(row)
    assert acknowledgement.panel_text(from_row, later) == "✓ after 13m 00s by c1"
    no_times = Timeline(E1, None, (read,), {}).acknowledgement()
    assert acknowledgement.cell_text(no_times, later) == "✓ ?"


def test_pages_that_failed_make_the_acknowledgement_unknown() -> None:
    failed = Timeline(E1, detail(T0), (), {}, {Part.PAGES: DENIED})
    assert acknowledgement.cell_text(failed.acknowledgement(), T0) == "…"
    none_sent = Timeline(E1, detail(T0, T0 + timedelta(minutes=4)), (), {})
    assert acknowledgement.cell_text(none_sent.acknowledgement(), T0) == "—"


def test_a_page_without_read_time_is_answered_by_its_receipts() -> None:
    silent = page(1)
    receipts = {silent.arn: (Receipt("READ", T0 + timedelta(minutes=2), None, None),)}
    timeline = Timeline(E1, detail(T0), (silent,), receipts)
    later = T0 + timedelta(hours=1)
    assert acknowledgement.panel_text(timeline.acknowledgement(), later) == "✓ after 2m 00s by c1"
