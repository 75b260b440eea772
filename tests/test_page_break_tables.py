"""A borderless table over page breaks: found on every page, stitched by its column positions, a label
cut by the page break joined; a continuation that cannot be stitched still gives its values."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from baocao.pipeline import process_file
from extract import read_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "shapes" / "appendix_page_break"
GOLDEN = ROOT / "tests" / "golden" / "shapes" / "appendix_page_break.csv"


def _num(text: str) -> float | None:
    return float(text) if text else None


def _key(v) -> tuple:
    return (v.label_raw, v.parent_label, v.entity, v.column_header, str(v.period_start or ""),
            str(v.period_end or ""), v.value, v.value_kind, v.max_value, v.rank_of, v.indicator_id)


@pytest.fixture(scope="module")
def results():
    return {fmt: process_file(SAMPLE.with_suffix(f".{fmt}")) for fmt in ("docx", "pdf")}


def test_pdf_reproduces_golden(results):
    result = results["pdf"]
    assert result.report.status == "ok" and result.report.warning_codes == ""
    with GOLDEN.open(encoding="utf-8") as fh:
        want = [(g["label"], g["parent_label"], g["entity"], g["column_header"], g["period_start"], g["period_end"],
                 float(g["value"]), g["value_kind"], _num(g["max_value"]), _num(g["rank_of"]), g["indicator_id"])
                for g in csv.DictReader(fh)]
    got = [_key(v) for v in result.values if v.origin == "table"]
    assert sorted(got, key=str) == sorted(want, key=str)


def test_pdf_gives_the_docx_values(results):
    def table_values(fmt):
        return [(v.row_code, v.label_raw, v.value_raw, v.value, v.unit, v.indicator_id)
                for v in results[fmt].values if v.origin == "table"]
    assert table_values("pdf") == table_values("docx")


def test_borderless_table_is_one_table_over_three_pages():
    doc = read_document(SAMPLE.with_suffix(".pdf"))
    (table,) = doc.tables  # the page numbers between the fragments are not rows, the header is read once
    pages = {c.prov.page for row in table.rows for c in row}
    assert pages == {2, 3, 4}
    assert table.texts()[0] == ["STT", "Nội dung", "Đơn vị tính", "Số liệu"]
    assert [r[0] for r in table.texts()].count("STT") == 1


def test_label_cut_by_the_page_break_is_matched_whole(results):
    (v,) = [v for v in results["pdf"].values if v.row_code == "3.2.1."]
    assert v.label_raw == ("Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ (gồm hồ sơ kỳ trước chuyển sang và hồ sơ "
                           "tiếp nhận mới trong kỳ)")
    assert v.page == 2 and v.value == 25716 and v.indicator_id == "hoso.received.commune"
    assert "row_continued" in v.flags.split(";")
