"""The incidents the picker offers, paged like the engagements; UI-free."""

from __future__ import annotations

from dataclasses import dataclass

from engage_tui.aws.errors import SourceError
from engage_tui.aws.models import Incident, ResultPage

INCIDENTS_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class IncidentsTicket:
    """Permission to ask for one page of incidents (None: the first)."""

    token: str | None


class IncidentsFeed:
    """Loaded incidents by ARN, the next token, and a failure waiting for `r`."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every incident (a full reload asks for them again from the first page)."""
        self.by_arn: dict[str, Incident] = {}
        self.next_token: str | None = None
        self.exhausted = False
        self.failure: SourceError | None = None
        self.in_flight = False

    @property
    def first_page_pending(self) -> bool:
        """No page has arrived yet and none failed: titles are still on their way."""
        return not self.by_arn and not self.exhausted and self.failure is None

    def title(self, arn: str) -> str | None:
        incident = self.by_arn.get(arn)
        return incident.title if incident is not None else None

    def next_ticket(self) -> IncidentsTicket | None:
        """The next page to ask for, or None while one is asked, at the end, or failed."""
        if self.in_flight or self.exhausted or self.failure is not None:
            return None
        self.in_flight = True
        return IncidentsTicket(self.next_token)

    def loaded(self, page: ResultPage[Incident]) -> list[Incident]:
        """Take a page; returns the incidents new to the feed."""
        self.in_flight = False
        fresh = [incident for incident in page.items if incident.arn not in self.by_arn]
        for incident in fresh:
            self.by_arn[incident.arn] = incident
        self.next_token = page.next_token
        self.exhausted = page.next_token is None
        return fresh

    def failed(self, error: SourceError) -> None:
        self.in_flight = False
        self.failure = error

    def recover(self) -> bool:
        """`r`: allow the failed page to be asked again; False if nothing had failed."""
        if self.failure is None:
            return False
        self.failure = None
        return True
