"""Number forms of real documents that a plain cell reader takes for several numbers or for words.

Called from normalize/numbers.py; every rule here only rewrites or classifies text, the
separator decisions stay in numbers.py. Each rule that chose a reading names its flag:

* ``thousands_space``: "2 415", "2\u00a0415", "12 345,6": a space (or no-break space) between
  groups of exactly three digits groups thousands. Not under a percent (the reading would be
  >= 1000 %).
* ``separator_spaced``: "97, 35%", "38. 904": OCR and PDF text put a space after the mark. A
  "." is always joined; a "," only when a "%" follows or the column writes decimal commas
  ("18, 25" among "17,84"): elsewhere "18, 25" may be a list and stays two numbers.
* ``bracketed``: "(1.845/2.210)", a ratio printed in brackets beside its percent.
* ``read_from_phrase``: "chiếm tỷ lệ 98,2%", "81.4%/tổng hồ sơ tiếp nhận": a percent whose
  words only say what it is (schemas/number_forms.csv ``phrase_before`` / ``phrase_total``).
* ``score_of_max`` / ``rank_of_total``: "8,72/9,0", "83,1/100" (a part written with decimals
  cannot be a count or a rank), or any "a/b" when the unit or the caller says score or rank
  (``number_forms.csv`` ``score_unit`` / ``rank_unit``, or ``parse_number(reading=...)``):
  value a, numerator a, denominator b, no percent derived.
* ``part_of_total``: "512,408/730,115 triệu đồng": an amount out of a total amount.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from schemas.tokens import NUMBER_DIGITS
from schemas.load import alternation, rows

__all__ = [
    "BRACKETED", "MIXED_CONVENTION", "OVER_MAXIMUM", "PART_OF_TOTAL", "RANK_OF_TOTAL", "READINGS",
    "READ_FROM_PHRASE", "SCORE_OF_MAX", "SEPARATOR_SPACED", "THOUSANDS_SPACE",
    "convention_flags", "header_maximum", "part_flags", "part_name", "phrase_figure", "respace", "unbracket", "unit_reading",
]

THOUSANDS_SPACE = "thousands_space"
SEPARATOR_SPACED = "separator_spaced"
BRACKETED = "bracketed"
READ_FROM_PHRASE = "read_from_phrase"
SCORE_OF_MAX = "score_of_max"
RANK_OF_TOTAL = "rank_of_total"
OVER_MAXIMUM = "over_maximum"
PART_OF_TOTAL = "part_of_total"
MIXED_CONVENTION = "mixed_convention"

READINGS = ("score", "rank")  # what a caller may say a cell is (parse_number(reading=...))

_NUM = NUMBER_DIGITS
_SPACE_GROUPS_RE = re.compile(r"^([+\-−]?[0-9]{1,3}(?: [0-9]{3})+)((?:,[0-9]+)?)(?![0-9.,]|\s*[0-9])(.*)$")
_SPACED_MARK_RE = re.compile(r"^([+\-−]?[0-9]+)([.,]) ([0-9]+)(?![0-9.,])(\s*%?)([^0-9]*)$")
_BRACKETED_RATIO_RE = re.compile(rf"^\(\s*({_NUM}\s*/\s*{_NUM})\s*\)$")


def _words(kind: str) -> tuple[str, ...]:
    return tuple(r["word"] for r in rows("number_forms.csv", required=("kind", "word")) if r["kind"] == kind)


def respace(s: str, *, percent: bool, comma_column: bool) -> tuple[str, tuple[str, ...]]:
    """Join one number the page split with spaces; (s, ()) when no rule applies.

    `percent`: the row's unit is "%"; `comma_column`: the column's other values write
    decimal commas and no decimal dots or plain integers."""
    m = _SPACE_GROUPS_RE.match(s)
    if m and not percent and not m.group(3).lstrip().startswith("%"):
        flags = (THOUSANDS_SPACE,)
        return m.group(1).replace(" ", "") + m.group(2) + m.group(3), flags
    m = _SPACED_MARK_RE.match(s)
    if m and (m.group(2) == "." or "%" in m.group(4) or percent or comma_column):
        flags = (SEPARATOR_SPACED,)
        return "".join(m.group(1, 2, 3, 4, 5)), flags
    return s, ()


def unbracket(s: str) -> tuple[str, tuple[str, ...]]:
    """'(1.845/2.210)' -> '1.845/2.210'; (s, ()) for anything else (a bracketed single number
    may be an accounting negative, so it is left alone)."""
    m = _BRACKETED_RATIO_RE.match(s)
    flags = (BRACKETED,) if m else ()
    return (m.group(1) if m else s), flags


@lru_cache(maxsize=1)
def _phrase_re() -> re.Pattern[str]:
    before = alternation(_words("phrase_before"), escape=True)
    total = alternation(_words("phrase_total"), escape=True)
    return re.compile(
        rf"^(?:(?P<lead>{before})(?!\w)\s*(?::|là\s)?\s*)?(?P<f>[+\-−]?{_NUM}\s*%)"
        rf"(?:\s*(?P<total>{total})\s*[^\W\d_][^\d;:()]*?)?\s*[.;]?$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def _rank_phrase_re() -> re.Pattern[str]:
    before = alternation(_words("rank_before"), escape=True)
    return re.compile(rf"^(?:{before})(?!\w)\s*:?\s*(?P<f>{_NUM}\s*/\s*{_NUM}(?:\s+[^\W\d_][^\d;:()]*?)?)\s*[.;]?$",
                      re.IGNORECASE)


def phrase_figure(s: str) -> tuple[str | None, tuple[str, ...], str]:
    """The figure of a short phrase that only says what it is, its flag and the kind it must read
    as: a percent ("chiếm tỷ lệ 98,2%") or a rank ("xếp thứ 62/63 tỉnh"); (None, (), "") if none."""
    m = _rank_phrase_re().match(s)
    if m and len(re.findall(r"[^\W\d_]+", m["f"])) <= 4:
        flags = (READ_FROM_PHRASE,)
        return m["f"], flags, "rank"
    m = _phrase_re().match(s)
    if not m or not (m["lead"] or m["total"]):
        return None, (), ""
    if len(re.findall(r"[^\W\d_]+", s[m.end("f"):])) > 8:  # a clause, not the name of a total
        return None, (), ""
    flags = (READ_FROM_PHRASE,)
    return m["f"], flags, "percent"


@lru_cache(maxsize=1)
def _unit_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((kind, re.compile(rf"^(?:{alternation(_words(f'{kind}_unit'), escape=True)})$", re.IGNORECASE))
                 for kind in READINGS)


@lru_cache(maxsize=4096)  # pure; asked for every header and unit cell
def unit_reading(unit: str | None) -> str | None:
    """'score' or 'rank' when the row's unit cell or a column header says so, else None.
    A header of group headers joined with ' - ' ("PAR Index - Điểm số") is read by its last part."""
    if not unit:
        return None
    for part in dict.fromkeys((unit, unit.rsplit(" - ", 1)[-1])):
        u = re.sub(r"[\s:()]+", " ", unicodedata.normalize("NFC", part)).strip().casefold()
        for kind, rx in _unit_res():
            if rx.match(u):
                return kind
    return None


def part_name(kind: str) -> str:
    """The unit reported for a score or rank that names none ('điểm', 'hạng')."""
    names = _words(f"{kind}_name")
    return names[0] if names else kind


def part_flags(kind: str, over: bool) -> tuple[str, ...]:
    """The flags of a score, rank or amount reading of 'a/b'; `over`: a above b."""
    if kind == "score":
        flags = (SCORE_OF_MAX,)
    elif kind == "rank":
        flags = (RANK_OF_TOTAL,)
    else:
        flags = (PART_OF_TOTAL,)
    if over and kind in READINGS:
        flags += (OVER_MAXIMUM,)
    return flags


def convention_flags(dot_decimal: bool, comma_decimal: bool, column_commas: int, column_dots: int) -> tuple[str, ...]:
    """A decimal mark the column's other values do not use ("17.84" among "18,25")."""
    mixed = (dot_decimal and column_commas > column_dots) or (comma_decimal and column_dots > column_commas)
    flags = (MIXED_CONVENTION,) if mixed else ()
    return flags


