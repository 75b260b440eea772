import csv
import unicodedata
from pathlib import Path

import pytest
import regex

from normalize.match import (
    FLAG_AMBIGUOUS,
    FLAG_BY_CONTEXT,
    FLAG_LOW_SCORE,
    FLAG_OCR_FUZZY,
    FLAG_UNMATCHED,
    Indicator,
    IndicatorList,
    load_indicators,
    match_label,
)
from normalize.text import normalize_vi

GOLDEN = Path(__file__).parent / "golden" / "seed_labels.csv"
SCHEMA_CSV = Path(__file__).resolve().parents[1] / "schemas" / "indicators.csv"

CBCC = "Tổng số biên chế cán bộ, công chức"
VC = "Tổng số biên chế viên chức"
SO_NGANH = "Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn"
HUYEN = "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn"
XA = "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn"
SU_TINH = "Số đơn vị sự nghiệp công lập thuộc UBND tỉnh thực hiện cơ chế tự chủ"
SU_CQCM = "Số đơn vị sự nghiệp công lập thuộc cơ quan chuyên môn của UBND tỉnh thực hiện cơ chế tự chủ"
SU_HUYEN = "Số đơn vị sự nghiệp công lập thuộc UBND cấp huyện thực hiện cơ chế tự chủ"
SECTION_V = "V- Lĩnh vực xây dựng và nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức"


@pytest.fixture(scope="module")
def indicators() -> IndicatorList:
    return load_indicators()


