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
