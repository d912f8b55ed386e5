"""The left pane: "All engagements" plus incidents, lazily paged, filtered by typing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from engage_tui.aws.models import Incident, IncidentStatus
from engage_tui.sanitize import safe_text

ALL_ENGAGEMENTS = "__all__"
_MORE = "__more__"
# Ask for the next page of incidents when the highlight is this close to the end.
_PREFETCH = 10


def incident_label(incident: Incident, *, created: str) -> Content:
    """Two picker lines: the title (literal, cut to the width), then status, impact and age."""
    is_open = incident.status == IncidentStatus.OPEN
    return Content.assemble(
        (safe_text(incident.title, max_len=200), "bold" if is_open else ""),
        "\n  ",
        ("OPEN", "bold $text-error") if is_open else ("resolved", "$text-muted"),
        (f" · P{incident.impact} · {created}", "$text-muted"),
    )


class IncidentPicker(Vertical):
    """Choose which incident's engagements the table shows."""

    BORDER_TITLE = "Incidents"

    @dataclass
    class Chosen(Message):
        """The user picked an incident (None = all engagements)."""

        incident: Incident | None

    @dataclass
    class MoreWanted(Message):
        """The highlight is near the last loaded incident and more exist."""

        loaded: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._incidents: list[Incident] = []
        self._by_arn: dict[str, Incident] = {}
        self._labels: dict[str, Content] = {}
        self._filter = ""
        self._has_more = False
        self._more_asked_at = -1
        self._status = "loading incidents…"

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to filter incidents", id="incident-filter")
        yield OptionList(id="incident-list")

    def on_mount(self) -> None:
        self._rebuild()

    @property
    def incidents(self) -> dict[str, Incident]:
        return self._by_arn

    def add_incidents(
        self, incidents: Iterable[Incident], created_labels: dict[str, str], *, has_more: bool
    ) -> None:
        """Append a page of incidents (labels carry the formatted creation time)."""
        for incident in incidents:
            if incident.arn in self._by_arn:
                continue
            self._incidents.append(incident)
            self._by_arn[incident.arn] = incident
            self._labels[incident.arn] = incident_label(
                incident, created=created_labels.get(incident.arn, "")
            )
        self._has_more = has_more
        self._status = ""
        self._rebuild()

    def reset(self) -> None:
        """Forget the loaded incidents (a full refresh loads them again from the first page)."""
        self._incidents.clear()
        self._by_arn.clear()
        self._labels.clear()
        self._has_more = False
        self._more_asked_at = -1
        self.set_status("loading incidents…")

    def set_status(self, status: str) -> None:
        """A line at the end of the list: loading / an error / nothing."""
        self._status = status
        self._rebuild()

    def select_arn(self, arn: str | None) -> None:
        option_list = self.query_one(OptionList)
        target = arn or ALL_ENGAGEMENTS
        for index in range(option_list.option_count):
            if option_list.get_option_at_index(index).id == target:
                option_list.highlighted = index
                return

    def _matches(self, incident: Incident) -> bool:
        needle = self._filter
        # Only what the user can read: a match on hidden ARN text would look like a bug.
        return not needle or needle in incident.title.lower()

    def _rebuild(self) -> None:
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        current = (
            option_list.get_option_at_index(highlighted).id if highlighted is not None else None
        )
        options: list[Option] = [
            Option(Content.styled("★ All engagements", "bold"), id=ALL_ENGAGEMENTS)
        ]
        options += [
            Option(self._labels[i.arn], id=i.arn) for i in self._incidents if self._matches(i)
        ]
        if self._status or self._has_more:
            tail = self._status or "… more incidents (scroll to load)"
            options.append(Option(Content.styled(tail, "dim italic"), id=_MORE, disabled=True))
        option_list.clear_options()
        option_list.add_options(options)
        if current is not None:
            self.select_arn(None if current == ALL_ENGAGEMENTS else current)
        elif option_list.option_count:
            option_list.highlighted = 0

    @on(Input.Changed, "#incident-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._filter = event.value.strip().lower()
        self._rebuild()

    @on(Input.Submitted, "#incident-filter")
    def _filter_submitted(self) -> None:
        """Enter in the filter box picks the first match (or all engagements if none)."""
        option_list = self.query_one(OptionList)
        first_match = 1 if self._filter and option_list.option_count > 1 else 0
        if option_list.get_option_at_index(first_match).id == _MORE:
            first_match = 0  # no incident matches: fall back to all engagements
        option = option_list.get_option_at_index(first_match)
        option_list.highlighted = first_match
        self.post_message(self.Chosen(self._by_arn.get(option.id or "")))

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.screen.focused is self.query_one(Input):
            event.stop()
            self.query_one(OptionList).focus()

    @on(OptionList.OptionHighlighted, "#incident-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_list = self.query_one(OptionList)
        near_end = event.option_index >= option_list.option_count - _PREFETCH
        loaded = len(self._incidents)
        if near_end and self._has_more and not self._status and loaded != self._more_asked_at:
            self._more_asked_at = loaded
            self.post_message(self.MoreWanted(loaded))

    @on(OptionList.OptionSelected, "#incident-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id == _MORE or option_id is None:
            return
        self.post_message(self.Chosen(self._by_arn.get(option_id)))
