"""The OCR reader's copy of the number parser's look-alike repair rule agrees with the parser.

extract/ never imports normalize/, so extract/ocr/digits.py states the rule once for the
reader (to skip a second tesseract call on cells the parser repairs anyway); this pins the
two together."""

from __future__ import annotations

import pytest

from extract.ocr.digits import garbled_number, needs_second_look, parser_repairs
from normalize.numbers import parse_number

CELLS = ["S12", "l.829", "1O0", "4O", "B1", "S7", "12,5%", "O,5", "lO", "3.21|", "Ø1", "640 lượt", "Đạt", "98,96%",
         "1.840", "IS", "0", "O", "5B", "8.I2I"]


@pytest.mark.parametrize("cell", CELLS)
def test_reader_rule_matches_the_parser(cell):
    """With look-alike letters in the cell, the reader expects a repair exactly when the parser
    makes one; without any, parser_repairs only says 'a number shape' (the parser reads it as is)."""
    parsed = parse_number(cell)
    if any(ch in "OolISB" for ch in cell):
        assert parser_repairs(cell) == ("ocr_digit_repaired" in parsed.flags), (cell, parsed)
    else:
        assert "ocr_digit_repaired" not in parsed.flags


def test_second_look_choices():
    assert needs_second_look("") and needs_second_look("Ø1") and needs_second_look("3.21|")
    assert not needs_second_look("S12") and not needs_second_look("640 lượt") and not needs_second_look("98,96%")
    assert garbled_number("ả.4.") and not garbled_number("B1") and not garbled_number("12")
