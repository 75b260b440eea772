"""Labels scored together (normalize/match_batch.py) must rank as each label scored alone."""

from __future__ import annotations

import sys
from pathlib import Path

from normalize.match import HEAD_BEST, HEAD_WITH_CANDIDATES, _score_all_uncached, _without_code, load_indicators
from normalize.match_batch import prefetch_scores

ROOT = Path(__file__).resolve().parents[1]
LABELS = [
    ("Tổng số TTHC của tỉnh", None),
    ("Số lượng TTHC cấp huyện", None),
    ("2.1 Số lượng TTHC cấp xã", "2.1"),
    ("Tỷ lệ hồ sơ TTHC cấp huyện giải quyết đúng hạn (TTHC giải quyết đúng hạn/đã tiếp nhận)", None),
    ("Số lượng văn bản chỉ đạo, điều hành", None),
    ("Mức độ hài lòng chung", None),
    ("", None),
    ("Tổng số TTHC của tỉnh", None),  # twice: scored once
]


def test_batch_ranks_as_alone():
    batched = load_indicators()
    prefetch_scores(LABELS, batched)
    alone = load_indicators()
    for label, code in LABELS:
        key = _without_code(label, code)
        if key.strip():
            assert batched._score_cache[key] == (_score_all_uncached(key, alone), HEAD_WITH_CANDIDATES)


def test_batch_on_sample_labels():
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_match

    labels = bench_match.collect_labels([ROOT / "samples"])
    batched = load_indicators()
    prefetch_scores([(label, None) for label in labels], batched)
    alone = load_indicators()
    assert len(batched._score_cache) >= len(set(labels)) - 1
    for label, scored in batched._score_cache.items():
        assert scored == (_score_all_uncached(label, alone), HEAD_WITH_CANDIDATES)


def test_batch_without_candidates_ranks_as_alone():
    """The pipeline asks for the head without candidates (HEAD_BEST): batched, it is what one label
    alone gives for that head; asked for again with candidates, the label is scored again."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_match

    labels = [(label, None) for label in bench_match.collect_labels([ROOT / "samples"])]
    batched = load_indicators()
    prefetch_scores(labels, batched, HEAD_BEST)
    alone = load_indicators()
    for label, scored in batched._score_cache.items():
        assert scored == (_score_all_uncached(label, alone, needed=HEAD_BEST), HEAD_BEST)
    prefetch_scores(labels, batched)
    for label, scored in batched._score_cache.items():
        assert scored == (_score_all_uncached(label, alone), HEAD_WITH_CANDIDATES)
