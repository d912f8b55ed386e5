"""Make untrusted text (senders, titles, ARNs) safe to show on one terminal line."""

from __future__ import annotations

import re

DEFAULT_MAX_LEN = 256
"""Longest text kept, in characters; a longer one ends in `…`."""

_NEWLINE = "⏎"
_REPLACEMENT = "\ufffd"

# C0 controls become their visible "control picture" (ESC → ␛, NUL → ␀, BEL → ␇); line breaks
# become ⏎ and tabs a space. C1 controls and bidi overrides (which reorder what follows) become �.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE.update({0x7F: "\u2421", 0x09: " ", 0x0A: _NEWLINE, 0x0D: _NEWLINE})
_TABLE.update({0x2028: _NEWLINE, 0x2029: _NEWLINE, 0x85: _NEWLINE})
_TABLE.update({code: _REPLACEMENT for code in range(0x80, 0xA0) if code != 0x85})
_TABLE.update({code: _REPLACEMENT for code in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F))})
_TABLE.update({code: _REPLACEMENT for code in range(0x2066, 0x206A)})
_TABLE.update({code: _REPLACEMENT for code in range(0xD800, 0xE000)})


def safe_text(text: str, max_len: int = DEFAULT_MAX_LEN) -> str:
    """`text` with every control character or escape made visible and its length capped.

    No ESC, NUL, C0/C1 control, bidi override or lone surrogate survives, so nothing in the
    result is interpreted by a terminal. The result is plain text, never markup.
    """
    if len(text) > max_len:
        text = text[: max_len - 1] + "…"
    if text.isprintable():
        return text
    return text.translate(_TABLE)


# arn:partition:service:region:account:resource — printable ASCII only, no spaces or quotes.
_ARN = re.compile(r"arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:[A-Za-z0-9/_.:@+=,-]+", re.ASCII)
_MAX_ARN = 2048


def is_arn(text: str) -> bool:
    """True for a well-formed AWS ARN: safe to copy, to put in a command line or a URL."""
    return len(text) <= _MAX_ARN and _ARN.fullmatch(text) is not None
