"""`baocao report DIR`: one self-contained HTML page that shows what a run found.

Charts are matplotlib SVG written into the page (text drawn as paths, so Vietnamese shows
without any font); there is no script, stylesheet, font or image to fetch: the page opens
offline and makes no request.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import pandas as pd
import regex
from matplotlib.figure import Figure

from .flags import ALL_FLAGS

REVIEW_THRESHOLD = 0.8
_SVG_HEAD = regex.compile(r"^.*?(?=<svg)", regex.S)  # XML declaration and DOCTYPE: not for inline SVG
_SVG_METADATA = regex.compile(r"<metadata>.*?</metadata>\s*", regex.S)  # RDF namespaces, nothing to show
_CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;margin:24px auto;
max-width:1200px;color:#1b1f24;padding:0 16px}
h1{font-size:1.6em;margin-bottom:4px}h2{margin-top:36px;border-bottom:2px solid #d0d7de;padding-bottom:4px}
.muted{color:#57606a}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:16px}
.card{border:1px solid #d0d7de;border-radius:8px;padding:10px;background:#fff}
.card h3{font-size:1em;margin:0 0 6px 0}.card svg{width:100%;height:auto}
table{border-collapse:collapse;font-size:.9em;width:100%}th,td{border-bottom:1px solid #eaeef2;padding:4px 8px;
text-align:left;vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.kpi{display:flex;gap:24px;flex-wrap:wrap;margin:12px 0}.kpi div{background:#f6f8fa;border-radius:8px;
padding:8px 14px}.kpi b{display:block;font-size:1.4em}
.flags svg{max-width:720px;width:100%;height:auto}
"""


def _svg(fig: Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None, "Type": None})
    return _SVG_METADATA.sub("", _SVG_HEAD.sub("", buf.getvalue(), count=1), count=1)


def _e(text) -> str:
    return html.escape("" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text))


def load(out_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    values = pd.read_parquet(out_dir / "values.parquet")
    reports = pd.read_parquet(out_dir / "reports.parquet")
    return values, reports


def fact_once(values: pd.DataFrame) -> pd.DataFrame:
    """As the database view: the preferred file's values, without prose figures that repeat a cell."""
    keep = values["is_preferred_source"].fillna(False).astype(bool)
    keep &= ~((values["origin"] == "inline") & values["same_as"].notna())
    return values[keep]


def entity_of(values: pd.DataFrame, reports: pd.DataFrame) -> pd.Series:
    """Whose figure it is: the value's entity where known, else the issuing body of its report."""
    body = values["report_id"].map(reports.drop_duplicates("report_id").set_index("report_id")["issuing_body"])
    out = values["entity"] if "entity" in values else pd.Series(pd.NA, index=values.index)
    return out.fillna(body).fillna(values["source_file"]).astype(str)


def top_indicators(once: pd.DataFrame, n: int) -> list[str]:
    """The indicators with a number in the most reports (then the most values)."""
    num = once[once["indicator_id"].notna() & once["value"].notna()]
    stats = num.groupby("indicator_id").agg(reports=("report_key", "nunique"), values=("value", "size"))
    stats = stats.reset_index().sort_values(["reports", "values", "indicator_id"], ascending=[False, False, True])
    return stats["indicator_id"].head(n).tolist()


def _span(start, end) -> str:
    """Period length class: points are joined by a line only within one class (years with
    years), never a ten-year summary with a quarter."""
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return "?"
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return "year" if 360 <= days <= 366 else "half" if 178 <= days <= 184 else "quarter" if 88 <= days <= 92 \
        else f"{days}"


def indicator_chart(rows: pd.DataFrame) -> str:
    periods = (rows.sort_values(["period_start", "period_end"])
               .drop_duplicates("period")["period"].astype(str).tolist())
    pos = {p: i for i, p in enumerate(periods)}
    fig = Figure(figsize=(5.2, 3.4))
    ax = fig.subplots()
    colors = [f"C{i % 10}" for i in range(20)]
    for k, (entity, g) in enumerate(rows.groupby("entity", sort=True)):
        g = g.sort_values("period_start")
        spans = [_span(a, b) for a, b in zip(g["period_start"], g["period_end"])]
        first = True
        for span in dict.fromkeys(spans):
            part = g[[s == span for s in spans]]
            ax.plot([pos[str(p)] for p in part["period"]], part["value"], "o-", color=colors[k % 20],
                    label=entity[:45] if first else None)
            first = False
    ax.set_xticks(range(len(periods)), periods, rotation=35, ha="right", fontsize=7)
    unit = rows["unit"].dropna()
    ax.set_ylabel(unit.iloc[0] if len(unit) else "", fontsize=8)
    ax.grid(alpha=.3)
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=2, frameon=False)
    return _svg(fig)


def confidence_hist(conf: pd.Series) -> str:
    fig = Figure(figsize=(3.2, 1.6))
    ax = fig.subplots()
    ax.hist(conf.dropna(), bins=[i / 20 for i in range(21)], color="#4C78A8")
    ax.axvline(REVIEW_THRESHOLD, color="#E45756", lw=1)
    ax.set_xlim(0, 1)
    ax.tick_params(labelsize=7)
    ax.set_xlabel("confidence", fontsize=7)
    return _svg(fig)


