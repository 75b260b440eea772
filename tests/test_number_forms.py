"""Number forms of real documents (normalize/number_forms.py): spaced groups and marks, OCR letters in
numeric columns, bracketed ratios, percents in short phrases, scores / ranks / amounts out of a total,
and the context (unit, column hint, the table's reading and maximum) that decides between readings."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from normalize.number_forms import header_maximum, phrase_figure, respace, unit_reading
from normalize.numbers import ColumnHint, parse_number
from schemas.tokens import ocr_digit_cell

H = ColumnHint
COMMA_COL = H(decimal_comma=4)  # siblings "17,84", "18,5", ...
DOT_COL = H(decimal_dot=4)  # siblings "97.3", "12.6", ...
INT_COL = H(integers=4)  # siblings "12", "305", ...
MONEY = "512,408/730,115 triệu đồng"

# (text, unit, hint) -> (kind, value, unit, numerator, denominator, exact flag set); same shape as
# tests/test_numbers.py's CASES, which includes these rows so that its flag-coverage test sees them.
FORM_CASES = [
    # --- a space or no-break space as the thousands mark
    pytest.param("2 415", None, None, "number", 2415, None, None, None, {"thousands_space"}, id="space-thousands"),
    pytest.param("2\u00a0415", None, None, "number", 2415, None, None, None, {"thousands_space"}, id="nbsp-thousands"),
    pytest.param("1 234 567", None, None, "number", 1234567, None, None, None, {"thousands_space"}, id="space-groups"),
    pytest.param("12 345,6", None, None, "number", 12345.6, None, None, None, {"thousands_space"},
                 id="space-thousands-decimal"),
    pytest.param("2 415 hồ sơ", None, None, "number", 2415, "hồ sơ", None, None, {"thousands_space"},
                 id="space-thousands-unit"),
    # under a percent the grouped reading would be >= 1000 %: still two numbers
    pytest.param("2 415", "%", None, "text", None, "%", None, None, {"multiple_numbers"}, id="space-under-pct"),
    pytest.param("21 15", None, None, "text", None, None, None, None, {"multiple_numbers"}, id="space-not-3-digits"),
    # --- OCR / PDF text with a space after the mark
    pytest.param("97, 35%", None, None, "percent", 97.35, "%", None, None, {"separator_spaced"}, id="spaced-comma-pct"),
    pytest.param("38. 904", None, None, "number", 38904, None, None, None, {"separator_spaced", "separator_ambiguous"},
                 id="spaced-dot"),
    pytest.param("38. 904", "Hồ sơ", None, "number", 38904, "Hồ sơ", None, None, {"separator_spaced"},
                 id="spaced-dot-count"),
    pytest.param("18, 25", None, COMMA_COL, "number", 18.25, None, None, None, {"separator_spaced"},
                 id="spaced-comma-in-comma-column"),
    pytest.param("18, 25", None, None, "text", None, None, None, None, {"multiple_numbers"}, id="spaced-comma-no-ctx"),
    pytest.param("18, 25", None, INT_COL, "text", None, None, None, None, {"multiple_numbers"},
                 id="spaced-comma-int-column"),
    # --- a decimal mark the column does not use
    pytest.param("17.84", None, COMMA_COL, "number", 17.84, None, None, None, {"decimal_dot", "mixed_convention"},
                 id="dot-among-commas"),
    pytest.param("17.84", None, DOT_COL, "number", 17.84, None, None, None, {"decimal_dot"}, id="dot-among-dots"),
    pytest.param("18,25", None, DOT_COL, "number", 18.25, None, None, None, {"mixed_convention"},
                 id="comma-among-dots"),
    # --- letters for digits, only where the row or column is numeric
    pytest.param("O7", None, None, "text", None, None, None, None, {"unparsed_number"}, id="ocr-O7-no-ctx"),
    pytest.param("O7", "Hồ sơ", None, "number", 7, "Hồ sơ", None, None, {"ocr_digit_repaired"}, id="ocr-O7-count"),
    pytest.param("l0", None, INT_COL, "number", 10, None, None, None, {"ocr_digit_repaired"}, id="ocr-l0-int-col"),
    pytest.param("l0", "%", None, "percent", 10, "%", None, None, {"ocr_digit_repaired"}, id="ocr-l0-pct"),
    pytest.param("B1", None, INT_COL, "text", None, None, None, None, {"unparsed_number"}, id="ocr-B1-still-code"),
    # --- a ratio in brackets
    pytest.param("(1.845/2.210)", None, None, "ratio", 83.48, "%", 1845, 2210, {"bracketed", "derived_from_ratio"},
                 id="bracketed-ratio"),
    pytest.param("(12,5)", None, None, "text", None, None, None, None, {"number_in_text"}, id="bracketed-single-kept"),
    # --- a percent in a short phrase
    pytest.param("chiếm tỷ lệ 98,2%", None, None, "percent", 98.2, "%", None, None, {"read_from_phrase"},
                 id="phrase-chiem-ty-le"),
    pytest.param("81.4%/tổng hồ sơ tiếp nhận", None, None, "percent", 81.4, "%", None, None,
                 {"decimal_dot", "read_from_phrase"}, id="phrase-of-total"),
    pytest.param("đạt tỷ lệ 100%", None, None, "percent", 100, "%", None, None, {"read_from_phrase"},
                 id="phrase-dat-ty-le"),
    pytest.param("Đạt 100%", None, None, "text", None, None, None, None, {"multiple_facts"}, id="phrase-verdict-kept"),
    pytest.param("Xếp thứ 62/63", None, None, "rank", 62, "hạng", 62, 63, {"rank_of_total", "read_from_phrase"},
                 id="phrase-rank"),
    pytest.param("xếp thứ 62/63 tỉnh, thành phố", None, None, "rank", 62, "tỉnh, thành phố", 62, 63,
                 {"rank_of_total", "read_from_phrase"}, id="phrase-rank-of-provinces"),
    pytest.param("xếp thứ 62/63 tỉnh, thành phố, tăng 5 bậc", None, None, "text", None, None, None, None,
                 {"multiple_numbers"}, id="phrase-rank-clause-kept"),
    pytest.param("chiếm 45,5% tổng số hồ sơ của toàn tỉnh trong năm", None, None, "text", None, None, None, None,
                 {"number_in_text"}, id="phrase-clause-kept"),
    # --- scores, ranks, amounts out of a total
    pytest.param("8,72/ 9,0", None, None, "score", 8.72, "điểm", 8.72, 9.0, {"score_of_max"}, id="score-decimals"),
    pytest.param("83,1/100", None, None, "score", 83.1, "điểm", 83.1, 100, {"score_of_max"}, id="score-of-100"),
    pytest.param("41,02/80", None, None, "score", 41.02, "điểm", 41.02, 80, {"score_of_max"}, id="score-of-80"),
    pytest.param("8.00/10", None, None, "score", 8.0, "điểm", 8.0, 10, {"score_of_max", "decimal_dot"},
                 id="score-dot"),
    pytest.param("10,5/10", None, None, "score", 10.5, "điểm", 10.5, 10, {"score_of_max", "over_maximum"},
                 id="score-over-max"),
    # a part above a plain whole under the count rule: the separator is re-read under the maximum
    pytest.param("85,184/100", None, None, "score", 85.184, "điểm", 85.184, 100, {"score_of_max"},
                 id="score-3-decimals"),
    pytest.param("85.184/100", None, None, "score", 85.184, "điểm", 85.184, 100, {"score_of_max", "decimal_dot"},
                 id="score-3-decimals-dot"),
    pytest.param("1.845/1.210", None, None, "ratio", 152.48, "%", 1845, 1210, {"derived_from_ratio", "percent_over_100"},
                 id="counts-over-whole-stay-counts"),
    pytest.param("527/100", None, None, "ratio", 527, "%", 527, 100, {"derived_from_ratio", "percent_over_100"},
                 id="integers-over-whole-stay-counts"),
    pytest.param("62/63", None, None, "ratio", 98.41, "%", 62, 63, {"derived_from_ratio"}, id="rank-no-ctx-is-ratio"),
    pytest.param("62/63", "Thứ hạng", None, "rank", 62, "Thứ hạng", 62, 63, {"rank_of_total"}, id="rank-unit"),
    pytest.param("64/63", "Xếp hạng", None, "rank", 64, "Xếp hạng", 64, 63, {"rank_of_total", "over_maximum"},
                 id="rank-over-total"),
    pytest.param("9/10", "Điểm", None, "score", 9, "Điểm", 9, 10, {"score_of_max"}, id="score-unit-whole"),
    pytest.param(MONEY, None, None, "number", 512_408_000, "đồng", 512_408_000, 730_115_000,
                 {"part_of_total", "separator_ambiguous"}, id="amount-vn-convention"),
    pytest.param(MONEY, None, DOT_COL, "number", 512_408_000_000, "đồng", 512_408_000_000, 730_115_000_000,
                 {"part_of_total", "thousands_comma"}, id="amount-en-column"),
    pytest.param(MONEY, None, COMMA_COL, "number", 512_408_000, "đồng", 512_408_000, 730_115_000,
                 {"part_of_total"}, id="amount-vn-column"),
    pytest.param("500.000/1.000.000 đồng", None, None, "number", 500_000, "đồng", 500_000, 1_000_000,
                 {"part_of_total"}, id="amount-dong"),
    pytest.param("512,408/730,115", "Triệu đồng", None, "number", 512_408_000, "đồng", 512_408_000, 730_115_000,
                 {"part_of_total", "separator_ambiguous"}, id="amount-unit-cell"),
]


def _check(r, kind, value, out_unit, num, den, flags):
    assert r.kind == kind
    assert r.value == (None if value is None else pytest.approx(value, rel=1e-12))
    assert r.unit == out_unit
    assert r.numerator == (None if num is None else pytest.approx(num))
    assert r.denominator == (None if den is None else pytest.approx(den))
    assert set(r.flags) == flags
    assert len(r.flags) == len(set(r.flags))


@pytest.mark.parametrize("text,unit,hint,kind,value,out_unit,num,den,flags", FORM_CASES)
def test_form(text, unit, hint, kind, value, out_unit, num, den, flags):
    r = parse_number(text, unit=unit, hint=hint)
    assert r.raw == text
    _check(r, kind, value, out_unit, num, den, flags)


# (text, unit, hint, reading, maximum) -> expected: the table's context decides
CONTEXT_CASES = [
    pytest.param("62/63", None, None, "rank", None, "rank", 62, "hạng", 62, 63, {"rank_of_total"}, id="ctx-rank"),
    pytest.param("62/63", None, None, "score", None, "score", 62, "điểm", 62, 63, {"score_of_max"}, id="ctx-score"),
    pytest.param("83,1/100", None, None, "score", 100, "score", 83.1, "điểm", 83.1, 100, {"score_of_max"},
                 id="ctx-score-max"),
    # a header maximum decides the separator: 8720 cannot be a score out of 10
    # a single number under a stated maximum is a score out of it
    pytest.param("8.720", None, None, "score", 10, "score", 8.72, "điểm", 8.72, 10, {"decimal_dot"},
                 id="ctx-max-decides-decimal"),
    pytest.param("8.720", None, None, None, None, "number", 8720, None, None, None, {"separator_ambiguous"},
                 id="ctx-no-max-thousands"),
    pytest.param("70,52", "Điểm", None, None, None, "number", 70.52, "Điểm", None, None, set(),
                 id="ctx-score-unit-no-max-stays-number"),
    pytest.param("70,52", "Điểm", None, None, 74, "score", 70.52, "Điểm", 70.52, 74, set(), id="ctx-single-score"),
    pytest.param("12,5", None, None, "score", 10, "score", 12.5, "điểm", 12.5, 10, {"over_maximum"},
                 id="ctx-single-over-max"),
    pytest.param("95,5%", None, None, "score", 100, "percent", 95.5, "%", None, None, set(),
                 id="ctx-percent-is-no-score"),
    # the money unit wins over a caller's reading
    pytest.param(MONEY, None, None, "rank", None, "number", 512_408_000, "đồng", 512_408_000, 730_115_000,
                 {"part_of_total", "separator_ambiguous"}, id="ctx-money-beats-reading"),
    # ranks are whole: decimals overrule a rank column
    pytest.param("8,72/9,0", None, None, "rank", None, "score", 8.72, "điểm", 8.72, 9.0, {"score_of_max"},
                 id="ctx-rank-with-decimals-is-score"),
    pytest.param("O7", None, None, "rank", None, "number", 7, None, None, None, {"ocr_digit_repaired"},
                 id="ctx-ocr-rank-column"),
]


@pytest.mark.parametrize("text,unit,hint,reading,maximum,kind,value,out_unit,num,den,flags", CONTEXT_CASES)
def test_context_decides(text, unit, hint, reading, maximum, kind, value, out_unit, num, den, flags):
    _check(parse_number(text, unit=unit, hint=hint, reading=reading, maximum=maximum),
           kind, value, out_unit, num, den, flags)


@pytest.mark.parametrize("text", ["18, 25", "62/63", MONEY, "O7", "17.84"])
def test_same_text_reads_differently_by_context(text):
    """Each of these has two readings: the context picks one, and the choice is visible in the flags."""
    readings = {
        "18, 25": [{}, {"hint": COMMA_COL}],
        "62/63": [{}, {"reading": "rank"}],
        MONEY: [{"hint": DOT_COL}, {"hint": COMMA_COL}],
        "O7": [{}, {"unit": "Hồ sơ"}],
        "17.84": [{"hint": DOT_COL}, {"hint": COMMA_COL}],
    }[text]
    a, b = (parse_number(text, **kw) for kw in readings)
    assert (a.kind, a.value, a.flags) != (b.kind, b.value, b.flags)
    assert a.flags or b.flags


def test_bad_reading_is_a_clear_error():
    with pytest.raises(ValueError, match="reading must be one of"):
        parse_number("62/63", reading="rnak")


def test_rules_directly():
    assert respace("2 415", percent=False, comma_column=False) == ("2415", ("thousands_space",))
    assert respace("2 415", percent=True, comma_column=False) == ("2 415", ())
    assert respace("18, 25", percent=False, comma_column=True) == ("18,25", ("separator_spaced",))
    assert respace("18, 25", percent=False, comma_column=False) == ("18, 25", ())
    assert phrase_figure("chiếm tỷ lệ 98,2%") == ("98,2%", ("read_from_phrase",), "percent")
    assert phrase_figure("xếp thứ 62/63 tỉnh") == ("62/63 tỉnh", ("read_from_phrase",), "rank")
    assert phrase_figure("98,2%") == (None, (), "")
    assert unit_reading("Thứ hạng") == "rank" and unit_reading("Điểm số") == "score"
    assert unit_reading("Hồ sơ") is None and unit_reading(None) is None
    assert unit_reading("PAR Index - Thứ hạng") == "rank" and unit_reading("Điểm chuẩn (tối đa)") == "score"
    assert unit_reading("Chỉ số") is None  # an index column holds percents
    assert unit_reading(unicodedata.normalize("NFD", "Thứ hạng")) == "rank"
    assert ocr_digit_cell("O7", numeric_context=True) and not ocr_digit_cell("O7")
    assert not ocr_digit_cell("B1", numeric_context=True)


def test_column_hint_sees_spaced_numbers():
    from normalize.numbers import column_hint

    assert column_hint(["2 415", "97, 35%", "83,1/100"]) == ColumnHint(decimal_comma=2, integers=1)


def test_score_is_no_percent_for_the_checks():
    """A score's value is not 100 * numerator / denominator: the ratio check must leave it alone."""
    from test_checks import V

    from normalize.checks import check_values

    r = parse_number("41,02/80")
    v = V("x", r.value, "41,02/80", value_kind=r.kind, unit=r.unit, numerator=r.numerator, denominator=r.denominator)
    assert check_values([v]) == [()]


