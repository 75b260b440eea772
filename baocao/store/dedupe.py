"""Each fact once: value ids, report keys, the preferred source, prose figures linked to cells.

All of it depends on the whole dataset (which files hold the same report), so it runs on the
combined frames at the output stage, never per file.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import math
import unicodedata
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import regex

from baocao.ids import value_id

CONTENT_SIMILARITY = 0.8  # share of the smaller file's figures found in the other file
CONTENT_MIN_SHARED = 5  # fewer shared figures than this is too little to call two files one report
_COMMON_FIGURE = 50  # a figure found in more files than this (a 0, a 100 %) says nothing about identity
_OCR_WARNING = regex.compile(r"\bread by OCR\b")  # extract/ocr/reader.py's note on OCR'd PDF pages
_SPACE = regex.compile(r"\s+")

POSITION = ("report_id", "origin", "table_index", "row", "col", "char_start", "char_end", "line", "page")


def _norm(text) -> str:
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", str(text))).strip().casefold()


def _py(v):
    """A frame cell as the plain Python value ids.value_id expects (None for null)."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return int(v) if hasattr(v, "__index__") or isinstance(v, float) else v


def _column(df: pd.DataFrame, name: str) -> list:
    """A column as a list of plain Python values, None for null (iterating a pandas extension
    array value by value costs more than the work done on each value)."""
    return df[name].to_numpy(dtype=object, na_value=None).tolist()


def fill_value_ids(values: pd.DataFrame) -> pd.Series:
    """value_id of every row (kept where already given), by baocao.ids.value_id."""
    given = values["value_id"].astype("string") if "value_id" in values else None
    if given is not None and not given.isna().any():
        return given
    todo = values if given is None else values[given.isna().to_numpy()]
    cols = [_column(todo, c) for c in POSITION]
    ids = [value_id(*(_py(v) for v in row)) for row in zip(*cols)]
    computed = pd.Series(ids, index=todo.index, dtype="string")
    if given is None:
        return computed
    out = given.copy()
    out.loc[computed.index] = computed
    return out


# ---------------------------------------------------------------- report keys


@functools.lru_cache(maxsize=1)
def source_ranks() -> dict[str, int]:
    path = Path(__file__).resolve().parents[2] / "schemas" / "source_preference.csv"
    with path.open(encoding="utf-8") as fh:
        return {r["source_kind"]: int(r["rank"]) for r in csv.DictReader(fh)}


def _meta(r: dict) -> tuple[str, str, str]:
    d = r.get("date")
    return _norm(r.get("number")), "" if d is None or pd.isna(d) else str(d), _norm(r.get("issuing_body"))


def _compatible(a: tuple, b: tuple) -> bool:
    """Same number; date and issuing body equal wherever both files state them."""
    return bool(a[0]) and a[0] == b[0] and all(x == y or not x or not y for x, y in zip(a[1:], b[1:]))


def _conflicting(a: tuple, b: tuple) -> bool:
    """Both state a number (or a date) and they differ: not the same report, whatever the figures."""
    return any(x and y and x != y for x, y in zip(a[:2], b[:2]))


def _codes(s: pd.Series) -> np.ndarray:
    """Equal cells share a code; every null has the code -1."""
    return pd.factorize(s)[0]


def _rounded_codes(number: np.ndarray) -> np.ndarray:
    """Numbers equal once rounded to 6 decimals (Python's round, as the keys always were) share a
    code; a NaN equals nothing, not even another NaN."""
    codes, distinct = pd.factorize(number)
    rounded = pd.factorize(np.array([round(float(x), 6) for x in distinct], dtype="float64"))[0]
    return np.where(np.isnan(number), -2 - np.arange(len(number)), rounded[np.maximum(codes, 0)])


