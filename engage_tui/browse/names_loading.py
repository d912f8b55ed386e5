"""Names for the browse screen: incidents (the picker, incident titles) and contacts (person or
plan), asked for once page one is shown, the incidents page by page as the picker scrolls."""

from __future__ import annotations

from functools import partial

from textual import on

from engage_tui import timefmt
from engage_tui.background import fetch
from engage_tui.browse.attention import Attention
from engage_tui.browse.incidents import INCIDENTS_PER_PAGE, IncidentsFeed
from engage_tui.messages import ContactsLoaded, IncidentsFailed, IncidentsLoaded
from engage_tui.widgets.incident_picker import IncidentPicker


class NamesLoading(Attention):
    """Routes incident and contact pages to the app's names, the picker and the table."""

    incidents: IncidentsFeed
    _names_requested = False
    _contacts_failed = False

    def _load_names_once(self) -> None:
        """Incidents (for the picker and titles) and contacts (plan or person), after page one."""
        if self._names_requested:
            return
        self._names_requested = True
        self._fetch_contacts()
        self._fetch_incidents()

    def _fetch_contacts(self) -> None:
        fetch(
            self,
            self.app.source.list_contacts,
            done=ContactsLoaded,
            failed=lambda _error: ContactsLoaded((), failed=True),  # the table works without
            description="loading contact names",
            group="contacts",
        )

    def retry_failed_contacts(self) -> None:
        """`r`: the contact names failed last time (an expired SSO session, say): ask again."""
        if self._contacts_failed:
            self._contacts_failed = False
            self._fetch_contacts()

    def _fetch_incidents(self) -> None:
        ticket = self.incidents.next_ticket()
        if ticket is None:
            return
        fetch(
            self,
            partial(self.app.source.list_incidents, ticket.token, INCIDENTS_PER_PAGE),
            done=partial(IncidentsLoaded, ticket),
            failed=partial(IncidentsFailed, ticket),
            description="loading incidents",
            group="incidents",
        )

    @on(IncidentsLoaded)
    def _incidents_loaded(self, message: IncidentsLoaded) -> None:
        self.table.titles_pending = False
        fresh = self.incidents.loaded(message.page)
        self.app.names.incidents_loaded(fresh)
        now = self.app.now()
        labels = {i.arn: timefmt.ago(i.created, now=now) for i in fresh}
        picker = self.query_one(IncidentPicker)
        picker.add_incidents(fresh, labels, has_more=not self.incidents.exhausted)
        if message.ticket.token is None:
            picker.select_arn(self.feed.query.incident_arn or self.app.state.last_incident_arn)
        self.table.refresh_labels()
        self.names_changed()

    @on(IncidentsFailed)
    def _incidents_failed(self, message: IncidentsFailed) -> None:
        self.table.titles_pending = False
        self.table.refresh_labels()
        self.incidents.failed(message.error)
        self.query_one(IncidentPicker).set_status(f"⚠ {message.error.message}")
        # The picker is too narrow for the whole message; this says what to do.
        self.notify(message.error.message, title="Couldn't load incidents", severity="error")

    @on(IncidentPicker.MoreWanted)
    def _more_incidents(self) -> None:
        self._fetch_incidents()

    @on(IncidentPicker.Chosen)
    def _incident_chosen(self, message: IncidentPicker.Chosen) -> None:
        arn = message.incident.arn if message.incident else None
        self.app.remember_incident(arn)
        self.show_engagements(arn, self.feed.selection)
        self.table.focus()

    @on(ContactsLoaded)
    def _contacts_loaded(self, message: ContactsLoaded) -> None:
        self._contacts_failed = message.failed
        self.app.names.contacts_loaded(message.contacts)
        self.table.refresh_labels()
        self.names_changed()

    def names_changed(self) -> None:
        """Titles or contact kinds arrived: the panel and the status line show them."""
        raise NotImplementedError
