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


# ------------------------------------------------------------- PDFs written here, page by page

from test_pdf_reader import PdfPage, write_pdf  # noqa: E402

from extract.layout import mark_running_lines, page_blocks  # noqa: E402
from extract.model import Cell, Provenance, Table  # noqa: E402
from extract.pdf.reader import open_pdf, read_page  # noqa: E402
from extract.stitch import column_map, stitch_tables  # noqa: E402

COLS = (72, 110, 380, 470)  # STT, Nội dung, Đơn vị tính, Số liệu


def _row(page: PdfPage, y: float, cells: list[str], xs=COLS) -> None:
    for x, text in zip(xs, cells):
        if text:
            page.text(x, y, text, 11)


def _report(tmp_path, second_xs=COLS, cut: str = "UBND cấp xã") -> Path:
    """Page 1: title, header and three rows, the last one's label cut; page 2: the rest of that label
    at the top, then two rows; no header repeated, a page number under each part."""
    one, two = PdfPage(), PdfPage()
    one.text(200, 800, "BÁO CÁO", 13)
    one.text(120, 780, "Kết quả giải quyết thủ tục hành chính năm 2024", 13)
    _row(one, 740, ["STT", "Nội dung", "Đơn vị tính", "Số liệu"])
    _row(one, 722, ["1", "Tổng số hồ sơ TTHC đã tiếp nhận", "Hồ sơ", "3.214"])
    _row(one, 704, ["2", "Tổng số hồ sơ TTHC đã giải quyết xong", "Hồ sơ", "3.201"])
    _row(one, 686, ["3", "Số hồ sơ TTHC giải quyết đúng hạn của", "Hồ sơ", "3.198"])
    one.text(295, 40, "1", 11)
    _row(two, 800, ["", cut], second_xs)
    _row(two, 778, ["4", "Số hồ sơ TTHC giải quyết quá hạn", "Hồ sơ", "3"], second_xs)
    _row(two, 760, ["5", "Số hồ sơ TTHC đang giải quyết", "Hồ sơ", "13"], second_xs)
    two.text(295, 40, "2", 11)
    return write_pdf(tmp_path, [one, two], "report.pdf")


def test_label_cut_by_a_page_break_starting_in_capitals_is_joined(tmp_path):
    result = process_file(_report(tmp_path))
    by_code = {v.row_code: v for v in result.values if v.origin == "table"}
    assert set(by_code) == {"1", "2", "3", "4", "5"}
    cut = by_code["3"]
    assert cut.label_raw == "Số hồ sơ TTHC giải quyết đúng hạn của UBND cấp xã"
    assert cut.value == 3198 and "row_continued" in cut.flags.split(";")
    assert "row_continued" not in by_code["4"].flags.split(";")
    assert {v.table_index for v in by_code.values()} == {0}


def test_continuation_whose_columns_moved_gives_its_values_flagged(tmp_path):
    moved = tuple(x + 60 for x in COLS)  # the second page's columns line up with none of the first's
    result = process_file(_report(tmp_path, second_xs=moved))
    assert result.report.status == "ok"
    values = {v.row_code: v for v in result.values if v.origin == "table"}
    assert {c: values[c].value for c in ("4", "5")} == {"4": 3, "5": 13}
    for code in ("4", "5"):
        v = values[code]
        assert "continuation_unstitched" in v.flags.split(";") and v.table_index == 1
        assert v.column_header == "Số liệu" and v.unit == "Hồ sơ" and v.period == "2024" and v.page == 2
    assert not any("continuation_unstitched" in values[c].flags for c in ("1", "2", "3"))


def test_page_read_alone_keeps_the_cut_label_as_its_own_leading_row(tmp_path):
    # OCR reads every page alone, with no columns carried from the page before
    pdf = open_pdf(_report(tmp_path))
    try:
        page = read_page(pdf, 1)
    finally:
        pdf.close()
    mark_running_lines([page])
    blocks, _ = page_blocks(page, None)
    (table,) = [b for b in blocks if isinstance(b, Table)]
    assert table.texts() == [["", "UBND cấp xã", "", ""], ["4", "Số hồ sơ TTHC giải quyết quá hạn", "Hồ sơ", "3"],
                             ["5", "Số hồ sơ TTHC đang giải quyết", "Hồ sơ", "13"]]


def _boxed(rows: list[list[str]], xs: list[float], page: int, index: int) -> Table:
    cells = tuple(
        tuple(Cell(text, r, c, prov=Provenance(page=page, bbox=(xs[c], 100 + 20 * r, xs[c + 1], 118 + 20 * r),
                                             bbox_unit="pt", page_width=595, page_height=842))
              for c, text in enumerate(row))
        for r, row in enumerate(rows))
    return Table(rows=cells, index=index)


def test_stitching_follows_column_positions_not_counts():
    first = _boxed([["STT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"], ["1", "Số TTHC", "Thủ tục", "46", "mới"]],
                   [72, 110, 300, 380, 450, 520], 1, 0)
    # the next page has no Ghi chú text and no STT column at all: three columns, at the first page's x
    rest = _boxed([["Số TTHC bãi bỏ", "Thủ tục", "18"]], [110, 300, 380, 450], 2, 1)
    assert column_map(first, rest) == {0: 1, 1: 2, 2: 3}
    (whole,) = stitch_tables([first, rest])
    assert whole.texts()[-1] == ["", "Số TTHC bãi bỏ", "Thủ tục", "18", ""]
    # same count, other places: not the same columns, not joined
    shifted = _boxed([["2", "Số TTHC bãi bỏ", "Thủ tục", "18", ""]], [40, 60, 120, 200, 260, 300], 2, 1)
    assert column_map(first, shifted) is None
    assert len(stitch_tables([first, shifted])) == 2


