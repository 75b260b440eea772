"""Golden test: every non-empty appendix cell of the real reports, hand-checked."""

from pathlib import Path

import pytest

from baocao.pipeline import process_file
from golden_compare import compare, load_golden, seeds_dir

SEEDS = seeds_dir()
GOLDEN = Path(__file__).parent / "golden"


def seed_file(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.fail(f"seed {prefix} not found under {SEEDS}")
    return found[0]


@pytest.mark.parametrize("seed", ["000", "002", "003", "004"])
def test_seed_reproduces_golden(seed):
    result = process_file(seed_file(seed))
    assert result.report.status == "ok", result.report.error
    problems = compare(load_golden(GOLDEN / f"seed_{seed}_values.csv"), list(result.values))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