# (label, parent, expected id)
VARIANTS = [
    # exact labels, summary template
    ("Tổng số TTHC của tỉnh", None, "tthc.total"),
    ("Số lượng TTHC cấp tỉnh", "Tổng số TTHC của tỉnh", "tthc.total.province"),
    ("Số lượng TTHC cấp xã", "Tổng số TTHC của tỉnh", "tthc.total.commune"),
    ("Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn", None, "hoso.ontime_rate.commune"),
    ("Số lượng các lớp đào tạo, bồi dưỡng", None, "staff.training_classes"),
    ("Số lượng văn bản nhận trên Trục liên thông VBQG", None, "egov.vbqg_received"),
    ("Số lượng văn bản gửi trên Trục liên thông VBQG", None, "egov.vbqg_sent"),
    ("Số VBQPPL trái pháp luật về nội dung, thẩm quyền", None, "vbqppl.unlawful"),
    ("Số VBQPPL trái pháp luật về nội dung, thẩm quyền đã được xử lý", None, "vbqppl.unlawful_handled"),
    ("Quyết định của Ủy ban nhân dân cấp xã", None, "vbqppl.issued.decision_ubnd_commune"),
    ("Nghị quyết của Hội đồng nhân dân tỉnh", None, "vbqppl.issued.resolution_hdnd_province"),
    ("Số công chức được tuyển dụng theo hình thức thi cạnh tranh", None, "staff.recruited_competitive"),
    ("Số lượng công chức được bồi dưỡng, tập huấn hàng năm", None, "staff.cc_trained"),
    ("Số lượng viên chức được bồi dưỡng, tập huấn hàng năm", None, "staff.vc_trained"),
    # exact labels, Biểu mẫu template
    ("Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương", "Thống kê TTHC", "tthc.total"),
    ("Số TTHC đang cung cấp trực tuyến mức độ 3", None, "dvc.level3_provided"),
    ("Số TTHC đang cung cấp trực tuyến mức độ 4", None, "dvc.level4_provided"),
    ("Tỷ lệ TTHC đủ điều kiện được cung cấp trực tuyến mức độ 4", None, "dvc.level4_rate"),
    ("Tổng số hồ sơ của DVCTT toàn trình (gồm hồ sơ nộp trực tuyến + trực tiếp)", None, "hoso.dvctt_full.total"),
    ("Tổng số hồ sơ của DVCTT một phần", None, "hoso.dvctt_partial.total"),
    ("Tỷ lệ hồ sơ trực tuyến một phần", None, "hoso.online_rate.partial"),
    ("Số nhiệm vụ đã hoàn thành nhưng quá hạn", None, "gov_tasks.done_late"),
    ("Số nhiệm vụ quá hạn nhưng chưa hoàn thành", None, "gov_tasks.overdue"),
    ("Số nhiệm vụ đã hoàn thành đúng hạn", None, "gov_tasks.done_ontime"),
    # cross-template synonyms
    ("Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn", None, "hoso.ontime_rate.commune"),
    ("Tổng số TTHC của huyện", None, "tthc.total"),
    ("Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)", None, "tthc.total.province"),
    ("Số lượng PAKN đã tiếp nhận trong năm", None, "pakn.received"),
    ("Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)", None, "pakn.received"),
    ("Số PAKN đã giải quyết xong", None, "pakn.resolved"),
    ("Khảo sát sự hài lòng của người dân, tổ chức", None, "satisfaction.survey"),
    ("Số lượng phiếu khảo sát", None, "satisfaction.survey.samples"),
    ("Số TTHC liên thông cùng cấp", None, "onestop.interlinked_same_level"),
    ("Tổng số TTHC đang cung cấp trực tuyến mức độ 3 và 4 của địa phương", None, "dvc.level34"),
    ("Kết quả giải quyết TTHC", None, "hoso.ontime_rate"),
    ("Văn bản của Huyện/Huyện ủy", None, "direction.docs.party_committee"),
    ("Số lượng đơn vị sự nghiệp công nhà nước bảo đảm toàn bộ chi thường xuyên", SU_HUYEN, "finance.su_district.state_funded"),
    # NFD input (as stored in seed 003)
    (unicodedata.normalize("NFD", "Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn"), None,
     "hoso.ontime_rate.district"),
    (unicodedata.normalize("NFD", "Số hồ sơ TTHC đã tiếp nhận trực tuyến"), None, "hoso.received_online"),
    # tone-mark placement and i/y spelling
    ("Số TTHC được đơn giản hoá sau rà soát", None, "tthc.simplified"),
    ("Quyết định của Uỷ ban nhân dân cấp huyện", None, "vbqppl.issued.decision_ubnd_district"),
    ("Tỉ lệ hồ sơ TTHC cấp huyện giải quyết đúng hạn", None, "hoso.ontime_rate.district"),
    ("Tỉ lệ công chức có hộp thư điện tử", None, "egov.email_rate"),
    ("Số lượng chữ kí số", None, "egov.digital_signatures"),
    # lost diacritics and đ/d
    ("Ty le ho so TTHC cap xa giai quyet dung han", None, "hoso.ontime_rate.commune"),
    ("So luong van ban chi dao, dieu hanh", None, "direction.docs"),
    ("Tong so bien che vien chuc", None, "staff.vc"),
    ("Tổng số nhiệm vụ dược giao", None, "gov_tasks.assigned"),
    ("Nghị quyết của HDND cấp huyện", None, "vbqppl.issued.resolution_hdnd_district"),
    # abbreviations spelled out or not
    ("Tổng số thủ tục hành chính của tỉnh", None, "tthc.total"),
    ("Số lượng phản ánh, kiến nghị đã giải quyết trong năm", None, "pakn.resolved"),
    ("Tỷ lệ hồ sơ thủ tục hành chính do Ủy ban nhân dân cấp xã tiếp nhận được giải quyết đúng hạn", None,
     "hoso.ontime_rate.commune"),
    ("Số lượng dịch vụ công trực tuyến toàn trình", None, "dvc.full_provided"),
    ("Tổng số văn bản quy phạm pháp luật chủ trì soạn thảo đã được ban hành", None, "vbqppl.issued"),
    ("Số đơn vị kết nối Trục liên thông văn bản quốc gia", None, "egov.vbqg_units"),
    # OCR errors seen in seed 004
    ("Xây dựng chuyên mục CCHC trên Công TTĐT của tỉnh (Có xây dựng = 1; Không xây dựng = 0)", None,
     "direction.communication.portal_section"),
    ("Số dịch vụ công trực tuyển mức độ 3, mức độ 4", None, "dvc.level34"),
    ("Thông kê TTHC", None, "tthc.stats"),
    ("Số cơ quan chuyên môn cấp tỉnh, đơn vị hành chính cấp huyện có Công/Trang Thông tin điện tử", None,
     "egov.portal_units"),
    ("Số lượng PAKN được xử lý và đã công khai kết quả trả lời trên Công TTĐT", None, "pakn.published"),
    # markup, footnotes, leaked list markers
    ("<i>Số lượng PAKN đã tiếp nhận trong năm</i>", None, "pakn.received"),
    ("<b>Tổng số TTHC của tỉnh</b>", None, "tthc.total"),
    ("Số TTHC đã thực hiện 4 tại chỗ <sup>1</sup>", None, "onestop.four_on_spot"),
    ("<i>Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hạn (đã tiếp nhận/đã trả đúng hạn)</i>", None,
     "hoso.ontime_rate.district"),
    ("- Văn bản của UBND huyện, Chủ tịch UBND huyện", None, "direction.docs.people_committee"),
    ("6.2.3. Số TTHC đang cung cấp trực tuyến mức độ 4 có phát sinh hồ sơ nộp trực tuyến", None,
     "dvc.level4_with_online_dossiers"),
    # same label, different parent -> different id
    ("Tổng số được giao", CBCC, "staff.cbcc.assigned"),
    ("Tổng số được giao", VC, "staff.vc.assigned"),
    ("Tổng số có mặt", CBCC, "staff.cbcc.present"),
    ("<i>Tổng số có mặt</i>", VC, "staff.vc.present"),
    ("Tổng số hồ sơ TTHC đã giải quyết xong", SO_NGANH, "hoso.resolved.province"),
    ("Tổng số hồ sơ TTHC đã giải quyết xong", HUYEN, "hoso.resolved.district"),
    ("Tổng số hồ sơ TTHC đã giải quyết xong", XA, "hoso.resolved.commune"),
    ("Số hồ sơ TTHC giải quyết đúng hạn", HUYEN, "hoso.ontime.district"),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên", SU_TINH, "finance.su_province.self_recurrent"),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên", SU_CQCM, "finance.su_province_agencies.self_recurrent"),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên", SU_HUYEN, "finance.su_district.self_recurrent"),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm một phần chi thường xuyên", SU_CQCM,
     "finance.su_province_agencies.self_partial"),
    ("Thuộc UBND cấp huyện", "Sự nghiệp VH, TDTT", "org.su.culture.ubnd_district"),
    ("Thuộc CQ chuyên môn cấp tỉnh", "Sự nghiệp GD-ĐT", "org.su.education.province_agencies"),
    ("Thuộc UBND cấp tỉnh", "Sự nghiệp y tế", "org.su.health.ubnd_province"),
    ("Sự nghiệp khác - Thuộc UBND cấp huyện", None, "org.su.other.ubnd_district"),
    ("Tong so duoc giao", "Tong so bien che can bo, cong chuc", "staff.cbcc.assigned"),
    # a scoped total falls back to the general one when nothing scopes it
    ("Số hồ sơ TTHC giải quyết đúng hạn", None, "hoso.ontime"),
    # newer Biểu mẫu wording
    ("Tổng số nhiệm vụ được giao", "Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao", "local_tasks.assigned"),
    ("Tổng số nhiệm vụ được giao", "Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", "gov_tasks.assigned"),
    ("Số nhiệm vụ đã hoàn thành", "Kế hoạch CCHC", "direction.plan.tasks_done"),
    ("Số cơ quan, đơn vị đã kiểm tra", "Kiểm tra CCHC", "direction.inspected_units"),
    ("Tỷ lệ hồ sơ TTHC do UBND cấp huyện tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", None,
     "hoso.ontime_rate.district"),
    ("Tổng số hồ sơ TTHC đã tiếp nhận trong kỳ (gồm hồ sơ kỳ trước chuyển sang và hồ sơ tiếp nhận mới trong kỳ)",
     "Tỷ lệ hồ sơ TTHC do các sở, ban, ngành tiếp nhận được giải quyết đúng hạn trong kỳ báo cáo", "hoso.received.province"),
    ("Số hồ sơ TTHC có kết quả giải quyết được số hóa, ký số và lưu trữ điện tử theo quy định",
     "Tỷ lệ hồ sơ TTHC được số hóa, cấp bản sao điện tử kết quả giải quyết TTHC tại UBND cấp xã", "digitization.done.commune"),
    ("Tổng số hồ sơ TTHC có yêu cầu nghĩa vụ tài chính (phí, lệ phí, thuế và các khoản thu khác) đã giải quyết xong", None,
     "payment.dossiers_with_fees"),
    ("Tổng số TTHC có yêu cầu nghĩa vụ tài chính", None, "payment.tthc_with_fees"),
    ("Tổng số TTHC thuộc thẩm quyền giải quyết của UBND xã", None, "tthc.total.commune"),
    # prose measures
    ("Số hồ sơ trễ hạn", None, "hoso.late"),
    ("Số hồ sơ đang giải quyết", None, "hoso.pending"),
    ("Số tiền thanh toán trực tuyến", None, "payment.online_amount"),
    ("Số hồ sơ nộp qua đường bưu điện", None, "hoso.postal_received"),
    ("Tỷ lệ hài lòng của người dân, tổ chức", None, "satisfaction.rate"),
]