def _figures(values: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Each report_id's distinct numeric figures (indicator or label, period, value): the (file, figure)
    pairs as two code arrays, once each, and the report ids in code order (sorted: a code pair orders
    as its report ids do)."""
    v = values.loc[values["value"].notna().to_numpy(), ["report_id", "indicator_id", "label_raw", "period_start",
                                                       "period_end", "value"]]
    rid_codes, rids = pd.factorize(v["report_id"], sort=True)
    # what: the indicator, else the normalised label (one namespace, as the two were compared before)
    what = v["indicator_id"].to_numpy(dtype=object, na_value=None)
    unmatched = pd.isna(what)
    if unmatched.any():
        label_codes, labels = pd.factorize(v["label_raw"][unmatched])
        what[unmatched] = np.array([_norm(t) for t in labels] + [""], dtype=object)[label_codes]
    keys = pd.DataFrame({"rid": rid_codes, "what": pd.factorize(what)[0], "start": _codes(v["period_start"]),
                         "end": _codes(v["period_end"]),
                         "value": _rounded_codes(v["value"].to_numpy(dtype="float64"))}).drop_duplicates()
    figure = keys.groupby(["what", "start", "end", "value"], sort=False).ngroup().to_numpy()
    return keys["rid"].to_numpy(), figure, [str(r) for r in rids]


class _Groups:
    def __init__(self, ids):
        self.parent = {i: i for i in ids}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _content_pairs(values: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(similarity, a, b) for file pairs sharing enough figures, most similar first."""
    rid, figure, rids = _figures(values)
    if not len(rid):
        return []
    holders = np.bincount(figure)
    rare_mask = holders[figure] <= _COMMON_FIGURE
    rare = np.bincount(rid[rare_mask], minlength=len(rids))  # per file, its figures few files hold
    held = pd.DataFrame({"figure": figure[rare_mask], "rid": rid[rare_mask]})
    both = held.merge(held, on="figure")  # every two holders of a rare figure
    a, b = both["rid_x"].to_numpy(), both["rid_y"].to_numpy()
    keep = a < b
    pair, shared = np.unique(a[keep].astype(np.int64) * len(rids) + b[keep], return_counts=True)
    out = []
    for code, n in zip(pair[shared >= CONTENT_MIN_SHARED].tolist(), shared[shared >= CONTENT_MIN_SHARED].tolist()):
        i, j = divmod(code, len(rids))
        sim = n / min(int(rare[i]), int(rare[j]))
        if sim >= CONTENT_SIMILARITY:
            out.append((sim, rids[i], rids[j]))
    return sorted(out, key=lambda t: (-t[0], t[1], t[2]))


def report_keys(reports: pd.DataFrame, values: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(report_key, report_key_basis) per reports row.

    Files join by metadata (same number; date and issuing body equal where both state them), then
    by figures. A group never holds two different numbers or dates. A file whose figures fit
    several such groups joins none of them (basis 'ambiguous'): which report it belongs to is
    not guessed."""
    recs = reports.to_dict("records")
    ids = [r["report_id"] for r in recs]
    meta = {r["report_id"]: _meta(r) for r in recs}
    return join_by_content(reports, ids, meta, _metadata_groups(ids, meta), _content_pairs(values))


def _metadata_groups(ids: list[str], meta: dict[str, tuple[str, str, str]]) -> _Groups:
    """Files stating compatible metadata under the same number, joined."""
    groups = _Groups(ids)
    by_number: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        if meta[rid][0]:
            by_number[meta[rid][0]].append(rid)
    for members in by_number.values():
        # files stating the same metadata are one group, compatible with the same others: pairs are
        # checked between distinct statements only (a group's root is its smallest id, whatever the order)
        first: dict[tuple, str] = {}
        for rid in members:
            groups.union(first.setdefault(meta[rid], rid), rid)
        stated_once = list(first.items())
        for i, (ma, a) in enumerate(stated_once):
            for mb, b in stated_once[i + 1:]:
                if _compatible(ma, mb):
                    groups.union(a, b)
    return groups


def join_by_content(reports: pd.DataFrame, ids: list[str], meta: dict[str, tuple[str, str, str]], groups: _Groups,
                    content_pairs: list[tuple[float, str, str]]) -> tuple[pd.Series, pd.Series]:
    """The metadata groups joined further by shared figures (`content_pairs`, most similar first),
    where that makes no group hold two numbers or dates; then a key and its basis per file."""
    stated: dict[str, set] = defaultdict(set)  # group root -> the (number, date) its files state
    for rid in ids:
        stated[groups.find(rid)].add(meta[rid][:2])

    def conflict(ra: str, rb: str) -> bool:
        return any(_conflicting(x, y) for x in stated[ra] for y in stated[rb])

    pairs = [(sim, a, b) for sim, a, b in content_pairs if a in meta and b in meta]
    reach: dict[str, set] = defaultdict(set)  # file -> metadata groups (with a number) its figures fit
    for _, a, b in pairs:
        for x, y in ((a, b), (b, a)):
            if meta[y][0] and groups.find(x) != groups.find(y):
                reach[x].add(groups.find(y))
    ambiguous = {f for f, roots in reach.items()
                 if any(conflict(r1, r2) for r1 in roots for r2 in roots if r1 < r2)}
    by_content = set()
    for _, a, b in pairs:
        ra, rb = groups.find(a), groups.find(b)
        if a in ambiguous or b in ambiguous or ra == rb or conflict(ra, rb):
            continue
        groups.union(a, b)
        stated[groups.find(a)] = stated[ra] | stated[rb]
        by_content.update((a, b))
    members: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        members[groups.find(rid)].append(rid)
    key_of, basis_of = {}, {}
    for rids in members.values():
        numbered = sorted("|".join(meta[r]) for r in rids if meta[r][0])
        seed = "meta|" + numbered[0] if numbered else "file|" + min(rids)
        key = hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
        basis = "single" if len(rids) == 1 else ("content" if any(r in by_content for r in rids) else "metadata")
        for r in rids:
            key_of[r], basis_of[r] = key, ("ambiguous" if r in ambiguous else basis)
    return (pd.Series([key_of[i] for i in ids], index=reports.index, dtype="string"),
            pd.Series([basis_of[i] for i in ids], index=reports.index, dtype="string"))


def is_scan(report: dict, bbox_units: set) -> bool:
    """An image file, or a PDF whose values came through OCR (pixel boxes, or the reader says so)."""
    if report.get("source_kind") == "image" or "px" in bbox_units:
        return True
    return bool(_OCR_WARNING.search(str(report.get("warnings") or "")))


def preferred(reports: pd.DataFrame, values: pd.DataFrame) -> pd.Series:
    """One True per report_key: readable over unreadable, then source rank, fewer flags, more values."""
    ranks = source_ranks()
    units = defaultdict(set)
    if "bbox_unit" in values:
        for rid, u in zip(_column(values, "report_id"), _column(values, "bbox_unit")):
            if isinstance(u, str):
                units[rid].add(u)
    carrying = values[values["flags"].map(len) > 0].groupby("report_id").size()
    counted = values.groupby("report_id").size()
    best: dict[str, tuple] = {}
    for i, r in zip(reports.index, reports.to_dict("records")):
        rid = r["report_id"]
        kind = "scan" if is_scan(r, units[rid]) else (r.get("source_kind") or "")
        score = (r.get("status") != "error", r.get("status") == "ok", ranks.get(kind, 0),
                 -int(carrying.get(rid, 0)), int(counted.get(rid, 0)), _neg(rid))
        if r["report_key"] not in best or score > best[r["report_key"]][0]:
            best[r["report_key"]] = (score, i)
    winners = {i for _, i in best.values()}
    return pd.Series([i in winners for i in reports.index], index=reports.index, dtype="boolean")


def _neg(text: str) -> tuple:
    """Sorts the smaller report_id first among otherwise equal files, so the choice is stable."""
    return tuple(-ord(c) for c in text)


# ---------------------------------------------------------------- prose figure <-> appendix cell


def same_as(values: pd.DataFrame) -> pd.Series:
    """Link a prose figure to the one appendix cell of its file stating the same indicator,
    period, entity and value (both ways; a cell several figures point at names the first of them).
    Two candidate cells: no link (no guessing)."""
    origin = values["origin"].astype("string")
    # only a table cell or an inline figure with an indicator and a value can take part
    useful = (origin.isin(["table", "inline"]) & values["indicator_id"].notna() & values["value"].notna()).to_numpy()
    rows = values.loc[useful]
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    if not len(rows):
        return out
    number = rows["value"].to_numpy(dtype="float64")
    measure = pd.DataFrame({"rid": _codes(rows["report_id"]), "ind": _codes(rows["indicator_id"]),
                            "start": _codes(rows["period_start"]), "end": _codes(rows["period_end"]),
                            "value": _rounded_codes(number)}).groupby(
        ["rid", "ind", "start", "end", "value"], sort=False).ngroup().to_numpy()
    kind = origin[useful].to_numpy(dtype=object)
    at = np.arange(len(rows))
    cells = pd.DataFrame({"measure": measure[kind == "table"], "j": at[kind == "table"]})
    figures = pd.DataFrame({"measure": measure[kind == "inline"], "i": at[kind == "inline"]})
    pairs = figures.merge(cells, on="measure")
    if "entity" in values and len(pairs):
        codes, names = pd.factorize(rows["entity"])
        normed = np.array([_norm(n) for n in names] + [""], dtype=object)[codes]  # code -1 (null): ""
        a, b = normed[pairs["i"].to_numpy()], normed[pairs["j"].to_numpy()]
        pairs = pairs[(a == b) | (a == "") | (b == "")]
    pairs = pairs[pairs.groupby("i")["j"].transform("size").to_numpy() == 1]
    if not len(pairs):
        return out
    ids = rows["value_id"].to_numpy(dtype=object, na_value=None)
    first = pairs.sort_values("i", kind="stable").drop_duplicates("j")  # the cell points back at its first figure
    link = dict(zip(pairs["i"].tolist(), ids[pairs["j"].to_numpy()].tolist()))
    link.update(zip(first["j"].tolist(), ids[first["i"].to_numpy()].tolist()))
    where = sorted(link)
    out.loc[rows.index[where]] = [link[i] for i in where]
    return out


def _entity_fits(a, b) -> bool:
    a, b = _norm(a), _norm(b)
    return a == b or not a or not b
