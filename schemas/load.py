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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "Flag",
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
    return _flags(str(schemas_dir()))[slug].confidence_factor


def flags_markdown() -> str:
    lines = ["| flag | stage | meaning | confidence × | review |", "|---|---|---|---|---|"]
    for f in flags().values():
        lines.append(f"| `{f.slug}` | {f.stage} | {f.meaning} | {f.confidence_factor:g} | {'yes' if f.review else 'no'} |")
    return "\n".join(lines)


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
        import regex  # local: only validation splits the operand expressions

        for ref in [r["target"], *regex.split(r"[+/]", r["operands"])]:
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
    return problems
