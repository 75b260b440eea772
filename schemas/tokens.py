"""Token shapes that several readers and normalizers must agree on, defined once.

Pattern strings (not compiled objects), so that each module compiles them with its own
engine and flags (``re`` or ``regex``); the few shapes that are a rule rather than a
pattern are functions. Where two users need a different shape on purpose, both
variants are here, named for their use, with the reason.
"""

from __future__ import annotations

import re

__all__ = [
    "NUMBER_DIGITS",
    "NUMBER_GROUPED",
    "NUMBER_CELL",
    "NUMERIC_CHARS",
    "OCR_DIGIT_CELL",
    "OCR_DIGIT_LOOKALIKES",
    "OCR_DIGIT_TWINS",
    "OUTLINE_CODE",
    "PAGE_NUMBER",
    "PAGE_NUMBER_PROSE",
    "ROMAN_NUMERAL",
    "ROMAN_SHORT",
    "ROW_CODE",
    "ROW_CODE_PDF",
    "ocr_digit_cell",
]

# ------------------------------------------------------------------------ numbers

# A run of digits with "." / "," between groups, separators not yet decided ("44.612", "1,234.5").
NUMBER_DIGITS = r"[0-9]+(?:[.,][0-9]+)*"
# A number as prose writes it: grouped thousands with an optional decimal part, or a plain
# number with one decimal mark ("61.294", "1,234.5", "98,96").
NUMBER_GROUPED = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?"
# A whole cell that is one number, maybe signed, bracketed or with "%" ("(12,5%)", "−3").
NUMBER_CELL = r"^[(\[]?[-+\u2212]?\d[\d.,]*\s?%?[)\]]?$"
# A whole cell of digits and the marks that go with numbers ("85,27% (653.763/766.722)", "3+4").
NUMERIC_CHARS = r"^[\d.,%()/+\s-]+$"

# Letters OCR reads in place of digits; repaired only when the whole cell is otherwise a number.
OCR_DIGIT_LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8"}
OCR_DIGIT_CELL = r"^[+\-−]?[0-9OolISB][0-9OolISB.,]*\s*%?$"
_OCR_DIGIT_CELL = re.compile(OCR_DIGIT_CELL)


# The look-alikes that are nearly the digit's own shape: in a numeric column "O7", "l0" are numbers.
OCR_DIGIT_TWINS = "OolI"


def ocr_digit_cell(s: str, *, numeric_context: bool = False) -> bool:
    """Is `s` a number once look-alike letters are read as digits? Only digits, separators and
    O/o/l/I/S/B, and more digits than letters unless a "%" or a separator next to a digit says
    it is a number ("S12", "l.829"; not "S7", "B1", which are codes). With `numeric_context`
    (the row's unit or the column's other cells are numbers) as many O/o/l/I as digits will do
    ("O7", "l0"); S and B still need the stronger evidence, as codes use them ("B1")."""
    if not _OCR_DIGIT_CELL.match(s):
        return False
    digits = sum(c.isdigit() for c in s)
    letters = sum(c in OCR_DIGIT_LOOKALIKES for c in s)
    if numeric_context and digits and digits >= letters and all(c in OCR_DIGIT_TWINS for c in s if c.isalpha()):
        return True
    return digits > 0 and (digits > letters or "%" in s or bool(re.search(r"[0-9][.,]|[.,][0-9]", s)))


# ---------------------------------------------------------------------- row codes

# The outline number of a row: "1", "3.", "3.1.1.", at most four levels of one or two digits.
OUTLINE_CODE = r"\d{1,2}(?:\.\d{1,2}){0,3}\.?"
# A cell of a table's code (STT) column: outline number, roman numeral, "a)", or a bullet.
ROW_CODE = rf"^(?:{OUTLINE_CODE}|[IVX]{{1,5}}\.?|[a-zđ]\)|[-+–•*])$"
# The first chunk of a PDF line that starts a table row. Wider than ROW_CODE (three-digit
# parts, "a.", roman up to C) because it only anchors a row, the table reader decides the code.
ROW_CODE_PDF = r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[a-zđ][.)]|[-+•–])$"

# ------------------------------------------------------------------ roman numerals

# A well-formed roman numeral (I … CCCXCIX), uppercase only.
ROMAN_NUMERAL = r"^(?=[IVXLC])(C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$"
# The numeral of a section heading ("III. KẾT QUẢ"): reports stop well before XX.
ROMAN_SHORT = r"[IVX]{1,4}"

# --------------------------------------------------------------------- page numbers

# A running page number in a page margin: "12", "- 3 -", "Trang 2", "ii", "3/10", "Page 4 of 9".
PAGE_NUMBER = r"^[-–—\s]*(?:trang|page)?\s*(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:/|của|of)\s*\d{1,4})?[-–—\s]*$"
# A page number left in running text (a paragraph that is only "12" or "- 3 -"). Narrower than
# PAGE_NUMBER: a prose line "ii" or "Trang 2" is not dropped without the margin position.
PAGE_NUMBER_PROSE = r"^[-–\s]*\d{1,3}[-–\s]*$"
