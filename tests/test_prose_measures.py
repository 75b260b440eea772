"""Prose figures outside the periodic CCHC templates: digitisation, electronic results, full-online
dossiers, online payment, reuse of digitised data, Đề án 06 (electronic identification, VNeID, the
national portal) and index scores stated in prose. Sentences are written for these tests."""

from __future__ import annotations

import pytest

from extract.model import Paragraph, Provenance
from normalize.prose import InlineFigure, extract_inline


def results(*lines: str) -> list[InlineFigure]:
    # the line ending in a full stop keeps the heading from being read as the start of the sentence
    texts = ("II. Kết quả thực hiện công tác cải cách hành chính", "Các kết quả chính nêu dưới đây.", *lines)
    return extract_inline([Paragraph(t, Provenance(line=1 + 2 * i)) for i, t in enumerate(texts)])


def measures_by_value(*lines: str) -> dict[float, str]:
    return {f.value: f.measure for f in results(*lines)}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 91,5%.", {91.5: "digitized_rate"}),
        ("Đã số hóa kết quả giải quyết TTHC cho 4.120 hồ sơ.", {4120: "digitized"}),
        ("Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa đạt 67,2%.", {67.2: "digital_data_reuse_rate"}),
        ("Tỷ lệ tái sử dụng dữ liệu số hóa trong giải quyết TTHC đạt 40%.", {40: "digital_data_reuse_rate"}),
        ("Tỷ lệ cấp kết quả điện tử đạt 88,3%.", {88.3: "e_results_rate"}),
        ("Đã trả kết quả giải quyết TTHC điện tử cho 2.905 hồ sơ.", {2905: "e_results_issued"}),
        ("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 61,4%.", {61.4: "online_full_rate"}),
        ("Đã tiếp nhận 7.310 hồ sơ trực tuyến toàn trình.", {7310: "online_full_submitted"}),
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 55%.", {55: "dvc_full_online_rate"}),
        ("Tỷ lệ hồ sơ thanh toán trực tuyến là 72,4%.", {72.4: "online_payment_rate"}),
        ("Đã tiếp nhận 3.200 hồ sơ qua Cổng Dịch vụ công quốc gia.", {3200: "national_portal_dossiers"}),
        ("Đã phát sinh 910 hồ sơ cấp phiếu lý lịch tư pháp trên ứng dụng VNeID.", {910: "vneid_dossiers"}),
        ("Toàn tỉnh đã thu nhận được 45.120 tài khoản định danh điện tử mức 2.", {45120: "eid_accounts"}),
        ("Trong đó 30.001 tài khoản đã kích hoạt.", {30001: "eid_activated"}),
        ("Chỉ số SIPAS năm 2024 đạt 81,25%.", {81.25: "sipas_score"}),
        ("Chỉ số cải cách hành chính (PAR Index) năm 2024 đạt 86,1%.", {86.1: "par_index_score"}),
    ],
)
def test_new_measures(sentence, expected):
    assert measures_by_value(sentence) == expected


def test_part_of_a_total_and_the_total():
    got = measures_by_value(
        "Đã phát sinh 120 hồ sơ trên ứng dụng VNeID trên tổng số 150 hồ sơ tiếp nhận từ các nguồn."
    )
    assert got == {120: "vneid_dossiers", 150: "received"}


def test_full_and_partly_online_services_in_one_list():
    got = measures_by_value(
        "Toàn tỉnh cung cấp 900 dịch vụ công trực tuyến (gồm 400 dịch vụ công trực tuyến toàn trình và "
        "500 dịch vụ công trực tuyến một phần)."
    )
    assert got == {900: "dvc_provided", 400: "dvc_full_online", 500: "dvc_partly_online"}


def test_amended_after_a_comma():
    got = measures_by_value("Công bố mới 12 thủ tục, sửa đổi, bổ sung 40 thủ tục và bãi bỏ 9 thủ tục.")
    assert got == {12: "tthc_published_new", 40: "tthc_amended", 9: "tthc_abolished"}


# ------------------------------------------------------------- a figure after "là"


