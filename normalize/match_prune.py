"""Upper bounds on match scores, so the fine scorers run only where they can change the answer.

`normalize.match` blends three rapidfuzz scorers (ratio, token_sort_ratio on sorted tokens,
token_set_ratio) and subtracts discriminator penalties. token_set_ratio is by far the
slowest, and scoring a new label against every indicator key dominated the run time.
This module bounds the blended, penalised score of every key from arithmetic alone:

* ratio and token_sort_ratio are cheap and computed exactly for every key;
* token_set_ratio (ten times slower) depends on the shared and the unshared tokens; their joined lengths
  follow from one product of token-incidence vectors, and of its three parts two are
  exact functions of those lengths and the third is an Indel similarity bounded again
  by the lengths;
* the penalties (discriminator words, numbers) are exact.

The caller then scores exactly the indicators whose bound can still beat the answer
(the best, everything within the ambiguity margin of it, and the next candidates), in
falling order of bound, and stops as soon as no unscored indicator can reach them.
The result is the same as scoring everything; the bound only decides what to skip.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .ratio_table import RatioTable

# The bounds are computed in float64 and the real scores in float32 by rapidfuzz: a
# slack well above any rounding keeps the bound an upper bound.
SLACK = 0.01
_FEW_TOKENS = 32  # below this many query tokens the dense sum beats the bincount over postings


@dataclass(frozen=True)
class Scored:
    pos: int  # indicator position in the list
    score: float
    accent_free: bool  # the score came from the accent-free comparison


@dataclass(frozen=True)
class TokenSide:
    """The distinct tokens of every key of one spelling (accented or accent-free), as arrays."""

    vocab: dict[str, int]  # token -> row
    incidence: np.ndarray  # (vocab, keys) 1.0 where the key has the token
    token_weight: np.ndarray  # len(token) + 1 per token (a token and its space)
    set_weight: np.ndarray  # per key: sum of token_weight over its distinct tokens
    token_sets: tuple[frozenset[str], ...]  # per key: its distinct tokens
    sorted_lengths: np.ndarray  # per key: len(sort_tokens(key))
    texts: tuple[str, ...]  # the keys themselves (SetRows.exact scores them)

    @cached_property
    def postings(self) -> tuple[np.ndarray, np.ndarray]:
        """The keys of every token, CSR-style: token t's keys are keys[ptr[t]:ptr[t + 1]]."""
        has = self.incidence > 0
        return np.r_[0, np.cumsum(has.sum(axis=1))], np.nonzero(has)[1]

    @cached_property
    def weighted(self) -> np.ndarray:
        """(vocab, keys): token_weight where the key has the token, else 0; float32, half the
        memory a sum of rows reads (small integers, and their sums, are exact in it)."""
        return (self.token_weight[:, None] * self.incidence).astype(np.float32)

    def shared_weights(self, tokens: list[list[int]]) -> np.ndarray:
        """(len(tokens), keys): per row, the summed token_weight of its tokens (vocab rows) that
        each key has; what token_weight[t] @ incidence[t] gives, row by row (small integers: exact)."""
        n_keys = self.incidence.shape[1]
        flat = [t for row in tokens for t in row]
        if len(flat) < _FEW_TOKENS:  # a label or two: summing their dense rows is cheaper
            # (a sum per row: reduceat along the first axis costs more than a few row sums)
            dense, out, start = self.weighted[flat], np.empty((len(tokens), n_keys), dtype=np.float32), 0
            for i, row in enumerate(tokens):
                dense[start:start + len(row)].sum(axis=0, out=out[i])
                start += len(row)
            return out.astype(np.float64)
        ptr, keys = self.postings
        tok = np.asarray(flat, dtype=np.int64)
        row = np.repeat(np.arange(len(tokens)), [len(r) for r in tokens])
        lens = ptr[tok + 1] - ptr[tok]
        # every (row, key) of the postings of the row's tokens, summed by one bincount
        start = np.repeat(ptr[tok] - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(int(lens.sum()))
        flat = np.repeat(row * n_keys, lens) + keys[start]
        weights = np.repeat(self.token_weight[tok], lens)
        return np.bincount(flat, weights=weights, minlength=len(tokens) * n_keys).reshape(len(tokens), n_keys)

    @classmethod
    def build(cls, texts: Sequence[str]) -> TokenSide:
        vocab: dict[str, int] = {}
        token_sets = [set(t.split()) for t in texts]
        for tokens in token_sets:
            for tok in sorted(tokens):
                vocab.setdefault(tok, len(vocab))
        incidence = np.zeros((len(vocab), len(texts)))
        for k, tokens in enumerate(token_sets):
            incidence[[vocab[t] for t in tokens], k] = 1.0
        weight = np.asarray([len(t) + 1 for t in vocab], dtype=np.float64)
        return cls(vocab=vocab, incidence=incidence, token_weight=weight, set_weight=weight @ incidence,
                   token_sets=tuple(map(frozenset, token_sets)),
                   sorted_lengths=np.asarray([len(sort_tokens(t)) for t in texts], dtype=np.float64),
                   texts=tuple(texts))

    def _lengths(self, tokens: set[str], picked: np.ndarray | None) -> tuple[np.ndarray, ...]:
        """Joined lengths of the shared tokens and of each side's own tokens ("a b" = 3), per key."""
        total_a = float(sum(len(t) + 1 for t in tokens))
        known = [self.vocab[t] for t in tokens if t in self.vocab]
        incidence = self.incidence if picked is None else self.incidence[:, picked]
        set_weight = self.set_weight if picked is None else self.set_weight[picked]
        shared = self.token_weight[known] @ incidence[known] if known else np.zeros(incidence.shape[1])
        sect = np.maximum(shared - 1, 0)
        return shared, sect, np.maximum(total_a - shared - 1, 0), np.maximum(set_weight - shared - 1, 0)

    def set_parts(self, query: str, sort: np.ndarray | None = None) -> SetParts:
        """What fuzz.token_set_ratio(query, key) is made of, for every key, computed as
        rapidfuzz computes it: 100 when one token set holds the other, else the best of two
        ratios that follow from the joined lengths and the Indel similarity of the joined
        A-B and B-A. That last one is left to `SetParts.exact`, for the keys that need it.

        `sort`, token_sort_ratio(query, key) of every key, bounds that Indel part too: the
        joined A-B and B-A are subsequences of the sorted query and key, so their common
        subsequence is no longer than the one token_sort_ratio measured."""
        tokens = set(query.split())
        n = self.incidence.shape[1]
        if not tokens:
            return SetParts(self, query, (), frozenset(), np.zeros(n), np.zeros(n, dtype=bool), np.ones(n), np.zeros(n))
        shared, sect, ab, ba = self._lengths(tokens, None)
        has_sect = (sect > 0).astype(np.float64)
        sect_ab = sect + has_sect + ab
        sect_ba = sect + has_sect + ba
        lensum = sect_ab + sect_ba
        with np.errstate(divide="ignore", invalid="ignore"):  # rapidfuzz: 100 - 100 * dist / lensum
            part_ab = np.where(sect > 0, 100 - 100 * (has_sect + ab) / (sect + sect_ab), 0.0)
            part_ba = np.where(sect > 0, 100 - 100 * (has_sect + ba) / (sect + sect_ba), 0.0)
            floor = np.abs(ab - ba)
            if sort is not None:
                total = len(sort_tokens(query)) + self.sorted_lengths
                common = np.minimum(np.floor(sort.astype(np.float64) * total / 200 + 1e-3), np.minimum(ab, ba))
                floor = np.maximum(floor, ab + ba - 2 * common)
            indel_bound = np.where(lensum > 0, 100 - 100 * floor / lensum, 100.0)
        known = np.maximum(part_ab, part_ba)
        subset = (shared > 0) & ((ab == 0) | (ba == 0))
        empty = self.set_weight == 0
        need = (indel_bound > known) & ~subset & ~empty
        known[subset] = 100.0
        known[empty] = 0.0
        bound = np.where(need, indel_bound, known)
        return SetParts(self, query, tuple(sorted(tokens)), frozenset(tokens), known, need, np.maximum(lensum, 1), bound)

    def set_bound(self, query: str) -> np.ndarray:
        """Upper bound of token_set_ratio(query, key) for every key.

        With A the query's and B the key's distinct tokens, rapidfuzz returns 100 when one
        set contains the other, else the best of: Indel similarity of the joined A-B and
        B-A (bounded here by their lengths), and two ratios of the joined intersection
        with itself plus A-B or B-A (functions of the lengths alone)."""
        tokens = set(query.split())
        if not tokens:
            return np.zeros(self.incidence.shape[1])
        shared, sect, ab, ba = self._lengths(tokens, None)
        has_sect = (sect > 0).astype(np.float64)
        sect_ab = sect + has_sect + ab
        sect_ba = sect + has_sect + ba
        with np.errstate(divide="ignore", invalid="ignore"):
            diff = np.where(sect_ab + sect_ba > 0, 100 * (1 - np.abs(ab - ba) / (sect_ab + sect_ba)), 0.0)
            part_ab = np.where(sect > 0, 100 * (1 - (has_sect + ab) / (sect + sect_ab)), 0.0)
            part_ba = np.where(sect > 0, 100 * (1 - (has_sect + ba) / (sect + sect_ba)), 0.0)
        bound = np.maximum(diff, np.maximum(part_ab, part_ba))
        subset = (shared > 0) & ((ab == 0) | (ba == 0))  # one token set inside the other
        return np.where(subset, 100.0, bound)


@dataclass(frozen=True)
class SetParts:
    """token_set_ratio of one query against every key of a TokenSide, but for the Indel part."""

    side: TokenSide
    query: str
    tokens: tuple[str, ...]  # the query's distinct tokens, sorted
    token_set: frozenset[str]
    known: np.ndarray  # the score where `need` is False, else its part that needs no Indel
    need: np.ndarray  # the Indel similarity of A-B and B-A could be the score
    lensum: np.ndarray
    bound: np.ndarray  # an upper bound of the score (exact where `need` is False)


@dataclass(frozen=True)
class SetRows:
    """SetParts of several queries, stacked: row r is query r against every key of its side."""

    queries: tuple[str, ...]
    sides: tuple[TokenSide, ...]
    known: np.ndarray  # (rows, keys)
    need: np.ndarray
    lensum: np.ndarray
    bound: np.ndarray

    @classmethod
    def stack(cls, parts: list[SetParts]) -> SetRows:
        return cls(tuple(p.query for p in parts), tuple(p.side for p in parts), np.vstack([p.known for p in parts]),
                   np.vstack([p.need for p in parts]), np.vstack([p.lensum for p in parts]),
                   np.vstack([p.bound for p in parts]))

    @property
    def parts(self) -> tuple[SetParts, ...]:
        """Row by row (made when asked: scoring needs only the arrays)."""
        out = []
        for i, (side, query) in enumerate(zip(self.sides, self.queries)):
            tokens = set(query.split())
            out.append(SetParts(side, query, tuple(sorted(tokens)), frozenset(tokens), self.known[i], self.need[i],
                                self.lensum[i], self.bound[i]))
        return tuple(out)

    def take(self, rows: np.ndarray) -> SetRows:
        """The rows `rows` (positions) alone."""
        at = rows.tolist()
        return SetRows(tuple(self.queries[r] for r in at), tuple(self.sides[r] for r in at), self.known[rows],
                       self.need[rows], self.lensum[rows], self.bound[rows])

    def exact(self, picked: list[int], skip: np.ndarray | None = None) -> np.ndarray:
        """fuzz.token_set_ratio of every row against the keys `picked`, float32 as
        process.cdist returns it. Where the arithmetic parts settle it (`need` False) they are
        the score; the other pairs are scored by rapidfuzz itself, in one call. Pairs where
        `skip` (rows, picked) is True are not scored and come back as NaN."""
        out = self.known[:, picked]
        need = self.need[:, picked]
        if skip is not None:
            out[need & skip] = np.nan
            need = need & ~skip
        rows, cols = np.nonzero(need)
        if len(rows):
            row_list = rows.tolist()
            queries = [self.queries[r] for r in row_list]
            keys = [self.sides[r].texts[picked[c]] for r, c in zip(row_list, cols.tolist())]
            out[rows, cols] = process.cpdist(queries, keys, scorer=fuzz.token_set_ratio, processor=None,
                                             dtype=np.float32)
        return out.astype(np.float32)


def set_rows(rows: Sequence[tuple[TokenSide, str]], sorts: np.ndarray) -> SetRows:
    """SetRows.stack([side.set_parts(query, sort) for (side, query), sort in zip(rows, sorts)]),
    computed in one set of (rows, keys) array operations instead of one set per row: the same
    arithmetic element by element, so the same values (the sides must have the same keys)."""
    n_rows, n = sorts.shape
    words = [q.split() for _, q in rows]
    token_sets = [set(w) for w in words]
    # joined lengths: "a b" is 3 long; tokens plus one space each (the query's distinct ones),
    # and the sorted query as sort_tokens makes it
    total_a = np.asarray([[sum(map(len, t)) + len(t)] for t in token_sets], dtype=np.float64).reshape(n_rows, 1)
    query_sorted = np.asarray([sum(map(len, w)) + max(len(w) - 1, 0) for w in words],
                              dtype=np.float64).reshape(n_rows, 1)
    set_weight = np.vstack([side.set_weight for side, _ in rows])
    sorted_lengths = np.vstack([side.sorted_lengths for side, _ in rows])
    shared = np.zeros((n_rows, n))
    by_side: dict[int, tuple[TokenSide, list[int], list[list[int]]]] = {}
    for i, ((side, _), tokens) in enumerate(zip(rows, token_sets)):
        known = [side.vocab[t] for t in tokens if t in side.vocab]
        if known:
            _, at, tok = by_side.setdefault(id(side), (side, [], []))
            at.append(i)
            tok.append(known)
    for side, at, tok in by_side.values():  # every row of a side in one call
        shared[at] = side.shared_weights(tok)
    sect = np.maximum(shared - 1, 0)
    ab, ba = np.maximum(total_a - shared - 1, 0), np.maximum(set_weight - shared - 1, 0)
    has_sect = (sect > 0).astype(np.float64)
    sect_ab = sect + has_sect + ab
    sect_ba = sect + has_sect + ba
    lensum = sect_ab + sect_ba
    with np.errstate(divide="ignore", invalid="ignore"):  # as in TokenSide.set_parts
        part_ab = np.where(sect > 0, 100 - 100 * (has_sect + ab) / (sect + sect_ab), 0.0)
        part_ba = np.where(sect > 0, 100 - 100 * (has_sect + ba) / (sect + sect_ba), 0.0)
        floor = np.abs(ab - ba)
        total = query_sorted + sorted_lengths
        common = np.minimum(np.floor(sorts.astype(np.float64) * total / 200 + 1e-3), np.minimum(ab, ba))
        floor = np.maximum(floor, ab + ba - 2 * common)
        indel_bound = np.where(lensum > 0, 100 - 100 * floor / lensum, 100.0)
    known = np.maximum(part_ab, part_ba)
    subset = (shared > 0) & ((ab == 0) | (ba == 0))
    empty = set_weight == 0
    need = (indel_bound > known) & ~subset & ~empty
    known[subset] = 100.0
    known[empty] = 0.0
    bound = np.where(need, indel_bound, known)
    lensum = np.maximum(lensum, 1)
    no_tokens = [i for i, tokens in enumerate(token_sets) if not tokens]
    if no_tokens:  # what set_parts gives a query without tokens
        known[no_tokens], need[no_tokens], lensum[no_tokens], bound[no_tokens] = 0.0, False, 1.0, 0.0
    return SetRows(tuple(q for _, q in rows), tuple(side for side, _ in rows), known, need, lensum, bound)


def penalised_bound(raw: np.ndarray, penalty: np.ndarray, floor: float) -> np.ndarray:
    """Bound of the penalised score: the penalty applies only when the raw score reaches
    `floor`, so a raw score that might fall below it keeps a bound just under the floor."""
    raw = raw + SLACK
    return np.where(raw >= floor, np.maximum(raw - penalty, floor), raw)


@dataclass(frozen=True)
class ScoreRules:
    """The weights and penalties of normalize.match, so that the bounds follow them."""

    w_ratio: float
    w_sort: float
    w_set: float
    discriminator_penalty: float
    number_penalty: float
    discriminators: tuple[str, ...]  # names, in bit order

    def blend(self, queries: list[str], choices: tuple[str, ...], ratio: np.ndarray, sort: np.ndarray) -> np.ndarray:
        """Blended similarity, shape (len(queries), len(choices)), given the cheap scores
        of these choices (float32 like rapidfuzz's; token_set_ratio is computed here)."""
        kw = {"processor": None, "dtype": np.float32}
        sets = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, **kw)
        return self.w_ratio * ratio + self.w_sort * sort + self.w_set * sets


