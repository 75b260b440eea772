"""The batch on a Dask cluster (a LocalCluster of 2 single-threaded worker processes) gives the
output of the local run, with the same per-file isolation, parts and resume."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from baocao.batch import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parents[1]
VARYING = ["seconds"]  # wall time differs between any two runs


@pytest.fixture()
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("province_office_q1_2024.txt", "district_2011_2020_summary.txt", "province_office_q1_2024.docx"):
        shutil.copy(ROOT / "samples" / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes((ROOT / "samples" / "province_office_q1_2024.pdf").read_bytes()[:5000])
    return folder


@pytest.mark.slow  # a LocalCluster and one interpreter per file: over 20 s
def test_dask_local_cluster_gives_the_local_output(inputs, tmp_path):
    local = run_batch([inputs], tmp_path / "local", options=BatchOptions(jobs=2))
    dask = run_batch([inputs], tmp_path / "dask", options=BatchOptions(jobs=2, scheduler="local", timeout=120))
    assert dask["files_read"] == 5 and dask["files_error"] == local["files_error"] == 2
    for name in ("values", "reports"):
        a = pd.read_parquet(tmp_path / "local" / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / "dask" / f"{name}.parquet")
        if name == "reports":
            a, b = a.drop(columns=VARYING), b.drop(columns=VARYING)
        pd.testing.assert_frame_equal(a, b)
    again = run_batch([inputs], tmp_path / "dask", options=BatchOptions(jobs=2, scheduler="local"))
    assert again["files_read"] == 0 and again["files_unchanged"] == 5  # resume: nothing left to read


def test_the_per_file_subprocess_has_the_limits(tmp_path):
    """What a Dask worker runs per file: a fresh interpreter with the time and memory limits;
    past them the file is its error row, the caller goes on."""
    from baocao.workers import read_isolated

    good = ROOT / "samples" / "province_office_q1_2024.txt"
    sha = "ab" * 32
    ok = read_isolated(str(good), sha, timeout=120, max_memory=None)
    assert ok.report.status == "ok" and ok.report.n_values > 50 and ok.report.sha256 == sha
    late = read_isolated(str(good), sha, timeout=0.05, max_memory=None)  # an interpreter starts slower than that
    assert (late.report.status, late.report.error_code) == ("error", "timeout")
    starved = read_isolated(str(good), sha, timeout=120, max_memory=40_000_000)
    assert starved.report.status == "error" and starved.report.error_code in ("crashed", "memory_limit")
    assert str(good) in starved.report.error
