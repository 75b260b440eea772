"""Tables of numbers that are not indicator lists: matrices, ranking tables, score tables.

`read_table` (tables.py) understands the periodic-report layout (code | indicator | unit | values by
period). Real archives also hold unit × criterion matrices (Bộ chỉ số 766), province × index tables
(PAR Index / SIPAS / PAPI / PCI), ranking appendices (unit × điểm chuẩn / tự đánh giá / thẩm định /
chỉ số) and self-assessment score tables. This module reads any such grid from its content:

- header rows are the leading rows without numbers; header fragments that a PDF split inside a word
  ("Đ" | "iểm tự") are joined, lines wrapped inside a header cell are joined with a space, and levels
  (group header over sub-header) are joined with " · " ("PAR Index · Thứ hạng");
- every numeric cell of a body row becomes one value, its column measure taken from the header cells
  it lies under; rows whose cells sit shifted (a page of a stitched PDF table laid out differently) are
  mapped by position onto the table's usual value columns, with a flag;
- the text before the first number is the row label (with its row code), and the entity when the
  label column names units or the label names one ("UBND xã Đức Trọng" -> "xã Đức Trọng");
- summary rows ("Chỉ số cao nhất", "Tổng cộng") are kept and flagged `summary_row`;
- text-only rows inside the body are group rows: parents of the rows below (and their period when
  they name one); repeated header rows are skipped.

Vocabulary (summary labels, note/rank/score/grade/entity headers, entity prefixes) is in
schemas/table_shapes.csv. Numbers are not parsed here and labels not matched: like tables.py, this
stage only reads the layout.
"""

from __future__ import annotations

import csv
import dataclasses
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from extract.model import Cell, Table

from .periods import Period, header_period
from .tables import _CODE, Column, ReadTable, Row, TableError, TableValue, assign_parents, join_continued_rows

LEVEL_JOIN = " · "
# A cell holding figures only: "83,1/100", "62/63", "95,27%", "1.700/2.912/3.141", "862/1.266 (68,1%)".
_NUMERIC_CELL = regex.compile(
    r"^[~≈<>]?\s*\d[\d.,]*\s*%?(?:\s*/\s*\d[\d.,]*\s*%?)*(?:\s*\(\s*\d[\d.,]*\s*%?\s*\))?\s*(?:điểm|đ)?$", regex.I)
_BARE_YEAR = regex.compile(r"^(?:19|20)\d\d$")
_ROW_NUMBER = regex.compile(r"^\d{1,4}\.?$")  # rank / row number of long tables (124 communes)
_WORD = regex.compile(r"\w+")

FLAG_SUMMARY = "summary_row"
FLAG_SHAPE_UNKNOWN = "table_shape_unknown"
FLAG_BY_POSITION = "column_by_position"
FLAG_UNALIGNED = "column_unaligned"
FLAG_AMBIGUOUS_COLUMN = "column_ambiguous"
FLAG_ENTITY_FROM_COLUMN = "entity_from_column"


@dataclass(frozen=True)
class ShapeVocab:
    summary: tuple[str, ...]
    note_header: tuple[str, ...]
    rank_header: tuple[str, ...]
    score_header: tuple[str, ...]
    grade_header: tuple[str, ...]
    entity_header: tuple[str, ...]
    entity_prefix: tuple[str, ...]
    entity_strip: tuple[str, ...]
    entity_lower: tuple[str, ...]
    title_skip: tuple[str, ...]


@lru_cache(maxsize=65_536)  # pure; the same headers and labels are asked for per value and per rule
def norm(text: str) -> str:
    """Lower-case NFC text with single spaces and no surrounding punctuation."""
    t = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(t.split()).strip(" .:;,-–()")


@lru_cache(maxsize=2)
def load_vocab(path: str | None = None) -> ShapeVocab:
    p = Path(path) if path else Path(__file__).resolve().parents[1] / "schemas" / "table_shapes.csv"
    by_kind: dict[str, list[str]] = {f.name: [] for f in dataclasses.fields(ShapeVocab)}
    with p.open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            by_kind[row["kind"]].append(norm(row["phrase"]))
    return ShapeVocab(**{k: tuple(v) for k, v in by_kind.items()})


@lru_cache(maxsize=64)
def _longest_first(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(phrases, key=len, reverse=True))


