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
   whole cell is otherwise a number; words are never touched.
5. Shapes: dates, outline numbers ("6.5.2."), ranges, "p% (a/b)", "a/b",
   "a+b+c", then a single number with an optional qualifier before it
   ("khoảng", "tối thiểu", "hơn"), "%" or a magnitude word (nghìn, triệu, tỷ)
   and a short unit after it. Anything else carrying digits stays ``text``.

Separator rules for one number token:

* digits only: integer ("05" -> 5).
* "1.234.567" thousands; "1.234,5" VN decimal; "1,234.5" English (``decimal_dot``);
  "98,96" decimal comma; "1,234,567" English thousands (``thousands_comma``).
* a single "." followed by 1, 2 or 4+ digits (or after a leading 0 or 4+ digits)
  is a decimal dot (``decimal_dot``).
* a single "." followed by exactly 3 digits after 1-3 digits is the ambiguous
  case. In order: a percent makes it decimal (the thousands reading would exceed
  100); a count unit (Hồ sơ, lượt, ...), an amount in đồng, a ratio part or a
  summand makes it thousands; then the hint: siblings grouping with "." or plain
  integers (a count column) say thousands, siblings with a decimal dot say
  decimal, and any disagreement (including "98,96" next to "98.12") leaves it
  open. Left open, it is read as thousands by convention and flagged
  ``separator_ambiguous``. The mirror case "44,612" is resolved the same way:
  percent or VN siblings ("98,96", "1.234") say decimal, a count unit, English
  siblings or integers say thousands (``thousands_comma``), default decimal.

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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from schemas.tokens import NUMBER_DIGITS, OCR_DIGIT_LOOKALIKES, ocr_digit_cell
from schemas.load import alternation, cell_words, flags, qualifiers, units

__all__ = [
    "CONFIDENCE_FACTORS",
    "ColumnHint",
    "FLAGS",
    "ParsedNumber",
    "column_hint",
    "parse_number",
]

# --------------------------------------------------------------------------- flags

SEPARATOR_AMBIGUOUS = "separator_ambiguous"
DECIMAL_DOT = "decimal_dot"
THOUSANDS_COMMA = "thousands_comma"
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
NEGATIVE = "negative"
DECODED_LABEL = "decoded_label"
OCR_DIGIT_REPAIRED = "ocr_digit_repaired"
UNPARSED_NUMBER = "unparsed_number"

# Meanings and confidence factors are the registry's (schemas/flags.csv, stage "number").
FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags(stage="number").items()}
CONFIDENCE_FACTORS: dict[str, float] = {slug: f.confidence_factor for slug, f in flags(stage="number").items()}

# ------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ColumnHint:
    """What the other values of the same column/row say about separators."""

    decimal_comma: int = 0  # count of sibling values that unambiguously use ',' as decimal (e.g. '98,96', '1.234,5')
    decimal_dot: int = 0  # count that unambiguously use '.' as decimal (e.g. '97.3%', '12.6')
    thousands_dot: int = 0  # count that unambiguously use '.' as thousands (e.g. '1.234.567', '653.763' inside a ratio)
    integers: int = 0  # count of plain integers


@dataclass(frozen=True)
class ParsedNumber:
    raw: str  # input text unchanged
    kind: str  # "number" | "percent" | "ratio" | "text" | "empty"
    value: float | None  # percent as 98.96, not 0.9896; None when there is none
    unit: str | None  # "%" for percents, a unit word from the text, or the unit passed in
    numerator: float | None
    denominator: float | None
    text: str | None  # cleaned text for text cells and cells carrying words; None for pure numbers
    flags: tuple[str, ...]
    confidence: float


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
_GROUPED_DOT_RE = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
_GROUPED_COMMA_RE = re.compile(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+$")
_VN_MIXED_RE = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+,[0-9]+$")
_EN_MIXED_RE = re.compile(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]+$")
_CODE_PAIR_RE = re.compile(r"([^\W\d_][^=;,()\d]*?)\s*=\s*([0-9]+)")

_OCR_MAP = str.maketrans(OCR_DIGIT_LOOKALIKES)
_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"％": "%"})

# Evidence categories a cell gives to column_hint.
_EV_COMMA, _EV_DOT, _EV_THOUSANDS, _EV_INTEGER = "decimal_comma", "decimal_dot", "thousands_dot", "integers"

# ------------------------------------------------------------------------ cleaning


def _clean(text: str) -> str:
    """Strip markup and invisible characters so only what a reader sees is left."""
    s = unicodedata.normalize("NFC", text).translate(_FULLWIDTH)
    s = re.sub(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);", lambda m: html.unescape(m.group(0)), s)
    # Area/volume exponents are part of the unit, not footnotes.
    s = re.sub(r"(?<=m)<sup>\s*([23])\s*</sup>", lambda m: "²" if m.group(1) == "2" else "³", s)
    # A footnote reference would otherwise glue its number onto the value ("1.379<sup>2</sup>").
    s = re.sub(r"<sup>\s*[0-9*†‡()\[\]]{1,4}\s*</sup>", "", s, flags=re.IGNORECASE)
    s = re.sub(r"</?[a-zA-Z][^>]*>", "", s)  # tags only: a bare "<" may be a qualifier ("< 5%")
    s = s.replace("**", "")
    s = re.sub(r"[\u200b\u200c\u200d\ufeff\u00ad]", "", s)
    s = re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")).strip()
    # Footnote marks after a figure: "98.98%*)", "12.6 tỷ đồng*)", "319 hồ sơ(*)".
    s = re.sub(r"\s*(?:\(\*+\)|\*+\)?)$", "", s)
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


