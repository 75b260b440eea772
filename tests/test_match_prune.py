"""The pruned ranking of normalize.match must be exactly what scoring every indicator gives.

match scores a new label exactly only for the indicators whose upper bound
(normalize.match_prune) can still reach the best, the ambiguity margin or the next
candidates. These tests compare it with the full ranking on the golden seed labels, the
indicator list's own labels and garbled forms of them (dropped, swapped and misspelt
words, OCR-like accent loss), and check that every bound really is an upper bound.
"""

import csv
import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from normalize import match as m
from normalize.text import strip_diacritics

GOLDEN = Path(__file__).parent / "golden" / "seed_labels.csv"


@pytest.fixture(scope="module")
def indicators() -> m.IndicatorList:
    return m.load_indicators()


def _garbled(label: str, rng: random.Random) -> list[str]:
    words = label.split()
    out = [strip_diacritics(label), label.upper()]
    if len(words) > 2:
        i = rng.randrange(len(words))
        out.append(" ".join(words[:i] + words[i + 1:]))  # a word dropped
        j = rng.randrange(len(words) - 1)
        swapped = words[:]
        swapped[j], swapped[j + 1] = swapped[j + 1], swapped[j]
        out.append(" ".join(swapped))
        out.append(" ".join(words + ["trong", "năm", "2024"]))  # explanatory tail with a number
        out.append(label.replace("a", "o", 1) + " (gồm cả cấp xã)")
    return out


def _labels(indicators: m.IndicatorList) -> list[str]:
    rng = random.Random(7)
    with GOLDEN.open(encoding="utf-8") as fh:
        labels = [row["label"] for row in csv.DictReader(fh)]
    own = [label for ind in indicators.indicators for label in ind.labels]
    labels += own
    labels += [g for label in rng.sample(own, 60) for g in _garbled(label, rng)]
    labels += ["", "-", "Cộng", "Ghi chú", "123", "Tổng cộng toàn tỉnh"]
    return list(dict.fromkeys(labels))


def _key(s: m._Scored) -> tuple:
    return s.pos, s.score, s.accent_free


def test_pruned_ranking_is_the_head_of_the_full_ranking(indicators):
    checked = 0
    for label in _labels(indicators):
        full = m._score_all_full(label, indicators)
        pruned = m._score_all_uncached(label, indicators)
        assert [_key(s) for s in pruned] == [_key(s) for s in full[:len(pruned)]], label
        # long enough for everything match_label reads: the best, its ties, the candidates
        assert len(pruned) >= min(m.MAX_CANDIDATES + 1, len(full)), label
        if full:
            assert all(s.score < full[0].score - m.AMBIGUITY_MARGIN for s in full[len(pruned):]), label
        checked += 1
    assert checked > 700


def test_head_without_candidates_is_the_head_of_the_full_ranking(indicators):
    """HEAD_BEST (the pipeline's): the best and everything within the ambiguity margin of it,
    exactly as scoring every indicator ranks them, and usually shorter than the head with
    the candidates."""
    shorter = 0
    for label in _labels(indicators):
        full = m._score_all_full(label, indicators)
        head = m._score_all_uncached(label, indicators, needed=m.HEAD_BEST)
        assert [_key(s) for s in head] == [_key(s) for s in full[:len(head)]], label
        if full:
            assert head, label
            assert all(s.score < full[0].score - m.AMBIGUITY_MARGIN for s in full[len(head):]), label
        shorter += len(head) < len(m._score_all_uncached(label, indicators))
    assert shorter > 300


def test_match_without_candidates_is_the_same_match(indicators):
    """match_label(candidates=False) differs from the default only in listing no candidates,
    and a later call that wants them gets them in full (the shorter ranking is not reused)."""
    rng = random.Random(3)
    parents = [None, "Cán bộ, công chức", "Viên chức", "Cấp huyện"]
    for label in _labels(indicators)[::2]:
        parent, section = rng.choice(parents), rng.choice([None, "Biểu số 1: Tổ chức bộ máy"])
        lists = [m.load_indicators() for _ in range(2)]
        short = m.match_label(label, parent=parent, section=section, indicators=lists[0], candidates=False)
        full = m.match_label(label, parent=parent, section=section, indicators=lists[1])
        assert short.candidates == ()
        assert short == dataclasses.replace(full, candidates=()), label
        assert m.match_label(label, parent=parent, section=section, indicators=lists[0]) == full, label


def test_bounds_are_upper_bounds(indicators):
    index = indicators._index
    slots = np.unique(index.owner)
    for label in _labels(indicators)[::5]:
        queries = m._label_keys(label)
        if not queries:
            continue
        clean = m._clean_label(label)
        shift = m.ACCENT_FREE_PENALTY if strip_diacritics(clean) != clean else 0.0
        cheap = {False: m.cheap_scores([q.text for q in queries], index.texts, index.sorted_texts),
                 True: m.cheap_scores([q.bare for q in queries], index.bares, index.sorted_bares)}
        bound = index.bounds.of(queries, cheap, m.NEAR_THRESHOLD - 20, shift)
        exact = {s.pos: s.score for s in m._score_all_full(label, indicators)}
        for slot, pos in enumerate(slots.tolist()):
            assert exact[pos] <= bound[slot], (label, indicators.indicators[pos].id)