@lru_cache(maxsize=65_536)  # pure; asked for every value's header levels and every row label
def _starts_with(text: str, phrases: tuple[str, ...]) -> str | None:
    t = norm(text)
    for p in _longest_first(phrases):
        if t == p or t.startswith(p + " ") or t.startswith(p + ","):
            return p
    return None


def is_numeric_cell(text: str) -> bool:
    return bool(_NUMERIC_CELL.match(text.strip()))


def is_summary_label(label: str, vocab: ShapeVocab | None = None) -> bool:
    vocab = vocab or load_vocab()
    return norm(label) in vocab.summary


def normalise_entity(label: str, vocab: ShapeVocab | None = None) -> str:
    """'UBND xã Đức Trọng' -> 'xã Đức Trọng'; 'Phường Bình Thuận' -> 'phường Bình Thuận'."""
    vocab = vocab or load_vocab()
    t = " ".join(unicodedata.normalize("NFC", label).split()).strip(" .;,")
    folded = norm(t)
    for p in sorted(vocab.entity_strip, key=len, reverse=True):
        if folded.startswith(p + " "):
            t = t[len(p):].strip()
            folded = norm(t)
            break
    for p in sorted(vocab.entity_lower, key=len, reverse=True):
        if folded.startswith(p + " "):
            t = p + t[len(p):]
            break
    return t


def entity_of(label: str, header: str, vocab: ShapeVocab | None = None) -> str:
    """The unit a row is about, or '' when the row is an indicator/criterion."""
    vocab = vocab or load_vocab()
    if not label or is_summary_label(label, vocab):
        return ""
    if _starts_with(label, vocab.entity_prefix) or (header and _starts_with(header, vocab.entity_header)):
        return normalise_entity(label, vocab)
    return ""


# ---------------------------------------------------------------- header


def _is_body_row(row: tuple[Cell, ...]) -> bool:
    """A row with a figure beyond its first cell (the first may be a row number)."""
    cells = [c for c in row if c.text.strip()]
    nums = [c for c in cells[1:] if is_numeric_cell(c.text) and not _BARE_YEAR.match(c.text.strip())]
    return bool(nums)


def _is_group_row(row: tuple[Cell, ...]) -> bool:
    cells = [c for c in row if c.text.strip()]
    return len(cells) == 1 and cells[0].col <= 1 and cells[0].col_span == 1


def _is_column_numbering(row: tuple[Cell, ...]) -> bool:
    """A row '1 | 2 | 3 | …' or '(1) | (2) | …' numbering the columns."""
    texts = [c.text.strip().strip("()") for c in row if c.text.strip()]
    return len(texts) >= 3 and all(t.isdigit() for t in texts) and [int(t) for t in texts] == list(
        range(int(texts[0]), int(texts[0]) + len(texts)))


def _join_fragments(cells: list[Cell]) -> list[tuple[int, int, str]]:
    """(first col, end col, text) segments of one header row, PDF word fragments joined."""
    segs: list[list] = []
    for c in sorted((c for c in cells if c.text.strip()), key=lambda c: c.col):
        text = " ".join(c.text.split())
        if segs and text[:1].islower() and segs[-1][2][-1:].isalpha() and segs[-1][1] >= c.col:
            left_words, right_words = _WORD.findall(segs[-1][2]), _WORD.findall(text)
            glue = "" if (left_words and len(left_words[-1]) <= 2) or (right_words and len(right_words[0]) <= 1) else " "
            segs[-1][1] = c.col + c.col_span
            segs[-1][2] = segs[-1][2] + glue + text
            continue
        segs.append([c.col, c.col + c.col_span, text])
    return [(a, b, t) for a, b, t in segs]


def compose_headers(header_rows: list[tuple[Cell, ...]], width: int) -> list[list[str]]:
    """Header levels of every grid column, top-down."""
    cols: list[list[str]] = [[] for _ in range(width)]
    seg_rows = [_join_fragments(list(row)) for row in header_rows]
    for r, segs in enumerate(seg_rows[:-1]):
        # a group header typed once over empty cells ("PAR INDEX 2024" | "" in a text table) covers
        # them where the row below has sub-headers
        below = {c for a, b, _ in seg_rows[r + 1] for c in range(a, b)}
        starts = {a for a, _, _ in segs}
        for k, (a, b, text) in enumerate(segs):
            end = b
            while end < width and end in below and end not in starts and a in below:
                end += 1
            segs[k] = (a, end, text)
    for segs in seg_rows:
        for start, end, text in segs:
            for c in range(start, min(end, width)):
                levels = cols[c]
                if levels and (text[:1].islower() or text[:1] == "("):
                    levels[-1] = f"{levels[-1]} {text}"  # a header line wrapped onto the next grid row
                elif text not in levels:
                    levels.append(text)
    return cols


