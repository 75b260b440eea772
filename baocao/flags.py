"""Every flag a value can carry, in one place: slug -> meaning.

Number-reading flags live with the number reader (normalize.numbers.FLAGS); the
others are described here. The README's flag list is printed from this dict.
"""

from __future__ import annotations

from normalize import match
from normalize.checks import CHECK_FLAGS
from normalize.inline import FLAGS as INLINE_FLAGS
from normalize.numbers import FLAGS as NUMBER_FLAGS

LABEL_FLAGS = {
    match.FLAG_UNMATCHED: "no indicator is near the row label: indicator_id left empty",
    match.FLAG_LOW_SCORE: "best indicator scored below the threshold: indicator_id left empty, candidates kept",
    match.FLAG_AMBIGUOUS: "two indicators fit and context cannot separate them: indicator_id left empty",
    match.FLAG_BY_CONTEXT: "the label alone fits several indicators; the parent row / section chose one",
    match.FLAG_OCR_FUZZY: "matched only after OCR-style repairs or without diacritics",
}

TABLE_FLAGS = {
    "label_in_code_column": "the row lost its first tab: its label was read from the STT column",
    "sub_label_column": "a breakdown label sat in its own column; the row's values were read one column right",
    "row_continued": "the row's text continued on the next line or page and was joined",
    "parent_from_schema": "the printed layout put the row under another row; the canonical parent row in the "
                          "same table was taken instead",
    "period_unknown": "no period could be read for this value's column or row",
}

READER_FLAGS = {
    "legacy_encoding": "the text was typed in TCVN3 (ABC) or VNI and converted to Unicode: a label letter may be "
                       "mis-decoded (digits never change)",
}

ALL_FLAGS: dict[str, str] = {**NUMBER_FLAGS, **LABEL_FLAGS, **TABLE_FLAGS, **CHECK_FLAGS, **INLINE_FLAGS,
                             **READER_FLAGS}


def markdown() -> str:
    lines = ["| flag | meaning |", "|---|---|"]
    lines += [f"| `{k}` | {v} |" for k, v in ALL_FLAGS.items()]
    return "\n".join(lines)
