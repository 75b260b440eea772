"""The compiled loops (extract/pdf/_chars.c) give exactly what the Python steps give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest

from extract.dispatch import read_document
from extract.pdf import pdfium_page, text
from extract.pdf.text import Glyph

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
PDFS = sorted(
    [*ROOT.glob("samples/*.pdf"), *ROOT.glob("samples/*/*.pdf"), *(ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"),
     *REAL.glob("*.pdf")]
)
PDFS = [p for p in PDFS if "encrypted" not in p.name]  # unreadable without its password: nothing to compare


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
    pdf = pdfium.PdfDocument(str(path))
    n_glyphs = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            left, _, _, top = page.get_cropbox()
            textpage = page.get_textpage()
            compiled = pdfium_page.page_glyphs(textpage, left, top)
            python = pdfium_page.python_page_glyphs(textpage, left, top)
            textpage.close()
            drawn, walked = pdfium_page.page_drawing(page), pdfium_page.python_page_drawing(page)
            assert (drawn.segments, drawn.n_images, drawn.too_complex) == \
                (walked.segments, walked.n_images, walked.too_complex), f"page {i + 1}"
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


# ---------------------------------------------------------------- glyphs -> lines


def _glyphs(spec: list[tuple]) -> list[Glyph]:
    return [Glyph(*row) for row in spec]


def _lines(lines: list) -> list[tuple]:
    return [(tuple((w.text, w.x0, w.top, w.x1, w.bottom, w.size, w.bold, w.italic) for w in ln.words), ln.x0, ln.top,
             ln.x1, ln.bottom, ln.size, ln.bold, ln.italic) for ln in lines]


MADE = [
    # text, x0, top, x1, bottom, size, seq, space_before, bold, italic
    ("T", 10.0, 0.0, 16.0, 10.0, 10.0, 0, False, False, False),
    ("T", 10.4, 0.2, 16.4, 10.2, 10.0, 1, False, False, False),  # a fake-bold copy
    ("ổ", 16.0, 0.0, 21.0, 10.0, 10.0, 2, False, False, True),
    ("n", 21.0, 0.5, 26.0, 10.5, 10.0, 3, False, True, False),
    ("g", 30.0, 0.0, 35.0, 10.0, 10.0, 5, True, False, False),  # after a space
    ("1", 60.0, 0.0, 60.0, 10.0, 10.0, 6, False, False, False),  # zero advance
    ("2", 60.2, 0.0, 60.2, 10.0, 10.0, 7, False, False, False),
    ("x", 5.0, 20.0, 9.0, 30.0, 12.0, 8, False, False, False),  # the next line
    ("y", 5.0, 20.0, 9.0, 30.0, 12.0, 9, False, False, False),  # same place, other text
    ("\u00ad", 9.0, 20.0, 9.5, 30.0, 12.0, 10, False, False, False),  # removed by repair_text: no word
    ("z", 40.0, 19.0, 44.0, 29.0, 0.5, 11, True, False, False),  # tiny size: its own gap rule
]


def test_compiled_lines_match_the_python_steps():
    if text._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    for order in (MADE, MADE[::-1], MADE[3:] + MADE[:3]):
        compiled, python = _glyphs(order), _glyphs(order)
        got, want = text._chars.lines(compiled), text.python_glyphs_to_lines(python)
        got.sort(key=text._LINE_ORDER)
        assert _lines(got) == _lines(want)
        assert [g.bold for g in compiled] == [g.bold for g in python]  # the copy's survivor is marked bold
    assert _lines(text.glyphs_to_lines(_glyphs(MADE)))[0][0][0][0] == "Tổn"


def test_glyphs_it_does_not_take_go_to_python():
    if text._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    ints = [Glyph("a", 1, 0, 5, 10, 10), Glyph("b", 5, 0, 9, 10, 10)]  # OCR-style integer boxes
    assert text._chars.lines(ints) is None
    nan = _glyphs([("a", float("nan"), 0.0, 5.0, 10.0, 10.0)])
    assert text._chars.lines(nan) is None
    lines = text.glyphs_to_lines(ints)
    assert [w.text for w in lines[0].words] == ["ab"] and type(lines[0].words[0].x0) is int


@pytest.mark.parametrize("path", [p for p in PDFS if "scans" not in p.parts],
                         ids=lambda p: p.name)
def test_same_document_as_the_python_steps(path: Path, monkeypatch):
    if text._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    compiled = read_document(path)
    monkeypatch.setattr(text, "_chars", None)
    monkeypatch.setattr(pdfium_page, "_chars", None)
    assert read_document(path) == compiled


def test_a_page_over_the_stroke_budget_is_too_complex_both_ways(monkeypatch):
    if pdfium_page._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    pdf = pdfium.PdfDocument(str(ROOT / "tests" / "fixtures" / "pdf" / "ruled_table_merged_header.pdf"))
    page = pdf[0]
    try:
        full = pdfium_page.python_page_drawing(page)
        assert len(full.segments) > 8
        for budget in (3, 8, 10**6):
            monkeypatch.setattr(pdfium_page, "MAX_PATH_SEGMENTS", budget)
            drawn, walked = pdfium_page.page_drawing(page), pdfium_page.python_page_drawing(page)
            assert (drawn.segments, drawn.n_images, drawn.too_complex) == \
                (walked.segments, walked.n_images, walked.too_complex)
            assert drawn.too_complex == (budget < 10**6)
    finally:
        page.close()
        pdf.close()



@pytest.mark.parametrize("path", [p for p in PDFS if "scans" not in p.parts][:12], ids=lambda p: p.name)
def test_compiled_table_cells_match_the_python_steps(path: Path, monkeypatch):
    """split_box and grid_cells (glyphs into a table's box and its cells) on the glyphs and
    grids the reader meets give what the Python steps give, list for list, glyph for glyph."""
    if text._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    from extract.pdf import reader, tables

    splits, cells = [], []
    real_split, real_cells = reader.split_inside, tables.grid_cells

    def split(glyphs, bbox, pad=0.0):
        splits.append((list(glyphs), bbox, pad))
        return real_split(glyphs, bbox, pad)

    def bucket(grid, glyphs, owner):
        cells.append((grid, list(glyphs), owner))
        return real_cells(grid, glyphs, owner)

    monkeypatch.setattr(reader, "split_inside", split)
    monkeypatch.setattr(tables, "grid_cells", bucket)
    read_document(path)
    assert len(splits) >= len(cells)  # every grid's glyphs are split off the page first
    for glyphs, (x0, y0, x1, y1), pad in splits:
        box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        got, want = text._chars.split_box(glyphs, *box), tables.python_split_box(glyphs, *box)
        assert [list(map(id, part)) for part in got] == [list(map(id, part)) for part in want]
    for grid, glyphs, owner in cells:
        got = text._chars.grid_cells(glyphs, grid.xs, grid.ys, owner, len(grid.regions))
        want = tables.python_grid_cells(grid, glyphs, owner)
        assert [list(map(id, c)) for c in got] == [list(map(id, c)) for c in want]


def test_table_cells_of_glyphs_it_does_not_take_go_to_python():
    if text._chars is None:
        pytest.skip("extract.pdf._chars is not built")
    from extract.pdf import tables

    ints = [Glyph("a", 1, 0, 5, 10, 10), Glyph("b", 25, 0, 29, 10, 10), Glyph("c", 60, 0, 64, 10, 10)]
    grid = tables.Grid([0.0, 20.0, 40.0], [0.0, 20.0], [(0, 0, 1, 1), (0, 1, 1, 1)])
    assert text._chars.split_box(ints, 0.0, 0.0, 40.0, 20.0) is None
    assert text._chars.grid_cells(ints, grid.xs, grid.ys, tables.grid_owner(grid), 2) is None
    assert [[g.text for g in c] for c in tables.grid_cells(grid, ints, tables.grid_owner(grid))] == [["a"], ["b"]]
    assert [[g.text for g in part] for part in tables.split_inside(ints, (0, 0, 40, 20))] == [["a", "b"], ["c"]]
    made = _glyphs([("a", 1.0, 0.0, 5.0, 10.0, 10.0), ("b", 25.0, 0.0, 29.0, 10.0, 10.0), ("c", 60.0, 0.0, 64.0, 10.0, 10.0)])
    assert [[g.text for g in c] for c in tables.grid_cells(grid, made, tables.grid_owner(grid))] == [["a"], ["b"]]
    with pytest.raises(ValueError):
        text._chars.grid_cells(made, grid.xs, grid.ys, [0], 2)  # one unit short