def _covered(cell: Cell, cols: list[list[str]]) -> list[list[str]]:
    """Distinct header level lists of the grid columns a cell covers, left to right."""
    out: list[list[str]] = []
    for c in range(cell.col, min(cell.col + cell.col_span, len(cols))):
        if cols[c] and cols[c] not in out:
            out.append(cols[c])
    return out


def _header_for(cell: Cell, cols: list[list[str]]) -> list[str]:
    """The most specific header among the grid columns a cell covers (a group header and its
    sub-header are one column; two different sub-headers are a conflict: see _conflicting)."""
    best: list[str] = []
    for cand in _covered(cell, cols):
        if (len(cand), len(" ".join(cand))) > (len(best), len(" ".join(best))):
            best = cand
    return best


def _conflicting(cell: Cell, cols: list[list[str]]) -> list[list[str]]:
    """Covered headers that are not one another's ancestors (a cell spanning two value columns)."""
    covered = _covered(cell, cols)
    joined = [LEVEL_JOIN.join(h) for h in covered]
    leaves = [h for h, j in zip(covered, joined) if not any(o != j and o.startswith(j) for o in joined)]
    return leaves if len(leaves) > 1 else []


# ---------------------------------------------------------------- body


@dataclass(frozen=True)
class _BodyRow:
    cells: tuple[Cell, ...]
    code: str
    label_cells: tuple[Cell, ...]
    numbers: tuple[Cell, ...]
    trailing: tuple[Cell, ...]  # text after the first number (grades, notes)


def _split_row(row: tuple[Cell, ...]) -> _BodyRow:
    cells = [c for c in sorted(row, key=lambda c: c.col) if c.text.strip()]
    code = ""
    first = cells[0].text.strip() if cells else ""
    if len(cells) > 1 and (_CODE.match(first) or _ROW_NUMBER.match(first)) and not is_numeric_cell(cells[1].text):
        code, cells = cells[0].text.strip(), cells[1:]
    first_num = next((i for i, c in enumerate(cells) if is_numeric_cell(c.text)), len(cells))
    labels = tuple(cells[:first_num])
    rest = cells[first_num:]
    return _BodyRow(tuple(row), code, labels, tuple(c for c in rest if is_numeric_cell(c.text)),
                    tuple(c for c in rest if not is_numeric_cell(c.text)))


