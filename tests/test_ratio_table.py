"""The compiled key tables (normalize/_ratio.c) give exactly rapidfuzz's fuzz.ratio, float32 as cdist."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from normalize import match, ratio_table
from normalize.ratio_table import RatioTable


def _cdist(queries, strings) -> np.ndarray:
    return process.cdist(list(queries), list(strings), scorer=fuzz.ratio, processor=None, dtype=np.float32)


def test_the_compiled_loop_is_built():
    # the install builds it wherever a C compiler is (scripts/system-deps.sh installs one);
    # without it rapidfuzz scores, the same scores, more slowly
    assert ratio_table._ratio is not None


@pytest.mark.parametrize("bare", [False, True], ids=["accented", "accent-free"])
@pytest.mark.parametrize("sorted_tokens", [False, True], ids=["as printed", "tokens sorted"])
def test_every_pair_of_index_keys(bare: bool, sorted_tokens: bool):
    distinct = match._default_list()._index.encoded[bare][sorted_tokens]
    assert distinct.table.table is not None  # the recoded keys are one-byte strings
    got = distinct.table.ratios(distinct.strings)
    assert got.dtype == np.float32 and got.shape == (len(distinct.strings),) * 2
    np.testing.assert_array_equal(got, _cdist(distinct.strings, distinct.strings))


def test_labels_as_the_matcher_encodes_them():
    index = match._default_list()._index
    labels = ["Tỷ lệ hồ sơ giải quyết đúng hạn", "Số TTHC được cung cấp trực tuyến toàn trình (DVC)",
              "ty le ho so tre han", "Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính nhà nước "
              "trên địa bàn tỉnh năm 2025, xếp hạng so với cả nước", "", "Ω ≥ 98,5%"]
    for bare in (False, True):
        distinct = index.encoded[bare][0]
        queries = [index.codes.encode(q) for q in labels]  # characters no key has become one unknown code
        np.testing.assert_array_equal(distinct.table.ratios(queries), _cdist(queries, distinct.strings))


def _random_strings(rng: random.Random, alphabet: str, lengths: list[int], n: int) -> list[str]:
    return ["".join(rng.choice(alphabet) for _ in range(rng.choice(lengths))) for _ in range(n)]


def test_random_strings_across_word_boundaries():
    # keys of 0 to 5 words of 64 bits, a few characters so the subsequences are long
    # and the carries run across words; codes 0 and 255 at both ends of the table
    rng = random.Random(7)
    lengths = [0, 1, 2, 31, 63, 64, 65, 100, 127, 128, 129, 191, 192, 193, 300]
    for trial in range(150):
        alphabet = "ab \x00\xff\x01é"[: rng.randint(1, 7)]
        keys = _random_strings(rng, alphabet, lengths, 25)
        queries = _random_strings(rng, alphabet + "z", lengths, 6)
        table = RatioTable.of(keys)
        np.testing.assert_array_equal(table.ratios(queries), _cdist(queries, keys), err_msg=f"trial {trial}")


def test_no_keys_and_no_queries():
    assert RatioTable.of([]).ratios(["abc"]).shape == (1, 0)
    assert RatioTable.of(["abc"]).ratios([]).shape == (0, 1)
    np.testing.assert_array_equal(RatioTable.of(["", "a"]).ratios([""]), _cdist([""], ["", "a"]))


def test_wider_characters_are_left_to_rapidfuzz():
    keys = ["hồ sơ", "ho so"]  # "ồ" is above U+00FF: no table
    table = RatioTable.of(keys)
    assert table.table is None
    np.testing.assert_array_equal(table.ratios(["hồ sơ đúng hạn"]), _cdist(["hồ sơ đúng hạn"], keys))
    latin = RatioTable.of(["ho so", "dung han"])
    assert latin.table is not None  # a wide query alone falls back for that call
    np.testing.assert_array_equal(latin.ratios(["ho so", "hồ sơ"]), _cdist(["ho so", "hồ sơ"], ["ho so", "dung han"]))


def test_without_the_extension_the_same_scores(monkeypatch):
    keys = ["ty le ho so", "so thu tuc hanh chinh", "chi so par index"]
    queries = ["ty le ho so dung han", "chi so"]
    compiled = RatioTable.of(keys).ratios(queries)
    monkeypatch.setattr(ratio_table, "_ratio", None)
    plain = RatioTable.of(keys)
    assert plain.table is None
    np.testing.assert_array_equal(plain.ratios(queries), compiled)


def test_the_output_buffer_is_checked():
    if ratio_table._ratio is None:
        pytest.skip("normalize._ratio is not built")
    table = RatioTable.of(["abc", "abd"]).table
    with pytest.raises(ValueError):
        ratio_table._ratio.ratios(table, ["abc"], np.empty((1, 2), dtype=np.float64))
    with pytest.raises(ValueError):
        ratio_table._ratio.ratios(table, ["abc"], np.empty((1, 3), dtype=np.float32))
    with pytest.raises(TypeError):
        ratio_table._ratio.build(["abc", 3])
