"""Read one table cell (or one inline figure) of a Vietnamese report as a typed number.

Vietnamese convention is "." for thousands and "," for decimals ("44.612" = 44612,
"98,96%" = 98.96 %). Real reports mix in the English convention ("98.12%", "12.6 tỷ")
and a plain locale parser then returns a wrong number that looks right. So every
separator decision is taken from context (a "%" sign or unit, a count unit, the
sibling cells summarised in a :class:`ColumnHint`) and every decision that picked
one of two readings leaves a flag.

How a cell is read, in order:

1. Clean: NFC, HTML entities and tags (footnote ``<sup>1</sup>`` dropped with its
   content), markdown ``**``, trailing footnote marks ``*)``, NBSP/zero-width
   characters, collapsed whitespace.
2. Placeholders ("", "-", "–", "x", "…") are ``empty``.
3. A label of a coded unit ("Có" under "Có = 1; Không = 0") becomes its code.
4. OCR digit confusions (O/o->0, l/I->1, S->5, B->8) are repaired only when the
   whole cell is otherwise a number ("O7" only where the unit or column is numeric);
   words are never touched.
5. Number forms of real documents (normalize/number_forms.py): "2 415", "97, 35%",
   "(1.845/2.210)", "chiếm tỷ lệ 98,2%"; scores, ranks and amounts out of a total.
6. Shapes: dates, outline numbers ("6.5.2."), ranges, "p% (a/b)", "a/b",
   "a+b+c", then a single number with an optional qualifier before it
   ("khoảng", "tối thiểu", "hơn"), "%" or a magnitude word (nghìn, triệu, tỷ)
   and a short unit after it. Anything else carrying digits stays ``text``.

Each number token's separators are decided in normalize/separators.py. A table cell is read
with its column's :class:`CellContext` (the row's unit, the column's hint, what the header says
the column holds, the maximum it states: normalize/table_numbers.py), one path for every table.

Confidence is the product of one factor per flag (schemas/flags.csv),
1.0 when no flag is set: e.g. ``decimal_dot`` 0.9, ``summed_parts`` 0.8,
``separator_ambiguous`` 0.7, ``ocr_digit_repaired`` 0.6, ``unparsed_number``
0.3. A clean text cell ("Đạt") has confidence 1.0.

Everything here is a pure function; no I/O.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Iterable

from normalize import number_forms as forms
from normalize.separators import (
    _EV_COMMA,
    _EV_DOT,
    _EV_INTEGER,
    _EV_THOUSANDS,
    _EV_THOUSANDS_COMMA,
    _GROUPED_DOT_RE,
    CellContext,
    ColumnHint,
    _Ctx,
    _read_token,
    _Reading,
)
from schemas.tokens import NUMBER_DIGITS, OCR_DIGIT_LOOKALIKES, ocr_digit_cell
from schemas.load import alternation, cell_words, flag_factor, flags, qualifiers, units

__all__ = [
    "CONFIDENCE_FACTORS",
    "CellContext",
    "ColumnHint",
    "FLAGS",
    "ParsedNumber",
    "column_hint",
    "parse_number",
]

# --------------------------------------------------------------------------- flags

PERCENT_OVER_100 = "percent_over_100"
DERIVED_FROM_RATIO = "derived_from_ratio"
ZERO_DENOMINATOR = "zero_denominator"
SUMMED_PARTS = "summed_parts"
MULTIPLE_NUMBERS = "multiple_numbers"
MULTIPLE_FACTS = "multiple_facts"
NUMBER_IN_TEXT = "number_in_text"
RANGE = "range"
DATE_LIKE = "date_like"
QUALIFIED = "qualified"
DECODED_LABEL = "decoded_label"
OCR_DIGIT_REPAIRED = "ocr_digit_repaired"
UNPARSED_NUMBER = "unparsed_number"

# Meanings and confidence factors are the registry's (schemas/flags.csv, stage "number").
FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags(stage="number").items()}
CONFIDENCE_FACTORS: dict[str, float] = {slug: f.confidence_factor for slug, f in flags(stage="number").items()}

# ------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ParsedNumber:
    raw: str  # input text unchanged
    kind: str  # "number" | "percent" | "ratio" | "score" | "rank" | "text" | "empty"
    value: float | None  # percent as 98.96, not 0.9896; None when there is none
    unit: str | None  # "%" for percents, a unit word from the text, or the unit passed in
    numerator: float | None
    denominator: float | None
    text: str | None  # cleaned text for text cells and cells carrying words; None for pure numbers
    flags: tuple[str, ...]
    confidence: float
    max_value: float | None = None  # a score's maximum (kind "score"): 100 in '83,1/100'
    rank_of: float | None = None  # the number ranked (kind "rank"): 63 in '62/63'


# --------------------------------------------------------------------- vocabulary

# Units whose values are whole counts: a "." before 3 digits can only group thousands.
_UNITS = units()  # schemas/units.csv
_COUNT_UNITS = _UNITS.count
_COUNT_ALT = alternation(_COUNT_UNITS, escape=True)
_COUNT_UNIT_RE = re.compile(rf"^/?\s*(?:{_COUNT_ALT})(?!\w)")  # a unit written after the number
_COUNT_WORD_RE = re.compile(rf"(?<!\w)(?:{_COUNT_ALT})(?!\w)")  # anywhere in a unit cell ("Số hồ sơ")
# Amounts in đồng are whole numbers; with a magnitude word they may carry decimals.
_MONEY_ALT = alternation(_UNITS.currency + _UNITS.currency_cell, escape=True)
_MONEY_RE = re.compile(rf"^(?:{_MONEY_ALT})(?!\w)")
_MAGNITUDES = _UNITS.magnitudes
# "tỷ lệ" (rate) and "tỷ trọng" (share) are not magnitudes.
_MAGNITUDE_RE = re.compile(rf"^({alternation(list(_MAGNITUDES), escape=True)})(?!\w)(?!\s*(?:lệ|trọng)(?!\w))", re.IGNORECASE)
# Bounds and approximations before or after a number (schemas/qualifiers.csv), or a sign "~", "≥".
_QUALIFIER_PREFIX_RE = re.compile(
    rf"^(?:(?:{alternation([q['word'] for q in qualifiers('cell')], escape=True)})(?!\w)\s*|[~≈<>≤≥]=?\s*)+$",
    re.IGNORECASE,
)
_QUALIFIER_SUFFIX_RE = re.compile(
    rf"\s*(?:{alternation([q['word'] for q in qualifiers('cell', 'after')], escape=True)})$", re.IGNORECASE
)
_VERDICT_RE = re.compile(rf"(?<!\w)(?:{alternation(cell_words('verdict'), escape=True)})(?!\w)", re.IGNORECASE)

# Conventional "nothing to report" marks; "…" is a template blank left unfilled.
_PLACEHOLDER_RE = re.compile(r"^(?:[-–—−x×]|[.…]{2,}|…|-/-|n/a)$", re.IGNORECASE)

# ------------------------------------------------------------------------ regexes

_NUM = NUMBER_DIGITS
# A digit glued to a letter ("30c/NQ-CP") is a reference, not a figure; only "đ"/"đồng" may be glued.
_TOKEN_RE = re.compile(rf"(?<![\w.,])([+\-−]?)({_NUM})(?:(?!\w)|(?=(?:đồng|đ)(?!\w)))", re.IGNORECASE)
_RATIO_PCT_RE = re.compile(rf"^(?P<p>{_NUM})\s*(?P<pct>%)?\s*\(\s*(?P<a>{_NUM})\s*/\s*(?P<b>{_NUM})\s*\)$")
_RATIO_PCT_REV_RE = re.compile(rf"^(?P<a>{_NUM})\s*/\s*(?P<b>{_NUM})\s*\(\s*(?P<p>{_NUM})\s*(?P<pct>%)?\s*\)$")
_RATIO_RE = re.compile(rf"^(?P<a>{_NUM})\s*/\s*(?P<b>{_NUM})(?:\s+(?P<suffix>[^0-9]+))?$")
_SUM_RE = re.compile(rf"^{_NUM}(?:\s*\+\s*{_NUM})+$")
_RANGE_RE = re.compile(
    rf"^(?:từ\s+)?{_NUM}\s*%?\s*(?:[-–—]|đến)\s*{_NUM}\s*%?(?:\s+[^0-9]*)?$", re.IGNORECASE
)
_DATE_RE = re.compile(r"^(?:[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|(?:0?[1-9]|1[0-2])/(?:19|20)[0-9]{2})$")
_OUTLINE_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)+\.$")
_CODE_PAIR_RE = re.compile(r"([^\W\d_][^=;,()\d]*?)\s*=\s*([0-9]+)")

_OCR_MAP = str.maketrans(OCR_DIGIT_LOOKALIKES)
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%"})

# ------------------------------------------------------------------------ cleaning


_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_EXPONENT_RE = re.compile(r"(?<=m)<sup>\s*([23])\s*</sup>")
_FOOTNOTE_SUP_RE = re.compile(r"<sup>\s*[0-9*†‡()\[\]]{1,4}\s*</sup>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[a-zA-Z][^>]*>")
_INVISIBLE = str.maketrans(dict.fromkeys("\u200b\u200c\u200d\ufeff\u00ad"))
_FOOTNOTE_MARK_RE = re.compile(r"\s*(?:\(\*+\)|\*+\)?)$")


def _clean(text: str) -> str:
    """Strip markup and invisible characters so only what a reader sees is left."""
    # Each rule runs only where its character is present: most cells are plain figures.
    s = unicodedata.normalize("NFC", text).translate(_FULLWIDTH)
    if "&" in s:
        s = _ENTITY_RE.sub(lambda m: html.unescape(m.group(0)), s)
    if "<" in s:
        # Area/volume exponents are part of the unit, not footnotes.
        s = _EXPONENT_RE.sub(lambda m: "²" if m.group(1) == "2" else "³", s)
        # A footnote reference would otherwise glue its number onto the value ("1.379<sup>2</sup>").
        s = _FOOTNOTE_SUP_RE.sub("", s)
        s = _TAG_RE.sub("", s)  # tags only: a bare "<" may be a qualifier ("< 5%")
    s = s.replace("**", "").translate(_INVISIBLE)
    s = " ".join(s.split())  # str.split and re's \s both split on str.isspace() characters
    if "*" in s:
        # Footnote marks after a figure: "98.98%*)", "12.6 tỷ đồng*)", "319 hồ sơ(*)".
        s = _FOOTNOTE_MARK_RE.sub("", s)
        if len(s) > 2 and s.startswith("*") and s.endswith("*"):
            s = s[1:-1].strip()
    return s


# ---------------------------------------------------------------------- unit cell


@dataclass(frozen=True)
class _UnitInfo:
    given: str | None
    percent: bool = False
    count: bool = False  # values are whole numbers
    multiplier: int = 1
    scaled_unit: str | None = None  # unit to report once the multiplier is applied
    codes: tuple[tuple[str, int], ...] = ()
    reading: str | None = None  # "score" | "rank": the caller or the unit says what an 'a/b' is
    maximum: Decimal | None = None  # a score column's maximum (from its header)


def _read_unit(unit: str | None) -> _UnitInfo:
    if unit is None:
        return _UnitInfo(None)
    reading = forms.unit_reading(unit)  # "Điểm", "Thứ hạng": an 'a/b' under it is a score or a rank
    if reading:
        return _UnitInfo(unit, reading=reading)
    u = _clean(unit).casefold()
    if not u:
        return _UnitInfo(unit)
    if "%" in u:
        return _UnitInfo(unit, percent=True)
    codes = tuple((label.strip().casefold(), int(code)) for label, code in _CODE_PAIR_RE.findall(u))
    if codes:
        return _UnitInfo(unit, count=True, codes=codes)
    mag = _MAGNITUDE_RE.match(u)
    if mag:
        rest = u[mag.end():].strip()
        scaled = "đồng" if _MONEY_RE.match(rest) or not rest else rest
        return _UnitInfo(unit, multiplier=_MAGNITUDES[mag.group(1).casefold()], scaled_unit=scaled)
    return _UnitInfo(unit, count=bool(_COUNT_WORD_RE.search(u) or _MONEY_RE.match(u)))


# ------------------------------------------------------------------ cell assembly


@dataclass
class _Out:
    kind: str
    value: Decimal | None = None
    unit: str | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str | None = None
    flags: tuple[str, ...] = ()
    evidence: frozenset[str] = frozenset()


def _text(s: str, *flags: str) -> _Out:
    return _Out("text", text=s, flags=flags)


def _merge(readings: Iterable[_Reading]) -> tuple[tuple[str, ...], frozenset[str]]:
    flags: list[str] = []
    evidence: set[str] = set()
    for r in readings:
        flags.extend(f for f in r.flags if f not in flags)
        evidence |= r.evidence
    return tuple(flags), frozenset(evidence)


@lru_cache(maxsize=65_536, typed=True)
def _parse(text: str, unit: str | None, hint: ColumnHint | None, reading: str | None = None,
           maximum: float | None = None) -> tuple[ParsedNumber, frozenset[str]]:
    # Memoised: a pure function of hashable arguments with an immutable result, and the same
    # cells ("0", "100%", "-") and units recur in every table of every report.
    info = _read_unit(unit)
    if reading or maximum is not None:
        info = replace(info, reading=reading or info.reading or "score",
                       maximum=None if maximum is None else Decimal(str(maximum)))
    s = _clean(text)
    out = _parse_clean(s, info, hint)
    if out.unit is None:  # nothing in the cell named a unit: the row's unit applies
        out.unit = unit
    if out.kind in ("percent", "ratio") and out.value is not None and out.value > 100:
        out.flags += (PERCENT_OVER_100,)
    evidence = out.evidence if out.kind in ("number", "percent", "ratio", "score", "rank") else frozenset()
    # Only a whole cell of plain integers says "this column holds counts".
    if _EV_INTEGER in evidence and (out.kind != "number" or evidence != {_EV_INTEGER}):
        evidence = evidence - {_EV_INTEGER}
    flags = tuple(dict.fromkeys(out.flags))
    confidence = 1.0
    for f in flags:
        confidence *= CONFIDENCE_FACTORS.get(f, 1.0)
    result = ParsedNumber(
        raw=text,
        kind=out.kind,
        value=_float(out.value),
        unit=out.unit,
        numerator=_float(out.numerator),
        denominator=_float(out.denominator),
        text=out.text,
        flags=flags,
        confidence=round(confidence, 3),
        max_value=_float(out.denominator) if out.kind == "score" else None,
        rank_of=_float(out.denominator) if out.kind == "rank" else None,
    )
    return result, evidence


def _float(d: Decimal | None) -> float | None:
    if d is None:
        return None
    return 0.0 if d == 0 else float(d)


def _parse_clean(s: str, info: _UnitInfo, hint: ColumnHint | None) -> _Out:
    if not s or _PLACEHOLDER_RE.match(s):
        return _Out("empty")
    if info.codes:
        code = dict(info.codes).get(s.casefold())
        if code is not None:
            return _Out("number", Decimal(code), unit=info.given, text=s, flags=(DECODED_LABEL,))
    h = hint or ColumnHint()
    numeric = info.percent or info.count or info.multiplier > 1 or info.reading is not None or \
        h.decimal_comma + h.decimal_dot + h.thousands_dot + h.integers >= 2
    repaired = _repair_ocr(s, numeric)
    if repaired is not None:
        out = _parse_shapes(repaired, info, hint)
        if out.kind != "text":
            out.flags = (OCR_DIGIT_REPAIRED,) + out.flags
            out.evidence = frozenset()  # a repaired cell is no evidence about the column
            return out
    comma_column = h.decimal_comma > h.integers and not h.decimal_dot
    for rewritten, form_flags in (forms.respace(s, percent=info.percent, comma_column=comma_column),
                                  forms.unbracket(s)):
        out = _parse_shapes(rewritten, info, hint) if form_flags else _Out("text")
        if out.kind != "text":  # the rewritten cell is one number (else the rule did not fit)
            out.flags, out.text = form_flags + out.flags, s if out.text else None
            return out
    out = _parse_shapes(s, info, hint)
    words = set(out.flags) & {NUMBER_IN_TEXT, MULTIPLE_FACTS, MULTIPLE_NUMBERS}
    figure, form_flags, kind = forms.phrase_figure(s) if words else (None, (), "")
    inner = _parse_shapes(figure, replace(info, reading=kind) if kind == "rank" else info, hint) if figure else out
    if figure and inner.kind == kind:
        inner.flags, inner.text, inner.evidence = inner.flags + form_flags, s, frozenset()
        return inner
    return out


def _repair_ocr(s: str, numeric: bool) -> str | None:
    """Letters read in place of digits, only when the whole cell is otherwise a number."""
    # "B1" or "A2" are codes, not numbers (the rule is shared with the OCR reader); "O7"
    # is repaired only where the row's unit or the column's other values are numbers.
    if not any(c in OCR_DIGIT_LOOKALIKES for c in s) or not ocr_digit_cell(s, numeric_context=numeric):
        return None
    return s.translate(_OCR_MAP)


def _parse_shapes(s: str, info: _UnitInfo, hint: ColumnHint | None) -> _Out:
    if _DATE_RE.match(s):
        return _text(s, DATE_LIKE)
    if _OUTLINE_RE.match(s) and not _GROUPED_DOT_RE.match(s[:-1]):
        return _text(s, UNPARSED_NUMBER)  # an outline label such as "6.5.2."
    if _RANGE_RE.match(s):
        return _text(s, RANGE)
    for rx in (_RATIO_PCT_RE, _RATIO_PCT_REV_RE):
        m = rx.match(s)
        if m:
            return _ratio_with_percent(m, hint)
    m = _RATIO_RE.match(s)
    if m:
        out = _bare_ratio(s, m, info, hint)
        if out is not None:
            return out
    if _SUM_RE.match(s):
        return _sum(s, hint)
    tokens = list(_TOKEN_RE.finditer(s))
    if not tokens:
        return _text(s, UNPARSED_NUMBER) if re.search(r"[0-9]", s) else _text(s)
    if len(tokens) > 1:
        return _text(s, MULTIPLE_NUMBERS)
    return _single(s, tokens[0], info, hint)


def _ratio_with_percent(m: re.Match[str], hint: ColumnHint | None) -> _Out:
    p = _read_token("", m["p"], _Ctx(percent=True, hint=hint))
    a = _read_token("", m["a"], _Ctx(count=True, hint=hint))
    b = _read_token("", m["b"], _Ctx(count=True, hint=hint))
    if p.value is None or a.value is None or b.value is None:
        return _text(m.string, UNPARSED_NUMBER)
    flags, evidence = _merge((p, a, b))
    return _Out("ratio", p.value, "%", a.value, b.value, None, flags, evidence)


def _bare_ratio(s: str, m: re.Match[str], info: _UnitInfo, hint: ColumnHint | None) -> _Out | None:
    """'267/526' (counts: percent derived), or a score, rank or amount out of a total."""
    suffix = (m["suffix"] or "").strip()
    if suffix and not _is_unit_like(suffix):
        return None
    mag = _MAGNITUDE_RE.match(suffix)
    money = _MONEY_RE.match(suffix[mag.end():].strip().casefold() if mag else suffix.casefold()) if suffix else \
        _unit_after_inline_magnitude(info) == "đồng"
    kind = forms.unit_reading(suffix) or ("amount" if money else info.reading)
    ctx = _Ctx(count=kind in (None, "rank") or (kind == "amount" and not mag and info.multiplier == 1),
               hint=hint, maximum=info.maximum)
    b = _read_token("", m["b"], ctx)
    if kind == "score" and info.maximum is None and b.value is not None:
        ctx = replace(ctx, maximum=b.value)  # "13,951/15": a thousands reading of a above its maximum b is none
    a = _read_token("", m["a"], ctx)
    if a.value is None or b.value is None:
        return _text(s, UNPARSED_NUMBER)
    flags, evidence = _merge((a, b))
    text = s if suffix else None
    if kind is None and a.value > b.value and re.fullmatch(r"[0-9]+", m["b"]) and re.search(r"[.,]", m["a"]):
        # "85,184/100": 85184 of 100 is no count; read without the count rule, under the maximum b
        a2 = _read_token("", m["a"], _Ctx(hint=hint, maximum=b.value))
        if a2.value is not None and a2.value <= b.value:
            a, (flags, evidence) = a2, _merge((a2, b))
    if kind in (None, "rank") and (a.evidence | b.evidence) & {_EV_COMMA, _EV_DOT}:
        kind = "score"  # counts and ranks are whole: a part written with decimals is a score out of its maximum
    if kind is not None:
        scale = 1 if kind != "amount" else _MAGNITUDES[mag.group(1).casefold()] if mag else info.multiplier
        unit = "đồng" if kind == "amount" else info.given or suffix or forms.part_name(kind)
        flags += forms.part_flags(kind, a.value > b.value)
        return _Out("number" if kind == "amount" else kind, a.value * scale, unit, a.value * scale, b.value * scale,
                    text, flags, evidence)
    if b.value == 0:
        return _Out("ratio", None, "%", a.value, b.value, text, flags + (ZERO_DENOMINATOR,), evidence)
    value = (100 * a.value / b.value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return _Out("ratio", value, "%", a.value, b.value, text, flags + (DERIVED_FROM_RATIO,), evidence)


def _sum(s: str, hint: ColumnHint | None) -> _Out:
    parts = [_read_token("", p.strip(), _Ctx(count=True, hint=hint)) for p in s.split("+")]
    if any(p.value is None for p in parts):
        return _text(s, UNPARSED_NUMBER)
    flags, evidence = _merge(parts)
    total = sum((p.value for p in parts if p.value is not None), Decimal(0))
    return _Out("number", total, None, None, None, None, flags + (SUMMED_PARTS,), evidence)


def _is_unit_like(suffix: str) -> bool:
    """A short run of words (a unit, 'tin, bài', '/tổng hồ sơ'), not a clause."""
    if re.search(r"[0-9;:()\[\].!?=]", suffix) or _VERDICT_RE.search(suffix):
        return False
    if not re.fullmatch(r"/?\s*[^\W\d_][\w\s,/]*", suffix):
        return False
    return len(re.findall(r"[^\W\d_]+", suffix)) <= 4


def _single(s: str, tok: re.Match[str], info: _UnitInfo, hint: ColumnHint | None) -> _Out:
    """A cell with one number: qualifier? number %? magnitude? unit?"""
    flags: list[str] = []
    prefix, rest = s[: tok.start()].strip(), s[tok.end():].strip()
    if prefix:
        if _QUALIFIER_PREFIX_RE.match(prefix):
            flags.append(QUALIFIED)
        elif not (prefix.endswith(":") and _is_unit_like(prefix[:-1].strip())):
            # "Đạt 100%", "Năm 2019", "có 24.326 hồ sơ": the number is part of a statement.
            return _text(s, MULTIPLE_FACTS if _VERDICT_RE.search(s) else NUMBER_IN_TEXT)

    pct = rest.startswith("%")
    if pct:
        rest = rest[1:].strip()
    multiplier = 1
    mag = None if pct else _MAGNITUDE_RE.match(rest)
    if mag:
        multiplier = _MAGNITUDES[mag.group(1).casefold()]
        rest = rest[mag.end():].strip()
    rest = rest.rstrip(".").strip()
    q = _QUALIFIER_SUFFIX_RE.search(rest)
    if q:
        flags.append(QUALIFIED)
        rest = rest[: q.start()].strip()

    suffix_unit: str | None = None
    if rest:
        if _VERDICT_RE.search(rest):
            return _text(s, MULTIPLE_FACTS)
        if not _is_unit_like(rest):
            return _text(s, NUMBER_IN_TEXT)
        suffix_unit = _normalise_money(rest)

    rest_cf = rest.casefold()
    inline_count = bool(rest) and bool(_COUNT_UNIT_RE.match(rest_cf) or _MONEY_RE.match(rest_cf))
    percent = pct or (info.percent and suffix_unit is None and mag is None)
    use_param_scale = not percent and mag is None and suffix_unit is None and info.multiplier > 1
    if percent:
        count = False
    elif mag is not None or use_param_scale:
        count = False  # "1,5 tỷ" may carry decimals
    else:
        count = inline_count or (suffix_unit is None and info.count)

    reading = _read_token(tok.group(1), tok.group(2), _Ctx(percent=percent, count=count, hint=hint,
                                                           maximum=info.maximum))
    if reading.value is None:
        return _text(s, UNPARSED_NUMBER)
    value = reading.value * multiplier
    if use_param_scale:
        value *= info.multiplier
    if info.maximum is not None and value > info.maximum:
        flags.append(forms.OVER_MAXIMUM)

    if percent:
        unit = "%"
    elif suffix_unit is not None:
        unit = suffix_unit
    elif mag is not None:
        unit = _unit_after_inline_magnitude(info)
    elif use_param_scale:
        unit = info.scaled_unit
    else:
        unit = info.given

    carries_words = bool(prefix) or bool(re.search(r"[^\W\d_]", s))
    score = info.maximum is not None and not percent  # a score out of the column's stated maximum
    return _Out(
        "percent" if percent else "score" if score else "number",
        value,
        (unit or forms.part_name("score")) if score else unit,
        numerator=value if score else None,
        denominator=info.maximum if score else None,
        text=s if carries_words else None,
        flags=tuple(flags) + reading.flags,
        evidence=reading.evidence,
    )


def _unit_after_inline_magnitude(info: _UnitInfo) -> str | None:
    """'12,6 tỷ' under a money unit is an amount in đồng; otherwise keep the row's unit."""
    if info.scaled_unit == "đồng" or (info.given and _MONEY_RE.match(_clean(info.given).casefold())):
        return "đồng"
    return info.given