def test_a_count_after_la_takes_the_unit_of_its_subject():
    figs = results(
        "Tổng số hồ sơ đã giải quyết là 5.000 hồ sơ; trong đó: Số hồ sơ giải quyết trước và đúng hạn là 4.700 "
        "(tỷ lệ 94%), số hồ sơ giải quyết trễ hạn là 300 (tỷ lệ 6%)."
    )
    got = {f.value: (f.unit, f.measure) for f in figs}
    assert got == {
        5000: ("hồ sơ", "resolved"),
        4700: ("hồ sơ", "ontime_or_early"),
        94: ("%", "ontime_rate"),
        300: ("hồ sơ", "late"),
        6: ("%", "late_rate"),
    }
    late = next(f for f in figs if f.value == 300)
    assert "unit_from_subject" in late.flags
    assert late.value_text == "300"
    assert late.confidence < 1.0


@pytest.mark.parametrize("sentence, value, total, flag, unit", [
    ("Đến nay đã kiểm tra 42/139 cơ quan, đơn vị trên địa bàn.", 42, 139, "part_of_total", "cơ quan"),
    ("Tổng số 9.548/9.976 biên chế được giao đã bố trí.", 9548, 9976, "part_of_total", "biên chế"),
    ("Điểm số trung bình của cấp xã đạt 10,564/15 điểm.", 10.564, 15, "score_of_max", "điểm"),
])
def test_a_count_or_score_out_of_its_total(sentence, value, total, flag, unit):
    (fig,) = [f for f in results(sentence) if f.unit == unit]
    assert (fig.value, fig.out_of) == (value, total) and flag in fig.flags


@pytest.mark.parametrize("sentence", [
    "Ngày 23/10 đã có hồ sơ được tiếp nhận.",  # a date, no unit after it
    "Theo Quyết định số 12/15 hồ sơ được chuyển.",  # a reference number
    "Đã giải quyết 45/39 hồ sơ.",  # a part above its total: no reading of that kind
])
def test_slashed_numbers_that_are_no_part_of_a_total(sentence):
    assert not [f for f in results(sentence) if "part_of_total" in f.flags]


@pytest.mark.parametrize(
    "sentence",
    [
        "Thời gian giải quyết hồ sơ là 08 năm.",  # a time word after the number
        "Số hồ sơ là 15/QĐ-UBND.",  # a document number
        "Số hồ sơ theo Quyết định số 15 là căn cứ.",  # "số 15" is a label
        "Hồ sơ lưu trữ ngày 12 là bản chính.",
        "Số cơ quan tham gia là 14.",  # agencies and people after "là" are not taken
    ],
)
def test_numbers_after_la_that_are_not_figures(sentence):
    assert results(sentence) == []


def test_a_rate_in_parenthesis_without_a_count_takes_the_clause_before_it():
    figs = results("Có 50/50 TTHC có nghĩa vụ tài chính được triển khai thanh toán trực tuyến (đạt 100%).")
    # "50/50 TTHC" is a count out of its total; the rate still takes the clause's measure
    assert [(f.value, f.out_of, "part_of_total" in f.flags) for f in figs if f.unit == "TTHC"] == [(50, 50, True)]
    assert [(f.value, f.measure) for f in figs if f.unit == "%"] == [(100, "online_payment_tthc_rate")]
    figs = results("Các hồ sơ có nghĩa vụ tài chính được thanh toán trực tuyến (đạt 70%).")
    assert [(f.value, f.measure) for f in figs] == [(70, "online_payment_rate")]


# ------------------------------------------------------------ scope in the clause


def scopes_by_value(*lines: str) -> dict[float, str]:
    return {f.value: f.scope for f in results(*lines)}


def test_a_department_that_opens_the_clause_is_the_scope():
    got = scopes_by_value("Sở Tư pháp đã thẩm định 9 văn bản QPPL; toàn tỉnh tiếp nhận 1.500 hồ sơ.")
    assert got == {9: "so_tu_phap", 1500: "province"}


