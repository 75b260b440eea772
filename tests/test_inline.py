"""Figures in report prose: what is a figure, its value, measure, scope and qualifier."""

from __future__ import annotations

import csv
import functools
import importlib.util
import os
import sys
from pathlib import Path

import pytest

from extract.model import Paragraph, Provenance
from normalize.prose import MEASURES, UNITS, InlineFigure, extract_inline, measure_meaning

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
SEEDS = Path(os.environ.get("BAOCAO_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")


def paragraphs(*lines: str, first_line: int = 1) -> list[Paragraph]:
    """One paragraph per line, as the text reader gives them (blank lines between)."""
    return [Paragraph(text, Provenance(line=first_line + 2 * i)) for i, text in enumerate(lines)]


def results(*lines: str) -> list[InlineFigure]:
    """Figures of `lines` placed in a result section."""
    return extract_inline(paragraphs("II. Kết quả thực hiện công tác cải cách hành chính", *lines))


def by_value(figures: list[InlineFigure]) -> dict[float, InlineFigure]:
    return {f.value: f for f in figures}


# ------------------------------------------------------------ what is a figure


@pytest.mark.parametrize(
    "sentence",
    [
        "Theo Quyết định số 1231/QĐ-UBND ngày 02/8/2018 hồ sơ được tiếp nhận tại Trung tâm.",
        "Thực hiện Nghị định 61/2018/NĐ-CP văn bản được ban hành kịp thời.",
        "Thực hiện Kế hoạch số 13/KH-UBND hồ sơ được giải quyết.",
        "Từ ngày 01/7/2019 hồ sơ đất đai chuyển về Trung tâm.",
        "Thời điểm tháng 8/2019 hồ sơ tăng.",
        "Trong năm 2019 hồ sơ tăng mạnh.",
        "Kế hoạch cải cách hành chính giai đoạn 2021-2025 văn bản hướng dẫn.",
        "Kế hoạch cải cách hành chính giai đoạn 2021 - 2025 văn bản hướng dẫn.",
        "Chương trình công tác Quý III/2023 văn bản của UBND tỉnh.",
        "Áp dụng hệ thống quản lý chất lượng ISO 9001:2015 văn bản nội bộ.",
        "Hệ thống hoạt động liên tục 24/24 giờ.",
        "Cổng thông tin đứng thứ 9/63 tỉnh, thành phố.",
        "Bộ phận Một cửa của 13/13 huyện đã tiếp nhận hồ sơ.",
        "Cung cấp dịch vụ công trực tuyến mức độ 3, 4 hồ sơ được nộp qua mạng.",
        "Rà soát văn bản phục vụ triển khai Đề án 06 hồ sơ điện tử.",
        "Đã nêu tại khoản 1, 2 Mục I Báo cáo này.",
        "Người dân gọi đường dây nóng 0255.3822.123 phản ánh về TTHC.",
        "Tra cứu tại https://motcua.quangngai.gov.vn/2023 hồ sơ trực tuyến.",
        "Tuân thủ Chỉ thị số 05-CT/TW ngày 15/05/2016 của Bộ Chính trị.",
    ],
)
def test_references_dates_and_labels_are_never_figures(sentence):
    assert results(sentence) == []


def test_a_figure_between_references_is_kept():
    figs = results(
        "Thực hiện Quyết định số 1231/QĐ-UBND ngày 02/8/2018, trong năm 2019 Trung tâm Phục vụ hành chính "
        "công tỉnh đã tiếp nhận 61.294 hồ sơ (Báo cáo số 271/BC-VP ngày 07/3/2019)."
    )
    assert [(f.value, f.unit, f.measure, f.scope) for f in figs] == [(61294, "hồ sơ", "received", "trung_tam")]


def test_a_figure_with_ocr_noise_stuck_to_it_is_kept_and_flagged():
    # a scan read "88%" as "&§8%": the figure 8 % is kept for a person to check, never passed as clean
    (noisy,) = results("Tỷ lệ hồ sơ nộp trực tuyến đạt &§8%.")
    assert noisy.value == 8.0 and "figure_glued_mark" in noisy.flags
    (clean,) = results("Tỷ lệ hồ sơ nộp trực tuyến đạt 88% (tăng so với quý trước).")
    assert clean.value == 88.0 and "figure_glued_mark" not in clean.flags


def test_a_scanned_decimal_with_a_space_after_its_mark_is_one_figure():
    (count, rate) = results("UBND cấp huyện giải quyết xong 8.936 hồ sơ, đúng hạn 98, 15%.")
    assert (count.value, rate.value) == (8936, 98.15) and "separator_spaced" in rate.flags


def test_section_numerals_as_a_scan_misreads_them_still_open_the_results():
    # "I." read as "L.", "II." as "H.", "KẾT QUẢ" as "KẾT QUÁ"
    figs = extract_inline(paragraphs("L. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "Đầu năm đã ban hành 3 kế hoạch.",
                                     "H. KẾT QUÁ THỰC HIỆN", "Bộ phận Một cửa đã giải quyết xong 3.214 hồ sơ.",
                                     "III. PHƯƠNG HƯỚNG NĂM 2024", "Phấn đấu giải quyết 4.000 hồ sơ."))
    assert [f.value for f in figs] == [3214]
    # a numbered heading in capitals is not taken for a Roman one
    figs = extract_inline(paragraphs("II. KẾT QUẢ THỰC HIỆN", "1. CẢI CÁCH THỂ CHẾ", "Đã ban hành 12 văn bản."))
    assert [f.value for f in figs] == [12]


def test_a_number_without_unit_is_not_a_figure():
    assert results("Tổ chức 12 buổi làm việc với 16 phòng chuyên môn.") == []


def test_targets_are_not_results():
    assert results("Mục tiêu đề ra đến năm 2020 là 100% hồ sơ được giải quyết đúng hạn.") == []


# ---------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "value", "unit", "flags"),
    [
        ("Thanh toán trực tuyến đạt gần 21,1 tỷ đồng.", 21_100_000_000, "đồng", {"qualified"}),
        ("Thanh toán trực tuyến hơn 12.6 tỷ đồng.", 12_600_000_000, "đồng", {"qualified", "decimal_dot"}),
        ("Hoạt động dịch vụ đạt doanh số khoảng 160 triệu đồng.", 160_000_000, "đồng", {"qualified"}),
        ("Thanh toán trực tuyến 500 nghìn đồng.", 500_000, "đồng", set()),
        ("Tạo nguồn chi thu nhập tăng thêm ước khoảng trên 400.000 đồng/người/tháng.", 400_000,
         "đồng/người/tháng", {"qualified"}),
    ],
)
def test_money_magnitudes(text, value, unit, flags):
    (fig,) = results(text)
    assert fig.value == value
    assert fig.unit == unit
    assert flags <= set(fig.flags)


