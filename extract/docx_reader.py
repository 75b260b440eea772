"""Read a Word .docx report into the shared document model.

The main part and its styles are taken from the zip (extract/docx_package.py) and
python-docx resolves the styles. The body, tables and merged
cells are read straight from the WordprocessingML, because python-docx's table
API repeats a merged cell at every grid position it covers, ignores
gridBefore/gridAfter and skips content controls and nested tables.

Positions: a .docx has no pages, so `Provenance.page` and `bbox` stay None and
`Provenance.line` is the 1-based ordinal of the top-level body element (w:p or
w:tbl, counting empty paragraphs, looking inside content controls). Blocks that
live inside another element (nested tables, text-box content) share the line of
their host. Table cells also carry `Provenance.table` (1-based, tables counted in
document order as Word's Go To > Table counts them, nested tables included),
`row` (1-based, deleted tracked rows not counted) and `col` (1-based grid column,
gridBefore counted), so every value can be found in Word as "table N, row R, column C".
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.styles.styles import Styles
from lxml import etree

from extract.docx_fonts import convert_legacy_runs
from extract.docx_package import PackageError, WordPackage, open_word_package, remembered
from extract.model import Cell, Document, Paragraph, Provenance, ReadError, ReadWarning, Table, os_error

Element = etree._Element

W_BODY = qn("w:body")
W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_R = qn("w:r")
W_T = qn("w:t")
W_TXBX = qn("w:txbxContent")
W_ALTCHUNK = qn("w:altChunk")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
_BLOCKS = frozenset({W_P, W_TBL})
_ROWS = frozenset({W_TR})
_CELLS = frozenset({W_TC})

# Wrappers whose children belong to the surrounding level (content controls, custom XML).
_CONTAINERS = frozenset({qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")})

# Inline elements that carry no visible text of the paragraph itself:
# properties, deleted/moved-away revisions, field codes, text boxes (read separately)
# and the VML fallback copy of a drawing (it duplicates the DrawingML choice).
_SKIP_INLINE = frozenset(
    {
        qn("w:pPr"),
        qn("w:rPr"),
        qn("w:del"),
        qn("w:moveFrom"),
        qn("w:instrText"),
        W_TXBX,
        MC_FALLBACK,
    }
)
_INLINE_CHARS = {
    qn("w:tab"): " ",
    qn("w:ptab"): " ",
    qn("w:br"): " ",
    qn("w:cr"): " ",
    qn("w:noBreakHyphen"): "-",
}

_PDF_MAGIC = b"%PDF-"
_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
_MAIN_PART = "word/document.xml"

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
_HEADING_STYLE = re.compile(r"heading\s*([1-9])", re.IGNORECASE)


def read_docx(path: Path) -> Document:
    """Read a .docx file; raise ReadError (reason only, no file name) if it cannot be read."""
    data = _read_bytes(path)
    _check_container(data)
    package = _open_package(data)
    # .VnTime / VNI-Times runs to Unicode before reading
    legacy_runs = convert_legacy_runs(package.document, package.styles)
    reader = _BodyReader(style_facts(package.styles), anchored_boxes(package.document))
    reader.warnings.extend(
        ReadWarning("legacy_encoding", f"{n} runs typed in {enc.split('_')[0].upper()} fonts, converted to Unicode")
        for enc, n in sorted(legacy_runs.items()))
    body = next(package.document.iterchildren(W_BODY), None)
    if body is not None:
        reader.read_body(body)
    return Document(
        source=path,
        kind="docx",
        blocks=tuple(reader.blocks),
        n_pages=None,
        warnings=tuple(reader.warnings),
    )


# --------------------------------------------------------------------------- input checks


def _read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise os_error(exc) from exc


def _check_container(data: bytes) -> None:
    """Recognise the usual wrong inputs before python-docx sees them."""
    if not data:
        raise ReadError("empty", "not a Word .docx file (not a zip archive): the file is empty")
    if _PDF_MAGIC in data[:1024]:  # PDF allows junk before the header
        raise ReadError("unsupported", "this is a PDF file named .docx")
    if data.startswith(_CFB_MAGIC):
        # Password-protected .docx files are stored in an OLE container, like old .doc files;
        # only the encrypted ones hold an EncryptionInfo stream (its name is UTF-16 in the directory).
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError("encrypted", "encrypted .docx (password required; OLE compound file, not a .docx zip)")
        raise ReadError("unsupported", "encrypted or legacy .doc file (OLE compound file, not a .docx zip)")
    if data.lstrip().startswith(_RTF_MAGIC):
        raise ReadError("unsupported", "this is an RTF file named .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if _MAIN_PART not in names:
                raise ReadError("corrupt", f"zip archive without {_MAIN_PART}")
            if archive.getinfo(_MAIN_PART).flag_bits & 0x1:
                raise ReadError("encrypted", "encrypted zip archive")
    except zipfile.BadZipFile as exc:
        raise ReadError("corrupt", "not a Word .docx file (not a zip archive)") from exc


def _open_package(data: bytes) -> WordPackage:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = open_word_package(archive)
    except etree.LxmlError as exc:
        raise ReadError("corrupt", f"corrupt XML in the .docx package: {exc}") from exc
    except (PackageError, KeyError, ValueError) as exc:
        raise ReadError("corrupt", f"damaged .docx package: {exc}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ReadError("corrupt", f"damaged zip archive: {exc}") from exc
    if package.content_type != CT.WML_DOCUMENT_MAIN:
        raise ReadError("unsupported", f"not a Word document (main part has content type {package.content_type})")
    return package


# --------------------------------------------------------------------------- XML helpers


def _children(parent: Element, tags: frozenset[str]) -> list[Element]:
    """Children with one of `tags`, looking through content controls and custom XML
    (a list: asked for every row, cell and paragraph, where a generator costs more)."""
    out = []
    for child in parent:
        tag = child.tag
        if tag in tags:
            out.append(child)
        elif tag in _CONTAINERS:
            out.extend(_children(child, tags))
    return out


def _inline_pieces(el: Element, run: Element | None = None) -> Iterator[tuple[str, Element | None]]:
    """(text, enclosing w:r) pieces of a paragraph in reading order."""
    out: list[tuple[str, Element | None]] = []
    _collect_pieces(el, run, out)  # a list filled by plain recursion: nested generators cost more
    return iter(out)


def _collect_pieces(el: Element, run: Element | None, out: list[tuple[str, Element | None]]) -> None:
    for child in el:
        tag = child.tag
        if tag in _SKIP_INLINE:
            continue
        if tag == W_T:
            out.append((child.text or "", run))
        elif tag in _INLINE_CHARS:
            out.append((_INLINE_CHARS[tag], run))
        else:
            _collect_pieces(child, child if tag == W_R else run, out)


def _clean(text: str) -> str:
    # split() and join() collapse the same whitespace as re's \s+ and strip(), faster;
    # translate() only when there is something to drop (it looks up every character)
    if "\u200b" in text or "\ufeff" in text or "\u00ad" in text:
        text = text.translate(_INVISIBLE)
    return " ".join(unicodedata.normalize("NFC", text).split())


def _paragraph_text(p: Element) -> str:
    out: list[str] = []
    _collect_text(p, out)
    return _clean("".join(out))


def _collect_text(el: Element, out: list[str]) -> None:
    """_collect_pieces without the runs: the texts of a cell's paragraphs (most of a file)."""
    for child in el:
        tag = child.tag
        if tag in _SKIP_INLINE:
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag in _INLINE_CHARS:
            out.append(_INLINE_CHARS[tag])
        else:
            _collect_text(child, out)


