"""Each fact once: files of the same report share a report_key and one preferred source."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from baocao.output import link_dataset, to_frame, write_outputs_frames
from baocao.pipeline import process_file
from schemas.contract import REPORTS_COLUMNS, VALUES_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
Q1 = ROOT / "samples" / "province_office_q1_2024"


@pytest.fixture(scope="module")
def q1_txt():
    r = process_file(Q1.with_suffix(".txt"))
    return to_frame(r.values, VALUES_COLUMNS), to_frame([r.report], REPORTS_COLUMNS)


def _copy(frames, report_id, **report_changes):
    """The same report as another file: new report_id, other metadata."""
    values, reports = frames[0].copy(), frames[1].copy()
    values["report_id"] = report_id
    reports["report_id"] = report_id
    for k, v in report_changes.items():
        reports[k] = v
    values["source_kind"] = reports["source_kind"].iloc[0]
    values["source_file"] = reports["source_file"].iloc[0]
    return values, reports


def _link(*copies):
    values = pd.concat([c[0] for c in copies], ignore_index=True)
    reports = pd.concat([c[1] for c in copies], ignore_index=True)
    return link_dataset(values, reports)


def test_same_number_date_and_body_is_one_report_and_the_pdf_is_preferred(q1_txt):
    v, r = _link(_copy(q1_txt, "a" * 16, source_kind="docx", source_file="x.docx"),
                 _copy(q1_txt, "b" * 16, source_kind="pdf", source_file="x.pdf"),
                 _copy(q1_txt, "c" * 16, source_kind="image", source_file="x.tif"))
    assert r.report_key.nunique() == 1 and set(r.report_key_basis) == {"metadata"}
    assert r.loc[r.is_preferred_source, "source_file"].tolist() == ["x.pdf"]
    assert set(v.loc[v.is_preferred_source, "report_id"]) == {"b" * 16}


def test_an_ocr_pdf_ranks_as_a_scan_and_an_unreadable_file_is_never_preferred(q1_txt):
    ocr = "pages 1-5 read by OCR at 300 dpi (bbox in pixels at that resolution)"
    v, r = _link(_copy(q1_txt, "a" * 16, source_kind="pdf", source_file="scan.pdf", warnings=ocr),
                 _copy(q1_txt, "b" * 16, source_kind="text", source_file="x.txt"))
    assert r.loc[r.is_preferred_source, "source_file"].tolist() == ["x.txt"]
    broken = _copy(q1_txt, "c" * 16, source_kind="pdf", source_file="broken.pdf", status="error")
    broken = (broken[0].head(0), broken[1])
    v, r = _link(broken, _copy(q1_txt, "d" * 16, source_kind="image", source_file="x.png"))
    assert r.report_key.nunique() == 1
    assert r.loc[r.is_preferred_source, "source_file"].tolist() == ["x.png"]


def test_ties_go_to_fewer_flags(q1_txt):
    a = _copy(q1_txt, "a" * 16, source_kind="pdf", source_file="a.pdf")
    b = _copy(q1_txt, "b" * 16, source_kind="pdf", source_file="b.pdf")
    a[0]["flags"] = [["separator_ambiguous"]] * len(a[0])
    v, r = _link(a, b)
    assert r.loc[r.is_preferred_source, "source_file"].tolist() == ["b.pdf"]


def test_a_draft_without_number_joins_by_its_figures_and_a_conflicting_number_does_not(q1_txt):
    draft = _copy(q1_txt, "a" * 16, source_kind="docx", source_file="draft.docx", number=None, date=None)
    signed = _copy(q1_txt, "b" * 16, source_kind="pdf", source_file="signed.pdf")
    other = _copy(q1_txt, "c" * 16, source_kind="pdf", source_file="other.pdf", number="999/BC-UBND")
    v, r = _link(draft, signed)
    assert r.report_key.nunique() == 1 and set(r.report_key_basis) == {"content"}
    assert r.loc[r.is_preferred_source, "source_file"].tolist() == ["signed.pdf"]
    # the same figures under two different numbers: two reports, and the draft fits both: it joins neither
    v, r = _link(draft, signed, other)
    key = dict(zip(r.source_file, r.report_key))
    basis = dict(zip(r.source_file, r.report_key_basis))
    assert len({key["draft.docx"], key["signed.pdf"], key["other.pdf"]}) == 3
    assert basis == {"draft.docx": "ambiguous", "signed.pdf": "single", "other.pdf": "single"}
    # different figures, no number: a report of its own
    changed = _copy(q1_txt, "d" * 16, source_kind="docx", source_file="q2.docx", number=None)
    changed[0]["value"] = changed[0]["value"] + 1
    v, r = _link(changed, signed)
    assert r.report_key.nunique() == 2 and r.is_preferred_source.all()


def test_a_figure_matching_two_cells_is_not_linked(q1_txt):
    values, reports = q1_txt[0].copy(), q1_txt[1].copy()
    linked, _ = link_dataset(values, reports)
    inline = linked[(linked.origin == "inline") & linked.same_as.notna()].iloc[0]
    cell = linked[linked.value_id == inline.same_as].iloc[0]
    twin = values[(values.origin == "table") & (values.indicator_id != cell.indicator_id)].index[0]
    values.loc[twin, ["indicator_id", "value", "period_start", "period_end"]] = \
        [cell.indicator_id, cell.value, cell.period_start, cell.period_end]
    again, _ = link_dataset(values, reports)
    assert again.loc[again.value_id == inline.value_id, "same_as"].isna().all()


@pytest.mark.slow  # OCR of a scanned page set: ~30 s
def test_one_report_as_docx_pdf_and_scan(tmp_path):
    files = [Q1.with_suffix(".docx"), Q1.with_suffix(".pdf"),
             ROOT / "samples" / "scans" / "province_office_q1_2024_200dpi.pdf"]
    results = [process_file(f) for f in files]
    values = to_frame([v for r in results for v in r.values], VALUES_COLUMNS)
    reports = to_frame([r.report for r in results], REPORTS_COLUMNS)
    write_outputs_frames(tmp_path, values, reports)
    with duckdb.connect(str(tmp_path / "baocao.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT report_key) FROM reports").fetchone()[0] == 1
        assert con.execute("SELECT source_file FROM reports WHERE is_preferred_source").fetchall() == \
            [(str(files[1]),)]
        once = con.execute("SELECT * FROM fact_once").df()
        assert set(once.source_file) == {str(files[1])}
        n_pdf = con.execute("SELECT count(*) FROM facts WHERE source_file = ?", [str(files[1])]).fetchone()[0]
        linked = once[once.same_as.notna() & (once.origin == "table")]
        assert len(once) == n_pdf - len(linked) and len(linked) >= 5
        matched = once[once.indicator_id.notna()]
        assert not matched.duplicated(["indicator_id", "period_start", "period_end"]).any()


def test_the_same_file_given_twice_is_one_report_with_one_preferred_path(tmp_path):
    import shutil

    from baocao.batch import run_batch

    shutil.copy(Q1.with_suffix(".txt"), tmp_path / "copy.txt")
    run_batch([Q1.with_suffix(".txt"), tmp_path / "copy.txt"], tmp_path / "out")
    r = pd.read_parquet(tmp_path / "out" / "reports.parquet")
    v = pd.read_parquet(tmp_path / "out" / "values.parquet")
    assert r.report_id.nunique() == 1 and r.report_key.nunique() == 1 and r.is_preferred_source.sum() == 1
    preferred_file = r.loc[r.is_preferred_source, "source_file"].iloc[0]
    assert set(v.loc[v.is_preferred_source, "source_file"]) == {preferred_file}
    assert v.is_preferred_source.sum() == len(v) / 2


def test_two_values_for_one_fact_are_listed_as_a_conflict(q1_txt, tmp_path):
    values, reports = q1_txt[0].copy(), q1_txt[1].copy()
    table = values[values.origin == "table"].index
    a, b = table[0], table[1]
    values.loc[b, ["indicator_id", "period", "period_start", "period_end"]] = \
        values.loc[a, ["indicator_id", "period", "period_start", "period_end"]].tolist()
    values.loc[b, "value"] = values.loc[a, "value"] + 1
    write_outputs_frames(tmp_path, values, reports)
    with duckdb.connect(str(tmp_path / "baocao.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT indicator_id, n_values FROM fact_conflicts").fetchall()
    assert rows == [(values.loc[a, "indicator_id"], 2)]