@pytest.mark.parametrize(
    ("text", "value"),
    [("Đã tiếp nhận 61.294 hồ sơ.", 61294), ("Chiếm tỷ lệ 95,1%.", 95.1), ("Đã cung cấp 3319 tin, bài.", 3319)],
)
def test_vietnamese_separators(text, value):
    (fig,) = results(text)
    assert fig.value == value


def test_english_decimal_in_a_percent_is_flagged():
    fig = by_value(results("Đã giải quyết 86.060 hồ sơ (trước hạn, đúng hạn: 85.184 hồ sơ, chiếm 98.98%)."))[98.98]
    assert fig.unit == "%"
    assert "decimal_dot" in fig.flags
    assert fig.confidence < 1.0


# ------------------------------------------------------------------ qualifiers


@pytest.mark.parametrize(
    ("text", "value_text", "qualifier"),
    [
        ("Số lượng hồ sơ tiếp nhận ước khoảng 44.612 hồ sơ.", "ước khoảng 44.612 hồ sơ", "ước khoảng"),
        ("Đã thông báo hơn 38.525 tin nhắn SMS.", "hơn 38.525 tin nhắn SMS", "hơn"),
        ("Thực hiện gần 1.400 thủ tục các loại.", "gần 1.400 thủ tục", "gần"),
        ("Tỷ lệ hài lòng luôn đạt trên 99,8%.", "trên 99,8%", "trên"),
        ("Tổ chức cung cấp khoảng 2.310 tin, bài, ảnh.", "khoảng 2.310 tin, bài, ảnh", "khoảng"),
        ("Tuyên truyền khoảng hơn 70 tin, bài về cải cách hành chính.", "khoảng hơn 70 tin, bài", "hơn"),
        ("Đã tiếp nhận 61.294 hồ sơ.", "61.294 hồ sơ", ""),
    ],
)
def test_qualifiers(text, value_text, qualifier):
    (fig,) = results(text)
    assert fig.value_text == value_text
    assert fig.qualifier == qualifier
    assert fig.sentence[fig.span[0] : fig.span[1]] == value_text


