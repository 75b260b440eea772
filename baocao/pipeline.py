"""One file in, one report record and its value records out.

read (extract/) -> stitch tables -> sections -> read tables (normalize/tables)
-> parse numbers (normalize/numbers) -> match labels (normalize/match) -> tidy records.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import regex

from extract import Document, ReadError, read_document
from normalize.checks import check_values
from normalize.inline import extract_inline
from normalize.match import IndicatorList, Match, load_indicators, match_label
from normalize.metadata import ReportMeta, extract_metadata
from normalize.measures import measure_indicator
from normalize.numbers import ParsedNumber, column_hint, parse_number, parse_out_of
from normalize.periods import Period, parse_period
from normalize.sections import Section, appendix_titles, sections_for_tables
from normalize.table_shapes import load_vocab, norm, normalise_entity, read_shaped_table, split_by_header
from normalize.tables import ReadTable, TableError, TableValue, read_table

REVIEW_THRESHOLD = 0.8
_CHECK_CONFIDENCE = 0.6  # a value that contradicts the report goes below the review threshold
_RATE_LABEL = regex.compile(r"^\s*t[ỷỉ] lệ\b", regex.I)  # "Tỷ lệ …" rows hold percents
# Row-layout repairs lower confidence a little: the value is right only if the repair was.
_ROW_FLAG_CONFIDENCE = {"label_in_code_column": 0.9, "sub_label_column": 0.95, "row_continued": 0.95,
                        "period_unknown": 0.5, "parent_from_schema": 0.95,
                        # matrix / ranking tables (normalize/table_shapes.py)
                        "column_by_position": 0.9, "column_ambiguous": 0.7, "column_unaligned": 0.6,
                        "table_shape_unknown": 0.5, "period_from_table_title": 0.95, "period_from_report": 0.9,
                        "period_from_report_date": 0.8}
WARNING_TABLE_NO_VALUES = "table_no_values"  # a table seen (title block, 'Nơi nhận') holding no figures
_DATE_LINE = regex.compile(r"\bngày\b.{0,12}\btháng\b.{0,12}\bnăm\s+\d{4}", regex.I)


@dataclass(frozen=True)
class ValueRecord:
    report_id: str
    source_file: str
    source_kind: str
    section: str
    section_title: str
    origin: str
    table_index: int | None
    row: int | None
    col: int | None
    row_code: str
    label_raw: str
    parent_label: str
    indicator_id: str
    indicator_label: str
    indicator_parent_id: str
    match_score: float
    column_header: str
    period: str
    period_start: object
    period_end: object
    value: float | None
    value_text: str
    value_raw: str
    value_kind: str
    unit: str
    numerator: float | None
    denominator: float | None
    agency: str
    note: str
    measure: str
    scope: str
    qualifier: str
    sentence: str
    char_start: int | None
    char_end: int | None
    page: int | None
    bbox: str
    line: int | None
    confidence: float
    flags: str
    entity: str = ""
    max_value: float | None = None
    rank_of: float | None = None


@dataclass(frozen=True)
class ReportRecord:
    report_id: str
    source_file: str
    source_kind: str
    status: str
    error: str
    number: str = ""
    date: object = None
    date_text: str = ""
    place: str = ""
    issuing_body: str = ""
    subject: str = ""
    period: str = ""
    period_start: object = None
    period_end: object = None
    signer: str = ""
    signer_title: str = ""
    n_pages: int | None = None
    n_tables: int = 0
    n_values: int = 0
    n_flagged: int = 0
    flag_counts: str = "{}"
    warnings: str = ""
    warning_codes: str = ""


@dataclass(frozen=True)
class FileResult:
    report: ReportRecord
    values: tuple[ValueRecord, ...] = field(default_factory=tuple)


@functools.lru_cache(maxsize=1)
def default_indicators() -> IndicatorList:
    """The packaged list, loaded once per process (its match index and score cache come with it)."""
    return load_indicators()


def report_id_for(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return hashlib.sha256(str(path).encode()).hexdigest()[:16]


def error_result(path: Path, reason: str, kind: str = "") -> FileResult:
    return FileResult(ReportRecord(report_id_for(path), str(path), kind, "error", f"{path}: {reason}"))


def process_file(path: Path, indicators: IndicatorList | None = None) -> FileResult:
    """Read one file. Bad input becomes an error record naming the file and the reason."""
    indicators = indicators or default_indicators()
    try:
        doc = read_document(path)
    except ReadError as exc:
        return error_result(path, str(exc))
    return process_document(path, doc, indicators)


def process_document(path: Path, doc: Document, indicators: IndicatorList) -> FileResult:
    rid = report_id_for(path)
    meta = report_metadata(doc)
    contexts = table_contexts(doc, meta)
    titles = table_titles(doc)
    values: list[ValueRecord] = []
    errors: list[str] = []
    warnings, warning_codes = list(doc.warnings), []
    for table in doc.tables:
        section, context, context_flag = contexts[table.index]
        title, title_period, above = titles.get(table.index, ("", None, ""))
        if context_flag and title_period is not None and title_period != context:
            # the table's own title names its period ("Kết quả năm 2024" in a 2025 report)
            context, context_flag, title_period = title_period, "period_from_table_title", None
        try:
            read = read_any_table(table, context, title_period, context_flag)
        except TableError as exc:
            if str(exc).endswith(NO_FIGURES):
                warnings.append(f"{_where(table)}{exc}")
                warning_codes.append(WARNING_TABLE_NO_VALUES)
            else:
                errors.append(f"{_where(table)}{exc}")
            continue
        if not read.values:
            warnings.append(f"{_where(table)}table {table.index + 1}: {NO_FIGURES}")
            warning_codes.append(WARNING_TABLE_NO_VALUES)
        values.extend(table_records(read, section, doc, path, rid, indicators, title, meta, context_flag, above))
    values.extend(inline_records(doc, path, rid, meta, indicators))
    values = apply_checks(values)
    status = "ok"
    if errors:
        status = "partial" if values else "error"
    flag_counts = Counter(f for v in values for f in v.flags.split(";") if f)
    return FileResult(ReportRecord(
        report_id=rid, source_file=str(path), source_kind=doc.kind, status=status,
        error="; ".join(f"{path}: {e}" for e in errors),
        number=meta.number or "", date=meta.date, date_text=meta.date_text or "", place=meta.place or "",
        issuing_body=meta.issuing_body or "", subject=meta.subject or "",
        period=meta.period.label if meta.period else "",
        period_start=meta.period.start if meta.period else None, period_end=meta.period.end if meta.period else None,
        signer=meta.signer or "", signer_title=meta.signer_title or "", n_pages=doc.n_pages,
        n_tables=len(doc.tables), n_values=len(values), n_flagged=sum(1 for v in values if v.flags),
        flag_counts=json.dumps(dict(sorted(flag_counts.items())), ensure_ascii=False),
        warnings="; ".join(warnings), warning_codes=";".join(dict.fromkeys(warning_codes))), tuple(values))


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


def apply_checks(values: list[ValueRecord]) -> list[ValueRecord]:
    """Add the consistency checks' flags; a flagged value is worth less confidence, never a new value."""
    out = []
    for v, new in zip(values, check_values(values)):
        if not new:
            out.append(v)
            continue
        flags = list(dict.fromkeys([f for f in v.flags.split(";") if f] + list(new)))
        out.append(dataclasses.replace(v, flags=";".join(flags),
                                       confidence=round(v.confidence * _CHECK_CONFIDENCE ** len(new), 3)))
    return out


