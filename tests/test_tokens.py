"""Shared token shapes (schemas/tokens.py) used by the readers and the normalizers alike."""

import regex

from schemas import tokens
from normalize.numbers import parse_number


def test_ocr_digit_cell_is_the_number_readers_repair_rule():
    for cell in ("S12", "l.829", "9O%", "1O.5OO"):
        assert tokens.ocr_digit_cell(cell), cell
        assert "ocr_digit_repaired" in parse_number(cell).flags, cell
    for cell in ("S7", "B1", "SO", "Đạt", "12a"):
        assert not tokens.ocr_digit_cell(cell), cell
        assert "ocr_digit_repaired" not in parse_number(cell).flags, cell
    assert tokens.ocr_digit_cell("125")  # a plain number needs no repair but is a number


def test_row_codes_and_numerals():
    code = regex.compile(tokens.ROW_CODE)
    assert all(code.match(c) for c in ("1", "3.", "3.1.1.", "IV.", "a)", "-", "+"))
    assert not any(code.match(c) for c in ("1.234.567", "Tổng", "a.", "100"))
    pdf = regex.compile(tokens.ROW_CODE_PDF)
    assert pdf.match("a.") and pdf.match("100") and not pdf.match("Tổng")
    roman = regex.compile(tokens.ROMAN_NUMERAL)
    assert all(roman.match(r) for r in ("I", "IV", "XIV", "XC"))
    assert not any(roman.match(r) for r in ("IIII", "VX", "IL", ""))


def test_page_numbers():
    margin = regex.compile(tokens.PAGE_NUMBER, regex.I)
    assert all(margin.match(t) for t in ("12", "- 3 -", "Trang 2", "ii", "3/10", "Page 4 of 9"))
    assert not margin.match("12 hồ sơ")
    prose = regex.compile(tokens.PAGE_NUMBER_PROSE)
    assert prose.match("- 3 -") and not prose.match("Trang 2")


def test_number_shapes():
    grouped = regex.compile(rf"^(?:{tokens.NUMBER_GROUPED})$")
    assert all(grouped.match(t) for t in ("61.294", "1,234.5", "98,96", "7"))
    cell = regex.compile(tokens.NUMBER_CELL)
    assert cell.match("(12,5%)") and cell.match("−3") and not cell.match("12 hồ sơ")
