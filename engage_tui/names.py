"""What the app knows of names: incident titles and whether a contact is a person or a plan.

Filled as incidents and contacts load; read by the table, the panels and the status line.
"""

from __future__ import annotations

from collections.abc import Iterable

from engage_tui.aws.models import Contact, ContactType, Incident, arn_resource_name


class Names:
    """Incident ARN → title, contact ARN → "contact" / "plan", and which are on-call schedules."""

    def __init__(self) -> None:
        self.incident_titles: dict[str, str] = {}
        self.contact_kinds: dict[str, str] = {}
        self._schedules: set[str] = set()

    def clear(self) -> None:
        """Forget every name (another account or region has other incidents and contacts);
        the dicts stay the same objects, since widgets hold them."""
        self.incident_titles.clear()
        self.contact_kinds.clear()

    def incidents_loaded(self, incidents: Iterable[Incident]) -> None:
        for incident in incidents:
            self.incident_titles[incident.arn] = incident.title

    def contacts_loaded(self, contacts: Iterable[Contact]) -> None:
        for contact in contacts:
            kind = "plan" if contact.type == ContactType.ESCALATION else "contact"
            self.contact_kinds[contact.arn] = kind
            if contact.type == ContactType.ONCALL_SCHEDULE:
                self._schedules.add(contact.arn)

    def is_schedule(self, contact_arn: str) -> bool:
        """ListContacts said this contact is an on-call schedule (who is on call can be asked)."""
        return contact_arn in self._schedules

    def describe_contact(self, contact_arn: str) -> str:
        """`akuam (contact)`, `sre-primary (escalation plan)`, or the alias alone if unknown."""
        alias = arn_resource_name(contact_arn)
        kind = self.contact_kinds.get(contact_arn)
        return f"{alias} ({'escalation plan' if kind == 'plan' else kind})" if kind else alias

    def describe_incident(self, incident_arn: str | None) -> str:
        """The title over the ARN, or the ARN alone until titles load."""
        if not incident_arn:
            return "— (not part of an incident)"
        title = self.incident_titles.get(incident_arn)
        return f"{title}\n{incident_arn}" if title else incident_arn
