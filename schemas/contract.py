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
    ("value_kind", "string", "number, percent, ratio or text."),
    ("unit", "string", "'%' for percents, else the unit column's text, a unit word in the cell, or the indicator's unit."),
    ("numerator", "float", "Numerator of a ratio cell ('85,27% (653.763/766.722)' -> 653763)."),
    ("denominator", "float", "Denominator of a ratio cell."),
    ("agency", "string", "Responsible agency column ('Cơ quan chủ trì'), when the table has one."),
    ("note", "string", "Note column ('Ghi chú') of the row, when the table has one."),
    ("measure", "string", "Inline figures: what the figure counts (received, resolved, ontime_rate, …; see normalize/inline.py)."),
    ("scope", "string", "Inline figures: whose figure it is (trung_tam, so_nganh, cap_huyen, cap_xa, province, a named unit)."),
    ("qualifier", "string", "Inline figures: 'ước khoảng', 'khoảng', 'hơn', 'gần', 'trên' as printed before the number."),
    ("sentence", "string", "Inline figures: the whole sentence the figure was read from."),
    ("char_start", "int", "Inline figures: start of the figure's text within the sentence (0-based)."),
    ("char_end", "int", "Inline figures: end of the figure's text within the sentence."),
    ("page", "int", "1-based page (PDF, scans); empty for text and Word files."),
    ("bbox", "string", "Cell box on the page as 'x0,top,x1,bottom' in PDF points; empty when unknown."),
    ("line", "int", "1-based line in a text file, or body-element position in a Word file."),
    ("confidence", "float", "0-1: reader confidence x number-reading confidence x label-match confidence. Below 0.8: review."),
    ("flags", "string", "Semicolon-separated flag slugs (see the README's flag list); empty when clean."),
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
    ("error_code", "string", "Stable slug of the error: not_found, not_a_file, empty, unsupported, encrypted, corrupt, too_large, timeout, memory_limit, crashed, internal, …; empty when ok."),
    ("warning_codes", "string", "Stable slugs of the reader warnings, semicolon-separated: repaired, invalid_bytes, …"),
    ("seconds", "float", "Wall time spent reading this file (in its worker process)."),
    ("pages", "int", "Pages read: the page count of a PDF or scan, 1 for a text or Word file, 0 when nothing was read."),
    ("sha256", "string", "SHA-256 of the file's bytes (empty when the file could not be hashed: not a regular file, missing)."),
    ("extractor_version", "string", "baocao version plus a hash of schemas/*.csv that produced this row; a batch re-reads a file when it changes."),
)


def column_names(columns: tuple[tuple[str, str, str], ...]) -> list[str]:
    return [c[0] for c in columns]


def markdown_table(columns: tuple[tuple[str, str, str], ...]) -> str:
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{n}` | {t} | {d} |" for n, t, d in columns]
    return "\n".join(lines)


if __name__ == "__main__":
    print("### values\n\n" + markdown_table(VALUES_COLUMNS) + "\n\n### reports\n\n" + markdown_table(REPORTS_COLUMNS))