def _normalise_money(unit: str) -> str:
    """'VNĐ', 'đ' -> 'đồng' so that every amount is reported in one unit name."""
    return re.sub(rf"^(?:{_MONEY_ALT})(?!\w)", "đồng", unit, flags=re.IGNORECASE)


# ------------------------------------------------------------------------- public


def parse_number(text: str, *, unit: str | None = None, hint: ColumnHint | None = None,
                 reading: str | None = None, maximum: float | None = None,
                 context: CellContext | None = None) -> ParsedNumber:
    """Read one cell or inline figure. `unit` is the row's unit cell, `hint` summarises sibling cells.
    `context` is the table's word on the cell (normalize/table_numbers.column_context) and supplies
    whichever of the four is not given.

    `reading` ("score" or "rank", see number_forms.READINGS) is what the table says the column
    holds: an 'a/b' is then a score out of a maximum or a rank out of a total, not a ratio of
    counts. `maximum` is a score column's maximum (number_forms.header_maximum of its header):
    a single number is then a score out of it (kind "score", denominator the maximum), a
    thousands reading above it is ruled out ("8.720" is 8.72) and a score above it flagged."""
    if context is not None:
        unit = unit if unit is not None else context.unit
        hint = hint if hint is not None else context.hint
        reading = reading if reading is not None else context.reading
        maximum = maximum if maximum is not None else context.maximum
    if reading is not None and reading not in forms.READINGS:
        raise ValueError(f"reading must be one of {forms.READINGS}, not {reading!r}")
    return _parse(text, unit, hint, reading, maximum)[0]


