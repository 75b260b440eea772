"""Table rows into value records: indicator-list tables (row label -> canonical indicator)
and matrix / ranking / score tables (row entity x column measure, normalize/table_shapes.py)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import regex

from extract import Document, Provenance
from normalize.match import HEAD_BEST, IndicatorList, Match, match_label
from normalize.match_batch import prefetch_scores
from normalize.measures import measure_indicator
from normalize.metadata import ReportMeta
from normalize.numbers import ParsedNumber, parse_number
from normalize.table_numbers import column_context, out_of, read_cell
from normalize.periods import Period, parse_period
from normalize.sections import Section
from normalize.ocr_forms import FLAG_HEADER_SLASH_OCR_READ, slashed_header
from normalize.table_shapes import load_vocab, norm, normalise_entity, read_shaped_table, split_by_header
from normalize.tables import ReadTable, TableError, TableValue, read_table
from schemas.load import flag_factor

from .records import ValueRecord, reader_flags, source_via

FLAG_PARENT_FROM_SCHEMA = "parent_from_schema"
_RATE_LABEL = regex.compile(r"^\s*t[ỷỉ] lệ\b", regex.I)  # "Tỷ lệ …" rows hold percents
_YEAR_OF_DATE = regex.compile(r"năm\s+((?:19|20)\d\d)")
_DATE_LINE = regex.compile(r"\bngày\b.{0,12}\btháng\b.{0,12}\bnăm\s+\d{4}", regex.I)
NO_FIGURES = "no figures in the table"


def read_any_table(table, context: Period | None = None, title_period: Period | None = None,
                   context_flag: str = "") -> ReadTable:
    """The indicator-list reader first; a table it cannot read, or reads without row labels, goes to
    the matrix / ranking reader. Raises TableError with the indicator reader's reason (no header row,
    no value column), or NO_FIGURES when the table holds no figures at all."""
    try:
        read = read_table(table, context)
    except TableError as exc:
        try:
            return read_shaped_table(table, context, title_period, context_flag)
        except TableError as shape_exc:
            if str(shape_exc).endswith(NO_FIGURES):
                raise
            raise exc from shape_exc
    if _unlabelled(read):
        try:
            return read_shaped_table(table, context, title_period, context_flag)
        except TableError:
            pass
    return read


def _unlabelled(read: ReadTable) -> bool:
    """Most values of the table have neither a row label nor a row code."""
    bare = sum(1 for v in read.values if not v.label.strip() and not v.row_code)
    return bool(read.values) and bare * 2 > len(read.values)


def period_from_date(meta: ReportMeta) -> Period | None:
    """The calendar year of the report's date ('ngày … tháng 11 năm 2025' -> 2025), or None."""
    year = meta.date.year if meta.date else None
    if year is None and meta.date_text:
        m = _YEAR_OF_DATE.search(meta.date_text)
        year = int(m.group(1)) if m else None
    if year is None:
        return None
    from datetime import date
    return Period(date(year, 1, 1), date(year, 12, 31), str(year))


def table_titles(doc: Document, look_back: int = 3, far: int = 12) -> dict[int, tuple[str, Period | None, str]]:
    """The paragraphs just above each table (its title or lead-in sentence), the period the nearest
    of them names, and the longer text above it (the last `far` paragraphs, across earlier tables:
    the heading that says which part of an index a table shows). Date lines and 'Kèm theo …' lines
    are skipped: their year is not the table's."""
    skip = tuple(k for k in load_vocab().title_skip if k != "ngày")

    def title_text(block) -> str:  # "" for a paragraph no title is taken from
        text = " ".join(block.text.split())
        return "" if not text or _DATE_LINE.search(text) or norm(text).startswith(skip) else text

    def last_texts(paragraphs: list, count: int) -> list[str]:
        """The last `count` title texts of `paragraphs`, in order: only those are ever read,
        and a prose report has many paragraphs and few tables."""
        found: list[str] = []
        for block in reversed(paragraphs):
            if len(found) == count:
                break
            if text := title_text(block):
                found.append(text)
        return found[::-1]

    out: dict[int, tuple[str, Period | None, str]] = {}
    history: list[str] = []  # the last `far` title texts before the last table
    previous: tuple[tuple[str, ...], int] | None = None  # header texts and index of the last table
    since: list = []  # the paragraphs after the last table
    for block in doc.blocks:
        if not hasattr(block, "rows"):
            since.append(block)
            continue
        head = tuple(" ".join(c.text.split()) for c in block.rows[0]) if block.rows else ()
        # one more than look_back tells a lead-in of more than look_back paragraphs
        recent = last_texts(since, max(far, look_back + 1))
        history = (history + recent)[-far:]
        if previous and previous[0] == head and len(recent) <= look_back:
            out[block.index] = out[previous[1]]  # the same table again after a page break / footnote
        else:
            texts = recent[-look_back:]
            period = next((p for p in (parse_period(t) for t in reversed(texts)) if p), None)
            out[block.index] = (" ".join(texts), period, " ".join(history))
        previous = (head, block.index)
        since = []
    return out


