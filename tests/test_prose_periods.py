"""Each prose figure gets the period its own sentence states; the report's only when none is stated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from normalize.prose.periods import figure_period, label_for, period_phrases
from normalize.periods import Period, parse_period

SUMMARY = parse_period("giai đoạn 2011 - 2020")
Q1_2026 = parse_period("Quý I năm 2026")
YEAR_2025 = parse_period("Năm 2025")

# (sentence, figure as printed, report period, expected label, expected start, expected end, flags that must be set)
CASES = [
    ("Năm 2019, Bộ phận Một cửa huyện đã tiếp nhận 6.512 hồ sơ.", "6.512", SUMMARY,
     "2019", date(2019, 1, 1), date(2019, 12, 31), {"period_from_text"}),
    ("Riêng trong năm 2018, cấp xã đã giải quyết 3.904 hồ sơ đúng hạn.", "3.904", SUMMARY,
     "2018", date(2018, 1, 1), date(2018, 12, 31), {"period_from_text"}),
    ("Từ ngày 01/01/2020 đến ngày 31/3/2020, huyện đã tiếp nhận 12.420 hồ sơ.", "12.420", SUMMARY,
     "2020-Q1", date(2020, 1, 1), date(2020, 3, 31), {"period_from_text"}),
    ("Từ 15/02/2020 đến 10/3/2020 đã tiếp nhận 310 hồ sơ.", "310", SUMMARY,
     "2020-02-15..2020-03-10", date(2020, 2, 15), date(2020, 3, 10), {"period_from_text"}),
    ("Trong 6 tháng đầu năm, toàn tỉnh tiếp nhận 40.118 hồ sơ.", "40.118", YEAR_2025,
     "2025-H1", date(2025, 1, 1), date(2025, 6, 30), {"period_year_from_report"}),
    ("Trong 6 tháng đầu năm 2024, toàn tỉnh tiếp nhận 38.020 hồ sơ.", "38.020", YEAR_2025,
     "2024-H1", date(2024, 1, 1), date(2024, 6, 30), {"period_from_text"}),
    ("Trong Quý I/2026, các sở đã tiếp nhận 9.870 hồ sơ.", "9.870", YEAR_2025,
     "2026-Q1", date(2026, 1, 1), date(2026, 3, 31), {"period_from_text"}),
    ("Trong quý III năm 2023, Văn phòng ban hành 14 quyết định.", "14", SUMMARY,
     "2023-Q3", date(2023, 7, 1), date(2023, 9, 30), {"period_from_text"}),
    ("Trong quý, Trung tâm đã tiếp nhận 5.420 hồ sơ.", "5.420", Q1_2026,
     "2026-Q1", date(2026, 1, 1), date(2026, 3, 31), set()),
    ("Từ đầu năm đến nay, cấp xã tiếp nhận 2.001 hồ sơ.", "2.001", Q1_2026,
     "2026-Q1", date(2026, 1, 1), date(2026, 3, 31), {"period_to_date"}),
    ("Lũy kế đến 15/12/2025, đã số hóa 71.406 hồ sơ.", "71.406", YEAR_2025,
     "2025-01-01..2025-12-15", date(2025, 1, 1), date(2025, 12, 15), {"period_start_assumed"}),
    ("Tính đến ngày 31/12/2019, có 95% công chức cấp xã đạt chuẩn.", "95%", SUMMARY,
     "2019-12-31", date(2019, 12, 31), date(2019, 12, 31), {"period_as_of"}),
    ("Trong tháng 3/2026, cổng dịch vụ công nhận 811 hồ sơ trực tuyến.", "811", Q1_2026,
     "2026-03", date(2026, 3, 1), date(2026, 3, 31), {"period_from_text"}),
    ("Từ ngày 01/7/2025 đến nay, UBND tỉnh đã ban hành 21 quyết định.", "21", YEAR_2025,
     "2025-last6m", date(2025, 7, 1), date(2025, 12, 31), {"period_to_date"}),
    ("Từ năm 2016 đến nay, huyện đã giảm 04 biên chế.", "04", SUMMARY,
     "2016-2020", date(2016, 1, 1), date(2020, 12, 31), {"period_to_date"}),
    ("Cho thời kỳ 2012-2015 là 14 triệu đồng, thời kỳ 2016-2020 là 18 triệu đồng.", "18", SUMMARY,
     "2016-2020", date(2016, 1, 1), date(2020, 12, 31), set()),
    ("Đã tiếp nhận 7.215 hồ sơ trong năm 2017, chiếm phần lớn số hồ sơ.", "7.215", SUMMARY,
     "2017", date(2017, 1, 1), date(2017, 12, 31), {"period_from_text"}),
    # the compared-with value carries the earlier period and a marker
    ("Trong quý, tiếp nhận 5.100 hồ sơ (cùng kỳ năm 2025: 4.870 hồ sơ).", "4.870", Q1_2026,
     "2025-Q1", date(2025, 1, 1), date(2025, 3, 31), {"period_comparison"}),
    # a change between two periods keeps the current period and says it is a change
    ("Trong quý, tiếp nhận 5.100 hồ sơ, tăng 4,7% so với cùng kỳ.", "4,7%", Q1_2026,
     "2026-Q1", date(2026, 1, 1), date(2026, 3, 31), {"period_change"}),
    ("Năm 2025 đạt 87,5 điểm, tăng 2,4 điểm so với năm 2024.", "2,4", YEAR_2025,
     "2025", date(2025, 1, 1), date(2025, 12, 31), {"period_change"}),
]


@pytest.mark.parametrize("sentence,figure,report,label,start,end,flags", CASES,
                         ids=[c[0][:40] for c in CASES])
def test_figure_gets_the_period_its_sentence_states(sentence, figure, report, label, start, end, flags):
    i = sentence.index(figure)
    fp = figure_period(sentence, i, i + len(figure), report)
    assert fp.period is not None
    assert (fp.period.label, fp.period.start, fp.period.end) == (label, start, end)
    assert flags <= set(fp.flags), fp.flags
    assert fp.source == "text"


def test_sentence_without_period_takes_the_report_period_without_flag():
    s = "Trung tâm đã tiếp nhận 4.002 hồ sơ, giải quyết đúng hạn 3.998 hồ sơ."
    i = s.index("3.998")
    fp = figure_period(s, i, i + 5, Q1_2026)
    assert fp.period == Q1_2026 and fp.source == "report" and fp.flags == ()


def test_no_period_anywhere_is_empty_and_flagged():
    s = "Trung tâm đã tiếp nhận 4.002 hồ sơ."
    fp = figure_period(s, s.index("4.002"), s.index("4.002") + 5, None)
    assert fp.period is None and "period_unknown" in fp.flags


def test_this_quarter_in_an_annual_report_is_unknown_not_guessed():
    s = "Trong quý, đã tiếp nhận 300 hồ sơ."
    fp = figure_period(s, s.index("300"), s.index("300") + 3, YEAR_2025)
    assert fp.period is None and "period_unknown" in fp.flags


@pytest.mark.parametrize("sentence,figure", [
    # a document's name, and a date of issue, are not the figure's period
    ("Thực hiện Kế hoạch CCHC năm 2024 của tỉnh, đã ban hành 15 văn bản.", "15"),
    ("Theo Quyết định số 920/QĐ-UBND ngày 13 tháng 6 năm 2019, công bố 30 thủ tục.", "30"),
])
def test_titles_and_dates_of_issue_are_not_periods(sentence, figure):
    i = sentence.index(figure)
    fp = figure_period(sentence, i, i + len(figure), Q1_2026)
    assert fp.period == Q1_2026 and fp.source == "report"


def test_nearest_phrase_wins_and_a_semicolon_ends_its_reach():
    s = "Năm 2018 tiếp nhận 1.200 hồ sơ; cấp xã tiếp nhận 900 hồ sơ."
    fp = figure_period(s, s.index("900"), s.index("900") + 3, SUMMARY)
    assert fp.period == SUMMARY and fp.source == "report"
    s = "Năm 2018 tiếp nhận 1.200 hồ sơ, năm 2019 tiếp nhận 1.350 hồ sơ."
    fp = figure_period(s, s.index("1.350"), s.index("1.350") + 5, SUMMARY)
    assert fp.period.label == "2019"


def test_a_phrase_opening_the_sentence_before_a_comma_reaches_every_clause():
    s = ("a) Tính đến ngày 15/11/2025, toàn tỉnh đã thu nhận 3.918 hồ sơ cấp căn cước; "
         "2.846 tài khoản định danh điện tử đã được cấp.")
    fp = figure_period(s, s.index("2.846"), s.index("2.846") + 5, YEAR_2025)
    assert fp.period.label == "2025-11-15" and "period_as_of" in fp.flags


def test_a_running_total_since_an_undated_event_is_flagged():
    s = "Từ khi phát động đợt cao điểm đến nay, toàn tỉnh đã thu nhận được 138.816 tài khoản định danh điện tử."
    fp = figure_period(s, s.index("138.816"), s.index("138.816") + 7, YEAR_2025)
    assert fp.period == YEAR_2025 and {"period_to_date", "period_start_assumed"} <= set(fp.flags)


def test_a_future_year_is_a_target():
    s = "Phấn đấu đến năm 2030 có 90% hồ sơ trực tuyến."
    fp = figure_period(s, s.index("90%"), s.index("90%") + 3, YEAR_2025)
    assert fp.period.label == "2030" and "period_target" in fp.flags


def test_phrases_are_data(tmp_path):
    """A new period phrase is one CSV row."""
    original = Path(__file__).resolve().parents[1] / "schemas" / "period_phrases.csv"
    extended = tmp_path / "period_phrases.csv"  # a schemas/ folder holding the one table
    extended.write_text(original.read_text(encoding="utf-8") + 'year,"niên\\s+độ\\s+{Y}",test row\n',
                        encoding="utf-8")
    s = "Niên độ 2017 đã tiếp nhận 512 hồ sơ."
    assert not period_phrases(s, SUMMARY)
    assert [h.period.label for h in period_phrases(s, SUMMARY, str(tmp_path))] == ["2017"]
    fp = figure_period(s, s.index("512"), s.index("512") + 3, SUMMARY, str(tmp_path))
    assert fp.period.label == "2017"


def test_labels():
    assert label_for(date(2023, 7, 1), date(2023, 9, 30)) == "2023-Q3"
    assert label_for(date(2011, 1, 1), date(2020, 12, 31)) == "2011-2020"
    assert label_for(date(2026, 1, 1), date(2026, 2, 28)) == "2026-2m"


def test_a_phrase_introducing_a_list_reaches_every_item():
    s = "Tính đến ngày 30/6/2019: có 91% cán bộ đạt chuẩn; 98% công chức đạt chuẩn."
    fp = figure_period(s, s.index("98%"), s.index("98%") + 3, SUMMARY)
    assert fp.period.label == "2019-06-30" and "period_as_of" in fp.flags


def test_a_year_right_after_a_figure_is_that_figures():
    s = "Tỷ lệ đúng hạn tăng từ 96,10% năm 2016 lên 98,75% năm 2019."
    first = figure_period(s, s.index("96,10%"), s.index("96,10%") + 6, SUMMARY)
    second = figure_period(s, s.index("98,75%"), s.index("98,75%") + 6, SUMMARY)
    assert first.period.label == "2016" and second.period.label == "2019"
    s = "Tỷ lệ đúng hạn tăng từ 96,10% năm 2016 lên 98,75%."  # the later figure names no year of its own
    assert figure_period(s, s.index("98,75%"), s.index("98,75%") + 6, SUMMARY).period == SUMMARY


def test_a_month_in_a_title_is_the_report_period():
    assert parse_period("Kết quả triển khai Đề án 06 tháng 11/2025").label == "2025-11"
    assert parse_period("Năm 2024 (tính đến tháng 6/2024)").label == "2024 (to 2024-06-30)"  # a cut, not a month


def test_report_without_a_period_gives_prose_figures_the_year_of_its_date_flagged():
    from extract.model import Document, Paragraph
    from normalize.match import load_indicators
    from baocao.pipeline import process_document

    doc = Document(Path("x.txt"), "text", (
        Paragraph("UBND TỈNH LÂM GIANG"), Paragraph("Lâm Giang, ngày 12 tháng 12 năm 2025"),
        Paragraph("BÁO CÁO"), Paragraph("Kết quả thực hiện mô hình thí điểm"),
        Paragraph("I. KẾT QUẢ ĐẠT ĐƯỢC"),
        Paragraph("Trung tâm đã tiếp nhận 1.204 hồ sơ, giải quyết đúng hạn 1.198 hồ sơ."),
        Paragraph("Riêng trong năm 2024, Trung tâm đã tiếp nhận 900 hồ sơ.")))
    figures = {v.value: v for v in process_document(Path("x.txt"), doc, load_indicators()).values
               if v.origin == "inline"}
    assert figures[1204].period == "2025" and "period_from_report_date" in figures[1204].flags.split(";")
    assert figures[900].period == "2024" and "period_from_report_date" not in figures[900].flags.split(";")


# ---------------------------------------------------------------- the period a report states in its preamble

from normalize.preamble import fallback_period, preamble_lines, preamble_period, stated_period  # noqa: E402

HEAD = ["ỦY BAN NHÂN DÂN XÃ AN PHÚ", "An Phú, ngày 04 tháng 11 năm 2025", "BÁO CÁO",
        "Tổng kết mô hình Bộ phận Một cửa không giấy"]


@pytest.mark.parametrize("opening,start,end", [
    ("Theo Kế hoạch số 41/KH-UBND ngày 20/02/2025, thời gian thực hiện thí điểm từ ngày 03/3/2025 đến hết "
     "ngày 30/4/2025 tại 12 thôn.", date(2025, 3, 3), date(2025, 4, 30)),
    ("Thời gian thí điểm: từ 01/6/2024 đến 31/8/2024.", date(2024, 6, 1), date(2024, 8, 31)),
    ("Kỳ báo cáo từ ngày 15/12/2024 đến ngày 14/6/2025.", date(2024, 12, 15), date(2025, 6, 14)),
    ("Số liệu tính từ ngày 01 tháng 10 năm 2024 đến ngày 30 tháng 9 năm 2025.", date(2024, 10, 1), date(2025, 9, 30)),
    ("Kỳ báo cáo (từ tháng 10/2024 đến hết tháng 9/2025).", date(2024, 10, 1), date(2025, 9, 30)),
    ("Thời gian triển khai từ tháng 3 năm 2025 đến tháng 5 năm 2025.", date(2025, 3, 1), date(2025, 5, 31)),
])
def test_preamble_states_the_window_of_the_report(opening, start, end):
    pre = preamble_period([*HEAD, opening, "I. KẾT QUẢ THỰC HIỆN", "Đã tiếp nhận 310 hồ sơ."])
    assert (pre.window.start, pre.window.end) == (start, end) and pre.cutoff is None
    assert pre.window_text.casefold().startswith(("thời gian", "kỳ báo cáo", "số liệu"))


@pytest.mark.parametrize("lines", [
    # a date range with no cue naming the report's window is some figure's, not the report's
    [*HEAD, "Từ ngày 01/01/2025 đến ngày 31/3/2025, xã đã tiếp nhận 120 hồ sơ.", "I. KẾT QUẢ"],
    # after the first section heading the text is the body: its windows are its figures'
    [*HEAD, "Xã báo cáo như sau:", "I. KẾT QUẢ", "Thời gian thực hiện từ ngày 01/7/2025 đến ngày 31/7/2025."],
    # a window that ends before it starts is a misprint: nothing is read
    [*HEAD, "Thời gian thực hiện từ ngày 30/9/2025 đến ngày 26/8/2025.", "I. KẾT QUẢ"],
])
def test_no_window_without_a_cue_in_the_preamble(lines):
    assert preamble_period(lines).window is None


@pytest.mark.parametrize("line,cutoff", [
    ("(Số liệu tính đến ngày 15/11/2025)", date(2025, 11, 15)),
    ("Số liệu được tổng hợp đến ngày 20/3/2026.", date(2026, 3, 20)),
    ("(Số liệu tính đến hết ngày 31 tháng 10 năm 2025)", date(2025, 10, 31)),
    ("Số liệu báo cáo tính đến hết tháng 2/2024.", date(2024, 2, 29)),  # a month: its last day
    ("Số liệu tổng hợp đến hết tháng 2/2024.", date(2024, 2, 29)),
    ("Số liệu thống kê đến tháng 11 năm 2025.", date(2025, 11, 30)),
    # a misprinted day is skipped, the next statement read
    ("Số liệu tính đến ngày 31/9/2025; số liệu cập nhật đến ngày 30/9/2025.", date(2025, 9, 30)),
])
def test_preamble_states_a_cut_off(line, cutoff):
    assert preamble_period([*HEAD, line, "I. KẾT QUẢ"]).cutoff == cutoff


def test_a_letters_subject_line_and_a_small_roman_item_are_no_headings():
    lines = [*HEAD, "V/v kết quả thí điểm", "i) Căn cứ Kế hoạch số 41/KH-UBND;",
             "Thời gian thực hiện từ ngày 01/3/2025 đến ngày 30/4/2025.", "II. KẾT QUẢ"]
    assert preamble_period(lines).window.end == date(2025, 4, 30)


def test_preamble_ends_at_the_first_numbered_heading():
    lines = [*HEAD, "Căn cứ Kế hoạch số 41/KH-UBND;", "1. Kết quả đạt được", "Số liệu tính đến ngày 15/11/2025."]
    assert preamble_lines(lines)[-1] == "Căn cứ Kế hoạch số 41/KH-UBND;"
    assert preamble_period(lines).cutoff is None


def test_title_period_wins_over_a_window_and_a_cut_off_ends_either():
    from normalize.preamble import PreamblePeriod

    window = Period(date(2025, 3, 3), date(2025, 4, 30), "2025-03-03..2025-04-30")
    assert stated_period(YEAR_2025, PreamblePeriod(window=window)) == (YEAR_2025, ())
    p, flags = stated_period(YEAR_2025, PreamblePeriod(cutoff=date(2025, 11, 15)))
    assert (p.start, p.end, flags) == (date(2025, 1, 1), date(2025, 11, 15), ("period_cutoff",))
    p, flags = stated_period(None, PreamblePeriod(window=window, cutoff=date(2025, 4, 20)))
    assert (p.start, p.end) == (date(2025, 3, 3), date(2025, 4, 20))
    assert flags == ("period_from_preamble", "period_cutoff")
    # a cut-off outside the period is not its end
    assert stated_period(Q1_2026, PreamblePeriod(cutoff=date(2026, 5, 2))) == (Q1_2026, ())
    assert stated_period(None, PreamblePeriod()) == (None, ())
    # no title, window nor date: the cut-off's year up to the cut-off, its start assumed
    p, flags = fallback_period(None, date(2025, 11, 15))
    assert (p.start, p.end) == (date(2025, 1, 1), date(2025, 11, 15))
    assert flags == ("period_start_assumed", "period_cutoff")


def _run(tmp_path, text):
    from extract import read_document
    from normalize.match import load_indicators
    from baocao.pipeline import process_document

    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return process_document(path, read_document(path), load_indicators())


def test_report_without_a_title_period_takes_the_preamble_window(tmp_path):
    result = _run(tmp_path, "\n".join([
        *HEAD, "Thực hiện Kế hoạch số 41/KH-UBND, thời gian thực hiện thí điểm từ ngày 03/3/2025 đến hết ngày "
        "30/4/2025. Ủy ban nhân dân xã báo cáo như sau:", "I. KẾT QUẢ THỰC HIỆN",
        "Trong thời gian thí điểm, Bộ phận Một cửa đã tiếp nhận 1.204 hồ sơ.",
        "Riêng trong năm 2024, Bộ phận Một cửa đã tiếp nhận 900 hồ sơ.", ""]))
    assert (result.report.period_start, result.report.period_end) == (date(2025, 3, 3), date(2025, 4, 30))
    assert result.report.period_flags == "period_from_preamble"
    figures = {v.value: v for v in result.values if v.origin == "inline"}
    v = figures[1204]
    assert (v.period_start, v.period_end) == (date(2025, 3, 3), date(2025, 4, 30))
    assert "period_from_preamble" in v.flags.split(";") and "period_from_report_date" not in v.flags
    assert figures[900].period == "2024" and "period_from_preamble" not in figures[900].flags
    assert v.confidence < figures[900].confidence  # a period read from a sentence is worth less than a title's


def test_cut_off_under_the_title_ends_the_report_period(tmp_path):
    result = _run(tmp_path, "\n".join([
        "ỦY BAN NHÂN DÂN XÃ AN PHÚ", "An Phú, ngày 20 tháng 11 năm 2025", "BÁO CÁO",
        "Kết quả công tác cải cách hành chính năm 2025", "(Số liệu tính đến ngày 15/11/2025)",
        "I. KẾT QUẢ THỰC HIỆN", "Bộ phận Một cửa đã tiếp nhận 2.310 hồ sơ.",
        "Trong quý I/2025, Bộ phận Một cửa đã tiếp nhận 640 hồ sơ.",
        "Từ đầu năm đến nay, xã đã số hóa 1.870 hồ sơ.", ""]))
    assert (result.report.period_start, result.report.period_end) == (date(2025, 1, 1), date(2025, 11, 15))
    assert result.report.period_flags == "period_cutoff"
    figures = {v.value: v for v in result.values if v.origin == "inline"}
    assert (figures[2310].period_start, figures[2310].period_end) == (date(2025, 1, 1), date(2025, 11, 15))
    assert "period_cutoff" in figures[2310].flags.split(";")
    assert figures[640].period == "2025-Q1" and "period_cutoff" not in figures[640].flags  # its own period
    # "đến nay" ends where the report's period ends: at the cut-off, and says so
    assert (figures[1870].period_start, figures[1870].period_end) == (date(2025, 1, 1), date(2025, 11, 15))
    assert {"period_to_date", "period_cutoff"} <= set(figures[1870].flags.split(";"))


def test_cut_off_in_a_report_dated_only(tmp_path):
    result = _run(tmp_path, "\n".join([
        *HEAD, "Số liệu được tổng hợp đến ngày 31/10/2025.", "I. KẾT QUẢ THỰC HIỆN",
        "Bộ phận Một cửa đã tiếp nhận 2.310 hồ sơ.", ""]))
    (v,) = [v for v in result.values if v.origin == "inline" and v.value == 2310]
    assert (v.period_start, v.period_end) == (date(2025, 1, 1), date(2025, 10, 31))
    assert {"period_from_report_date", "period_cutoff"} <= set(v.flags.split(";"))
    assert result.report.period == ""  # the report names no period of its own: the date's year is not written there


def test_preamble_cues_are_data(tmp_path):
    """A new cue is one CSV row: the dates after it are the code's."""
    original = Path(__file__).resolve().parents[1] / "schemas" / "preamble_periods.csv"
    (tmp_path / "preamble_periods.csv").write_text(
        original.read_text(encoding="utf-8") + 'window,"giai\\s+đoạn\\s+báo\\s+cáo",test row\n', encoding="utf-8")
    lines = [*HEAD, "Giai đoạn báo cáo từ ngày 01/4/2025 đến ngày 30/6/2025.", "I. KẾT QUẢ"]
    assert preamble_period(lines).window is None
    w = preamble_period(lines, str(tmp_path)).window
    assert (w.start, w.end, w.label) == (date(2025, 4, 1), date(2025, 6, 30), "2025-Q2")


def test_a_period_an_earlier_sentence_sets_is_carried_and_flagged():
    from normalize.prose.periods import paragraph_period

    lead = "b) Đối với cải cách thể chế: Từ ngày 01/7/2025 đến nay, HĐND tỉnh đã thông qua 16 Nghị quyết."
    fp = paragraph_period(lead, YEAR_2025)
    assert fp is not None and fp.source == "paragraph" and fp.period.start == date(2025, 7, 1)
    assert "period_from_paragraph" in fp.flags
    # not a frame: inside a clause, or the report's own period, or two different periods
    assert paragraph_period("Số hồ sơ so với năm 2024, tăng 5%.", YEAR_2025) is None
    assert paragraph_period("Trong năm 2025, tỉnh đã tiếp nhận 100 hồ sơ.", YEAR_2025) is None
    assert paragraph_period("Năm 2023, đạt 90%. Năm 2024, đạt 95%.", YEAR_2025) is None
    assert paragraph_period("", YEAR_2025) is None