def _where(table) -> str:
    p = table.prov
    if p.page:
        return f"page {p.page}: "
    return f"line {p.line}: " if p.line else ""


# ---------------------------------------------------------------- prose figures -> records


@functools.lru_cache(maxsize=4)
def inline_indicator_map(path: str | None = None) -> dict[tuple[str, str], str]:
    """(measure, scope) -> indicator id, from schemas/inline_indicators.csv ('*' = any scope)."""
    p = Path(path) if path else Path(__file__).resolve().parents[1] / "schemas" / "inline_indicators.csv"
    with p.open(encoding="utf-8-sig") as fh:
        return {(r["measure"], r["scope"]): r["indicator_id"] for r in csv.DictReader(fh)}


def inline_records(doc: Document, path: Path, rid: str, meta: ReportMeta,
                   indicators: IndicatorList) -> list[ValueRecord]:
    mapping = inline_indicator_map()
    out = []
    for fig in extract_inline(doc.paragraphs):
        ind_id = mapping.get((fig.measure, fig.scope)) or mapping.get((fig.measure, "*")) or ""
        ind = indicators.get(ind_id) if ind_id else None
        start, end = fig.span
        out.append(ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section="", section_title="",
            origin="inline", table_index=None, row=None, col=None, row_code="",
            label_raw=fig.sentence[max(0, start - 80):end].strip(), parent_label="",
            indicator_id=ind_id, indicator_label=ind.label_vi if ind else "",
            indicator_parent_id=(ind.parent_id or "") if ind else "", match_score=100.0 if ind else 0.0,
            column_header="", period=meta.period.label if meta.period else "",
            period_start=meta.period.start if meta.period else None,
            period_end=meta.period.end if meta.period else None,
            value=fig.value, value_text=fig.value_text, value_raw=fig.value_text,
            value_kind="percent" if fig.unit == "%" else "number", unit=fig.unit, numerator=None,
            denominator=None, agency="", note="", measure=fig.measure, scope=fig.scope, qualifier=fig.qualifier,
            sentence=fig.sentence, char_start=start, char_end=end, page=fig.page, bbox="", line=fig.line,
            confidence=round(fig.confidence, 3), flags=";".join(fig.flags)))
    return out


