"""See what the extractor saw.

- `debug_html(doc)`: every table as an HTML grid, header rows shaded, each value
  cell titled with its period, so a wrong row or column is visible at a glance.
- `debug_pdf_page(path, doc, page)`: the page (PDF, or a scanned image's frame) as a
  PNG with every detected cell boxed; value cells in blue, others grey.
"""

from __future__ import annotations

import html
from pathlib import Path

from extract.model import PX, Document, Provenance, Table
from normalize.periods import Period
from normalize.tables import TableError, count_header_rows, header_grid

from .pipeline import furniture_tables, read_any_table, report_metadata, table_contexts


def _table_html(table: Table, context: Period | None, furniture: str | None = None) -> str:
    grid = header_grid(table)
    n_header = count_header_rows(grid)
    try:
        if furniture:
            raise TableError(f"{furniture.replace('_', ' ')}: read for the report metadata, no values")
        read = read_any_table(table, context)
        value_cells = {(v.grid_row, v.grid_col): v for v in read.values}
        status = ""
    except TableError as exc:
        value_cells, status = {}, f"<p class={'note' if furniture else 'err'}>{html.escape(str(exc))}</p>"
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
             ".v{background:#e6f0ff}.err{color:#b00}.note{color:#666}</style>")
    furniture = furniture_tables(doc)
    contexts = table_contexts(doc, report_metadata(doc, furniture))
    body = "".join(_table_html(t, contexts[t.index][1], furniture.get(t.index)) for t in doc.tables)
    return f"<!doctype html><meta charset=utf-8><title>{html.escape(str(doc.source))}</title>{style}{body}"


def debug_pdf_page(path: Path, doc: Document, page: int, out: Path, resolution: int = 110) -> Path:
    """PNG of one page (PDF, or a frame of a scanned image) with every detected cell boxed.

    Boxes are drawn in their own unit (Provenance.bbox_unit): points of a text-layer page
    are scaled by resolution/72, pixels of a scan by resolution/dpi of the image OCR read."""
    from PIL import Image, ImageDraw

    value_cells = set()
    for t in doc.tables:
        try:
            value_cells |= {(t.index, v.grid_row, v.grid_col) for v in read_any_table(t).values}
        except TableError:
            pass
    cells = [(t, c) for t in doc.tables for row in t.rows for c in row if c.prov.page == page and c.prov.bbox]
    image = _page_image(path, page, resolution, next((c.prov for _, c in cells if c.prov.bbox_unit == PX), None))
    canvas = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for t, c in cells:
        k = resolution / (c.prov.dpi or 72.0) if c.prov.bbox_unit == PX else resolution / 72.0
        box = [v * k for v in c.prov.bbox]  # type: ignore[union-attr]
        is_value = (t.index, c.row, c.col) in value_cells
        draw.rectangle(box, outline=(0, 90, 255, 255) if is_value else (150, 150, 150, 255),
                       fill=(0, 90, 255, 40) if is_value else None, width=1)
    Image.alpha_composite(image.convert("RGBA"), canvas).convert("RGB").save(out)
    return out


def _page_image(path: Path, page: int, resolution: int, scan: Provenance | None):
    """The page at `resolution` dpi: a PDF page rendered as displayed (/Rotate applied);
    an image frame resized to the scale its OCR pixel boxes were counted at."""
    from PIL import Image

    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[page - 1].render(scale=resolution / 72).to_pil()
        finally:
            pdf.close()
    with Image.open(path) as im:
        im.seek(page - 1)
        frame = im.convert("RGB")
    if scan and scan.page_width and scan.page_height and scan.dpi:
        k = resolution / scan.dpi
        frame = frame.resize((round(scan.page_width * k), round(scan.page_height * k)))
    return frame