Boxes = dict[Element, list[Element]]


def anchored_boxes(root: Element) -> Boxes:
    """Text boxes by the paragraph they are anchored in: its own, not those of a text box inside
    it nor a fallback copy (one pass over the document, not a search below every paragraph)."""
    out: Boxes = {}
    for box in root.iter(W_TXBX):
        for ancestor in box.iterancestors():
            if ancestor.tag in (W_P, MC_FALLBACK):
                if ancestor.tag == W_P:
                    out.setdefault(ancestor, []).append(box)
                break
    return out


def _int_val(el: Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W_VAL, default))
    except ValueError:
        return default


def _on_off(el: Element | None) -> bool | None:
    """ST_OnOff toggle: None when the property is absent."""
    if el is None:
        return None
    return el.get(W_VAL, "true").lower() not in ("0", "false", "off")


def _prop(el: Element, path: str) -> Element | None:
    """el.find(path) for a child path of 'w:' names, without ElementPath's per-call set-up
    (it is asked several times for every cell and row)."""
    tags = _PATH_TAGS.get(path)
    if tags is None:
        tags = _PATH_TAGS[path] = tuple(qn(step) for step in path.split("/"))
    return _first_on_path(el, tags)


_PATH_TAGS: dict[str, tuple[str, ...]] = {}


