"""Review page: queue, decisions store, apply_reviews, error rate, and the safety checks (Flask test client)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from PIL import Image
import pytest

from baocao.batch import run_batch
from baocao.cli import main
from baocao.ids import value_id
from baocao.review.app import create_app, load_state
from baocao.review.queue import allocate, draw_sample, load_values
from baocao.review.store import (
    apply_reviews, read_reviews, stale_reviews, wilson_interval,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ["province_office_q1_2024.txt", "province_office_q1_2024.docx"]


@pytest.fixture(scope="module")
def base_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review-base")
    run_batch([ROOT / "samples" / s for s in SAMPLES], out)
    return out


@pytest.fixture
def out_dir(base_run, tmp_path) -> Path:
    d = tmp_path / "out"
    shutil.copytree(base_run, d)
    return d


def client_for(out_dir: Path, **kw):
    state = load_state(out_dir, reviewer="tester", **kw)
    app = create_app(state)
    c = app.test_client()
    return state, c


def logged_in(out_dir: Path, **kw):
    state, c = client_for(out_dir, **kw)
    assert c.get(f"/?token={state.token}").status_code == 200  # sets the session cookie
    return state, c


def post(c, state, vid, decision, **extra):
    return c.post("/api/decisions", json={"value_id": vid, "decision": decision, **extra},
                  headers={"X-XSRF-Token": state.xsrf})


# ------------------------------------------------------------------ pure parts


def test_wilson_interval_known_counts():
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    low, high = wilson_interval(5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    low, high = wilson_interval(1, 100)
    assert (low, high) == (pytest.approx(0.00177, abs=1e-4), pytest.approx(0.0545, abs=1e-4))
    assert wilson_interval(0, 0) == (0.0, 1.0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_allocate_is_proportional_with_one_per_stratum():
    share = allocate({"a": 100, "b": 50, "c": 2}, 30)
    assert sum(share.values()) == 30 and share["c"] >= 1 and share["a"] > share["b"] > 0
    assert allocate({"a": 3, "b": 1}, 10) == {"a": 3, "b": 1}  # never more than a stratum holds
    assert sum(allocate({"a": 1, "b": 1, "c": 1}, 2).values()) == 2


def test_sample_is_seeded_stratified_and_only_unflagged(out_dir):
    values = load_values(out_dir)
    one, again, other = (set(draw_sample(values, 20, s)["value_id"]) for s in (7, 7, 8))
    assert one == again and one != other and len(one) == 20
    drawn = values[values["value_id"].isin(one)]
    assert (drawn["reason"] == "sample").all()
    assert drawn["source_file"].nunique() == 2 and drawn["template"].nunique() >= 3


def test_queue_holds_flagged_plus_sample_grouped_by_file(out_dir):
    state, _ = client_for(out_dir, sample=15)
    q = state.queue
    values = load_values(out_dir)
    assert set(values.loc[values["reason"] != "sample", "value_id"]) <= set(q["value_id"])
    assert int(q["in_sample"].sum()) == 15
    files = q["source_file"].tolist()
    assert files == sorted(files)  # one file's values come together
    # the sample is stored: a restart with another --sample keeps the same draw
    state2, _ = client_for(out_dir, sample=3)
    assert set(state2.queue.loc[state2.queue["in_sample"], "value_id"]) == set(q.loc[q["in_sample"], "value_id"])


def test_value_id_computed_like_ids_module(out_dir):
    v = load_values(out_dir).iloc[0]
    none = lambda x: None if pd.isna(x) else int(x)  # noqa: E731
    assert v["value_id"] == value_id(v["report_id"], v["origin"], none(v["table_index"]), none(v["row"]),
                                     none(v["col"]), none(v["char_start"]), none(v["char_end"]), none(v["line"]),
                                     none(v["page"]))


# ------------------------------------------------------------------ safety


def test_wrong_host_is_refused(out_dir):
    state, c = client_for(out_dir)
    r = c.get(f"/?token={state.token}", headers={"Host": "evil.example"})
    assert r.status_code == 403
    r = c.get(f"/?token={state.token}", headers={"Host": "evil.example:8765"})
    assert r.status_code == 403
    assert c.get(f"/?token={state.token}", headers={"Host": "127.0.0.1"}).status_code == 200


def test_token_needed_then_cookie(out_dir):
    state, c = client_for(out_dir)
    assert c.get("/").status_code == 403
    assert c.get("/api/queue").status_code == 403
    assert c.get("/?token=wrong").status_code == 403
    r = c.get(f"/?token={state.token}")
    assert r.status_code == 200 and "HttpOnly" in r.headers["Set-Cookie"]
    assert c.get("/api/queue").status_code == 200  # the cookie now carries the token


def test_post_without_xsrf_is_refused(out_dir):
    state, c = logged_in(out_dir)
    vid = state.queue["value_id"].iloc[0]
    r = c.post("/api/decisions", json={"value_id": vid, "decision": "confirmed"})
    assert r.status_code == 403
    r = c.post("/api/decisions", json={"value_id": vid, "decision": "confirmed"}, headers={"X-XSRF-Token": "nope"})
    assert r.status_code == 403
    assert read_reviews(out_dir).empty
    assert post(c, state, vid, "confirmed").status_code == 200
    assert read_reviews(out_dir)["value_id"].tolist() == [vid]
    assert state.xsrf in c.get("/").get_data(as_text=True)  # the page carries it for its script


def test_script_in_label_is_shown_as_text(out_dir):
    values = pd.read_parquet(out_dir / "values.parquet")
    flagged = values["flags"].map(lambda f: f is not None and len(f) > 0)  # a list column
    first = values.index[flagged][0]
    values.loc[first, "label_raw"] = "<script>alert('x')</script> Số hồ sơ"
    values.to_parquet(out_dir / "values.parquet", index=False)
    state, c = logged_in(out_dir)
    html = c.get("/").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Số hồ sơ" in html
    assert "script-src 'self'" in c.get("/").headers["Content-Security-Policy"]


def test_images_only_by_value_id(out_dir):
    state, c = logged_in(out_dir)
    for url in ("/img/../../etc/passwd", "/img/..%2F..%2Fetc%2Fpasswd.png", "/img?path=/etc/passwd",
                "/img/?path=/etc/passwd", "/img/etc/passwd.png", "/img/0123456789abcdef.png"):
        r = c.get(url)
        assert r.status_code in (403, 404), url
        assert b"root:" not in r.data


# ------------------------------------------------------------------ decisions and outputs


def test_decisions_apply_and_survive_a_rerun(out_dir):
    state, c = logged_in(out_dir, sample=10)
    q = state.queue[state.queue["value"].notna()]
    a, b, d, e = q["value_id"].iloc[:4]
    assert post(c, state, a, "confirmed").status_code == 200
    r = post(c, state, b, "corrected", text="1.234")
    assert r.status_code == 200 and r.get_json()["review"]["value_after"] == 1234
    assert post(c, state, d, "rejected_period").status_code == 200
    assert post(c, state, e, "skipped").status_code == 200
    assert post(c, state, b, "corrected", text="abc").status_code == 400  # not a number: refused, kept
    assert c.get("/api/parse?text=98,5%25").get_json()["value"] == 98.5

    reviews = read_reviews(out_dir)
    assert set(reviews["decision"]) == {"confirmed", "corrected", "rejected_period", "skipped"}
    assert (reviews["reviewer"] == "tester").all() and reviews["decided_at"].notna().all()

    # a re-run of the unchanged files carries the decisions into every output
    run_batch([ROOT / "samples" / s for s in SAMPLES], out_dir)
    for values in (pd.read_parquet(out_dir / "values.parquet"),
                   pd.read_csv(out_dir / "values.csv", encoding="utf-8-sig")):
        ids = load_values(out_dir)["value_id"]
        status = dict(zip(ids, values["review_status"]))
        after = dict(zip(ids, values["value_reviewed"]))
        assert (status[a], status[b], status[d], status[e]) == ("confirmed", "corrected", "rejected", "unreviewed")
        assert after[b] == 1234 and pd.isna(after[d])
    assert stale_reviews(load_values(out_dir), read_reviews(out_dir)).empty


def test_changed_file_reviews_are_stale_not_applied(out_dir, tmp_path):
    src = tmp_path / "report.txt"
    # a copy of a sample with other bytes: identical content would share the sample's value ids
    src.write_text((ROOT / "samples" / SAMPLES[0]).read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    run_batch([src], out_dir)  # added to the dataset already in out_dir
    state, c = logged_in(out_dir)
    vid = state.queue[state.queue["source_file"] == str(src)]["value_id"].iloc[0]
    assert post(c, state, vid, "rejected_not_value").status_code == 200
    src.write_text(src.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # same text, new content hash
    run_batch([src], out_dir)
    values = pd.read_parquet(out_dir / "values.parquet")
    assert (values[values["source_file"] == str(src)]["review_status"] == "unreviewed").all()
    stale = stale_reviews(load_values(out_dir), read_reviews(out_dir))
    assert stale["value_id"].tolist() == [vid]
    state, c = logged_in(out_dir)
    assert [s["value_id"] for s in c.get("/api/summary").get_json()["stale"]] == [vid]
    html = c.get("/").get_data(as_text=True)
    assert "1 stale review(s)" in html and vid in html


def test_apply_reviews_ignores_skips_and_other_files():
    values = pd.DataFrame({"report_id": ["r1", "r1"], "origin": ["table", "table"], "table_index": [0, 0],
                           "row": [1, 2], "col": [3, 3], "char_start": [None, None], "char_end": [None, None],
                           "line": [5, 5], "page": [None, None], "value": [10.0, 20.0]})
    v1, v2 = (value_id("r1", "table", 0, r, 3, None, None, 5, None) for r in (1, 2))
    other = value_id("r2", "table", 0, 1, 3, None, None, 5, None)
    reviews = pd.DataFrame({"value_id": [v2, other], "decision": ["skipped", "rejected_label"],
                            "value_after": [None, None]})
    out = apply_reviews(values, reviews)
    assert out["review_status"].tolist() == ["unreviewed", "unreviewed"]
    assert out["value_reviewed"].tolist() == [10.0, 20.0]
    assert "value_id" not in out.columns  # columns added: the two review columns only
    reviews = pd.DataFrame({"value_id": [v1, v2], "decision": ["corrected", "rejected_label"], "value_after": [11.0, None]})
    out = apply_reviews(values, reviews)
    assert out["review_status"].tolist() == ["corrected", "rejected"]
    assert out["value_reviewed"].iloc[0] == 11.0 and pd.isna(out["value_reviewed"].iloc[1])


def test_summary_prints_error_rate_with_interval(out_dir, capsys):
    state, c = logged_in(out_dir, sample=12)
    sampled = state.queue[state.queue["in_sample"]]["value_id"].tolist()
    assert len(sampled) == 12
    for i, vid in enumerate(sampled[:10]):
        assert post(c, state, vid, "rejected_label" if i < 2 else "confirmed").status_code == 200
    flagged = state.queue[~state.queue["in_sample"]]["value_id"].iloc[0]
    assert post(c, state, flagged, "rejected_not_value").status_code == 200  # not in the sample: not counted
    assert main(["review", str(out_dir), "--summary"]) == 0
    out = capsys.readouterr().out
    low, high = wilson_interval(2, 10)
    assert f"all files: 2/10 wrong = 20.0% (95% Wilson interval {100 * low:.1f}%–{100 * high:.1f}%)" in out
    assert "Per file:" in out and "Per template:" in out and "province_office_q1_2024.docx" in out
    summary = c.get("/api/summary").get_json()
    assert summary["rates"]["overall"][0]["wrong"] == 2 and summary["rates"]["overall"][0]["reviewed"] == 10


def test_export_writes_review_columns(out_dir, capsys):
    state, c = logged_in(out_dir)
    vid = state.queue["value_id"].iloc[0]
    assert post(c, state, vid, "rejected_not_value").status_code == 200
    assert main(["review", str(out_dir), "--export"]) == 0
    assert "rejected 1" in capsys.readouterr().out
    values = pd.read_parquet(out_dir / "values.parquet")
    ids = load_values(out_dir)["value_id"]
    assert values.loc[(ids == vid).to_numpy(), "review_status"].tolist() == ["rejected"]
    import sqlite3
    with sqlite3.connect(out_dir / "baocao.sqlite") as con:
        assert con.execute("""SELECT count(*) FROM facts WHERE review_status = 'rejected'""").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 2


def test_value_detail_table_and_flags(out_dir):
    state, c = logged_in(out_dir)
    q = state.queue
    row = q[(q["source_kind"] == "docx") & (q["origin"] == "table")].iloc[0]
    d = c.get(f"/api/value/{row['value_id']}").get_json()
    src = d["source"]
    assert src["kind"] == "table" and src["row"] == row["row"] and src["col"] == row["col"]
    current = [r for r in src["rows"] if r["current"]]
    assert len(current) == 1 and current[0]["cells"][int(row["col"])] == row["value_raw"]
    assert any(r["header"] for r in src["rows"])
    flags = [f for f in (row["flags"] or "").split(";") if f]
    assert [m["flag"] for m in d["flag_meanings"]] == flags
    assert all(m["meaning"] and m["meaning"] != "(not in the flag registry)" for m in d["flag_meanings"])
    inline = q[q["origin"] == "inline"].iloc[0]
    s = c.get(f"/api/value/{inline['value_id']}").get_json()["source"]
    assert s["kind"] == "sentence" and s["sentence"][s["start"]:s["end"]] in inline["value_raw"]


def big_values(out_dir: Path, n: int = 10_000) -> Path:
    """values.parquet of n flagged values (copies of the run's rows under made-up report ids)."""
    values = pd.read_parquet(out_dir / "values.parquet")
    copies = []
    for i in range(n // len(values) + 1):
        c = values.copy()
        c["report_id"] = f"{i:016x}"
        c["source_file"] = c["source_file"] + f".copy{i:03d}"
        c["flags"] = [["period_unknown"]] * len(c)
        copies.append(c)
    big = pd.concat(copies, ignore_index=True).iloc[:n]
    big.to_parquet(out_dir / "values.parquet", index=False)
    return out_dir


def test_ten_thousand_values_are_paged(out_dir):
    big_values(out_dir)
    state, c = logged_in(out_dir)
    assert len(state.queue) == 10_000
    html = c.get("/").get_data(as_text=True)
    assert html.count("data-n=") == 100  # the page carries one page of the queue, not all of it
    part = c.get("/api/queue?offset=9950&limit=100").get_json()
    assert part["total"] == 10_000 and [it["n"] for it in part["items"]] == list(range(9950, 10_000))
    last = part["items"][-1]["value_id"]
    assert post(c, state, last, "confirmed").status_code == 200
    again = c.get("/api/queue?offset=9999&limit=1").get_json()["items"][0]
    assert again["value_id"] == last and again["review"]["decision"] == "confirmed"
    assert c.get("/api/queue?limit=100000").get_json()["items"].__len__() == 500  # one request stays small


# ------------------------------------------------------------------ crop geometry


def test_ocr_pages_from_warnings():
    from baocao.review.crops import ocr_pages

    assert ocr_pages("pages 1-3 read by OCR at 300 dpi (bbox in pixels at that resolution)") == {1: 300, 2: 300, 3: 300}
    assert ocr_pages("page 2: no text layer (image only) — needs OCR; page 2 read by OCR at 250 dpi") == {2: 250}
    assert ocr_pages("pages 1, 4-5 read by OCR at 300 / 200 dpi") == {1: 300, 4: 300, 5: 300}
    assert ocr_pages(None) == {}


def _row(**kw) -> pd.Series:
    base = {"source_file": "", "report_id": "r", "value_id": "0123456789abcdef", "source_kind": "pdf", "page": 1,
            "bbox": "", "origin": "table"}
    return pd.Series({**base, **kw})


def test_crop_of_an_image_file_scales_ocr_pixels_to_the_stored_image(tmp_path):
    """A 200-dpi TIFF read at 300 dpi: its bbox maps back by 200/300; the crop PNG has the box drawn there."""
    from baocao.review.crops import SourceViews

    tif = ROOT / "samples" / "scans" / "commune_borderless_2023_200dpi.tif"
    reports = pd.DataFrame({"source_file": [str(tif)], "warnings": ["pages 1-3 read by OCR at 300 dpi"]})
    views = SourceViews(tmp_path, reports)
    geo, png = views.crop(_row(source_file=str(tif), source_kind="image", page=3, bbox="1761,1041,1901,1157"))
    assert geo.unit == "px" and geo.scale == pytest.approx(200 / 300)
    assert geo.box == pytest.approx((1174.0, 694.0, 1267.33, 771.33), abs=0.01)
    assert geo.page_size == (1654, 2339) and geo.crop[1] <= geo.box[1] and geo.crop[3] >= geo.box[3]
    with Image.open(png) as im:
        assert im.size == (geo.crop[2] - geo.crop[0], geo.crop[3] - geo.crop[1])
        red = im.convert("RGB").getpixel((int(geo.box[0]) - 2 - geo.crop[0], int(geo.box[1] + 20) - geo.crop[1]))
        assert red[0] > 180 and red[1] < 80  # the left edge of the box
    # h2's columns, when present, win over the inference
    geo2, _ = views.crop(_row(source_file=str(tif), source_kind="image", page=3, bbox="1761,1041,1901,1157",
                              value_id="fedcba9876543210", bbox_unit="px", page_width=2481.0))
    assert geo2.scale == pytest.approx(1654 / 2481)


def test_pdf_points_and_image_only_pdf_pixels(tmp_path):
    from baocao.review.crops import RENDER_SCALE, SourceViews

    pdf = ROOT / "samples" / "commune_borderless_2023.pdf"
    views = SourceViews(tmp_path, pd.DataFrame({"source_file": [str(pdf)], "warnings": [""]}))
    geo, _ = views.crop(_row(source_file=str(pdf), page=3, bbox="419.5,249.5,453.8,274.6"))
    assert geo.unit == "pt" and geo.scale == RENDER_SCALE and geo.box[0] == pytest.approx(419.5 * RENDER_SCALE)
    # an image-only page with no OCR warning to go by: its empty text layer says pixels at 300 dpi
    with Image.open(ROOT / "samples" / "scans" / "commune_borderless_2023_200dpi.tif") as im:
        scan = tmp_path / "scan.pdf"
        im.copy().save(scan, resolution=200)
    views = SourceViews(tmp_path, pd.DataFrame({"source_file": [str(scan)], "warnings": [""]}))
    geo, _ = views.crop(_row(source_file=str(scan), page=1, bbox="300,300,600,400", value_id="00000000000000aa"))
    assert geo.unit == "px" and geo.scale == pytest.approx(RENDER_SCALE * 72 / 300)
