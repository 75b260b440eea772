"""The output contract: every column of `values` and `reports`, in order, with its meaning.

The README's column tables are generated from these lists (`python -m schemas.contract`),
so the documentation and the files cannot drift apart.
"""

from __future__ import annotations

VALUES_COLUMNS: tuple[tuple[str, str, str], ...] = (
    # name, type, meaning
    ("report_id", "string", "Stable id of the source file (first 16 hex digits of its SHA-256)."),
    ("source_file", "string", "Path of the source file as given to the run."),
    ("source_kind", "string", "Reader used: text, docx, pdf."),
    ("section", "string", "Appendix section: 'III', 'Phụ lục 4', 'Biểu mẫu 3'; empty outside an appendix."),
    ("section_title", "string", "Heading text of that section (with the appendix title)."),
    ("origin", "string", "'table' for appendix cells; 'inline' for figures read from prose."),
    ("table_index", "int", "0-based table number in the document (after stitching page-broken tables)."),
    ("row", "int", "0-based grid row of the cell in its table."),
    ("col", "int", "0-based grid column of the cell in its table."),
    ("row_code", "string", "Row number as printed: '1', '3.1.1.', '-', '+', or empty."),
    ("label_raw", "string", "Row label as printed (markup removed, wrapped lines joined)."),
    ("parent_label", "string", "Label of the enclosing row for sub-rows; empty for top-level rows."),
    ("indicator_id", "string", "Canonical indicator id (schemas/indicators.csv); empty when unmatched or ambiguous."),
    ("indicator_label", "string", "Canonical Vietnamese label of that indicator."),
    ("indicator_parent_id", "string", "Canonical parent of that indicator, if any."),
    ("match_score", "float", "Label match score 0-100 (rapidfuzz over normalised Vietnamese)."),
    ("column_header", "string", "Header text of the value's column (group headers joined with ' - ')."),
    ("period", "string", "Period label: '2015', '2023-Q3', '2023-H1', '2011-2020', '2020 (to 2020-03-31)'."),
    ("period_start", "date", "First day of the period."),
    ("period_end", "date", "Last day of the period (cut short by 'Tính đến 31/3')."),
    ("value", "float", "The number; percents as 98.96; empty when the cell holds no single number."),
    ("value_text", "string", "Cell text when it is not a plain number: 'Đạt', '26.294 lượt', '85,27% (653.763/766.722)'."),
    ("value_raw", "string", "The cell text exactly as read."),
    ("value_kind", "string", "number, percent, ratio or text; in score and rank columns of matrix/ranking tables 'score' or 'rank' (see max_value, rank_of)."),
    ("unit", "string", "'%' for percents, else the unit column's text, a unit word in the cell, or the indicator's unit."),
    ("numerator", "float", "Numerator of a ratio cell ('85,27% (653.763/766.722)' -> 653763)."),
    ("denominator", "float", "Denominator of a ratio cell."),
    ("agency", "string", "Responsible agency column ('Cơ quan chủ trì'), when the table has one."),
    ("note", "string", "Note column ('Ghi chú') of the row, when the table has one."),
    ("measure", "string", "Inline figures: what the figure counts (received, resolved, ontime_rate, …; see schemas/measures.csv)."),
    ("scope", "string", "Inline figures: whose figure it is (trung_tam, so_nganh, cap_huyen, cap_xa, province, a named unit)."),
    ("qualifier", "string", "Inline figures: 'ước khoảng', 'khoảng', 'hơn', 'gần', 'trên' as printed before the number."),
    ("sentence", "string", "Inline figures: the whole sentence the figure was read from."),
    ("char_start", "int", "Inline figures: start of the figure's text within the sentence (0-based)."),
    ("char_end", "int", "Inline figures: end of the figure's text within the sentence."),
    ("page", "int", "1-based page (PDF, scans); empty for text and Word files."),
    ("bbox", "string", "Cell box on the page as 'x0,top,x1,bottom' in PDF points; empty when unknown."),
    ("line", "int", "1-based line in a text file, or body-element position in a Word file."),
    ("confidence", "float", "0-1: reader confidence x number-reading confidence x label-match confidence. Below 0.8: review."),
    ("flags", "list", "Flag slugs (see the README's flag list): a list in Parquet and the databases, "
                      "semicolon-separated text in CSV and Excel; empty when clean."),
    ("source_via", "string", "'libreoffice:doc' (rtf, odt, xls, ods, html) when the value was read from a LibreOffice conversion of the file; else empty."),
    ("cell_ref", "string", "Where a person finds the cell in the source: spreadsheet sheet and cell 'BM3!D14'; Word 'bảng 3, hàng 4, cột 2' (1-based, tables counted as Word counts them); empty for other formats."),
    ("bbox_unit", "string", "Unit of bbox, page_width and page_height: 'pt' (PDF points, text-layer pages) or 'px' (pixels of the scan as OCR read it; points = px * 72 / dpi, the dpi is in reports.warnings); empty without a box."),
    ("page_width", "float", "Width of the page as displayed, in bbox_unit."),
    ("page_height", "float", "Height of the page as displayed, in bbox_unit."),
    # matrix / ranking / score tables (normalize/table_shapes.py)
    ("entity", "string", "The agency, commune, district or province the value is about, normalised ('Sở Nội vụ', 'xã Đức Trọng', 'Lâm Đồng'); distinct from the indicator and from the issuing body. Empty for indicator rows and summary rows."),
    ("max_value", "float", "Maximum of a score written 'a/b' in a score column ('83,1/100' -> value 83.1, max_value 100; value_kind 'score'). Not a ratio: no percent is derived."),
    ("rank_of", "float", "Number of units ranked for a rank written 'a/b' in a rank column ('62/63' -> value 62, rank_of 63; value_kind 'rank')."),
    ("value_id", "string", "Stable id of the value: first 16 hex digits of the SHA-256 of its file's report_id and "
                           "position (baocao/ids.py); the same after a re-run of the unchanged file."),
    ("report_key", "string", "The same report in several files (Word, PDF, scan) shares one key: same number, date "
                             "and issuing body, or the same figures (see reports.report_key_basis)."),
    ("is_preferred_source", "bool", "True for values of the one file preferred among those with the same "
                                    "report_key (signed PDF over Word draft over text over scan; then fewer flags, "
                                    "more values)."),
    ("same_as", "string", "value_id of the value stating the same measure in the same file: a prose figure "
                          "(origin inline) and the appendix cell (origin table) with the same indicator, period, "
                          "entity and value point at each other."),
    ("review_status", "string", "'unreviewed' until a reviewer's decision is applied from the reviews table."),
    ("value_reviewed", "float", "The value after review (a reviewer's correction); empty when not reviewed."),
)

