"""Which values a reviewer checks, in what order.

The queue is every value that is flagged or below the review threshold (confidence < 0.8),
plus a random sample of the others. The sample is stratified by file and template so
every kind of table in every file is looked at:

    template = the value's appendix section as printed ('Biểu mẫu 3', 'Phụ lục 4', 'III'),
               'văn bản (prose)' for figures read from sentences, and
               'bảng ngoài phụ lục' for table values outside any appendix section.

The sample size is split over the strata (file, template) in proportion to their size
(largest remainders; at least one per stratum while the size allows), and inside a
stratum the values with the smallest sha256(seed:value_id) are drawn: the same seed and
the same files give the same sample. The drawn ids are stored (store.review_sample), so
a restart keeps the sample. The queue is ordered by file, then position in the file, so
one file's values come together.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from baocao.ids import value_id

REVIEW_THRESHOLD = 0.8
PROSE_TEMPLATE = "văn bản (prose)"
NO_SECTION_TEMPLATE = "bảng ngoài phụ lục"
_ID_PARTS = ("report_id", "origin", "table_index", "row", "col", "char_start", "char_end", "line", "page")


def _plain(v):
    """pandas NA / NaN -> None; numpy ints -> int (value ids write None as empty)."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return int(v) if isinstance(v, float) and v.is_integer() else (v if isinstance(v, str) else int(v))


def with_value_ids(values: pd.DataFrame) -> pd.DataFrame:
    """values with a `value_id` column (computed from the row's position when the column is missing)."""
    if "value_id" in values.columns and values["value_id"].notna().all():
        return values.copy()
    out = values.copy()
    out["value_id"] = pd.array(
        [value_id(r[0], r[1], *(_plain(v) for v in r[2:])) for r in out[list(_ID_PARTS)].itertuples(index=False)],
        dtype="string")
    return out


def template_of(section: object, origin: object) -> str:
    if origin == "inline":
        return PROSE_TEMPLATE
    return section.strip() if isinstance(section, str) and section.strip() else NO_SECTION_TEMPLATE


def flag_text(flags: object) -> str:
    """Flags as one ';'-joined string, whether stored as a list (Parquet) or as text (CSV, older runs)."""
    if flags is None or (isinstance(flags, float) and pd.isna(flags)):
        return ""
    if isinstance(flags, str):
        return flags
    return ";".join(str(f) for f in flags)


def reason_of(flags: object, confidence: object) -> str:
    if isinstance(flags, str) and flags.strip():
        return "flagged"
    if confidence is None or pd.isna(confidence) or float(confidence) < REVIEW_THRESHOLD:
        return "low_confidence"
    return "sample"


def load_values(out_dir: Path) -> pd.DataFrame:
    path = Path(out_dir) / "values.parquet"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no values.parquet (run `baocao run ... --out {out_dir}` first)")
    values = with_value_ids(pd.read_parquet(path))
    values["flags"] = values["flags"].map(flag_text)  # a list in Parquet; the page shows and splits text
    for col in _ID_PARTS[2:]:  # positions: integers (a column with gaps comes back from Parquet as floats)
        values[col] = values[col].astype("Int64")
    values["template"] = [template_of(s, o) for s, o in zip(values["section"], values["origin"])]
    values["reason"] = [reason_of(f, c) for f, c in zip(values["flags"], values["confidence"])]
    return values


def _rank(seed: int, vid: str) -> str:
    return hashlib.sha256(f"{seed}:{vid}".encode()).hexdigest()


def allocate(sizes: dict, n: int) -> dict:
    """Split n over strata in proportion to their sizes (largest remainders), at least one
    per stratum when n allows, never more than a stratum holds."""
    total = sum(sizes.values())
    n = min(n, total)
    if n <= 0:
        return {k: 0 for k in sizes}
    floor = 1 if n >= len(sizes) else 0
    share = {k: max(floor, int(n * s / total)) for k, s in sizes.items()}
    share = {k: min(v, sizes[k]) for k, v in share.items()}
    order = sorted(sizes, key=lambda k: (-(n * sizes[k] / total - int(n * sizes[k] / total)), str(k)))
    while sum(share.values()) < n:
        grew = False
        for k in order:
            if sum(share.values()) >= n:
                break
            if share[k] < sizes[k]:
                share[k] += 1
                grew = True
        if not grew:
            break
    while sum(share.values()) > n:  # the one-per-stratum floor can overshoot: take back from the largest
        k = max((k for k in share if share[k] > 1), key=lambda k: share[k] - n * sizes[k] / total)
        share[k] -= 1
    return share


def draw_sample(values: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """The random sample of unflagged values: rows of `values` (reason == 'sample')."""
    pool = values[values["reason"] == "sample"]
    if n <= 0 or pool.empty:
        return pool.iloc[0:0]
    groups = dict(list(pool.groupby(["source_file", "template"], sort=True)))
    share = allocate({k: len(g) for k, g in groups.items()}, n)
    picked = []
    for k, g in groups.items():
        if share[k]:
            ranks = g["value_id"].map(lambda v: _rank(seed, v))
            picked.append(g.loc[ranks.sort_values().index[: share[k]]])
    return pd.concat(picked) if picked else pool.iloc[0:0]


def build_queue(values: pd.DataFrame, sample_ids: set[str]) -> pd.DataFrame:
    """Flagged and low-confidence values plus the sampled ones, one file after the other."""
    values = values.copy()
    values["in_sample"] = values["value_id"].isin(sample_ids) & (values["reason"] == "sample")
    queue = values[(values["reason"] != "sample") | values["in_sample"]]
    keys = [c for c in ("source_file", "page", "table_index", "row", "col", "line", "char_start") if c in queue]
    return queue.sort_values(keys, na_position="last", kind="stable").reset_index(drop=True)
