"""Read the knowledge tables of schemas/ (CSV files a person edits), once per process.

Every word list, cue phrase and rule table the readers and normalizers use is a CSV
file here (see schemas/README.md for each file's columns). This module is the one
place that opens them: each table is read once and cached, and :func:`validate`
cross-checks them (ids that must exist in indicators.csv, measure slugs that must
exist in measures.csv, duplicate keys).

The folder read is this package's directory, or the folder named by the
``BAOCAO_SCHEMAS`` environment variable (a full copy of schemas/ with rows added),
read when a table is first used, so it must be set before the first import that
uses a table (for instance in a child process).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

__all__ = [
    "Cue",
    "Flag",
    "Measure",
    "Measures",
    "Scopes",
    "Units",
    "abbreviations",
    "alternation",
    "cell_words",
    "furniture",
    "header_role_patterns",
    "header_words",
    "measure_cues",
    "measures",
    "prose_words",
    "qualifiers",
    "scopes",
    "units",
    "SchemaError",
    "flag_factor",
    "flags",
    "flags_markdown",
    "rows",
    "schemas_dir",
    "validate",
]

ENV_VAR = "BAOCAO_SCHEMAS"
_HERE = Path(__file__).resolve().parent
_OPERAND_SEP = regex.compile(r"[+/]")  # "a+b", "a/b" in checks.csv


class SchemaError(ValueError):
    """A schemas/ table is missing a column, has a bad cell or a duplicate key."""


def schemas_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    return Path(env).resolve() if env else _HERE


@lru_cache(maxsize=64)
def _read(path: str) -> tuple[dict[str, str], ...]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        out = []
        for r in reader:
            if None in r:  # more cells than header columns: a stray comma in a phrase
                raise SchemaError(f"{path}: line {reader.line_num}: more cells than columns")
            out.append({k: (v or "").strip() for k, v in r.items()})
        return tuple(out)


def rows(name: str, root: Path | str | None = None, *, required: tuple[str, ...] = ()) -> tuple[dict[str, str], ...]:
    """The rows of schemas/<name> as dicts of stripped strings (cached)."""
    path = Path(root) / name if root is not None else schemas_dir() / name
    out = _read(str(path))
    if required and out:
        missing = [c for c in required if c not in out[0]]
        if missing:
            raise SchemaError(f"{path}: missing column(s) {', '.join(missing)}")
    return out


# ------------------------------------------------------------------------------ flags


@dataclass(frozen=True)
class Flag:
    slug: str
    stage: str  # number | label | table | period | check | prose | reader
    meaning: str
    confidence_factor: float  # a value carrying the flag has its confidence multiplied by this
    review: bool  # a person should look at the value even when its confidence passes the threshold
    note: str


STAGES = ("number", "label", "table", "period", "check", "prose", "reader")


@lru_cache(maxsize=8)
def _flags(root: str) -> dict[str, Flag]:
    out: dict[str, Flag] = {}
    for r in rows("flags.csv", root, required=("slug", "stage", "meaning", "confidence_factor", "review")):
        slug = r["slug"]
        if slug in out:
            raise SchemaError(f"flags.csv: duplicate slug {slug!r}")
        if r["stage"] not in STAGES:
            raise SchemaError(f"flags.csv: {slug}: unknown stage {r['stage']!r}")
        if r["review"] not in ("yes", "no"):
            raise SchemaError(f"flags.csv: {slug}: review must be yes or no")
        factor = float(r["confidence_factor"])
        if not 0 < factor <= 1:
            raise SchemaError(f"flags.csv: {slug}: confidence_factor must be in (0, 1]")
        out[slug] = Flag(slug, r["stage"], r["meaning"], factor, r["review"] == "yes", r.get("note", ""))
    return out


def flags(stage: str | None = None) -> dict[str, Flag]:
    """Registered flags (slug -> Flag), all or those of one stage, in file order."""
    every = _flags(str(schemas_dir()))
    return dict(every) if stage is None else {k: f for k, f in every.items() if f.stage == stage}


def flag_factor(slug: str) -> float:
    """Confidence factor of a registered flag; an unregistered slug is a programming error."""
    try:
        return _flags(str(schemas_dir()))[slug].confidence_factor
    except KeyError:
        raise SchemaError(f"flag {slug!r} is not in schemas/flags.csv: add a row for it") from None


def flags_markdown() -> str:
    lines = ["| flag | stage | meaning | confidence × | review |", "|---|---|---|---|---|"]
    for f in flags().values():
        lines.append(f"| `{f.slug}` | {f.stage} | {f.meaning} | {f.confidence_factor:g} | {'yes' if f.review else 'no'} |")
    return "\n".join(lines)


# ------------------------------------------------------------------------- vocabulary


def _yes(cell: str) -> bool:
    return cell == "yes"


@dataclass(frozen=True)
class Units:
    prose: tuple[tuple[str, str, str], ...]  # (pattern, canonical unit, unit class), first match wins
    count: tuple[str, ...]  # words of units whose values are whole counts
    magnitudes: dict[str, int]  # "triệu" -> 1_000_000
    currency: tuple[str, ...]  # money words in cells and prose
    currency_cell: tuple[str, ...]  # money words only in cells ("đ")
    per: tuple[str, ...]  # "/người", "/tháng" after an amount in prose


@lru_cache(maxsize=8)
def _units(root: str) -> Units:
    by: dict[str, list[dict[str, str]]] = {}
    for r in rows("units.csv", root, required=("kind", "word", "unit", "class", "factor")):
        by.setdefault(r["kind"], []).append(r)
    return Units(
        prose=tuple((r["word"], r["unit"], r["class"]) for r in by.get("prose", [])),
        count=tuple(r["word"] for r in by.get("count", [])),
        magnitudes={r["word"]: int(r["factor"]) for r in by.get("magnitude", [])},
        currency=tuple(r["word"] for r in by.get("currency", [])),
        currency_cell=tuple(r["word"] for r in by.get("currency_cell", [])),
        per=tuple(r["word"] for r in by.get("per", [])),
    )


def units() -> Units:
    """schemas/units.csv: unit words of cells and prose, magnitudes, money words."""
    return _units(str(schemas_dir()))


@dataclass(frozen=True)
class Measure:
    slug: str
    meaning: str
    one_stop: bool  # a one-stop-desk measure: an unscoped figure takes the previous list item's scope
    office: bool  # the reporting office's own work: an unscoped figure is the signing unit's
    rate_of: str  # this percent is the rate of that count when it follows it ("…, chiếm 98,96%")
    count_of: str  # this count is the one behind that rate or amount ("đạt 99,8% với 14.390 lượt")
    default_for: tuple[str, ...]  # "class:media", "unit:hội thảo": the measure when no cue says more


@dataclass(frozen=True)
class Measures:
    measures: dict[str, Measure]
    changes: dict[str, str]  # slug suffix -> meaning template with "{}" for the base meaning


@lru_cache(maxsize=8)
def _measures(root: str) -> Measures:
    measures: dict[str, Measure] = {}
    changes: dict[str, str] = {}
    for r in rows("measures.csv", root, required=("kind", "slug", "meaning", "one_stop", "office", "rate_of",
                                                  "count_of", "default_for")):
        if r["kind"] == "change":
            changes[r["slug"]] = r["meaning"]
            continue
        measures[r["slug"]] = Measure(r["slug"], r["meaning"], _yes(r["one_stop"]), _yes(r["office"]), r["rate_of"],
                                      r["count_of"], tuple(d.strip() for d in r["default_for"].split("|") if d.strip()))
    return Measures(measures, changes)


def measures() -> Measures:
    """schemas/measures.csv: what each prose measure slug means and how it links to others."""
    return _measures(str(schemas_dir()))


@dataclass(frozen=True)
class Cue:
    measure: str
    classes: tuple[str, ...]  # unit classes of the figures the cue applies to
    cue: str  # pattern of the cue words
    priority: int  # specific cues (channel, kind of change) beat generic ones
    units: tuple[str, ...]  # only for figures with one of these canonical units, when set
    requires: str  # pattern that must occur in the figure's own words
    excludes: str  # pattern that must not occur there


def measure_cues() -> tuple[Cue, ...]:
    """schemas/measure_cues.csv, in file order (on a tie between two cues the earlier wins)."""
    return tuple(
        Cue(r["measure"], tuple(r["classes"].split()), r["cue"], int(r["priority"] or 1),
            tuple(u for u in r["units"].split("|") if u), r["requires"], r["excludes"])
        for r in rows("measure_cues.csv", required=("measure", "classes", "cue", "priority", "units", "requires",
                                                    "excludes"))
    )


@dataclass(frozen=True)
class Scopes:
    meanings: dict[str, str]  # scope slug -> meaning
    places: tuple[tuple[str, str], ...]  # (pattern, slug): levels of government named in prose
    departments: tuple[tuple[str, str], ...]  # (pattern, slug): provincial departments, without "Sở"


@lru_cache(maxsize=8)
def _scopes(root: str) -> Scopes:
    by: dict[str, list[dict[str, str]]] = {}
    for r in rows("scopes.csv", root, required=("kind", "slug", "pattern", "meaning")):
        by.setdefault(r["kind"], []).append(r)
    return Scopes(
        meanings={r["slug"]: r["meaning"] for r in by.get("scope", [])},
        places=tuple((r["pattern"], r["slug"]) for r in by.get("place", [])),
        departments=tuple((r["pattern"], r["slug"]) for r in by.get("department", [])),
    )


def scopes() -> Scopes:
    """schemas/scopes.csv: scope slugs, place phrases, department names."""
    return _scopes(str(schemas_dir()))


def abbreviations() -> dict[str, str]:
    """schemas/abbreviations.csv: casefolded abbreviation -> spelled-out words."""
    return {r["abbreviation"]: r["expansion"] for r in rows("abbreviations.csv", required=("abbreviation", "expansion"))}


def qualifiers(where: str, position: str = "before") -> tuple[dict[str, str], ...]:
    """Rows of schemas/qualifiers.csv for cells or prose ("both" rows count for either)."""
    return tuple(r for r in rows("qualifiers.csv", required=("word", "position", "where", "prose_as"))
                 if r["where"] in (where, "both") and r["position"] == position)


def header_words() -> tuple[dict[str, str], ...]:
    """schemas/headers.csv: words of table header cells, by column role."""
    return rows("headers.csv", required=("role", "word", "match", "stitch"))


def cell_words(kind: str) -> tuple[str, ...]:
    """Words of one kind in schemas/cell_words.csv (verdict, value_word)."""
    return tuple(r["word"] for r in rows("cell_words.csv", required=("kind", "word")) if r["kind"] == kind)


def prose_words(kind: str) -> tuple[str, ...]:
    """Words of one kind in schemas/prose_words.csv (label_before, target, results_title, …)."""
    return tuple(r["word"] for r in rows("prose_words.csv", required=("kind", "word")) if r["kind"] == kind)


def header_role_patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """(role, compiled pattern) per column role of schemas/headers.csv, roles in file order:
    ``^(w1|w2)$`` for roles whose words name the whole cell, ``^(w1|w2)`` for those that start it."""
    by: dict[str, list[dict[str, str]]] = {}
    for r in header_words():
        by.setdefault(r["role"], []).append(r)
    out = []
    for role, rs in by.items():
        kinds = {r["match"] for r in rs}
        if len(kinds) != 1 or kinds - {"whole", "start"}:
            raise SchemaError(f"headers.csv: role {role!r}: match must be one of whole/start for all its words")
        tail = "$" if kinds == {"whole"} else ""
        out.append((role, regex.compile(f"^({'|'.join(r['word'] for r in rs)}){tail}", regex.I)))
    return tuple(out)


def furniture(kind: str) -> tuple[str, ...]:
    """Patterns of one kind of page furniture (schemas/furniture.csv)."""
    return tuple(r["pattern"] for r in rows("furniture.csv", required=("kind", "pattern", "match")) if r["kind"] == kind)


def alternation(words: tuple[str, ...] | list[str], *, escape: bool = False) -> str:
    """'a|b|c' for a regex, longest first so a longer phrase wins over its prefix."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in ordered)