def test_a_body_named_without_so_after_a_time_phrase():
    got = scopes_by_value("Từ ngày 01/3/2025 đến nay, Công an tỉnh đã tiếp nhận 2.400 hồ sơ trực tuyến.")
    assert got == {2400: "cong_an_tinh"}


def test_a_level_nearer_than_the_department_wins():
    got = scopes_by_value("Sở Tư pháp kiểm tra văn bản của cấp xã, gồm 7 văn bản QPPL cấp xã ban hành.")
    assert got == {7: "cap_xa"}


def test_the_department_that_owns_the_figure():
    assert scopes_by_value("Tỷ lệ số hóa hồ sơ của Sở Tư pháp đạt 90%.") == {90: "so_tu_phap"}
    assert scopes_by_value("Theo hướng dẫn của Sở Nội vụ đã tiếp nhận 40 hồ sơ.") == {40: ""}


def test_a_department_that_is_not_the_subject_is_not_the_scope():
    figs = results("Đề nghị Sở Nội vụ hướng dẫn, đã tiếp nhận 500 hồ sơ.")
    assert [f.scope for f in figs] == [""]


@pytest.mark.parametrize(
    ("sentence", "scope"),
    [
        ("Tại xã Đức Trọng đã tiếp nhận 320 hồ sơ.", "xa_duc_trong"),
        ("Phường Xuân Hương tiếp nhận 410 hồ sơ.", "phuong_xuan_huong"),
        ("UBND đặc khu Phú Quý đã tiếp nhận 95 hồ sơ.", "dac_khu_phu_quy"),
        ("UBND các xã, phường, đặc khu đã tiếp nhận 5.000 hồ sơ.", "cap_xa"),
        ("Cấp tỉnh đã giải quyết 3.100 hồ sơ.", "province"),
        ("Trung tâm Phục vụ hành chính công cấp xã đã tiếp nhận 640 hồ sơ.", "cap_xa"),
        ("Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận 710 hồ sơ.", "trung_tam"),
    ],
)
def test_two_tier_scopes(sentence, scope):
    assert [f.scope for f in results(sentence)] == [scope]


def test_each_commune_of_a_sentence_scopes_its_own_clause():
    got = scopes_by_value("Tại xã Đức Trọng tiếp nhận 320 hồ sơ; tại phường Lâm Viên tiếp nhận 120 hồ sơ.")
    assert got == {320: "xa_duc_trong", 120: "phuong_lam_vien"}


def test_the_owner_of_the_dossiers_is_the_scope():
    got = scopes_by_value("Tổng số hồ sơ các sở, ngành đã giải quyết là 8.000 hồ sơ.")
    assert got == {8000: "so_nganh"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tỷ lệ hồ sơ giải quyết đúng hẹn toàn tỉnh đạt 96,4%.", {96.4: "ontime_rate"}),
        ("Có 40 quyết định công bố đúng hạn, đạt tỷ lệ 52,1%.", {40: "tthc_publication_decisions_ontime",
                                                                52.1: "tthc_publication_ontime_rate"}),
        ("Tỷ lệ thủ tục hành chính được cập nhật, công khai đúng hạn đạt 100%.", {100: "tthc_disclosure_ontime_rate"}),
        ("Tỷ lệ văn bản, hồ sơ công việc toàn trình trên môi trường điện tử đạt 99%.", {99: "e_documents_rate"}),
    ],
)
def test_on_time_words_beyond_dossiers(sentence, expected):
    assert measures_by_value(sentence) == expected


def test_a_qualifier_is_a_whole_word():
    (fig,) = results("Tỷ lệ giải ngân vốn ngân sách nhà nước đạt 31,5%.")
    assert (fig.value_text, fig.qualifier) == ("31,5%", "")
    assert "qualified" not in fig.flags


# ------------------------------------------------------------------ indicators