@pytest.mark.parametrize(("label", "parent", "expected"), VARIANTS)
def test_label_variants(indicators, label, parent, expected):
    m = match_label(label, parent=parent, indicators=indicators)
    assert m.indicator_id == expected, (m.score, m.flags, m.candidates[:3])
    assert m.score >= 85
    assert FLAG_AMBIGUOUS not in m.flags


# (label, parent, section, expected flag): never forced onto an indicator
UNMATCHED = [
    ("Chánh Văn phòng", None, None, FLAG_UNMATCHED),
    ("CHÁNH VĂN PHÒNG", None, None, FLAG_UNMATCHED),
    ("Ghi chú", None, None, FLAG_UNMATCHED),
    ("STT", None, None, FLAG_UNMATCHED),
    ("Nơi nhận", None, None, FLAG_UNMATCHED),
    ("Năm 2020 (Tính đến 31/3)", None, None, FLAG_UNMATCHED),
    ("Hôm nay trời đẹp, mọi người rủ nhau đi chơi công viên.", None, None, FLAG_UNMATCHED),
    ("Độc lập - Tự do - Hạnh phúc", None, None, FLAG_UNMATCHED),
    ("", None, None, FLAG_UNMATCHED),
    ("Số lượng văn bản", None, None, FLAG_LOW_SCORE),
    ("Tổng số được giao", None, None, FLAG_AMBIGUOUS),
    ("Tổng số có mặt", None, SECTION_V, FLAG_AMBIGUOUS),
    ("Tổng số hồ sơ TTHC đã giải quyết xong", None, "Biểu mẫu 3 Cải cách thủ tục hành chính", FLAG_AMBIGUOUS),
    ("Thuộc UBND cấp tỉnh", None, None, FLAG_AMBIGUOUS),
    ("Số lượng đơn vị sự nghiệp công tự bảo đảm chi thường xuyên", None, None, FLAG_AMBIGUOUS),
]


