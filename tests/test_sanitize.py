"""Text from AWS is shown on one line, literally: nothing a terminal would act on survives."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage_tui.sanitize import DEFAULT_MAX_LEN, is_arn, safe_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain [bold]markup[/] stays text", "plain [bold]markup[/] stays text"),
        ("\x1b]52;c;aGk=\x07", "␛]52;c;aGk=␇"),  # clipboard write
        ("\x1b[2J\x00", "␛[2J␀"),
        ("\x1f", "␟"),
        ("\x7f", "␡"),
        ("a\tb", "a b"),
        ("one\ntwo\rthree\r\nfour", "one⏎two⏎three⏎⏎four"),
        ("line\u2028para\u2029next\x85end", "line⏎para⏎next⏎end"),
        ("\x80\x9b2J\x9f", "\ufffd\ufffd2J\ufffd"),  # C1, including the one-byte CSI
        ("\xa0no-break", "\xa0no-break"),  # just past C1: printable-ish, kept
        (
            "\u202eevil\u202c \u2066x\u2069 \u200e\u200f\u061c",
            "\ufffdevil\ufffd \ufffdx\ufffd \ufffd\ufffd\ufffd",
        ),
        ("\u202f\u206a", "\u202f\u206a"),  # neighbours of the bidi ranges are left alone
        ("\ud800lone", "\ufffdlone"),
        ("\udfff", "\ufffd"),
        ("日本語 ✓ émoji 🎉", "日本語 ✓ émoji 🎉"),
    ],
)
def test_controls_become_visible_and_the_rest_is_kept(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


def test_text_over_the_limit_ends_in_an_ellipsis_at_exactly_the_limit() -> None:
    assert safe_text("x" * 10, max_len=10) == "x" * 10
    assert safe_text("x" * 11, max_len=10) == "x" * 9 + "…"
    assert len(safe_text("y" * 8192)) == DEFAULT_MAX_LEN == 256
    assert safe_text("y" * 257).endswith("y…")


def test_the_limit_is_applied_before_controls_are_shown() -> None:
    # Control pictures are one character each, so the cap still holds after translation.
    assert safe_text("\x1b" * 20, max_len=5) == "␛␛␛␛…"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(codec=None, max_codepoint=0x20FF)) | st.text())
def test_no_control_or_bidi_character_survives(text: str) -> None:
    shown = safe_text(text, max_len=100)
    assert len(shown) <= 100
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in shown)
    assert not any(ch in "\u061c\u200e\u200f\u2028\u2029" for ch in shown)
    assert not any(0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069 for ch in shown)


def test_only_a_well_formed_arn_up_to_2048_characters_is_one() -> None:
    prefix = "arn:aws:ssm-contacts:us-east-1:111122223333:contact/"
    assert is_arn(prefix + "akuam")
    assert is_arn(prefix + "a" * (2048 - len(prefix))), "exactly the service's limit"
    assert not is_arn(prefix + "a" * (2049 - len(prefix)))
    assert not is_arn(prefix + "akuam\x1b]52;c;aGk=\x07")
    assert not is_arn("akuam")
