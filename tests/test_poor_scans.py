"""Office-scanner copies (100 dpi, greyscale JPEG, turned, specks, a stamp) keep most of the values
of their text-layer PDF and never hold a wrong value that passes unflagged (scripts/poor_scans.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from baocao.pipeline import process_file
from shared_data import shared_dir

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from poor_scans import make_scan, score  # noqa: E402

pytestmark = pytest.mark.slow

# (source, recall floor): what the scans give today, kept from falling back
CASES = [
    (ROOT / "samples" / "province_office_q1_2024.pdf", 0.90),
    ("lamdong-snv-chiso-2025-bc228.pdf", 0.90),
    ("lamdong-snv-qd787-2025-bc181.pdf", 0.90),
]


@pytest.mark.parametrize(("source", "floor"), CASES, ids=lambda c: Path(str(c)).stem if not isinstance(c, float) else "")
def test_a_100_dpi_scan_keeps_the_values_of_its_text_layer(tmp_path, source, floor):
    src = source if isinstance(source, Path) else shared_dir("real") / source
    scan = tmp_path / f"{src.stem}_100dpi.pdf"
    make_scan(src, scan, 100)
    text, scanned = process_file(src), process_file(scan)
    assert scanned.report.status in ("ok", "partial") and "ocr_read" in scanned.report.warning_codes
    s = score(src.name, text.values, scanned.values)
    assert s.wrong_unflagged == 0, s
    assert s.recall >= floor, s