@pytest.mark.parametrize(("label", "parent", "section", "flag"), UNMATCHED)
def test_unclear_labels_are_not_forced(indicators, label, parent, section, flag):
    m = match_label(label, parent=parent, section=section, indicators=indicators)
    assert m.indicator_id is None
    assert m.indicator_label is None and m.parent_id is None and m.parent_label is None
    assert flag in m.flags, (m.score, m.flags, m.candidates[:3])


def test_context_flag_and_parent_fields(indicators):
    m = match_label("Tổng số được giao", parent=VC, indicators=indicators)
    assert FLAG_BY_CONTEXT in m.flags
    assert m.parent_id == "staff.vc"
    assert m.parent_label == "Tổng số biên chế viên chức"
    assert m.indicator_label == indicators.get("staff.vc.assigned").label_vi
    assert m.candidates[0].indicator_id == "staff.cbcc.assigned"


def test_section_breaks_a_tie_when_there_is_no_parent(indicators):
    m = match_label("Tổng số được giao", section="Tổng số biên chế viên chức", indicators=indicators)
    assert m.indicator_id == "staff.vc.assigned"


def test_parent_outranks_section(indicators):
    # the title names both groups; the parent row alone decides
    m = match_label("Tổng số có mặt", parent=VC, section=SECTION_V, indicators=indicators)
    assert m.indicator_id == "staff.vc.present"
    # a title mentioning "UBND tỉnh" must not pull Government tasks to provincial ones
    m = match_label("Số nhiệm vụ đã hoàn thành đúng hạn", parent="Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao",
                    section="Phụ lục của Văn phòng UBND tỉnh", indicators=indicators)
    assert m.indicator_id == "gov_tasks.done_ontime"


def test_ocr_flag(indicators):
    assert FLAG_OCR_FUZZY in match_label("Thông kê TTHC", indicators=indicators).flags
    assert FLAG_OCR_FUZZY in match_label("Ty le cong chuc co hop thu dien tu", indicators=indicators).flags
    assert FLAG_OCR_FUZZY not in match_label("Thống kê TTHC", indicators=indicators).flags


def test_candidates_are_ranked_and_exclude_the_winner(indicators):
    m = match_label("Số TTHC đang cung cấp trực tuyến mức độ 3", indicators=indicators)
    ids = [c.indicator_id for c in m.candidates]
    assert m.indicator_id not in ids
    assert 1 <= len(ids) <= 5
    scores = [c.score for c in m.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)


def test_default_list_is_used_when_none_given():
    assert match_label("Tổng số TTHC của tỉnh").indicator_id == "tthc.total"


def test_custom_indicator_list():
    custom = IndicatorList((
        Indicator("a", None, "Tổng số quả táo", "Apples", "quả", (), ()),
        Indicator("a.red", "a", "Số táo đỏ", "Red apples", "quả", ("Màu đỏ",), ()),
    ))
    assert match_label("Tong so qua tao", indicators=custom).indicator_id == "a"
    m = match_label("màu đỏ", parent="Tổng số quả táo", indicators=custom)
    assert (m.indicator_id, m.parent_id, m.parent_label) == ("a.red", "a", "Tổng số quả táo")
    assert custom.children("a") == [custom.get("a.red")]
    assert custom.get("missing") is None


