"""Cell/figure number parsing: separators, units, ratios, flags."""

from __future__ import annotations

import dataclasses
import unicodedata

import pytest

from normalize.numbers import (
    CONFIDENCE_FACTORS,
    FLAGS,
    ColumnHint,
    ParsedNumber,
    column_hint,
    parse_number,
)
from test_number_forms import FORM_CASES

H = ColumnHint
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

CODED = "Có = 1; Không = 0"
SURVEY = "Trực tuyến = 0 Phát phiếu = 1 Kết hợp = 2"
LONG_MIXED = "21 sở, ban, ngành; huyện, thị, Tp; 178 xã, phường, thị trấn."
LONG_VERDICT = "100% văn bản theo danh mục của UBND tỉnh (trừ văn bản Mật). Đạt"

# (text, unit, hint) -> (kind, value, unit, numerator, denominator, exact flag set)
CASES = [
    # --- Vietnamese convention, clean
    pytest.param("98,96%", None, None, "percent", 98.96, "%", None, None, set(), id="pct-comma"),
    pytest.param("1.234.567,5", None, None, "number", 1234567.5, None, None, None, set(), id="vn-full"),
    pytest.param("1.234.567", None, None, "number", 1234567, None, None, None, set(), id="vn-two-groups"),
    pytest.param("1.234,5", None, None, "number", 1234.5, None, None, None, set(), id="vn-mixed"),
    pytest.param("98,96", None, None, "number", 98.96, None, None, None, set(), id="comma-decimal"),
    pytest.param("68,30", None, None, "number", 68.3, None, None, None, set(), id="comma-decimal-trailing-0"),
    pytest.param("0,5", None, None, "number", 0.5, None, None, None, set(), id="comma-leading-zero"),
    pytest.param("05", None, None, "number", 5, None, None, None, set(), id="leading-zero-05"),
    pytest.param("01", None, None, "number", 1, None, None, None, set(), id="leading-zero-01"),
    pytest.param("0", None, None, "number", 0, None, None, None, set(), id="zero"),
    pytest.param("5370", None, None, "number", 5370, None, None, None, set(), id="plain-4-digits"),
    pytest.param("6900", "Hồ sơ", None, "number", 6900, "Hồ sơ", None, None, set(), id="plain-with-unit"),
    pytest.param("100", None, None, "number", 100, None, None, None, set(), id="plain-100"),
    pytest.param("99,9%", None, None, "percent", 99.9, "%", None, None, set(), id="pct-one-decimal"),
    pytest.param("13,55%", None, None, "percent", 13.55, "%", None, None, set(), id="pct-13-55"),
    pytest.param("28,1%", None, None, "percent", 28.1, "%", None, None, set(), id="pct-28-1"),
    pytest.param("100%", None, None, "percent", 100, "%", None, None, set(), id="pct-100-not-over"),
    pytest.param("98,96 %", None, None, "percent", 98.96, "%", None, None, set(), id="pct-space"),
    # --- unit cell decides percent / count
    pytest.param("100", "%", None, "percent", 100, "%", None, None, set(), id="unit-pct-100"),
    pytest.param("98,96", "%", None, "percent", 98.96, "%", None, None, set(), id="unit-pct-comma"),
    pytest.param("0", "%", None, "percent", 0, "%", None, None, set(), id="unit-pct-zero"),
    pytest.param("34.469", "Hồ sơ", None, "number", 34469, "Hồ sơ", None, None, set(), id="count-hoso"),
    pytest.param("172.842", "Hồ sơ", None, "number", 172842, "Hồ sơ", None, None, set(), id="count-hoso-6"),
    pytest.param("1.234", "Thủ tục", None, "number", 1234, "Thủ tục", None, None, set(), id="count-thutuc"),
    pytest.param("1.234", "Nhiệm vụ", None, "number", 1234, "Nhiệm vụ", None, None, set(), id="count-nhiemvu"),
    pytest.param("1.234", "PAKN", None, "number", 1234, "PAKN", None, None, set(), id="count-pakn"),
    pytest.param("1.234", "DVC", None, "number", 1234, "DVC", None, None, set(), id="count-dvc"),
    pytest.param("1.234", "Số lượng", None, "number", 1234, "Số lượng", None, None, set(), id="count-soluong"),
    pytest.param("34.469", NFD("Hồ sơ"), None, "number", 34469, NFD("Hồ sơ"), None, None, set(), id="count-nfd-unit"),
    # --- the ambiguous ".ddd" with no context: thousands by convention, flagged
    pytest.param("44.612", None, None, "number", 44612, None, None, None, {"separator_ambiguous"}, id="amb-44612"),
    pytest.param("34.469", None, None, "number", 34469, None, None, None, {"separator_ambiguous"}, id="amb-34469"),
    pytest.param("172.842", None, None, "number", 172842, None, None, None, {"separator_ambiguous"}, id="amb-172842"),
    pytest.param("44.612", None, H(), "number", 44612, None, None, None, {"separator_ambiguous"}, id="amb-empty-hint"),
    pytest.param("1.234.", None, None, "number", 1234, None, None, None, {"separator_ambiguous"}, id="amb-trailing-period"),
    # --- decimal dot (English convention)
    pytest.param("97.3%", None, None, "percent", 97.3, "%", None, None, {"decimal_dot"}, id="dot-97-3"),
    pytest.param("1.04%", None, None, "percent", 1.04, "%", None, None, {"decimal_dot"}, id="dot-1-04"),
    pytest.param("98.12%", None, None, "percent", 98.12, "%", None, None, {"decimal_dot"}, id="dot-98-12-not-9812"),
    pytest.param("12.6", None, None, "number", 12.6, None, None, None, {"decimal_dot"}, id="dot-12-6"),
    pytest.param("99.123%", None, None, "percent", 99.123, "%", None, None, {"decimal_dot"}, id="dot-3-digits-in-pct"),
    pytest.param("44.612", "%", None, "percent", 44.612, "%", None, None, {"decimal_dot"}, id="dot-3-digits-unit-pct"),
    pytest.param("0.612", None, None, "number", 0.612, None, None, None, {"decimal_dot"}, id="dot-leading-zero"),
    pytest.param("1234.567", None, None, "number", 1234.567, None, None, None, {"decimal_dot"}, id="dot-4-digit-head"),
    pytest.param("3.14159", None, None, "number", 3.14159, None, None, None, {"decimal_dot"}, id="dot-5-decimals"),
    pytest.param("1,234.5", None, None, "number", 1234.5, None, None, None, {"decimal_dot"}, id="en-mixed"),
    pytest.param("76.6%/tổng hồ sơ", None, None, "percent", 76.6, "%", None, None, {"decimal_dot"}, id="dot-pct-of-total"),
    # --- column hint decides
    pytest.param("44.612", None, H(decimal_dot=3), "number", 44.612, None, None, None, {"decimal_dot"}, id="hint-dot-decimal"),
    pytest.param("44.612", None, H(thousands_dot=2), "number", 44612, None, None, None, set(), id="hint-thousands"),
    # Rows mix "98,96%" with "98.12%": a decimal comma elsewhere does not settle a '.'.
    pytest.param("44.612", None, H(decimal_comma=4), "number", 44612, None, None, None, {"separator_ambiguous"},
                 id="hint-vn-comma-not-enough"),
    pytest.param("44,612", None, H(thousands_dot=2), "number", 44.612, None, None, None, set(),
                 id="comma3-hint-dot-groups"),
    pytest.param("44,612", None, H(integers=2), "number", 44612, None, None, None, {"thousands_comma"},
                 id="comma3-hint-integers"),
    pytest.param("44.612", "Số hồ sơ", None, "number", 44612, "Số hồ sơ", None, None, set(), id="count-word-in-unit"),
    pytest.param("1.500", "Ngày", None, "number", 1500, "Ngày", None, None, {"separator_ambiguous"},
                 id="time-unit-not-count"),
    pytest.param("44.612", None, H(integers=3), "number", 44612, None, None, None, set(), id="hint-integers"),
    pytest.param("44.612", None, H(decimal_comma=2, thousands_dot=1), "number", 44612, None, None, None, set(),
                 id="hint-vn-full"),
    pytest.param("44.612", None, H(decimal_dot=1, decimal_comma=1), "number", 44612, None, None, None,
                 {"separator_ambiguous"}, id="hint-mixed"),
    pytest.param("44.612", None, H(decimal_dot=1, integers=3), "number", 44612, None, None, None,
                 {"separator_ambiguous"}, id="hint-mixed-int"),
    pytest.param("44.612", "Hồ sơ", H(decimal_dot=5), "number", 44612, "Hồ sơ", None, None, set(), id="unit-beats-hint"),
    pytest.param("44.612%", None, H(thousands_dot=5), "percent", 44.612, "%", None, None, {"decimal_dot"},
                 id="pct-beats-hint"),
    pytest.param("<b>1.379</b>", None, H(integers=5), "number", 1379, None, None, None, set(), id="hint-tagged"),
    # --- the mirror case ",ddd"
    pytest.param("44,612", None, None, "number", 44.612, None, None, None, {"separator_ambiguous"}, id="comma3-no-ctx"),
    pytest.param("44,612", "Hồ sơ", None, "number", 44612, "Hồ sơ", None, None, {"thousands_comma"}, id="comma3-count"),
    pytest.param("44,612%", None, None, "percent", 44.612, "%", None, None, set(), id="comma3-pct"),
    pytest.param("44,612", None, H(decimal_comma=2), "number", 44.612, None, None, None, set(), id="comma3-hint-vn"),
    pytest.param("44,612", None, H(decimal_dot=2), "number", 44612, None, None, None, {"thousands_comma"},
                 id="comma3-hint-en"),
    pytest.param("1,234,567", None, None, "number", 1234567, None, None, None, {"thousands_comma"}, id="en-thousands"),
    # --- ratios
    pytest.param("85,27% (653.763/766.722)", None, None, "ratio", 85.27, "%", 653763, 766722, set(), id="ratio-pct"),
    pytest.param("98,58% (130.818/132.698)", None, None, "ratio", 98.58, "%", 130818, 132698, set(), id="ratio-pct-2"),
    pytest.param("99,52% (64.282/64.594)", None, None, "ratio", 99.52, "%", 64282, 64594, set(), id="ratio-pct-3"),
    pytest.param("95,95% (33.988/35.423)", None, None, "ratio", 95.95, "%", 33988, 35423, set(), id="ratio-pct-4"),
    pytest.param("85,27%(653.763 / 766.722)", None, None, "ratio", 85.27, "%", 653763, 766722, set(), id="ratio-tight"),
    pytest.param("653.763/766.722 (85,27%)", None, None, "ratio", 85.27, "%", 653763, 766722, set(), id="ratio-rev"),
    pytest.param("<b>85,27%</b> (653.763/766.722)", None, None, "ratio", 85.27, "%", 653763, 766722, set(),
                 id="ratio-tagged"),
    pytest.param("267/526", None, None, "ratio", 50.76, "%", 267, 526, {"derived_from_ratio"}, id="ratio-bare"),
    pytest.param("13/13", None, None, "ratio", 100.0, "%", 13, 13, {"derived_from_ratio"}, id="ratio-full"),
    pytest.param("08/08 xã", None, None, "ratio", 100.0, "%", 8, 8, {"derived_from_ratio"}, id="ratio-with-unit"),
    pytest.param("1/3", None, None, "ratio", 33.33, "%", 1, 3, {"derived_from_ratio"}, id="ratio-rounding"),
    pytest.param("2/3", None, None, "ratio", 66.67, "%", 2, 3, {"derived_from_ratio"}, id="ratio-round-half-up"),
    pytest.param("527/526", None, None, "ratio", 100.19, "%", 527, 526, {"derived_from_ratio", "percent_over_100"},
                 id="ratio-over-100"),
    pytest.param("0/0", None, None, "ratio", None, "%", 0, 0, {"zero_denominator"}, id="ratio-zero-den"),
    # --- sums
    pytest.param("56+3+7", None, None, "number", 66, None, None, None, {"summed_parts"}, id="sum-3"),
    pytest.param("24+01", None, None, "number", 25, None, None, None, {"summed_parts"}, id="sum-leading-zero"),
    pytest.param("56 + 3 + 7", None, None, "number", 66, None, None, None, {"summed_parts"}, id="sum-spaced"),
    pytest.param("1.200+35", None, None, "number", 1235, None, None, None, {"summed_parts"}, id="sum-thousands"),
    pytest.param("56+3+7", "Người", None, "number", 66, "Người", None, None, {"summed_parts"}, id="sum-keeps-unit"),
    # --- empty
    pytest.param("", None, None, "empty", None, None, None, None, set(), id="empty-str"),
    pytest.param("-", None, None, "empty", None, None, None, None, set(), id="empty-dash"),
    pytest.param("–", None, None, "empty", None, None, None, None, set(), id="empty-endash"),
    pytest.param("—", None, None, "empty", None, None, None, None, set(), id="empty-emdash"),
    pytest.param("x", None, None, "empty", None, None, None, None, set(), id="empty-x"),
    pytest.param("…", None, None, "empty", None, None, None, None, set(), id="empty-ellipsis"),
    pytest.param("...", None, None, "empty", None, None, None, None, set(), id="empty-dots"),
    pytest.param("  \u00a0 ", None, None, "empty", None, None, None, None, set(), id="empty-nbsp"),
    pytest.param("<b></b>", None, None, "empty", None, None, None, None, set(), id="empty-tags"),
    pytest.param("-", "Hồ sơ", None, "empty", None, "Hồ sơ", None, None, set(), id="empty-keeps-unit"),
    # --- text cells
    pytest.param("Chưa giao", None, None, "text", None, None, None, None, set(), id="text-chua-giao"),
    pytest.param("Đạt", None, None, "text", None, None, None, None, set(), id="text-dat"),
    pytest.param("Không đạt", None, None, "text", None, None, None, None, set(), id="text-khong-dat"),
    pytest.param("Rất hài lòng", None, None, "text", None, None, None, None, set(), id="text-rat-hai-long"),
    pytest.param("Đạt", "%", None, "text", None, "%", None, None, set(), id="text-under-pct-unit"),
    pytest.param(LONG_MIXED, None, None, "text", None, None, None, None, {"multiple_numbers"}, id="text-two-numbers"),
    pytest.param(LONG_VERDICT, None, None, "text", None, None, None, None, {"multiple_facts"}, id="text-100-dat"),
    pytest.param("Đạt 100%", None, None, "text", None, None, None, None, {"multiple_facts"}, id="text-verdict-first"),
    pytest.param("98% hoàn thành", None, None, "text", None, None, None, None, {"multiple_facts"}, id="text-pct-verdict"),
    pytest.param("Năm 2019", None, None, "text", None, None, None, None, {"number_in_text"}, id="text-year-label"),
    pytest.param("100% văn bản theo danh mục của UBND tỉnh (trừ văn bản Mật)", None, None, "text", None, None,
                 None, None, {"number_in_text"}, id="text-long-clause"),
    pytest.param("30% - 50%", None, None, "text", None, None, None, None, {"range"}, id="range-pct"),
    pytest.param("2011-2020", None, None, "text", None, None, None, None, {"range"}, id="range-years"),
    pytest.param("từ 5 đến 7 ngày", None, None, "text", None, None, None, None, {"range"}, id="range-words"),
    pytest.param("12/2019", None, None, "text", None, None, None, None, {"date_like"}, id="date-month-year"),
    pytest.param("08/11/2011", None, None, "text", None, None, None, None, {"date_like"}, id="date-full"),
    pytest.param("6.5.2.", None, None, "text", None, None, None, None, {"unparsed_number"}, id="outline-number"),
    pytest.param("1.2.", None, None, "text", None, None, None, None, {"unparsed_number"}, id="outline-not-1-2"),
    pytest.param("1.23.4", None, None, "text", None, None, None, None, {"unparsed_number"}, id="bad-grouping"),
    pytest.param("1.234,567.8", None, None, "text", None, None, None, None, {"unparsed_number"}, id="bad-mixed"),
    pytest.param("30c", None, None, "text", None, None, None, None, {"unparsed_number"}, id="digit-glued-letter"),
    pytest.param(CODED, None, None, "text", None, None, None, None, {"multiple_numbers"}, id="unit-text-as-value"),
    # --- units, magnitudes, money
    pytest.param("26.294 lượt", None, None, "number", 26294, "lượt", None, None, set(), id="luot-26294"),
    pytest.param("3.902 lượt", None, None, "number", 3902, "lượt", None, None, set(), id="luot-3902"),
    pytest.param("26.294 lượt", "%", None, "number", 26294, "lượt", None, None, set(), id="inline-unit-wins"),
    pytest.param("6.221 hồ sơ", None, None, "number", 6221, "hồ sơ", None, None, set(), id="inline-hoso"),
    pytest.param("8.991 tin, bài", None, None, "number", 8991, "tin, bài", None, None, set(), id="inline-tin-bai"),
    pytest.param("12.6 tỷ đồng", None, None, "number", 12_600_000_000, "đồng", None, None, {"decimal_dot"},
                 id="ty-dot"),
    pytest.param("21,1 tỷ đồng", None, None, "number", 21_100_000_000, "đồng", None, None, set(), id="ty-comma"),
    pytest.param("160 triệu đồng", None, None, "number", 160_000_000, "đồng", None, None, set(), id="trieu"),
    pytest.param("1,2 tỉ đồng", None, None, "number", 1_200_000_000, "đồng", None, None, set(), id="ti-spelling"),
    pytest.param("2,5 ngàn", None, None, "number", 2500, None, None, None, set(), id="ngan-no-unit"),
    pytest.param("5 nghìn lượt", None, None, "number", 5000, "lượt", None, None, set(), id="nghin-luot"),
    pytest.param("1.500 tỷ đồng", None, None, "number", 1_500_000_000_000, "đồng", None, None,
                 {"separator_ambiguous"}, id="ty-ambiguous"),
    pytest.param("450.000 đồng/người/tháng", None, None, "number", 450000, "đồng/người/tháng", None, None, set(),
                 id="dong-per-person-month"),
    pytest.param("500.000 VNĐ", None, None, "number", 500000, "đồng", None, None, set(), id="vnd"),
    pytest.param("500.000đ", None, None, "number", 500000, "đồng", None, None, set(), id="d-glued"),
    pytest.param("21,1", "Tỷ đồng", None, "number", 21_100_000_000, "đồng", None, None, set(), id="unit-cell-ty"),
    pytest.param("1.500", "Triệu đồng", None, "number", 1_500_000_000, "đồng", None, None, {"separator_ambiguous"},
                 id="unit-cell-trieu-ambiguous"),
    pytest.param("98,5 tỷ lệ", None, None, "number", 98.5, "tỷ lệ", None, None, set(), id="ty-le-not-magnitude"),
    # --- qualifiers
    pytest.param("hơn 07 tỷ đồng", None, None, "number", 7_000_000_000, "đồng", None, None, {"qualified"},
                 id="qual-hon"),
    pytest.param("Tối thiểu 30%", None, None, "percent", 30, "%", None, None, {"qualified"}, id="qual-toi-thieu"),
    pytest.param("20% trở lên", None, None, "percent", 20, "%", None, None, {"qualified"}, id="qual-tro-len"),
    pytest.param("khoảng 300 hồ sơ", None, None, "number", 300, "hồ sơ", None, None, {"qualified"}, id="qual-khoang"),
    pytest.param("khoảng hơn 1.000 hồ sơ", None, None, "number", 1000, "hồ sơ", None, None, {"qualified"},
                 id="qual-double"),
    pytest.param("<5%", None, None, "percent", 5, "%", None, None, {"qualified"}, id="qual-lt-symbol"),
    pytest.param("Tỷ lệ: 98,96%", None, None, "percent", 98.96, "%", None, None, set(), id="label-colon"),
    # --- coded units
    pytest.param("1", CODED, None, "number", 1, CODED, None, None, set(), id="coded-1"),
    pytest.param("0", CODED, None, "number", 0, CODED, None, None, set(), id="coded-0"),
    pytest.param("Có", CODED, None, "number", 1, CODED, None, None, {"decoded_label"}, id="coded-label-co"),
    pytest.param("Không", CODED, None, "number", 0, CODED, None, None, {"decoded_label"}, id="coded-label-khong"),
    pytest.param("Kết hợp", SURVEY, None, "number", 2, SURVEY, None, None, {"decoded_label"}, id="coded-survey"),
    pytest.param("2", SURVEY, None, "number", 2, SURVEY, None, None, set(), id="coded-survey-digit"),
    # --- percents over 100
    pytest.param("120%", None, None, "percent", 120, "%", None, None, {"percent_over_100"}, id="over-120"),
    pytest.param("100,5%", None, None, "percent", 100.5, "%", None, None, {"percent_over_100"}, id="over-100-5"),
    pytest.param("5370", "%", None, "percent", 5370, "%", None, None, {"percent_over_100"}, id="over-unit-pct"),
    pytest.param("101,2% (1.012/1.000)", None, None, "ratio", 101.2, "%", 1012, 1000, {"percent_over_100"},
                 id="over-ratio"),
    # --- OCR repair only in numeric cells
    pytest.param("1O5", None, None, "number", 105, None, None, None, {"ocr_digit_repaired"}, id="ocr-O"),
    pytest.param("2S%", None, None, "percent", 25, "%", None, None, {"ocr_digit_repaired"}, id="ocr-S-pct"),
    pytest.param("l00", None, None, "number", 100, None, None, None, {"ocr_digit_repaired"}, id="ocr-l"),
    pytest.param("1B", None, None, "text", None, None, None, None, {"unparsed_number"}, id="ocr-too-few-digits"),
    pytest.param("1.2OO", "Hồ sơ", None, "number", 1200, "Hồ sơ", None, None, {"ocr_digit_repaired"},
                 id="ocr-grouped"),
    pytest.param("Số", None, None, "text", None, None, None, None, set(), id="ocr-never-so"),
    pytest.param("SOS", None, None, "text", None, None, None, None, set(), id="ocr-no-digit"),
    pytest.param("ISO", None, None, "text", None, None, None, None, set(), id="ocr-iso"),
    pytest.param("B1", None, None, "text", None, None, None, None, {"unparsed_number"}, id="ocr-code-b1"),
    pytest.param("Sở Nội vụ", None, None, "text", None, None, None, None, set(), id="ocr-words"),
    # --- cleaning: NFD, tags, footnotes, invisible chars
    pytest.param(NFD("26.294 lượt"), None, None, "number", 26294, "lượt", None, None, set(), id="nfd-luot"),
    pytest.param(NFD("Chưa giao"), None, None, "text", None, None, None, None, set(), id="nfd-text"),
    pytest.param(NFD("21,1 tỷ đồng"), None, None, "number", 21_100_000_000, "đồng", None, None, set(), id="nfd-ty"),
    pytest.param("<b>1.379</b>", None, None, "number", 1379, None, None, None, {"separator_ambiguous"}, id="tag-b"),
    pytest.param("<b>99,26%</b>", None, None, "percent", 99.26, "%", None, None, set(), id="tag-b-pct"),
    pytest.param("1.379<sup>2</sup>", None, H(integers=2), "number", 1379, None, None, None, set(), id="sup-footnote"),
    pytest.param("99,5%<sup>(1)</sup>", None, None, "percent", 99.5, "%", None, None, set(), id="sup-paren"),
    pytest.param("\u00a098,96%\u00a0", None, None, "percent", 98.96, "%", None, None, set(), id="nbsp-around"),
    pytest.param("98,96&nbsp;%", None, None, "percent", 98.96, "%", None, None, set(), id="entity-nbsp"),
    pytest.param("**1.234.567**", None, None, "number", 1234567, None, None, None, set(), id="markdown-bold"),
    pytest.param("98.98%*)", None, None, "percent", 98.98, "%", None, None, {"decimal_dot"}, id="footnote-star"),
    pytest.param("12.6 tỷ đồng*)", None, None, "number", 12_600_000_000, "đồng", None, None, {"decimal_dot"},
                 id="footnote-star-money"),
    pytest.param("９８,５%", None, None, "percent", 98.5, "%", None, None, set(), id="fullwidth-digits"),
    pytest.param("9\u200b8%", None, None, "percent", 98, "%", None, None, set(), id="zero-width"),
    # --- signs and odd forms
    pytest.param("-5", None, None, "number", -5, None, None, None, {"negative"}, id="neg-ascii"),
    pytest.param("\u22125", None, None, "number", -5, None, None, None, {"negative"}, id="neg-unicode-minus"),
    pytest.param("-2,5%", None, None, "percent", -2.5, "%", None, None, {"negative"}, id="neg-pct"),
    pytest.param("+5", None, None, "number", 5, None, None, None, set(), id="plus"),
    pytest.param("-0", None, None, "number", 0, None, None, None, set(), id="neg-zero"),
    pytest.param("- 5", None, None, "text", None, None, None, None, {"number_in_text"}, id="dash-space-not-sign"),
    pytest.param("3.", None, None, "number", 3, None, None, None, set(), id="trailing-period"),
] + FORM_CASES  # number forms of real documents, tests/test_number_forms.py


