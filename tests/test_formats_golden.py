"""Golden test for the other formats of samples/formats/: every value comes out exactly."""

from pathlib import Path

import pytest

from baocao.pipeline import process_file
from extract.office import soffice_path
from golden_compare import compare, load_golden

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "samples" / "formats"
# sample file -> golden name (tests/golden/formats/<name>_values.csv), conversion expected
CASES = {
    "commune_bm3_2023.xlsx": ("commune_bm3_2023", ""),
    "commune_borderless_2023.rtf": ("commune_borderless_2023_rtf", "libreoffice:rtf"),
    "commune_borderless_2023.odt": ("commune_borderless_2023_odt", "libreoffice:odt"),
    "commune_borderless_2023_tcvn3.docx": ("commune_borderless_2023_tcvn3_docx", ""),
    "commune_borderless_2023_tcvn3.txt": ("commune_borderless_2023_tcvn3_txt", ""),
}


def test_every_format_sample_has_a_golden_file():
    assert sorted(p.name for p in FORMATS.iterdir()) == sorted(CASES)
    for golden, _ in CASES.values():
        assert (ROOT / "tests/golden/formats" / f"{golden}_values.csv").exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_format_sample_reproduces_golden(name):
    golden, via = CASES[name]
    if via and soffice_path() is None:
        pytest.skip("LibreOffice not installed")
    result = process_file(FORMATS / name)
    assert result.report.status == "ok", result.report.error
    problems = compare(load_golden(ROOT / "tests/golden/formats" / f"{golden}_values.csv"), list(result.values))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
    assert all(v.source_via == via for v in result.values)
    if "tcvn3" in name:  # every value read from converted text says so
        assert result.values and all("legacy_encoding" in v.flags.split(";") for v in result.values)
        assert "legacy_encoding" in result.report.warning_codes.split(";")
