"""What `baocao review DIR [--summary | --export]` does (the argument parsing is in baocao/cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .queue import build_queue, draw_sample, load_values
from .store import ReviewStore, error_rates, stale_reviews


def summary(out_dir: Path, *, sample: int = 200, seed: int = 0, file=None) -> int:
    """Print the error-rate estimate from the reviewed random sample: overall, per file, per template."""
    file = file or sys.stdout
    values = load_values(out_dir)
    store = ReviewStore(out_dir)
    stored = store.sample()
    ids = set(stored["value_id"]) if len(stored) else set(draw_sample(values, sample, seed)["value_id"])
    queue = build_queue(values, ids)
    reviews = store.reviews()
    rates = error_rates(queue, reviews)
    print("Estimated share of wrong values (corrected or rejected) among unflagged values,", file=file)
    print(f"from the reviewed random sample ({int(queue['in_sample'].sum())} values drawn):", file=file)
    print("  " + rates["overall"][0].text(), file=file)
    drawn, reviewed = int(queue["in_sample"].sum()), rates["overall"][0].reviewed
    if reviewed < drawn:
        print(f"  (only {reviewed} of the {drawn} sampled values reviewed: the pooled share stands for all files "
              "once the whole sample is reviewed)", file=file)
    for group in ("file", "template"):
        print(f"Per {group}:", file=file)
        for r in rates[group]:
            print("  " + r.text(), file=file)
    decided = reviews[reviews["decision"] != "skipped"] if len(reviews) else reviews
    print(f"Decisions: {len(decided)} (of {len(queue)} values in the queue)", file=file)
    stale = stale_reviews(values, reviews)
    if len(stale):
        print(f"Stale: {len(stale)} review(s) of files that changed since: "
              + ", ".join(sorted(set(stale["source_file"]))), file=file)
    return 0


def export(out_dir: Path) -> int:
    """Rewrite values (Parquet, CSV, SQLite) in out_dir with review_status and value_reviewed."""
    from baocao.output import write_outputs_frames

    values = pd.read_parquet(out_dir / "values.parquet")
    reports = pd.read_parquet(out_dir / "reports.parquet")
    written = write_outputs_frames(out_dir, values, reports)  # applies the reviews kept in baocao.duckdb
    reviewed = pd.read_parquet(out_dir / "values.parquet")
    counts = reviewed["review_status"].value_counts().to_dict()
    print("review_status: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for path in written.values():
        print(path)
    return 0


def serve_command(out_dir: Path, *, port: int, sample: int, seed: int, reviewer: str) -> int:
    from .app import serve

    serve(out_dir, port=port, sample=sample, seed=seed, reviewer=reviewer)
    return 0
