"""Time each phase of the publish step on the parts of an existing out folder.

    python scripts/bench_publish.py OUT_DIR [--repeat N] [--whole]

Runs the steps of output.write_outputs_frames one after the other in this process (the side
process's writers too, so each figure is that phase's own cost) and prints a table of the
median seconds over N rounds. "before" is the main process's work before the second process
is forked (assembling and linking the dataset); then "main" and "side" write their files
(output.SIDE_FILES) at the same time, so at --jobs 2 on two free cores the step takes about
before + max(main, side), and at --jobs 1 the sum. --whole also times write_outputs_frames
itself with jobs 1 and 2. Nothing under OUT_DIR is changed: the files are written to a
temporary folder.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow.parquet as pq  # noqa: E402

from baocao import output  # noqa: E402
from baocao.parts import assemble, read_index  # noqa: E402
from baocao.store import dedupe  # noqa: E402
from baocao.store.databases import write_duckdb, write_sqlite  # noqa: E402
from baocao.store.excel import write_xlsx  # noqa: E402
from baocao.store.frames import conform, to_arrow  # noqa: E402
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS  # noqa: E402


class Clock:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float]] = []

    def __call__(self, name: str, where: str, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        self.rows.append((name, where, time.perf_counter() - t))
        return out


def phases(out_dir: Path, dest: Path) -> Clock:
    clock = Clock()
    parts = sorted(read_index(out_dir / "parts").values(), key=lambda p: p.source_file)
    v, r = clock("assemble", "before", assemble, parts)
    values = clock("conform values", "before", conform, v, VALUES_COLUMNS)
    reports = clock("conform reports", "before", conform, r, REPORTS_COLUMNS)
    values["value_id"] = clock("fill_value_ids", "before", dedupe.fill_value_ids, values)
    reports["report_key"], reports["report_key_basis"] = clock("report_keys", "before", dedupe.report_keys,
                                                               reports, values)
    reports["is_preferred_source"] = clock("preferred", "before", dedupe.preferred, reports, values)
    for col in ("report_key", "is_preferred_source"):
        values[col] = clock(f"per_file {col}", "before", output._per_file, values, reports, col)
    values["same_as"] = clock("same_as", "before", dedupe.same_as, values)
    values = clock("finalise_values", "before", output.finalise_values, values, None)
    frames = {"values": (values, VALUES_COLUMNS), "reports": (reports, REPORTS_COLUMNS)}
    arrow = {name: clock(f"to_arrow {name}", "before", to_arrow, df, cols) for name, (df, cols) in frames.items()}

    def where(file: str) -> str:
        return "side" if file in output.SIDE_FILES else "main"

    for name, (df, cols) in frames.items():
        clock(f"parquet {name}", where(f"{name}.parquet"), pq.write_table, arrow[name], dest / f"{name}.parquet")
        clock(f"csv {name}", where(f"{name}.csv"), output.write_csv, dest / f"{name}.csv", df, cols, arrow[name])
    comments = {"facts": {n: d for n, _, d in VALUES_COLUMNS}, "reports": {n: d for n, _, d in REPORTS_COLUMNS}}
    clock("duckdb", where("baocao.duckdb"), write_duckdb, dest / "baocao.duckdb",
          {"facts": arrow["values"], "reports": arrow["reports"]}, comments)
    clock("xlsx", where("baocao.xlsx"), write_xlsx, dest / "baocao.xlsx",
          {"facts": (arrow["values"], VALUES_COLUMNS), "reports": (arrow["reports"], REPORTS_COLUMNS)})
    clock("sqlite", where("baocao.sqlite"), lambda: write_sqlite(
        dest / "baocao.sqlite", output.sqlite_tables(values, reports, arrow), list(values.columns)))
    return clock


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--repeat", type=int, default=1, help="rounds; each phase's median is shown (default 1)")
    ap.add_argument("--whole", action="store_true", help="also time write_outputs_frames with jobs 1 and 2")
    args = ap.parse_args(argv)
    dest = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    try:
        rounds = []
        for _ in range(args.repeat):
            shutil.rmtree(dest)
            dest.mkdir()
            rounds.append(phases(args.out_dir, dest).rows)
        total = {"before": 0.0, "main": 0.0, "side": 0.0}
        print(f"{'phase':<28} {'process':<7} {'seconds':>8}")
        for i, (name, where, _) in enumerate(rounds[0]):
            sec = statistics.median(r[i][2] for r in rounds)
            total[where] += sec
            print(f"{name:<28} {where:<7} {sec:8.2f}")
        print(f"{'total (--jobs 1)':<36} {sum(total.values()):8.2f}")
        print(f"{'before + max(main, side) (--jobs 2)':<36} {total['before'] + max(total['main'], total['side']):8.2f}")
        print(f"before the fork {total['before']:.2f} s; then main {total['main']:.2f} s, side {total['side']:.2f} s "
              f"({', '.join(output.SIDE_FILES)})")
        if args.whole:
            parts = sorted(read_index(args.out_dir / "parts").values(), key=lambda p: p.source_file)
            for jobs in (1, 2):
                shutil.rmtree(dest)
                dest.mkdir()
                t = time.perf_counter()
                v, r = assemble(parts)
                output.write_outputs_frames(dest, v, r, jobs)
                print(f"assemble + write_outputs_frames jobs={jobs}: {time.perf_counter() - t:.2f} s")
    finally:
        shutil.rmtree(dest, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
