"""match_label keeps each result with its indicator list: a repeated question must get the
answer that computing it again gives (parent, section and code are part of the question)."""

from __future__ import annotations

from normalize.match import _match_label, load_indicators, match_label

QUESTIONS = [
    ("Tổng số TTHC của tỉnh", None, None, None),
    ("Số lượng TTHC cấp huyện", "Tổng số TTHC của huyện", "Cải cách thủ tục hành chính", "2.1"),
    ("2.1 Số lượng TTHC cấp huyện", None, None, "2.1"),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", None, "Kết quả giải quyết hồ sơ TTHC", None),
    ("Cấp huyện", "Số lượng TTHC", None, None),
    ("Cấp huyện", "Số lượng văn bản", None, None),
    ("", None, None, None),
]


def test_cached_match_is_the_computed_one():
    indicators = load_indicators()
    for label, parent, section, code in QUESTIONS:
        first = match_label(label, parent=parent, section=section, code=code, indicators=indicators)
        again = match_label(label, parent=parent, section=section, code=code, indicators=indicators)
        assert again is first
        assert first == _match_label(label, parent, section, code, load_indicators())


def test_context_is_part_of_the_key():
    indicators = load_indicators()
    a = match_label("Cấp huyện", parent="Số lượng TTHC", indicators=indicators)
    b = match_label("Cấp huyện", parent="Số lượng văn bản", indicators=indicators)
    assert a == _match_label("Cấp huyện", "Số lượng TTHC", None, None, load_indicators())
    assert b == _match_label("Cấp huyện", "Số lượng văn bản", None, None, load_indicators())