@pytest.mark.parametrize("text,unit,hint,kind,value,out_unit,num,den,flags", CASES)
def test_parse_number(text, unit, hint, kind, value, out_unit, num, den, flags):
    r = parse_number(text, unit=unit, hint=hint)
    assert r.raw == text
    assert r.kind == kind
    if value is None:
        assert r.value is None
    else:
        assert r.value == pytest.approx(value, rel=1e-12, abs=1e-9)
    assert r.unit == out_unit
    assert r.numerator == (None if num is None else pytest.approx(num))
    assert r.denominator == (None if den is None else pytest.approx(den))
    assert set(r.flags) == flags
    assert len(r.flags) == len(set(r.flags))


def test_case_table_is_large():
    assert len(CASES) >= 80


# ----------------------------------------------------------------- text field


@pytest.mark.parametrize(
    "text,expected",
    [
        ("98,96%", None),
        ("44.612", None),
        ("85,27% (653.763/766.722)", None),
        ("56+3+7", None),
        ("1O5", None),
        ("", None),
        ("-", None),
        ("26.294 lượt", "26.294 lượt"),
        ("  Chưa   giao ", "Chưa giao"),
        ("<i>Tổng số\u00a0được giao</i>", "Tổng số được giao"),
        (NFD("Rất hài lòng"), "Rất hài lòng"),
        (LONG_MIXED, LONG_MIXED),
        ("Tối thiểu 30%", "Tối thiểu 30%"),
        ("08/08 xã", "08/08 xã"),
    ],
)
def test_text_field(text, expected):
    assert parse_number(text).text == expected


