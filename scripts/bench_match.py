"""Milliseconds per label not seen before, full scoring (every indicator) vs the pruned path.

    python scripts/bench_match.py                 # row labels of samples/ (docx, pdf, txt)
    python scripts/bench_match.py --dir FOLDER    # also the row labels of the reports in FOLDER
    python scripts/bench_match.py --repeat 5      # rounds per path (default 3), the best kept

The labels are collected by running the pipeline once with match_label recorded; each is
then scored from a cold cache by both paths (CPU time of this process, pinned to one core).
"new path" is normalize.match._score_all_uncached as match_label uses it by default (the
best and the candidates listed with it, as `baocao match` prints them), "old path"
normalize.match._score_all_full, the reference that scores every indicator with every
scorer; both results are compared and any difference is printed. "per table" is what the
pipeline runs: the new labels of each table scored together (normalize.match_batch), the
same batches the run made, as far as the pipeline needs the ranking (the best and those
within the ambiguity margin: its records list no candidates); its rankings are compared with
the new path's made for the same head. Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from baocao import pipeline, table_records  # noqa: E402
from normalize import match  # noqa: E402
from normalize.match_batch import prefetch_scores  # noqa: E402


def collect_labels(folders: list[Path], batches: list[tuple[list[tuple[str, str | None]], int]] | None = None
                   ) -> list[str]:
    """The distinct row labels the pipeline matches in the files of `folders`; `batches`, when
    given, receives the (label, row code) lists the table stage prefetched, table by table, with
    the head of the ranking it asked for."""
    seen: list[str] = []
    real = table_records.match_label  # where the pipeline's table stage calls it
    real_prefetch = table_records.prefetch_scores

    def recording(label: str, **kw):
        seen.append(label)
        return real(label, **kw)

    def recording_prefetch(labels, indicators, needed=match.HEAD_WITH_CANDIDATES):
        labels = list(labels)
        if batches is not None:
            batches.append((labels, needed))
        return real_prefetch(labels, indicators, needed)

    table_records.match_label = recording
    table_records.prefetch_scores = recording_prefetch
    try:
        for folder in folders:
            for path in sorted(p for p in folder.glob("*") if p.is_file()):  # not samples/scans: OCR is slow
                try:
                    pipeline.process_file(path)
                except Exception as exc:  # a bad file only loses its labels  # noqa: BLE001
                    print(f"skipped {path.name}: {exc.__class__.__name__}", file=sys.stderr)
    finally:
        table_records.match_label = real
        table_records.prefetch_scores = real_prefetch
    return list(dict.fromkeys(seen))


def per_table_ms(batches: list[tuple[list[tuple[str, str | None]], int]]) -> tuple[float, dict]:
    """prefetch_scores over the recorded batches from a fresh list: ms per label it scored;
    label -> (ranking head, head size)."""
    indicators = match.load_indicators()
    indicators._index  # noqa: B018 (the index is built outside the timing)
    start = time.process_time()
    for batch, needed in batches:
        prefetch_scores(batch, indicators, needed)
    scored = dict(indicators._score_cache)
    return (time.process_time() - start) / max(len(scored), 1) * 1000, scored


def per_label_ms(score, labels: list[str], indicators: match.IndicatorList) -> tuple[float, list]:
    start = time.process_time()
    out = [score(label, indicators) for label in labels]
    return (time.process_time() - start) / max(len(labels), 1) * 1000, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", action="append", default=[], help="another folder of reports (repeatable)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds per path, the best kept (default 3)")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    folders = [ROOT / "samples", *map(Path, args.dir)]
    batches: list[tuple[list[tuple[str, str | None]], int]] = []
    labels = collect_labels(folders, batches)
    indicators = match.load_indicators()  # a fresh list: nothing cached
    indicators._index  # build the index outside the timing
    # rounds alternate between the paths and each keeps its best: every round scores every label
    # from scratch (the scorers cache nothing; the label keys were made once, by collect_labels)
    old_times, new_times, table_times = [], [], []
    for _ in range(args.repeat):
        old_ms, old = per_label_ms(match._score_all_full, labels, indicators)
        new_ms, new = per_label_ms(match._score_all_uncached, labels, indicators)
        table_ms, in_tables = per_table_ms(batches)
        old_times.append(old_ms)
        new_times.append(new_ms)
        table_times.append(table_ms)
    old_ms, new_ms, table_ms = min(old_times), min(new_times), min(table_times)
    alone = match.load_indicators()
    table_differ = [lab for lab, (scored, needed) in in_tables.items()
                    if scored != match._score_all_uncached(lab, alone, needed=needed)]
    key = lambda s: (s.pos, s.score, s.accent_free)  # noqa: E731
    differ = [lab for lab, a, b in zip(labels, old, new) if [key(s) for s in b] != [key(s) for s in a[:len(b)]]]
    print(f"{len(labels)} distinct labels from {', '.join(str(f) for f in folders)}")
    print(f"old path (score every indicator): {old_ms:6.2f} ms per new label")
    print(f"new path (bounds, then pruned):   {new_ms:6.2f} ms per new label   x{old_ms / new_ms:.1f}")
    print(f"rankings that differ: {len(differ)}" + (f" e.g. {differ[:3]}" if differ else ""))
    print(f"per table (as the pipeline, no candidates): {table_ms:6.2f} ms per new label   ({len(in_tables)} labels in "
          f"{len(batches)} tables; rankings that differ from the new path: {len(table_differ)})")
    if args.repeat > 1:
        print("every round, ms per new label: old " + ", ".join(f"{t:.2f}" for t in old_times)
              + "; new " + ", ".join(f"{t:.2f}" for t in new_times)
              + "; per table " + ", ".join(f"{t:.2f}" for t in table_times))
    return 1 if differ or table_differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
