"""Cell accuracy of baocao and of peer table extractors on the sample reports.

    python scripts/quality.py                         # every sample, every tool installed
    python scripts/quality.py --tools baocao-pdf pdfplumber --samples commune_borderless_2023
    python scripts/quality.py --json output/quality.json

A cell is right when the right value sits in the right row and the right column. The
reference is tests/golden/samples/<name>_values.csv: one line per filled value cell.

Scoring baocao (labelled values)
    A golden line is found when baocao outputs a table value with the same (section, row
    code, label, parent label, period) and the same value (or the same text when the golden
    line has text), as in tests/golden_compare.py; the unit is not scored. Precision counts
    every table value baocao outputs; recall counts every golden line. The .docx and the
    .pdf are scored separately.

Scoring peers (raw grids: camelot lattice, camelot stream, pdfplumber extract_tables)
    Texts are compared after NFC, markup removal and removal of all whitespace (a tool that
    joins wrapped lines with or without a space is not penalised), case-folded.
    Row: an extracted row holds a golden line when one of its cells contains the golden
      label. If several rows do (the same label under two parents, or in two tables), the
      rows whose code cell equals the golden row code are kept, then the rows that are the
      first with that label below a row holding the golden parent label.
    Column: the golden period's column is the one with a header cell (any non-empty cell
      of that column above the row, in the same extracted table, so group headers count
      too) printed as "Năm YYYY…" for a period inside year YYYY when the sample has year
      columns, else the template's single value column "Số liệu" / "Đánh giá kết quả…".
    Value: the cell is read with normalize.numbers.parse_number, given the golden unit as a
      reader would take it from the unit column ("12.480" under "Hồ sơ" is 12480), and
      must equal the golden value; a golden line with text must match the text instead.
    Precision counts only the non-empty, non-dash cells of value columns (a column with a
    "Năm YYYY" / "Số liệu" / "Đánh giá kết quả" header above the cell); labels, units,
    agencies and notes are neither rewarded nor penalised. An extracted cell is right when
    it is the cell that found a golden line; a duplicate of it counts against precision.
    Every extracted table is scored on its own: a header must be in the same table as the
    row (the samples repeat their header rows on every page).
    The same scoring applied to the sample's .txt grid (the printed table itself) must give
    precision = recall = 1; the script checks this first and stops if it does not.

Speed is the wall time (time.perf_counter) of one call of the tool on the file, in this
process, after one untimed warm-up call per tool: pages/second for PDFs (pages = PDF page
count), docs/second for .docx.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import re
import sys
import time
import unicodedata
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from baocao.pipeline import ValueRecord, process_file  # noqa: E402
from golden_compare import key as golden_key, load_golden, norm  # noqa: E402
from normalize.numbers import parse_number  # noqa: E402
from normalize.text import strip_html  # noqa: E402

SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden" / "samples"

Grid = list[list[str]]  # one extracted table: rows of cell texts
Golden = dict[str, str]  # one golden line

YEAR_HEADER = re.compile(r"^năm(\d{4})")
GENERIC_HEADERS = ("sốliệu", "đánhgiákếtquả")  # the one value column of the periodic / evaluation templates


# ------------------------------------------------------------------ figures


@dataclass
class Score:
    right_extracted: int = 0  # extracted cells that are right (precision numerator)
    extracted: int = 0
    found: int = 0  # golden cells found (recall numerator)
    golden: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.right_extracted + other.right_extracted, self.extracted + other.extracted,
                     self.found + other.found, self.golden + other.golden)

    @property
    def precision(self) -> float:
        return self.right_extracted / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.golden if self.golden else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Run:
    sample: str
    tool: str
    units: int  # pages (PDF) or documents (.docx)
    unit_name: str  # "pages" | "docs"
    seconds: float
    score: Score
    error: str = ""

    @property
    def rate(self) -> float:
        return self.units / self.seconds if self.seconds else 0.0


# ------------------------------------------------------------------ text helpers


def compact(text: str | None) -> str:
    """NFC, no markup, no whitespace at all, case-folded: how two cell texts are compared."""
    text = strip_html(unicodedata.normalize("NFC", text or ""))
    return re.sub(r"\s+", "", text).casefold()


def close(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def cell_holds(text: str, g: Golden) -> bool:
    """Does a printed cell hold the golden value (or text)?"""
    if g["value_text"]:
        return compact(text) == compact(g["value_text"])
    parsed = parse_number(unicodedata.normalize("NFC", text), unit=g["unit"] or None)
    return close(parsed.value, float(g["value"]))


def is_value_text(text: str) -> bool:
    """A cell that counts towards precision: not empty, not a dash or other placeholder."""
    return bool(text.strip()) and parse_number(text).kind != "empty"


# ------------------------------------------------------------------ baocao


def score_records(golden: list[Golden], values: list[ValueRecord]) -> Score:
    by_key: dict[tuple, list[ValueRecord]] = {}
    table_values = [v for v in values if v.origin == "table"]
    for v in table_values:
        k = golden_key(v.section, v.row_code, v.label_raw, v.parent_label, v.period_start, v.period_end)
        by_key.setdefault(k, []).append(v)
    right = 0
    for g in golden:
        k = golden_key(g["section"], g["row_code"], g["label"], g["parent_label"], g["period_start"], g["period_end"])
        if any(_record_holds(v, g) for v in by_key.get(k, [])):
            right += 1  # one right value per golden line; any other value under the key is wrong
    return Score(right, len(table_values), right, len(golden))


def _record_holds(v: ValueRecord, g: Golden) -> bool:
    if g["value"] and not close(v.value, float(g["value"])):
        return False
    if not g["value"] and v.value is not None:
        return False
    return not g["value_text"] or norm(v.value_text or v.value_raw) == norm(g["value_text"])


# ------------------------------------------------------------------ peers: grids


def camelot_grids(path: Path, flavor: str) -> list[Grid]:
    import camelot

    with warnings.catch_warnings():  # "no tables found" on text pages: the score already says so
        warnings.simplefilter("ignore", UserWarning)
        tables = camelot.read_pdf(str(path), pages="all", flavor=flavor)
    return [[[str(c) for c in row] for row in t.df.values.tolist()] for t in tables]


def pdfplumber_grids(path: Path) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[[c or "" for c in row] for row in table]
                for page in pdf.pages for table in page.extract_tables()]


def txt_grids(path: Path) -> list[Grid]:
    """The printed tables of a sample's .txt: blocks of tab-separated lines."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [[line.split("\t") for line in b.strip("\n").split("\n")] for b in blocks if "\t" in b]


