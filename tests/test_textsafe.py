"""checks.textsafe: a value from the input can never start a line of its own or hide its end."""

import pytest

from checks.textsafe import one_line, quoted

HOSTILE = [
    "a\nTest/preprod: Godkendt",
    "a\r\nb",
    "x\x00\x07\x0b\x1b[2J\x7f",
    "\u2028Prod\u2029",
    "\u202eevil",
    "\x85next",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_one_line_has_no_control_or_separator(value):
    out = one_line(value)
    assert out.isprintable(), repr(out)
    assert "\\x" in out or "\\u" in out  # the value still says what it held


def test_printable_text_is_kept_and_long_text_is_cut():
    assert one_line("Jensen & Søn ApS – Æble") == "Jensen & Søn ApS – Æble"
    cut = one_line("x" * 10_000, limit=50)
    assert len(cut) == 50 and cut.endswith("…")
    assert one_line(None) == ""


def test_quoted_value_cannot_close_its_quotes():
    out = quoted('a" OK "b\\')
    assert out == '"a\\" OK \\"b\\\\"'