@pytest.mark.parametrize("header,maximum", [
    ("Điểm số (tối đa 100)", 100), ("Điểm/100", 100), ("Thang điểm 10", 10), ("PAR Index - Điểm (100 điểm)", 100),
    ("Điểm chuẩn: 9,5", 9.5), ("Điểm số", None), ("Tháng 6/2024", None), ("Số hồ sơ (2024)", None),
    ("Điểm số (2024)", None), ("Thứ hạng", None), ("Năm 2024", None), (None, None),
])
def test_header_maximum(header, maximum):
    assert header_maximum(header) == maximum



REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
INDEX_PDF = REAL / "lamdong-snv-chiso-2025-bc228.pdf"


@pytest.mark.skipif(not INDEX_PDF.is_file(), reason="real reports not present")
def test_real_index_table_scores_and_ranks():
    """A province x index table (PAR Index, SIPAS, PAPI, PCI): 'score/maximum' and 'rank/63' cells."""
    from extract import read_document

    cells = [c.text.strip() for t in read_document(INDEX_PDF).tables for row in t.rows for c in row]
    parts = [c for c in cells if re.fullmatch(r"[0-9]+(?:,[0-9]+)?/[0-9]+", c)]
    scores = [parse_number(c) for c in parts if "," in c]
    ranks = [parse_number(c, reading="rank") for c in parts if "," not in c]
    assert len(scores) >= 9 and len(ranks) >= 12
    for r in scores:  # never a derived percent: value is the score, denominator the maximum
        assert r.kind == "score" and r.value == r.numerator and r.denominator in (80, 100) and r.value < r.denominator
        assert r.flags == ("score_of_max",)
    for r in ranks:
        assert r.kind == "rank" and r.denominator == 63 and 1 <= r.value <= 63 and r.value == int(r.value)
        assert r.flags == ("rank_of_total",)
    # hand-checked against the printed table: the first province's PAR Index, PAPI and PCI scores
    assert {83.1, 41.02, 65.08} <= {r.value for r in scores}
    # without the table's word for the column a rank is a ratio of counts, and says so
    assert all("derived_from_ratio" in parse_number(c).flags for c in parts if "," not in c)


