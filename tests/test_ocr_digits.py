"""The OCR reader's copy of the number parser's look-alike repair rule agrees with the parser.

extract/ never imports normalize/, so extract/ocr/digits.py states the rule once for the
reader (to skip a second tesseract call on cells the parser repairs anyway); this pins the
two together."""

from __future__ import annotations

import pytest

from extract.ocr.digits import garbled_number, holds_word, needs_second_look, one_figure, parser_repairs
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


@pytest.mark.parametrize("cell", ["12. Tä, 82", "kX/ 163", "Š 1,79%"])
def test_letters_no_printed_word_has_are_ocr_noise_on_a_number(cell):
    # a mark Vietnamese never uses ('ä', 'Š'), a capital after a lowercase letter ('kX'):
    # the cell is a garbled number the reader looks at again, not a word
    assert not holds_word(cell) and needs_second_look(cell) and garbled_number(cell)


@pytest.mark.parametrize("cell", ["640 lượt", "Đạt", "Tên TTHC", "SIPAS", "Phường Bình Thuận", "Khá"])
def test_printed_words_are_still_words(cell):
    assert holds_word(cell) and not needs_second_look(cell) and not garbled_number(cell)


@pytest.mark.parametrize(("cell", "one"), [
    ("41,02/80", True), ("12/73/82", True), ("7.158/7.385 (96,9%)", True), ("83.0%", True),
    ("41,0, 80", False), ("12. Tä, 82", False), ("4) 0780", False), ("", False),
])
def test_one_figure_tells_a_whole_cell_from_pieces_of_one(cell, one):
    assert one_figure(cell) is one