def report_metadata(doc: Document) -> ReportMeta:
    return extract_metadata([p.text for p in doc.paragraphs], appendix_titles(doc.blocks))


def table_contexts(doc: Document, meta: ReportMeta) -> dict[int, tuple[Section, Period | None, str]]:
    """Each table's section, the period of its generic 'Số liệu' columns and the flag that period
    carries: the section title's period (no flag), else the report's (`period_from_report`), else,
    when the report's title names no period, the year of its date (`period_from_report_date`)."""
    sections = sections_for_tables(doc.blocks)
    report_period, report_flag = meta.period, "period_from_report"
    if report_period is None:
        report_period, report_flag = period_from_date(meta), "period_from_report_date"
    out = {}
    for table in doc.tables:
        section = sections.get(table.index, Section("", ""))
        own = parse_period(section.title)
        out[table.index] = (section, own or report_period, "" if own else report_flag)
    return out


def period_from_date(meta: ReportMeta) -> Period | None:
    """The calendar year of the report's date ('ngày … tháng 11 năm 2025' -> 2025), or None."""
    year = meta.date.year if meta.date else None
    if year is None and meta.date_text:
        m = regex.search(r"năm\s+((?:19|20)\d\d)", meta.date_text)
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
    skip = load_vocab().title_skip
    out: dict[int, tuple[str, Period | None, str]] = {}
    recent: list[str] = []
    history: list[str] = []
    previous: tuple[tuple[str, ...], int] | None = None  # header texts and index of the last table
    for block in doc.blocks:
        if hasattr(block, "rows"):
            head = tuple(" ".join(c.text.split()) for c in block.rows[0]) if block.rows else ()
            if previous and previous[0] == head and len(recent) <= look_back:
                out[block.index] = out[previous[1]]  # the same table again after a page break / footnote
            else:
                texts = recent[-look_back:]
                period = next((p for p in (parse_period(t) for t in reversed(texts)) if p), None)
                out[block.index] = (" ".join(texts), period, " ".join(history[-far:]))
            previous = (head, block.index)
            recent = []
            continue
        text = " ".join(block.text.split())
        if not text or _DATE_LINE.search(text) or any(norm(text).startswith(k) for k in skip if k != "ngày"):
            continue
        recent.append(text)
        history.append(text)
    return out


# ---------------------------------------------------------------- table rows -> records


def table_records(read: ReadTable, section: Section, doc: Document, path: Path, rid: str,
                  indicators: IndicatorList, title: str = "", meta: ReportMeta | None = None,
                  context_flag: str = "", above: str = "") -> list[ValueRecord]:
    if read.shape == "matrix":
        return matrix_records(read, section, doc, path, rid, indicators, title, meta, above)
    matches = _match_rows(read, section, indicators)
    parents = _schema_parents(read, matches, indicators)
    hints = _column_hints(read)
    out = []
    for tv in read.values:
        key = (tv.label, tv.parent_label, tv.row_code)
        match = matches[key]
        parent_label, parent_flag = parents.get((tv.grid_row, tv.label), (tv.parent_label, ""))
        indicator = indicators.get(match.indicator_id) if match.indicator_id else None
        unit_hint = tv.unit_raw or (indicator.unit if indicator and indicator.unit == "%" else None) or \
            ("%" if _RATE_LABEL.match(tv.label) else None)
        parts = split_by_header(tv.cell.text, tv.column_header)
        readings = [(tv.cell.text, tv.column_header, unit_hint, ())] if not parts else [
            (text, f"{tv.column_header} · {name}", name, (FLAG_SPLIT_BY_HEADER,)) for name, text in parts]
        for text, header, hint_unit, extra in readings:
            parsed = parse_number(text, unit=hint_unit or None, hint=hints.get(tv.grid_col))
            if extra and parsed.unit == hint_unit:
                parsed = dataclasses.replace(parsed, unit=None)  # the part's name is not a unit
            flags = _flags(tv, parsed, match, parent_flag) + list(extra)
            if context_flag in ("period_from_report_date", "period_from_table_title") and tv.period is not None \
                    and tv.period == read_context(read):
                flags.append(context_flag)
            out.append(_table_record(tv, parsed, match, indicator, parent_label, header, flags, section, doc, path, rid))
    return out