# ---------------------------------------------------------------- one path: the column's context decides

from normalize.numbers import CellContext, parse_out_of  # noqa: E402
from normalize.table_numbers import column_context, out_of, read_cell  # noqa: E402

COMMA_TEXTS = ["17,84", "18,5", "19,25", "16,75"]
EN_THOUSANDS = ["1,234,567", "2,015,300", "3,400,125"]

# (header, sibling texts, kind from the table reader, cell) -> (kind, value, max_value, rank_of, exact flags)
COLUMN_CASES = [
    pytest.param("Xếp hạng", ["1/63", "5/63"], "", "62/63", "rank", 62, None, 63, {"rank_of_total"},
                 id="header-says-rank"),
    pytest.param("Điểm số", ["70/100"], "", "62/63", "score", 62, 63, None, {"score_of_max"}, id="header-says-score"),
    pytest.param("Số hồ sơ", ["12", "40"], "", "62/63", "ratio", 98.41, None, None, {"derived_from_ratio"},
                 id="header-says-nothing-ratio"),
    pytest.param("PAR Index · Thứ hạng", [], "rank", "64/63", "rank", 64, None, 63, {"rank_of_total", "over_maximum"},
                 id="reader-kind-rank-over"),
    # the header's maximum rules out a thousands reading and makes a plain number a score out of it
    pytest.param("Điểm (thang điểm 10)", ["8.720", "9.125"], "", "8.720", "score", 8.72, 10, None, {"decimal_dot"},
                 id="header-maximum-decides-dot"),
    pytest.param("Điểm đạt được (điểm chuẩn tối đa: 15đ)", ["13,951", "12,500"], "score", "13,951", "score", 13.951,
                 15, None, set(), id="header-maximum-decides-comma"),
    pytest.param("Điểm đạt được (điểm chuẩn 30)", [], "score", "31,5", "score", 31.5, 30, None, {"over_maximum"},
                 id="header-maximum-exceeded"),
    # a score 'a/b': a thousands reading of a above its own maximum b is none
    pytest.param("Điểm số", [], "score", "13,951/15", "score", 13.951, 15, None, {"score_of_max"},
                 id="score-part-under-its-maximum"),
    # separators the column decides
    pytest.param("Kết quả", COMMA_TEXTS, "", "18, 25", "number", 18.25, None, None, {"separator_spaced"},
                 id="spaced-comma-in-comma-column"),
    pytest.param("Kết quả", COMMA_TEXTS, "", "17.84", "number", 17.84, None, None, {"decimal_dot", "mixed_convention"},
                 id="dot-among-comma-decimals"),
    pytest.param("Kinh phí (đồng)", EN_THOUSANDS, "", "512,408", "number", 512408, None, None, {"thousands_comma"},
                 id="comma-among-english-thousands"),
    pytest.param("Kinh phí (đồng)", EN_THOUSANDS, "", "44.612", "number", 44.612, None, None, {"decimal_dot"},
                 id="dot-among-english-thousands-is-decimal"),
]


