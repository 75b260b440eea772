"""The indicator of a matrix or ranking value, from its column measure (schemas/measure_indicators.csv).

In a unit × criterion table the row names an entity ("Sở Nội vụ") and the column names what is measured
("PAR Index · Thứ hạng", "Điểm thẩm định"); the indicator comes from the column. Each rule has a `group`
(alternatives separated by `|`, e.g. "par index"), a `measure` phrase that must appear in the column
header, and optional `context` keywords one of which must appear in the table's title, section, header
or the report subject. Rules whose group is named in the column header win over rules whose group is
only named in the table title; rules without a group come last. First match in file order wins.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .table_shapes import norm


@dataclass(frozen=True)
class MeasureRule:
    groups: tuple[str, ...]
    measure: str
    context: tuple[str, ...]
    indicator_id: str


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> tuple[MeasureRule, ...]:
    p = Path(path) if path else Path(__file__).resolve().parents[1] / "schemas" / "measure_indicators.csv"
    with p.open(encoding="utf-8-sig") as fh:
        return tuple(MeasureRule(tuple(norm(g) for g in r["group"].split("|") if g.strip()), norm(r["measure"]),
                                 tuple(norm(c) for c in r["context"].split("|") if c.strip()), r["indicator_id"])
                     for r in csv.DictReader(fh))


def measure_indicator(header: str, title: str = "", context: str = "",
                      rules: tuple[MeasureRule, ...] | None = None) -> str | None:
    """Indicator id for a column measure, or None when no rule fits."""
    rules = rules if rules is not None else load_rules()
    h, t, everything = norm(header), norm(title), norm(" ".join((header, title, context)))
    levels = [norm(x) for x in header.split("·")]
    leaf = levels[-1] if levels else h

    def fits(rule: MeasureRule) -> bool:
        return rule.measure in leaf and (not rule.context or any(c in everything for c in rule.context))

    for rule in rules:  # group named in the column header
        if rule.groups and any(g in h for g in rule.groups) and fits(rule):
            return rule.indicator_id
    for rule in rules:  # group named in the table title
        if rule.groups and any(g in t for g in rule.groups) and fits(rule):
            return rule.indicator_id
    for rule in rules:
        if not rule.groups and fits(rule):
            return rule.indicator_id
    return None