def column_hint(texts: Iterable[str]) -> ColumnHint:
    """Count, per sibling cell, which separator conventions it shows unambiguously.

    Each cell adds at most 1 to each field; ambiguous cells ("44.612") add nothing.
    Only the cell's own content is used (its '%' sign, a ratio, a unit word in it).
    """
    counts = {_EV_COMMA: 0, _EV_DOT: 0, _EV_THOUSANDS: 0, _EV_INTEGER: 0, _EV_THOUSANDS_COMMA: 0}
    for t in texts:
        if t is None:
            continue
        for ev in _parse(t, None, None)[1]:
            counts[ev] += 1
    return ColumnHint(
        decimal_comma=counts[_EV_COMMA],
        decimal_dot=counts[_EV_DOT],
        thousands_dot=counts[_EV_THOUSANDS],
        integers=counts[_EV_INTEGER],
        thousands_comma=counts[_EV_THOUSANDS_COMMA],
    )


# ------------------------------------------------------------ scores and ranks

FLAG_SCORE_ABOVE_MAX = "score_above_max"
FLAG_RANK_ABOVE_TOTAL = "rank_above_total"
_ABOVE_TOTAL = {"score": FLAG_SCORE_ABOVE_MAX, "rank": FLAG_RANK_ABOVE_TOTAL}  # a/b with a > b, by reading
_OUT_OF_FLAGS = {forms.SCORE_OF_MAX, forms.RANK_OF_TOTAL}


def parse_out_of(text: str, kind: str, *, hint: ColumnHint | None = None) -> tuple[ParsedNumber, float | None]:
    """A score or rank cell: '83,1/100' -> (83.1, max 100); '62/63' -> (rank 62, of 63); '7,37' -> (7.37, None).

    The older form of ``parse_number(text, reading=kind, hint=hint)``, which it calls: the maximum or the
    number ranked is returned beside the value instead of as its denominator, and a part above it is
    flagged ``score_above_max`` / ``rank_above_total``."""
    parsed = parse_number(text, reading=kind, hint=hint)
    out_of = parsed.max_value if parsed.kind == "score" else parsed.rank_of
    if out_of is None:
        return parsed, None
    flags = tuple(_ABOVE_TOTAL[parsed.kind] if f == forms.OVER_MAXIMUM else f
                  for f in parsed.flags if f not in _OUT_OF_FLAGS)
    conf = 1.0
    for f in flags:
        conf *= flag_factor(f)
    return replace(parsed, unit=None, numerator=None, denominator=None, flags=flags,
                   confidence=round(conf, 3)), out_of