# ------------------------------------------------------------------ peers: scoring


@dataclass(frozen=True)
class FlatRow:
    table: int
    row: int
    cells: tuple[str, ...]  # compact texts


def flatten(grids: list[Grid]) -> list[FlatRow]:
    return [FlatRow(t, r, tuple(compact(c) for c in row)) for t, grid in enumerate(grids) for r, row in enumerate(grid)]


def header_matcher(g: Golden, sample_years: set[str]) -> Callable[[str], bool]:
    """Which compact header text names the golden period's column."""
    start, end = dt.date.fromisoformat(g["period_start"]), dt.date.fromisoformat(g["period_end"])
    if start.year == end.year and str(start.year) in sample_years:
        return lambda h: h.startswith(f"năm{start.year}")
    return lambda h: h.startswith(GENERIC_HEADERS)


def is_value_header(h: str) -> bool:
    return bool(YEAR_HEADER.match(h)) or h.startswith(GENERIC_HEADERS)


def columns_under(grid: Grid, row: int, wanted: Callable[[str], bool]) -> list[int]:
    width = max((len(r) for r in grid[:row]), default=0)
    return [c for c in range(width)
            if any(c < len(r) and r[c].strip() and wanted(compact(r[c])) for r in grid[:row])]


def candidate_rows(g: Golden, rows: list[FlatRow]) -> list[int]:
    label = compact(g["label"])
    cands = [i for i, r in enumerate(rows) if any(label in c for c in r.cells)]
    if len(cands) > 1 and g["row_code"] not in ("", "-"):
        code = compact(g["row_code"])
        by_code = [i for i in cands if code in rows[i].cells]
        cands = by_code or cands
    if len(cands) > 1 and g["parent_label"]:
        under_parent = [i for i in cands if _first_below_parent(i, g, rows, cands)]
        cands = under_parent or cands
    return cands