def test_set_bound_covers_token_set_ratio():
    from rapidfuzz import fuzz

    from normalize.match_prune import TokenSide

    keys = ["so ho so da giai quyet", "ty le ho so dung han", "a b c", "tong so tthc cap xa", "x"]
    side = TokenSide.build(keys)
    for query in ["so ho so", "ho so giai quyet dung han", "c b a d", "tong tthc cap huyen", "y z", "x x"]:
        bound = side.set_bound(query)
        for k, key in enumerate(keys):
            assert fuzz.token_set_ratio(query, key) <= bound[k] + 1e-9, (query, key)


def test_set_parts_give_token_set_ratio_exactly(indicators):
    from rapidfuzz import fuzz, process

    from normalize.match_prune import SetRows

    index = indicators._index
    every = list(range(len(index.keys)))
    for bare, side, choices in ((False, index.bounds.text_side, index.texts), (True, index.bounds.bare_side, index.bares)):
        for label in _labels(indicators)[::3]:
            for q in m._label_keys(label):
                query = q.bare if bare else q.text
                want = process.cdist([query], choices, scorer=fuzz.token_set_ratio, processor=None, dtype=np.float32)[0]
                sort = m.cheap_scores([query], choices, index.sorted_bares if bare else index.sorted_texts)[1][0]
                for parts in (side.set_parts(query), side.set_parts(query, sort)):
                    assert np.array_equal(SetRows.stack([parts]).exact(every)[0], want), label
                    assert np.all(parts.bound + 1e-4 >= want), label  # float32 rounding; SLACK covers it


def test_recoded_cheap_scores_are_the_plain_ones(indicators):
    index = indicators._index
    for bare, choices, sorted_choices in ((False, index.texts, index.sorted_texts), (True, index.bares, index.sorted_bares)):
        queries = [(q.bare if bare else q.text) for label in _labels(indicators)[::4] for q in m._label_keys(label)]
        queries += ["ký tự lạ ≥ ½ Ω", "Đ ĐĂ"]  # characters no key has
        plain = m.cheap_scores(queries, choices, sorted_choices)
        recoded = index.codes.cheap_scores(queries, *index.encoded[bare])
        assert all(np.array_equal(a, b) for a, b in zip(plain, recoded))


def test_rows_at_once_equal_rows_one_by_one(indicators):
    """RowScores builds its token_set parts, penalties and bounds for every row of a label in one
    set of array operations: the very values the one-row functions give."""
    from normalize.match_prune import RowScores, SetRows

    index = indicators._index
    every = np.arange(len(index.keys))
    floor = m.NEAR_THRESHOLD - 20
    for label in _labels(indicators)[::4] + ["   ", "x (y)"]:
        queries = m._label_keys(label)
        if not queries:
            continue
        rows = RowScores.of(queries, index)
        sides = [(index.bounds.text_side, [q.text for q in queries]), (index.bounds.bare_side, [q.bare for q in queries])]
        one_by_one = [side.set_parts(s, sort) for side, strings in sides for s, sort in
                      zip(strings, rows.sort[:len(queries)] if side is index.bounds.text_side else rows.sort[len(queries):])]
        stacked = SetRows.stack(one_by_one)
        for name in ("known", "need", "lensum"):
            assert np.array_equal(getattr(rows.sets, name), getattr(stacked, name)), (label, name)
        assert all(np.array_equal(a.bound, b.bound) for a, b in zip(rows.sets.parts, one_by_one)), label
        assert np.array_equal(rows.sets.exact(every.tolist()), stacked.exact(every.tolist())), label
        for bare in (False, True):
            one = np.vstack([index.bounds.penalties([q], every, bare) for q in queries])
            assert np.array_equal(index.bounds.penalties(queries, every, bare), one), label
        for shift in (0.0, m.ACCENT_FREE_PENALTY):
            want = index.bounds.of(queries, rows.cheap(), floor, shift, rows.penalties(), rows.set_bounds())
            assert np.array_equal(rows.bound(index.bounds, floor, shift), want), label


def test_pairs_left_out_change_no_indicator_score(indicators):
    """RowScores.plan leaves out the token_set_ratio of pairs that cannot be their indicator's
    best: every indicator scored with and without them comes out the same (score, accent-free)."""
    from normalize.match_prune import RowScores

    index = indicators._index
    every = list(range(len(index.keys)))
    floor = m.NEAR_THRESHOLD - 20
    left_out = 0
    for label in _labels(indicators)[::5]:
        queries = m._label_keys(label)
        if not queries:
            continue
        shift = m._bare_shift(label)
        rows = RowScores.of(queries, index)
        _, skip, _ = rows.plan(index.bounds, floor, shift)
        left_out += int(skip.sum())
        whole = rows.score(every, index.owner, floor, shift, m._RULES)
        pruned = rows.score(every, index.owner, floor, shift, m._RULES, skip)
        assert [_key(s) for s in pruned] == [_key(s) for s in whole], label
    assert left_out > 1000  # the plan does leave pairs out