# ------------------------------------------------------------------------- validation


def validate(root: Path | str | None = None) -> list[str]:
    """Problems across the tables: unknown ids or measures, duplicate keys. Empty when all is well."""
    base = Path(root) if root is not None else schemas_dir()
    problems: list[str] = []

    def dupes(name: str, key: tuple[str, ...]) -> None:
        seen: set[tuple[str, ...]] = set()
        for r in rows(name, base):
            k = tuple(r[c] for c in key)
            if k in seen:
                problems.append(f"{name}: duplicate {'/'.join(key)} {'/'.join(k)}")
            seen.add(k)

    ids = {r["id"] for r in rows("indicators.csv", base)}
    dupes("indicators.csv", ("id",))
    for r in rows("checks.csv", base):
        for ref in [r["target"], *_OPERAND_SEP.split(r["operands"])]:
            if ref.strip() and ref.strip() not in ids:
                problems.append(f"checks.csv: unknown indicator {ref.strip()!r}")
    dupes("inline_indicators.csv", ("measure", "scope"))
    for r in rows("inline_indicators.csv", base):
        if r["indicator_id"] not in ids:
            problems.append(f"inline_indicators.csv: unknown indicator {r['indicator_id']!r}")
    try:
        _flags(str(base))
    except SchemaError as exc:
        problems.append(str(exc))
    for name, key in (("units.csv", ("kind", "word")), ("measures.csv", ("kind", "slug")),
                      ("measure_cues.csv", ("measure", "classes", "cue")), ("scopes.csv", ("kind", "slug", "pattern")),
                      ("abbreviations.csv", ("abbreviation",)), ("qualifiers.csv", ("word",)),
                      ("headers.csv", ("word",)), ("furniture.csv", ("kind", "pattern")),
                      ("prose_words.csv", ("kind", "word")), ("cell_words.csv", ("kind", "word"))):
        dupes(name, key)
    ms = _measures(str(base))
    known = set(ms.measures)
    for m in ms.measures.values():
        for other in (m.rate_of, m.count_of):
            if other and other not in known:
                problems.append(f"measures.csv: {m.slug}: unknown measure {other!r}")
    for r in rows("measure_cues.csv", base):
        if r["measure"] not in known:
            problems.append(f"measure_cues.csv: unknown measure {r['measure']!r}")
    sc = _scopes(str(base))
    scope_slugs = set(sc.meanings) | {s for _, s in sc.departments} | {"*"}
    for r in rows("inline_indicators.csv", base):
        if not _is_measure(r["measure"], ms):
            problems.append(f"inline_indicators.csv: unknown measure {r['measure']!r} (not in measures.csv)")
        if r["scope"] not in scope_slugs:
            problems.append(f"inline_indicators.csv: unknown scope {r['scope']!r} (not in scopes.csv)")
    for _, slug in sc.places:
        if slug not in sc.meanings:
            problems.append(f"scopes.csv: place {slug!r} has no scope row")
    return problems


def _is_measure(slug: str, ms: Measures) -> bool:
    """A measure slug, or a change of one ("news_posts_decrease_rate")."""
    if slug in ms.measures:
        return True
    return any(slug.endswith(sfx) and slug[: -len(sfx)] in ms.measures for sfx in ms.changes)