def _reference_headers(rows: list[_BodyRow], cols: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The value-column headers of the table: the commonest layout among well-aligned rows."""
    layouts: Counter = Counter()
    for r in rows:
        hs = tuple(tuple(_header_for(c, cols)) for c in r.numbers)
        if hs and all(hs) and len(set(hs)) == len(hs):
            layouts[hs] += 1
    return layouts.most_common(1)[0][0] if layouts else ()


def _rank_header(levels: list[str], vocab: ShapeVocab) -> bool:
    return bool(levels) and _starts_with(levels[-1], vocab.rank_header) is not None


# ---------------------------------------------------------------- table


def read_shaped_table(table: Table, context_period: Period | None = None, title_period: Period | None = None,
                      context_flag: str = "") -> ReadTable:
    """Read a matrix / ranking / score table; raise TableError when it has no header or no figures.

    Periods, most specific first: the value's column header (any level), a group row above it, the
    table's title (`title_period`, flag `period_from_table_title`), the section or report period
    (`context_period`, flagged with `context_flag`); none -> empty period (the pipeline flags it).
    """
    vocab = load_vocab()
    rows = [r for r in table.rows if any(c.text.strip() for c in r)]
    n_header = 0
    while n_header < min(len(rows), 6) and not _is_body_row(rows[n_header]):
        n_header += 1
    if n_header == len(rows):
        raise TableError(f"table {table.index + 1}: no figures in the table")
    while n_header > 1 and _is_group_row(rows[n_header - 1]):
        n_header -= 1  # "Năm 2023" alone in the label column just above the figures: a group row
    if n_header == 0:
        first = " | ".join(c.text for c in rows[0] if c.text.strip())[:80] if rows else ""
        raise TableError(f"table {table.index + 1}: no recognisable header row (first row: '{first}')")
    header_rows = [r for r in rows[:n_header] if not _is_column_numbering(r)]
    cols = compose_headers(header_rows, table.n_cols)
    header_texts = {norm(t) for levels in cols for lv in levels for t in (lv, *lv.split(LEVEL_JOIN))}
    body = [_split_row(r) for r in rows[n_header:] if not _is_column_numbering(r)]
    reference = _reference_headers(body, cols)
    known_shape = bool(reference)

    out_rows: list[Row] = []
    meta: list[dict] = []  # per out_rows entry: entity, group period, summary, headers per value
    group_period = None
    merged: dict[int, str] = {}  # grid row -> a label merged down over it (Word vMerge: "Nhóm 1")
    for br in body:
        own = [c for c in br.label_cells if c.row_span > 1 and len(br.label_cells) > 1]
        for c in own:
            for rr in range(c.row, c.row + c.row_span):
                merged[rr] = " ".join(c.text.split())
        label_cells = [c for c in br.label_cells if c not in own]
        br = dataclasses.replace(br, label_cells=tuple(label_cells))
        texts = [" ".join(c.text.split()) for c in br.label_cells]
        if not br.numbers:
            if not br.code and texts and all(norm(t) in header_texts for t in texts):
                continue  # a header repeated on a later page
            if not texts and not br.code:
                continue
            # a text-only row: a group row (or a criterion with no score) that may name a period
            label = " - ".join(texts) or " ".join(" ".join(c.text.split()) for c in br.trailing)
            p = header_period(label)
            if not br.code:
                group_period = p or group_period
            out_rows.append(Row(grid_row=br.cells[0].row, code=br.code, label=label, unit="", agency="",
                                note="", values=(), flags=()))
            meta.append({"entity": "", "summary": False, "period": group_period, "headers": []})
            continue
        label, row_group = " - ".join(texts), merged.get(br.cells[0].row, "")
        if len(texts) > 1:  # "Nhóm 2 | Thanh tra tỉnh": the unit is the label, what stands before it the group
            hdrs = [_header_for(c, cols) for c in br.label_cells]
            k = next((i for i, (t, h) in enumerate(zip(texts, hdrs)) if entity_of(t, h[-1] if h else "", vocab)), 0)
            if k:
                label, row_group = " - ".join(texts[k:]), row_group or " - ".join(texts[:k])
                br = dataclasses.replace(br, label_cells=br.label_cells[k:])
        flags: list[str] = []
        headers = [_header_for(c, cols) for c in br.numbers]
        keys = [tuple(h) for h in headers]
        if reference and len(br.numbers) == len(reference) and keys != list(reference):
            headers, flags = [list(h) for h in reference], [FLAG_BY_POSITION]
        else:
            for k, c in enumerate(br.numbers):
                leaves = _conflicting(c, cols)
                leaves = [h for h in leaves if _measure_kind(h, vocab) != "grade"] or leaves  # a figure is no grade
                if leaves:  # e.g. a summary figure printed across the whole row: the last column
                    headers[k] = leaves[-1]
                    flags.append(FLAG_AMBIGUOUS_COLUMN)
            if not all(headers):
                flags.append(FLAG_UNALIGNED)
        label_header = _header_for(br.label_cells[0], cols) if br.label_cells else []
        summary = is_summary_label(label, vocab)
        if summary:
            flags.append(FLAG_SUMMARY)
        notes, extra_values = [], []
        for c in br.trailing:
            h = _header_for(c, cols)
            if (h and _starts_with(h[-1], vocab.note_header)) or len(c.text.split()) > 6:
                notes.append(" ".join(c.text.split()))
            else:
                extra_values.append((c, h))
        values = list(zip(br.numbers, headers)) + extra_values
        code_header = _header_for(next(c for c in br.cells if c.text.strip()), cols) if br.code else []
        if br.code and _rank_header(code_header, vocab) and br.code.isdigit():
            code_cell = next(c for c in br.cells if c.text.strip())
            values.insert(0, (code_cell, code_header))  # the row number is the rank
        columns = tuple((Column(c.col, "measure", LEVEL_JOIN.join(h)), c) for c, h in values)
        out_rows.append(Row(grid_row=br.cells[0].row, code=br.code, label=label, unit="", agency="",
                            note=" ".join(notes), values=columns, flags=tuple(flags)))
        meta.append({"entity": entity_of(label, label_header[-1] if label_header else "", vocab),
                     "summary": summary, "period": group_period,
                     "headers": [h for _, h in values], "group": row_group})
    # keep continued-row joining and code parents of the indicator reader
    joined = join_continued_rows(out_rows)
    if len(joined) != len(out_rows):  # a wrapped label: recompute entities of the joined rows
        by_row = {r.grid_row: m for r, m in zip(out_rows, meta)}
        meta = [dict(by_row[r.grid_row], entity=entity_of(r.label, "", vocab) or by_row[r.grid_row]["entity"])
                for r in joined]
    parented = assign_parents(joined)
    values: list[TableValue] = []
    for i, (row, m) in enumerate(zip(parented, meta)):
        parent = parented[row.parent] if row.parent is not None and not m["summary"] and not m["entity"] else None
        if m.get("group"):
            parent = Row(grid_row=row.grid_row, code="", label=m["group"], unit="", agency="", note="", values=())
        for (col, cell), levels in zip(row.values, m["headers"]):
            period, pflag = _value_period(levels, m["period"], title_period, context_period, context_flag)
            # `context_flag` may name several flags, ';'-joined (the report's period read from its preamble, cut off)
            flags = row.flags + tuple(f for f in pflag.split(";") if f) + (() if known_shape else (FLAG_SHAPE_UNKNOWN,))
            header = col.header or f"cột {cell.col + 1}"
            entity = m["entity"]
            if not entity and not m["summary"] and levels and _starts_with(levels[-1], vocab.entity_prefix):
                # units as columns ("Tiêu chí | Sở Tư pháp | UBND xã A"): the row is the measure
                entity = normalise_entity(levels[-1], vocab)
                flags += (FLAG_ENTITY_FROM_COLUMN,)
            values.append(TableValue(
                table_index=table.index, grid_row=cell.row, grid_col=cell.col, row_code=row.code,
                label=row.label or header, parent_label=parent.label if parent else "",
                parent_code=parent.code if parent else "", unit_raw="", agency="", note=row.note,
                column_header=header, period=period, cell=cell, row_flags=tuple(dict.fromkeys(flags)),
                entity=entity, measure_kind=_measure_kind(levels, vocab)))
    columns = tuple(Column(c, "measure", LEVEL_JOIN.join(levels)) for c, levels in enumerate(cols))
    return ReadTable(table, columns, tuple(parented), tuple(values), False, shape="matrix")


def _measure_kind(levels: list[str], vocab: ShapeVocab) -> str:
    if not levels:
        return ""
    last = levels[-1]
    if _starts_with(last, vocab.rank_header):
        return "rank"
    if _starts_with(last, vocab.grade_header):
        return "grade"
    if _starts_with(last, vocab.score_header):
        return "score"
    return ""


def _value_period(levels: list[str], group: Period | None, title: Period | None, context: Period | None,
                  context_flag: str) -> tuple[Period | None, str]:
    for text in reversed(levels):
        p = header_period(text)
        if p is not None:
            return p, ""
    if group is not None:
        return group, ""
    if title is not None:
        return title, "period_from_table_title"
    if context is not None:
        return context, context_flag
    return None, ""


_PARTS_CELL = regex.compile(r"^\d[\d.,]*(?:\s*/\s*\d[\d.,]*){2,}$")
_HEADER_PARTS_SEP = regex.compile(r"\s+-\s+|\s+·\s+")


def split_by_header(text: str, header: str) -> list[tuple[str, str]]:
    """A cell 'a/b/c' under a header naming its parts 'X/Y/Z' ("Số hồ sơ hỗ trợ/Tổng hồ sơ trực
    tuyến/Tổng số hồ sơ"): [(X, a), (Y, b), (Z, c)]. Empty when the cell or header is not of that form
    or the counts differ (the cell is then read as one value, or kept as text)."""
    t = text.strip()
    if not _PARTS_CELL.match(t):
        return []
    last = _HEADER_PARTS_SEP.split(header)[-1]
    names = [" ".join(n.split()) for n in last.split("/")]
    parts = [p.strip() for p in t.split("/")]
    if len(names) != len(parts) or not all(names):
        return []
    return list(zip(names, parts))
