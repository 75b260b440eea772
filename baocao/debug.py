"""See what the extractor saw.

- `debug_html(doc)`: every table as an HTML grid, header rows shaded, each value
  cell titled with its period, so a wrong row or column is visible at a glance.
- `debug_pdf_page(path, doc, page)`: the PDF page as a PNG with every detected
  cell boxed (pdfplumber's page rendering); value cells in blue, others grey.
"""

from __future__ import annotations

import html
from pathlib import Path

from extract.model import Document, Table
from normalize.periods import Period
from normalize.tables import TableError, count_header_rows, header_grid

from .pipeline import read_any_table, report_metadata, table_contexts


def _table_html(table: Table, context: Period | None) -> str:
    grid = header_grid(table)
    n_header = count_header_rows(grid)
    try:
        read = read_any_table(table, context)
        value_cells = {(v.grid_row, v.grid_col): v for v in read.values}
        status = ""
    except TableError as exc:
        value_cells, status = {}, f"<p class=err>{html.escape(str(exc))}</p>"
    rows = []
    for r, row in enumerate(table.rows):
        cells = []
        for c in row:
            v = value_cells.get((c.row, c.col))
            title = f"{v.label} | {v.period.label if v.period else '?'}" if v else f"r{c.row} c{c.col}"
            cls = "h" if r < n_header else ("v" if v else "")
            cells.append(f'<td class="{cls}" rowspan={c.row_span} colspan={c.col_span} '
                         f'title="{html.escape(title)}">{html.escape(c.text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    where = f"page {table.prov.page}" if table.prov.page else f"line {table.prov.line}"
    return f"<h3>table {table.index} ({where})</h3>{status}<table>{''.join(rows)}</table>"


def debug_html(doc: Document) -> str:
    style = ("<style>td{border:1px solid #999;padding:2px 4px;font:12px sans-serif;vertical-align:top}"
             "table{border-collapse:collapse;margin-bottom:1em}.h{background:#eee;font-weight:bold}"
             ".v{background:#e6f0ff}.err{color:#b00}</style>")
    contexts = table_contexts(doc, report_metadata(doc))
    body = "".join(_table_html(t, contexts[t.index][1]) for t in doc.tables)
    return f"<!doctype html><meta charset=utf-8><title>{html.escape(str(doc.source))}</title>{style}{body}"


def debug_pdf_page(path: Path, doc: Document, page: int, out: Path, resolution: int = 110) -> Path:
    import pdfplumber  # only this debugging view needs it

    value_cells = set()
    for t in doc.tables:
        try:
            value_cells |= {(t.index, v.grid_row, v.grid_col) for v in read_any_table(t).values}
        except TableError:
            pass
    with pdfplumber.open(path) as pdf:
        img = pdf.pages[page - 1].to_image(resolution=resolution)
        for t in doc.tables:
            for row in t.rows:
                for c in row:
                    if c.prov.page == page and c.prov.bbox:
                        is_value = (t.index, c.row, c.col) in value_cells
                        img.draw_rect(c.prov.bbox, stroke=(0, 90, 255) if is_value else (150, 150, 150),
                                      fill=(0, 90, 255, 40) if is_value else (0, 0, 0, 0), stroke_width=1)
        img.save(out)
    return out