def _first_below_parent(i: int, g: Golden, rows: list[FlatRow], cands: list[int]) -> bool:
    parent = compact(g["parent_label"])
    above = [j for j in range(i) if any(parent in c for c in rows[j].cells)]
    return bool(above) and not any(above[-1] < j < i for j in cands)


def score_grids(golden: list[Golden], grids: list[Grid], sample_years: set[str]) -> Score:
    rows = flatten(grids)
    value_cells = _value_cells(grids)
    used: set[tuple[int, int, int]] = set()
    found = 0
    for g in golden:
        cell = _find(g, grids, rows, sample_years, used)
        if cell is not None:
            used.add(cell)
            found += 1
    return Score(len(used & value_cells), len(value_cells), found, len(golden))


def _find(g: Golden, grids: list[Grid], rows: list[FlatRow], sample_years: set[str],
          used: set[tuple[int, int, int]]) -> tuple[int, int, int] | None:
    wanted = header_matcher(g, sample_years)
    for i in candidate_rows(g, rows):
        t, r = rows[i].table, rows[i].row
        line = grids[t][r]
        for c in columns_under(grids[t], r, wanted):
            if c < len(line) and (t, r, c) not in used and cell_holds(line[c], g):
                return (t, r, c)
    return None


def _value_cells(grids: list[Grid]) -> set[tuple[int, int, int]]:
    out = set()
    for t, grid in enumerate(grids):
        for r, line in enumerate(grid):
            for c in columns_under(grid, r, is_value_header):
                if c < len(line) and is_value_text(line[c]):
                    out.add((t, r, c))
    return out


def sample_years(name: str) -> set[str]:
    """Years the sample prints as column headers ("Năm 2019"), from its .txt."""
    return {m.group(1) for grid in txt_grids(SAMPLES / f"{name}.txt") for row in grid for c in row
            if (m := YEAR_HEADER.match(compact(c)))}


# ------------------------------------------------------------------ runs