def flag_chart(counts: pd.Series) -> str:
    fig = Figure(figsize=(6, 0.24 * len(counts) + 0.7))
    ax = fig.subplots()
    ax.barh(counts.index[::-1], counts.values[::-1], color="#F58518")
    ax.tick_params(labelsize=8)
    ax.set_xlabel("values carrying the flag", fontsize=8)
    return _svg(fig)


def _error_code(r: pd.Series) -> str:
    code = r.get("error_code")
    if isinstance(code, str) and code:
        return code
    return r["status"] if r["status"] != "ok" else ""


def render(values: pd.DataFrame, reports: pd.DataFrame, top: int = 6) -> str:
    values = values.copy()
    values["entity"] = entity_of(values, reports)
    once = fact_once(values)
    carried = values["flags"].map(lambda f: list(f) if f is not None else [])
    n_flagged = int((carried.map(len) > 0).sum())
    parts = [f"<h1>baocao: what the run found</h1><p class='muted'>{len(reports)} files, {len(values)} values "
             f"({len(once)} once each, preferred source only), {n_flagged} flagged</p>"]
    status = reports["status"].value_counts()
    parts.append("<div class='kpi'>" + "".join(f"<div><b>{int(status.get(s, 0))}</b>files {s}</div>"
                                                for s in ("ok", "partial", "error")) +
                 f"<div><b>{reports['report_key'].nunique()}</b>distinct reports</div>"
                 f"<div><b>{(values['confidence'] < REVIEW_THRESHOLD).mean():.0%}</b>below {REVIEW_THRESHOLD}</div>"
                 "</div>")
    parts.append("<h2>Indicators reported most often</h2><p class='muted'>One line per reporting body; values of "
                 "the preferred file of each report.</p><div class='grid'>")
    for ind in top_indicators(once, top):
        rows = once[(once["indicator_id"] == ind) & once["value"].notna()]
        label = rows["indicator_label"].dropna()
        parts.append(f"<div class='card indicator' data-indicator='{_e(ind)}'><h3>{_e(ind)}<br>"
                     f"<span class='muted'>{_e(label.iloc[0] if len(label) else '')}</span></h3>"
                     f"{indicator_chart(rows)}</div>")
    parts.append("</div>")
    parts.append("<h2>Files</h2><table><tr><th>file</th><th>kind</th><th>status</th><th>error code</th>"
                 "<th>values</th><th>flagged</th><th>preferred</th><th>error</th></tr>")
    for _, r in reports.sort_values("source_file").iterrows():
        v = values[values["report_id"] == r["report_id"]]
        share = (v["flags"].map(len) > 0).mean() if len(v) else 0.0
        parts.append(f"<tr><td>{_e(r['source_file'])}</td><td>{_e(r['source_kind'])}</td><td>{_e(r['status'])}</td>"
                     f"<td>{_e(_error_code(r))}</td><td class='n'>{len(v)}</td><td class='n'>{share:.0%}</td>"
                     f"<td>{'yes' if r['is_preferred_source'] else ''}</td><td>{_e(r['error'])}</td></tr>")
    parts.append("</table><h2>Confidence per file</h2><p class='muted'>Red line: the review threshold "
                 f"{REVIEW_THRESHOLD}.</p><div class='grid'>")
    for (rid, name), v in values.groupby(["report_id", "source_file"], sort=True):
        parts.append(f"<div class='card file'><h3>{_e(name)}</h3>{confidence_hist(v['confidence'])}</div>")
    parts.append("</div>")
    codes = reports.apply(_error_code, axis=1)
    codes = codes[codes != ""].value_counts()
    if len(codes):
        parts.append("<h2>Error codes</h2><table><tr><th>code</th><th>files</th></tr>" +
                     "".join(f"<tr><td>{_e(c)}</td><td class='n'>{n}</td></tr>" for c, n in codes.items()) +
                     "</table>")
    counts = carried.explode().dropna().value_counts()
    parts.append("<h2>Flags</h2>")
    if len(counts):
        meaning = ALL_FLAGS
        parts.append(f"<div class='card flags'>{flag_chart(counts)}</div><table><tr><th>flag</th><th>values</th>"
                     "<th>meaning</th></tr>" + "".join(
                         f"<tr><td>{_e(f)}</td><td class='n'>{n}</td><td>{_e(meaning.get(f, ''))}</td></tr>"
                         for f, n in counts.items()) + "</table>")
    else:
        parts.append("<p>No value carries a flag.</p>")
    return ("<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>baocao report</title>"
            f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>")


def write_report(out_dir: Path, top: int = 6, path: Path | None = None) -> Path:
    """Write out_dir/report.html from the run's Parquet files; returns its path."""
    values, reports = load(out_dir)
    path = path or out_dir / "report.html"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render(values, reports, top), encoding="utf-8")
    tmp.replace(path)
    return path