# -------------------------------------------------------------------- measures

MEASURE_CASES = [
    (
        "Trong năm 2019, đã tiếp nhận 61.294 hồ sơ (trong đó kỳ trước chuyển qua là 1.225 hồ sơ); đã giải quyết "
        "59.600 hồ sơ; hồ sơ trả kết quả đúng hạn và trước hạn đạt tỷ lệ 95,1%; số hồ sơ đang giải quyết 1.694 hồ sơ.",
        {61294: "received", 1225: "carried_over", 59600: "resolved", 95.1: "ontime_rate", 1694: "pending"},
    ),
    (
        "Đã giải quyết 34.469 hồ sơ, trong đó trả kết quả trước hạn và đúng hạn 34.109 hồ sơ, chiếm tỷ lệ 98,96%; "
        "trễ hạn: 360 hồ sơ, chiếm tỷ lệ: 1.04%; đang giải quyết 10.043 hồ sơ.",
        {34469: "resolved", 34109: "ontime_or_early", 98.96: "ontime_rate", 360: "late", 1.04: "late_rate",
         10043: "pending"},
    ),
    (
        "Đã giải quyết 17.755 hồ sơ (đúng hạn 16.868 hồ sơ, trễ hạn 887 hồ sơ); đang giải quyết 2.127 hồ sơ "
        "(trong hạn 1.808 hồ sơ, quá hạn 319 hồ sơ).",
        {17755: "resolved", 16868: "ontime_or_early", 887: "late", 2127: "pending", 1808: "pending_in_time",
         319: "pending_overdue"},
    ),
    (
        "Thực hiện dịch vụ công trực tuyến đã tiếp nhận 7.205 hồ sơ nộp trực tuyến; chuyển trả kết quả qua đường "
        "bưu điện 6.221 hồ sơ và tiếp nhận hồ sơ nộp qua đường bưu điện 2.200 hồ sơ; thực hiện tiếp nhận hồ sơ, "
        "trả kết quả giải quyết ngay tại chỗ 12.097 hồ sơ.",
        {7205: "online_submitted", 6221: "postal", 2200: "postal_submitted", 12097: "on_the_spot"},
    ),
    (
        "Có 24.326 lượt đánh giá mức độ hài lòng của tổ chức, cá nhân, trong đó mức độ rất hài lòng và hài lòng "
        "24.275 lượt, chiếm tỷ lệ 99,7%.",
        {24326: "satisfaction_votes", 24275: "satisfied_votes", 99.7: "satisfaction_rate"},
    ),
    (
        "Tỷ lệ đánh giá hài lòng và rất hài lòng luôn đạt trên 99,96% với hơn 9.005 lượt đánh giá.",
        {99.96: "satisfaction_rate", 9005: "satisfaction_votes"},
    ),
    (
        "Thanh toán trực tuyến đạt gần 21,1 tỷ đồng với 18.764 giao dịch.",
        {21_100_000_000: "online_payment_amount", 18764: "online_payment_count"},
    ),
    (
        "Tỷ lệ hồ sơ tiếp nhận trực tuyến đạt bình quân 76.6%/tổng hồ sơ tiếp nhận mới, với hơn 27.906 hồ sơ được "
        "tiếp nhận.",
        {76.6: "online_rate", 27906: "online_submitted"},
    ),
    (
        "Văn phòng đã tiếp nhận 41 phản ánh kiến nghị về TTHC, trong đó có: 06 phản ánh, kiến nghị của công dân "
        "qua đơn thư; 21 phản ánh, kiến nghị trên Hệ thống phản ánh, kiến nghị của Chính phủ; 14 phản ánh được "
        "tiếp nhận thông qua đường dây nóng.",
        {41: "pakn_received", 6: "pakn_by_letter", 21: "pakn_via_national_system", 14: "pakn_via_hotline"},
    ),
    (
        "Chủ tịch UBND tỉnh ban hành 21 quyết định công bố Danh mục TTHC; trong đó có: 10 TTHC mới ban hành; "
        "61 TTHC sửa đổi, bổ sung; 08 TTHC thay thế, 02 TTHC được bãi bỏ.",
        {21: "tthc_publication_decisions", 10: "tthc_published_new", 61: "tthc_amended", 8: "tthc_replaced",
         2: "tthc_abolished"},
    ),
    (
        "Văn phòng UBND tỉnh được giao 61 biên chế công chức và 16 người làm việc tại đơn vị sự nghiệp công lập; "
        "đến nay thực hiện 59 biên chế công chức, 14 biên chế sự nghiệp.",
        {61: "staff_quota", 16: "staff_quota_public_service", 59: "staff_actual", 14: "staff_actual_public_service"},
    ),
    (
        "Tham mưu UBND tỉnh ban hành 14 văn bản quy phạm pháp luật, 01 quy định về thu phí.",
        {14: "vbqppl_issued", 1: "documents_issued"},
    ),
    (
        "Hệ thống tổng đài đã thông báo hơn 38.525 tin nhắn SMS mời người dân đến nhận kết quả.",
        {38525: "sms_sent"},
    ),
    (
        "Tổ chức cập nhật mới khoảng 11.537 văn bản (giảm gần 2000 văn bản so với 2018).",
        {11537: "documents_posted", 2000: "documents_posted_decrease"},
    ),
    ("So với năm 2018, giảm 8,9% tin, bài và ảnh.", {8.9: "news_posts_decrease_rate"}),
    (
        "Cử 03 công chức tham gia lớp Cao cấp lý luận chính trị; cử 04 công chức và 01 viên chức tham gia thi "
        "nâng ngạch chuyên viên chính; tiếp nhận 02 công chức về công tác tại cơ quan.",
        {3: "staff_trained", 4: "staff_rank_exam", 1: "staff_rank_exam", 2: "staff_received"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MEASURE_CASES)
def test_measures(text, expected):
    figs = results(text)
    assert {f.value: f.measure for f in figs} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kết quả giải quyết của 2.987 hồ sơ đã được số hóa, đạt 92,94%.", {2987: "digitized", 92.94: "digitized_rate"}),
        ("Huyện tinh giản 10 cán bộ, công chức và mở 39 lớp đào tạo, bồi dưỡng.",
         {10: "staff_downsized", 39: "training_courses"}),
        ("Toàn tỉnh cung cấp 357 dịch vụ công trực tuyến toàn trình trên tổng số 361 dịch vụ đủ điều kiện.",
         {357: "dvc_full_online", 361: "dvc_eligible"}),
        ("Số văn bản QPPL còn hiệu lực trên địa bàn là 12 văn bản.", {12: "vbqppl_in_force"}),
        ("Tỷ lệ hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến đạt 46,33%.", {46.33: "online_payment_rate"}),
        ("Đã tổ chức 3 hội nghị, 2 hội thảo.", {3: "conferences_held", 2: "workshops_held"}),
        ("Xử lý kỷ luật 05 công chức, 06 viên chức.", {5: "staff_disciplined", 6: "staff_disciplined"}),
    ],
)
def test_more_measures(text, expected):
    assert {f.value: f.measure for f in results(text)} == expected


