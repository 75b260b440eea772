"""The reference ranking of normalize.match: every indicator scored with every rapidfuzz scorer.

match_label uses the pruned ranking of `normalize.match._score_all_uncached`; this one
scores every key of every indicator with fuzz.ratio, token_sort_ratio and token_set_ratio
straight from rapidfuzz (`normalize.match._score_all_full`). Tests and
scripts/bench_match.py check that the pruned ranking is the head of this one.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from normalize.match_prune import Scored, ScoreRules, best_per_indicator, cheap_scores

__all__ = ["best_per_indicator", "cheap_scores", "score_all_full"]


def score_all_full(queries: Sequence, index, floor: float, bare_shift: float, rules: ScoreRules) -> list[Scored]:
    """Every indicator of `index` (normalize.match._ChoiceIndex) scored, highest first;
    `queries` are the label's keys (normalize.match._Key)."""
    ranges = [index.bounds.key_range(slot) for slot in range(len(index.bounds.starts))]
    cheap = {False: cheap_scores([q.text for q in queries], index.texts, index.sorted_texts),
             True: cheap_scores([q.bare for q in queries], index.bares, index.sorted_bares)}
    picked = [k for r in ranges for k in r]
    (ratio_a, sort_a), (ratio_b, sort_b) = cheap[False], cheap[True]
    accented = _penalised(rules.blend([q.text for q in queries], tuple(index.texts[k] for k in picked),
                                      ratio_a[:, picked], sort_a[:, picked]), queries, picked, index, floor, False)
    bare = _penalised(rules.blend([q.bare for q in queries], tuple(index.bares[k] for k in picked),
                                  ratio_b[:, picked], sort_b[:, picked]), queries, picked, index, floor, True)
    scored = best_per_indicator(picked, accented.max(axis=0), bare.max(axis=0) - bare_shift, index.owner)
    return sorted(scored, key=lambda s: -s.score)


def _penalised(scores: np.ndarray, queries: Sequence, picked: list[int], index, floor: float,
               bare: bool) -> np.ndarray:
    """Subtract discriminator penalties from the pairs that could matter (scores >= floor)."""
    penalty = index.bounds.penalties(queries, picked, bare).astype(np.float32)  # small integers: exact
    return np.where(scores >= floor, scores - penalty, scores)
