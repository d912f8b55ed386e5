"""The demo's story: a live SEV2 unfolding on top of a quiet history (what `--demo` shows).

All times are relative to the anchor (the moment the demo starts). Six minutes before it,
"Checkout errors" was opened; its response plan engaged two escalation plans and the alarms kept
paging. Priya (checkout primary on-call) acknowledged by SMS after about two minutes; Lena
(payments primary) has not, and payments' stage 2 pages Kwame three minutes into the demo.
New engagements arrive about every 25 s at first, then less and less often; acknowledgements
land; six minutes in, the incident resolves and its engagements stop. A payments incident
resolved earlier in the day is related to it, and weeks of generated history sit behind both.
Scripted rows are never hostile; the history holds a few hostile texts, none in the newest 30.
In hostile mode the story's two incidents are (title, summary, timeline, related items).
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from engage_tui.emulator import pages, text
from engage_tui.emulator.directory import Directory
from engage_tui.emulator.generated import ENGAGEMENT_KIND, INCIDENT_KIND, Generated
from engage_tui.emulator.ids import CONTACTS_PREFIX, INCIDENTS_PREFIX, uid
from engage_tui.emulator.records import Details, Engagement, IncidentRow, Page, Receipt

LIVE, EARLIER = 0, 1
RESOLVED_AT = 360
LATER_EVERY = 1800
HISTORY_GAP = 9 * 3600
HISTORY_SPAN = 28 * 86400
CLEAN_NEWEST = 30


class Scene(NamedTuple):
    """One scripted engagement: when (s from the anchor), who, why, and who reads it when."""

    at: int
    contact: str
    sender: str
    incident: int | None
    subject: str
    acks: tuple[tuple[int, int], ...] = ()  # (page number, seconds after it was sent)
    stop: int | None = None


_LIVE_SUBJECT = "[Impact 2] Checkout errors: 5xx on checkout-api (eu-west-1)"
# Newest first: index 0 is the newest engagement at the anchor.
PAST = (
    Scene(
        -40,
        "marco_r",
        "cli",
        LIVE,
        "Can you join the checkout bridge? Rollback decision needed",
        ((0, 88),),
    ),
    Scene(
        -90,
        "checkout-primary",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: checkout-api-5xx-rate >= 5% for 3 datapoints (eu-west-1)",
        ((0, 40),),
    ),
    Scene(
        -160,
        "platform-sre-escalation",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: alb-target-5xx rising on checkout-alb",
        ((1, 78),),
    ),
    Scene(-240, "payments-escalation", "incident-manager", LIVE, _LIVE_SUBJECT, ((1, 88),)),
    Scene(-330, "checkout-escalation", "incident-manager", LIVE, _LIVE_SUBJECT, ((0, 130),)),
    Scene(
        -350,
        "checkout-primary",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: checkout-api p99 latency > 2 s (eu-west-1)",
        ((0, 95),),
    ),
    Scene(
        -7800,
        "data-platform-escalation",
        "cli",
        None,
        "Scheduled failover drill — please acknowledge",
        ((0, 240),),
        -6600,
    ),
    Scene(
        -15600,
        "kwame_n",
        "cli",
        EARLIER,
        "Payments: confirm the rollback of deploy 4807",
        ((0, 150),),
        -14650,
    ),
    Scene(
        -16800,
        "payments-primary",
        "cloudwatch-alarms",
        EARLIER,
        "ALARM: payments-gateway p99 latency > 1.5 s",
        ((0, 200),),
        -14660,
    ),
    Scene(
        -17400,
        "payments-escalation",
        "incident-manager",
        EARLIER,
        "[Impact 3] Payments latency after deploy 4807",
        ((0, 185),),
        -14670,
    ),
    Scene(
        -25200,
        "data-platform-escalation",
        "cloudwatch-alarms",
        None,
        "Disk usage 91% on db-replica-3",
        ((0, 420),),
        -23900,
    ),
)
# Oldest first: arrival n (index -n) starts at ARRIVALS[n - 1] s after the anchor.
ARRIVING = (
    Scene(
        20,
        "checkout-primary",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: checkout-api-5xx-rate >= 5% (re-alarm)",
        ((0, 45),),
    ),
    Scene(45, "sam_w", "cli", LIVE, "Please post a status page update for checkout", ((0, 60),)),
    Scene(
        70,
        "payments-primary",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: payments-gateway 4xx on /authorize",
    ),
    Scene(
        100,
        "checkout-escalation",
        "oncall-bot",
        LIVE,
        "Error budget burn 14x on checkout-api",
        ((0, 30),),
    ),
    Scene(
        135,
        "platform-sre-oncall",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: checkout-db connections at 95%",
        ((0, 120),),
    ),
    Scene(
        175,
        "kwame_n",
        "cli",
        LIVE,
        "Payments: confirm no double charges during the outage",
        ((0, 40),),
    ),
    Scene(
        225,
        "checkout-primary",
        "cloudwatch-alarms",
        LIVE,
        "ALARM: checkout-api-5xx-rate flapping",
        ((0, 20),),
    ),
    Scene(285, "akua_m", "oncall-bot", LIVE, "Support: spike in checkout tickets", ((0, 80),)),
    Scene(
        450,
        "asa_e",
        "cli",
        None,
        "Post-incident review for Checkout errors: pick a slot",
        ((0, 300),),
        1200,
    ),
)
ARRIVALS = (*(s.at for s in ARRIVING), 570, 720, 900, 1140, 1440, 1860, 2460, 3360)


class Story:
    """The scripted rows, their two incidents, and generated history and later arrivals."""

    def __init__(self, seed: int, anchor: int, history: int, history_incidents: int) -> None:
        self.seed, self.anchor = seed, anchor
        self.history = Generated(
            seed,
            anchor,
            history,
            history_incidents,
            top=anchor - HISTORY_GAP,
            span=HISTORY_SPAN,
            offset=len(PAST),
            sparse_hostile=40,
            clean_newest=CLEAN_NEWEST,
            open_newest=0,
        )
        self.count = len(PAST) + history

    def start_time(self, i: int) -> int:
        if i >= len(PAST):
            return self.history.start_time(i)
        if i >= 0:
            return self.anchor + PAST[i].at
        n = -i
        if n <= len(ARRIVALS):
            return self.anchor + ARRIVALS[n - 1]
        return self.anchor + ARRIVALS[-1] + (n - len(ARRIVALS)) * LATER_EVERY

    def arrivals_by(self, now: float) -> int:
        since = now - self.anchor
        n = bisect.bisect_right(ARRIVALS, since)
        if n == len(ARRIVALS):
            n += int((since - ARRIVALS[-1]) // LATER_EVERY)
        return n

    def _scene(self, i: int) -> Scene | None:
        if 0 <= i < len(PAST):
            return PAST[i]
        if 0 < -i <= len(ARRIVING):
            return ARRIVING[-i - 1]
        return None

    def incidents(self, hostile: bool) -> tuple[IncidentRow, ...]:
        live_first = -sum(1 for s in ARRIVING if s.incident == LIVE)
        live_stop = 1 + max(i for i, s in enumerate(PAST) if s.incident == LIVE)
        earlier = [i for i, s in enumerate(PAST) if s.incident == EARLIER]
        return (
            self._incident(
                hostile,
                LIVE,
                "checkout-critical",
                "[SEV2] Checkout errors",
                2,
                -360,
                RESOLVED_AT,
                live_first,
                live_stop,
                (EARLIER,),
            ),
            self._incident(
                hostile,
                EARLIER,
                "payments-p1",
                "Payments latency after deploy 4807",
                3,
                -17700,
                -14700,
                earlier[0],
                earlier[-1] + 1,
                (),
            ),
            *self.history.incidents(hostile, first_index=2),
        )

    def _incident(
        self,
        hostile: bool,
        k: int,
        plan: str,
        title: str,
        impact: int,
        created: int,
        resolved: int,
        first: int,
        stop: int,
        related: tuple[int, ...],
    ) -> IncidentRow:
        summary = (
            f"{title}. Customers see errors at checkout; error rate peaked at 7%. "
            "Deploy 4812 of checkout-api rolled back; watching recovery."
            if k == LIVE
            else f"{title}. p99 latency 3x after deploy 4807; rolled back, recovered."
        )
        if hostile:  # the story's own incidents too, so a drill-in with every section has it
            title, summary = text.hostile(k)[:200], text.hostile(k + 5, 8000)
        return IncidentRow(
            number=k,
            arn=f"{INCIDENTS_PREFIX}:incident-record/{plan}/{uid(self.seed, INCIDENT_KIND, k)}",
            title=title,
            impact=impact,
            created=self.anchor + created,
            resolved=self.anchor + resolved,
            first=first,
            stop=stop,
            summary=summary,
            response_plan=plan,
            related=related,
            hostile=hostile,
        )

    def build(
        self, i: int, directory: Directory, incident: IncidentRow | None, hostile: bool
    ) -> Engagement:
        scene = self._scene(i)
        if scene is None:
            return self.history.build(i, directory, incident, hostile, self.start_time(i))
        contact = directory.by_alias[scene.contact]
        engagement_id = uid(self.seed, ENGAGEMENT_KIND, i)
        stop = scene.stop
        if stop is None and scene.incident == LIVE:
            stop = RESOLVED_AT + 5 + (i % 7) * 2
        return Engagement(
            number=i,
            arn=f"{CONTACTS_PREFIX}:engagement/{contact.alias}/{engagement_id}",
            contact=contact,
            sender=scene.sender,
            incident=incident,
            start=self.start_time(i),
            stop=None if stop is None else self.anchor + stop,
            hostile=False,
        )

    def details(self, rec: Engagement, directory: Directory, hostile: bool) -> Details:
        scene = self._scene(rec.number)
        if scene is None:
            return self.history.details(rec, directory, hostile)
        impact = rec.incident.impact if rec.incident is not None else None
        content = text.engagement_content(scene.subject, impact, rec.arn)
        public = None
        if rec.incident is not None:
            public = (
                f"Incident: {rec.incident.title}",
                "Checkout is degraded; updates every 15 minutes.",
            )
        acks = dict(scene.acks)
        planned = [
            self._page(rec.number, j, target, acks.get(j))
            for j, target in enumerate(pages.targets(directory, rec.contact, rec.start))
        ]
        return Details(scene.subject, content, public, tuple(planned))

    def _page(self, i: int, j: int, target: pages.Target, ack: int | None) -> Page:
        person, path, stage, essential, sent = target
        sms, voice = person.channels[0].arn, person.channels[1].arn
        receipts = [
            Receipt("SENT", sent, sms, "Page sent by SMS"),
            Receipt("SENT", sent + 1, voice, "Voice call placed"),
            Receipt("DELIVERED", sent + 6 + j % 3, sms, "Delivered to device"),
        ]
        if ack is not None:
            receipts.append(Receipt("READ", sent + ack, sms, "Acknowledged via SMS reply"))
        return Page(
            number=j,
            arn=pages.page_arn(self.seed, i, j, person),
            contact=person,
            path=path,
            stage=stage,
            essential=essential,
            sent=sent,
            receipts=tuple(receipts),
            code=pages.accept_code(self.seed, i, j),
        )
