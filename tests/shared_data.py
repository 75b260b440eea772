"""Real documents the tests read from ../shared (next to the repository), never copied in.

When a folder is missing, a test that needs it is skipped with one line naming the
folder; on CI (the environment variable CI set to true) the same is a failure, so a
CI run can never pass by quietly skipping its real-document tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED_ROOT = Path(__file__).resolve().parents[2] / "shared"


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def shared_dir(name: str, env: str | None = None, root: Path | None = None) -> Path:
    """../shared/<name>, or the folder named by $<env> when that is set. Missing: skip (fail on CI).

    Works at module level too (the whole module is skipped)."""
    override = os.environ.get(env) if env else None
    path = Path(override) if override else (root or SHARED_ROOT) / name
    if not path.is_dir():
        reason = f"missing folder {path} (real documents the test reads)"
        if on_ci():
            pytest.fail(f"{reason}; CI=true, so this fails instead of skipping", pytrace=False)
        pytest.skip(f"{reason}; set CI=true to make this a failure", allow_module_level=True)
    return path
