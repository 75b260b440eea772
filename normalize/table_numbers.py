"""The context a table gives the numbers of one column, for ``parse_number(context=...)``.

The same text reads differently by its column: "62/63" is rank 62 of 63 under 'Xếp hạng', a score
out of 63 under 'Điểm số' and a ratio of counts elsewhere; "13,951" under 'Điểm đạt được (điểm
chuẩn tối đa: 15đ)' cannot be thirteen thousand; "512,408" among "1,234,567" groups thousands and
"17.84" among "18,25" is a decimal the column does not use. What decides is the column: what its
header says it holds (`number_forms.unit_reading`, or the table reader's measure kind), the maximum
its header states (`number_forms.header_maximum`) and its other values (`numbers.column_hint`).
Both table readers (indicator lists and matrix tables) read every cell through this one path;
each rule that chose between readings leaves its flag (score_of_max, rank_of_total,
derived_from_ratio, thousands_comma, mixed_convention, separator_spaced, ...).
On a scan the header's maximum may only be readable through OCR errors, a grade word only
without its diacritics, and a score's or rank's slash may be lost: normalize/ocr_forms.py reads
them back (maximum_ocr_read, cell_word_repaired, slash_restored).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from schemas.load import flag_factor

from . import number_forms as forms
from . import ocr_forms
from .numbers import CellContext, ParsedNumber, column_hint, parse_number

__all__ = ["CellContext", "column_context", "out_of", "read_cell"]


def column_context(header: str, texts: Iterable[str], *, kind: str = "", unit: str | None = None) -> CellContext:
    """The context of a column: `header` its header text (levels joined), `texts` its cells' texts,
    `kind` what the table reader found it holds ('score', 'rank'; '' when it found nothing: the
    header's own words then say), `unit` a unit shared by the whole column."""
    texts = list(texts)
    reading = kind if kind in forms.READINGS else forms.unit_reading(header)
    maximum, flag = forms.header_maximum(header), ""
    if maximum is None:  # a scan's header: the maximum as OCR misread it, where the values say which it is
        maximum = ocr_forms.ocr_header_maximum(header, texts)
        flag = ocr_forms.FLAG_MAXIMUM_OCR_READ if maximum is not None else ""
    return CellContext(unit=unit, hint=column_hint(texts), reading=reading, maximum=maximum, maximum_flag=flag,
                       denominator=ocr_forms.shared_denominator(texts) if reading in forms.READINGS else "")


def read_cell(text: str, context: CellContext | None, *, unit: str | None = None, kind: str = "") -> ParsedNumber:
    """One cell read in its column's context; `unit` is its row's unit cell (it overrides the column's).
    A plain number in a column of scores or ranks (`kind`) is a score or a rank with no maximum."""
    restored = ocr_forms.restored_slash(text, context.denominator, whole=context.reading == "rank") \
        if context is not None else None
    parsed = parse_number(restored or text, unit=unit, context=context)
    if restored:  # a score or rank whose slash a scan lost ('4263' among '62/63', '34/63')
        parsed = _flagged(parsed, ocr_forms.FLAG_SLASH_RESTORED)
    if kind in forms.READINGS and parsed.kind == "number":
        parsed = replace(parsed, kind=kind)
    if parsed.kind == "score" and context is not None and context.maximum_flag and parsed.max_value == context.maximum:
        parsed = _flagged(parsed, context.maximum_flag)  # its maximum is the one read from a garbled header
    if parsed.kind == "text" and parsed.text:
        word = ocr_forms.value_word(parsed.text)  # 'TÓT' on a scan: the grade 'TỐT'
        if word:
            parsed = _flagged(replace(parsed, text=word), ocr_forms.FLAG_CELL_WORD_REPAIRED)
    return parsed


def _flagged(parsed: ParsedNumber, flag: str) -> ParsedNumber:
    return replace(parsed, flags=parsed.flags + (flag,), confidence=round(parsed.confidence * flag_factor(flag), 3))


def out_of(parsed: ParsedNumber) -> tuple[float | None, float | None, float | None, float | None]:
    """(numerator, denominator, max_value, rank_of) of a value record: a score's maximum and a rank's
    number ranked go to max_value / rank_of, not to the ratio columns (no percent is derived from them)."""
    if parsed.kind in forms.READINGS:
        return None, None, parsed.max_value, parsed.rank_of
    return parsed.numerator, parsed.denominator, None, None
