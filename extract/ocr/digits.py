"""Which OCR words and cells deserve a second look as digits or Roman numerals.

Pure text tests on what tesseract read; nothing here repairs a value. The number
parser (normalize/numbers.py) repairs O/0, l/1, S/5, B/8 inside numeric cells and
flags them; `parser_repairs` is that same rule (schemas/tokens.py, shared by readers
and normalizers), so the OCR reader spends no second tesseract call on a cell the
parser will repair anyway.
"""

from __future__ import annotations

import re

import regex

from schemas.tokens import NUMERIC_CHARS, ROMAN_NUMERAL, ocr_digit_cell

from ..pdf.aligned import is_number

# a cell that should be a number but is not: digits or look-alikes with stray marks, no real word
NUMBERISH = re.compile(NUMERIC_CHARS)
LOOKALIKE_CELL = re.compile(r"^[\dOoIlSBØøDQ|.,%()/+\-\s'`’:;!_~]+$")
LOOKALIKE_LETTERS = set("OoIlSBØøDQZzgqG")  # letters OCR reads in place of digits
LETTER_CODE = re.compile(r"^[A-Za-z]\d{1,3}$")
ROMANISH = re.compile(r"^([IVXLCỊÌÍĨỈHTl1|]{1,6})[-.–]$")  # a section number as OCR may misread it
ROMAN = re.compile(ROMAN_NUMERAL)


def needs_second_look(text: str) -> bool:
    """Empty, or digits mixed with stray marks or letters the number parser does not
    repair ("Ø1", "3.21|", "S7") and no real word: "640 lượt" and "Đạt" are kept as
    printed, and "S12" or "l.829" are left to normalize/numbers, which repairs and
    flags them."""
    t = text.strip()
    if not t:
        return True
    if is_number(t) or NUMBERISH.match(t) or parser_repairs(t):
        return False  # a number, or one normalize/numbers repairs (and flags): "S12", "l.829"
    words = regex.findall(r"[^\W\d_]{2,}", t)
    if any(set(w) - LOOKALIKE_LETTERS for w in words):
        return False
    return any(ch.isdigit() for ch in t) or bool(LOOKALIKE_CELL.match(t))


def holds_word(text: str) -> bool:
    """Does the cell hold a real word (two letters or more, not all digit look-alikes)? "Đạt",
    "lượt" do; "§I", "Ø1", "l5" do not."""
    return any(set(w) - LOOKALIKE_LETTERS for w in regex.findall(r"[^\W\d_]{2,}", text))


def parser_repairs(t: str) -> bool:
    """Does normalize/numbers read this cell as a number with look-alikes repaired?"""
    return ocr_digit_cell(t)


def garbled_roman(text: str) -> bool:
    """A section number ("VII-", "III.") misread as no Roman numeral ("VỊI-", "VHII-").
    (Valid ones are kept: read again, "III-" came back as "II-" as often as the reverse.)"""
    m = ROMANISH.match(text.strip())
    return bool(m) and any(ch in "IVX" for ch in m.group(1)) and not ROMAN.match(m.group(1))


def reads_as_roman(text: str) -> bool:
    m = ROMANISH.match(text)
    return bool(m) and bool(ROMAN.match(m.group(1)))


def reads_as_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and bool(is_number(text) or NUMBERISH.match(text))


def garbled_number(text: str) -> bool:
    """Digits with letters or marks mixed in, and no real word: a number OCR got wrong."""
    t = text.strip()
    if not any(ch.isdigit() for ch in t) or is_number(t) or NUMBERISH.match(t):
        return False
    if any(set(w) - LOOKALIKE_LETTERS for w in regex.findall(r"[^\W\d_]{2,}", t)):
        return False
    if LETTER_CODE.match(t):
        return False  # "B1", "x2": a code or a footnote, as printed
    # a stray letter or mark or two among the digits ("ả.4.", "2:1:", "Ø1")
    odd = [ch for ch in t if not (ch.isdigit() or ch in ".,%()/+-")]
    return 0 < len(odd) <= max(1, len(t) // 3)
