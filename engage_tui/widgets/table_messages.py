"""What the engagements table tells its screen: the cursor moved, a row was chosen, more wanted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from engage_tui.aws.models import Engagement

if TYPE_CHECKING:
    from engage_tui.widgets.engagements_table import EngagementsTable


@dataclass
class CursorMoved(Message, namespace="engagements_table"):
    """The cursor is on a different engagement (None when there are no rows)."""

    table: EngagementsTable
    engagement: Engagement | None
    index: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, CursorMoved) and message.table is self.table


@dataclass
class Selected(Message, namespace="engagements_table"):
    """The user chose the engagement under the cursor (enter, or a click on it)."""

    table: EngagementsTable
    engagement: Engagement


@dataclass
class MoreWanted(Message, namespace="engagements_table"):
    """The user is within `prefetch` rows of the last of `loaded` rows: fetch the next page."""

    table: EngagementsTable
    loaded: int