def test_text_is_nfc():
    r = parse_number(NFD("Không đạt"))
    assert r.text == unicodedata.normalize("NFC", "Không đạt")
    assert r.raw == NFD("Không đạt")  # raw stays untouched


@pytest.mark.parametrize("word", ["Số", "Sở", "Bộ", "ISO", "lOl", "Số liệu", "SOS", "Bảo hiểm", "Ban"])
def test_ocr_never_touches_words(word):
    r = parse_number(word)
    assert r.kind == "text"
    assert r.text == word
    assert "ocr_digit_repaired" not in r.flags
    assert "5ố" not in (r.text or "")


# ------------------------------------------------------------------ confidence


def test_confidence_levels():
    clean = parse_number("98,96%").confidence
    dot = parse_number("97.3%").confidence
    summed = parse_number("56+3+7").confidence
    ambiguous = parse_number("44.612").confidence
    ocr = parse_number("1O5").confidence
    unparsed = parse_number("6.5.2.").confidence
    assert clean == 1.0
    assert clean > dot > summed > ambiguous > ocr > unparsed
    assert parse_number("Đạt").confidence == 1.0
    assert parse_number("").confidence == 1.0
    # Doubts multiply: an OCR repair that also lands on an ambiguous separator.
    assert parse_number("1.2OO").confidence == pytest.approx(0.6 * 0.7)


