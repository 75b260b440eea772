"""Cheaper scans of the prose stage find what the plain patterns find.

Each fast form is checked against the pattern it stands for, on the text of every sample
report and of the seed reports in ../shared/seeds, and on hand-made edge cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extract.dispatch import read_document
from normalize.prose import scopes, sentences
from normalize.prose.sentences import Block, join_lines, sentence_spans
from shared_data import shared_dir

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def sample_blocks() -> list[Block]:
    blocks: list[Block] = []
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")) + sorted(shared_dir("seeds").glob("*.txt"))
    for path in paths:
        blocks += join_lines(read_document(path).paragraphs)
    assert len(blocks) > 500
    return blocks


WHITESPACE = [chr(c) for c in range(0x3000 + 1) if chr(c).isspace()]


def test_needs_spacing_is_true_wherever_the_tidy_would_change_the_text():
    tidy = regex.compile(r"\s+")
    texts = ["đạt 98,5%", "đạt  98,5%", " đầu và cuối ", "Sở Tư pháp", "", "x"]
    texts += [f"a{ws}b" for ws in WHITESPACE] + [f"a {ws}b" for ws in WHITESPACE] + ["a\u200bb", "a\x00b"]
    for text in texts:
        if tidy.sub(" ", text) != text:
            assert sentences._needs_spacing(text), repr(text)
    assert not sentences._needs_spacing("Sở Tư pháp đạt 98,5% (tăng 2%).")
    assert len(WHITESPACE) > 20  # NBSP, the em and en spaces, line and paragraph separators …


def _reference_spans(block: Block) -> list[tuple[int, int]]:
    """sentence_spans with the break found by a lookbehind, as the pattern reads."""
    brk = regex.compile(r"(?<=[.!?…])[\"”’)*]*\s+(?=[\p{Lu}\d\-–+*•(“\"])")
    text = block.text
    marker = sentences._MARKER.match(text)
    skip = marker.end() if marker else 0
    spans, start = [], 0
    for m in brk.finditer(text):
        if m.start() <= skip:
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


EDGE_TEXTS = [
    "1. Cải cách thể chế. Đã ban hành 12 văn bản.",
    "Đạt 98%.. Tiếp nhận 1.234 hồ sơ.",
    'Kết quả "tốt." Tiếp theo (xem mục 2.) Năm 2024!  Cuối cùng… 3 việc? - gạch đầu dòng',
    "a.) b. “Trích dẫn”. (mở ngoặc). *ghi chú*. 5 đơn vị.",
    "Không có dấu chấm",
    ". . . A",
]


def test_sentence_spans_are_the_lookbehind_spans(sample_blocks):
    blocks = sample_blocks + [Block(t, ((0, 1, None),), sentences._marker_kind(t)) for t in EDGE_TEXTS]
    several = 0
    for block in blocks:
        spans = sentence_spans(block)
        assert spans == _reference_spans(block), block.text[:80]
        several += len(spans) > 1
    assert several > 50


def test_place_rows_give_the_hits_of_one_alternation_per_slug(sample_blocks, monkeypatch):
    by_slug: dict[str, list[str]] = {}
    for pattern, slug in scopes._PLACE_PATTERNS:
        by_slug.setdefault(slug, []).append(pattern)
    assert any(len(p) > 1 for p in by_slug.values())  # some slug has several rows
    texts = [b.text for b in sample_blocks] + [
        "Trung tâm Phục vụ hành chính công cấp xã, phường, đặc khu và cấp huyện, toàn tỉnh đạt 98%",
        "Tỉnh đã ban hành; UBND tỉnh ban hành 12 quyết định, trên địa bàn tỉnh có 3/12 huyện, thị xã, thành phố",
    ]
    rows = [scopes._scope_hits(t) for t in texts]
    joined = [(regex.compile("|".join(p), regex.I), slug) for slug, p in by_slug.items()]
    monkeypatch.setattr(scopes, "_PLACES", joined)
    assert [scopes._scope_hits(t) for t in texts] == rows
    assert sum(len(h) for h in rows) > 100