@pytest.mark.parametrize("header,texts,kind,cell,out_kind,value,max_value,rank_of,flags", COLUMN_CASES)
def test_column_context_decides_the_reading(header, texts, kind, cell, out_kind, value, max_value, rank_of, flags):
    r = read_cell(cell, column_context(header, texts, kind=kind), kind=kind)
    assert r.kind == out_kind and r.value == pytest.approx(value)
    assert (r.max_value, r.rank_of) == (max_value, rank_of)
    assert set(r.flags) == flags


@pytest.mark.parametrize("cell,context,bare_flags", [
    ("512,408", column_context("Kinh phí", EN_THOUSANDS), {"separator_ambiguous"}),
    ("8.720", column_context("Điểm (thang điểm 10)", []), {"separator_ambiguous"}),
    ("62/63", column_context("Xếp hạng", []), {"derived_from_ratio"}),
    ("18, 25", column_context("Kết quả", COMMA_TEXTS), {"multiple_numbers"}),
])
def test_without_its_column_a_cell_reads_otherwise_and_says_so(cell, context, bare_flags):
    bare, placed = parse_number(cell), parse_number(cell, context=context)
    assert (bare.kind, bare.value) != (placed.kind, placed.value)
    assert set(bare.flags) == bare_flags and placed.flags