def table_records(read: ReadTable, section: Section, doc: Document, path: Path, rid: str,
                  indicators: IndicatorList, title: str = "", meta: ReportMeta | None = None,
                  context_flag: str = "", above: str = "") -> list[ValueRecord]:
    if read.shape == "matrix":
        return matrix_records(read, section, doc, path, rid, indicators, title, meta, above)
    matches = _match_rows(read, section, indicators)
    parents = _schema_parents(read, matches, indicators)
    contexts = _column_contexts(read)
    out = []
    for tv in read.values:
        key = (tv.label, tv.parent_label, tv.row_code)
        match = matches[key]
        parent_label, parent_flag = parents.get((tv.grid_row, tv.label), (tv.parent_label, ""))
        indicator = indicators.get(match.indicator_id) if match.indicator_id else None
        unit_hint = tv.unit_raw or (indicator.unit if indicator and indicator.unit == "%" else None) or \
            ("%" if _RATE_LABEL.match(tv.label) else None)
        parts, how = split_by_header(tv.cell.text, tv.column_header), (FLAG_SPLIT_BY_HEADER,)
        slashed = None if parts else slashed_header(tv.column_header, tv.cell.text.count("/") + 1)
        if slashed:  # a scan read a slash of the header as a letter ('hỗ trợfTổng'): the names as printed
            parts, how = split_by_header(tv.cell.text, slashed), how + (FLAG_HEADER_SLASH_OCR_READ,)
        readings = [(tv.cell.text, tv.column_header, unit_hint, ())] if not parts else [
            (text, f"{tv.column_header} · {name}", name, how) for name, text in parts]
        for text, header, hint_unit, extra in readings:
            if tv.cell.number is not None and not parts:  # a spreadsheet's typed number: its text is not read again
                parsed = typed_number(tv.cell, hint_unit or None)
            else:
                parsed = read_cell(text, contexts.get(tv.grid_col), unit=hint_unit or None)
            if extra and parsed.unit == hint_unit:
                parsed = dataclasses.replace(parsed, unit=None)  # the part's name is not a unit
            flags = _flags(tv, parsed, match, parent_flag) + list(extra) + reader_flags(doc)
            if tv.period is not None and tv.period == read_context(read):
                flags += [f for f in context_flag.split(";") if f in _CONTEXT_FLAGS]
            out.append(_table_record(tv, parsed, match, indicator, parent_label, header, flags, section, doc, path, rid))
    return out


FLAG_SPLIT_BY_HEADER = "split_by_header"
# how a context period was found, carried onto the values of the generic columns that took it
# (a period the title names is the report's own: `period_from_report` is not repeated on every value)
_CONTEXT_FLAGS = ("period_from_report_date", "period_from_table_title", "period_from_preamble", "period_cutoff",
                  "period_start_assumed")


def _table_record(tv: TableValue, parsed: ParsedNumber, match: Match, indicator, parent_label: str, header: str,
                  flags: list[str], section: Section, doc: Document, path: Path, rid: str) -> ValueRecord:
    numerator, denominator, max_value, rank_of = out_of(parsed)
    return ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section=section.id,
            section_title=section.title, origin="table", table_index=tv.table_index, row=tv.grid_row,
            col=tv.grid_col, row_code=tv.row_code, label_raw=tv.label, parent_label=parent_label,
            indicator_id=match.indicator_id or "", indicator_label=match.indicator_label or "",
            indicator_parent_id=match.parent_id or "", match_score=round(match.score, 1),
            column_header=header, period=tv.period.label if tv.period else "",
            period_start=tv.period.start if tv.period else None, period_end=tv.period.end if tv.period else None,
            value=parsed.value, value_text=parsed.text or "", value_raw=tv.cell.text, value_kind=parsed.kind,
            unit=parsed.unit or tv.unit_raw or (indicator.unit if indicator and indicator.unit else "") or "",
            numerator=numerator, denominator=denominator, max_value=max_value, rank_of=rank_of,
            agency=tv.agency, note=tv.note,
            measure="", scope="", qualifier="", sentence="", char_start=None, char_end=None,
            page=tv.cell.prov.page, bbox=",".join(f"{x:.1f}" for x in tv.cell.prov.bbox) if tv.cell.prov.bbox else "",
            line=tv.cell.prov.line, confidence=_confidence(tv, parsed, match, flags), flags=";".join(flags),
            entity=normalise_entity(tv.entity) if tv.entity else "",
            source_via=source_via(doc), **_position(tv.cell.prov))


