"""The demo team: people with channels, on-call schedules with rotations, escalation plans.

One directory serves the generated data and the story. Rotations are placed relative to the
anchor so that the same person is on shift at the anchor whatever the date, with hand-offs at a
local time in a real zone (so shift boundaries move with daylight saving, as AWS's do).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from dateutil import tz

from engage_tui.emulator import text
from engage_tui.emulator.ids import CONTACTS_PREFIX, uid

_CHANNEL, _ROTATION = 7, 9
_PEOPLE = (
    ("priya_r", "Priya Raman"),
    ("kwame_n", "Kwame Nyarko"),
    ("lena_f", "Lena Fischer"),
    ("marco_r", "Marco Rossi"),
    ("sam_w", "Sam Whitfield"),
    ("akua_m", "Akua Mensah"),
    ("maria_g", "María García"),
    ("li_wei", "Li Wei"),
    ("hanako_s", "佐藤 花子"),
    ("nina_n", "Nina Novák"),
    ("chidi_o", "Chidi Okafor"),
    ("asa_e", "Åsa Eriksson"),
    ("tolu_o", "Tolu Oyelaran"),
    ("ravi_p", "Ravi Patel"),
)
_CHANNELS = (("Mobile SMS", "SMS"), ("Mobile voice", "VOICE"), ("Work email", "EMAIL"))
# name, zone, weekly hand-off day (None: daily), hour, members, who is on shift at the anchor
_ROTATIONS = (
    ("checkout-weekly", "Europe/London", "MON", 9, ("priya_r", "marco_r", "akua_m", "sam_w"), 0),
    (
        "payments-weekly",
        "America/New_York",
        "TUE",
        10,
        ("lena_f", "chidi_o", "li_wei", "maria_g"),
        0,
    ),
    ("sre-daily", "Asia/Kathmandu", None, 8, ("hanako_s", "nina_n", "tolu_o", "ravi_p"), 0),
)
_SCHEDULES = (
    ("checkout-primary", "Checkout primary on-call", 0),
    ("payments-primary", "Payments primary on-call", 1),
    ("platform-sre-oncall", "Platform SRE on-call", 2),
)
# alias, display name, stages of (minutes before the next stage, ((target alias, essential), ...))
_PLANS = (
    (
        "checkout-escalation",
        "Checkout escalation",
        (
            (5, (("checkout-primary", True), ("sam_w", False))),
            (10, (("marco_r", True),)),
            (0, (("asa_e", True),)),
        ),
    ),
    (
        "payments-escalation",
        "Payments escalation",
        ((7, (("payments-primary", True),)), (10, (("kwame_n", True),)), (0, (("asa_e", True),))),
    ),
    (
        "platform-sre-escalation",
        "Platform SRE escalation",
        ((5, (("platform-sre-oncall", True),)), (15, (("nina_n", True), ("tolu_o", False)))),
    ),
    (
        "data-platform-escalation",
        "Data platform escalation",
        ((10, (("hanako_s", True), ("ravi_p", True))), (0, (("chidi_o", True),))),
    ),
)
# In hostile mode every display name and rotation name is hostile; this person's ARNs are too.
_HOSTILE_ARNS = 12
_WEEKDAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
_HISTORY_DAYS = 40


class Channel(NamedTuple):
    arn: str
    name: str
    kind: str


class Stage(NamedTuple):
    """One escalation stage: `minutes` until the next stage, then (contact index, essential)."""

    minutes: int
    targets: tuple[tuple[int, bool], ...]


class ContactRow(NamedTuple):
    """A PERSONAL, ONCALL_SCHEDULE or ESCALATION contact."""

    number: int
    arn: str
    alias: str
    display_name: str
    type: str
    channels: tuple[Channel, ...] = ()
    stages: tuple[Stage, ...] = ()
    rotation: int | None = None


class RotationRow(NamedTuple):
    """A rotation: `members` (person indices) take turns from hand-off `start_date` on."""

    number: int
    arn: str
    name: str
    zone_id: str
    zone_name: str
    weekday: str | None
    hour: int
    members: tuple[int, ...]
    start_date: datetime

    @property
    def period_days(self) -> int:
        return 1 if self.weekday is None else 7

    def handoff(self, k: int) -> int:
        """Epoch seconds of the k-th hand-off (k = 0 is the rotation's start), local wall time."""
        day = self.start_date + timedelta(days=k * self.period_days)
        local = datetime(day.year, day.month, day.day, self.hour, tzinfo=tz.gettz(self.zone_name))
        return int(local.timestamp())

    def shift_at(self, t: float) -> int | None:
        """The index k of the shift that holds time t, or None before the rotation starts."""
        if t < self.handoff(0):
            return None
        k = int((t - self.handoff(0)) // (self.period_days * 86400))
        while self.handoff(k) > t:
            k -= 1
        while self.handoff(k + 1) <= t:
            k += 1
        return k

    def member(self, k: int) -> int:
        return self.members[k % len(self.members)]


class Directory:
    """Every contact and rotation, in one variant (plain or hostile text)."""

    def __init__(self, seed: int, anchor: int, hostile: bool) -> None:
        self.hostile = hostile
        self.rotations = tuple(_rotation(seed, anchor, r, hostile) for r in range(len(_ROTATIONS)))
        self.contacts = _contacts(seed, hostile)
        self.by_alias = {c.alias: c for c in self.contacts}
        self.people = tuple(c for c in self.contacts if c.type == "PERSONAL")
        self.schedules = tuple(c for c in self.contacts if c.type == "ONCALL_SCHEDULE")
        self.plans = tuple(c for c in self.contacts if c.type == "ESCALATION")

    def on_shift(self, schedule: ContactRow, t: float) -> ContactRow:
        """The person an on-call schedule resolves to at time t (the first member before)."""
        rotation = self.rotations[schedule.rotation or 0]
        k = rotation.shift_at(t)
        return self.contacts[rotation.member(k if k is not None else 0)]


def _arn(kind: str, alias: str, hostile_tail: str = "") -> str:
    return f"{CONTACTS_PREFIX}:{kind}/{alias}{hostile_tail}"


def _contacts(seed: int, hostile: bool) -> tuple[ContactRow, ...]:
    rows: list[ContactRow] = []
    for n, (alias, name) in enumerate(_PEOPLE):
        tail = text.hostile_id(n) if hostile and n == _HOSTILE_ARNS else ""
        channels = tuple(
            Channel(
                f"{CONTACTS_PREFIX}:contact-channel/{alias}/{uid(seed, _CHANNEL, n * 4 + c)}{tail}",
                label,
                kind,
            )
            for c, (label, kind) in enumerate(_CHANNELS)
        )
        display = text.hostile(n)[:255] if hostile else name
        rows.append(
            ContactRow(n, _arn("contact", alias, tail), alias, display, "PERSONAL", channels)
        )
    index = {alias: n for n, (alias, _) in enumerate(_PEOPLE)}
    for s, (alias, name, rotation) in enumerate(_SCHEDULES):
        index[alias] = len(rows)
        display = text.hostile(s + 20)[:255] if hostile else name
        rows.append(
            ContactRow(
                len(rows),
                _arn("contact", alias),
                alias,
                display,
                "ONCALL_SCHEDULE",
                rotation=rotation,
            )
        )
    for p, (alias, name, stages) in enumerate(_PLANS):
        built = tuple(
            Stage(minutes, tuple((index[target], essential) for target, essential in targets))
            for minutes, targets in stages
        )
        display = text.hostile(p + 30)[:255] if hostile else name
        rows.append(
            ContactRow(
                len(rows), _arn("contact", alias), alias, display, "ESCALATION", stages=built
            )
        )
    return tuple(rows)


def _rotation(seed: int, anchor: int, r: int, hostile: bool) -> RotationRow:
    """Rotation r, started far enough back that its `on shift at the anchor` member is on."""
    name, zone_name, weekday, hour, members, on_now = _ROTATIONS[r]
    zone = tz.gettz(zone_name) or tz.UTC
    local = datetime.fromtimestamp(anchor, zone)
    day = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if weekday is not None:
        day -= timedelta(days=(local.weekday() - _WEEKDAYS.index(weekday)) % 7)
    period = 1 if weekday is None else 7
    if day > local:
        day -= timedelta(days=period)
    cycles = -(-_HISTORY_DAYS // (period * len(members)))
    start = day - timedelta(days=period * (on_now + cycles * len(members)))
    people = {alias: n for n, (alias, _) in enumerate(_PEOPLE)}
    shown_zone = zone_name + text.hostile_id(r) if hostile and r == 2 else zone_name
    return RotationRow(
        number=r,
        arn=f"{CONTACTS_PREFIX}:rotation/{name}/{uid(seed, _ROTATION, r)}",
        name=text.hostile(r + 40)[:255] if hostile else name,
        zone_id=shown_zone,
        zone_name=zone_name,
        weekday=weekday,
        hour=hour,
        members=tuple(people[m] for m in members),
        start_date=start.replace(tzinfo=None),
    )
