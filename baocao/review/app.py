"""The review web page: a Flask app served by werkzeug on 127.0.0.1 only.

Safety (the Jupyter model): the server binds 127.0.0.1; a request whose Host header is not
localhost / 127.0.0.1 (with this server's port) is refused (DNS rebinding); every request
needs the session token, given once in the URL printed at start and then kept in an
HttpOnly SameSite=Strict cookie; a POST also needs the XSRF token the page carries in a
<meta> tag, sent back in the X-XSRF-Token header; templates autoescape and the script
writes text with textContent; images are served by value id, never from a path.
"""

from __future__ import annotations

import dataclasses
import hmac
import re
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from flask import Flask, abort, jsonify, render_template, request, send_file
from werkzeug.serving import make_server

from .crops import SourceViews
from .queue import build_queue, draw_sample, load_values
from .store import (
    DECISIONS, REVIEW_COLUMNS, Decision, ReviewStore, current_files, error_rates, stale_reviews, utc_now,
)

XSRF_HEADER = "X-XSRF-Token"
VALUE_ID = re.compile(r"^[0-9a-f]{16}$")
_LOCAL_HOSTS = ("localhost", "127.0.0.1")
PAGE_SIZE = 100


def flag_meanings() -> dict[str, str]:
    """slug -> meaning, from the flag registry (schemas/flags.csv)."""
    from baocao.flags import ALL_FLAGS

    return dict(ALL_FLAGS)


def _plain(v):
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


@dataclass
class ReviewState:
    out_dir: Path
    values: pd.DataFrame
    queue: pd.DataFrame
    store: ReviewStore
    views: SourceViews
    reviewer: str
    token: str
    xsrf: str
    port: int | None = None
    decisions: dict[str, dict] = field(default_factory=dict)  # value_id -> review as shown (JSON)
    review_rows: dict[str, dict] = field(default_factory=dict)  # value_id -> the `reviews` row
    header_rows: dict[tuple, int] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        self.index = {v: i for i, v in enumerate(self.queue["value_id"])}
        self.files = current_files(self.values)


def load_state(out_dir: Path, *, sample: int = 200, seed: int = 0, reviewer: str = "",
               token: str | None = None) -> ReviewState:
    out_dir = Path(out_dir)
    values = load_values(out_dir)
    reports_path = out_dir / "reports.parquet"
    reports = pd.read_parquet(reports_path) if reports_path.exists() else pd.DataFrame(columns=["source_file"])
    store = ReviewStore(out_dir)
    stored = store.sample()
    if stored.empty and sample > 0:
        drawn = draw_sample(values, sample, seed)
        store.save_sample(drawn, seed)
        sample_ids = set(drawn["value_id"])
    else:
        sample_ids = set(stored["value_id"])
    queue = build_queue(values, sample_ids)
    tables = values[values["origin"] == "table"].dropna(subset=["table_index", "row"])
    header_rows = {(f, int(t)): int(r) for (f, t), r in tables.groupby(["source_file", "table_index"])["row"].min().items()}
    state = ReviewState(out_dir, values, queue, store, SourceViews(out_dir, reports), reviewer,
                        token or secrets.token_urlsafe(24), secrets.token_urlsafe(24),
                        header_rows=header_rows, flags=flag_meanings())
    state.review_rows = {r["value_id"]: r for r in store.reviews().to_dict("records")}
    state.decisions = {k: _review_json(r) for k, r in state.review_rows.items()}
    return state


def _review_json(r: dict) -> dict:
    return {k: _plain(r.get(k)) for k in ("decision", "value_before", "value_after", "text_after", "reviewer",
                                          "decided_at", "in_sample")}


def _item(state: ReviewState, i: int, row) -> dict:
    vid = row["value_id"]
    return {"n": i, "value_id": vid, "source_file": row["source_file"], "source_kind": row["source_kind"],
            "template": row["template"], "reason": row["reason"], "in_sample": bool(row["in_sample"]),
            "label": _plain(row["label_raw"]), "value_raw": _plain(row["value_raw"]), "value": _plain(row["value"]),
            "value_text": _plain(row["value_text"]), "unit": _plain(row["unit"]), "period": _plain(row["period"]),
            "flags": [f for f in (row["flags"] or "").split(";") if f], "confidence": _plain(row["confidence"]),
            "review": state.decisions.get(vid)}


