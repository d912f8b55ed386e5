"""Who an engagement pages: a person, the person on shift of a schedule, or a plan's stages."""

from __future__ import annotations

from engage_tui.emulator.directory import ContactRow, Directory
from engage_tui.emulator.ids import CONTACTS_PREFIX, mix, uid

MAX_PAGES = 8
PAGE_KIND = 2
SEND_DELAY = 2

Path = tuple[tuple[ContactRow, int | None], ...]
Target = tuple[ContactRow, Path, int, bool, int]
"""(person paged, resolution path, stage, essential, sent time)."""


def page_arn(seed: int, i: int, j: int, contact: ContactRow, tail: str = "") -> str:
    return f"{CONTACTS_PREFIX}:page/{contact.alias}/{uid(seed, PAGE_KIND, i * MAX_PAGES + j)}{tail}"


def accept_code(seed: int, i: int, j: int) -> str:
    """The six-digit code a page carries; AcceptPage with ENFORCE wants exactly this."""
    return f"{mix(seed, 41, i, j) % 900_000 + 100_000}"


def code_line(code: str) -> str:
    return f"Reply with code {code} to acknowledge."


def _resolve(
    directory: Directory, target: ContactRow, sent: int, lead: Path, stage: int | None
) -> tuple[ContactRow, Path]:
    if target.type == "ONCALL_SCHEDULE":
        person = directory.on_shift(target, sent)
        return person, (*lead, (target, stage), (person, None))
    return target, (*lead, (target, stage))


def targets(directory: Directory, contact: ContactRow, start: int) -> list[Target]:
    """Every page an engagement of `contact` would send if nobody answered, in stage order."""
    sent = start + SEND_DELAY
    if contact.type != "ESCALATION":
        person, path = _resolve(directory, contact, sent, (), None)
        return [(person, path, 0, True, sent)]
    out: list[Target] = []
    lead: Path = ((contact, None),)
    for s, stage in enumerate(contact.stages):
        for n, (index, essential) in enumerate(stage.targets):
            person, path = _resolve(directory, directory.contacts[index], sent, lead, s)
            out.append((person, path, s, essential, sent + n))
        sent += stage.minutes * 60
    return out[:MAX_PAGES]