def _paged(rows: list[tuple[int, list[str]]]) -> Table:
    cells = tuple(tuple(Cell(text, r, c, prov=Provenance(page=page)) for c, text in enumerate(row))
                  for r, (page, row) in enumerate(rows))
    return Table(rows=cells)


HEAD = (1, ["STT", "Nội dung", "Đơn vị tính", "Số liệu"])


def test_cut_label_joined_only_at_a_page_break_and_only_when_unfinished():
    from normalize.tables import read_table

    def labels(rows):
        return [(v.row_code, v.label, v.cell.text, "row_continued" in v.row_flags) for v in read_table(_paged(rows)).values]

    # the value sits in the second part (a centred cell): still one row, its label whole
    assert labels([HEAD, (1, ["1", "Số hồ sơ đã tiếp nhận (gồm hồ sơ", "", ""]),
                   (2, ["", "Kỳ trước chuyển sang)", "Hồ sơ", "25"])]) == [
        ("1", "Số hồ sơ đã tiếp nhận (gồm hồ sơ Kỳ trước chuyển sang)", "25", True)]
    # a finished label above: the capitalised row at the page top is a row of its own
    assert labels([HEAD, (1, ["1", "Số hồ sơ đã tiếp nhận", "Hồ sơ", "25"]),
                   (2, ["", "Số hồ sơ trực tuyến", "Hồ sơ", "7"])]) == [
        ("1", "Số hồ sơ đã tiếp nhận", "25", False), ("", "Số hồ sơ trực tuyến", "7", False)]
    # the same two rows on one page are never joined by the page rule
    assert labels([HEAD, (1, ["1", "Số hồ sơ đã giải quyết của", "Hồ sơ", "25"]),
                   (1, ["", "UBND cấp xã", "", ""])])[0][1] == "Số hồ sơ đã giải quyết của"
    # both parts with values: two rows, whatever the label says
    assert len(labels([HEAD, (1, ["1", "Số hồ sơ đã giải quyết của", "Hồ sơ", "25"]),
                       (2, ["", "UBND cấp xã", "Hồ sơ", "9"])])) == 2



def test_a_lower_case_row_with_its_own_figure_is_a_row_of_its_own():
    from normalize.tables import read_table

    def rows(body):
        return [(v.label, v.cell.text, "row_continued" in v.row_flags) for v in read_table(_paged([HEAD, *body])).values]

    # "trong đó" under a total, and a row whose code "5" OCR read as "s": each keeps its number
    assert rows([(1, ["1", "Tổng số hồ sơ", "Hồ sơ", "120"]), (1, ["", "trong đó: trực tuyến", "Hồ sơ", "85"])]) == [
        ("Tổng số hồ sơ", "120", False), ("trong đó: trực tuyến", "85", False)]
    assert [r[:2] for r in rows([(1, ["4", "Sở Tài chính", "Điểm", "12,354"]), (1, ["s", "Sở Nội vụ", "Điểm", "12,313"])])] \
        == [("Sở Tài chính", "12,354"), ("s Sở Nội vụ", "12,313")]
    # a wrapped label line without a figure of its own still joins the row above, and so does
    # a wrapped text cell (a note goes on under "Không đạt")
    assert rows([(1, ["1", "Số hồ sơ giải quyết", "Hồ sơ", "25"]), (1, ["", "đúng hạn", "", ""])]) == [
        ("Số hồ sơ giải quyết đúng hạn", "25", True)]
    assert rows([(1, ["1", "Tỷ lệ định danh", "", "Không đạt"]), (1, ["", "của người dân", "", "(chưa có hồ sơ)"])]) == [
        ("Tỷ lệ định danh của người dân", "Không đạt (chưa có hồ sơ)", True)]


# ------------------------------------------------------------------ the same sample scanned


@pytest.mark.slow
def test_scan_of_the_sample_is_one_table_with_the_cut_label_joined(tmp_path):
    import importlib.util
    import sys

    from extract.ocr.reader import tesseract_ready

    if not tesseract_ready("vie"):
        pytest.skip("tesseract with Vietnamese data is not installed")
    spec = importlib.util.spec_from_file_location("make_scans", ROOT / "scripts" / "make_scans.py")
    scans = importlib.util.module_from_spec(spec)
    sys.modules["make_scans"] = scans
    spec.loader.exec_module(scans)
    path = tmp_path / "appendix_page_break_200dpi.pdf"
    scans.write_pdf(scans.scan_pages(SAMPLE.with_suffix(".pdf"), 200), 200, path)
    result = process_file(path)  # OCR reads every page alone: no columns carried between pages
    values = [v for v in result.values if v.origin == "table"]
    with GOLDEN.open(encoding="utf-8") as fh:
        assert sorted(v.value for v in values) == sorted(float(g["value"]) for g in csv.DictReader(fh))
    assert {v.table_index for v in values} == {0} and {v.page for v in values} == {2, 3, 4}
    (cut,) = [v for v in values if v.value == 25716]
    assert cut.label_raw.endswith("kỳ trước chuyển sang và hồ sơ tiếp nhận mới trong kỳ)") and cut.page == 2
    assert "row_continued" in cut.flags.split(";") and cut.indicator_id.startswith("hoso.received")
    assert not any("continuation_unstitched" in v.flags for v in values)