def test_confirmed_reading_is_full_confidence():
    assert parse_number("34.469", unit="Hồ sơ").confidence == 1.0
    assert parse_number("44.612", hint=ColumnHint(thousands_dot=1)).confidence == 1.0


# ------------------------------------------------------------------ flags table


def test_flags_documented_and_weighted():
    assert FLAGS, "FLAGS must list every slug"
    assert set(CONFIDENCE_FACTORS) == set(FLAGS)
    for slug, meaning in FLAGS.items():
        assert slug == slug.lower() and " " not in slug
        assert meaning and "\n" not in meaning
        assert 0 < CONFIDENCE_FACTORS[slug] <= 1


def test_every_emitted_flag_is_documented():
    emitted = {f for case in CASES for f in parse_number(case.values[0], unit=case.values[1], hint=case.values[2]).flags}
    assert emitted <= set(FLAGS)
    # The table exercises every documented flag at least once.
    assert emitted == set(FLAGS)


def test_records_are_frozen():
    r = parse_number("1")
    assert isinstance(r, ParsedNumber)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.value = 2.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ColumnHint().integers = 1  # type: ignore[misc]


# ------------------------------------------------------------------ column_hint


def test_column_hint_counts():
    hint = column_hint(
        [
            "98,96%",  # decimal comma
            "44.612",  # ambiguous: counts nowhere
            "85,27% (653.763/766.722)",  # decimal comma + thousands (ratio parts are counts)
            "5370",  # integer
            "97.3%",  # decimal dot
            "-",
            "",
            "Đạt",
            "1.234.567",  # thousands
            "56+3+7",  # integers summed: still a count
            "100%",  # a percent is not a count
            "12.6 tỷ đồng",  # decimal dot
            "26.294 lượt",  # thousands confirmed by its own unit
            "1.234,5",  # decimal comma + thousands
            "21 sở; 178 xã",  # text: no evidence
            "44,612",  # ambiguous
        ]
    )
    assert hint == ColumnHint(decimal_comma=3, decimal_dot=2, thousands_dot=4, integers=2)


