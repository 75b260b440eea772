"""Read one number token ("44.612", "1.234,5", "98,96") whose separators are not yet decided.

Called by normalize/numbers.py for every number of a cell; the decision for each token is
taken from its shape, then from the context the cell gives (a percent, a count unit, a
maximum) and the column's other values (:class:`ColumnHint`).

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
* a score column's maximum (from its header) rules out a thousands reading above it.
* a decimal mark the column's other values do not use ("17.84" among "18,25") is read
  by the token's own shape and flagged ``mixed_convention``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from normalize import number_forms as forms

SEPARATOR_AMBIGUOUS = "separator_ambiguous"
DECIMAL_DOT = "decimal_dot"
THOUSANDS_COMMA = "thousands_comma"
NEGATIVE = "negative"

_GROUPED_DOT_RE = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$")
_GROUPED_COMMA_RE = re.compile(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+$")
_VN_MIXED_RE = re.compile(r"^[1-9][0-9]{0,2}(?:\.[0-9]{3})+,[0-9]+$")
_EN_MIXED_RE = re.compile(r"^[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]+$")

# Evidence categories a cell gives to column_hint.
_EV_COMMA, _EV_DOT, _EV_THOUSANDS, _EV_INTEGER = "decimal_comma", "decimal_dot", "thousands_dot", "integers"
_EV_THOUSANDS_COMMA = "thousands_comma"


@dataclass(frozen=True)
class ColumnHint:
    """What the other values of the same column/row say about separators."""

    decimal_comma: int = 0  # count of sibling values that unambiguously use ',' as decimal (e.g. '98,96', '1.234,5')
    decimal_dot: int = 0  # count that unambiguously use '.' as decimal (e.g. '97.3%', '12.6')
    thousands_dot: int = 0  # count that unambiguously use '.' as thousands (e.g. '1.234.567', '653.763' inside a ratio)
    integers: int = 0  # count of plain integers
    thousands_comma: int = 0  # count that unambiguously group thousands with ',' (English, e.g. '1,234,567')


@dataclass(frozen=True)
class CellContext:
    """What a table says about one of its cells, for ``parse_number(context=...)``: the row's unit
    cell, the column's other values (a :class:`ColumnHint`), what the column holds by its header
    ("score" for 'Điểm số', "rank" for 'Xếp hạng'; None when it says nothing) and the maximum its
    header states ('Điểm chuẩn 30', 'tối đa 100'). normalize/table_numbers.py builds one per column."""

    unit: str | None = None
    hint: ColumnHint | None = None
    reading: str | None = None
    maximum: float | None = None
    maximum_flag: str = ""  # the flag a value out of `maximum` carries ('maximum_ocr_read': read through OCR errors)
    denominator: str = ""  # the 'b' every 'a/b' cell of the column shares ('63' for ranks '62/63', '34/63')


# ------------------------------------------------------------------ token reading


@dataclass(frozen=True)
class _Ctx:
    percent: bool = False
    count: bool = False
    hint: ColumnHint | None = None
    maximum: Decimal | None = None  # a thousands reading above it is impossible


@dataclass(frozen=True)
class _Reading:
    value: Decimal | None
    flags: tuple[str, ...] = ()
    evidence: frozenset[str] = frozenset()


def _read_token(sign: str, digits: str, ctx: _Ctx) -> _Reading:
    """One number token: resolve separators from the token shape, then the context."""
    r = _read_unsigned(digits, ctx)
    if ctx.hint:  # "17.84" among "18,25": the cell's shape is read, the disagreement flagged
        mixed = forms.convention_flags(DECIMAL_DOT in r.flags, _EV_COMMA in r.evidence and _EV_THOUSANDS not in
                                       r.evidence, ctx.hint.decimal_comma, ctx.hint.decimal_dot)
        r = _Reading(r.value, r.flags + mixed, r.evidence)
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
            return _Reading(_dec(t, ",", "."), (THOUSANDS_COMMA,), frozenset({_EV_THOUSANDS_COMMA}))
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
    if ctx.percent or (ctx.maximum is not None and Decimal(t.replace(sep, "")) > ctx.maximum):
        return _decimal_reading(t, sep)  # the thousands reading would be >= 1000 % or above the maximum
    if ctx.count:
        return _thousands_reading(t, sep, evidence=True)
    h = ctx.hint
    if h is not None:
        # Integers in the column mean counts, which favour grouping in both cases.
        if sep == ".":  # siblings grouping with ',' write English: their '.' is the decimal mark
            for_thousands, for_decimal = h.thousands_dot + h.integers, h.decimal_dot + h.thousands_comma
            # Rows mix "98,96%" and "98.12%": a decimal comma does not make '.' a grouping
            # mark, but it does mean a dot-decimal sibling is not the row's convention.
            if h.decimal_comma and h.decimal_dot:
                for_thousands, for_decimal = 0, 0
        else:
            for_thousands, for_decimal = h.decimal_dot + h.integers + h.thousands_comma, h.decimal_comma + h.thousands_dot
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