@pytest.mark.parametrize(
    ("sentence", "indicator"),
    [
        ("Toàn tỉnh có tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC đạt 83%.", "digitization.rate"),
        ("Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC cấp xã đạt 70%.", "digitization.rate.commune"),
        ("Tỷ lệ hồ sơ trực tuyến toàn trình trên địa bàn tỉnh đạt 52%.", "hoso.online_rate.full"),
        ("Tỷ lệ số hóa hồ sơ của Sở Tư pháp đạt 90%.", ""),  # a department's own rate has no indicator
    ],
)
def test_prose_measures_map_to_indicators(sentence, indicator):
    from baocao.pipeline import inline_indicator_map

    mapping = inline_indicator_map()
    (fig,) = results(sentence)
    got = mapping.get((fig.measure, fig.scope)) or mapping.get((fig.measure, "*")) or ""
    assert got == indicator


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Có 60/60 TTHC có yêu cầu nghĩa vụ tài chính được triển khai thanh toán trực tuyến, đạt 100%.",
         {60: "", 100: "online_payment_tthc_rate"}),  # 60 of 60 TTHC: a count out of its total
        ("Tỷ lệ hồ sơ thanh toán trực tuyến đạt 64%.", {64: "online_payment_rate"}),
        ("Đã vận động chi trả an sinh xã hội qua tài khoản cho 5.120 người hưởng chế độ.",
         {5120: "social_payments_people"}),
        ("Đã đề xuất thay thế thành phần hồ sơ bằng dữ liệu đối với 21 TTHC.", {21: "tthc_simplification_proposed"}),
        ("Tỉnh đã công bố 410 TTHC nội bộ.", {410: "tthc_published"}),
        ("Tổng số đơn vị sự nghiệp công lập là 350 đơn vị.", {350: "public_service_units"}),
        ("Số đơn vị SNCL tự đảm bảo chi thường xuyên: 12 đơn vị.", {12: "public_service_units_by_autonomy"}),
        ("UBND tỉnh có 14 cơ quan chuyên môn.", {14: "specialised_agencies"}),
        ("Có 9 hồ sơ phi địa giới TTHC/80 hồ sơ nộp trực tuyến.", {9: "non_territorial_dossiers"}),
        ("Tỷ lệ hồ sơ phi địa giới so với hồ sơ nộp trực tuyến chiếm 11%.", {11: "non_territorial_rate"}),
    ],
)
def test_measures_that_generic_cues_got_wrong(sentence, expected):
    assert measures_by_value(sentence) == expected


def test_posts_are_not_staff_counts():
    # "gồm 3.585 biên chế": posts of a level, not the staff of a unit; kept, flagged, no guess
    figs = results("Biên chế công chức là 9.000 (gồm 3.000 biên chế cấp tỉnh, 6.000 biên chế cấp xã).")
    got = {f.value: (f.measure, f.scope) for f in figs}
    assert got == {3000: ("", "province"), 6000: ("", "cap_xa")}
    assert all("measure_unknown" in f.flags for f in figs)
    # when the sentence says the posts are assigned, they are the quota
    figs = results("Biên chế công chức được giao là 9.000 (gồm 3.000 biên chế cấp tỉnh, 6.000 biên chế cấp xã).")
    assert {f.value: f.measure for f in figs} == {3000: "staff_quota", 6000: "staff_quota"}


def test_a_level_after_an_abbreviation_and_cac():
    assert scopes_by_value("Sở Tư pháp đã kiểm tra 5 văn bản QPPL các xã, phường ban hành.") == {5: "cap_xa"}


# ----------------------------------------------------------- index scores and ranks


def test_index_score_and_rank_in_prose():
    figs = results("Chỉ số SIPAS năm 2024 đạt 83,45%, xếp thứ 12/34 tỉnh, thành phố.")
    got = [(f.value, f.unit, f.measure, f.out_of) for f in figs]
    assert got == [(83.45, "%", "sipas_score", None), (12, "hạng", "sipas_rank", 34)]
    assert figs[1].value_text == "12/34"


