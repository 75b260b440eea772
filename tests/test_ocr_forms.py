"""Cell and header text as a scan misreads it (normalize/ocr_forms.py), read in its column
(normalize/table_numbers.py), and which columns the OCR reader looks at again."""

from __future__ import annotations

import pytest

from extract.model import Cell, Table
from extract.ocr.grid import OcrWord
from extract.ocr.digits import glued_lead
from extract.ocr.pairs import one_digit_more, split_digit_pairs
from extract.ocr.reader import _numeric_columns, _slash_pairs, _worse
from normalize.ocr_forms import FLAG_MAXIMUM_OCR_READ, fold, ocr_header_maximum, slashed_header, value_word
from normalize.table_numbers import column_context, read_cell

# a score column out of 15 as a scan gives it: decimal marks misread either way, one digit wrong
SCORES = ["13,122", "12.231", "11,332", "9,1", "14,951", "12,5", "10,066", "8.148", "7,3", "11.2", "43,253"]


@pytest.mark.parametrize(("cell", "word"), [
    ("TÓT", "TỐT"), ("TOT", "TỐT"), ("TỚT", "TỐT"), ("TOÓT:", "TỐT"), ("KHẢ", "KHÁ"), ("KHAÁ", "KHÁ"),
    ("Trung binh", "Trung bình"), ("khong dat", "không đạt"),
])
def test_a_grade_read_without_its_diacritics_is_the_one_word_it_folds_to(cell, word):
    assert value_word(cell) == word


@pytest.mark.parametrize("cell", ["TỐT", "KHÁ", "Đạt", "S§ảI", "TT", "12,5", "Tốt hơn", ""])
def test_a_word_as_printed_or_no_such_word_is_left_alone(cell):
    assert value_word(cell) is None


def test_fold_drops_diacritics_and_doubled_letters():
    assert fold("Điểm TOÓT") == "diem tot"


@pytest.mark.parametrize("header", [
    "Điềm đạt được (điểm chuẩn tôi đa. 154)",  # 'đ' read as '4'
    "Điêm đạt được (điểm chuẩn tôi đa: l$d)",
    "Điểm đạt được (điểm chuân tôi đa: 1 5) 12.451",  # the first value glued to the header
    "Điểm đạt được (điêm chuản tôi ảa. 15)",
    "Điểm đạt được (đêm chuảân tôi đa. !$đ)",
    "Điểm đạt được (điểm chuaán tôi đa: I 5)",
])
def test_a_garbled_maximum_is_read_where_the_column_fits_under_it(header):
    assert ocr_header_maximum(header, SCORES) == 15.0


def test_a_maximum_the_values_do_not_fit_under_is_not_taken():
    # '13đ' (a misread '15đ'): most values are above 13, so no maximum at all
    assert ocr_header_maximum("Điểm đạt được (điểm chuẩn tôi đa: l3đ)", SCORES) is None
    # '154' with values up to 100: not 15; and 154 is what the header says
    assert ocr_header_maximum("Điểm (tôi đa. 154)", ["99,5", "80,1", "140", "14"]) == 154.0
    assert ocr_header_maximum("Điểm (tôi đa. 154)", ["99,5", "80,1", "160", "170"]) is None


@pytest.mark.parametrize("header", ["Tỷ lệ (%)", "Điểm (tối đa: so)", "Điểm (trên số)",
                                    "Điểm đạt được"])
def test_no_maximum_without_a_score_header_and_a_number(header):
    assert ocr_header_maximum(header, SCORES) is None


def test_a_column_of_scores_under_a_garbled_header_reads_as_decimals_flagged():
    header = "Điềm đạt được (điểm chuẩn tôi đa. 154)"
    ctx = column_context(header, SCORES)
    assert ctx.maximum == 15.0 and ctx.maximum_flag == FLAG_MAXIMUM_OCR_READ
    got = read_cell("13,122", ctx)
    assert got.value == pytest.approx(13.122) and got.max_value == 15.0 and FLAG_MAXIMUM_OCR_READ in got.flags
    dot = read_cell("12.231", ctx)
    assert dot.value == pytest.approx(12.231) and FLAG_MAXIMUM_OCR_READ in dot.flags
    assert "over_maximum" in read_cell("43,253", ctx).flags  # the misread digit stays flagged