def test_a_change_without_a_base_has_no_measure():
    (fig,) = results("Số lượng đơn vị sự nghiệp giảm 01 đơn vị do sắp xếp tổ chức bộ máy.")
    assert fig.measure == "" and "measure_unknown" in fig.flags


def test_unit_written_once_for_a_list():
    figs = results("Tạo mới 70, khôi phục 6 và hủy 31 thư điện tử công vụ.")
    assert [(f.value, f.unit, f.measure) for f in figs] == [
        (70, "thư điện tử", "email_accounts_created"),
        (6, "thư điện tử", "email_accounts_restored"),
        (31, "thư điện tử", "email_accounts_deleted"),
    ]
    assert "unit_shared" in figs[0].flags and "unit_shared" not in figs[2].flags


def test_unknown_measure_is_flagged_not_guessed():
    (fig,) = results("Toàn tỉnh có 22 sở.")
    assert fig.measure == ""
    assert "measure_unknown" in fig.flags
    assert fig.confidence <= 0.5


def test_measure_vocabulary_is_documented():
    for _, expected in MEASURE_CASES:
        for measure in expected.values():
            assert measure_meaning(measure), measure
    assert measure_meaning("news_posts_decrease_rate") and measure_meaning("no_such_measure") is None
    assert all(slug == slug.lower() and " " not in slug for slug in MEASURES)


