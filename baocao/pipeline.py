"""One file in, one report record and its value records out.

read (extract/) -> stitch tables -> sections -> read tables (normalize/tables, table_shapes)
-> parse numbers (normalize/numbers) -> match labels (normalize/match) -> tidy records
(baocao/table_records.py for table cells, inline_records here for prose figures).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import gc
import hashlib
import json
from collections import Counter
from pathlib import Path

from extract import Document, ReadError, read_document
from normalize.checks import check_values
from normalize.furniture import SIGNATURE, TITLE_BLOCK, furniture_kind
from normalize.match import IndicatorList, load_indicators
from normalize.metadata import ReportMeta, extract_metadata
from normalize.periods import Period, parse_period
from normalize.preamble import fallback_period
from normalize.prose import extract_inline
from normalize.prose.periods import figure_period, paragraph_period
from normalize.sections import Section, appendix_titles, sections_for_tables
from normalize.tables import TableError, count_header_rows, header_grid
from schemas.load import flag_factor

from .continuations import flag_values, with_borrowed_header
from .records import REVIEW_THRESHOLD, FileResult, ReportRecord, ValueRecord, reader_flags, source_via
from .table_records import (NO_FIGURES, period_from_date, read_any_table, table_records, table_titles,
                            typed_number)

__all__ = ["REVIEW_THRESHOLD", "FileResult", "ReportRecord", "ValueRecord", "default_indicators", "error_result",
           "process_document", "process_file", "read_any_table", "report_metadata", "table_contexts",
           "typed_number"]

WARNING_TABLE_NO_VALUES = "table_no_values"  # a table seen (title block, 'Nơi nhận') holding no figures
FLAG_PERIOD_FROM_REPORT = "period_from_report"  # a table with no period of its own
FLAG_PERIOD_FROM_REPORT_DATE = "period_from_report_date"  # ... in a report whose title names none
# a sentence's period built on the report's (its end, its year): the report period's own flags apply to it
_LEANS_ON_REPORT = frozenset({"period_to_date", "period_year_from_report"})


@functools.lru_cache(maxsize=1)
def default_indicators() -> IndicatorList:
    """The packaged list, loaded once per process with its match index (its score cache comes
    with it). What the process holds then (modules, the list, the index) lives as long as the
    process: it is moved out of the collector's generations (gc.freeze), so that the full
    collections that records and caches set off do not walk it again (a tenth of a document's time)."""
    indicators = load_indicators()
    indicators._index  # noqa: B018 (built here, before the freeze)
    gc.freeze()
    return indicators


def report_id_for(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return hashlib.sha256(str(path).encode()).hexdigest()[:16]


def error_result(path: Path, reason: str, kind: str = "", code: str = "internal") -> FileResult:
    return FileResult(ReportRecord(report_id_for(path), str(path), kind, "error", f"{path}: {reason}",
                                   error_code=code))


def process_file(path: Path, indicators: IndicatorList | None = None) -> FileResult:
    """Read one file. Bad input becomes an error record naming the file, the reason and its code."""
    indicators = indicators or default_indicators()
    try:
        doc = read_document(path)
    except ReadError as exc:
        return error_result(path, str(exc), code=exc.code or "internal")
    return process_document(path, doc, indicators)


# Reader warnings that mean part of the file was not read: the report is not 'ok'.
_CONTENT_LOST = frozenset({"ocr_unavailable"})


def warning_codes(warnings) -> list[str]:
    """Codes of a document's warnings, each once, in order (plain strings count as 'internal')."""
    return list(dict.fromkeys(getattr(w, "code", "internal") for w in warnings))


def process_document(path: Path, doc: Document, indicators: IndicatorList, rid: str | None = None) -> FileResult:
    """`rid` is the file's report id when the caller has hashed it already (the batch does)."""
    rid = rid or report_id_for(path)
    furniture = furniture_tables(doc)
    sections = sections_for_tables(doc.blocks)  # read by both: made once
    meta = report_metadata(doc, furniture, sections)
    contexts = table_contexts(doc, meta, sections)
    titles = table_titles(doc)
    values: list[ValueRecord] = []
    errors: list[tuple[str, str]] = []  # (code, message)
    warnings, codes = list(doc.warnings), warning_codes(doc.warnings)
    headed = None  # the table right before this one and its period context, when its header was read
    for table in doc.tables:
        before, headed = headed, None
        if table.index in furniture:
            continue  # title or signature block: read for the metadata, holds no figures
        section, context, context_flag = contexts[table.index]
        title, title_period, above = titles.get(table.index, ("", None, ""))
        if context_flag and title_period is not None and title_period != context:
            # the table's own title names its period ("Kết quả năm 2024" in a 2025 report)
            context, context_flag, title_period = title_period, "period_from_table_title", None
        shift = 0  # header rows borrowed from the table before
        continued = _read_continuation(table, before)
        if continued is not None:
            (read, shift), (_, context, title_period, context_flag) = continued, before
        else:
            try:
                read = read_any_table(table, context, title_period, context_flag)
            except TableError as exc:
                if str(exc).endswith(NO_FIGURES):
                    warnings.append(f"{_where(table)}{exc}")
                    codes.append(WARNING_TABLE_NO_VALUES)
                else:
                    errors.append((exc.code, f"{_where(table)}{exc}"))
                continue
        headed = before if shift else (table, context, title_period, context_flag)
        if not read.values:
            warnings.append(f"{_where(table)}table {table.index + 1}: {NO_FIGURES}")
            codes.append(WARNING_TABLE_NO_VALUES)
        records = table_records(read, section, doc, path, rid, indicators, title, meta, context_flag, above)
        values.extend(dataclasses.replace(v, row=v.row - shift) if shift else v for v in records)
    values.extend(inline_records(doc, path, rid, meta, indicators))
    values = apply_checks(values)
    errors += [(w.code, str(w)) for w in doc.warnings if getattr(w, "code", "") in _CONTENT_LOST]
    status = "ok"
    if errors:
        status = "partial" if values else "error"
    flag_counts = Counter(f for v in values for f in v.flags.split(";") if f)
    return FileResult(ReportRecord(
        report_id=rid, source_file=str(path), source_kind=doc.kind, status=status,
        error="; ".join(f"{path}: {e}" for _, e in errors), error_code=errors[0][0] if errors else "",
        warning_codes=";".join(dict.fromkeys(codes)),
        number=meta.number or "", date=meta.date, date_text=meta.date_text or "", place=meta.place or "",
        issuing_body=meta.issuing_body or "", subject=meta.subject or "",
        period=meta.period.label if meta.period else "",
        period_start=meta.period.start if meta.period else None, period_end=meta.period.end if meta.period else None,
        signer=meta.signer or "", signer_title=meta.signer_title or "", n_pages=doc.n_pages,
        n_tables=len(doc.tables), n_values=len(values), n_flagged=sum(1 for v in values if v.flags),
        flag_counts=json.dumps(dict(sorted(flag_counts.items())), ensure_ascii=False),
        warnings="; ".join(warnings), source_via=source_via(doc),
        period_flags=";".join(meta.period_flags)), tuple(values))


def _read_continuation(table, before):
    """A header-less fragment read under the header of the table before it (and in its period), its
    values flagged; None when it is not one (it has a header, or nothing before it has) or still
    cannot be read that way (baocao/continuations.py)."""
    borrowed = with_borrowed_header(table, before[0]) if before is not None else None
    if borrowed is None:
        return None
    try:
        read = read_any_table(borrowed[0], *before[1:])
    except TableError:
        return None
    return flag_values(read), borrowed[1]


def apply_checks(values: list[ValueRecord]) -> list[ValueRecord]:
    """Add the consistency checks' flags; a flagged value is worth less confidence, never a new value."""
    out = []
    for v, new in zip(values, check_values(values)):
        if not new:
            out.append(v)
            continue
        flags = list(dict.fromkeys([f for f in v.flags.split(";") if f] + list(new)))
        # A value that contradicts the report goes below the review threshold (check factors, flags.csv).
        factor = 1.0
        for f in new:
            factor *= flag_factor(f)
        out.append(dataclasses.replace(v, flags=";".join(flags), confidence=round(v.confidence * factor, 3)))
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
    # a report whose title names no period: its preamble's or its date's, flagged on the figures that take it
    report_period, report_flags = report_period_of(meta)
    out = []
    scanned = any(getattr(w, "code", "") == "ocr_read" for w in doc.warnings)
    for fig in extract_inline(doc.paragraphs, scanned):
        ind_id = mapping.get((fig.measure, fig.scope)) or mapping.get((fig.measure, "*")) or ""
        ind = indicators.get(ind_id) if ind_id else None
        start, end = fig.span
        # the nearest period statement of the sentence wins; the report's only when it states none
        when = figure_period(fig.sentence, start, end, report_period)
        if when.source == "report":  # none in its sentence: one an earlier sentence sets, flagged
            when = paragraph_period(fig.lead_in, report_period) or when
        # "đến nay", "6 tháng đầu năm" end where the report's period ends or take its year: its flags too
        leans = when.source == "report" or bool(_LEANS_ON_REPORT & set(when.flags))
        assumed = list(report_flags) if leans else []
        extra = [*when.flags, *assumed, *reader_flags(doc)]
        flags = list(dict.fromkeys([*fig.flags, *extra]))
        part = "part_of_total" in fig.flags  # "39/45 nhiệm vụ": 39 of a total of 45
        confidence = fig.confidence
        for f in extra:
            confidence *= flag_factor(f)
        out.append(ValueRecord(
            report_id=rid, source_file=str(path), source_kind=doc.kind, section="", section_title="",
            origin="inline", table_index=None, row=None, col=None, row_code="",
            label_raw=fig.sentence[max(0, start - 80):end].strip(), parent_label="",
            indicator_id=ind_id, indicator_label=ind.label_vi if ind else "",
            indicator_parent_id=(ind.parent_id or "") if ind else "", match_score=100.0 if ind else 0.0,
            column_header="", period=when.period.label if when.period else "",
            period_start=when.period.start if when.period else None,
            period_end=when.period.end if when.period else None,
            value=fig.value, value_text=fig.value_text, value_raw=fig.value_text,
            value_kind="percent" if fig.unit == "%" else "number", unit=fig.unit,
            numerator=fig.value if part else None, denominator=fig.out_of if part else None, agency="", note="", measure=fig.measure, scope=fig.scope, qualifier=fig.qualifier,
            sentence=fig.sentence, char_start=start, char_end=end, page=fig.page, bbox="", line=fig.line,
            confidence=round(confidence, 3), flags=";".join(flags), source_via=source_via(doc),
            rank_of=fig.out_of if fig.out_of is not None and fig.unit == "hạng" else None,
            max_value=fig.out_of if "score_of_max" in fig.flags else None))
    return out


def furniture_tables(doc: Document) -> dict[int, str]:
    """Table index -> 'title_block' or 'signature' for the tables that frame the report:
    no recognisable header row and a furniture marker (schemas/furniture.csv) in a cell."""
    out = {}
    for table in doc.tables:
        if count_header_rows(header_grid(table)) == 0:
            kind = furniture_kind(table.texts())
            if kind:
                out[table.index] = kind
    return out


def report_metadata(doc: Document, furniture: dict[int, str] | None = None,
                    sections: dict[int, Section] | None = None) -> ReportMeta:
    furniture = furniture_tables(doc) if furniture is None else furniture
    grids = {kind: [row for t in doc.tables if furniture.get(t.index) == kind for row in t.texts()]
             for kind in (TITLE_BLOCK, SIGNATURE)}
    return extract_metadata([p.text for p in doc.paragraphs], appendix_titles(doc.blocks, sections),
                            title_block=grids[TITLE_BLOCK], signature=grids[SIGNATURE])


def report_period_of(meta: ReportMeta) -> tuple[Period | None, tuple[str, ...]]:
    """The period a figure with none of its own takes, and the flags saying how it was found: the
    title's (none), the preamble's window or a cut-off (`meta.period_flags`), else the year of the
    report's date (`period_from_report_date`), cut at the preamble's cut-off when it states one."""
    if meta.period is not None:
        return meta.period, meta.period_flags
    dated = period_from_date(meta)
    period, flags = fallback_period(dated, meta.cutoff)
    return period, ((FLAG_PERIOD_FROM_REPORT_DATE,) if dated else ()) + flags


def table_contexts(doc: Document, meta: ReportMeta, sections: dict[int, Section] | None = None
                   ) -> dict[int, tuple[Section, Period | None, str]]:
    """Each table's section, the period of its generic 'Số liệu' columns and the flags that period
    carries (';'-joined): the section title's period (no flag), else the report's (`period_from_report`,
    with `report_period_of`'s flags), else, when the title names no period, the preamble's
    (`period_from_preamble`) or the year of its date (`period_from_report_date`)."""
    sections = sections_for_tables(doc.blocks) if sections is None else sections
    report_period, flags = report_period_of(meta)
    # never empty: a table without a period of its own may still take its title's (process_document)
    report_flag = ";".join(flags if meta.period is None else (FLAG_PERIOD_FROM_REPORT, *flags)) \
        or FLAG_PERIOD_FROM_REPORT_DATE
    out = {}
    for table in doc.tables:
        section = sections.get(table.index, Section("", ""))
        own = parse_period(section.title)
        out[table.index] = (section, own or report_period, "" if own else report_flag)
    return out
