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
from normalize.numbers import ParsedNumber, column_hint, parse_number
from normalize.periods import Period, parse_period
from normalize.sections import Section, appendix_titles, sections_for_tables
from normalize.tables import ReadTable, TableError, TableValue, read_table

REVIEW_THRESHOLD = 0.8
_CHECK_CONFIDENCE = 0.6  # a value that contradicts the report goes below the review threshold
_RATE_LABEL = regex.compile(r"^\s*t[ỷỉ] lệ\b", regex.I)  # "Tỷ lệ …" rows hold percents
# Row-layout repairs lower confidence a little: the value is right only if the repair was.
_ROW_FLAG_CONFIDENCE = {"label_in_code_column": 0.9, "sub_label_column": 0.95, "row_continued": 0.95,
                        "period_unknown": 0.5, "parent_from_schema": 0.95}


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
    error_code: str = ""
    warning_codes: str = ""
    seconds: float | None = None
    pages: int | None = None
    sha256: str = ""
    extractor_version: str = ""


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
    values: list[ValueRecord] = []
    errors: list[str] = []
    for table in doc.tables:
        section, context = contexts[table.index]
        try:
            read = read_table(table, context)
        except TableError as exc:
            errors.append(f"{_where(table)}{exc}")
            continue
        values.extend(table_records(read, section, doc, path, rid, indicators))
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
        warnings="; ".join(doc.warnings)), tuple(values))


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


def table_contexts(doc: Document, meta: ReportMeta) -> dict[int, tuple[Section, Period | None]]:
    """Each table's section, and the period of its generic 'Số liệu' columns: the section
    title's period, else the report's."""
    sections = sections_for_tables(doc.blocks)
    out = {}
    for table in doc.tables:
        section = sections.get(table.index, Section("", ""))
        out[table.index] = (section, parse_period(section.title) or meta.period)
    return out


# ---------------------------------------------------------------- table rows -> records


def table_records(read: ReadTable, section: Section, doc: Document, path: Path, rid: str,
                  indicators: IndicatorList) -> list[ValueRecord]:
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
        parsed = parse_number(tv.cell.text, unit=unit_hint or None, hint=hints.get(tv.grid_col))
        flags = _flags(tv, parsed, match, parent_flag)
        out.append(ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section=section.id,
            section_title=section.title, origin="table", table_index=tv.table_index, row=tv.grid_row,
            col=tv.grid_col, row_code=tv.row_code, label_raw=tv.label, parent_label=parent_label,
            indicator_id=match.indicator_id or "", indicator_label=match.indicator_label or "",
            indicator_parent_id=match.parent_id or "", match_score=round(match.score, 1),
            column_header=tv.column_header, period=tv.period.label if tv.period else "",
            period_start=tv.period.start if tv.period else None, period_end=tv.period.end if tv.period else None,
            value=parsed.value, value_text=parsed.text or "", value_raw=tv.cell.text, value_kind=parsed.kind,
            unit=parsed.unit or tv.unit_raw or (indicator.unit if indicator and indicator.unit else "") or "",
            numerator=parsed.numerator, denominator=parsed.denominator, agency=tv.agency, note=tv.note,
            measure="", scope="", qualifier="", sentence="", char_start=None, char_end=None,
            page=tv.cell.prov.page, bbox=",".join(f"{x:.1f}" for x in tv.cell.prov.bbox) if tv.cell.prov.bbox else "",
            line=tv.cell.prov.line, confidence=_confidence(tv, parsed, match, flags), flags=";".join(flags)))
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