# ---------------------------------------------------------------------- scopes


def test_scope_from_sub_headings():
    figs = results(
        "- Tại Trung tâm:",
        "+ Số lượng hồ sơ tiếp nhận tại Trung tâm ước khoảng 44.612 hồ sơ, đang giải quyết 10.043 hồ sơ.",
        "- Tại Bộ phận Một cửa của 13/13 huyện, thị xã, thành phố đã tiếp nhận 8.267 hồ sơ.",
        "- Tại Bộ phận Một cửa cấp xã đã tiếp nhận 90.539 hồ sơ.",
    )
    assert {f.value: f.scope for f in figs} == {44612: "trung_tam", 10043: "trung_tam", 8267: "cap_huyen",
                                                90539: "cap_xa"}


def test_scope_inherited_from_enclosing_heading_not_from_sibling():
    figs = results(
        "2. Về hoạt động giải quyết TTHC tại Trung tâm Phục vụ hành chính công tỉnh:",
        "a) Kết quả giải quyết hồ sơ TTHC",
        "- Trong năm 2019, đã tiếp nhận 61.294 hồ sơ.",
        "3. Kết quả tại cấp xã",
        "- Cấp huyện:",
        "+ Đã tiếp nhận 200 hồ sơ.",
        "- Cấp xã:",
        "+ Đã tiếp nhận 300 hồ sơ.",
    )
    assert {f.value: f.scope for f in figs} == {61294: "trung_tam", 200: "cap_huyen", 300: "cap_xa"}


def test_named_unit_beats_the_place_it_works_in():
    figs = results(
        "Kết quả giải quyết hồ sơ TTHC của Văn phòng ĐKĐĐ - Chi nhánh thành phố và Phòng Tài nguyên Môi trường "
        "thành phố tại Trung tâm Phục vụ hành chính công tỉnh, tiếp nhận 19.855 hồ sơ; đã giải quyết 17.755 hồ sơ."
    )
    assert {f.scope for f in figs} == {"vpdkdd_thanh_pho"}


def test_unit_named_right_after_the_figure():
    figs = results(
        "- Tại Trung tâm, tiếp nhận: 1.063 hồ sơ TTHC liên thông về Văn phòng UBND tỉnh, đã giải quyết: 1.034 hồ sơ."
    )
    assert {f.value: f.scope for f in figs} == {1063: "vp_ubnd_tinh", 1034: "vp_ubnd_tinh"}


