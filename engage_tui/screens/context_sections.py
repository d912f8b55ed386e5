"""Text of the drill-in's context sections: escalation path, what happens next, who is on call,
and the incident. Pure builders from typed values to `Content`; every AWS field goes through
`safe_text`, never into markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from textual.content import Content

from engage_tui.aws.context_models import (
    ContactDetail,
    IncidentRecord,
    OnCall,
    RelatedItem,
    Resolution,
    ResolutionPath,
    TimelineEvent,
    ValueKind,
)
from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import ContactType, Page, arn_resource_name
from engage_tui.detail_text import field_rows, safe_block
from engage_tui.escalation import Escalation, State, next_text, targets_text
from engage_tui.lookups import OnCallFound
from engage_tui.sanitize import safe_text

Stamp = Callable[[datetime | None], str]
"""An instant → the words to show (the app's `stamp`)."""

PATH, NEXT, ON_CALL, INCIDENT = (
    "Escalation path",
    "What happens next",
    "On call now",
    "The incident",
)
_KINDS = {
    ContactType.ESCALATION: "plan",
    ContactType.ONCALL_SCHEDULE: "on-call schedule",
    ContactType.PERSONAL: "person",
}
_MAX_EVENTS = 10
_MAX_ITEMS = 20


def heading(title: str) -> Content:
    return Content.styled(f"\n{title}\n", "bold $text-accent")


def failed(title: str, error: SourceError) -> Content:
    """A section that couldn't load: its title and the reason, nothing else."""
    return heading(title) + Content.styled(f"unavailable: {error.message}\n", "$text-warning")


def loading(title: str) -> Content:
    return heading(title) + Content.styled("loading…\n", "$text-muted")


def contact_name(arn: str, display_names: Mapping[str, str]) -> str:
    """`Lena Fischer` when the display name is known, else the alias (`lena_f`); safe to show."""
    shown = display_names.get(arn) or arn_resource_name(arn)
    return safe_text_short(shown, max_len=60)


def safe_text_short(text: str, max_len: int = 80) -> str:
    """One line of untrusted text, made safe and cut to `max_len`."""
    return safe_text(text, max_len=max_len)


def _step_text(step: Resolution, display_names: Mapping[str, str]) -> str:
    kind = _KINDS.get(step.known_type) if step.known_type else None
    name = contact_name(step.contact_arn, display_names)
    return f"{name} ({kind})" if kind else name


def path_text(
    pages: Sequence[Page],
    paths: Mapping[str, ResolutionPath | SourceError],
    display_names: Mapping[str, str],
) -> Content:
    """Per page: `plan → stage 1 → schedule → person`, or why that page's path is unknown."""
    parts: list[str | tuple[str, str]] = []
    for number, page in enumerate(pages, 1):
        parts.append((f"{number}. ", "bold"))
        found = paths.get(page.arn)
        if found is None:
            parts.append(("loading…", "$text-muted"))
        elif isinstance(found, SourceError):
            parts.append((f"unavailable: {found.message}", "$text-warning"))
        elif not found.steps:
            parts.append(("sent straight to the contact (no resolution steps)", "$text-muted"))
        else:
            parts.extend(_path_pieces(found, display_names))
        parts.append("\n")
    if not pages:
        parts.append(("No pages, so no path to show.\n", "$text-muted"))
    return heading(PATH) + Content.assemble(*parts)


def _path_pieces(
    path: ResolutionPath, display_names: Mapping[str, str]
) -> list[str | tuple[str, str]]:
    pieces: list[str | tuple[str, str]] = []
    for index, step in enumerate(path.steps):
        if index:
            pieces.append((" → ", "$text-muted"))
        pieces.append(_step_text(step, display_names))
        if step is path.plan and path.stage_index is not None:
            pieces.append((f" → stage {path.stage_index + 1}", "bold"))
    if path.skipped:
        pieces.append((f"  ({path.skipped} unreadable steps left out)", "$text-muted"))
    return pieces


def next_block(escalation: Escalation, plan: ContactDetail) -> Content:
    """The plan's stages, the one in force marked, then `stage 2 → kwame_n in 4m 10s`."""
    lines: list[str | tuple[str, str]] = []
    for start in escalation.stages:
        current = start.index == escalation.current
        minutes = start.stage.duration_minutes
        length = f"{minutes}m" if minutes is not None else "?m"
        lines.append(("▶ " if current else "  ", "bold $text-success"))
        lines.append((f"stage {start.index + 1} ({length}): ", "bold" if current else ""))
        lines.append(targets_text(start.stage) + "\n")
    style = "$text-muted" if escalation.state is State.FINISHED else "bold $text-warning"
    lines.append((next_text(escalation), style))
    lines.append("\n")
    title = f"{NEXT} · {safe_text_short(plan.display_name or plan.alias)}"
    return heading(title) + Content.assemble(*lines)


def on_call_text(on_call: OnCall, stamp: Stamp, display_names: Mapping[str, str]) -> Content:
    """Who holds the schedule's shift now, until when, and who comes next."""
    if not on_call.current:
        return heading(ON_CALL) + Content.styled("nobody is on shift now\n", "$text-muted")
    people = ", ".join(contact_name(arn, display_names) for arn in on_call.contact_arns)
    rows = [("Now", people or "nobody"), ("Until", stamp(on_call.until))]
    upcoming = {arn: shift.start for shift in on_call.upcoming for arn in shift.contact_arns}
    if upcoming:
        first = min(upcoming.values())
        names = ", ".join(contact_name(arn, display_names) for arn in upcoming)
        rows.append(("Next", f"{names} from {stamp(first)}"))
    if any(shift.overridden for shift in on_call.current):
        rows.append(("Note", "an override is in force"))
    return heading(ON_CALL) + field_rows(rows)


def on_call_line(answer: OnCallFound | SourceError | None, stamp: Stamp) -> Content:
    """The detail panel's one line: `Priya Raman until Mon 09:00`, `loading…`, or why not."""
    if answer is None:
        return Content.styled("loading…", "$text-muted italic")
    if isinstance(answer, SourceError):  # what went wrong; the drill-in says what to do
        reason = answer.message.split(". ", 1)[0].rstrip(".")
        return Content.styled(f"unavailable: {reason}", "$text-warning")
    on_call = answer.on_call
    if not on_call.current:
        return Content.styled("nobody is on shift now", "$text-muted")
    people = ", ".join(contact_name(arn, answer.display_names) for arn in on_call.contact_arns)
    return Content(f"{people or 'nobody'} until {stamp(on_call.until)}")


def record_rows(record: IncidentRecord, stamp: Stamp) -> Content:
    """Title, status, impact, created, resolved and summary of the incident record."""
    rows = [
        ("Title", safe_text_short(record.title)),
        ("Status", safe_text_short(record.status)),
        ("Impact", str(record.impact) if record.impact is not None else "—"),
        ("Created", stamp(record.created)),
        ("Resolved", stamp(record.resolved) if record.resolved else "not resolved"),
        ("Summary", safe_block(record.summary, limit=2000) or "—"),
    ]
    return field_rows(rows)


def events_text(events: Sequence[TimelineEvent], stamp: Stamp) -> Content:
    """The newest timeline events first: `time  type  what it references`."""
    parts: list[str | tuple[str, str]] = [("Timeline (newest first)\n", "bold")]
    for event in list(events)[:_MAX_EVENTS]:
        parts.append((f"  {stamp(event.time)}  ", "$text-muted"))
        parts.append(safe_text_short(event.type))
        about = [arn_resource_name(arn) for arn in event.resources] + list(event.related_item_ids)
        if about:
            parts.append((f"  {safe_text_short(' · '.join(about), max_len=70)}", "$text-muted"))
        parts.append("\n")
    if not events:
        parts.append(("  no timeline events\n", "$text-muted"))
    return Content.assemble(*parts)


def items_text(items: Sequence[RelatedItem]) -> Content:
    """Related items: title, and the URL when it is a web link (else what it points at)."""
    parts: list[str | tuple[str, str]] = [("Related items\n", "bold")]
    for item in list(items)[:_MAX_ITEMS]:
        parts.append(f"  {safe_text_short(item.title) or '(untitled)'}  ")
        if item.link:
            parts.append((safe_text_short(item.link, max_len=200), "$text-primary"))
        elif item.kind == ValueKind.URL:  # javascript:, file:…: said, never offered as a link
            shown = safe_text_short(item.value, max_len=70)
            parts.append((f"{shown} (not a web link)", "$text-muted"))
        else:  # a metric definition or an ARN: what it is, not a wall of JSON
            what = item.arn and arn_resource_name(item.arn) or safe_text_short(item.kind, 30)
            parts.append((safe_text_short(what, max_len=70), "$text-muted"))
        parts.append("\n")
    if not items:
        parts.append(("  none\n", "$text-muted"))
    return Content.assemble(*parts)


Part = Content | SourceError | None


def incident_text(record: Part, events: Part, items: Part) -> Content:
    """The incident's three parts, each as loaded, loading, or unavailable with its reason."""
    pieces = [heading(INCIDENT)]
    for name, part in (("record", record), ("timeline", events), ("related items", items)):
        if part is None:
            pieces.append(Content.styled(f"loading the {name}…\n", "$text-muted"))
        elif isinstance(part, SourceError):
            message = f"{name} unavailable: {part.message}\n"
            pieces.append(Content.styled(message, "$text-warning"))
        else:
            pieces.append(part)
    return Content("").join(pieces)


def shows_next(escalation: Escalation) -> bool:
    """The section is for an escalation still running (or just run out), not one halted."""
    return escalation.state not in (State.ACKNOWLEDGED, State.STOPPED)