def sort_tokens(text: str) -> str:
    return " ".join(sorted(text.split()))


def cheap_scores(queries: list[str], choices: tuple[str, ...], sorted_choices: tuple[str, ...]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """ratio and token_sort_ratio, shape (len(queries), len(choices)).

    token_sort_ratio is computed as ratio over pre-sorted tokens (identical result): the
    choices are tokenised once instead of on every call."""
    kw = {"processor": None, "dtype": np.float32}
    return (process.cdist(queries, choices, scorer=fuzz.ratio, **kw),
            process.cdist([sort_tokens(q) for q in queries], sorted_choices, scorer=fuzz.ratio, **kw))


@dataclass(frozen=True)
class KeyBounds:
    """What the bounds need of every key; keys are grouped by indicator (adjacent)."""

    rules: ScoreRules
    text_side: TokenSide
    bare_side: TokenSide
    mark_bits: np.ndarray  # discriminators of each key as bits
    bare_mark_bits: np.ndarray
    number_ids: np.ndarray  # keys with the same set of numbers share an id
    number_id_of: dict[frozenset[str], int]
    starts: np.ndarray  # first key of each indicator that has keys ("slot")
    n_keys: int

    @classmethod
    def build(cls, keys: Sequence, owner: Sequence[int], rules: ScoreRules) -> KeyBounds:
        """`keys`: normalize.match._Key objects (text, bare, marks, bare_marks, numbers)."""
        bit = {name: i for i, name in enumerate(rules.discriminators)}
        number_id_of: dict[frozenset[str], int] = {}
        for k in keys:
            number_id_of.setdefault(k.numbers, len(number_id_of))
        _, starts = np.unique(np.asarray(owner, dtype=np.int64), return_index=True)
        return cls(
            rules=rules,
            text_side=TokenSide.build([k.text for k in keys]),
            bare_side=TokenSide.build([k.bare for k in keys]),
            mark_bits=np.asarray([_bits(k.marks, bit) for k in keys], dtype=np.uint64),
            bare_mark_bits=np.asarray([_bits(k.bare_marks, bit) for k in keys], dtype=np.uint64),
            number_ids=np.asarray([number_id_of[k.numbers] for k in keys], dtype=np.int64),
            number_id_of=number_id_of,
            starts=starts,
            n_keys=len(keys),
        )

    @cached_property
    def slot_of_key(self) -> np.ndarray:
        return np.repeat(np.arange(len(self.starts)), np.diff(np.append(self.starts, self.n_keys)))

    def key_range(self, slot: int) -> range:
        return self.slot_keys[slot]

    @cached_property
    def slot_keys(self) -> tuple[range, ...]:
        """The keys of every slot, made once (asked for every slot a label scores)."""
        starts = self.starts.tolist()
        return tuple(range(a, b) for a, b in zip(starts, [*starts[1:], self.n_keys]))

    def of(self, queries: Sequence, cheap: dict[bool, tuple[np.ndarray, np.ndarray]], floor: float,
           bare_shift: float, penalties: dict[bool, np.ndarray] | None = None,
           set_bounds: dict[bool, list[np.ndarray]] | None = None) -> np.ndarray:
        """Per slot: an upper bound of the indicator's score, from the exact ratio and
        sorted-token ratio (`cheap[bare]`, shape (queries, keys)) and a bound of token_set_ratio.
        `penalties[bare]`, `set_bounds[bare][query]`: `self.penalties` of every key and the
        token_set_ratio bounds, when the caller has them already."""
        r = self.rules
        best = np.full(self.n_keys, -np.inf)
        every_key = np.arange(self.n_keys)
        for bare, side, shift in ((False, self.text_side, 0.0), (True, self.bare_side, bare_shift)):
            ratio, sort = cheap[bare]
            penalty = penalties[bare] if penalties is not None else self.penalties(queries, every_key, bare)
            for qi, q in enumerate(queries):
                raw = r.w_ratio * ratio[qi].astype(np.float64) + r.w_sort * sort[qi].astype(np.float64) \
                    + r.w_set * (set_bounds[bare][qi] if set_bounds is not None
                                 else side.set_bound(q.bare if bare else q.text))
                np.maximum(best, penalised_bound(raw, penalty[qi], floor) - shift, out=best)
        return np.maximum.reduceat(best, self.starts)

    def penalties(self, queries: Sequence, picked: Sequence[int] | np.ndarray, bare: bool) -> np.ndarray:
        """Discriminator and number penalties of normalize.match, shape (queries, picked keys)."""
        r = self.rules
        bit = {name: i for i, name in enumerate(r.discriminators)}
        bits = (self.bare_mark_bits if bare else self.mark_bits)[picked]
        ids = self.number_ids[picked]
        # one row per query, all at once (the same small integers as a row at a time)
        mine = np.asarray([_bits(q.bare_marks if bare else q.marks, bit) for q in queries], dtype=np.uint64)
        numbers = np.asarray([self.number_id_of.get(q.numbers, -1) for q in queries], dtype=np.int64)
        marks = np.bitwise_count(bits[None, :] ^ mine[:, None])
        return r.discriminator_penalty * marks + r.number_penalty * (ids[None, :] != numbers[:, None])


def _bits(marks: frozenset[str], bit: dict[str, int]) -> int:
    return sum(1 << bit[m] for m in marks)


class _Unknown(dict):
    def __missing__(self, key: int) -> str:
        return CharCodes.UNKNOWN


@dataclass(frozen=True)
class CharCodes:
    """The characters of the index's keys as codes below 256, for ratio / token_sort_ratio.

    rapidfuzz compares strings of one-byte characters several times faster than Vietnamese
    text (accented letters lie above U+00FF), and ratio depends only on which characters
    are equal: a one-to-one recoding leaves every score unchanged. A query's characters
    that no key has become one code no key has (they can match nothing either way). Tokens
    are sorted before recoding, so token order is the original one. With more distinct
    characters than codes the strings are left as they are."""

    UNKNOWN = "\x01"
    table: dict[int, str] | None

    @classmethod
    def build(cls, strings: Sequence[str]) -> CharCodes:
        chars = sorted(set("".join(strings)))
        codes = [chr(i) for i in range(0x21, 0x100) if not chr(i).isspace()]
        if len(chars) > len(codes):
            return cls(None)
        return cls(_Unknown({ord(c): code for c, code in zip(chars, codes)}))

    def encode(self, text: str) -> str:
        return text if self.table is None else text.translate(self.table)

    def cheap_scores(self, queries: list[str], choices: Distinct, sorted_choices: Distinct
                     ) -> tuple[np.ndarray, np.ndarray]:
        """`cheap_scores` of plain queries against recoded choices (tokens sorted before
        recoding), each distinct choice scored once."""
        ratio = choices.table.ratios([self.encode(q) for q in queries])
        sort = sorted_choices.table.ratios([self.encode(sort_tokens(q)) for q in queries])
        return ratio[:, choices.inverse], sort[:, sorted_choices.inverse]


@dataclass(frozen=True)
class Distinct:
    """Strings scored once each: `strings` distinct, string i of the original is strings[inverse[i]]."""

    strings: tuple[str, ...]
    inverse: np.ndarray
    table: RatioTable  # fuzz.ratio against `strings`, their bit tables made once

    @classmethod
    def of(cls, strings: Sequence[str]) -> Distinct:
        first = dict.fromkeys(strings)
        pos = {t: i for i, t in enumerate(first)}
        return cls(tuple(first), np.asarray([pos[t] for t in strings], dtype=np.int64), RatioTable.of(tuple(first)))


def blend_fast(rules: ScoreRules, ratio: np.ndarray, sort: np.ndarray, sets: np.ndarray) -> np.ndarray:
    """ScoreRules.blend with token_set_ratio given (the same float32 arithmetic, so the same scores)."""
    return rules.w_ratio * ratio + rules.w_sort * sort + rules.w_set * sets


@dataclass(frozen=True)
class RowScores:
    """A label's keys (normalize.match._Key) against every key of the index (match._ChoiceIndex), one row per (spelling, key of the
    label): the accented spellings first, then the accent-free ones. The cheap scores and
    penalties are made once; token_set_ratio is completed per round (SetRows)."""

    n: int  # keys of the label: rows [0, n) accented, [n, 2n) accent-free
    ratio: np.ndarray  # (2n, keys) fuzz.ratio
    sort: np.ndarray  # (2n, keys) fuzz.token_sort_ratio
    penalty: np.ndarray  # (2n, keys) discriminator and number penalties
    sets: SetRows

    @classmethod
    def of(cls, queries: Sequence, index) -> RowScores:
        every_key = np.arange(len(index.keys))
        cheap, penalty, rows = [], [], []
        for bare, side in ((False, index.bounds.text_side), (True, index.bounds.bare_side)):
            strings = [q.bare if bare else q.text for q in queries]
            cheap.append(index.codes.cheap_scores(strings, *index.encoded[bare]))
            penalty.append(index.bounds.penalties(queries, every_key, bare))
            rows += [(side, s) for s in strings]
        sort = np.vstack([c[1] for c in cheap])
        return cls(len(queries), np.vstack([c[0] for c in cheap]), sort, np.vstack(penalty), set_rows(rows, sort))

    def split(self, sizes: Sequence[int]) -> list[RowScores]:
        """The RowScores of consecutive groups of the queries (the keys of several labels scored
        in one call): row by row what each group's own RowScores.of gives."""
        out, start = [], 0
        for n in sizes:
            rows = np.r_[start:start + n, self.n + start:self.n + start + n]
            out.append(RowScores(n, self.ratio[rows], self.sort[rows], self.penalty[rows], self.sets.take(rows)))
            start += n
        return out

    def bound(self, bounds: KeyBounds, floor: float, bare_shift: float) -> np.ndarray:
        """bounds.of(queries, self.cheap(), floor, bare_shift, self.penalties(), self.set_bounds()),
        every row at once: the same values (the first part of `plan`)."""
        return self.plan(bounds, floor, bare_shift)[0]

    def pair_bounds(self, rules: ScoreRules, floor: float, bare_shift: float) -> np.ndarray:
        """An upper bound of the final score of every row against every key, shape (2n, keys)."""
        r = rules
        raw = r.w_ratio * self.ratio.astype(np.float64) + r.w_sort * self.sort.astype(np.float64) \
            + r.w_set * self.sets.bound
        rows = penalised_bound(raw, self.penalty, floor)
        rows[self.n:] -= bare_shift
        return rows

    def plan(self, bounds: KeyBounds, floor: float, bare_shift: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """`bound` per slot, the pairs (row, key) `score` may leave out, and per slot a score its
        indicator surely reaches (the lower bounds of its pairs). A pair may be left out when its
        upper bound is below its indicator's sure score: it can neither be that score nor tie
        with it. Only their token_set_ratio is costly."""
        upper = self.pair_bounds(bounds.rules, floor, bare_shift)
        slot_bound = np.maximum.reduceat(upper.max(axis=0), bounds.starts)
        # known is token_set_ratio where need is False and a lower bound of it where True; the
        # blend is monotone in it, the penalty is not below the floor (hence the min).
        need = self.sets.need
        penalty = self.penalty.astype(np.float32)
        low = blend_fast(bounds.rules, self.ratio, self.sort, self.sets.known.astype(np.float32))
        low = np.where(low >= floor, low - penalty, np.where(need, np.minimum(low, floor - penalty), low))
        low = np.maximum(low[:self.n].max(axis=0), low[self.n:].max(axis=0) - bare_shift)
        slot_low = np.maximum.reduceat(low, bounds.starts)
        return slot_bound, need & (upper < slot_low[bounds.slot_of_key][None, :]), slot_low

    def cheap(self) -> dict[bool, tuple[np.ndarray, np.ndarray]]:
        n = self.n
        return {False: (self.ratio[:n], self.sort[:n]), True: (self.ratio[n:], self.sort[n:])}

    def penalties(self) -> dict[bool, np.ndarray]:
        return {False: self.penalty[:self.n], True: self.penalty[self.n:]}

    def set_bounds(self) -> dict[bool, list[np.ndarray]]:
        bounds = [p.bound for p in self.sets.parts]
        return {False: bounds[:self.n], True: bounds[self.n:]}

    def score(self, picked: list[int], owner: np.ndarray, floor: float, bare_shift: float, rules: ScoreRules,
              skip: np.ndarray | None = None) -> list[Scored]:
        """The reference scoring (normalize.match_reference) of the keys `picked`; `skip`: the
        pairs `plan` found can be left out."""
        at = np.asarray(picked, dtype=np.intp)  # one conversion for the lookups
        scores = blend_fast(rules, self.ratio[:, at], self.sort[:, at],
                            self.sets.exact(picked, None if skip is None else skip[:, at]))
        if skip is not None:
            scores[np.isnan(scores)] = -np.inf  # left out: below the indicator's score
        penalty = self.penalty[:, at].astype(np.float32)  # small integers: exact
        best = np.where(scores >= floor, scores - penalty, scores).reshape(2, self.n, len(picked)).max(axis=1)
        return best_per_indicator(picked, best[0], best[1] - bare_shift, owner)


def best_per_indicator(picked: list[int], accented: np.ndarray, bare: np.ndarray, owner: np.ndarray
                       ) -> list[Scored]:
    """Per indicator, its best key's score (the first key of the best, on ties) and whether
    it came from the accent-free comparison."""
    best: dict[int, tuple[float, bool]] = {}  # a Scored made per indicator, not per key
    for pos, a, b in zip(owner[picked].tolist(), accented.tolist(), bare.tolist()):
        score = max(a, b)
        if pos not in best or score > best[pos][0]:
            best[pos] = (score, b > a)
    return [Scored(pos, score, accent_free) for pos, (score, accent_free) in best.items()]