def test_departments_in_a_list_of_rates():
    figs = results(
        "Một số cơ quan có tỷ lệ hồ sơ phát sinh trực tuyến cao như các Sở: Tư pháp đạt 95%; Sở Xây dựng "
        "đạt 91,8%; Công an tỉnh đạt 100%; Bảo hiểm Xã hội tỉnh đạt 99,3%, Sở Nội vụ: 98%."
    )
    assert [(f.value, f.scope, f.measure) for f in figs] == [
        (95, "so_tu_phap", "online_rate"),
        (91.8, "so_xay_dung", "online_rate"),
        (100, "cong_an_tinh", "online_rate"),
        (99.3, "bhxh_tinh", "online_rate"),
        (98, "so_noi_vu", "online_rate"),
    ]


def test_a_department_that_is_only_asked_is_not_the_scope():
    figs = results("- Tại Trung tâm: đề nghị Sở Nội vụ hướng dẫn; đã tiếp nhận 500 hồ sơ.")
    assert [f.scope for f in figs] == ["trung_tam"]


def test_several_levels_together_are_the_province():
    figs = results(
        "Thanh toán trực tuyến tại Trung tâm và một số huyện, thị xã, thành phố đạt gần 21,1 tỷ đồng với "
        "18.764 giao dịch (riêng tại Trung tâm Phục vụ - Kiểm soát thủ tục hành chính tỉnh thanh toán hơn "
        "12.6 tỷ đồng)."
    )
    assert [(f.value, f.scope) for f in figs] == [
        (21_100_000_000, "province"),
        (18764, "province"),
        (12_600_000_000, "trung_tam"),
    ]


def test_level_written_right_after_the_unit():
    figs = results("Tổng số TTHC trên địa bàn huyện là 379 thủ tục, gồm 252 TTHC cấp huyện và 127 TTHC cấp xã.")
    assert {f.value: f.scope for f in figs if f.value != 379} == {252: "cap_huyen", 127: "cap_xa"}


def test_a_sentence_comparing_levels_does_not_give_its_scope_to_the_next():
    figs = results(
        "Ở cấp huyện, tỷ lệ giải quyết đúng hạn đạt 98,17%; ở cấp xã đạt 99,26%. "
        "Tỷ lệ hồ sơ được thanh toán trực tuyến đạt 46,33%."
    )
    assert [(f.value, f.scope) for f in figs] == [(98.17, "cap_huyen"), (99.26, "cap_xa"), (46.33, "")]


def test_another_bodys_office_is_not_the_provincial_office():
    figs = results("Văn phòng Sở Nội vụ tiếp nhận 12 phản ánh, kiến nghị.")
    assert [f.scope for f in figs] == [""]


@pytest.mark.parametrize(
    ("preamble", "reporter"),
    [
        ("Thực hiện Công văn số 1187/UBND-NV ngày 20/11/2023 của UBND huyện Ngọc Khê về việc báo cáo công tác "
         "cải cách hành chính năm 2023, UBND xã Phước Lâm báo cáo kết quả thực hiện như sau:", "xa_phuoc_lam"),
        ("Thực hiện Kế hoạch số 214/KH-UBND ngày 27/12/2023 của UBND tỉnh Lâm Giang, Sở Nội vụ báo cáo kết quả "
         "như sau:", "so_noi_vu"),
        ("Văn phòng UBND tỉnh (Văn phòng) báo cáo việc thực hiện công tác cải cách hành chính như sau:",
         "vp_ubnd_tinh"),
    ],
)
def test_the_unit_that_signs_the_report(preamble, reporter):
    (fig,) = extract_inline(paragraphs(preamble, "II. Kết quả thực hiện", "Đã tiếp nhận 16 phản ánh, kiến nghị."))
    assert fig.scope == reporter
    assert "scope_default" in fig.flags


def test_reporting_unit_is_the_default_scope_of_its_own_work():
    figs = extract_inline(
        paragraphs(
            "Văn phòng UBND tỉnh báo cáo công tác cải cách hành chính năm 2019, như sau:",
            "II. Kết quả đạt được",
            "a) Cử 03 công chức tham gia lớp Cao cấp lý luận chính trị.",
            "b) Đã tiếp nhận 500 hồ sơ.",
        )
    )
    staff, dossiers = figs
    assert (staff.scope, staff.measure) == ("vp_ubnd_tinh", "staff_trained")
    assert "scope_default" in staff.flags
    # Dossiers are counted per one-stop unit: the signing office is no default for them.
    assert dossiers.scope == "" and "scope_unknown" in dossiers.flags


