"""Recall and precision of the pipeline on the real archive files against hand-checked values.

Expected files: `tests/golden/real/<file-stem>.csv` (format in tests/golden/real/README.md), one row per
value read by hand from the document: `where` (table|prose), `page`, `table`, `row_label`, `entity`,
`column`, `period_start`, `period_end`, `value`, `unit`, `value_raw`, `note`.

Matching. An expected row is found when one pipeline value, not already used for another expected row,
  - has the same origin (table -> 'table', prose -> 'inline'),
  - holds the expected number as its `value`, `numerator` or `denominator` (relative tolerance 1e-6; one
    ratio value can answer three expected rows, one per part),
  - for a table row: its row (row code + label, or its entity) fuzzily contains the expected `row_label` or
    `entity` (rapidfuzz partial ratio >= 85 on lower-cased text), and, when `column` is given, its
    `column_header` resembles it (token-set or partial ratio >= 75);
  - for prose: its sentence fuzzily contains the expected `row_label` cue (partial ratio >= 80);
  - when `period_start` is given, has that `period_start` (and that `period_end` when given).
`recall` = found / expected rows. `recall_np` is the same without the period condition (so a wrong or
missing period shows as the gap between the two).

Precision. The scope is the pipeline values holding a number (text cells such as grades are left out) that sit in a table row (same table_index and row) or in a
sentence that holds at least one found value. `precision` = values in that scope matched to an expected
row / all values in that scope. Every value of a row put in an expected file is listed, so a value in the
scope that matches nothing is a wrong, duplicated or misplaced reading. No found value -> precision n/a.

Usage: PYTHONPATH=. python scripts/eval_real.py [--real ../shared/real] [--json] [--explain]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "real"


@dataclass(frozen=True)
class FileScore:
    file: str
    expected: int
    found: int
    found_np: int
    in_scope: int
    correct_in_scope: int
    error: str = ""

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    @property
    def recall_np(self) -> float:
        return self.found_np / self.expected if self.expected else 0.0

    @property
    def precision(self) -> float | None:
        return self.correct_in_scope / self.in_scope if self.in_scope else None


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").lower().split())


_PARTS = ("value", "numerator", "denominator")


_MONEY = {"nghìn đồng": 1e3, "triệu đồng": 1e6, "tỷ đồng": 1e9}


def _same_number(expected: float, v, unit: str = "") -> str | None:
    """Which part of the value ('value', 'numerator', 'denominator') holds the expected number
    (money written in 'triệu đồng' may come out in đồng: both readings are accepted)."""
    targets = [expected] + [expected * f for u, f in _MONEY.items() if u == " ".join(unit.lower().split())]
    for part in _PARTS:
        x = getattr(v, part)
        if x is not None and x == x and any(abs(x - t) <= 1e-6 * max(1.0, abs(t)) for t in targets):
            return part
    return None


def _contains(short: str, long: str) -> bool:
    """`short` is (nearly) contained in `long`: short labels must match almost exactly."""
    need = 95 if len(short) <= 30 else 85
    return fuzz.partial_ratio(short, long) >= need


def _label_ok(exp: dict, v) -> bool:
    if exp["where"] == "prose":
        return fuzz.partial_ratio(_norm(exp["row_label"]), _norm(v.sentence)) >= 80
    row = _norm(f"{v.row_code} {v.label_raw}")
    entity = _norm(getattr(v, "entity", "") or "")
    targets = [t for t in (_norm(exp["row_label"]), _norm(exp["entity"])) if t]
    if not any(_contains(t, row) or (entity and _contains(t, entity)) for t in targets):
        return False
    col = _norm(exp["column"])
    if col:
        header = _norm(v.column_header)
        return max(fuzz.token_set_ratio(col, header), fuzz.partial_ratio(col, header)) >= 75
    return True


def _period_ok(exp: dict, v) -> bool:
    if exp["period_start"] and str(v.period_start or "") != exp["period_start"]:
        return False
    return not exp["period_end"] or str(v.period_end or "") == exp["period_end"]


def load_expected(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def score_values(expected: list[dict], values, explain: bool = False) -> tuple[int, int, int, int]:
    """(found, found ignoring periods, values in scope, of which matched) — see the module docstring."""
    def assign(check_period: bool) -> dict[int, int]:
        used: dict[int, int] = {}
        taken: set[tuple[int, str]] = set()  # a ratio cell answers for its value, numerator, denominator
        for i, exp in enumerate(expected):
            origin = "table" if exp["where"] == "table" else "inline"
            target = float(exp["value"])
            for j, v in enumerate(values):
                part = _same_number(target, v, exp["unit"]) if v.origin == origin else None
                if part is None or (j, part) in taken:
                    continue
                if _label_ok(exp, v) and (not check_period or _period_ok(exp, v)):
                    used[i] = j
                    taken.add((j, part))
                    break
        return used

    strict, loose = assign(True), assign(False)
    found_idx = set(loose.values())
    rows = {(values[j].table_index, values[j].row) for j in found_idx if values[j].origin == "table"}
    sentences = {values[j].sentence for j in found_idx if values[j].origin == "inline"}
    scope = [j for j, v in enumerate(values) if v.value is not None
             and ((v.origin == "table" and (v.table_index, v.row) in rows)
                  or (v.origin == "inline" and v.sentence in sentences))]
    if explain:
        for i, exp in enumerate(expected):
            if i not in strict:
                why = "period" if i in loose else "missing"
                print(f"  miss ({why}): {exp['where']} {exp['row_label'][:40]!r} {exp['column']!r} {exp['value']}")
        for j in scope:
            if j not in found_idx:
                v = values[j]
                print(f"  extra: t{v.table_index} r{v.row} {v.label_raw[:30]!r} {v.column_header!r} {v.value_raw!r}")
    return len(strict), len(loose), len(scope), sum(1 for j in scope if j in found_idx)


def evaluate_file(doc: Path, golden: Path, explain: bool = False) -> FileScore:
    from baocao.pipeline import process_file

    expected = load_expected(golden)
    result = process_file(doc)
    if result.report.status == "error" and not result.values:
        return FileScore(doc.name, len(expected), 0, 0, 0, 0, error=result.report.error)
    found, found_np, scope, correct = score_values(expected, list(result.values), explain)
    return FileScore(doc.name, len(expected), found, found_np, scope, correct)


def evaluate_all(real_dir: Path, explain: bool = False) -> list[FileScore]:
    out = []
    for golden in sorted(GOLDEN.glob("*.csv")):
        docs = [p for p in real_dir.glob(golden.stem + ".*")]
        if not docs:
            out.append(FileScore(golden.stem, len(load_expected(golden)), 0, 0, 0, 0, error="file not found"))
            continue
        if explain:
            print(docs[0].name)
        out.append(evaluate_file(docs[0], golden, explain))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "real")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--explain", action="store_true", help="list missed expected rows and unmatched values in scope")
    args = ap.parse_args(argv)
    scores = evaluate_all(args.real, args.explain)
    if args.json:
        print(json.dumps([s.__dict__ | {"recall": s.recall, "recall_np": s.recall_np, "precision": s.precision}
                          for s in scores], ensure_ascii=False, indent=1))
        return 0
    print(f"{'file':44} {'expected':>8} {'found':>5} {'recall':>6} {'rec_np':>6} {'scope':>5} {'precision':>9}")
    for s in scores:
        prec = f"{s.precision:.2f}" if s.precision is not None else "n/a"
        print(f"{s.file:44} {s.expected:8d} {s.found:5d} {s.recall:6.2f} {s.recall_np:6.2f} {s.in_scope:5d} {prec:>9}"
              + (f"  ({s.error[:70]})" if s.error else ""))
    tot_e = sum(s.expected for s in scores)
    tot_f = sum(s.found for s in scores)
    print(f"{'all':44} {tot_e:8d} {tot_f:5d} {tot_f / tot_e if tot_e else 0:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
