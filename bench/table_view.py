"""The engagements table as pyte's screen shows it, found from the screen alone."""

from __future__ import annotations

import pyte


class TableView:
    """The engagements table as the screen shows it: header line, body lines, cursor, marker.

    Found from the screen alone: the header is the line titled Start…Duration…Contact; the body
    runs down to the box's bottom border; the cursor is the one body line whose background
    differs from the others (its colour comes from the theme, so it is not hard-coded).
    """

    def __init__(self, screen: pyte.Screen, header: int, left: int, right: int, bottom: int):
        self.screen = screen
        self.header = header
        self.left = left  # first column of the table's text (the S of Start)
        self.right = right
        self.bottom = bottom  # last body line

    @classmethod
    def find(cls, screen: pyte.Screen) -> TableView | None:
        for y in range(screen.lines):
            text = column_text(screen, y)
            left = text.find("Start")
            if left >= 0 and "Duration" in text and "Contact" in text:
                right = text.find("│", left)
                # Leave out the 2-column scrollbar: its thumb moves as rows are appended.
                right = (len(text) if right < 0 else right) - 2
                # The body runs down while the table's left border (`│`, then a pad) goes on.
                border = left - 2
                bottom = y + 1
                while bottom < screen.lines and screen.buffer[bottom][border].data == "│":
                    bottom += 1
                return cls(screen, y, left, right, bottom - 1)
        return None

    def still_there(self) -> bool:
        """The header is where it was found (the layout has not changed)."""
        row = self.screen.buffer[self.header]
        return "".join(row[x].data for x in range(self.left, self.left + 5)) == "Start"

    def body(self) -> list[str]:
        """The body lines' text between the table's borders."""
        return [self.line(i) for i in range(self.bottom - self.header)]

    def cursor(self) -> int | None:
        """Index into body() of the cursor line, or None when no line stands out."""
        buffer = self.screen.buffer
        backgrounds = [buffer[y][self.left].bg for y in range(self.header + 1, self.bottom + 1)]
        if not backgrounds:
            return None
        common = max(set(backgrounds), key=backgrounds.count)
        odd = [i for i, bg in enumerate(backgrounds) if bg != common]
        return odd[0] if len(odd) == 1 else None

    def signature(self) -> tuple[int | None, tuple[str | None, str | None, str | None]]:
        """What a cursor move changes: the cursor's line index, and the text of the lines
        above, at and below it (None where there is no such line)."""
        at = self.cursor()
        if at is None:
            return None, (None, None, None)
        last = self.bottom - self.header - 1
        above = self.line(at - 1) if at > 0 else None
        below = self.line(at + 1) if at < last else None
        return at, (above, self.line(at), below)

    def line(self, index: int) -> str:
        """The text of body line `index`."""
        row = self.screen.buffer[self.header + 1 + index]
        return "".join(row[x].data for x in range(self.left, self.right))

    def marker_below_cursor(self, word: str) -> bool:
        """The tail marker containing `word` is in view with the cursor right above it (or no
        row at all): the user has reached the end of what is loaded."""
        body = self.body()
        marker = next((i for i, text in enumerate(body) if word in text), None)
        if marker is None:
            return False
        at = self.cursor()
        return at is None or at == marker - 1


def column_text(screen: pyte.Screen, y: int) -> str:
    """Line `y` with exactly one character per column (NUL for the right half of a wide
    character), so that string indices are screen columns."""
    row = screen.buffer[y]
    return "".join(row[x].data[:1] or "\0" for x in range(screen.columns))
