"""The plain forms of store.dedupe's report keys (a Python loop per figure and per pair of files), as
they were before the figures were counted with array operations: the tests compare the two."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from baocao.store import dedupe


def _figures(values: pd.DataFrame) -> dict[str, set]:
    """Per report_id, the set of its numeric figures: (indicator or label, period, value)."""
    cols = ["report_id", "indicator_id", "label_raw", "period_start", "period_end", "value"]
    v = values.loc[values["value"].notna().to_numpy(), cols]
    out: dict[str, set] = defaultdict(set)
    for rid, ind, label, start, end, val in zip(*(dedupe._column(v, c) for c in cols)):
        what = ind if isinstance(ind, str) else dedupe._norm(label)
        out[rid].add((what, str(start), str(end), round(float(val), 6)))
    return out


def _content_pairs(values: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(similarity, a, b) for file pairs sharing enough figures, most similar first."""
    figures = _figures(values)
    holders: dict[tuple, list[str]] = defaultdict(list)
    for rid, figs in figures.items():
        for f in figs:
            holders[f].append(rid)
    rare = {rid: sum(len(holders[f]) <= dedupe._COMMON_FIGURE for f in figs) for rid, figs in figures.items()}
    shared: Counter = Counter()
    for rids in holders.values():
        if len(rids) <= dedupe._COMMON_FIGURE:
            for i, a in enumerate(rids):
                for b in rids[i + 1:]:
                    shared[(min(a, b), max(a, b))] += 1
    out = [(n / min(rare[a], rare[b]), a, b) for (a, b), n in shared.items()
           if n >= dedupe.CONTENT_MIN_SHARED and n / min(rare[a], rare[b]) >= dedupe.CONTENT_SIMILARITY]
    return sorted(out, key=lambda t: (-t[0], t[1], t[2]))


def report_keys(reports: pd.DataFrame, values: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(report_key, report_key_basis) per reports row.

    Files join by metadata (same number; date and issuing body equal where both state them), then
    by figures. A group never holds two different numbers or dates. A file whose figures fit
    several such groups joins none of them (basis 'ambiguous'): which report it belongs to is
    not guessed."""
    recs = reports.to_dict("records")
    ids = [r["report_id"] for r in recs]
    meta = {r["report_id"]: dedupe._meta(r) for r in recs}
    groups = dedupe._Groups(ids)
    by_number: dict[str, list[str]] = defaultdict(list)
    for rid in ids:
        if meta[rid][0]:
            by_number[meta[rid][0]].append(rid)
    for members in by_number.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if dedupe._compatible(meta[a], meta[b]):
                    groups.union(a, b)
    return dedupe.join_by_content(reports, ids, meta, groups, _content_pairs(values))


def _same_measure_key(r: dict) -> tuple | None:
    if not isinstance(r["indicator_id"], str) or r["value"] is None or pd.isna(r["value"]):
        return None
    return (r["report_id"], r["indicator_id"], str(r["period_start"]), str(r["period_end"]),
            round(float(r["value"]), 6))


def same_as(values: pd.DataFrame) -> pd.Series:
    """Link a prose figure to the one appendix cell of its file stating the same indicator,
    period, entity and value (both ways). Two candidate cells: no link (no guessing)."""
    cols = ["value_id", "report_id", "origin", "indicator_id", "period_start", "period_end", "value"]
    has_entity = "entity" in values
    names = cols + (["entity"] if has_entity else [])
    origin = values["origin"].astype("string")
    # only a table cell or an inline figure with an indicator and a value can take part
    useful = (origin.isin(["table", "inline"]) & values["indicator_id"].notna() & values["value"].notna()).to_numpy()
    rows = values.loc[useful, names]
    recs = [dict(zip(names, row)) for row in zip(*(dedupe._column(rows, c) for c in names))]
    keys = [_same_measure_key(r) for r in recs]
    cells: dict[tuple, list[int]] = defaultdict(list)
    for i, (r, k) in enumerate(zip(recs, keys)):
        if k and r["origin"] == "table":
            cells[k].append(i)
    link: dict[int, str] = {}
    for i, (r, k) in enumerate(zip(recs, keys)):
        if not k or r["origin"] != "inline" or k not in cells:
            continue
        found = [j for j in cells[k] if not has_entity or dedupe._entity_fits(r.get("entity"), recs[j].get("entity"))]
        if len(found) == 1:
            j = found[0]
            link[i] = recs[j]["value_id"]
            link.setdefault(j, r["value_id"])
    out = pd.Series(pd.NA, index=values.index, dtype="string")
    if link:
        at = sorted(link)
        out.loc[rows.index[at]] = [link[i] for i in at]
    return out