FLAG_SPLIT_BY_HEADER = "split_by_header"


def _table_record(tv: TableValue, parsed: ParsedNumber, match: Match, indicator, parent_label: str, header: str,
                  flags: list[str], section: Section, doc: Document, path: Path, rid: str) -> ValueRecord:
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
            numerator=parsed.numerator, denominator=parsed.denominator, agency=tv.agency, note=tv.note,
            measure="", scope="", qualifier="", sentence="", char_start=None, char_end=None,
            page=tv.cell.prov.page, bbox=",".join(f"{x:.1f}" for x in tv.cell.prov.bbox) if tv.cell.prov.bbox else "",
            line=tv.cell.prov.line, confidence=_confidence(tv, parsed, match, flags), flags=";".join(flags),
            entity=normalise_entity(tv.entity) if tv.entity else "")


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
    by_header: dict[str, list[str]] = {}
    for tv in read.values:  # siblings by measure: a stitched PDF table puts one measure in several grid columns
        by_header.setdefault(tv.column_header, []).append(tv.cell.text)
    header_hints = {h: column_hint(texts) for h, texts in by_header.items()}
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
                                                 code=tv.row_code or None, indicators=indicators)
            match = label_matches[key]
        else:
            match = Match(None, None, None, None, 0.0, (), ("label_unmatched",))
        max_value = rank_of = None
        if tv.measure_kind in ("score", "rank"):
            parsed, out_of = parse_out_of(tv.cell.text, tv.measure_kind, hint=header_hints.get(tv.column_header))
            if parsed.kind == "number":
                parsed = dataclasses.replace(parsed, kind=tv.measure_kind)
            max_value, rank_of = (out_of, None) if tv.measure_kind == "score" else (None, out_of)
        else:
            parsed = parse_number(tv.cell.text, hint=header_hints.get(tv.column_header))
        ind = indicators.get(match.indicator_id) if match.indicator_id else None
        unit = parsed.unit or _KIND_UNIT.get(tv.measure_kind, "") or (ind.unit if ind and ind.unit != "text" else "")
        flags = _flags(tv, parsed, match, "")
        out.append(ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section=section.id,
            section_title=section.title, origin="table", table_index=tv.table_index, row=tv.grid_row,
            col=tv.grid_col, row_code=tv.row_code, label_raw=tv.label, parent_label=tv.parent_label,
            indicator_id=match.indicator_id or "", indicator_label=match.indicator_label or "",
            indicator_parent_id=match.parent_id or "", match_score=round(match.score, 1),
            column_header=tv.column_header, period=tv.period.label if tv.period else "",
            period_start=tv.period.start if tv.period else None, period_end=tv.period.end if tv.period else None,
            value=parsed.value, value_text=parsed.text or "", value_raw=tv.cell.text, value_kind=parsed.kind,
            unit=unit, numerator=parsed.numerator, denominator=parsed.denominator, agency="", note=tv.note,
            measure="", scope="", qualifier="", sentence="", char_start=None, char_end=None,
            page=tv.cell.prov.page, bbox=",".join(f"{x:.1f}" for x in tv.cell.prov.bbox) if tv.cell.prov.bbox else "",
            line=tv.cell.prov.line, confidence=_confidence(tv, parsed, match, flags), flags=";".join(flags),
            entity=tv.entity, max_value=max_value, rank_of=rank_of))
    return out


def _match_rows(read: ReadTable, section: Section, indicators: IndicatorList) -> dict[tuple[str, str, str], Match]:
    out: dict[tuple[str, str, str], Match] = {}
    for tv in read.values:
        key = (tv.label, tv.parent_label, tv.row_code)
        if key not in out:
            out[key] = match_label(tv.label, parent=tv.parent_label or None, section=section.title or section.id,
                                   code=tv.row_code or None, indicators=indicators)
    for row in read.rows:  # rows without values still give context to their children
        key = (row.label, read.rows[row.parent].label if row.parent is not None else "", row.code)
        if key not in out and not read.transposed:
            out[key] = match_label(row.label, parent=key[1] or None, section=section.title or section.id,
                                   code=row.code or None, indicators=indicators)
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
            out[(row.grid_row, row.label)] = (read.rows[candidates[0]].label, "parent_from_schema")
    return out


def _column_hints(read: ReadTable) -> dict:
    by_col: dict[int, list[str]] = {}
    for tv in read.values:
        by_col.setdefault(tv.grid_col, []).append(tv.cell.text)
    return {c: column_hint(texts) for c, texts in by_col.items()}


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
    for f in flags:
        conf *= _ROW_FLAG_CONFIDENCE.get(f, 1.0)
    return round(conf, 3)
