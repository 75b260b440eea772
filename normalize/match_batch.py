"""The new labels of one table scored together.

Scoring a label not seen before starts with the cheap scores and the token-set parts of
its keys against every key of the index (`RowScores.of`); for the labels of a table these
are made in one call for all of them (rapidfuzz and numpy then set up once, not once per
label) and split per label. Each label is then ranked and memoised as `match_label` would
rank it alone: the rows are the same, so is the ranking (tests/test_match_batch.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from normalize.match import (
    HEAD_WITH_CANDIDATES,
    IndicatorList,
    _cached_head,
    _label_keys,
    _score_all_uncached,
    _store_head,
    _without_code,
)
from normalize.match_prune import RowScores


def prefetch_scores(labels: Iterable[tuple[str, str | None]], indicators: IndicatorList,
                    needed: int = HEAD_WITH_CANDIDATES) -> None:
    """Score the (label, row code) pairs whose label's ranking is not in the list's score cache
    yet, as far as `needed` asks (match_label's candidates=False needs HEAD_BEST)."""
    cache = indicators._score_cache
    todo = [label for label in dict.fromkeys(_without_code(label, code) for label, code in labels)
            if _cached_head(indicators, label, needed) is None and _label_keys(label)]
    if len(todo) < 2:
        return  # one label: match_label scores it as it is
    keys = [_label_keys(label) for label in todo]
    rows = RowScores.of([k for ks in keys for k in ks], indicators._index)
    if len(cache) + len(todo) > 50_000:
        cache.clear()  # as _score_all bounds it
    for label, own in zip(todo, rows.split([len(ks) for ks in keys])):
        _store_head(indicators, label, _score_all_uncached(label, indicators, own, needed), needed)
