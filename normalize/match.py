"""Reconcile printed row labels with the canonical indicator list.

A label is compared (after `normalize_vi`) with every indicator's canonical
label and aliases, once with diacritics and once without. The best candidate
is accepted only when it is clearly better than the rest; labels that only
their surroundings tell apart ("Tổng số được giao" under cán bộ, công chức vs
under viên chức) are separated with the parent row label, the table title and
the row code. Nothing is ever forced: an unclear label comes back with
`indicator_id=None` and a flag saying why.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import regex
from rapidfuzz import fuzz

from normalize.match_prune import (
    CharCodes,
    Distinct,
    KeyBounds,
    RowScores,
    Scored,
    ScoreRules,
    sort_tokens,
)
from normalize.match_reference import cheap_scores, score_all_full  # noqa: F401 (tests)
from normalize.match_keys import (  # noqa: F401 (_Key, _make_key, _norm_plain: tests and callers)
    DISCRIMINATORS,
    _clean_label,
    _Key,
    _label_keys,
    _make_key,
    _norm,
    _norm_plain,
    _without_code,
)
from normalize.text import strip_diacritics, strip_html

__all__ = [
    "FLAG_AMBIGUOUS",
    "FLAG_BY_CONTEXT",
    "FLAG_LOW_SCORE",
    "FLAG_OCR_FUZZY",
    "FLAG_UNMATCHED",
    "Candidate",
    "Indicator",
    "IndicatorList",
    "Match",
    "load_indicators",
    "match_label",
]

CSV_COLUMNS = ("id", "parent_id", "label_vi", "label_en", "unit", "aliases", "context")
LIST_SEPARATOR = "|"

MATCH_THRESHOLD = 85.0  # accept a clear best at or above this score
NEAR_THRESHOLD = 60.0  # below this nothing is even close: "unmatched" rather than "low score"
AMBIGUITY_MARGIN = 3.0  # candidates this close to the best need context to be told apart
PARENT_MARGIN = 5.0  # the parent label must favour one candidate's parent by this much
PARENT_MIN_SCORE = 75.0
MAX_CANDIDATES = 5
# How much of the ranking a match needs: the best and the candidates listed with it, or (where
# nobody reads the candidates, as in the pipeline) the best and those within AMBIGUITY_MARGIN.
HEAD_WITH_CANDIDATES = MAX_CANDIDATES + 1
HEAD_BEST = 1

# Scores blend plain edit similarity (word order and length count) with token
# set similarity (tolerates explanatory extra words).
W_RATIO, W_SORT, W_SET = 0.5, 0.25, 0.25
DISCRIMINATOR_PENALTY = 8.0
NUMBER_PENALTY = 10.0  # "mức độ 3" vs "mức độ 4"
ACCENT_FREE_PENALTY = 3.0  # an accent-free hit ranks just below an exact accented one

FLAG_UNMATCHED = "label_unmatched"
FLAG_LOW_SCORE = "label_low_score"
FLAG_AMBIGUOUS = "label_ambiguous"
FLAG_BY_CONTEXT = "label_matched_by_context"
FLAG_OCR_FUZZY = "label_ocr_fuzzy"

_CODE_PART = regex.compile(r"\d+|[IVXivx]+")


# --------------------------------------------------------------------------- list


@dataclass(frozen=True)
class Indicator:
    id: str
    parent_id: str | None
    label_vi: str
    label_en: str
    unit: str | None
    aliases: tuple[str, ...]
    context: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """Canonical label first, then aliases."""
        return (self.label_vi, *self.aliases)


@dataclass(frozen=True)
class IndicatorList:
    indicators: tuple[Indicator, ...]

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {ind.id: ind for ind in self.indicators}

    @cached_property
    def _children(self) -> dict[str, list[Indicator]]:
        out: dict[str, list[Indicator]] = {}
        for ind in self.indicators:
            if ind.parent_id:
                out.setdefault(ind.parent_id, []).append(ind)
        return out

    @cached_property
    def _index(self) -> _ChoiceIndex:
        return _ChoiceIndex.build(self)

    @cached_property
    def _score_cache(self) -> dict[str, tuple[list[_Scored], int]]:
        # Scores depend on the label only; an archive repeats the same template labels thousands of times.
        # label -> (the head of its ranking, the head size it was made for: it serves any smaller one)
        return {}

    @cached_property
    def _match_cache(self) -> dict[tuple[str, str | None, str | None, str | None, bool], Match]:
        # A Match depends on the label, parent, section and code only (and is frozen): every report
        # of a template asks the same rows under the same titles again.
        return {}

    def get(self, id: str) -> Indicator | None:
        return self._by_id.get(id)

    def children(self, id: str) -> list[Indicator]:
        return list(self._children.get(id, ()))

    def depth(self, id: str) -> int:
        """1 for a top-level indicator, 2 for its children, and so on."""
        depth, seen = 0, set()
        current = self.get(id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            depth += 1
            current = self.get(current.parent_id) if current.parent_id else None
        return depth


def _split_list(cell: str | None) -> tuple[str, ...]:
    if not cell:
        return ()
    parts = (unicodedata.normalize("NFC", p.strip()) for p in cell.split(LIST_SEPARATOR))
    return tuple(p for p in parts if p)


def _row_to_indicator(row: dict[str, str]) -> Indicator:
    def cell(name: str) -> str:
        return unicodedata.normalize("NFC", (row.get(name) or "").strip())

    return Indicator(
        id=cell("id"),
        parent_id=cell("parent_id") or None,
        label_vi=cell("label_vi"),
        label_en=cell("label_en"),
        unit=cell("unit") or None,
        aliases=_split_list(row.get("aliases")),
        context=_split_list(row.get("context")),
    )


def default_indicators_path() -> Path:
    """schemas/indicators.csv, found through the installed `schemas` package when possible."""
    try:
        import schemas
    except ImportError:  # running from a source tree without the package installed
        return Path(__file__).resolve().parents[1] / "schemas" / "indicators.csv"
    return Path(schemas.__file__).resolve().parent / "indicators.csv"


def load_indicators(path: str | Path | None = None) -> IndicatorList:
    """Read the indicator list (UTF-8, with or without BOM). Rows without an id are skipped."""
    path = Path(path) if path is not None else default_indicators_path()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = [_row_to_indicator(r) for r in reader]
    return IndicatorList(tuple(r for r in rows if r.id))


@lru_cache(maxsize=1)
def _default_list() -> IndicatorList:
    return load_indicators()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Candidate:
    indicator_id: str
    label: str
    score: float


@dataclass(frozen=True)
class Match:
    indicator_id: str | None
    indicator_label: str | None
    parent_id: str | None
    parent_label: str | None
    score: float
    candidates: tuple[Candidate, ...]
    flags: tuple[str, ...]


# --------------------------------------------------------------------------- scoring


_RULES = ScoreRules(W_RATIO, W_SORT, W_SET, DISCRIMINATOR_PENALTY, NUMBER_PENALTY, tuple(DISCRIMINATORS))


@dataclass(frozen=True)
class _ChoiceIndex:
    """Every normalized label form of the list, with the indicator it belongs to."""

    keys: tuple[_Key, ...]
    owner: np.ndarray  # indicator position for each key (non-decreasing: an indicator's keys are adjacent)
    texts: tuple[str, ...]
    bares: tuple[str, ...]
    sorted_texts: tuple[str, ...]  # tokens sorted once: token_sort_ratio == ratio on these
    sorted_bares: tuple[str, ...]
    bounds: KeyBounds  # upper bounds of the scores, to skip the slow scorer (normalize.match_prune)
    codes: CharCodes  # every key recoded to one-byte characters: the same ratios, faster
    encoded: dict[bool, tuple[Distinct, Distinct]]  # accent-free? -> (keys, sorted keys) recoded

    @classmethod
    def build(cls, indicators: IndicatorList) -> _ChoiceIndex:
        keys: list[_Key] = []
        owner: list[int] = []
        for pos, ind in enumerate(indicators.indicators):
            seen: set[str] = set()
            for label in ind.labels:
                for key in _label_keys(label):
                    if key.text not in seen:
                        seen.add(key.text)
                        keys.append(key)
                        owner.append(pos)
        texts, bares = tuple(k.text for k in keys), tuple(k.bare for k in keys)
        sorted_texts, sorted_bares = tuple(map(sort_tokens, texts)), tuple(map(sort_tokens, bares))
        codes = CharCodes.build(texts + bares)
        encoded = {bare: (Distinct.of(tuple(map(codes.encode, plain))), Distinct.of(tuple(map(codes.encode, tokens))))
                   for bare, plain, tokens in ((False, texts, sorted_texts), (True, bares, sorted_bares))}
        return cls(keys=tuple(keys), owner=np.asarray(owner, dtype=np.int64), texts=texts, bares=bares,
                   sorted_texts=sorted_texts, sorted_bares=sorted_bares, bounds=KeyBounds.build(keys, owner, _RULES),
                   codes=codes, encoded=encoded)


_Scored = Scored


def _score_all(label: str, indicators: IndicatorList, needed: int = HEAD_WITH_CANDIDATES) -> list[_Scored]:
    """Best score per indicator, highest first, as far as `needed` asks (memoised per list)."""
    head = _cached_head(indicators, label, needed)
    if head is None:
        cache = indicators._score_cache
        if len(cache) > 50_000:
            cache.clear()
        head = _store_head(indicators, label, _score_all_uncached(label, indicators, needed=needed), needed)
    return head


def _cached_head(indicators: IndicatorList, label: str, needed: int) -> list[_Scored] | None:
    """The memoised ranking of `label` if it goes at least as far as `needed` asks."""
    hit = indicators._score_cache.get(label)
    return hit[0] if hit is not None and hit[1] >= needed else None


def _store_head(indicators: IndicatorList, label: str, head: list[_Scored], needed: int) -> list[_Scored]:
    indicators._score_cache[label] = (head, needed)
    return head


def _score_all_uncached(label: str, indicators: IndicatorList, rows: RowScores | None = None,
                        needed: int = HEAD_WITH_CANDIDATES) -> list[_Scored]:
    """The leading part of the full ranking: every indicator that could be the best, be
    within AMBIGUITY_MARGIN of it or be one of the first `needed` (HEAD_WITH_CANDIDATES: the
    best and the candidates listed with it), in the order scoring every indicator would give.
    Indicators are scored exactly in falling order of an upper bound of their score until no
    unscored one can reach that part. `rows`: the label's RowScores when the caller made them
    (normalize/match_batch.py)."""
    queries = _label_keys(label)
    if not queries:
        return []
    index = indicators._index
    floor = NEAR_THRESHOLD - 20
    bare_shift = _bare_shift(label)
    rows = rows if rows is not None else RowScores.of(queries, index)
    bound, skip, sure = rows.plan(index.bounds, floor, bare_shift)
    order = np.argsort(-bound, kind="stable")
    best: dict[int, _Scored] = {}
    scores: list[float] = []
    done = 0
    size = _first_round(bound, sure, needed)
    while done < len(order):
        batch = sorted(order[done:done + size].tolist())
        done += size
        size = _BATCH
        picked = [k for slot in batch for k in index.bounds.key_range(slot)]
        for cand in rows.score(picked, index.owner, floor, bare_shift, _RULES, skip):
            best[cand.pos] = cand
            scores.append(cand.score)
        if done >= len(order):
            break
        scores.sort(reverse=True)
        reach = min(scores[0] - AMBIGUITY_MARGIN, scores[needed - 1] if len(scores) >= needed else -np.inf)
        if bound[order[done]] < reach:
            break
    ranked = sorted(sorted(best.values(), key=lambda s: s.pos), key=lambda s: -s.score)
    if done < len(order):  # keep only what no unscored indicator could precede
        rest = float(bound[order[done]])
        ranked = [s for s in ranked if s.score > rest]
    return ranked


def _bare_shift(label: str) -> float:
    # Judge the printed label, not the key: spelled-out abbreviations add accents of their own.
    clean = _clean_label(label)
    return ACCENT_FREE_PENALTY if strip_diacritics(clean) != clean else 0.0


_BATCH = 8  # indicators scored per round: small enough to skip most, large enough for cdist
_FIRST_MAX = 32


def _first_round(bound: np.ndarray, sure: np.ndarray, needed: int) -> int:
    """Indicators to score in the first round: every one whose bound reaches the lowest score
    the leading part can stop at, given what each indicator surely scores (its own, at least).
    The ranking is then complete after one round instead of several, unless more than
    _FIRST_MAX could be needed."""
    if len(sure) < needed:
        return max(len(bound), 1)
    stop = min(float(sure.max()) - AMBIGUITY_MARGIN, float(np.partition(sure, -needed)[-needed]))
    return min(max(int(np.count_nonzero(bound >= stop)), 1), _FIRST_MAX)


# --------------------------------------------------------------------------- context


def _contains_keyword(haystack: str, keyword: str) -> bool:
    """Whole-word containment of a normalized keyword, falling back to an accent-free comparison."""
    needle = _norm(keyword)
    if not needle:
        return False
    if f" {needle} " in f" {haystack} ":
        return True
    return f" {strip_diacritics(needle)} " in f" {strip_diacritics(haystack)} "


def _context_level(ind: Indicator, parent: str, section: str) -> int:
    """1: a context keyword is present; 0: the indicator needs no context;
    -1: it needs context that is absent. The parent row decides when there is
    one; the table title is consulted only for rows without a parent, because
    titles often name several groups at once ("cán bộ, công chức, viên chức")."""
    if not ind.context:
        return 0
    where = parent or section
    if where and any(_contains_keyword(where, k) for k in ind.context):
        return 1
    return -1


def _by_context_keywords(tied: list[Indicator], parent: str, section: str) -> list[Indicator]:
    levels = [_context_level(ind, parent, section) for ind in tied]
    best = max(levels)
    return [ind for ind, lvl in zip(tied, levels) if lvl == best and lvl >= 0]


def _similarity(a: str, b: str) -> float:
    return W_RATIO * fuzz.ratio(a, b) + W_SORT * fuzz.token_sort_ratio(a, b) + W_SET * fuzz.token_set_ratio(a, b)


def _parent_similarity(ind: Indicator, parent_keys: list[_Key], indicators: IndicatorList) -> float:
    parent_ind = indicators.get(ind.parent_id) if ind.parent_id else None
    if parent_ind is None or not parent_keys:
        return 0.0
    choices = [k for label in parent_ind.labels for k in _label_keys(label)]
    return max(
        max(_similarity(q.text, c.text), _similarity(q.bare, c.bare)) for q in parent_keys for c in choices
    )


def _by_parent_label(tied: list[Indicator], parent_label: str | None, indicators: IndicatorList) -> list[Indicator]:
    """Keep the candidates whose parent indicator is clearly the printed parent row."""
    parent_keys = _label_keys(parent_label) if parent_label else []
    if not parent_keys:
        return tied
    sims = [_parent_similarity(ind, parent_keys, indicators) for ind in tied]
    top = max(sims)
    if top < PARENT_MIN_SCORE:
        return tied
    return [ind for ind, s in zip(tied, sims) if s > top - PARENT_MARGIN]


def _code_depth(code: str | None) -> int | None:
    """ "3.2.1." -> 3, "5" -> 1; bullets and empty codes say nothing."""
    parts = _CODE_PART.findall(code or "")
    return len(parts) or None


def _by_code_depth(tied: list[Indicator], code: str | None, indicators: IndicatorList) -> list[Indicator]:
    depth = _code_depth(code)
    if depth is None:
        return tied
    same = [ind for ind in tied if indicators.depth(ind.id) == depth]
    return same or tied


def _resolve_tie(
    tied: list[Indicator], parent: str | None, section: str | None, code: str | None, indicators: IndicatorList
) -> list[Indicator]:
    """Narrow equally good candidates with context keywords, then the parent row, then the code."""
    parent_norm = _norm(strip_html(parent)) if parent else ""
    section_norm = _norm(strip_html(section)) if section else ""
    remaining = _by_context_keywords(tied, parent_norm, section_norm)
    if len(remaining) > 1:
        remaining = _by_parent_label(remaining, parent, indicators)
    if len(remaining) > 1:
        remaining = _by_code_depth(remaining, code, indicators)
    return remaining


# --------------------------------------------------------------------------- matching


def _candidates(scored: list[_Scored], indicators: IndicatorList, exclude: str | None) -> tuple[Candidate, ...]:
    out = []
    for s in scored:
        ind = indicators.indicators[s.pos]
        if ind.id != exclude:
            out.append(Candidate(ind.id, ind.label_vi, round(max(0.0, min(100.0, s.score)), 1)))
        if len(out) == MAX_CANDIDATES:
            break
    return tuple(out)


def _no_match(score: float, scored: list[_Scored], indicators: IndicatorList, flags: list[str]) -> Match:
    return Match(None, None, None, None, round(max(0.0, min(100.0, score)), 1),
                 _candidates(scored, indicators, None), tuple(flags))


def _ocr_flags(label: str, winner: _Scored) -> list[str]:
    return [FLAG_OCR_FUZZY] if (winner.accent_free or _ocr_repaired(label)) else []


@lru_cache(maxsize=50_000)
def _ocr_repaired(label: str) -> bool:
    """The OCR repairs of normalize_vi changed the label (memoised: template labels repeat)."""
    clean = _clean_label(label)
    return _norm(clean) != _norm_plain(clean)


def match_label(
    label: str,
    *,
    parent: str | None = None,
    section: str | None = None,
    code: str | None = None,
    indicators: IndicatorList | None = None,
    candidates: bool = True,
) -> Match:
    """Find the indicator a printed row label stands for.

    `parent` is the enclosing row's label, `section` the table title and `code`
    the printed row code; they are used only to separate equally good candidates.
    With `candidates=False` the next candidates are neither ranked nor listed
    (Match.candidates is empty); everything else is the same Match.
    """
    indicators = indicators if indicators is not None else _default_list()
    key = (label, parent, section, code, candidates)
    cache = indicators._match_cache
    found = cache.get(key)
    if found is None:
        if len(cache) > 50_000:
            cache.clear()
        found = cache[key] = _match_label(label, parent, section, code, indicators, candidates)
    return found


def _match_label(label: str, parent: str | None, section: str | None, code: str | None,
                 indicators: IndicatorList, candidates: bool = True) -> Match:
    label = _without_code(label, code)
    scored = _score_all(label, indicators, HEAD_WITH_CANDIDATES if candidates else HEAD_BEST)
    listed = scored if candidates else []
    if not scored:
        return _no_match(0.0, listed, indicators, [FLAG_UNMATCHED])
    top = scored[0]
    if top.score < NEAR_THRESHOLD:
        return _no_match(top.score, listed, indicators, [FLAG_UNMATCHED])
    if top.score < MATCH_THRESHOLD:
        return _no_match(top.score, listed, indicators, [FLAG_LOW_SCORE])

    tied = [s for s in scored if s.score >= top.score - AMBIGUITY_MARGIN]
    flags: list[str] = []
    if len(tied) > 1:
        by_id = {indicators.indicators[s.pos].id: s for s in tied}
        remaining = _resolve_tie([indicators.indicators[s.pos] for s in tied], parent, section, code, indicators)
        if len(remaining) != 1:
            return _no_match(top.score, listed, indicators, [FLAG_AMBIGUOUS])
        winner = by_id[remaining[0].id]
        flags.append(FLAG_BY_CONTEXT)
    else:
        winner = top

    ind = indicators.indicators[winner.pos]
    parent_ind = indicators.get(ind.parent_id) if ind.parent_id else None
    flags.extend(_ocr_flags(label, winner))
    return Match(
        indicator_id=ind.id,
        indicator_label=ind.label_vi,
        parent_id=ind.parent_id,
        parent_label=parent_ind.label_vi if parent_ind else None,
        score=round(max(0.0, min(100.0, winner.score)), 1),
        candidates=_candidates(listed, indicators, ind.id),
        flags=tuple(flags),
    )


def _score_all_full(label: str, indicators: IndicatorList) -> list[_Scored]:
    """Every indicator scored, highest first (normalize.match_reference): the reference that
    `_score_all_uncached` must begin like (tests and scripts/bench_match.py compare them)."""
    queries = _label_keys(label)
    if not queries:
        return []
    return score_all_full(queries, indicators._index, NEAR_THRESHOLD - 20, _bare_shift(label), _RULES)
