"""The compiled character loop (extract/pdf/_chars.c) gives exactly what the Python loop gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.pdf import pdfium_page

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
PDFS = sorted(
    [*ROOT.glob("samples/*.pdf"), *ROOT.glob("samples/*/*.pdf"), *(ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"),
     *REAL.glob("*.pdf")]
)


def test_the_compiled_loop_is_built():
    # the install builds it wherever a C compiler is (scripts/system-deps.sh installs one);
    # without it PDFs are read by the Python loop, correctly but several times slower
    assert pdfium_page._chars is not None


def _fields(glyphs: pdfium_page.PageGlyphs) -> list[tuple]:
    return [tuple(getattr(g, name) for name in g.__slots__) for g in glyphs.glyphs]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_glyphs_as_the_python_loop(path: Path):
    if pdfium_page._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:  # the encrypted fixture: nothing to compare
        pytest.skip("unreadable without its password")
    n_glyphs = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            left, _, _, top = page.get_cropbox()
            textpage = page.get_textpage()
            compiled = pdfium_page.page_glyphs(textpage, left, top)
            python = pdfium_page.python_page_glyphs(textpage, left, top)
            textpage.close()
            page.close()
            assert _fields(compiled) == _fields(python), f"page {i + 1}"
            if python.glyphs:  # Python floats, ints and bools, not numpy's
                assert list(map(type, _fields(compiled)[0])) == list(map(type, _fields(python)[0]))
            assert compiled.quarters == python.quarters
            assert compiled.n_unmapped == python.n_unmapped
            assert compiled.boxes.shape == python.boxes.shape == (len(python.glyphs), 5)
            assert np.array_equal(compiled.boxes, python.boxes, equal_nan=True)
            n_glyphs += len(python.glyphs)
    finally:
        pdf.close()
    if "scans" not in path.parts:  # the scans have no text layer; every other file has one
        assert n_glyphs > 0
