"""Writing a sample report (scripts/sample_model.py) as text, as a Word file, as a PDF (LibreOffice)
and as its golden values (scripts/make_samples.py)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_model import DASH, Num, Para, Pct, Qty, Ratio, Report, Row, Table, value_number, grid, plain  # noqa: E402

GOLDEN_COLUMNS = [
    "section", "row_code", "label", "parent_label",
    "period_start", "period_end", "value", "value_text", "unit",
]


def write_txt(report: Report, path: Path) -> None:
    chunks = []
    for b in report.blocks:
        if isinstance(b, Para):
            chunks.append(b.text)
        else:
            chunks.append("\n".join("\t".join(line) for line in grid(b)))
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- rendering: golden


def parent_of(rows: list[Row], i: int) -> str:
    code = rows[i].code
    if code == "-":
        for j in range(i - 1, -1, -1):
            if rows[j].code not in ("-", ""):
                return rows[j].label
        return ""
    parts = code.strip(".").split(".")
    if len(parts) < 2:
        return ""
    for j in range(i - 1, -1, -1):
        if rows[j].code.strip(".").split(".") == parts[:-1]:
            return rows[j].label
    return ""


def golden_lines(report: Report) -> list[dict]:
    lines = []
    for t in (b for b in report.blocks if isinstance(b, Table)):
        value_cols = [c for c in t.columns if c.kind == "value"]
        has_unit = any(c.kind == "unit" for c in t.columns)
        for i, r in enumerate(t.rows):
            for col, v in zip(value_cols, r.values):
                if v is None or v == DASH:
                    continue
                if isinstance(v, (Num, Pct)):
                    value, text = plain(value_number(v)), ""
                elif isinstance(v, (Ratio, Qty)):
                    value, text = plain(value_number(v)), v.printed()
                else:
                    value, text = "", v.printed()
                if isinstance(v, (Pct, Ratio)):
                    unit = "%"
                else:
                    unit = r.unit if has_unit else ""
                lines.append({
                    "section": t.section,
                    "row_code": r.code,
                    "label": " ".join(r.label.split()),
                    "parent_label": " ".join(parent_of(t.rows, i).split()),
                    "period_start": col.period[0].isoformat(),
                    "period_end": col.period[1].isoformat(),
                    "value": value,
                    "value_text": text,
                    "unit": unit,
                })
    return lines


def write_golden(report: Report, path: Path) -> int:
    lines = golden_lines(report)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=GOLDEN_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(lines)
    return len(lines)


# --------------------------------------------------------------------------- rendering: docx

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
FONT = "Times New Roman"


def _set_run_font(run, size: float | None = None, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    rfonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)


def _add_lines(paragraph, text: str, **font) -> None:
    for k, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _set_run_font(run, **font)
        if k < len(text.split("\n")) - 1:
            run.add_break()


def _page_setup(section, landscape: bool) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
        section.top_margin, section.bottom_margin = Mm(20), Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(30), Mm(20)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _borders(table, style: str) -> None:
    """Explicit table borders so every viewer draws the same thing ('nil' = none at all)."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), style)
        if style != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    # schema order: tblStyle, ..., tblW, jc, ..., tblBorders, shd, tblLayout, ...
    anchor = None
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"):
        anchor = tbl_pr.find(qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tbl_pr.append(borders)


def _row_flags(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    # a row is never split over two pages, so a page break falls between rows
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # repeat on every page


def _fill(cell, text: str, *, size: float, bold=False, italic=False, align="left") -> None:
    par = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._element.getparent().remove(extra._element)
    par.alignment = ALIGN[align]
    pf = par.paragraph_format
    pf.space_before = Pt(1)
    pf.space_after = Pt(1)
    pf.first_line_indent = None
    pf.line_spacing = 1.0
    if text:
        _add_lines(par, text, size=size, bold=bold, italic=italic)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(document, t: Table) -> None:
    cells = grid(t)
    n_rows, n_cols = len(cells), len(t.columns)
    table = document.add_table(rows=n_rows, cols=n_cols)
    if not t.borderless:
        table.style = document.styles["Table Grid"]
    _borders(table, "nil" if t.borderless else "single")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for j, c in enumerate(t.columns):
        table.columns[j].width = Cm(c.width_cm)
        for i in range(n_rows):
            table.cell(i, j).width = Cm(c.width_cm)
    for i, row in enumerate(table.rows):
        _row_flags(row, header=i < t.n_header_rows)

    # rows that head a group (have sub-rows) are printed bold, as on the forms
    group_heads = {parent_of(t.rows, i) for i in range(len(t.rows))} - {""}
    for i in range(t.n_header_rows, n_rows):
        r = t.rows[i - t.n_header_rows]
        for j, c in enumerate(t.columns):
            align = {"code": "center", "label": "left", "agency": "left",
                     "unit": "center", "value": "center", "note": "left"}[c.kind]
            bold = r.bold or (c.kind in ("code", "label") and r.label in group_heads and r.code != "-")
            _fill(table.cell(i, j), cells[i][j], size=t.font_size, bold=bold and c.kind != "value",
                  italic=c.kind == "label" and r.code == "-", align=align)
    # header: merge first, then write the text into the merged cell
    for h in t.header:
        cell = table.cell(h.row, h.col)
        if h.rowspan > 1 or h.colspan > 1:
            cell = cell.merge(table.cell(h.row + h.rowspan - 1, h.col + h.colspan - 1))
        _fill(cell, h.text, size=t.font_size, bold=True, align="center")


def add_para(document, para: Para) -> None:
    par = document.add_paragraph()
    par.alignment = ALIGN[para.align]
    pf = par.paragraph_format
    pf.space_after = Pt(6)
    pf.first_line_indent = Cm(1.0) if para.indent and para.align in ("justify", "left") else None
    if para.page_break_before:
        pf.page_break_before = True
    if para.keep_with_next:
        pf.keep_with_next = True
        pf.space_before = Pt(6)
    _add_lines(par, para.text, size=para.size, bold=para.bold, italic=para.italic)


def _freeze_zip(path: Path) -> None:
    """Fixed member timestamps so rebuilding unchanged data gives the same .docx bytes."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def write_docx(report: Report, path: Path) -> None:
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    _page_setup(document.sections[0], landscape=False)

    # captions right above a table (up to three paragraphs) move with it to the next page
    for k, b in enumerate(report.blocks):
        if isinstance(b, Table):
            for j in range(k - 1, max(k - 4, -1), -1):
                prev = report.blocks[j]
                if not isinstance(prev, Para) or prev.indent and not prev.bold:
                    break
                prev.keep_with_next = True
    for k, b in enumerate(report.blocks):
        if report.landscape_appendix_from == k:
            _page_setup(document.add_section(WD_SECTION.NEW_PAGE), landscape=True)
        if isinstance(b, Para):
            add_para(document, b)
        else:
            add_table(document, b)

    props = document.core_properties
    stamp = dt.datetime.combine(report.date, dt.time(8, 0))
    props.author = props.last_modified_by = report.author
    props.title = report.subject
    props.created = props.modified = stamp
    props.revision = 1
    props.comments = ""
    document.save(str(path))
    _freeze_zip(path)


# --------------------------------------------------------------------------- rendering: pdf


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


def write_pdf(soffice: str, docx_path: Path) -> Path:
    out = docx_path.with_suffix(".pdf")
    # a private profile: a LibreOffice already running under the default one would swallow the job
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
               "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"PDF conversion failed for {docx_path.name}:\n{done.stdout}\n{done.stderr}")
    return out


# =========================================================================== the samples