def test_index_score_in_points():
    figs = results("Chỉ số cải cách hành chính năm 2024 của tỉnh đạt 85,18 điểm, đứng thứ 20/63.")
    assert [(f.value, f.unit, f.measure, f.out_of) for f in figs] == [
        (85.18, "điểm", "par_index_score", None),
        (20, "hạng", "par_index_rank", 63),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tổ chức hội nghị trực tuyến tới 22 điểm cầu.",  # meeting points are no score
        "Cổng thông tin xếp thứ 9/63 tỉnh, thành phố.",  # a rank in no index the sentence names
        "Chỉ số PAR Index được công bố tại Quyết định số 12/QĐ-BNV.",
    ],
)
def test_points_and_ranks_that_are_not_index_figures(sentence):
    assert results(sentence) == []


def test_a_rank_beyond_its_total_is_flagged():
    (fig,) = results("Chỉ số PAPI xếp thứ 70/63.")
    assert "rank_out_of_range" in fig.flags and fig.confidence < 0.6


# -------------------------------------------------------------------- footnotes


def test_a_footnote_line_is_not_a_count():
    assert results("3 Hồ sơ nộp trực tuyến được tính theo ngày nhận.") == []


def test_a_footnote_joined_into_a_page_broken_sentence_is_flagged():
    figs = results("Trong kỳ, toàn tỉnh đã giải quyết", "3 Hồ sơ nộp trực tuyến được tính theo ngày nhận.")
    assert [f.value for f in figs] == [3]
    assert "footnote_mark_suspect" in figs[0].flags and figs[0].confidence <= 0.5
    # a count that merely wraps onto a new line in lowercase is not suspect
    (fig,) = results("Trong kỳ, toàn tỉnh đã giải quyết", "15 hồ sơ trực tuyến.")
    assert "footnote_mark_suspect" not in fig.flags


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Toàn tỉnh phát sinh 410 hồ sơ dịch vụ công liên thông, trong đó: 380 hồ sơ đã trả kết quả.",
         {410: "linked_services_dossiers", 380: "resolved"}),
        ("Tổng số lượt tra cứu bằng CCCD khi khám chữa bệnh là 90.000 lượt; trong đó, 81.000 lượt tra cứu "
         "thành công, đạt tỷ lệ 90%.", {90000: "id_lookups", 81000: "id_lookups_succeeded",
                                         90: "id_lookups_success_rate"}),
        ("Các cơ sở lưu trú đã thực hiện 5.500 lượt thông báo lưu trú qua phần mềm.", {5500: "residence_notices"}),
        ("Toàn tỉnh đã thu nhận 20.000 lượt hồ sơ cấp căn cước.", {20000: "id_card_applications"}),
    ],
)
def test_de_an_06_measures(sentence, expected):
    assert measures_by_value(sentence) == expected


def test_the_province_as_subject():
    got = scopes_by_value("Tỉnh đã ban hành 120 quyết định công bố danh mục TTHC, trong đó có 70 quyết định công bố "
                          "đúng hạn, đạt tỷ lệ 58,3%.")
    assert got == {120: "province", 70: "province", 58.3: "province"}
    assert measures_by_value("Tỉnh đã ban hành 120 quyết định công bố danh mục TTHC, trong đó có 70 quyết định công "
                             "bố đúng hạn, đạt tỷ lệ 58,3%.") == {
        120: "tthc_publication_decisions", 70: "tthc_publication_decisions_ontime",
        58.3: "tthc_publication_ontime_rate"}
    # "Tỉnh ủy" and the province named inside a phrase are not the subject
    assert scopes_by_value("Ban Thường vụ Tỉnh ủy đã ban hành 5 văn bản chỉ đạo.") == {5: ""}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Tỉnh đã triển khai thực hiện 30/40 nhiệm vụ (đạt 75% kế hoạch).", {75: "plan_completion_rate"}),
        ("Tỷ lệ giải ngân vốn đầu tư đạt 31,5% so với kế hoạch năm.", {31.5: "plan_completion_rate"}),
        ("Tổng thu ngân sách đạt 22,4% dự toán Trung ương giao.", {22.4: "budget_execution_rate"}),
    ],
)
def test_rates_against_a_plan_or_an_estimate(sentence, expected):
    assert measures_by_value(sentence) == expected