def test_an_exact_header_maximum_carries_no_ocr_flag():
    ctx = column_context("Điểm đạt được (điểm chuẩn tối đa: 15đ)", SCORES)
    assert ctx.maximum == 15.0 and not ctx.maximum_flag
    assert FLAG_MAXIMUM_OCR_READ not in read_cell("13,122", ctx).flags


def test_a_grade_cell_reads_as_its_word_flagged():
    ctx = column_context("Xếp loại", ["TỐT", "TÓT", "KHÁ"])
    got = read_cell("TÓT", ctx)
    assert got.kind == "text" and got.text == "TỐT" and "cell_word_repaired" in got.flags
    assert got.confidence < 1.0
    assert read_cell("TỐT", ctx).flags == ()


def _table(*rows: tuple[str, ...]) -> Table:
    return Table(rows=tuple(tuple(Cell(t, r, c) for c, t in enumerate(row)) for r, row in enumerate(rows)))


def test_a_one_row_table_s_number_column_is_numeric_even_garbled():
    t = _table(("TT", "Tên TTHC", "Số hồ sơ"), ("1", "Đăng ký biến động", "862. 1.266 (68. l %"))
    assert _numeric_columns(t) == {2}
    t = _table(("TT", "Tên", "Số"), ("1", "Đăng ký", "862/1.266 (68,1%)"), ("2", "Xóa đăng ký", ""))
    assert _numeric_columns(t) == {2}


def test_a_column_of_words_is_not_numeric():
    t = _table(("TT", "Tên", "Ghi chú"), ("1", "Đăng ký", "Đạt"), ("2", "Xóa", "12 hồ sơ còn lại"))
    assert _numeric_columns(t) == set()


def _word(text: str, x0: float, x1: float, line: int, top: float = 100.0) -> OcrWord:
    return OcrWord(text, 90.0, x0, top, x1, top + 40, (line, 1, 1), em=50.0)


def test_a_number_pair_whose_slash_was_lost_is_offered_for_a_second_look():
    # "Có 36, 124 đơn vị" (for 36/124), the two numbers read in separate text blocks
    words = [_word("Có", 500, 560, 1), _word("36,", 663, 728, 2), _word("124", 744, 820, 3),
             _word("đơn", 840, 920, 3), _word("L", 1000, 1020, 4, top=300), _word("1Š", 1040, 1090, 4, top=302)]
    assert _slash_pairs(words) == [(1, 2), (4, 5)]


def test_numbers_apart_or_on_other_lines_are_no_pair():
    words = [_word("36,", 663, 728, 1), _word("124", 900, 980, 1),  # more than 1.5 em apart
             _word("12", 100, 140, 2, top=400), _word("15", 150, 190, 3, top=480),  # the next line
             _word("2024", 300, 400, 4, top=600), _word("15", 410, 450, 4, top=600)]  # a year is no head
    assert _slash_pairs(words) == []


@pytest.mark.parametrize(("first", "again"), [
    ("70,811%", "0,811%"), ("60.263%", "6.263%"), ("99,0", "9.0"),  # digits lost at the crop's edge
    ("80,60%", "8(),60%"), ("82,252%", "-82,252%"),  # marks the digits model made of specks
])
def test_a_second_reading_worse_than_a_clean_first_is_not_taken(first, again):
    assert _worse(first, again)


@pytest.mark.parametrize(("first", "again"), [
    ("4.320%", "54,320%"), ("74. 95%", "74,95%"), ("48,8389%.", "48,838%"), ("12,5", "12,5"),
])
def test_a_second_reading_that_adds_or_fixes_digits_is_taken(first, again):
    assert not _worse(first, again)


