"""The indicator of a matrix or ranking value, from its column measure (schemas/measure_indicators.csv).

In a unit × criterion table the row names an entity ("Sở Nội vụ") and the column names what is measured
("PAR Index · Thứ hạng", "Điểm thẩm định"); the indicator comes from the column. Each rule has a `group`
(alternatives separated by `|`, e.g. "par index"), a `measure` phrase the last level of the column header
must start with, optional `context` keywords one of which must appear in the table's title, section,
header or the report subject, and optional `title` cues naming a part of an index ("phần thứ hai",
"điều tra xã hội học") looked for in the paragraphs above the table. Passes, in order: the group is named
in the column header; a `title` cue is found above the table (the cue nearest the table wins); the group
is named in the table title (unless a rule without a group names the measure more specifically:
"Điểm chuẩn tối đa" under a SIPAS title is a maximum score, not the SIPAS score); rules without a group
or cue. Within a pass the first match in file order wins.
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
    title: tuple[str, ...] = ()


@lru_cache(maxsize=2)
def load_rules(path: str | None = None) -> tuple[MeasureRule, ...]:
    p = Path(path) if path else Path(__file__).resolve().parents[1] / "schemas" / "measure_indicators.csv"
    with p.open(encoding="utf-8-sig") as fh:
        return tuple(MeasureRule(tuple(norm(g) for g in r["group"].split("|") if g.strip()), norm(r["measure"]),
                                 tuple(norm(c) for c in r["context"].split("|") if c.strip()), r["indicator_id"],
                                 tuple(norm(c) for c in (r.get("title") or "").split("|") if c.strip()))
                     for r in csv.DictReader(fh))


def measure_indicator(header: str, title: str = "", context: str = "", above: str = "",
                      rules: tuple[MeasureRule, ...] | None = None) -> str | None:
    """Indicator id for a column measure, or None when no rule fits. `title` is the table's title or
    lead-in, `context` its section and the report subject, `above` the longer text above the table."""
    if rules is None:  # every value of a column asks the same question
        return _measure_indicator_default(header, title, context, above)
    return _measure_indicator(header, title, context, above, rules)


@lru_cache(maxsize=4096)
def _measure_indicator_default(header: str, title: str, context: str, above: str) -> str | None:
    return _measure_indicator(header, title, context, above, load_rules())


def _measure_indicator(header: str, title: str, context: str, above: str,
                       rules: tuple[MeasureRule, ...]) -> str | None:
    h, t, everything = norm(header), norm(title), norm(" ".join((header, title, context)))
    above_n = norm(above or title)
    levels = [norm(x) for x in header.split("·")]
    leaf = levels[-1] if levels else h

    def fits(rule: MeasureRule) -> bool:
        return leaf.startswith(rule.measure) and (not rule.context or any(c in everything for c in rule.context))

    for rule in rules:  # group named in the column header
        if rule.groups and any(g in h for g in rule.groups) and fits(rule):
            return rule.indicator_id
    cued = [(max(above_n.rfind(c) for c in rule.title), -k, rule) for k, rule in enumerate(rules)
            if rule.title and fits(rule) and any(c in above_n for c in rule.title)]
    if cued:  # a part of an index named above the table: the nearest cue wins
        return max(cued, key=lambda x: (x[0], x[1]))[2].indicator_id
    generic = max((len(r.measure) for r in rules if not r.groups and not r.title and fits(r)), default=0)
    for rule in rules:  # group named in the table title
        if rule.groups and any(g in t for g in rule.groups) and fits(rule) and len(rule.measure) >= generic:
            return rule.indicator_id
    for rule in rules:
        if not rule.groups and not rule.title and fits(rule):
            return rule.indicator_id
    return None