@lru_cache(maxsize=1)
def _maximum_re() -> re.Pattern[str]:
    before = alternation(_words("maximum_before"), escape=True)
    after = alternation(_words("maximum_after"), escape=True)
    n = r"(?P<n>[0-9]+(?:,[0-9]+)?)"
    return re.compile(rf"(?:(?:(?<!\w)(?:{before})\s*:?\s*|/\s*){n}(?:\s*(?:{after})(?!\w))?\s*\)?"
                      rf"|\(\s*{n.replace('<n>', '<m>')}\s*(?:{after})(?!\w)\s*\))\s*$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # pure; asked for every column of every table, the same headers recur
def header_maximum(header: str | None) -> float | None:
    """The maximum a score column's header states at its end ('Điểm số (tối đa 100)', 'Điểm/100',
    'Thang điểm 10', '(100 điểm)'), for ``parse_number(maximum=...)``; None when it states none."""
    h = unicodedata.normalize("NFC", header or "")
    if not re.search(rf"(?<!\w)(?:{alternation(_words('score_unit'), escape=True)})(?!\w)", h, re.IGNORECASE):
        return None  # only a score column states a maximum: "Tháng 6/2024" is a period
    m = _maximum_re().search(h)
    return float((m["n"] or m["m"]).replace(",", ".")) if m else None

