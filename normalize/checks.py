"""Consistency checks that catch wrong numbers before an analyst does.

Each check adds a named flag to the values concerned and never changes a value.
Relations between indicators (sums, "resolved <= received", rates from their
counts) are data in schemas/checks.csv, editable like the indicator list.

Values are compared only within one report and one period; an indicator stated
twice in the same place (ambiguous) takes part in no relation.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import regex

from schemas.load import flags

# Meanings and confidence factors are the registry's (schemas/flags.csv, stage "check").
CHECK_FLAGS: dict[str, str] = {slug: f.meaning for slug, f in flags(stage="check").items()}


class CheckedValue(Protocol):
    indicator_id: str
    origin: str
    period_start: object
    period_end: object
    value: float | None
    value_raw: str
    value_kind: str
    unit: str
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True)
class Relation:
    kind: str  # sum | le | rate
    target: str
    operands: tuple[str, ...]


_OPERAND_SEP = regex.compile(r"[+/]")  # "a+b", "a/b" in checks.csv


@lru_cache(maxsize=4)
def load_relations(path: str | None = None) -> tuple[Relation, ...]:
    p = Path(path) if path else Path(__file__).resolve().parents[1] / "schemas" / "checks.csv"
    out = []
    with p.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            ops = tuple(o.strip() for o in _OPERAND_SEP.split(row["operands"]) if o.strip())
            out.append(Relation(row["kind"].strip(), row["target"].strip(), ops))
    return tuple(out)


_DECIMALS = regex.compile(r"\d+[.,](\d{1,3})(?!\d)\s*%?")
_THOUSANDS = regex.compile(r"\d[.,]\d{3}(?!\d)")


def printed_tolerance(raw: str) -> float:
    """One unit of the last printed digit: '98,98' -> 0.01, '50,1%' -> 0.1, '100' -> 1.
    Offices both round and truncate, so one unit is the honest tolerance."""
    m = _DECIMALS.search(raw or "")
    decimals = len(m.group(1)) if m and not _THOUSANDS.search(raw) else 0
    return 10.0 ** -decimals + 1e-9


def check_values(values: Sequence[CheckedValue]) -> list[tuple[str, ...]]:
    """New flags for each value (same order as given)."""
    flags: list[list[str]] = [[] for _ in values]
    for i, v in enumerate(values):
        flags[i].extend(_own_checks(v))
    groups: dict[tuple, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, v in enumerate(values):
        if v.indicator_id and v.value is not None and v.origin == "table":
            groups[(v.period_start, v.period_end)][v.indicator_id].append(i)
    for by_id in groups.values():
        for rel in load_relations():
            _check_relation(rel, by_id, values, flags)
    _prose_vs_table(values, flags)
    return [tuple(dict.fromkeys(f)) for f in flags]


def _own_checks(v: CheckedValue) -> list[str]:
    flags = []
    # only a percent is 100 * a / b: a score, rank or amount out of a total is the part itself
    if v.unit == "%" and v.value is not None and v.numerator is not None and v.denominator:
        if abs(v.value - 100 * v.numerator / v.denominator) > printed_tolerance(v.value_raw):
            flags.append("percent_ratio_mismatch")
    if v.unit == "%" and v.value is not None and v.value > 100 and "%" not in (v.value_raw or ""):
        flags.append("count_in_percent_row")
    return flags


def _single(by_id: dict[str, list[int]], ind: str) -> int | None:
    idx = by_id.get(ind, [])
    return idx[0] if len(idx) == 1 else None


def _check_relation(rel: Relation, by_id, values, flags) -> None:
    target = _single(by_id, rel.target)
    if target is None:
        return
    ops = [_single(by_id, o) for o in rel.operands]
    tv = values[target].value
    if rel.kind == "sum":
        present = [i for i in ops if i is not None]
        if len(present) >= 2 and not math.isclose(tv, sum(values[i].value for i in present), abs_tol=1e-6):
            for i in [target, *present]:
                flags[i].append("total_mismatch")
    elif rel.kind == "le" and ops[0] is not None:
        if tv > values[ops[0]].value + 1e-9:
            flags[target].append("exceeds_related")
    elif rel.kind == "rate" and None not in ops and values[ops[1]].value:
        expected = 100 * values[ops[0]].value / values[ops[1]].value
        if abs(tv - expected) > printed_tolerance(values[target].value_raw):
            flags[target].append("rate_mismatch")


def _prose_vs_table(values, flags) -> None:
    table: dict[tuple, list[int]] = defaultdict(list)
    for i, v in enumerate(values):
        if v.origin == "table" and v.indicator_id and v.value is not None:
            table[(v.indicator_id, v.period_start, v.period_end)].append(i)
    for i, v in enumerate(values):
        if v.origin != "inline" or not v.indicator_id or v.value is None:
            continue
        for j in table.get((v.indicator_id, v.period_start, v.period_end), []):
            if not math.isclose(values[j].value, v.value, rel_tol=1e-9, abs_tol=1e-6):
                flags[i].append("prose_table_mismatch")
                flags[j].append("prose_table_mismatch")