def _first_on_path(el: Element, tags: tuple[str, ...]) -> Element | None:
    # the order ElementPath finds in: children matching the first step, each searched in turn
    if len(tags) == 2:  # "w:pPr/w:pStyle", "w:rPr/w:b": nearly every call, written out
        for child in el.iterchildren(tags[0]):
            for found in child.iterchildren(tags[1]):
                return found
        return None
    for child in el.iterchildren(tags[0]):
        if len(tags) == 1:
            return child
        found = _first_on_path(child, tags[1:])
        if found is not None:
            return found
    return None


def _blocks_text(container: Element, nested: list[Element], boxes: Boxes) -> str:
    """Text of a cell or text box; nested tables are appended to `nested`."""
    parts = []
    for child in _children(container, _BLOCKS):
        if child.tag == W_P:
            parts.append(_paragraph_text(child))
            parts.extend(_blocks_text(box, [], boxes) for box in boxes.get(child, ()))
        else:
            nested.append(child)
            parts.append(_table_text(child, boxes))
    if len(parts) == 1:
        return parts[0]  # cleaned already (a cell of one paragraph: most cells)
    return _clean(" ".join(parts))


def _table_text(tbl: Element, boxes: Boxes) -> str:
    cells = (tc for tr in _children(tbl, _ROWS) for tc in _children(tr, _CELLS))
    return _clean(" ".join(_blocks_text(tc, [], boxes) for tc in cells))


# --------------------------------------------------------------------------- tables


@dataclass
class _GridCell:
    """A cell while the grid is built; row_span grows as vMerge continues."""

    text: str
    row: int
    col: int
    col_span: int
    row_span: int = 1


def _props(el: Element, holder: str) -> dict[str, Element]:
    """The properties of a row or cell (children of its w:trPr / w:tcPr) by tag, the first of
    each as _prop finds it, collected in one pass (they are asked for several times per cell)."""
    out: dict[str, Element] = {}
    for box in el.iterchildren(holder):
        for child in box:
            out.setdefault(child.tag, child)
    return out


W_TRPR, W_TCPR = qn("w:trPr"), qn("w:tcPr")
# a row whose w:trPr holds w:del was removed with track changes on (still present in the XML)
W_DEL, W_GRID_BEFORE, W_GRID_SPAN = qn("w:del"), qn("w:gridBefore"), qn("w:gridSpan")
W_VMERGE, W_HMERGE, W_VAL = qn("w:vMerge"), qn("w:hMerge"), qn("w:val")


def _vmerge(props: dict[str, Element]) -> str | None:
    """'restart', 'continue' or None for a cell outside any vertical merge."""
    el = props.get(W_VMERGE)
    if el is None:
        return None
    return el.get(W_VAL, "continue")


def _hmerge_continues(props: dict[str, Element]) -> bool:
    """Legacy horizontal merge (w:hMerge) used by old Word versions instead of gridSpan."""
    el = props.get(W_HMERGE)
    return el is not None and el.get(W_VAL, "continue") == "continue"


def _join(a: str, b: str) -> str:
    return _clean(f"{a} {b}")


