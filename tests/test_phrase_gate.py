"""Period phrases that need a year are skipped only where they could not have matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.prose import periods
from normalize.prose.phrase_gate import NEVER, can_match

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("pattern, expected", [
    ("a|b", True),
    (NEVER, False),
    (rf"x{NEVER}|y", True),
    (rf"x{NEVER}", False),
    (rf"(?:a{NEVER})?b", True),  # the optional part may be left out
    (rf"(?:a{NEVER})+b", False),
    (rf"(?:a{NEVER}){{0,3}}b", True),
    (rf"(?:giai\s+đoạn|từ)?\s*{NEVER}\s*-\s*{NEVER}|năm\s+{NEVER}", False),
    (rf"(?=x{NEVER})x", False),
    (rf"(?!{NEVER})x", True),  # not followed by nothing: always true
    (rf"(?<=a){NEVER}", False),
    (r"\p{Lu}x", True),  # the regex module's syntax the stdlib cannot parse: assumed to match
    (r"(a)\1", True),
])
def test_can_match(pattern: str, expected: bool):
    assert can_match(pattern) is expected


def test_the_phrases_that_need_a_year():
    kinds = [k for (k, _), y in zip(periods.load_phrases(), periods.year_only()) if y]
    assert {"year", "year_range", "quarter", "month", "date_range", "as_of_date"} <= set(kinds)
    # optional years and phrases without one are searched everywhere
    assert not {"months_first", "to_date", "quarter_no_year", "this_quarter", "title_cue"} & set(kinds)


def _sentences() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    seeds = ROOT.parent / "shared" / "seeds"
    texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))] if seeds.is_dir() else []
    lines = [line.strip() for text in texts for line in text.splitlines() if line.strip()]
    made_up = ["Từ đầu năm đến nay tiếp nhận 512 hồ sơ", "6 tháng đầu năm đạt 98%", "trong quý giải quyết 12 hồ sơ",
               "Quý III tiếp nhận 40 hồ sơ", "so với cùng kỳ tăng 5%", "năm 2023 đạt 91%", "giai đoạn 2011 - 2020"]
    return list(dict.fromkeys(lines + made_up))


def test_the_same_phrases_with_and_without_skipping(monkeypatch):
    sentences = _sentences()
    assert len(sentences) > 500
    raw = periods._period_phrases.__wrapped__
    gated = [raw(s, None, None) for s in sentences]
    no_year = sum(periods._ANY_YEAR.search(s) is None for s in sentences)
    assert no_year > 100  # sentences where phrases were skipped
    monkeypatch.setattr(periods, "year_only", lambda root=None: (False,) * len(periods.load_phrases(root)))
    assert [raw(s, None, None) for s in sentences] == gated
    assert sum(bool(g) for g in gated) > 100  # the sentences do hold phrases
