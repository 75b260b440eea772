import unicodedata

import pytest

from normalize.text import (
    expand_abbreviations,
    normalize_vi,
    strip_diacritics,
    strip_html,
    strip_leading_marker,
    strip_parentheticals,
    unify_i_y,
    unify_tone_marks,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # NFC and casefolding
        (unicodedata.normalize("NFD", "Tổng số được giao"), "tổng số được giao"),
        ("TỔNG SỐ ĐƯỢC GIAO", "tổng số được giao"),
        # old/new tone placement in open oa/oe/uy syllables
        ("Đơn giản hoá", "đơn giản hóa"),
        ("Uỷ ban nhân dân", "ủy ban nhân dân"),
        ("thuỷ lợi", "thủy lợi"),
        ("sức khoẻ", "sức khỏe"),
        ("tuỳ ý", "tùy ý"),
        # syllables with a final consonant or "qu" keep their mark
        ("Hoàng Sa", "hoàng sa"),
        ("quý", "quý"),
        ("ngoài", "ngoài"),
        # i/y spelling
        ("Tỉ lệ", "tỷ lệ"),
        ("kĩ thuật", "kỹ thuật"),
        ("quản lí", "quản lý"),
        ("thi tuyển", "thi tuyển"),
        # abbreviations as whole words
        ("Số TTHC", "số thủ tục hành chính"),
        ("Tổng số VBQPPL", "tổng số văn bản quy phạm pháp luật"),
        ("Số lượng PAKN", "số lượng phản ánh kiến nghị"),
        ("UBND cấp xã", "ủy ban nhân dân cấp xã"),
        ("HĐND tỉnh", "hội đồng nhân dân tỉnh"),
        ("Số DVCTT toàn trình", "số dịch vụ công trực tuyến toàn trình"),
        ("Tổng số DVC", "tổng số dịch vụ công"),
        ("đài PT-TH tỉnh", "đài phát thanh truyền hình tỉnh"),
        ("Sở TT&TT", "sở thông tin và truyền thông"),
        ("Sở KH&CN", "sở khoa học và công nghệ"),
        ("Sự nghiệp GD-ĐT", "sự nghiệp giáo dục và đào tạo"),
        ("đội ngũ CBCCVC", "đội ngũ cán bộ công chức viên chức"),
        ("Trung tâm PV-KSTTHC", "trung tâm pv kiểm soát thủ tục hành chính"),
        ("TTHCX", "tthcx"),  # not a whole word: left alone
        # an abbreviation echoing its spelled-out form collapses to one copy
        ("văn bản quy phạm pháp luật (VBQPPL)", "văn bản quy phạm pháp luật"),
        ("phản ánh, kiến nghị (PAKN)", "phản ánh kiến nghị"),
        # OCR slips seen in scanned reports
        ("Công TTĐT của tỉnh", "cổng thông tin điện tử của tỉnh"),
        ("có Công/Trang Thông tin điện tử", "có cổng trang thông tin điện tử"),
        ("Số dịch vụ công trực tuyển", "số dịch vụ công trực tuyến"),
        ("Thông kê TTHC", "thống kê thủ tục hành chính"),
        ("Công tác tuyên truyền", "công tác tuyên truyền"),  # real "Công" untouched
        # markup and footnotes
        ("<i>Tổng số có mặt</i>", "tổng số có mặt"),
        ("Số TTHC đã thực hiện 4 tại chỗ <sup>1</sup>", "số thủ tục hành chính đã thực hiện 4 tại chỗ"),
        ("<b>1.379</b>", "1 379"),
        ("**Phụ lục**", "phụ lục"),
        ("Tổng số¹", "tổng số"),
        # punctuation and whitespace
        ("  Số  lượng,\tcác   lớp (đào tạo)…  ", "số lượng các lớp đào tạo"),
        ("98,96%", "98 96%"),
        ("", ""),
    ],
)
def test_normalize_vi(raw, expected):
    assert normalize_vi(raw) == expected


def test_normalize_vi_is_nfc_and_idempotent():
    raw = unicodedata.normalize("NFD", "Tỉ lệ hồ sơ TTHC do UBND cấp xã tiếp nhận được giải quyết đúng hạn")
    once = normalize_vi(raw)
    assert once == unicodedata.normalize("NFC", once)
    assert normalize_vi(once) == once


def test_normalize_vi_without_ocr_repairs():
    assert normalize_vi("Công TTĐT", ocr=False) == "công thông tin điện tử"
    assert normalize_vi("trực tuyển", ocr=False) == "trực tuyển"


def test_old_and_new_spellings_compare_equal():
    assert normalize_vi("Quyết định của Uỷ ban nhân dân cấp xã") == normalize_vi("Quyết định của Ủy ban nhân dân cấp xã")
    assert normalize_vi("Tỉ lệ hồ sơ") == normalize_vi("Tỷ lệ hồ sơ")
    assert normalize_vi("Số TTHC") == normalize_vi("số thủ tục hành chính")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tỷ lệ hồ sơ", "Ty le ho so"),
        ("Đạt", "Dat"),
        ("đúng hạn", "dung han"),
        ("Hội đồng nhân dân", "Hoi dong nhan dan"),
        ("ủy ban", "uy ban"),
        ("Ưu tiên, ơn, ấy", "Uu tien, on, ay"),
        (unicodedata.normalize("NFD", "Nghị quyết"), "Nghi quyet"),
        ("abc 123", "abc 123"),
        ("", ""),
    ],
)
def test_strip_diacritics(raw, expected):
    assert strip_diacritics(raw) == expected


def test_strip_html_drops_footnotes_and_unescapes():
    assert strip_html("Sở TT&amp;TT<sup>2</sup>").strip() == "Sở TT&TT"
    assert strip_html("<i>chỗ</i>").strip() == "chỗ"


def test_strip_parentheticals():
    assert strip_parentheticals("Tổ chức cuộc thi (Có tổ chức = 1; Không tổ chức = 0)") == "Tổ chức cuộc thi"
    assert strip_parentheticals("a (b (c) d) e") == "a e"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("- Văn bản của Huyện ủy", "Văn bản của Huyện ủy"),
        ("3.1.1. Tổng số hồ sơ", "Tổng số hồ sơ"),
        ("a) Nội dung", "Nội dung"),
        ("II. Số lượng", "Số lượng"),
        ("100% cơ quan kết nối", "100% cơ quan kết nối"),
        ("20% số lượng người dân", "20% số lượng người dân"),
    ],
)
def test_strip_leading_marker(raw, expected):
    assert strip_leading_marker(raw) == expected


def test_building_blocks():
    assert unify_tone_marks("hoà") == "hòa"
    assert unify_i_y("tỉ") == "tỷ"
    assert expand_abbreviations("cchc") == "cải cách hành chính"


def test_strip_diacritics_drops_every_combining_mark():
    """strip_diacritics translates through a table filled as characters are met: the same as
    dropping each character unicodedata calls combining, over Vietnamese and other scripts."""
    import unicodedata

    from normalize.text import strip_diacritics

    def reference(text: str) -> str:
        bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
        return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))

    samples = ["Tỷ lệ hồ sơ giải quyết đúng hạn ĐÚNG HẠN", "Ủy ban nhân dân", "façade naïve", "x\u0301\u0323y",
               "".join(chr(c) for c in range(0x00C0, 0x0250)), "".join(chr(c) for c in range(0x1E00, 0x1F00)),
               "Ελληνικά ά", "  ", ""]
    for text in samples:
        assert strip_diacritics(text) == reference(text), text