def _summary(state: ReviewState) -> dict:
    # from memory: the server is the only writer while it runs, and a DuckDB connection costs ~60 ms
    with state.lock:
        reviews = pd.DataFrame(list(state.review_rows.values()), columns=list(REVIEW_COLUMNS))
    rates = error_rates(state.queue, reviews)
    stale = stale_reviews(state.values, reviews, state.files)
    decided = {k: v for k, v in state.decisions.items() if k in state.index}
    return {"rates": {g: [{"group": r.group, "wrong": r.wrong, "reviewed": r.reviewed, "share": r.share,
                           "low": r.low, "high": r.high, "text": r.text()} for r in rs] for g, rs in rates.items()},
            "queue": len(state.queue), "in_sample": int(state.queue["in_sample"].sum()),
            "decided": sum(1 for d in decided.values() if d["decision"] != "skipped"),
            "stale": [{"source_file": r.source_file, "report_id": r.report_id, "value_id": r.value_id,
                       "decision": r.decision, "reviewer": r.reviewer} for r in stale.itertuples()]}


def create_app(state: ReviewState) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config["REVIEW"] = state
    cookie = "baocao_review"

    def host_ok() -> bool:
        host, port = request.host, ""
        if host.count(":") == 1:  # name:port (an IPv6 literal has several colons and is refused below)
            host, port = host.split(":")
        if host.lower() not in _LOCAL_HOSTS:
            return False
        return not port or state.port is None or port == str(state.port)

    @app.before_request
    def guard():
        if not host_ok():
            abort(403, "Host not allowed: open the page as http://127.0.0.1:PORT/")
        given = request.args.get("token") or request.cookies.get(cookie) or ""
        if not hmac.compare_digest(given.encode(), state.token.encode()):
            abort(403, "Missing or wrong token: open the URL printed when the server started")
        if request.method not in ("GET", "HEAD"):
            sent = request.headers.get(XSRF_HEADER, "")
            if not hmac.compare_digest(sent.encode(), state.xsrf.encode()):
                abort(403, "Missing or wrong XSRF token")

    @app.after_request
    def headers(resp):
        if request.args.get("token") and resp.status_code < 400:
            resp.set_cookie(cookie, state.token, httponly=True, samesite="Strict")
        resp.headers["Content-Security-Policy"] = ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                                   "img-src 'self'; connect-src 'self'; form-action 'none'; "
                                                   "frame-ancestors 'none'; base-uri 'none'")
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.get("/")
    def index():
        items = [_item(state, i, r) for i, r in enumerate(state.queue.head(PAGE_SIZE).to_dict("records"))]
        return render_template("index.html", items=items, total=len(state.queue), xsrf=state.xsrf,
                               reviewer=state.reviewer, summary=_summary(state), page_size=PAGE_SIZE,
                               out_dir=str(state.out_dir))

    @app.get("/api/queue")
    def queue():
        offset = max(0, request.args.get("offset", 0, type=int))
        limit = min(500, max(1, request.args.get("limit", PAGE_SIZE, type=int)))
        part = state.queue.iloc[offset: offset + limit].to_dict("records")
        return jsonify({"total": len(state.queue), "offset": offset,
                        "items": [_item(state, offset + i, r) for i, r in enumerate(part)]})

    def row_of(vid: str) -> pd.Series:
        if not VALUE_ID.match(vid) or vid not in state.index:
            abort(404)
        return state.queue.iloc[state.index[vid]]

    @app.get("/api/value/<vid>")
    def value(vid: str):
        row = row_of(vid)
        out = _item(state, state.index[vid], row.to_dict())
        for k in ("section", "section_title", "origin", "row_code", "parent_label", "indicator_id", "indicator_label",
                  "indicator_parent_id", "match_score", "column_header", "period_start", "period_end", "value_kind",
                  "numerator", "denominator", "page", "bbox", "line", "table_index", "row", "col", "sentence",
                  "char_start", "char_end", "entity", "cell_ref", "report_id"):
            out[k] = _plain(row[k]) if k in row.index else None
        out["flag_meanings"] = [{"flag": f, "meaning": state.flags.get(f.split(":")[0], "(not in the flag registry)")}
                                for f in out["flags"]]
        out["source"] = _source(state, row)
        return jsonify(out)

    @app.get("/img/<vid>.png")
    def image(vid: str):
        row = row_of(vid)
        got = state.views.crop(row)
        if got is None:
            abort(404)
        return send_file(got[1], mimetype="image/png")

    @app.get("/api/parse")
    def parse():
        from normalize.numbers import parse_number

        text = request.args.get("text", "")[:200]
        unit = request.args.get("unit") or None
        p = parse_number(text, unit=unit)
        return jsonify({"text": text, "value": p.value, "kind": p.kind, "unit": p.unit, "flags": list(p.flags),
                        "numerator": p.numerator, "denominator": p.denominator, "value_text": p.text})

    @app.post("/api/decisions")
    def decide():
        body = request.get_json(silent=True) or {}
        vid, decision = str(body.get("value_id", "")), body.get("decision")
        row = row_of(vid)
        reviewer = str(body.get("reviewer") or state.reviewer).strip()[:80]
        if decision not in DECISIONS:
            abort(400, f"decision must be one of {', '.join(DECISIONS)}")
        if not reviewer:
            abort(400, "a reviewer name is needed")
        after, text = None, None
        if decision == "corrected":
            from normalize.numbers import parse_number

            text = str(body.get("text", ""))[:200]
            p = parse_number(text, unit=_plain(row["unit"]))
            if p.value is None:
                abort(400, f"'{text}' does not read as a number")
            after = float(p.value)
        elif decision == "confirmed":
            after = _plain(row["value"])
        d = state.store.record(Decision(vid, row["report_id"], row["source_file"], decision, _plain(row["value"]),
                                        after, text, _plain(row["value_raw"]), reviewer, utc_now(),
                                        bool(row["in_sample"]), row["reason"]))
        with state.lock:
            if decision != "skipped" or vid not in state.decisions:
                state.review_rows[vid] = dataclasses.asdict(d)
                state.decisions[vid] = _review_json(state.review_rows[vid])
        return jsonify({"review": state.decisions[vid], "summary": _summary(state)})

    @app.get("/api/summary")
    def summary():
        return jsonify(_summary(state))

    return app


