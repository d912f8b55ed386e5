"""Each incident's timeline events and related items, derived from its record and engagements."""

from __future__ import annotations

from engage_tui.emulator import text
from engage_tui.emulator.ids import ACCOUNT, REGION, mix, uid
from engage_tui.emulator.records import IncidentRow
from engage_tui.emulator.view import View

_EVENT, _ITEM = 11, 13
# Added to a hostile incident's items: a local file, and a real web link whose path looks like
# markup (a link, shown literally).
_HOSTILE_LINKS = (
    ("ATTACHMENT", "url", "file:///etc/passwd", "Runbook (local copy)"),
    ("OTHER", "url", "https://wiki.example.com/runbook/[b]BOOM[/b]?q=[/]", "Runbook"),
)
_ENGAGEMENT_EVENTS = 5
Result = dict[str, object]


def _generated_id(seed: int, kind: str, index: int, n: int) -> str:
    return f"related-item/{kind}/{mix(seed, _ITEM, index, n):016X}{mix(seed, _ITEM, n, index):016X}"


def timeline(view: View, row: IncidentRow) -> list[Result]:
    """The incident's events that have happened by now, oldest first (ties keep their order)."""
    seed = view.world.seed
    alarm = f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{row.response_plan}-errors"
    planned: list[tuple[int, str, list[Result]]] = [
        (row.created, "SSM Incident Trigger", [{"resource": alarm}]),
        (row.created + 60, "Custom Event", []),
    ]
    newest = max(row.first, view.newest)
    for i in range(row.stop - 1, max(newest, row.stop - _ENGAGEMENT_EVENTS) - 1, -1):
        record = view.record(i)
        planned.append((record.start, "SSM Contacts Engagement", [{"resource": record.arn}]))
    planned.append(
        (
            row.created + 420,
            "Custom Event",
            [{"relatedItemId": _generated_id(seed, "METRIC", row.number, 0)}],
        )
    )
    if row.resolved is not None:
        planned.append((row.resolved, "SSM Incident Record Update", []))
    events = sorted((p for p in planned if p[0] <= view.now), key=lambda p: p[0])
    hostile = row.hostile
    return [
        {
            "eventId": uid(seed, _EVENT, row.number * 64 + n),
            "eventReferences": references,
            "eventTime": when,
            "eventType": text.hostile(n)[:100] if hostile and n == 1 else kind,
            "eventUpdatedTime": when,
            "incidentRecordArn": row.arn,
        }
        for n, (when, kind, references) in enumerate(events)
    ]


def related_items(view: View, row: IncidentRow) -> list[Result]:
    """Metrics, dashboards, runbooks, related incidents and documents attached to the incident."""
    seed, plan = view.world.seed, row.response_plan
    metric = (
        '{"metrics":[["AWS/ApplicationELB","HTTPCode_Target_5XX_Count",'
        f'"LoadBalancer","app/{plan}/50dc6c495c0c9188"]],"region":"{REGION}"}}'
    )
    items: list[tuple[str, str, str, str]] = [
        ("METRIC", "metricDefinition", metric, f"{plan}: 5xx count"),
        (
            "OTHER",
            "url",
            f"https://console.aws.amazon.com/cloudwatch/home?region={REGION}#dashboards:name={plan}",
            "Service dashboard",
        ),
        (
            "AUTOMATION",
            "arn",
            f"arn:aws:ssm:{REGION}:{ACCOUNT}:automation-execution/{uid(seed, _ITEM, row.number)}",
            "Runbook: roll back the last deploy",
        ),
    ]
    for pos in row.related:
        other = view.world.incident_rows[view.hostile][pos]
        items.append(("INCIDENT", "arn", other.arn, other.title[:200]))
    if row.resolved is not None and row.resolved <= view.now:
        items.append(
            (
                "ATTACHMENT",
                "url",
                f"https://wiki.example.com/pia/{plan}/{row.number}",
                "Post-incident analysis (draft)",
            )
        )
    hostile = row.hostile
    if hostile:
        items += _HOSTILE_LINKS
    out: list[Result] = []
    for n, (kind, key, value, title) in enumerate(items):
        if hostile and key == "url" and n < len(items) - len(_HOSTILE_LINKS):
            value = "javascript:alert(1)//" + text.hostile_id(n)
        out.append(
            {
                "generatedId": _generated_id(seed, kind, row.number, n),
                "identifier": {"type": kind, "value": {key: value}},
                "title": text.hostile(n + row.number)[:200] if hostile else title,
            }
        )
    return out