def test_column_hint_empty_and_text_only():
    assert column_hint([]) == ColumnHint()
    assert column_hint(["", "-", "Chưa giao", "44.612", "172.842"]) == ColumnHint()


def test_column_hint_mixed_percent_row():
    # Same row of a real report, two conventions side by side.
    assert column_hint(["98.12%", "98,96%", "98,98%"]) == ColumnHint(decimal_comma=2, decimal_dot=1)


def test_column_hint_accepts_generator_and_nfd():
    hint = column_hint(NFD(t) for t in ["1.088", "1358", "1422"])
    assert hint == ColumnHint(integers=2)


def test_hint_from_real_row_confirms_thousands():
    # "Tổng số TTHC của tỉnh" row: bold grouped values next to plain integers of the row below.
    siblings = ["<b>1.379</b>", "<b>1.649</b>", "1088", "1358", "1422"]
    hint = column_hint(siblings)
    assert hint.integers == 3
    r = parse_number("<b>1.649</b>", hint=hint)
    assert (r.kind, r.value, r.flags) == ("number", 1649.0, ())


def test_hint_from_english_column_reads_decimal():
    hint = column_hint(["12.6", "3.25", "0.5"])
    assert hint == ColumnHint(decimal_dot=3)
    r = parse_number("44.612", hint=hint)
    assert r.value == pytest.approx(44.612)
    assert "separator_ambiguous" not in r.flags


def test_naive_locale_failure_is_avoided():
    # A non-strict vi locale parse turns "98.12" into 9812; in a percent it must stay 98.12.
    assert parse_number("98.12", unit="%").value == pytest.approx(98.12)
    assert parse_number("98.12%").value == pytest.approx(98.12)
    assert parse_number("98.12").value == pytest.approx(98.12)
