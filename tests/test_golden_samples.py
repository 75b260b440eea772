"""Golden test: every value of every sample comes out exactly from its .txt, .docx and .pdf."""

from pathlib import Path

import pytest

from baocao.pipeline import process_file
from golden_compare import compare, load_golden

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(p.name.removesuffix("_values.csv") for p in (ROOT / "tests/golden/samples").glob("*_values.csv"))


def test_every_sample_has_a_golden_file():
    sources = {p.stem for p in (ROOT / "samples").glob("*.txt")}
    assert sources and sources == set(NAMES)


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
@pytest.mark.parametrize("name", NAMES)
def test_sample_reproduces_golden(name, fmt):
    result = process_file(ROOT / "samples" / f"{name}.{fmt}")
    assert result.report.status == "ok", result.report.error
    problems = compare(load_golden(ROOT / "tests/golden/samples" / f"{name}_values.csv"), list(result.values))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    if fmt == "pdf":  # a reviewer can be shown the cell: page and box on every value
        assert all(v.page and v.bbox for v in result.values if v.origin == "table")
