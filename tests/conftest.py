import sys
from pathlib import Path

# tests import their small shared helpers (golden_compare) by name
sys.path.insert(0, str(Path(__file__).parent))

import pytest  # noqa: E402

from shared_data import shared_dir  # noqa: E402


@pytest.fixture
def shared_real() -> Path:
    """../shared/real (the real archive files), or $BAOCAO_REAL; skipped when absent, failed on CI."""
    return shared_dir("real", env="BAOCAO_REAL")
