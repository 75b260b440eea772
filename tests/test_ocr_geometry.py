"""The fast page-geometry helpers of the OCR reader give what the slow calls they replace give."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extract.ocr.grid import component_boxes, ink_below


def _labelled_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return sorted(tuple(int(v) for v in row[:4]) for row in stats[1:n])


def _page_like() -> np.ndarray:
    """Rules, ring-shaped letters with a dot inside the hole, diagonal strokes that touch
    only at corners, and ink on the image border."""
    m = np.zeros((300, 400), np.uint8)
    m[10:13, 20:380] = 255  # a rule
    cv2.circle(m, (60, 80), 20, 255, 3)  # "o" with a hole ...
    m[79:82, 59:62] = 255  # ... and a component inside it
    cv2.rectangle(m, (150, 50), (250, 150), 255, 2)  # a box holding a smaller box
    cv2.rectangle(m, (180, 80), (220, 120), 255, 1)
    for i in range(10):  # a staircase of pixels joined only diagonally: one 8-connected part
        m[200 + i, 100 + i] = 255
    m[0:5, 395:400] = 255  # touching the corner
    m[295:300, 0:400:7] = 255
    return m


def test_component_boxes_are_the_labelled_components():
    m = _page_like()
    assert sorted(component_boxes(m)) == _labelled_boxes(m)
    rng = np.random.default_rng(3)
    noise = ((rng.random((120, 160)) < 0.2) * 255).astype(np.uint8)
    assert sorted(component_boxes(noise)) == _labelled_boxes(noise)


def test_component_boxes_run_top_to_bottom_and_handle_an_empty_mask():
    boxes = component_boxes(_page_like())
    assert boxes == sorted(boxes, key=lambda b: (b[1], b[0]))
    assert component_boxes(np.zeros((50, 50), np.uint8)) == []


@pytest.mark.parametrize("t", [0, 0.5, 100.0, 127.5, 128, 190, 200.0, 255, 255.5, 300])
def test_ink_below_is_the_plain_comparison(t):
    gray = np.random.default_rng(1).integers(0, 256, (64, 80), dtype=np.uint8)
    expected = np.where(gray < t, 255, 0).astype(np.uint8)
    assert np.array_equal(ink_below(gray, t), expected)
    assert np.array_equal(ink_below(gray[5:40, 7:70], t), expected[5:40, 7:70])  # a crop (strided view)
    assert np.array_equal(ink_below(gray.astype(np.float32), t), expected)


def _glyph(text, x0, top, x1, bottom):
    from extract.pdf.text import Glyph

    return Glyph(text, x0, top, x1, bottom, bottom - top)


def test_a_cell_a_lost_rule_merged_with_the_first_row_is_split_at_the_border_the_others_draw():
    from extract.ocr.grid import split_open_cells
    from extract.pdf.tables import Grid, grid_to_table

    # columns STT | Đơn vị | Tỷ lệ; rows: header (0-20), row 1 (20-40); the rule under the
    # header is lost in the last column, which became one region over both rows
    grid = Grid([0, 30, 130, 200], [0, 20, 40], [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 2, 1), (1, 0, 1, 1), (1, 1, 1, 1)])
    words = [_glyph("STT", 5, 5, 25, 15), _glyph("Đơn vị", 40, 5, 100, 15), _glyph("Tỷ lệ (%)", 140, 5, 190, 20.5),
             _glyph("1", 10, 25, 15, 35), _glyph("Sở Tài chính", 40, 25, 120, 35), _glyph("82,362%", 140, 25, 190, 35)]
    split = split_open_cells(grid, words)
    cells = {(c.row, c.col): c.text for c in grid_to_table(split, words).cells}
    assert cells[(0, 2)] == "Tỷ lệ (%)" and cells[(1, 2)] == "82,362%"


def test_a_cell_merged_on_purpose_stays_whole():
    from extract.ocr.grid import split_open_cells
    from extract.pdf.tables import Grid

    grid = Grid([0, 30, 130, 200], [0, 20, 40], [(0, 0, 1, 1), (0, 1, 1, 1), (0, 2, 2, 1), (1, 0, 1, 1), (1, 1, 1, 1)])
    head = [_glyph("STT", 5, 5, 25, 15), _glyph("Đơn vị", 40, 5, 100, 15), _glyph("1", 10, 25, 15, 35)]
    # one centred text across the border; two lines of words; a figure above a word
    for words in ([_glyph("Ghi chú", 140, 15, 190, 26)],
                  [_glyph("Kết quả", 140, 5, 190, 15), _glyph("năm trước", 140, 25, 190, 35)],
                  [_glyph("2024", 140, 5, 190, 15), _glyph("Đạt", 140, 25, 190, 35)]):
        assert split_open_cells(grid, head + words) is grid
    # no other column draws the border: nothing to split at
    alone = Grid([0, 100], [0, 20, 40], [(0, 0, 2, 1)])
    assert split_open_cells(alone, [_glyph("Tỷ lệ", 5, 5, 60, 15), _glyph("82%", 5, 25, 60, 35)]) is alone