def _build_grid(tbl: Element, nested: list[Element], warnings: list[ReadWarning], label: str,
                boxes: Boxes) -> list[list[_GridCell]]:
    grid: list[list[_GridCell]] = []
    above: dict[int, _GridCell] = {}  # grid column -> cell covering it in the previous row
    rows = [(tr, props) for tr in _children(tbl, _ROWS) if W_DEL not in (props := _props(tr, W_TRPR))]
    for r, (tr, row_props) in enumerate(rows):
        col = _int_val(row_props.get(W_GRID_BEFORE), 0)
        cells: list[_GridCell] = []
        covering: dict[int, _GridCell] = {}
        for tc in _children(tr, _CELLS):
            props = _props(tc, W_TCPR)
            span = max(1, _int_val(props.get(W_GRID_SPAN), 1))
            text = _blocks_text(tc, nested, boxes)
            vmerge = _vmerge(props)
            if _hmerge_continues(props) and cells and cells[-1].col + cells[-1].col_span == col:
                cells[-1].col_span += span
                cells[-1].text = _join(cells[-1].text, text)
            elif vmerge == "continue" and col in above:
                anchor = above[col]
                anchor.row_span = r - anchor.row + 1
                # Word hides text typed into a continuation cell; keep it so nothing is lost.
                anchor.text = _join(anchor.text, text)
                covering[col] = anchor
            else:
                if vmerge == "continue":
                    warnings.append(ReadWarning("merge_orphan", f"{label}, row {r}, column {col}: vertical merge without a cell above"))
                cell = _GridCell(text, r, col, span)
                cells.append(cell)
                covering[col] = cell
            col += span
        grid.append(cells)
        above = covering
    return grid


def _to_cells(grid: list[list[_GridCell]], prov: Provenance) -> tuple[tuple[Cell, ...], ...]:
    """Cells with their place in Word: the table's number, 1-based row and grid column."""
    line, table = prov.line, prov.table  # prov carries nothing else (_read_table); replace() is slow per cell
    return tuple(
        tuple(Cell(c.text, c.row, c.col, c.row_span, c.col_span,
                   Provenance(line=line, table=table, row=c.row + 1, col=c.col + 1))
              for c in row)
        for row in grid
    )


# --------------------------------------------------------------------------- body


class _BodyReader:
    """Walks the body in order, collecting blocks; resolves styles through python-docx."""

    def __init__(self, styles: _StyleFacts, boxes: Boxes) -> None:
        self.styles = styles
        self.boxes = boxes
        self.blocks: list[Paragraph | Table] = []
        self.warnings: list[ReadWarning] = []
        self.n_tables = 0

    def read_body(self, body: Element) -> None:
        tags = _BLOCKS | {W_ALTCHUNK}
        for line, el in enumerate(_children(body, tags), start=1):
            if el.tag == W_ALTCHUNK:
                self.warnings.append(ReadWarning("not_read", f"body element {line}: embedded altChunk content not read"))
            else:
                self._read_block(el, line)

    def _read_block(self, el: Element, line: int) -> None:
        if el.tag == W_P:
            self._read_paragraph(el, line)
        else:
            self._read_table(el, line)

    def _read_paragraph(self, p: Element, line: int) -> None:
        pieces = list(_inline_pieces(p))
        text = _clean("".join(t for t, _ in pieces))
        if text:
            runs = [run for t, run in pieces if t.strip()]
            style = _style_id(p, "w:pPr/w:pStyle")
            self.blocks.append(
                Paragraph(text, Provenance(line=line), self._heading_level(p, style), self._all_bold(style, runs))
            )
        # Text-box content follows the paragraph it is anchored in.
        for box in self.boxes.get(p, ()):
            for child in _children(box, _BLOCKS):
                self._read_block(child, line)

    def _read_table(self, tbl: Element, line: int) -> None:
        index = self.n_tables
        self.n_tables += 1
        nested: list[Element] = []
        grid = _build_grid(tbl, nested, self.warnings, f"table {index}", self.boxes)
        prov = Provenance(line=line, table=index + 1)  # Word counts tables 1, 2, … in document order
        self.blocks.append(Table(_to_cells(grid, prov), prov, index))
        # A nested table is emitted as its own Table right after the enclosing one;
        # its text is also part of the enclosing cell, so nothing is lost either way.
        for inner in nested:
            self._read_table(inner, line)

    def _heading_level(self, p: Element, style: str | None) -> int:
        by_name, by_outline = self.styles.heading(style)
        if by_name is not None:
            return by_name
        # Localised or custom heading styles still carry an outline level (0 = level 1, 9 = body):
        # the paragraph's own first, then its style chain's.
        level = _int_val(_prop(p, "w:pPr/w:outlineLvl"), -1)
        if level >= 0:
            return level + 1 if level < 9 else 0
        return by_outline

    def _all_bold(self, style: str | None, runs: list[Element | None]) -> bool:
        para_bold = bool(self.styles.bold(style, WD_STYLE_TYPE.PARAGRAPH))
        return bool(runs) and all(self._run_bold(run, para_bold) for run in runs)

    def _run_bold(self, run: Element | None, para_bold: bool) -> bool:
        if run is None:
            return para_bold
        direct = _on_off(_prop(run, "w:rPr/w:b"))
        if direct is not None:
            return direct
        char_id = _style_id(run, "w:rPr/w:rStyle")
        if char_id is not None:
            bold = self.styles.bold(char_id, WD_STYLE_TYPE.CHARACTER)
            if bold is not None:
                return bold
        return para_bold