# ------------------------------------------------------- wrapped PDF text lines


def test_wrapped_lines_are_joined_into_sentences():
    figs = extract_inline(
        paragraphs(
            "II. Kết quả thực hiện công tác cải cách hành chính",
            "+ Các sở, ngành tiếp nhận 42.627 hồ sơ, đã giải quyết 40.927 hồ sơ, trong",
            "đó trả kết quả trước hạn và đúng hạn 40.887 hồ sơ, chiếm tỷ lệ 99,9%; trễ hạn:",
            "40 hồ sơ, chiếm tỷ lệ: 0,1%; đang giải quyết 1.700 hồ sơ.",
            "* Đánh giá mức độ hài lòng của tổ chức, cá nhân khi thực hiện TTHC",
            "tại Trung tâm",
            "Tỷ lệ đánh giá mức độ hài lòng và mức độ rất hài lòng của tổ chức, công",
            "6",
            "dân khi đến thực hiện TTHC tại Trung tâm luôn đạt trên 99,8% với hơn 14.390",
            "lượt đánh giá.",
            first_line=308,
        )
    )
    got = {f.value: (f.measure, f.scope, f.line) for f in figs}
    assert got == {
        42627: ("received", "so_nganh", 310),
        40927: ("resolved", "so_nganh", 310),
        40887: ("ontime_or_early", "so_nganh", 310),
        99.9: ("ontime_rate", "so_nganh", 310),
        40: ("late", "so_nganh", 310),
        0.1: ("late_rate", "so_nganh", 310),
        1700: ("pending", "so_nganh", 310),
        99.8: ("satisfaction_rate", "trung_tam", 320),
        14390: ("satisfaction_votes", "trung_tam", 320),
    }
    late = by_value(figs)[40]
    assert "trễ hạn: 40 hồ sơ" in late.sentence
    votes = by_value(figs)[14390]
    assert votes.value_text == "hơn 14.390 lượt"
    assert votes.sentence.endswith("với hơn 14.390 lượt đánh giá.")  # the page number "6" is dropped


def test_a_short_heading_line_is_not_joined_to_the_next_paragraph():
    figs = extract_inline(
        paragraphs(
            "II. Kết quả thực hiện công tác cải cách hành chính của Văn phòng UBND tỉnh Quảng",
            "Ngãi trong 6 tháng đầu năm 2023 theo kế hoạch đã đề ra của UBND tỉnh Quảng Ngãi",
            "- Cấp xã",
            "Đã tiếp nhận 90.539 hồ sơ trong kỳ báo cáo theo số liệu của phần mềm một cửa.",
        )
    )
    (fig,) = figs
    assert fig.sentence.startswith("Đã tiếp nhận")
    assert fig.scope == "cap_xa"


# -------------------------------------------------------------------- sections


def test_only_result_sections_are_read():
    figs = extract_inline(
        paragraphs(
            "I. Về công tác chỉ đạo, điều hành",
            "Ban hành 05 kế hoạch về cải cách hành chính.",
            "II. Kết quả đạt được",
            "- Tại Trung tâm đã tiếp nhận 61.294 hồ sơ.",
            "III. Phương hướng, nhiệm vụ năm 2020",
            "Phấn đấu tiếp nhận 70.000 hồ sơ tại Trung tâm.",
            "Nơi nhận:",
            "- Như trên;",
            "Phụ lục",
            "Tổng số hồ sơ tiếp nhận 61.294 hồ sơ",
        )
    )
    assert [f.value for f in figs] == [61294]


def test_without_a_result_heading_the_body_is_read_up_to_the_tasks():
    figs = extract_inline(
        paragraphs(
            "BÁO CÁO",
            "Trong năm, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận 61.294 hồ sơ.",
            "III. Nhiệm vụ năm 2020",
            "Phấn đấu tiếp nhận 70.000 hồ sơ tại Trung tâm.",
        )
    )
    assert [f.value for f in figs] == [61294]