@pytest.mark.parametrize(("header", "parts", "fixed"), [
    ("Số lượng hồ sơ hỗ trợfT ông hồ sơ trực tuyến/Tỏng số hề sơ", 3,
     "Số lượng hồ sơ hỗ trợ/T ông hồ sơ trực tuyến/Tỏng số hề sơ"),
    ("Kết quả · Số hồ sơ hỗ trợ|Tổng số hồ sơ", 2, "Kết quả · Số hồ sơ hỗ trợ/Tổng số hồ sơ"),
    ("Hồ sơ hỗ trợ lTổng hồ sơ", 2, "Hồ sơ hỗ trợ/Tổng hồ sơ"),
])
def test_a_headers_slash_read_as_a_letter_is_put_back(header, parts, fixed):
    assert slashed_header(header, parts) == fixed


@pytest.mark.parametrize(("header", "parts"), [
    ("Số lượng hồ sơ hỗ trợ/Tổng số hồ sơ", 2),  # nothing lost
    ("Tổng số hồ sơ", 2),  # no look-alike between two names
    ("Hồ sơ fTổng lXã", 2),  # two candidates for one lost slash: no way to tell
    ("Số hồ sơ hỗ trợ/Tổng hồ sơ", 4),  # counts that never agree
])
def test_no_slash_is_put_back_where_the_header_does_not_say_where(header, parts):
    assert slashed_header(header, parts) is None


def test_a_score_or_rank_whose_slash_a_scan_lost_is_read_out_of_the_columns_denominator():
    ranks = ["39/63", "37/63", "4263"]
    ctx = column_context("SIPAS · Thứ hạng", ranks, kind="rank")
    got = [read_cell(t, ctx, kind="rank") for t in ranks]
    assert [p.value for p in got] == [39, 37, 42] and got[2].rank_of == 63
    assert "slash_restored" in got[2].flags and "slash_restored" not in got[0].flags
    scores = ["41,02/80", "40.53/80", "47.1380"]
    ctx = column_context("PAPI · Điểm số", scores, kind="score")
    last = read_cell(scores[2], ctx, kind="score")
    assert (last.value, last.max_value) == (47.13, 80) and "slash_restored" in last.flags


@pytest.mark.parametrize(("cells", "kind"), [
    (["39/63", "37/63", "4263"], "count"),  # no score or rank column: a count may be 4263
    (["39/63", "37/63", "6463"], "rank"),  # 64 of 63 does not fit either
    (["39/63", "37/60", "4263"], "rank"),  # no one denominator
    (["39/63", "4263", "5163"], "rank"),  # as many bare numbers as stated ratios
    (["39/63", "37/63", "1.263"], "rank"),  # a rank has no decimals
])
def test_no_slash_is_restored_where_the_column_does_not_say_it(cells, kind):
    header = "Số hồ sơ" if kind == "count" else "Thứ hạng"
    ctx = column_context(header, cells, kind=kind if kind != "count" else "")
    assert "slash_restored" not in read_cell(cells[-1], ctx).flags


def test_grouped_numbers_whose_slash_was_lost_are_offered_too():
    # "7.158, 7.385 (96,9%)" for "7.158/7.385 (96,9%)"; "90.09, 100 điểm" for "90,09/100 điểm"
    words = [_word("7.158,", 100, 230, 1), _word("7.385", 250, 360, 1), _word("90.09,", 100, 230, 2, 300),
             _word("100", 250, 320, 2, 300)]
    assert _slash_pairs(words) == [(0, 1), (2, 3)]


def test_a_first_digit_read_as_a_letter_apart_is_offered_with_the_rest():
    # "Š 1,79%" for "51,79%": the pair is read again as one crop
    words = [_word("đạt", 0, 60, 1), _word("Š", 80, 100, 1), _word("I,79%", 118, 230, 1), _word("Š", 400, 420, 1),
             _word("và", 430, 470, 1)]
    assert split_digit_pairs(words) == [(1, 2)]
    assert one_digit_more("51,79%", "1,79%") and not one_digit_more("1,79%", "1,79%")
    assert not one_digit_more("51,78%", "1,79%") and not one_digit_more("5/1,79%", "1,79%")


@pytest.mark.parametrize(("word", "glued"), [("&§8%", True), ("&§8%.", True), ("§3.76%", True), ("88%", False),
                                             ("&", False), ("§ 12", False), ("(12)", False)])
def test_noise_stuck_before_a_number_is_offered_for_a_second_look(word, glued):
    assert glued_lead(word) is glued