def read_context(read: ReadTable) -> Period | None:
    """The period the reader gave the generic value columns (the context period), if any."""
    return next((c.period for c in read.columns if c.role == "value" and c.period is not None
                 and not parse_period(c.header)), None)


FLAG_INDICATOR_FROM_COLUMN = "indicator_from_column"
_KIND_UNIT = {"score": "điểm", "rank": "hạng"}


def matrix_records(read: ReadTable, section: Section, doc: Document, path: Path, rid: str,
                   indicators: IndicatorList, title: str, meta: ReportMeta | None, above: str = "") -> list[ValueRecord]:
    """Values of a matrix / ranking / score table: the indicator comes from the column measure
    (schemas/measure_indicators.csv), the row is the entity or criterion; 'a/b' cells in score
    and rank columns are a value out of a maximum or a rank out of a total, not a ratio."""
    subject = meta.subject if meta else ""
    context = " ".join(x for x in (section.title, subject) if x)
    by_header: dict[tuple[str, str], list[str]] = {}
    for tv in read.values:  # siblings by measure: a stitched PDF table puts one measure in several grid columns
        by_header.setdefault((tv.column_header, tv.measure_kind), []).append(tv.cell.text)
    contexts = {(h, kind): column_context(h, texts, kind=kind) for (h, kind), texts in by_header.items()}
    label_matches: dict[tuple[str, str, str], Match] = {}
    out = []
    for tv in read.values:
        measure = tv.label if "entity_from_column" in tv.row_flags else tv.column_header
        ind_id = measure_indicator(measure, title, context, above)
        if ind_id and indicators.get(ind_id):
            ind = indicators.get(ind_id)
            match = Match(ind_id, ind.label_vi, ind.parent_id, None, 100.0, (), (FLAG_INDICATOR_FROM_COLUMN,))
        elif not tv.entity and "summary_row" not in tv.row_flags:  # a criterion row: match its label
            key = (tv.label, tv.parent_label, tv.row_code)
            if key not in label_matches:
                label_matches[key] = match_label(tv.label, parent=tv.parent_label or None,
                                                 section=section.title or title or None,
                                                 code=tv.row_code or None, indicators=indicators, candidates=False)
            match = label_matches[key]
        else:
            match = Match(None, None, None, None, 0.0, (), ("label_unmatched",))
        # the column's header and other values decide: score out of a maximum, rank of a total, or ratio
        parsed = read_cell(tv.cell.text, contexts[(tv.column_header, tv.measure_kind)], kind=tv.measure_kind)
        numerator, denominator, max_value, rank_of = out_of(parsed)
        ind = indicators.get(match.indicator_id) if match.indicator_id else None
        unit = parsed.unit or _KIND_UNIT.get(tv.measure_kind, "") or (ind.unit if ind and ind.unit != "text" else "")
        flags = _flags(tv, parsed, match, "") + reader_flags(doc)
        out.append(ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section=section.id,
            section_title=section.title, origin="table", table_index=tv.table_index, row=tv.grid_row,
            col=tv.grid_col, row_code=tv.row_code, label_raw=tv.label, parent_label=tv.parent_label,
            indicator_id=match.indicator_id or "", indicator_label=match.indicator_label or "",
            indicator_parent_id=match.parent_id or "", match_score=round(match.score, 1),
            column_header=tv.column_header, period=tv.period.label if tv.period else "",
            period_start=tv.period.start if tv.period else None, period_end=tv.period.end if tv.period else None,
            value=parsed.value, value_text=parsed.text or "", value_raw=tv.cell.text, value_kind=parsed.kind,
            unit=unit, numerator=numerator, denominator=denominator, agency="", note=tv.note,
            measure="", scope="", qualifier="", sentence="", char_start=None, char_end=None,
            page=tv.cell.prov.page, bbox=",".join(f"{x:.1f}" for x in tv.cell.prov.bbox) if tv.cell.prov.bbox else "",
            line=tv.cell.prov.line, confidence=_confidence(tv, parsed, match, flags), flags=";".join(flags),
            entity=tv.entity, max_value=max_value, rank_of=rank_of, source_via=source_via(doc),
            **_position(tv.cell.prov)))
    return out


