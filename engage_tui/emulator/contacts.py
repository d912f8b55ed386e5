"""The demo directory: personal contacts with channels, and escalation plans built from them."""

from __future__ import annotations

from dataclasses import dataclass

from engage_tui.emulator.ids import CONTACTS_PREFIX, mix, uid
from engage_tui.emulator.text import PLANS, hostile

_PEOPLE = (
    ("akuam", "Akua Mensah"),
    ("jdoe", "Jane Doe"),
    ("mgarcia", "María García"),
    ("li-wei", "Li Wei"),
    ("sato-h", "佐藤 花子"),
    ("nnovak", "Nina Novák"),
    ("okafor-c", "Chidi Okafor"),
    ("rpatel", "Ravi Patel"),
    ("eriksson-a", "Åsa Eriksson"),
    ("dubois-m", "Mélanie Dubois"),
    ("kim-j", "Kim Ji-woo"),
    ("oyelaran-t", "Tolu Oyelaran"),
)
_CHANNEL_KIND = 7


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One contact; `members` are indices of personal contacts per escalation stage."""

    index: int
    arn: str
    alias: str
    display_name: str
    type: str
    channels: tuple[str, ...]
    stages: tuple[tuple[int, ...], ...]


def build_contacts(seed: int, hostile_mode: bool) -> tuple[ContactRow, ...]:
    """Personal contacts first, then escalation plans whose stages name personal contacts."""
    rows: list[ContactRow] = []
    for n, (alias, name) in enumerate(_PEOPLE):
        channels = tuple(
            f"{CONTACTS_PREFIX}:contact-channel/{alias}/{uid(seed, _CHANNEL_KIND, n * 4 + c)}"
            for c in range(2)
        )
        display = hostile(n, 0) if hostile_mode and n in (2, 7) else name
        rows.append(
            ContactRow(
                n, f"{CONTACTS_PREFIX}:contact/{alias}", alias, display, "PERSONAL", channels, ()
            )
        )
    people = len(_PEOPLE)
    for p, alias in enumerate(PLANS):
        h = mix(seed, 31, p)
        first = (h % people, (h >> 8) % people)
        stage0 = tuple(dict.fromkeys(first))
        rest = [n for n in range(people) if n not in stage0]
        stage1 = (rest[(h >> 16) % len(rest)],)
        title = alias.replace("-", " ").title()
        rows.append(
            ContactRow(
                people + p,
                f"{CONTACTS_PREFIX}:contact/{alias}",
                alias,
                f"{title} escalation",
                "ESCALATION",
                (),
                (stage0, stage1),
            )
        )
    return tuple(rows)


def contact_summary(row: ContactRow) -> dict[str, object]:
    """The ListContacts item."""
    return {
        "ContactArn": row.arn,
        "Alias": row.alias,
        "DisplayName": row.display_name,
        "Type": row.type,
    }


def contact_detail(row: ContactRow, contacts: tuple[ContactRow, ...]) -> dict[str, object]:
    """The GetContact result: channels for a person, contact targets for an escalation plan."""
    if row.type == "PERSONAL":
        stages = [
            {
                "DurationInMinutes": 0,
                "Targets": [
                    {"ChannelTargetInfo": {"ContactChannelId": ch, "RetryIntervalInMinutes": 5}}
                    for ch in row.channels
                ],
            }
        ]
    else:
        stages = [
            {
                "DurationInMinutes": 5,
                "Targets": [
                    {"ContactTargetInfo": {"ContactId": contacts[m].arn, "IsEssential": s == 0}}
                    for m in members
                ],
            }
            for s, members in enumerate(row.stages)
        ]
    return {**contact_summary(row), "Plan": {"Stages": stages}}
