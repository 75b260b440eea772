"""The knowledge tables of schemas/ load, agree with each other, and really drive the code."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


from schemas import load

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"


def test_shipped_tables_agree():
    assert load.validate() == []


def test_every_table_is_documented():
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    for csv_file in sorted(SCHEMAS.glob("*.csv")):
        assert f"`{csv_file.name}`" in readme, f"schemas/README.md has no section for {csv_file.name}"


def _copy(tmp_path: Path) -> Path:
    dst = tmp_path / "schemas"
    shutil.copytree(SCHEMAS, dst, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    return dst


def _append(path: Path, row: dict[str, str]) -> None:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([row.get(c, "") for c in header])


def test_validation_catches_unknown_ids_measures_and_duplicates(tmp_path):
    d = _copy(tmp_path)
    _append(d / "inline_indicators.csv", {"measure": "no_such_measure", "scope": "cap_xa", "indicator_id": "no.such.id"})
    _append(d / "checks.csv", {"kind": "le", "target": "missing.target", "operands": "hoso.received.commune"})
    _append(d / "abbreviations.csv", {"abbreviation": "tthc", "expansion": "thủ tục hành chính"})
    _append(d / "measure_cues.csv", {"measure": "not_a_measure", "classes": "dossier", "cue": "x", "priority": "1"})
    problems = "\n".join(load.validate(d))
    assert "unknown indicator 'no.such.id'" in problems
    assert "unknown measure 'no_such_measure'" in problems
    assert "checks.csv: unknown indicator 'missing.target'" in problems
    assert "abbreviations.csv: duplicate abbreviation tthc" in problems
    assert "measure_cues.csv: unknown measure 'not_a_measure'" in problems


def test_flag_rows_are_checked(tmp_path):
    d = _copy(tmp_path)
    _append(d / "flags.csv", {"slug": "decimal_dot", "stage": "number", "meaning": "again", "confidence_factor": "0.9",
                              "review": "no"})
    assert any("duplicate slug 'decimal_dot'" in p for p in load.validate(d))


_PROBE = r"""
import json
from extract.model import Paragraph, Provenance
from normalize.match import match_label
from normalize.prose import extract_inline

def figures(*sentences):
    paras = [Paragraph("I. KẾT QUẢ ĐẠT ĐƯỢC", Provenance(line=1))]
    paras += [Paragraph(s, Provenance(line=i + 2)) for i, s in enumerate(sentences)]
    return [[f.value, f.unit, f.measure, f.scope] for f in extract_inline(paras)]

print(json.dumps({
    "unit": figures("Trong kỳ đã phát hành 15 ấn phẩm về cải cách hành chính."),
    "cue": figures("Trung tâm Phục vụ hành chính công đã thụ lý 1.234 hồ sơ."),
    "department": figures("Tỷ lệ hồ sơ đúng hạn của các Sở: Sở Tư pháp đạt 99%; Ban Quản lý Khu kinh tế đạt 96%."),
    "abbreviation": match_label("Số lượng VBCĐĐH").indicator_id,
}, ensure_ascii=False))
"""


def _probe(schemas_dir: Path | None) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(load.ENV_VAR, None)
    if schemas_dir is not None:
        env[load.ENV_VAR] = str(schemas_dir)
    out = subprocess.run([sys.executable, "-c", _PROBE], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)



def test_an_added_row_is_used(tmp_path):
    """One row each in units.csv, measure_cues.csv, scopes.csv and abbreviations.csv of a copy of
    schemas/ (BAOCAO_SCHEMAS) changes what is read from sentences and a table label that need it."""
    d = _copy(tmp_path)
    _append(d / "units.csv", {"kind": "prose", "word": "ấn phẩm", "unit": "ấn phẩm", "class": "media"})
    _append(d / "measure_cues.csv", {"measure": "received", "classes": "dossier", "cue": "thụ lý", "priority": "1"})
    _append(d / "scopes.csv", {"kind": "department", "slug": "ban_qlkkt", "pattern": "Ban Quản lý Khu kinh tế"})
    _append(d / "abbreviations.csv", {"abbreviation": "vbcđđh", "expansion": "văn bản chỉ đạo điều hành"})
    assert load.validate(d) == []

    before, after = _probe(None), _probe(d)

    assert before["unit"] == []  # "ấn phẩm" is no unit: the number is not a figure
    assert after["unit"] == [[15.0, "ấn phẩm", "cchc_news_posts", ""]]

    assert before["cue"][0][:3] == [1234.0, "hồ sơ", ""]  # no cue: measure unknown
    assert after["cue"][0][:3] == [1234.0, "hồ sơ", "received"]

    assert before["department"][0][3] == after["department"][0][3] == "so_tu_phap"
    assert before["department"][1][3] != "ban_qlkkt"
    assert after["department"][1][3] == "ban_qlkkt"

    assert before["abbreviation"] is None
    assert after["abbreviation"] == "direction.docs"
