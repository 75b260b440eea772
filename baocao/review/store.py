"""Review decisions in DIR/baocao.duckdb, and what they do to the outputs.

Table `reviews` holds one row per value (keyed on value_id, baocao/ids.py): the latest
decision. value_id is built from the file's report_id (its content hash) and the value's
position, so a re-extraction of an unchanged file finds its reviews again, and a changed
file's reviews no longer match any value: they are reported as stale, never applied to
the new values.

Table `review_sample` keeps which values were drawn into the random sample (queue.py),
so the error-rate estimate uses only the random sample of unflagged values, and a
restart does not draw a new sample.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import duckdb
import pandas as pd

DB_NAME = "baocao.duckdb"
DECISIONS = ("confirmed", "corrected", "rejected_not_value", "rejected_label", "rejected_period", "skipped")
WRONG = ("corrected", "rejected_not_value", "rejected_label", "rejected_period")
REVIEW_COLUMNS = ("value_id", "report_id", "source_file", "decision", "value_before", "value_after", "text_after",
                  "value_raw", "reviewer", "decided_at", "in_sample", "reason")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    value_id VARCHAR PRIMARY KEY,
    report_id VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    decision VARCHAR NOT NULL,
    value_before DOUBLE,
    value_after DOUBLE,
    text_after VARCHAR,
    value_raw VARCHAR,
    reviewer VARCHAR NOT NULL,
    decided_at TIMESTAMP NOT NULL,
    in_sample BOOLEAN NOT NULL,
    reason VARCHAR
);
CREATE TABLE IF NOT EXISTS review_sample (
    value_id VARCHAR PRIMARY KEY,
    report_id VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    template VARCHAR,
    seed INTEGER,
    drawn_at TIMESTAMP
);
"""


@dataclass(frozen=True)
class Decision:
    value_id: str
    report_id: str
    source_file: str
    decision: str
    value_before: float | None
    value_after: float | None
    text_after: str | None
    value_raw: str | None
    reviewer: str
    decided_at: datetime
    in_sample: bool
    reason: str


class ReviewStore:
    """The review tables of one output folder. One connection per call, under a lock:
    DuckDB allows one writing process, and the web server handles requests in threads."""

    def __init__(self, out_dir: Path):
        self.path = Path(out_dir) / DB_NAME
        self._lock = threading.Lock()
        with self._connect() as con:
            con.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            con = duckdb.connect(str(self.path))
            try:
                yield con
            finally:
                con.close()

    def reviews(self) -> pd.DataFrame:
        with self._connect() as con:
            return con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews").df()

    def record(self, d: Decision) -> Decision:
        """Save a decision; a skip never overwrites an earlier real decision on the same value."""
        if d.decision not in DECISIONS:
            raise ValueError(f"unknown decision {d.decision!r}")
        with self._connect() as con:
            if d.decision == "skipped":
                row = con.execute("SELECT decision FROM reviews WHERE value_id = ?", [d.value_id]).fetchone()
                if row and row[0] != "skipped":
                    return d
            con.execute("INSERT OR REPLACE INTO reviews VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [d.value_id, d.report_id, d.source_file, d.decision, d.value_before, d.value_after,
                         d.text_after, d.value_raw, d.reviewer, d.decided_at, d.in_sample, d.reason])
        return d

    def sample(self) -> pd.DataFrame:
        with self._connect() as con:
            return con.execute("SELECT value_id, report_id, source_file, template, seed FROM review_sample").df()

    def save_sample(self, rows: pd.DataFrame, seed: int) -> None:
        if rows.empty:
            return
        now = utc_now()
        with self._connect() as con:
            con.executemany("INSERT OR REPLACE INTO review_sample VALUES (?, ?, ?, ?, ?, ?)",
                            [[r.value_id, r.report_id, r.source_file, r.template, seed, now]
                             for r in rows.itertuples()])