def _read_unit(unit: str | None) -> _UnitInfo:
    if unit is None:
        return _UnitInfo(None)
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


# ------------------------------------------------------------------ token reading


@dataclass(frozen=True)
class _Ctx:
    percent: bool = False
    count: bool = False
    hint: ColumnHint | None = None


@dataclass(frozen=True)
class _Reading:
    value: Decimal | None
    flags: tuple[str, ...] = ()
    evidence: frozenset[str] = frozenset()


def _read_token(sign: str, digits: str, ctx: _Ctx) -> _Reading:
    """One number token: resolve separators from the token shape, then the context."""
    r = _read_unsigned(digits, ctx)
    if r.value is None or sign not in ("-", "−") or r.value == 0:
        return r
    return _Reading(-r.value, r.flags + (NEGATIVE,), r.evidence)


def _read_unsigned(t: str, ctx: _Ctx) -> _Reading:
    has_dot, has_comma = "." in t, "," in t
    if not has_dot and not has_comma:
        return _Reading(Decimal(t), evidence=frozenset({_EV_INTEGER}))
    if has_dot and has_comma:
        if _VN_MIXED_RE.match(t):
            return _Reading(_dec(t, ".", ","), evidence=frozenset({_EV_COMMA, _EV_THOUSANDS}))
        if _EN_MIXED_RE.match(t):
            return _Reading(_dec(t, ",", "."), (DECIMAL_DOT,), frozenset({_EV_DOT}))
        return _Reading(None)
    sep = "." if has_dot else ","
    parts = t.split(sep)
    if len(parts) > 2:
        if has_dot and _GROUPED_DOT_RE.match(t):
            return _Reading(_dec(t, ".", ","), evidence=frozenset({_EV_THOUSANDS}))
        if has_comma and _GROUPED_COMMA_RE.match(t):
            return _Reading(_dec(t, ",", "."), (THOUSANDS_COMMA,))
        return _Reading(None)
    head, tail = parts
    could_be_thousands = len(tail) == 3 and len(head) <= 3 and not head.startswith("0")
    if not could_be_thousands:
        return _decimal_reading(t, sep)
    return _resolve_three_digit_group(t, sep, ctx)


def _decimal_reading(t: str, sep: str) -> _Reading:
    if sep == ",":
        return _Reading(_dec(t, ".", ","), evidence=frozenset({_EV_COMMA}))
    return _Reading(Decimal(t), (DECIMAL_DOT,), frozenset({_EV_DOT}))


def _thousands_reading(t: str, sep: str, *, evidence: bool) -> _Reading:
    value = Decimal(t.replace(sep, ""))
    if sep == ",":
        return _Reading(value, (THOUSANDS_COMMA,))
    return _Reading(value, (), frozenset({_EV_THOUSANDS}) if evidence else frozenset())


def _resolve_three_digit_group(t: str, sep: str, ctx: _Ctx) -> _Reading:
    """'44.612' / '44,612': decimal or thousands? Context first, convention last."""
    if ctx.percent:  # the thousands reading would be >= 1000 %
        return _decimal_reading(t, sep)
    if ctx.count:
        return _thousands_reading(t, sep, evidence=True)
    h = ctx.hint
    if h is not None:
        # Integers in the column mean counts, which favour grouping in both cases.
        if sep == ".":
            for_thousands, for_decimal = h.thousands_dot + h.integers, h.decimal_dot
            # Rows mix "98,96%" and "98.12%": a decimal comma does not make '.' a grouping
            # mark, but it does mean a dot-decimal sibling is not the row's convention.
            if h.decimal_comma and h.decimal_dot:
                for_thousands, for_decimal = 0, 0
        else:
            for_thousands, for_decimal = h.decimal_dot + h.integers, h.decimal_comma + h.thousands_dot
        # Hint-based readings give no evidence back: the hint came from the siblings.
        if for_thousands and not for_decimal:
            return _thousands_reading(t, sep, evidence=False)
        if for_decimal and not for_thousands:
            r = _decimal_reading(t, sep)
            return _Reading(r.value, r.flags)
    # Vietnamese convention: '.' groups thousands, ',' is the decimal mark.
    if sep == ".":
        return _Reading(Decimal(t.replace(".", "")), (SEPARATOR_AMBIGUOUS,))
    return _Reading(_dec(t, ".", ","), (SEPARATOR_AMBIGUOUS,))


