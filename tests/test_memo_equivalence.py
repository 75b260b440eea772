"""Memoised and simplified pure functions must answer as their plain forms do."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import read_document
from extract.model import Cell, Table
from normalize.number_forms import header_maximum, unit_reading
from normalize.tables import header_grid

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "samples").glob("*.docx")) + sorted((ROOT / "samples" / "shapes").glob("*.docx"))


def _header_grid_reference(table: Table) -> list[list[str]]:
    """header_grid as it was first written: every row a cell spans visited."""
    width = table.n_cols
    grid = [[""] * width for _ in table.rows]
    for r, row in enumerate(table.rows):
        for c in row:
            for rr in range(r, min(r + c.row_span, len(grid))):
                for cc in range(c.col, min(c.col + c.col_span, width)):
                    if rr == r or not grid[rr][cc]:
                        grid[rr][cc] = c.text if rr == r else grid[rr][cc]
    return grid


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_header_grid_of_samples(path):
    for table in read_document(path).tables:
        assert header_grid(table) == _header_grid_reference(table)


def test_header_grid_spans():
    rows = ((Cell("A", 0, 0, row_span=2), Cell("B", 0, 1, col_span=2)),
            (Cell("C", 1, 1), Cell("D", 1, 2, row_span=0)),
            (Cell("E", 2, 0, col_span=5), Cell("F", 2, 2)))
    table = Table(rows)
    assert header_grid(table) == _header_grid_reference(table)


HEADERS = ["Điểm số (tối đa 100)", "Điểm/100", "Thang điểm 10", "(100 điểm)", "Tháng 6/2024", "", None,
           "PAR Index - Điểm số", "Xếp hạng", "Kết quả"]


@pytest.mark.parametrize("header", HEADERS)
def test_memoised_header_readings(header):
    assert header_maximum(header) == header_maximum.__wrapped__(header)
    assert unit_reading(header) == unit_reading.__wrapped__(header)
