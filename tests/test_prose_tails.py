"""End-anchored patterns searched from the end give what the forward search gives."""

from __future__ import annotations

import regex

from normalize.prose import figures, scopes
from normalize.prose.measures import _open_paren
from normalize.prose.tails import TailPattern

PREFIXES = [
    "", "Tổng số hồ sơ tiếp nhận là ", "theo Quyết định số ", "mức độ 3, 4 và ", "giai đoạn 2021 - ",
    "Trong đó: các Sở: Tư pháp ", "; Sở Văn hóa, Thể thao và Du lịch đạt ", "của Sở Xây dựng ",
    "các sở, ngành: Nội vụ là: ", "đã giải quyết khoảng ", "xấp xỉ gần ", "khoản 1, 2, ",
    "Sở Tư pháp\n", "trên tổng số ", "Kế hoạch số 12/KH-UBND ngày ",
]


def test_found_and_search_are_the_forward_answers():
    patterns = [figures._LABEL_BEFORE, figures._QUALIFIER_BEFORE, scopes._DEPT_BEFORE]
    hits = 0
    for tail in patterns:
        for text in PREFIXES:
            forward = tail.forward.search(text)
            assert tail.found(text) == (forward is not None), (tail.forward.pattern[:40], text)
            got = tail.search(text)
            if forward is None:
                assert got is None
            else:
                assert (got.span(), got.groupdict()) == (forward.span(), forward.groupdict())
            hits += forward is not None
    assert hits >= 6  # the texts above do hold label words, qualifiers and departments


def test_reverse_is_compiled_from_the_same_pattern():
    tail = TailPattern.compile(r"\bvới\s*$", regex.I)
    assert tail.reverse.pattern == tail.forward.pattern and tail.reverse.flags & regex.REVERSE
    assert tail.found("cùng VỚI ") and not tail.found("với nhau")


def test_open_paren_finds_the_bracket_still_open():
    text = "đạt (trong đó (a) 12 và (b) 3"
    assert _open_paren(text, 0, len(text)) == 4
    assert _open_paren(text, 0, 13) == 4
    assert _open_paren(text, 5, len(text)) is None  # the open one lies before lo
    assert _open_paren("(a) b", 0, 5) is None
    assert _open_paren("x (y", 0, 4) == 2
