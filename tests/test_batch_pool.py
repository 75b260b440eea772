"""The batch in worker processes: isolation, limits, resume, incremental runs, exit codes, log."""

import os
import shutil
import stat
from pathlib import Path

import pandas as pd
import pytest

from baocao import EXTRACTOR_VERSION
from baocao.batch import BatchOptions, run_batch
from baocao.cli import main
from baocao.parts import PART_SUFFIX
from batch_jobs import misbehaving_job

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "samples" / "province_office_q1_2024.txt"
OTHER = ROOT / "samples" / "district_2011_2020_summary.txt"


def _inputs(folder: Path, names: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in names:
        shutil.copy(GOOD, folder / n)
        out.append(folder / n)
    return out


def test_crashes_hangs_and_memory_become_error_rows_and_the_batch_goes_on(tmp_path):
    files = _inputs(tmp_path / "in", ["a_good.txt", "segfault.txt", "exit.txt", "sigkill.txt", "hang.txt",
                                      "memory.txt", "z_good.txt"])
    opts = BatchOptions(jobs=2, timeout=8, max_memory=1_500_000_000)
    summary = run_batch(files, tmp_path / "out", options=opts, job=misbehaving_job)
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet").set_index("source_file")
    assert len(reports) == 7
    codes = {Path(s).stem: (r.status, r.error_code if isinstance(r.error_code, str) else "")  # missing is null
             for s, r in reports.iterrows()}
    assert codes == {"a_good": ("ok", ""), "z_good": ("ok", ""), "segfault": ("error", "crashed"),
                     "exit": ("error", "crashed"), "sigkill": ("error", "crashed"), "hang": ("error", "timeout"),
                     "memory": ("error", "memory_limit")}
    assert "SIGSEGV" in reports.loc[str(files[1])].error and str(files[1]) in reports.loc[str(files[1])].error
    assert summary["files_error"] == 5 and summary["errors_by_code"] == {"crashed": 3, "memory_limit": 1, "timeout": 1}
    values = pd.read_parquet(tmp_path / "out" / "values.parquet")
    assert set(values.source_file) == {str(files[0]), str(files[-1])}


def test_one_job_still_runs_in_a_worker_process(tmp_path):
    files = _inputs(tmp_path / "in", ["exit.txt", "good.txt"])
    run_batch(files, tmp_path / "out", options=BatchOptions(jobs=1), job=misbehaving_job)
    reports = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    assert list(reports.status) == ["error", "ok"]  # os._exit took down a worker, not the batch


def test_new_report_columns(tmp_path):
    run_batch([GOOD], tmp_path)
    r = pd.read_parquet(tmp_path / "reports.parquet").iloc[0]
    import hashlib
    sha = hashlib.sha256(GOOD.read_bytes()).hexdigest()
    assert r.sha256 == sha and r.report_id == sha[:16] and r.extractor_version == EXTRACTOR_VERSION
    assert r.pages == 1 and r.seconds > 0 and pd.isna(r.error_code) and r.status == "ok"


def test_rerun_reads_only_changed_files_and_adds_to_the_dataset(tmp_path):
    a, b = _inputs(tmp_path / "in", ["a.txt", "b.txt"])
    out = tmp_path / "out"
    first = run_batch([a, b], out)
    assert first["files_read"] == 2
    before = pd.read_parquet(out / "values.parquet")
    again = run_batch([a, b], out)
    assert again["files_read"] == 0 and again["files_unchanged"] == 2
    pd.testing.assert_frame_equal(before, pd.read_parquet(out / "values.parquet"))
    b.write_bytes(OTHER.read_bytes())  # one file changes: it alone is read again
    third = run_batch([a, b], out)
    assert third["files_read"] == 1
    values = pd.read_parquet(out / "values.parquet")
    assert set(values[values.source_file == str(b)].label_raw) != set(before[before.source_file == str(b)].label_raw)
    # a run over other files adds to the dataset; --prune drops files no longer given
    c = _inputs(tmp_path / "in2", ["c.txt"])[0]
    run_batch([c], out)
    assert set(pd.read_parquet(out / "reports.parquet").source_file) == {str(a), str(b), str(c)}
    pruned = run_batch([c], out, options=BatchOptions(prune=True))
    assert pruned["files_pruned"] == 2 and pruned["files_read"] == 0
    assert list(pd.read_parquet(out / "reports.parquet").source_file) == [str(c)]
    assert len(list((out / "parts").glob(f"*{PART_SUFFIX}"))) == 1
    forced = run_batch([c], out, options=BatchOptions(force=True))
    assert forced["files_read"] == 1


def test_a_changed_vocabulary_means_reading_again(tmp_path, monkeypatch):
    import baocao.batch
    out = tmp_path / "out"
    run_batch([GOOD], out)
    monkeypatch.setattr(baocao.batch, "EXTRACTOR_VERSION", "0.0.0+other")
    assert run_batch([GOOD], out)["files_read"] == 1


def test_log_permissions_and_leftovers(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".values.parquet.abc.tmp").write_bytes(b"partial")
    (out / "baocao.sqlite-journal").write_bytes(b"stale")
    (out / ".staging-x").mkdir()
    old = os.umask(0o022)
    try:
        run_batch([GOOD, tmp_path / "missing.txt"], out)
    finally:
        os.umask(old)
    assert not (out / ".values.parquet.abc.tmp").exists() and not (out / "baocao.sqlite-journal").exists()
    assert not (out / ".staging-x").exists()
    for name in ("values.parquet", "reports.csv", "baocao.sqlite", "manifest.json"):
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in (out / "parts").iterdir())
    log = (out / "baocao.log").read_text(encoding="utf-8").splitlines()
    ends = [l for l in log if " end " in l]
    assert len(ends) == 2 and any("status=ok" in l and "pages=1" in l for l in ends)
    assert any("missing.txt" in l and "code=not_found" in l for l in ends)
    assert sum(" start " in l for l in log) == 1  # the missing file never reached a worker


def test_exit_codes(tmp_path, capsys):
    assert main(["run", str(GOOD), "--out", str(tmp_path / "a"), "--quiet"]) == 0
    assert main(["run", str(GOOD), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "b"), "--quiet"]) == 1
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", str(GOOD), "--out", str(blocker / "out"), "--quiet"]) == 2
    assert "cannot write to the output folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "file"]  # refused before any work
    with pytest.raises(SystemExit) as exc:
        main(["run", str(GOOD), "--jobs", "0"])
    assert exc.value.code == 2