# ---------------------------------------------------------------- the list itself


def test_csv_has_bom_and_exact_columns():
    raw = SCHEMA_CSV.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert header == ["id", "parent_id", "label_vi", "label_en", "unit", "aliases", "context"]


def test_load_from_explicit_path(indicators):
    assert load_indicators(SCHEMA_CSV) == indicators
    assert load_indicators(str(SCHEMA_CSV)) == indicators


def test_ids_unique_and_readable(indicators):
    ids = [i.id for i in indicators.indicators]
    assert len(ids) == len(set(ids))
    for iid in ids:
        assert regex.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*", iid), iid  # no template row numbers


def test_parents_exist_without_cycles(indicators):
    for ind in indicators.indicators:
        if ind.parent_id:
            assert indicators.get(ind.parent_id) is not None, ind.id
        assert indicators.depth(ind.id) <= 5, ind.id


def test_labels_are_nfc_and_filled(indicators):
    for ind in indicators.indicators:
        assert ind.label_vi and ind.label_en, ind.id
        for text in (ind.label_vi, *ind.aliases, *ind.context):
            assert text == unicodedata.normalize("NFC", text), ind.id


def test_no_two_indicators_share_a_normalized_label(indicators):
    seen: dict[str, str] = {}
    for ind in indicators.indicators:
        key = normalize_vi(ind.label_vi)
        assert key not in seen, (ind.id, seen.get(key))
        seen[key] = ind.id


def test_shared_aliases_are_told_apart_by_context(indicators):
    """A printed label used by several indicators needs context on all of them but one."""
    owners: dict[str, list[Indicator]] = {}
    for ind in indicators.indicators:
        for text in dict.fromkeys(normalize_vi(t) for t in ind.labels):
            owners.setdefault(text, []).append(ind)
    for text, inds in owners.items():
        if len(inds) > 1:
            without_context = [i.id for i in inds if not i.context]
            assert len(without_context) <= 1, (text, without_context)


def test_summary_and_form_labels_share_ids(indicators):
    pairs = [
        ("Tỷ lệ hồ sơ TTHC cấp xã giải quyết đúng hạn", "Tỷ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn"),
        ("Tổng số TTHC của tỉnh", "Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương"),
        ("Số lượng TTHC cấp tỉnh", "Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)"),
        ("Số lượng PAKN đã tiếp nhận trong năm",
         "Tổng số PAKN đã tiếp nhận (trực tiếp hoặc do cơ quan có thẩm quyền chuyển đến)"),
    ]
    for a, b in pairs:
        assert match_label(a, indicators=indicators).indicator_id == match_label(b, indicators=indicators).indicator_id


# ---------------------------------------------------------------- every seed appendix row


def _golden_rows() -> list[dict[str, str]]:
    with GOLDEN.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_golden_covers_every_seed_and_known_ids(indicators):
    rows = _golden_rows()
    assert {r["seed"] for r in rows} == {"000", "002", "003", "004"}
    for r in rows:
        assert indicators.get(r["indicator_id"]) is not None, r


@pytest.mark.parametrize(
    "row", _golden_rows(), ids=lambda r: f"{r['seed']}|{r['row_code'] or '·'}|{r['label'][:40]}"
)
def test_seed_appendix_rows(indicators, row):
    m = match_label(
        row["label"],
        parent=row["parent_label"] or None,
        section=row["section"] or None,
        code=row["row_code"] or None,
        indicators=indicators,
    )
    assert m.indicator_id == row["indicator_id"], (m.score, m.flags, m.candidates[:3])


def test_row_code_leaked_into_label(indicators):
    m = match_label("6.1 Số lượng phiếu khảo sát", code="6.1", indicators=indicators)
    assert m.indicator_id == "satisfaction.survey.samples"
    assert m.score == 100


def test_code_depth_breaks_a_remaining_tie():
    custom = IndicatorList((
        Indicator("g", None, "Nhóm", "Group", None, (), ()),
        Indicator("top", None, "Tổng số đơn vị", "Units", None, ("Số đơn vị",), ()),
        Indicator("g.sub", "g", "Số đơn vị thuộc nhóm", "Units in group", None, ("Số đơn vị",), ()),
    ))
    assert match_label("Số đơn vị", indicators=custom).indicator_id is None
    assert match_label("Số đơn vị", code="2.1.", indicators=custom).indicator_id == "g.sub"
    assert match_label("Số đơn vị", code="2", indicators=custom).indicator_id == "top"