def _dec(t: str, thousands: str, decimal: str) -> Decimal:
    return Decimal(t.replace(thousands, "").replace(decimal, "."))


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


def _parse(text: str, unit: str | None, hint: ColumnHint | None) -> tuple[ParsedNumber, frozenset[str]]:
    info = _read_unit(unit)
    s = _clean(text)
    out = _parse_clean(s, info, hint)
    if out.unit is None:  # nothing in the cell named a unit: the row's unit applies
        out.unit = unit
    if out.kind in ("percent", "ratio") and out.value is not None and out.value > 100:
        out.flags += (PERCENT_OVER_100,)
    evidence = out.evidence if out.kind in ("number", "percent", "ratio") else frozenset()
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
    repaired = _repair_ocr(s)
    if repaired is not None:
        out = _parse_shapes(repaired, info, hint)
        if out.kind != "text":
            out.flags = (OCR_DIGIT_REPAIRED,) + out.flags
            out.evidence = frozenset()  # a repaired cell is no evidence about the column
            return out
    return _parse_shapes(s, info, hint)


def _repair_ocr(s: str) -> str | None:
    """Letters read in place of digits, only when the whole cell is otherwise a number."""
    # "B1" or "A2" are codes, not numbers (the rule is shared with the OCR reader).
    if not any(c in OCR_DIGIT_LOOKALIKES for c in s) or not ocr_digit_cell(s):
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
        out = _bare_ratio(s, m, hint)
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


def _bare_ratio(s: str, m: re.Match[str], hint: ColumnHint | None) -> _Out | None:
    suffix = (m["suffix"] or "").strip()
    if suffix and not _is_unit_like(suffix):
        return None
    a = _read_token("", m["a"], _Ctx(count=True, hint=hint))
    b = _read_token("", m["b"], _Ctx(count=True, hint=hint))
    if a.value is None or b.value is None:
        return _text(s, UNPARSED_NUMBER)
    flags, evidence = _merge((a, b))
    text = s if suffix else None
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

    reading = _read_token(tok.group(1), tok.group(2), _Ctx(percent=percent, count=count, hint=hint))
    if reading.value is None:
        return _text(s, UNPARSED_NUMBER)
    value = reading.value * multiplier
    if use_param_scale:
        value *= info.multiplier

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
    return _Out(
        "percent" if percent else "number",
        value,
        unit,
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


def parse_number(text: str, *, unit: str | None = None, hint: ColumnHint | None = None) -> ParsedNumber:
    """Read one cell or inline figure. `unit` is the row's unit cell, `hint` summarises sibling cells."""
    return _parse(text, unit, hint)[0]


def column_hint(texts: Iterable[str]) -> ColumnHint:
    """Count, per sibling cell, which separator conventions it shows unambiguously.

    Each cell adds at most 1 to each field; ambiguous cells ("44.612") add nothing.
    Only the cell's own content is used (its '%' sign, a ratio, a unit word in it).
    """
    counts = {_EV_COMMA: 0, _EV_DOT: 0, _EV_THOUSANDS: 0, _EV_INTEGER: 0}
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
    )


# ------------------------------------------------------------ scores and ranks

FLAG_SCORE_ABOVE_MAX = "score_above_max"
FLAG_RANK_ABOVE_TOTAL = "rank_above_total"
_ABOVE_TOTAL = {"score": FLAG_SCORE_ABOVE_MAX, "rank": FLAG_RANK_ABOVE_TOTAL}  # a/b with a > b, by reading
_OUT_OF_RE = re.compile(rf"^(?P<a>{_NUM})\s*(?P<pct>%)?\s*/\s*(?P<b>{_NUM})\s*(?:điểm|đ)?$", re.IGNORECASE)


def parse_out_of(text: str, kind: str, *, hint: ColumnHint | None = None) -> tuple[ParsedNumber, float | None]:
    """A score or rank cell: '83,1/100' -> (83.1, max 100); '62/63' -> (rank 62, of 63); '7,37' -> (7.37, None).

    `kind` is 'score' or 'rank' (from the column header: 'Điểm số', 'Thứ hạng'). Unlike a count ratio
    ("862/1.266", whose percent is derived), the part before the slash is the value itself and the part
    after it is the maximum score or the number of units ranked. Anything else reads as `parse_number`.
    """
    m = _OUT_OF_RE.match(_clean(text))
    if not m:
        return parse_number(text, hint=hint), None
    a = _read_token("", m["a"], _Ctx(percent=kind == "score", count=kind == "rank", hint=hint))
    b = _read_token("", m["b"], _Ctx(count=True, hint=hint))
    if a.value is None or b.value is None:
        return parse_number(text, hint=hint), None
    flags, _ = _merge((a, b))
    if a.value > b.value:
        flags = flags + (_ABOVE_TOTAL[kind],)
    conf = 1.0 if not flags else 0.7
    parsed = ParsedNumber(raw=text, kind=kind, value=_float(a.value), unit="%" if m["pct"] else None,
                          numerator=None, denominator=None, text=None, flags=flags, confidence=conf)
    return parsed, _float(b.value)
