"""Tests that need ../shared skip with one line naming the missing folder, and fail on CI."""

from __future__ import annotations

import pytest

import golden_compare
from shared_data import shared_dir


def test_present_folder_is_returned(tmp_path):
    (tmp_path / "seeds").mkdir()
    assert shared_dir("seeds", root=tmp_path) == tmp_path / "seeds"


def test_missing_folder_skips_naming_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=str(tmp_path / "nowhere")):
        shared_dir("nowhere", root=tmp_path)


def test_missing_folder_fails_on_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="missing folder"):
        shared_dir("nowhere", root=tmp_path)


def test_seeds_dir_follows_the_env_override(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("BAOCAO_SEEDS", str(tmp_path / "gone"))
    with pytest.raises(pytest.skip.Exception, match="gone"):
        golden_compare.seeds_dir()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        golden_compare.seeds_dir()
    (tmp_path / "gone").mkdir()
    assert golden_compare.seeds_dir() == tmp_path / "gone"
