"""A batch killed with SIGKILL at random moments: the output folder never holds a partial or
unreadable output, and the same command then completes to the output of an uninterrupted run."""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.ipc  # noqa: F401  (pa.ipc)
import pyarrow.parquet as pq
import pytest

from baocao.parts import PART_SUFFIX

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
RUNS = 20
# seconds differs between runs by nature; everything else must be identical
VARYING = ["seconds"]


def _command(inputs: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "baocao.cli", "run", str(inputs), "--out", str(out), "--jobs", "2", "--quiet"]


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


def _check_readable(out: Path) -> None:
    """Every file under its final name is complete; the combined outputs agree with each other
    unless the run was killed while renaming them (then .publishing says so and the next run rebuilds)."""
    for f in out.glob("*.parquet"):
        pq.read_table(f)
    for f in (out / "parts").glob(f"*{PART_SUFFIX}"):
        pa.ipc.open_file(pa.OSFile(str(f))).read_all()
    for f in out.glob("*.csv"):
        pd.read_csv(f, encoding="utf-8-sig")
    for f in out.glob("*.sqlite"):
        with sqlite3.connect(f) as con:
            assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
            con.execute("select count(*) from reports").fetchone()
    manifest = out / "manifest.json"
    if manifest.exists():
        m = json.loads(manifest.read_text(encoding="utf-8"))
        if not (out / ".publishing").exists():
            for rel, size in m["outputs"].items():
                assert (out / rel).stat().st_size == size, rel
            assert len(pd.read_parquet(out / "reports.parquet")) == m["totals"]["files"]
            with sqlite3.connect(out / "baocao.sqlite") as con:
                assert con.execute("select count(*) from reports").fetchone()[0] == m["totals"]["files"]


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    frames = {n: pd.read_parquet(out / f"{n}.parquet") for n in ("values", "reports")}
    frames["reports"] = frames["reports"].drop(columns=VARYING)
    with sqlite3.connect(out / "baocao.sqlite") as con:
        frames["sqlite_reports"] = pd.read_sql("select * from reports", con).drop(columns=VARYING)
        frames["sqlite_values"] = pd.read_sql("select * from facts", con)
    frames["csv_values"] = pd.read_csv(out / "values.csv", encoding="utf-8-sig", dtype=str)
    return frames


@pytest.fixture()
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SAMPLES.glob("*.txt")) + [SAMPLES / "province_office_q1_2024.docx"]:
        shutil.copy(p, folder / p.name)
    (folder / "broken.pdf").write_bytes((SAMPLES / "commune_borderless_2023.pdf").read_bytes()[:3000])
    return folder


@pytest.mark.slow  # 20 interpreter starts: about a minute on an idle machine
def test_sigkill_at_random_moments_then_the_same_command_completes(inputs, tmp_path):
    reference = tmp_path / "reference"
    t0 = time.perf_counter()
    subprocess.run(_command(inputs, reference), env=_env(), check=False, capture_output=True, timeout=300)
    full = time.perf_counter() - t0
    print(f"uninterrupted run: {full:.1f} s")
    out = tmp_path / "out"
    rng = random.Random(20261202)
    for _ in range(RUNS):
        proc = subprocess.Popen(_command(inputs, out), env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _check_readable(out)
    done = subprocess.run(_command(inputs, out), env=_env(), capture_output=True, timeout=300)
    assert done.returncode == 1, done.stderr  # broken.pdf is an error row
    _check_readable(out)
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".staging-*")) and not (out / ".publishing").exists()
    expected, got = _frames(reference), _frames(out)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], got[name], check_like=False, obj=name)
    summary = json.loads(done.stdout)
    assert summary["files"] == 6 and summary["files_error"] == 1