REPORTS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("report_id", "string", "Same id as in values."),
    ("source_file", "string", "Path of the source file as given to the run."),
    ("source_kind", "string", "Reader used; empty when the file could not be opened."),
    ("status", "string", "'ok'; 'partial' (some tables could not be read: see error); 'error' (nothing read: see error)."),
    ("error", "string", "Why the file or a table failed, naming the table; empty when ok."),
    ("number", "string", "Document number, e.g. '1792/BC-VP'; empty when left blank."),
    ("date", "date", "Date of issue."),
    ("date_text", "string", "Date line as printed (kept also when incomplete: 'ngày tháng 9 năm 2023')."),
    ("place", "string", "Place in the date line."),
    ("issuing_body", "string", "Issuing body."),
    ("subject", "string", "Subject line under 'BÁO CÁO'."),
    ("period", "string", "Reporting period label."),
    ("period_start", "date", "First day of the reporting period."),
    ("period_end", "date", "Last day of the reporting period."),
    ("signer", "string", "Name of the signer."),
    ("signer_title", "string", "Title above the signature ('CHÁNH VĂN PHÒNG')."),
    ("n_pages", "int", "Pages (PDF, scans)."),
    ("n_tables", "int", "Tables found (after stitching)."),
    ("n_values", "int", "Rows written to values for this file."),
    ("n_flagged", "int", "Values with at least one flag."),
    ("flag_counts", "string", "JSON object: flag slug -> number of values carrying it."),
    ("warnings", "string", "Reader warnings, semicolon-separated."),
    ("source_via", "string", "'libreoffice:doc' (rtf, odt, xls, ods, html) when the file was read from a LibreOffice conversion; else empty."),
    ("report_key", "string", "Groups the files that are the same report (see values.report_key)."),
    ("is_preferred_source", "bool", "True for the one file of its report_key whose values count (see "
                                    "values.is_preferred_source); a file that could not be read is never preferred "
                                    "over one that could."),
    ("report_key_basis", "string", "How the group was formed: 'metadata' (same number, and date and issuing body "
                                   "where stated), 'content' (at least one file joined by its figures), 'single' (no other "
                                   "file), 'ambiguous' (its figures fit several reports of different numbers: "
                                   "left alone, not guessed)."),
    ("error_code", "string", "Stable slug of the error: not_found, not_a_file, empty, unsupported, encrypted, corrupt, no_text_layer, ocr_unavailable, no_header, too_large, timeout, internal, … (README: Error and warning codes); empty when ok."),
    ("warning_codes", "string", "Semicolon-separated slugs of the reader warnings (blank_page, ocr_read, turned_upright, merge_orphan, table_no_values: a table seen that holds no figures, …), each once."),
    ("seconds", "float", "Wall time spent reading this file (in its worker process)."),
    ("pages", "int", "Pages read: the page count of a PDF or scan, 1 for a text or Word file, 0 when nothing was read."),
    ("sha256", "string", "SHA-256 of the file's bytes (empty when the file could not be hashed: not a regular file, missing)."),
    ("extractor_version", "string", "baocao version plus a hash of schemas/*.csv that produced this row; a batch re-reads a file when it changes."),
    ("period_flags", "string", "How period was read beyond the title, semicolon-separated: period_from_preamble (the title names none: the window the opening paragraph states), period_cutoff (a 'Số liệu tính đến ngày …' under the title or in the preamble ended it); empty when the title gives it as it is, or no period is stated."),
)


# Column types: string, int, float, date, bool, list (of strings). Defaults for columns a
# record does not carry (filled at the output stage).
DEFAULTS = {"review_status": "unreviewed"}


def column_names(columns: tuple[tuple[str, str, str], ...]) -> list[str]:
    return [c[0] for c in columns]


def markdown_table(columns: tuple[tuple[str, str, str], ...]) -> str:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{n}` | {t} | {d} |" for n, t, d in columns]
    return "\n".join(lines)


if __name__ == "__main__":
    print("### values\n\n" + markdown_table(VALUES_COLUMNS) + "\n\n### reports\n\n" + markdown_table(REPORTS_COLUMNS))
