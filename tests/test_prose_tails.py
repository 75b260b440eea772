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


def _tail_patterns() -> dict[str, TailPattern]:
    from normalize.prose import measures, periods, sentences

    found = {f"{m.__name__}.{name}": v for m in (figures, measures, periods, scopes, sentences)
             for name, v in vars(m).items() if isinstance(v, TailPattern)}
    assert len(found) >= 8  # every tail pattern of the prose stage is checked here
    return found


def test_every_tail_pattern_gives_the_forward_answer_on_real_text():
    """Every text a figure can have before it in the seed reports: the last 300 characters
    before each number and each word, some with a line break inside or at the end."""
    from tests.shared_data import shared_dir

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_dir("seeds").glob("*.txt"))]
    ends = [(t, m.start()) for t in texts for m in regex.finditer(r"(?<=\s)\S|\d+", t)]
    windows = [t[max(0, i - 300):i].replace("\n", " ") for t, i in ends[::7]]
    windows += [t[max(0, i - 80):i] for t, i in ends[::97]]  # as read, line breaks kept
    windows += [w + "\n" for w in windows[::50]]
    hits = 0
    for name, tail in _tail_patterns().items():
        for text in windows:
            forward = tail.forward.search(text)
            assert tail.found(text) == (forward is not None), (name, text[-80:])
            if forward is not None:
                got = tail.search(text)
                assert (got.span(), got.groups()) == (forward.span(), forward.groups()), (name, text[-80:])
                hits += 1
    assert hits > 500


def test_the_units_pattern_finds_what_a_loop_over_the_units_finds():
    """figures._UNIT_AFTER holds every unit of UNITS in one pattern: after each number of the
    seed reports it gives the unit the first of UNITS that fits gives, in order."""
    from tests.shared_data import shared_dir

    loop = [(regex.compile(rf"^\s+(?:{pat})(?!\p{{L}})", regex.I), unit, cls) for pat, unit, cls in figures.UNITS]

    def first_unit(text: str, pos: int):
        rest = text[pos:pos + 200]
        return next(((pos + m.end(), unit, cls) for rx, unit, cls in loop if (m := rx.match(rest))), None)

    texts = [p.read_text(encoding="utf-8") for p in sorted(shared_dir("seeds").glob("*.txt"))]
    found = 0
    for text in texts:
        for m in regex.finditer(r"\d(?!\d)", text):
            expected = first_unit(text, m.end())
            got = figures._UNIT_AFTER.match(text, m.end())
            got = (got.end(), *figures.UNITS[int(got.lastgroup[1:])][1:]) if got else None
            assert got == expected, text[m.start():m.end() + 40]
            found += expected is not None
    assert found > 150
