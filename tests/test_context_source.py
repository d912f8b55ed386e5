"""The context of an engagement over real HTTP: how its pages resolved, the plan behind it, who is
on call, and what the incident says; each loading on its own, tolerant of what a server sends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from engage_tui.aws.context_models import ItemType, RelatedItem, ShiftType, ValueKind
from engage_tui.aws.errors import ErrorKind, SourceError
from engage_tui.aws.models import ContactType, IncidentStatus
from engage_tui.aws.source import Source
from engage_tui.emulator import Emulator, EmulatorConfig, ManualClock
from engage_tui.escalation import next_text, progress
from tests.canned import Answerer, _Handler, _Server, canned, url

T = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)  # 02:00 in New York: its clocks go forward now
CONTACTS = "arn:aws:ssm-contacts:us-east-1:123456789012:contact"


@pytest.fixture
def story() -> Iterator[Emulator]:
    config = EmulatorConfig(
        story=True, engagements=300, incidents=10, anchor=T, clock=ManualClock(T)
    )
    with Emulator(config) as emu:
        yield emu


def quick(target: Emulator | str) -> Source:
    endpoint = target if isinstance(target, str) else target.url
    return Source.for_endpoint(endpoint, max_attempts=1, read_timeout=2, connect_timeout=2)


def ongoing(emu: Emulator, contact: str) -> dict[str, Any]:
    return next(
        r
        for r in emu.data.expected_engagements()
        if f"/{contact}/" in r["EngagementArn"] and "StopTime" not in r
    )


def asked(emu: Emulator, operation: str) -> int:
    return sum(1 for op, _ in emu.requests if op == operation)


# --- escalation path and plan --------------------------------------------------------------------


def test_a_page_resolves_plan_stage_schedule_person(story: Emulator) -> None:
    (page,) = story.data.pages(ongoing(story, "payments-escalation")["EngagementArn"])
    path = quick(story).list_page_resolutions(page["PageArn"])
    expected = story.data.resolutions(page["PageArn"])
    assert [(s.contact_arn, s.type, s.stage_index) for s in path.steps] == [
        (r["ContactArn"], r["Type"], r.get("StageIndex")) for r in expected
    ]
    assert path.plan is not None and path.plan.alias == "payments-escalation"
    assert path.stage_index == 0
    assert path.schedule is not None and path.schedule.alias == "payments-primary"
    assert path.person is not None and path.person.alias == "lena_f"
    assert path.person.known_type is ContactType.PERSONAL


def test_a_plan_has_its_stages_with_durations_targets_and_essential_flags(story: Emulator) -> None:
    arn = f"{CONTACTS}/checkout-escalation"
    plan = quick(story).get_contact(arn)
    expected = story.data.contact(arn)["Plan"]["Stages"]
    assert plan.known_type is ContactType.ESCALATION and plan.display_name == "Checkout escalation"
    assert [s.duration_minutes for s in plan.stages] == [s["DurationInMinutes"] for s in expected]
    assert [[(t.contact_arn, t.essential) for t in s.targets] for s in plan.stages] == [
        [(t["ContactTargetInfo"]["ContactId"], t["ContactTargetInfo"]["IsEssential"])
         for t in s["Targets"]]
        for s in expected
    ]  # fmt: skip
    assert plan.stages[0].targets[1].essential is False, "sam_w is paged but not essential"


def test_a_persons_plan_targets_channels_and_a_schedule_names_its_rotation(
    story: Emulator,
) -> None:
    source = quick(story)
    person = source.get_contact(f"{CONTACTS}/lena_f")
    assert person.stages and all(
        t.channel_arn and not t.contact_arn for t in person.stages[0].targets
    )
    assert person.stages[0].targets[0].retry_minutes == 5
    schedule = source.get_contact(f"{CONTACTS}/payments-primary")
    assert schedule.stages == () and len(schedule.rotation_arns) == 1
    assert "/payments-weekly/" in schedule.rotation_arns[0]


def test_contacts_are_cached_until_asked_fresh_and_failures_are_not(story: Emulator) -> None:
    source = quick(story)
    arn = f"{CONTACTS}/payments-escalation"
    story.faults.access_denied = {"GetContact"}
    with pytest.raises(SourceError) as caught:
        source.get_contact(arn)
    assert caught.value.kind is ErrorKind.ACCESS_DENIED
    assert "ssm-contacts:GetContact" in caught.value.message
    story.faults.access_denied = set()
    story.clear_requests()
    first = source.get_contact(arn)
    assert source.get_contact(arn) is first
    assert asked(story, "GetContact") == 1
    assert source.get_contact(arn, fresh=True) == first
    assert asked(story, "GetContact") == 2


def test_the_story_counts_down_to_kwame_from_the_plan_the_source_read(story: Emulator) -> None:
    row = ongoing(story, "payments-escalation")
    plan = quick(story).get_contact(row["ContactArn"])
    line = next_text(progress(plan.stages, row["StartTime"], T))
    assert line == "stage 2 → kwame_n in 3m 00s"


# --- who is on call ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schedule", ["checkout-primary", "payments-primary", "platform-sre-oncall"]
)
def test_who_is_on_call_now_and_until_when(story: Emulator, schedule: str) -> None:
    arn = f"{CONTACTS}/{schedule}"
    on_call = quick(story).current_shift(arn, T)
    assert on_call.contact_arns == (story.data.on_call(arn, T),)
    until = on_call.until
    assert until is not None and until > T
    assert story.data.on_call(arn, until - timedelta(seconds=1)) == on_call.contact_arns[0]
    assert story.data.on_call(arn, until) != on_call.contact_arns[0], "the shift ends there"
    (upcoming,) = on_call.upcoming
    assert upcoming.start == until and upcoming.contact_arns == (story.data.on_call(arn, until),)
    assert on_call.current[0].type is ShiftType.REGULAR


def test_the_hand_over_is_seen_on_either_side_of_it_across_a_dst_change(story: Emulator) -> None:
    arn = f"{CONTACTS}/payments-primary"  # hands over Tuesdays 10:00 New York time
    source = quick(story)
    until = source.current_shift(arn, T).until
    assert until is not None
    assert until.astimezone(UTC).hour == 14, "10:00 EDT: New York's clocks went forward on Sunday"
    before = source.current_shift(arn, until - timedelta(seconds=1))
    after = source.current_shift(arn, until)
    assert before.contact_arns != after.contact_arns
    assert after.contact_arns == (story.data.on_call(arn, until),)
    assert after.until == until + timedelta(days=7)


def test_a_rotation_arn_works_directly_and_a_plan_is_no_schedule(story: Emulator) -> None:
    rotation = story.data.rotations()[2]
    source = quick(story)
    on_call = source.current_shift(rotation["RotationArn"], T)
    assert on_call.contact_arns == (story.data.on_call(f"{CONTACTS}/platform-sre-oncall", T),)
    with pytest.raises(SourceError) as caught:
        source.current_shift(f"{CONTACTS}/payments-escalation", T)
    assert caught.value.kind is ErrorKind.VALIDATION
    assert "payments-escalation is not an on-call schedule" in caught.value.message


# --- the incident --------------------------------------------------------------------------------


def test_the_incident_record_as_the_service_has_it(story: Emulator) -> None:
    incident = ongoing(story, "payments-escalation")["IncidentId"]
    record = quick(story).get_incident_record(incident)
    expected = story.data.incident(incident)
    assert record.title == "[SEV2] Checkout errors" == expected["title"]
    assert record.known_status is IncidentStatus.OPEN and record.resolved is None
    assert record.impact == 2 and record.created == T - timedelta(minutes=6)
    assert record.summary == expected["summary"]
    story.clock.advance(600)  # type: ignore[attr-defined]
    resolved = quick(story).get_incident_record(incident)
    assert resolved.status == "RESOLVED" and resolved.resolved == T + timedelta(minutes=6)


def test_the_newest_timeline_events_newest_first(story: Emulator) -> None:
    incident = ongoing(story, "payments-escalation")["IncidentId"]
    story.clock.advance(900)  # type: ignore[attr-defined]
    everything = story.data.timeline(incident)
    newest = sorted(everything, key=lambda e: e["eventTime"], reverse=True)
    assert 3 < len(everything) <= 10
    events = quick(story).list_timeline_events(incident)
    assert [e.time for e in events] == [e["eventTime"] for e in newest]
    assert [e.type for e in events] == [e["eventType"] for e in newest]
    assert events[-1].type == "SSM Incident Trigger"
    assert events[-1].text == f"resource {everything[0]['eventReferences'][0]['resource']}"
    three = quick(story).list_timeline_events(incident, limit=3)
    assert [e.event_id for e in three] == [e["eventId"] for e in newest[:3]]


def test_related_items_with_titles_and_what_they_point_at(story: Emulator) -> None:
    incident = ongoing(story, "payments-escalation")["IncidentId"]
    items = quick(story).list_related_items(incident)
    expected = story.data.related_items(incident)
    assert [i.title for i in items] == [e["title"] for e in expected]
    assert [i.value for i in items] == [
        next(iter(e["identifier"]["value"].values())) for e in expected
    ]
    dashboard = next(i for i in items if i.kind == ValueKind.URL)
    assert dashboard.link == dashboard.value and dashboard.value.startswith("https://")
    related = next(i for i in items if i.known_type is ItemType.INCIDENT)
    assert related.arn is not None and related.title == "Payments latency after deploy 4807"
    assert related.link is None


def test_hostile_urls_are_never_links_and_hostile_text_is_kept_as_sent() -> None:
    with Emulator(EmulatorConfig(engagements=60, incidents=8, hostile=True)) as emu:
        incident = next(i["arn"] for i in emu.data.incidents() if "javascript:" in str(
            emu.data.related_items(i["arn"])))  # fmt: skip
        items = quick(emu).list_related_items(incident)
        expected = emu.data.related_items(incident)
    assert [i.title for i in items] == [e["title"] for e in expected]
    urls = [i for i in items if i.kind == ValueKind.URL]
    web = [i for i in urls if i.value.startswith("https://")]
    assert [i.link for i in web] == [i.value for i in web] and "[b]BOOM[/b]" in web[0].value
    others = [i for i in urls if i not in web]
    assert {i.value.split(":")[0] for i in others} == {"javascript", "file"}
    assert all(i.link is None for i in others)


@pytest.mark.parametrize(
    ("value", "link"),
    [
        ("https://wiki.example.com/pia/1", "https://wiki.example.com/pia/1"),
        ("HTTP://Wiki.Example.com", "HTTP://Wiki.Example.com"),
        ("javascript:alert(1)//https://x.example", None),
        ("file:///etc/passwd", None),
        ("https://", None),
        ("https://x.example/\x1b]8;;evil\x1b\\", None),
        ("https://x.example/a b", None),
    ],
)
def test_only_a_web_url_is_a_link(value: str, link: str | None) -> None:
    assert RelatedItem("OTHER", "t", ValueKind.URL, value).link == link
    assert RelatedItem("OTHER", "t", ValueKind.ARN, value).link is None


def test_one_section_denied_leaves_the_others(story: Emulator) -> None:
    incident = ongoing(story, "payments-escalation")["IncidentId"]
    story.faults.access_denied = {"GetIncidentRecord"}
    source = quick(story)
    with pytest.raises(SourceError) as caught:
        source.get_incident_record(incident)
    assert caught.value.kind is ErrorKind.ACCESS_DENIED
    assert "ssm-incidents:GetIncidentRecord" in caught.value.message
    assert source.list_timeline_events(incident) and source.list_related_items(incident)


def test_an_unknown_incident_is_not_found(story: Emulator) -> None:
    incident = ongoing(story, "payments-escalation")["IncidentId"][:-6] + "000000"
    with pytest.raises(SourceError) as caught:
        quick(story).get_incident_record(incident)
    assert caught.value.kind is ErrorKind.NOT_FOUND


# --- what a server may send that the emulator does not -------------------------------------------

ARN = "arn:aws:ssm-contacts:us-east-1:111122223333"


class _RestHandler(_Handler):
    """SSM Incidents is REST-JSON: GetIncidentRecord is a GET; operations are named by path."""

    do_GET = _Handler.do_POST  # noqa: N815 (http.server's naming)


@contextmanager
def served(answer: Answerer) -> Iterator[_Server]:
    """`canned`, answering GETs too, and naming REST operations as JSON ones are named."""

    def named(operation: str, params: dict[str, Any]) -> object:
        operation = operation.split("?", 1)[0]
        return answer(operation[:1].upper() + operation[1:], params)

    with canned(named) as server:
        server.RequestHandlerClass = _RestHandler
        yield server


def test_missing_lists_are_empty_unknown_words_kept_and_bad_rows_skipped() -> None:
    def answer(operation: str, params: dict[str, Any]) -> object:
        return {
            "ListPageResolutions": {
                "PageResolutions": [
                    {"ContactArn": f"{ARN}:contact/plan", "Type": "ESCALATION"},
                    {"Type": "PERSONAL"},  # no ContactArn
                    {"ContactArn": f"{ARN}:contact/team", "Type": "TEAM", "StageIndex": 1},
                ]
            },
            "GetContact": {"ContactArn": f"{ARN}:contact/bare", "Alias": "bare", "Type": "TEAM"},
            "ListRotationShifts": {
                "RotationShifts": [
                    {"ContactIds": [f"{ARN}:contact/a"], "StartTime": 1, "EndTime": 4e9,
                     "Type": "SWAPPED"},
                    {"ContactIds": [f"{ARN}:contact/b"], "StartTime": 4e9},  # no EndTime
                ]
            },
            "ListTimelineEvents": {},
            "ListRelatedItems": {
                "relatedItems": [
                    {"identifier": {"type": "RUNBOOK", "value": {"url": "https://x.example"}}},
                    {"identifier": {"type": "OTHER", "value": {"wiki": "w"}}, "title": "new"},
                    {"title": "no identifier"},
                ]
            },
        }[operation]  # fmt: skip

    with served(answer) as srv:
        source = quick(url(srv))
        path = source.list_page_resolutions(f"{ARN}:page/p/1")
        bare = source.get_contact(f"{ARN}:contact/bare")
        on_call = source.current_shift(f"{ARN}:rotation/r/1", T)
        events = source.list_timeline_events("arn:aws:ssm-incidents::1:incident-record/x/1")
        items = source.list_related_items("arn:aws:ssm-incidents::1:incident-record/x/1")
    assert [s.alias for s in path.steps] == ["plan", "team"] and path.skipped == 1
    assert path.steps[1].type == "TEAM" and path.steps[1].known_type is None
    assert path.person is None and path.stage_index == 1
    assert bare.type == "TEAM" and bare.stages == () and bare.rotation_arns == ()
    assert on_call.contact_arns == (f"{ARN}:contact/a",) and on_call.current[0].type == "SWAPPED"
    assert events == ()
    assert [(i.type, i.kind, i.link) for i in items] == [
        ("RUNBOOK", ValueKind.URL, "https://x.example"),
        (ItemType.OTHER, "wiki", None),
    ]


def test_a_shift_that_ends_now_is_over_and_the_next_one_is_on() -> None:
    now = T.timestamp()
    spans = (("a", now - 3600, now), ("b", now, now + 3600), ("c", now + 3600, now + 7200))
    shifts = [
        {"ContactIds": [f"{ARN}:contact/{who}"], "StartTime": start, "EndTime": end}
        for who, start, end in spans
    ]
    with served(lambda operation, params: {"RotationShifts": list(reversed(shifts))}) as srv:
        on_call = quick(url(srv)).current_shift(f"{ARN}:rotation/r/1", T)
    assert on_call.contact_arns == (f"{ARN}:contact/b",)
    assert on_call.until == T + timedelta(hours=1) and on_call.current[0].type is None
    assert [s.contact_arns for s in on_call.upcoming] == [(f"{ARN}:contact/c",)]


def test_a_stage_that_cannot_be_read_keeps_its_place() -> None:
    def person(alias: str, essential: bool) -> dict[str, Any]:
        return {
            "ContactTargetInfo": {"ContactId": f"{ARN}:contact/{alias}", "IsEssential": essential}
        }

    channel = {"ChannelTargetInfo": {"ContactChannelId": f"{ARN}:contact-channel/b/1"}}
    stages = [
        {"DurationInMinutes": 5, "Targets": [person("a", True)]},
        {"DurationInMinutes": "soon", "Targets": [{"Nothing": {}}, channel]},
        {"DurationInMinutes": 0, "Targets": [person("c", False)]},
    ]
    body = {"ContactArn": f"{ARN}:contact/p", "Alias": "p", "Type": "ESCALATION",
            "Plan": {"Stages": stages}}  # fmt: skip
    with served(lambda operation, params: body) as srv:
        plan = quick(url(srv)).get_contact(f"{ARN}:contact/p")
    assert [s.duration_minutes for s in plan.stages] == [5, None, 0]
    assert [t.arn.rsplit(":", 1)[-1] for t in plan.stages[1].targets] == ["contact-channel/b/1"]
    assert plan.skipped == 1


@pytest.mark.parametrize(
    "body",
    [{}, {"incidentRecord": "x"}, {"incidentRecord": {"title": "no arn", "creationTime": 1}}],
)
def test_an_unreadable_incident_record_is_garbled_not_a_crash(body: object) -> None:
    with served(lambda operation, params: body) as srv, pytest.raises(SourceError) as caught:
        quick(url(srv)).get_incident_record("arn:aws:ssm-incidents::1:incident-record/x/1")
    assert caught.value.kind is ErrorKind.BAD_RESPONSE


def test_timeline_events_sent_oldest_first_still_come_out_newest_first() -> None:
    events = [
        {"eventId": str(n), "eventType": f"e{n}", "eventTime": 1784084645 + n,
         "eventUpdatedTime": 1784084645 + n, "incidentRecordArn": "x"}
        for n in range(5)
    ]  # fmt: skip
    with served(lambda operation, params: {"eventSummaries": events}) as srv:
        got = quick(url(srv)).list_timeline_events(
            "arn:aws:ssm-incidents::1:incident-record/x/1", 3
        )
        (request,) = srv.seen
    assert [e.type for e in got] == ["e4", "e3", "e2"]
    assert request[1]["sortOrder"] == "DESCENDING" and request[1]["maxResults"] == 3