def typed_number(cell, unit: str | None) -> ParsedNumber:
    """Read a typed spreadsheet number through the same rules as text (unit words, money
    scale, percent checks), from a text that cannot be misread: decimal comma, no grouping,
    never exactly three decimals (those could be a thousands group)."""
    number = Decimal(repr(cell.number))
    whole, _, frac = format(number.normalize(), "f").partition(".")
    if len(frac) == 3:
        frac += "0"
    text = whole + ("," + frac if frac else "") + ("%" if cell.number_unit == "%" else "")
    parsed = parse_number(text, unit="%" if cell.number_unit == "%" else unit)
    return dataclasses.replace(parsed, raw=cell.text)


def _position(prov: Provenance) -> dict:
    """The box's unit and page size, and a cell reference a person can look up in the source."""
    cell_ref = prov.ref or (f"bảng {prov.table}, hàng {prov.row}, cột {prov.col}"
                            if prov.table and prov.row and prov.col else "")
    return {"bbox_unit": (prov.bbox_unit or "") if prov.bbox else "", "page_width": prov.page_width,
            "page_height": prov.page_height, "cell_ref": cell_ref}


def _match_rows(read: ReadTable, section: Section, indicators: IndicatorList) -> dict[tuple[str, str, str], Match]:
    out: dict[tuple[str, str, str], Match] = {}
    # the table's new labels scored in one call (the same scores as one by one)
    prefetch_scores([(tv.label, tv.row_code or None) for tv in read.values] +
                    ([] if read.transposed else [(row.label, row.code or None) for row in read.rows]), indicators,
                    HEAD_BEST)
    for tv in read.values:
        key = (tv.label, tv.parent_label, tv.row_code)
        if key not in out:
            out[key] = match_label(tv.label, parent=tv.parent_label or None, section=section.title or section.id,
                                   code=tv.row_code or None, indicators=indicators, candidates=False)
    for row in read.rows:  # rows without values still give context to their children
        key = (row.label, read.rows[row.parent].label if row.parent is not None else "", row.code)
        if key not in out and not read.transposed:
            out[key] = match_label(row.label, parent=key[1] or None, section=section.title or section.id,
                                   code=row.code or None, indicators=indicators, candidates=False)
    return out


def _schema_parents(read: ReadTable, matches: dict, indicators: IndicatorList) -> dict[tuple[int, str], tuple[str, str]]:
    """Where the printed layout puts a row under the wrong parent (a total printed without a
    number above its numbered parts), the canonical parent found in the same table wins."""
    if read.transposed:
        return {}
    row_ids = []
    for row in read.rows:
        parent_label = read.rows[row.parent].label if row.parent is not None else ""
        m = matches.get((row.label, parent_label, row.code))
        row_ids.append(m.indicator_id if m else None)
    out = {}
    for i, row in enumerate(read.rows):
        ind = indicators.get(row_ids[i]) if row_ids[i] else None
        if not ind or not ind.parent_id:
            continue
        current = row_ids[row.parent] if row.parent is not None else None
        if current == ind.parent_id or "." in row.code.strip("."):
            continue  # a dotted code ("3.1.1.") names its parent itself
        candidates = [j for j in range(i - 1, -1, -1)
                      if row_ids[j] == ind.parent_id and not read.rows[j].code]
        if candidates:
            out[(row.grid_row, row.label)] = (read.rows[candidates[0]].label, FLAG_PARENT_FROM_SCHEMA)
    return out


def _column_contexts(read: ReadTable) -> dict:
    """grid column -> its CellContext: the header (what it holds, its maximum) and its other values."""
    by_col: dict[int, tuple[str, list[str]]] = {}
    for tv in read.values:
        by_col.setdefault(tv.grid_col, (tv.column_header, []))[1].append(tv.cell.text)
    return {c: column_context(header, texts) for c, (header, texts) in by_col.items()}


def _flags(tv: TableValue, parsed: ParsedNumber, match: Match, parent_flag: str) -> list[str]:
    flags = list(tv.row_flags) + list(parsed.flags) + list(match.flags)
    if parent_flag:
        flags.append(parent_flag)
    if tv.period is None:
        flags.append("period_unknown")
    return list(dict.fromkeys(flags))


def _confidence(tv: TableValue, parsed: ParsedNumber, match: Match, flags: list[str]) -> float:
    match_conf = 0.5 if not match.indicator_id else min(1.0, match.score / 100 + 0.05)
    conf = tv.cell.confidence * parsed.confidence * match_conf
    # Row-layout repairs and a missing period lower confidence by their registry factor; the
    # number's own flags are already in parsed.confidence, the label's in match_conf.
    for f in flags:
        if f not in parsed.flags:
            conf *= flag_factor(f)
    return round(conf, 3)
