"""Score normalize.prose.extract_inline against the hand-checked golden figures.

Golden files: tests/golden/inline_<seed>.csv, one row per figure printed in the
result sections of seed report <seed> (columns seed_line, measure, scope, value,
unit, qualifier, value_text). An extracted figure is a true positive when it
pairs one-to-one with a golden row of the same value and unit AND the same
measure AND scope.

Usage: .venv/bin/python scripts/eval_inline.py [--details] [--seeds DIR]
Seeds default to $BAOCAO_SEEDS, else <repo>/../shared/seeds.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract import read_document  # noqa: E402
from normalize.prose import InlineFigure, extract_inline  # noqa: E402

GOLDEN_DIR = ROOT / "tests" / "golden"
SEED_IDS = ("001", "002", "003")


@dataclass(frozen=True)
class GoldenFigure:
    seed_line: int
    measure: str
    scope: str
    value: float
    unit: str
    qualifier: str
    value_text: str


@dataclass
class SeedScore:
    seed: str
    golden: int
    extracted: int
    true_positives: int
    missed: list[GoldenFigure] = field(default_factory=list)
    wrong: list[InlineFigure] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.golden if self.golden else 1.0


def default_seeds_dir() -> Path:
    env = os.environ.get("BAOCAO_SEEDS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared" / "seeds"


def load_golden(path: Path) -> list[GoldenFigure]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            GoldenFigure(
                int(r["seed_line"]), r["measure"], r["scope"], float(r["value"]), r["unit"], r["qualifier"],
                r["value_text"],
            )
            for r in csv.DictReader(fh)
        ]


def _same_value(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _matches(f: InlineFigure, g: GoldenFigure) -> bool:
    return _same_value(f.value, g.value) and f.unit == g.unit and f.measure == g.measure and f.scope == g.scope


def score(seed: str, figures: list[InlineFigure], golden: list[GoldenFigure]) -> SeedScore:
    """One-to-one pairing in reading order; a golden row is used at most once."""
    unused = list(golden)
    wrong: list[InlineFigure] = []
    for f in figures:
        hit = next((g for g in unused if _matches(f, g)), None)
        if hit is None:
            wrong.append(f)
        else:
            unused.remove(hit)
    return SeedScore(seed, len(golden), len(figures), len(figures) - len(wrong), unused, wrong)


def seed_path(seeds_dir: Path, seed: str) -> Path:
    found = sorted(seeds_dir.glob(f"{seed}_*.txt"))
    if not found:
        raise FileNotFoundError(f"seed {seed} not found under {seeds_dir}")
    return found[0]


def evaluate(seeds_dir: Path | None = None, seeds: tuple[str, ...] = SEED_IDS) -> list[SeedScore]:
    seeds_dir = seeds_dir or default_seeds_dir()
    out = []
    for seed in seeds:
        doc = read_document(seed_path(seeds_dir, seed))
        figures = extract_inline(doc.paragraphs)
        out.append(score(seed, figures, load_golden(GOLDEN_DIR / f"inline_{seed}.csv")))
    return out


def overall(scores: list[SeedScore]) -> SeedScore:
    return SeedScore(
        "all",
        sum(s.golden for s in scores),
        sum(s.extracted for s in scores),
        sum(s.true_positives for s in scores),
    )


def table(scores: list[SeedScore]) -> str:
    rows = [f"{'seed':<6}{'golden':>8}{'extracted':>11}{'TP':>6}{'precision':>11}{'recall':>9}"]
    for s in [*scores, overall(scores)]:
        rows.append(
            f"{s.seed:<6}{s.golden:>8}{s.extracted:>11}{s.true_positives:>6}{s.precision:>11.3f}{s.recall:>9.3f}"
        )
    return "\n".join(rows)


def details(scores: list[SeedScore]) -> str:
    lines = []
    for s in scores:
        for g in s.missed:
            lines.append(f"{s.seed} MISSED  line {g.seed_line}: {g.value_text!r} {g.measure}/{g.scope}")
        for f in s.wrong:
            lines.append(
                f"{s.seed} WRONG   line {f.line}: {f.value_text!r} {f.value} {f.unit} {f.measure or '-'}/"
                f"{f.scope or '-'} {list(f.flags)}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=None, help="directory holding the seed reports")
    ap.add_argument("--details", action="store_true", help="list missed and wrong figures")
    args = ap.parse_args(argv)
    scores = evaluate(args.seeds)
    print(table(scores))
    if args.details:
        print()
        print(details(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