def test_context_and_arguments_are_one_path():
    ctx = CellContext(unit="Hồ sơ", hint=COMMA_COL, reading="rank", maximum=None)
    assert parse_number("62/63", context=ctx) == parse_number("62/63", unit="Hồ sơ", hint=COMMA_COL, reading="rank")
    # an argument given beside the context wins over the context's field
    assert parse_number("62/63", reading="score", context=ctx).kind == "score"
    assert column_context("Thứ hạng", []).reading == "rank" and column_context("Điểm chuẩn 30", []).maximum == 30
    assert column_context("Số hồ sơ", ["1.234"]).reading is None


def test_score_and_rank_go_to_max_value_and_rank_of_not_the_ratio_columns():
    score, rank, ratio = parse_number("83,1/100"), parse_number("62/63", reading="rank"), parse_number("862/1.266")
    assert out_of(score) == (None, None, 100, None)
    assert out_of(rank) == (None, None, None, 63)
    assert out_of(ratio) == (862, 1266, None, None)


def test_old_out_of_reader_reads_through_the_same_path():
    for text, kind in [("83,1/100", "score"), ("62/63", "rank"), ("8,72/9,0", "score")]:
        old, total = parse_out_of(text, kind)
        new = parse_number(text, reading=kind)
        assert (old.kind, old.value) == (new.kind, new.value) and total == new.denominator


