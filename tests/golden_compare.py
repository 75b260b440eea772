"""Compare a run's table values with a hand-checked golden file.

A golden line is matched by (section, row code, label, parent label, period); the run
must produce exactly the golden lines, no more and no fewer, with the same value or text.
"""

from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path

import regex

from shared_data import shared_dir


def seeds_dir() -> Path:
    """The real reports: ../shared/seeds next to the repository, or $BAOCAO_SEEDS.
    Missing: the test (or module) is skipped naming the folder, or fails when CI=true."""
    return shared_dir("seeds", env="BAOCAO_SEEDS")


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    return regex.sub(r"\s+", " ", text).strip().casefold()


def load_golden(path: Path) -> list[dict]:
    if not path.exists():
        raise AssertionError(f"golden file missing: {path}")
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def key(section, code, label, parent, start, end) -> tuple:
    return (norm(section), norm(code), norm(label), norm(parent), str(start or ""), str(end or ""))


def compare(golden: list[dict], values: list) -> list[str]:
    """Problems found; an empty list means the run reproduces the golden file exactly."""
    got: dict[tuple, list] = {}
    for v in values:
        if v.origin != "table":
            continue
        k = key(v.section, v.row_code, v.label_raw, v.parent_label, v.period_start, v.period_end)
        got.setdefault(k, []).append(v)
    problems = []
    seen = set()
    for g in golden:
        k = key(g["section"], g["row_code"], g["label"], g["parent_label"], g["period_start"], g["period_end"])
        seen.add(k)
        found = got.get(k, [])
        if len(found) != 1:
            problems.append(f"{len(found)} values for {k}")
            continue
        v = found[0]
        if g["value"]:
            if v.value is None or not math.isclose(v.value, float(g["value"]), rel_tol=1e-9, abs_tol=1e-9):
                problems.append(f"value {v.value!r} != {g['value']} for {k}")
        elif v.value is not None:
            problems.append(f"value {v.value!r} where golden has none (text {g['value_text']!r}) for {k}")
        if g["value_text"] and norm(v.value_text or v.value_raw) != norm(g["value_text"]):
            problems.append(f"text {v.value_text!r} != {g['value_text']!r} for {k}")
        if g["unit"] == "%" and v.unit != "%":
            problems.append(f"unit {v.unit!r} != '%' for {k}")
    for k, vs in got.items():
        if k not in seen:
            problems.append(f"unexpected value(s) {[v.value_raw for v in vs]} for {k}")
    return problems