def _source(state: ReviewState, row: pd.Series) -> dict:
    """What to show the value beside: a page crop, the table, or the sentence."""
    if row["origin"] == "inline":
        return {"kind": "sentence", "sentence": _plain(row["sentence"]), "start": _plain(row["char_start"]),
                "end": _plain(row["char_end"]), "page": _plain(row["page"]), "line": _plain(row["line"])}
    got = state.views.crop(row)
    if got is not None:
        return {"kind": "crop", "img": f"/img/{row['value_id']}.png", **got[0].as_dict()}
    hdr = state.header_rows.get((row["source_file"], int(row["table_index"])), 0) if pd.notna(row["table_index"]) else 0
    table = state.views.table(row, hdr)
    if table is not None:
        return {"kind": "table", **table}
    return {"kind": "none", "why": "source file not found or the value has no position"}


def serve(out_dir: Path, *, port: int = 8765, sample: int = 200, seed: int = 0, reviewer: str = "",
          ready=None) -> None:
    """Run the review server until interrupted; prints the URL with the session token."""
    server, url = make_review_server(out_dir, port=port, sample=sample, seed=seed, reviewer=reviewer)
    print(f"Review page (this link carries the session token; keep it private):\n    {url}", flush=True)
    if ready:
        ready(server, url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def make_review_server(out_dir: Path, *, port: int = 8765, sample: int = 200, seed: int = 0, reviewer: str = ""):
    """A werkzeug server bound to 127.0.0.1 (port 0: any free port) and its tokened URL."""
    state = load_state(out_dir, sample=sample, seed=seed, reviewer=reviewer)
    app = create_app(state)
    server = make_server("127.0.0.1", port, app, threaded=True)
    state.port = server.server_port
    return server, f"http://127.0.0.1:{server.server_port}/?token={state.token}"
