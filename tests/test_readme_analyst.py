"""The README's "analyst's first five minutes" runs as written, against a fresh run over samples/*.txt."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parents[1]


def snippets() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The analyst's first five minutes", 1)[1].split("\n## ", 1)[0]
    return regex.findall(r"```python\n(.*?)```", section, flags=regex.S)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("analyst")
    txt = sorted(str(p) for p in (ROOT / "samples").glob("*.txt"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "baocao.cli", "run", *txt, "--out", str(d / "output"), "--quiet"],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return d


def test_the_section_has_pandas_duckdb_polars_and_excel():
    code = "\n".join(snippets())
    for needle in ("pd.read_parquet", "duckdb.connect", "pl.read_parquet", "pl.read_csv", "baocao.xlsx"):
        assert needle in code, needle


def test_every_snippet_runs_and_gives_what_it_says(workdir, monkeypatch, capsys):
    pytest.importorskip("polars")
    monkeypatch.chdir(workdir)
    ns: dict = {}
    for code in snippets():
        exec(compile(code, "README.md", "exec"), ns)  # noqa: S102 - the README's own code
    shown = capsys.readouterr().out
    assert "hoso." in shown and "label_matched_by_context" in shown and "The number; percents" in shown
    once, facts = ns["once"], ns["facts"]
    assert 0 < len(once) < len(facts)
    assert not once.duplicated(["report_key", "indicator_id", "period_start", "period_end", "origin",
                                "table_index", "row", "col", "char_start"]).any()
    assert len(ns["table"]) > 10 and len(ns["flagged"]) > 0 and len(ns["queue"]) > 0
    assert ns["means"].height > 10 and ns["csv"].height == len(facts)