# ------------------------------------------------------- golden seed evaluation


@functools.cache
def _load_eval():
    """scripts/ is not a package: load the evaluation script by path."""
    spec = importlib.util.spec_from_file_location("eval_inline", ROOT / "scripts" / "eval_inline.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_golden_files_use_the_vocabulary():
    units = {u for _, u, _ in UNITS} | {"%", "đồng", "đồng/người/tháng"}
    for seed in ("001", "002", "003"):
        with (GOLDEN / f"inline_{seed}.csv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                assert measure_meaning(row["measure"]), (seed, row)
                assert row["unit"] in units, (seed, row)
                assert row["qualifier"] in ("", "ước khoảng", "khoảng", "hơn", "gần", "trên"), (seed, row)


def test_seed_figures_point_back_at_their_text():
    ev = _load_eval()
    from extract import read_document

    for seed in ev.SEED_IDS:
        for f in extract_inline(read_document(ev.seed_path(SEEDS, seed)).paragraphs):
            assert f.sentence[f.span[0] : f.span[1]] == f.value_text
            assert f.line is not None


def test_precision_and_recall_on_the_golden_seeds():
    ev = _load_eval()
    scores = ev.evaluate(SEEDS)
    total = ev.overall(scores)
    assert total.golden > 150
    assert total.precision >= 0.95, ev.table(scores) + "\n" + ev.details(scores)
    assert total.recall >= 0.90, ev.table(scores) + "\n" + ev.details(scores)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Nghị quyết số 02/2025/NQ-HĐND, Quyết định 787 /QĐ-UBND hồ sơ được xử lý.",
        "Căn cứ Luật số 47/2019/QH14 và khoản 2 Điều 5 văn bản được ban hành.",
        "Mã số hồ sơ là 000.00.12.H39.",
        "Số hiệu văn bản là 12.",
        "Báo cáo 228/BC-SNV ngày 28/11/2025 về kết quả Chỉ số SIPAS năm 2024.",
        "Quyết định số 1231/QĐ-UBND xếp thứ tự hồ sơ theo ngày.",
        "Hồ sơ được tiếp nhận từ tháng 7/2025 theo mô hình chính quyền địa phương 2 cấp.",
    ],
)
def test_more_references_and_marks_that_are_not_figures(sentence):
    assert results(sentence) == []


def test_a_footnote_mark_glued_to_a_word_or_a_percent_is_not_a_figure():
    figs = results("Toàn tỉnh tiếp nhận 1.200 hồ sơ trực tuyến3; tỷ lệ số hóa đạt 98,5%2.")
    assert [(f.value, f.unit) for f in figs] == [(1200, "hồ sơ"), (98.5, "%")]


def test_a_scan_that_lost_a_units_diacritics_still_gives_the_figure_flagged():
    lines = ("Qua đó, đã hỗ trợ hướng dẫn đối với 2.594 hỏ sơ TTHC.",
             "Tổng thu ngân sách nhà nước đạt 32.006 ty đông.")
    scanned = extract_inline(paragraphs("II. Kết quả thực hiện công tác cải cách hành chính", *lines), scanned=True)
    got = {f.value: f for f in scanned}
    assert got[2594.0].unit == "hồ sơ" and "unit_ocr_read" in got[2594.0].flags
    # the magnitude read back too: thirty-two thousand billion, not 32,006 đồng
    assert got[32_006_000_000_000.0].unit == "đồng" and "unit_ocr_read" in got[32_006_000_000_000.0].flags
    # a text layer spells its units: the bare letters are not read there
    assert results(*lines) == []
    # a unit printed right is not flagged on a scan either
    (clean,) = extract_inline(paragraphs("II. Kết quả", "Đã hỗ trợ 14 hồ sơ TTHC."), scanned=True)
    assert clean.value == 14.0 and "unit_ocr_read" not in clean.flags
