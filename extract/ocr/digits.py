"""Which OCR words and cells deserve a second look as digits or Roman numerals.

Pure text tests on what tesseract read; nothing here repairs a value. The number
parser (normalize/numbers.py) repairs O/0, l/1, S/5, B/8 inside numeric cells and
flags them; `parser_repairs` is that same rule (schemas/tokens.py, shared by readers
and normalizers), so the OCR reader spends no second tesseract call on a cell the
parser will repair anyway.
"""

from __future__ import annotations

import re
import unicodedata

import regex

from schemas.load import prose_words
from schemas.tokens import NUMERIC_CHARS, ROMAN_NUMERAL, ocr_digit_cell

from ..pdf.aligned import is_number

# a cell that should be a number but is not: digits or look-alikes with stray marks, no real word
NUMBERISH = re.compile(NUMERIC_CHARS)
LOOKALIKE_CELL = re.compile(r"^[\dOoIlSBØøDQ|.,%()/+\-\s'`’:;!_~]+$")
LOOKALIKE_LETTERS = set("OoIlSBØøDQZzgqG")  # letters OCR reads in place of digits
LETTER_CODE = re.compile(r"^[A-Za-z]\d{1,3}$")
ROMANISH = re.compile(r"^([IVXLCỊÌÍĨỈHTl1|]{1,6})[-.–]$")  # a section number as OCR may misread it
ROMAN = re.compile(ROMAN_NUMERAL)
# the marks Vietnamese letters carry (NFD): grave, acute, circumflex, tilde, breve, hook, horn, dot below
VIETNAMESE_MARKS = set("\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323")


def real_word(word: str) -> bool:
    """Can these letters be a printed word? Not when all are digit look-alikes ("Ø", "l5"), when
    a letter carries a mark Vietnamese never uses ("Tä", "Š": OCR noise on a digit), or when a
    lowercase letter comes before a capital ("kX" for "37"): printed words are lowercase,
    capitalised or all capitals."""
    if not set(word) - LOOKALIKE_LETTERS:
        return False
    if any(unicodedata.combining(ch) and ch not in VIETNAMESE_MARKS for ch in unicodedata.normalize("NFD", word)):
        return False
    return not any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


_WORD = regex.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


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
    if any(real_word(w) for w in _words(t)):
        return False
    return any(ch.isdigit() for ch in t) or bool(LOOKALIKE_CELL.match(t))


def holds_word(text: str) -> bool:
    """Does the cell hold a real word (two letters or more, see `real_word`)? "Đạt", "lượt" do;
    "§I", "Ø1", "l5", "12. Tä, 82" do not."""
    return any(real_word(w) for w in _words(text))


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


# one figure as a table cell prints it: a number, "a/b" or "a/b/c", maybe with a percent in brackets
_ONE_FIGURE = re.compile(r"^\(?\d[\d.,]*%?(?:/\d[\d.,]*%?){0,2}\)?(?:\s?\(\d[\d.,]*%\))?$")


def one_figure(text: str) -> bool:
    """Is the cell one figure ("41,02/80", "12/73/82", "7.158/7.385 (96,9%)"), not pieces of
    one ("41,0, 80", "12. Tä, 82")?"""
    return bool(_ONE_FIGURE.match(text.strip()))


_GLUED = "".join(re.escape(ch) for ch in prose_words("glued_mark"))
_GLUED_LEAD = re.compile(rf"^[{_GLUED}]{{1,2}}\d[\d.,]*%?[.,;:]?$")


def glued_lead(text: str) -> bool:
    """A number with OCR noise stuck before its first digit ("&§8%" for "88%"; the marks of
    schemas/prose_words.csv `glued_mark`): a digit may hide in the noise."""
    return bool(_GLUED_LEAD.match(text.strip()))


def reads_as_number(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and bool(is_number(text) or NUMBERISH.match(text))


def garbled_number(text: str) -> bool:
    """Digits with letters or marks mixed in, and no real word: a number OCR got wrong."""
    t = text.strip()
    if not any(ch.isdigit() for ch in t) or is_number(t) or NUMBERISH.match(t):
        return False
    if any(real_word(w) for w in _words(t)):
        return False
    if LETTER_CODE.match(t):
        return False  # "B1", "x2": a code or a footnote, as printed
    # a stray letter or mark or two among the digits ("ả.4.", "2:1:", "Ø1", "12. Tä, 82"); the
    # spaces OCR put between the parts are not counted
    odd = [ch for ch in t if not (ch.isdigit() or ch.isspace() or ch in ".,%()/+-")]
    return 0 < len(odd) <= max(1, len(t.replace(" ", "")) // 3)


_MARKS = "()-"


def worse_reading(first: str, again: str) -> bool:
    """Is the second reading of a cell the first read as a clean number worse? It holds brackets
    or dashes the first did not (the model for Vietnamese reads those marks well; the digits
    model takes a '0' for "()" and a speck for a minus: "8(),60%", "-82,252%" for "80,60%",
    "82,252%"), or it lost the first's leading digits or its second ("0,811%" for "70,811%",
    "6.263%" for "60.263%": the crop's edge)."""
    if any(again.count(m) > first.count(m) for m in _MARKS):
        return True
    d1, d2 = re.sub(r"\D", "", first), re.sub(r"\D", "", again)
    return bool(d2) and len(d2) < len(d1) and (d1.endswith(d2) or d2 == d1[:1] + d1[2:])


def balanced(text: str) -> str:
    """A closing bracket OCR lost at the end of a cell ("4.790/9.578 (50%") put back."""
    if text.count("(") == text.count(")") + 1 and text.rfind("(") > text.rfind(")"):
        return text + ")"
    return text