def test_matrix_table_reads_cells_by_their_column(tmp_path):
    """A score column whose header states its maximum, and a rank column: one reading path for both."""
    from baocao.pipeline import process_file

    path = tmp_path / "ranking.txt"
    path.write_text("\n".join([
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG", "BÁO CÁO", "Kết quả xác định chỉ số cải cách hành chính các sở năm 2025", "",
        "STT\tĐơn vị\tĐiểm đạt được (điểm chuẩn 30)\tXếp hạng",
        "1\tSở Tư pháp\t28,125\t1/20", "2\tSở Nội vụ\t27,750\t2/20", "3\tSở Tài chính\t25,375\t3/20", ""]),
        encoding="utf-8")
    values = [v for v in process_file(path).values if v.origin == "table"]
    scores = [v for v in values if v.column_header.startswith("Điểm")]
    ranks = [v for v in values if v.column_header == "Xếp hạng"]
    assert [v.value for v in scores] == [28.125, 27.75, 25.375] and {v.max_value for v in scores} == {30}
    assert all("separator_ambiguous" not in v.flags for v in scores)  # the maximum decided
    assert [(v.value, v.rank_of, v.value_kind) for v in ranks] == [(1, 20, "rank"), (2, 20, "rank"), (3, 20, "rank")]
    assert all("rank_of_total" in v.flags.split(";") and v.numerator is None for v in ranks)
