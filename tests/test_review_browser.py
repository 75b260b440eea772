"""The review page in a real browser (Debian's Chromium driven by Playwright).

Runs `baocao run` on a Word file, a PDF, a text file and one scanned page, reviews three
values with the keyboard, restarts the server, exports, and checks that a scan's crop
boxes the value's own cell. Screenshots go to /tmp/h6-*.png for a person to look at.
"""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from baocao.batch import run_batch
from baocao.cli import main
from baocao.review.app import make_review_server
from baocao.review.queue import load_values

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra)") \
    if not os.environ.get("CI") else __import__("playwright.sync_api", fromlist=["sync_playwright"])
LOADED = "() => { const i = document.getElementById('crop'); return i && i.complete && i.naturalWidth > 0; }"
SHOWN = ("() => { const s = document.getElementById('source'), i = document.getElementById('crop'); "
         "return s.children.length > 0 && (!i || (i.complete && i.naturalWidth > 0)); }")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("review-browser")
    # one page of a scan (the one with the table), as an image-only PDF: pixels in a PDF page
    with Image.open(ROOT / "samples" / "scans" / "commune_borderless_2023_200dpi.tif") as im:
        im.seek(2)
        scan = tmp / "commune_scan_page3.pdf"
        im.copy().save(scan, resolution=im.info["dpi"][0])
    files = [ROOT / "samples" / n for n in ("province_office_q1_2024.docx", "commune_borderless_2023.pdf",
                                            "district_2011_2020_summary.txt")] + [scan]
    out = tmp / "out"
    summary = run_batch(files, out)
    assert summary["files_ok"] == 4
    return out


class Server:
    def __init__(self, out_dir: Path):
        self.server, self.url = make_review_server(out_dir, port=0, sample=20, reviewer="Nguyễn Test")
        self.base = self.url.split("/?")[0]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def open_value(page, vid: str):
    page.evaluate("vid => { location.hash = 'v=' + vid; }", vid)
    page.wait_for_function("vid => document.body.dataset.current === vid", arg=vid)


def pick(q: pd.DataFrame, suffix: str, n: int = 0, **eq) -> pd.Series:
    rows = q[q["source_file"].str.endswith(suffix) & (q["origin"] == "table") & q["value"].notna()]
    for k, v in eq.items():
        rows = rows[rows[k] == v]
    return rows.iloc[n]


def red_box(png: bytes) -> tuple[int, int, int, int]:
    """Bounding box of the drawn red pixels in a crop."""
    import numpy as np

    a = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    mask = (a[..., 0] > 180) & (a[..., 1] < 80) & (a[..., 2] < 80)
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_review_in_browser(out_dir, browser):
    from baocao.review.app import load_state

    q = load_state(out_dir, sample=20).queue
    srv = Server(out_dir)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(srv.url)
        page.wait_for_selector("body[data-current]")
        page.wait_for_function(SHOWN)
        page.screenshot(path="/tmp/h6-queue.png")
        assert page.locator("#queue tbody tr").count() == min(100, len(q))

        docx_a, docx_b = pick(q, ".docx", 0), pick(q, ".docx", 1)
        pdf_c = pick(q, "commune_borderless_2023.pdf", 0)
        # confirm (Enter)
        open_value(page, docx_a["value_id"])
        page.screenshot(path="/tmp/h6-docx.png")
        assert page.locator("#source td.cell").inner_text() == docx_a["value_raw"]
        page.keyboard.press("Enter")
        page.wait_for_function(r"() => document.getElementById('status').textContent.match(/^Saved #\d+: confirmed/)")
        # correct: type a number, Enter shows how it reads, Enter again saves
        open_value(page, docx_b["value_id"])
        page.keyboard.type("1.234")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.getElementById('parsed').textContent.includes('reads as 1234')")
        page.keyboard.press("Enter")
        page.wait_for_function(r"() => document.getElementById('status').textContent.match(/^Saved #\d+: corrected/)")
        # reject as not a value (x), on a PDF value, its page crop on screen
        open_value(page, pdf_c["value_id"])
        page.wait_for_function(LOADED)
        page.screenshot(path="/tmp/h6-pdf.png")
        page.keyboard.press("x")
        page.wait_for_function(r"() => document.getElementById('status').textContent.match(/^Saved #\d+: rejected_not_value/)")

        # a scanned page's value: the box drawn is the value's bbox (OCR pixels at 300 dpi) in render pixels
        scan = pick(q, "commune_scan_page3.pdf", 2)
        open_value(page, scan["value_id"])
        page.wait_for_function(LOADED)
        page.screenshot(path="/tmp/h6-scan.png")
        detail = page.evaluate("vid => fetch('/api/value/' + vid).then(r => r.json())", scan["value_id"])
        src = detail["source"]
        bbox = [float(v) for v in scan["bbox"].split(",")]
        # page images render at 2 px per point; the scan page size in points rounds its pixel size a little
        assert src["unit"] == "px" and src["scale"] == pytest.approx(2.0 * 72 / 300, rel=2e-3)
        assert src["box"] == pytest.approx([v * src["scale"] for v in bbox], abs=0.01)
        png = page.request.get(srv.base + src["img"]).body()
        x0, y0, x1, y1 = red_box(png)
        cx, cy = src["crop"][0], src["crop"][1]
        # the rectangle is drawn 2 px outside the cell, 3 px wide
        assert abs(x0 + cx - (src["box"][0] - 2)) <= 2 and abs(x1 + cx - (src["box"][2] + 2)) <= 2
        assert abs(y0 + cy - (src["box"][1] - 2)) <= 2 and abs(y1 + cy - (src["box"][3] + 2)) <= 2
        # the crop is of the right page: the digits in the boxed cell are the value's own (as OCR read them)
        assert detail["value_raw"] == scan["value_raw"] and detail["page"] == 1
        page.close()
    finally:
        srv.stop()

    # restart: the decisions are still there, shown in the list
    srv = Server(out_dir)
    try:
        page = browser.new_page()
        page.goto(srv.url)
        page.wait_for_selector("body[data-current]")
        for vid, want in ((docx_a["value_id"], "confirmed"), (docx_b["value_id"], "corrected"),
                          (pdf_c["value_id"], "rejected_not_value")):
            open_value(page, vid)
            assert page.locator(f'#queue tr[data-value-id="{vid}"] td.decision').inner_text() == want
        page.close()
    finally:
        srv.stop()

    assert main(["review", str(out_dir), "--export"]) == 0
    values = pd.read_parquet(out_dir / "values.parquet")
    ids = load_values(out_dir)["value_id"].to_numpy()
    by = values.set_index(ids)
    assert by.loc[docx_a["value_id"], "review_status"] == "confirmed"
    assert by.loc[docx_a["value_id"], "value_reviewed"] == docx_a["value"]
    assert by.loc[docx_b["value_id"], "review_status"] == "corrected"
    assert by.loc[docx_b["value_id"], "value_reviewed"] == 1234
    assert by.loc[pdf_c["value_id"], "review_status"] == "rejected"
    assert pd.isna(by.loc[pdf_c["value_id"], "value_reviewed"])
    assert (values["review_status"] == "unreviewed").sum() == len(values) - 3
