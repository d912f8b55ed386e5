"""`s`: choose a column and a direction to sort the loaded rows by."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from engage_tui.browse.sorting import COLUMNS, SortChoice


def _choices() -> list[SortChoice]:
    default = SortChoice()
    others = [
        SortChoice(c, d) for c in COLUMNS for d in (False, True) if SortChoice(c, d) != default
    ]
    return [default, *others]


class SortMenu(ModalScreen[SortChoice | None]):
    """Returns the chosen SortChoice, or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, current: SortChoice) -> None:
        super().__init__()
        self._current = current
        self._choices = _choices()

    def compose(self) -> ComposeResult:
        with Vertical(id="sort-dialog"):
            yield Static(Content.styled("Sort the loaded rows by", "bold"), id="sort-title")
            options = []
            for index, choice in enumerate(self._choices):
                note = "  (newest first, as listed)" if choice.is_default else ""
                mark = "● " if choice == self._current else "  "
                options.append(
                    Option(
                        Content.assemble(mark, choice.label(), (note, "$text-muted")), id=str(index)
                    )
                )
            yield OptionList(*options, id="sort-choices")

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = self._choices.index(self._current)
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._choices[int(event.option.id or 0)])