def utc_now() -> datetime:
    """Naive UTC (DuckDB TIMESTAMP has no zone; the column is documented as UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def read_reviews(out_dir: Path) -> pd.DataFrame:
    """The reviews of an output folder; an empty frame when there is no database yet."""
    path = Path(out_dir) / DB_NAME
    if not path.exists():
        return pd.DataFrame(columns=list(REVIEW_COLUMNS))
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        if "reviews" not in tables:
            return pd.DataFrame(columns=list(REVIEW_COLUMNS))
        return con.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM reviews").df()
    finally:
        con.close()


def apply_reviews(values_df: pd.DataFrame, reviews_df: pd.DataFrame) -> pd.DataFrame:
    """values_df with `review_status` and `value_reviewed` from the decisions.

    review_status: confirmed | corrected | rejected | unreviewed (a skip is no review).
    value_reviewed: the value after review: the reviewer's number when corrected, empty
    when rejected, else the extracted value (so unreviewed rows keep theirs; filter on
    review_status to use reviewed values only). Reviews are matched on value_id, which
    carries the file's report_id: a review of an older version of a file matches nothing.
    """
    from .queue import with_value_ids

    ids = with_value_ids(values_df)["value_id"].tolist()
    out = values_df.copy()
    by_id = {}
    if len(reviews_df):
        real = reviews_df[reviews_df["decision"] != "skipped"]
        by_id = {r.value_id: (r.decision, r.value_after) for r in real.itertuples()}
    status, reviewed = [], []
    for vid, value in zip(ids, out["value"]):
        decision, after = by_id.get(vid, ("unreviewed", None))
        if decision == "confirmed":
            status.append("confirmed"), reviewed.append(value)
        elif decision == "corrected":
            status.append("corrected"), reviewed.append(after)
        elif decision.startswith("rejected"):
            status.append("rejected"), reviewed.append(None)
        else:
            status.append("unreviewed"), reviewed.append(value)
    out["review_status"] = pd.array(status, dtype="string")
    out["value_reviewed"] = pd.array([None if v is None or pd.isna(v) else float(v) for v in reviewed],
                                     dtype="Float64")
    return out


def current_files(values_df: pd.DataFrame) -> set[tuple[str, str]]:
    """(source_file, report_id) of every file in values."""
    pairs = values_df[["source_file", "report_id"]].drop_duplicates()
    return set(zip(pairs["source_file"].astype(str), pairs["report_id"].astype(str)))


def stale_reviews(values_df: pd.DataFrame, reviews_df: pd.DataFrame,
                  current: set[tuple[str, str]] | None = None) -> pd.DataFrame:
    """Reviews whose file has changed: their report_id is no longer that source_file's report_id."""
    if not len(reviews_df):
        return reviews_df
    current = current_files(values_df) if current is None else current
    keep = [(s, r) not in current for s, r in zip(reviews_df["source_file"], reviews_df["report_id"])]
    return reviews_df[keep]


# ------------------------------------------------------------------ the error rate


def wilson_interval(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for k successes out of n; (0, 1) when n is 0."""
    if n <= 0:
        return (0.0, 1.0)
    if not 0 <= k <= n:
        raise ValueError(f"k={k} outside 0..n={n}")
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class ErrorRate:
    group: str
    wrong: int
    reviewed: int
    low: float
    high: float

    @property
    def share(self) -> float | None:
        return self.wrong / self.reviewed if self.reviewed else None

    def text(self) -> str:
        if not self.reviewed:
            return f"{self.group}: no sampled value reviewed yet"
        return (f"{self.group}: {self.wrong}/{self.reviewed} wrong = {100 * self.share:.1f}% "
                f"(95% Wilson interval {100 * self.low:.1f}%–{100 * self.high:.1f}%)")


def error_rates(queue_df: pd.DataFrame, reviews_df: pd.DataFrame) -> dict[str, list[ErrorRate]]:
    """Share of wrong values (corrected or rejected) among the reviewed random-sample values,
    overall, per file and per template. Skips and stale reviews are not counted.

    The sample is drawn in proportion to each stratum's size (queue.draw_sample), so the
    pooled share is the estimate for all unflagged values (up to the one-per-stratum floor)."""
    sample = queue_df[queue_df["in_sample"]]
    real = reviews_df[reviews_df["decision"] != "skipped"] if len(reviews_df) else reviews_df
    decided = dict(zip(real["value_id"], real["decision"])) if len(real) else {}
    rows = sample[sample["value_id"].isin(decided)].copy()
    rows["wrong"] = pd.Series([decided[v] in WRONG for v in rows["value_id"]], index=rows.index, dtype=bool)

    def rate(name: str, part: pd.DataFrame) -> ErrorRate:
        k, n = int(part["wrong"].sum()), len(part)
        low, high = wilson_interval(k, n)
        return ErrorRate(name, k, n, low, high)

    return {
        "overall": [rate("all files", rows)],
        "file": [rate(str(f), rows[rows["source_file"] == f]) for f in sorted(sample["source_file"].unique())],
        "template": [rate(str(t), rows[rows["template"] == t]) for t in sorted(sample["template"].unique())],
    }