def pdf_pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def timed(fn: Callable[[], object]) -> tuple[object, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


GRID_TOOLS: dict[str, Callable[[Path], list[Grid]]] = {
    "camelot-lattice": lambda p: camelot_grids(p, "lattice"),
    "camelot-stream": lambda p: camelot_grids(p, "stream"),
    "pdfplumber": pdfplumber_grids,
}
ALL_TOOLS = ("baocao-docx", "baocao-pdf", *GRID_TOOLS)


def run_tool(tool: str, name: str, golden: list[Golden]) -> Run:
    if tool.startswith("baocao-"):
        suffix = tool.removeprefix("baocao-")
        path = SAMPLES / f"{name}.{suffix}"
        result, secs = timed(lambda: process_file(path))
        units, unit_name = (pdf_pages(path), "pages") if suffix == "pdf" else (1, "docs")
        error = result.report.error if result.report.status != "ok" else ""
        return Run(name, tool, units, unit_name, secs, score_records(golden, list(result.values)), error)
    path = SAMPLES / f"{name}.pdf"
    grids, secs = timed(lambda: GRID_TOOLS[tool](path))
    return Run(name, tool, pdf_pages(path), "pages", secs, score_grids(golden, grids, sample_years(name)))


def available(tools: list[str]) -> list[str]:
    out = []
    for tool in tools:
        if tool.startswith("camelot"):
            try:
                import camelot  # noqa: F401
            except ImportError:
                print(f"skipping {tool}: camelot is not installed (pip install -e '.[peers]')", file=sys.stderr)
                continue
        out.append(tool)
    return out


def warm_up(tools: list[str], name: str) -> None:
    """One untimed call per tool, so imports and first-use set-up are not timed."""
    for tool in tools:
        if tool.startswith("baocao-"):
            process_file(SAMPLES / f"{name}.{tool.removeprefix('baocao-')}")
        else:
            GRID_TOOLS[tool](SAMPLES / f"{name}.pdf")


def self_check(names: list[str]) -> list[str]:
    """The grid scoring applied to the printed .txt tables must find every golden cell and nothing else."""
    problems = []
    for name in names:
        s = score_grids(load_golden(GOLDEN / f"{name}_values.csv"), txt_grids(SAMPLES / f"{name}.txt"),
                        sample_years(name))
        if (s.found, s.right_extracted, s.extracted) != (s.golden, s.golden, s.golden):
            problems.append(f"{name}: found {s.found}/{s.golden}, right {s.right_extracted}/{s.extracted}")
    return problems


# ------------------------------------------------------------------ report


def format_table(runs: list[Run]) -> str:
    head = f"{'sample':28s} {'tool':16s} {'cells':>5s} {'right':>5s} {'found':>9s} " \
           f"{'precision':>10s} {'recall':>7s} {'F1':>6s} {'speed':>16s}"
    lines = ["cells = value cells output (precision counts these), right = of them right, "
             "found = golden cells found / golden cells", "", head, "-" * len(head)]
    for r in runs:
        lines.append(_line(r.sample, r.tool, r.score, r.rate, r.unit_name) + (f"  ERROR {r.error}" if r.error else ""))
    lines += ["", "totals per tool (cells summed over samples; speed = all units / all seconds)", "-" * len(head)]
    for tool, score, rate, unit_name in totals(runs):
        lines.append(_line("ALL", tool, score, rate, unit_name))
    return "\n".join(lines)


def _line(sample: str, tool: str, s: Score, rate: float, unit_name: str) -> str:
    found = f"{s.found}/{s.golden}"
    return f"{sample:28s} {tool:16s} {s.extracted:5d} {s.right_extracted:5d} {found:>9s} " \
           f"{s.precision:10.3f} {s.recall:7.3f} {s.f1:6.3f} {rate:9.2f} {unit_name + '/s':>6s}"


def totals(runs: list[Run]) -> list[tuple[str, Score, float, str]]:
    out = []
    for tool in dict.fromkeys(r.tool for r in runs):
        mine = [r for r in runs if r.tool == tool]
        score = sum((r.score for r in mine), Score())
        seconds = sum(r.seconds for r in mine)
        out.append((tool, score, sum(r.units for r in mine) / seconds if seconds else 0.0, mine[0].unit_name))
    return out


def as_json(runs: list[Run]) -> dict:
    def figures(s: Score) -> dict:
        return {**asdict(s), "precision": s.precision, "recall": s.recall, "f1": s.f1}

    return {
        "runs": [{"sample": r.sample, "tool": r.tool, "units": r.units, "unit_name": r.unit_name,
                  "seconds": r.seconds, f"{r.unit_name}_per_second": r.rate, "error": r.error, **figures(r.score)}
                 for r in runs],
        "totals": [{"tool": tool, f"{unit_name}_per_second": rate, **figures(score)}
                   for tool, score, rate, unit_name in totals(runs)],
    }


def main(argv: list[str] | None = None) -> int:
    names_all = sorted(p.name.removesuffix("_values.csv") for p in GOLDEN.glob("*_values.csv"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", nargs="+", choices=names_all, default=names_all, metavar="NAME",
                    help="samples to score (default: all with a golden file)")
    ap.add_argument("--tools", nargs="+", choices=ALL_TOOLS, default=list(ALL_TOOLS), help="tools to run (default: all)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    problems = self_check(args.samples)
    if problems:
        print("the grid scoring does not reproduce the golden files from the .txt tables:\n  "
              + "\n  ".join(problems), file=sys.stderr)
        return 1
    tools = available(args.tools)
    warm_up(tools, args.samples[0])
    runs = [run_tool(tool, name, load_golden(GOLDEN / f"{name}_values.csv"))
            for name in args.samples for tool in tools]
    print(format_table(runs))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(as_json(runs), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