class _StyleFacts:
    """What the reader asks of a styles part: a style's heading level and bold, per style id.
    Resolving a style through python-docx walks every style of the part (the default of its
    type); a styles part is shared by the reports that have the same one and never changed,
    so the answers are kept with it (`style_facts`)."""

    def __init__(self, styles_el: Element) -> None:
        self.styles = Styles(styles_el)
        self._styles: dict[tuple[str | None, WD_STYLE_TYPE], BaseStyle | None] = {}
        self._headings: dict[str | None, tuple[int | None, int]] = {}
        self._bold: dict[tuple[str | None, WD_STYLE_TYPE], bool | None] = {}

    def _style(self, style_id: str | None, kind: WD_STYLE_TYPE) -> BaseStyle | None:
        key = (style_id, kind)
        if key not in self._styles:
            self._styles[key] = self.styles.get_by_id(style_id, kind)
        return self._styles[key]

    @staticmethod
    def _style_chain(style: BaseStyle | None) -> Iterator[BaseStyle]:
        seen: set[int] = set()
        while style is not None and id(style.element) not in seen:
            seen.add(id(style.element))
            yield style
            style = style.base_style

    def heading(self, style_id: str | None) -> tuple[int | None, int]:
        """The heading level a paragraph style's name gives (None when the name says nothing),
        and the one the outline level of its chain gives; asked once per style of the part."""
        if style_id in self._headings:
            return self._headings[style_id]
        style = self._style(style_id, WD_STYLE_TYPE.PARAGRAPH)
        name = (style.name or "") if style is not None else ""
        match = _HEADING_STYLE.fullmatch(name.strip())
        by_name = 1 if name.lower() == "title" else int(match.group(1)) if match else None
        by_outline = 0
        for s in self._style_chain(style):
            level = _int_val(_prop(s.element, "w:pPr/w:outlineLvl"), -1)
            if level >= 0:
                by_outline = level + 1 if level < 9 else 0
                break
        self._headings[style_id] = (by_name, by_outline)
        return by_name, by_outline

    def _chain_bold(self, style: BaseStyle | None) -> bool | None:
        for s in self._style_chain(style):
            bold = _on_off(_prop(s.element, "w:rPr/w:b"))
            if bold is not None:
                return bold
        return None

    def bold(self, style_id: str | None, kind: WD_STYLE_TYPE) -> bool | None:
        """_chain_bold of a style, once per style of the part."""
        key = (style_id, kind)
        if key not in self._bold:
            self._bold[key] = self._chain_bold(self._style(style_id, kind))
        return self._bold[key]


_FACTS: dict[int, tuple[Element, _StyleFacts]] = {}


def style_facts(styles_el: Element) -> _StyleFacts:
    # by identity; the element is held with its answer, so its id stays its own
    return remembered(_FACTS, id(styles_el), lambda: (styles_el, _StyleFacts(styles_el)))[1]


def _style_id(el: Element, path: str) -> str | None:
    ref = _prop(el, path)
    return None if ref is None else ref.get(W_VAL)
