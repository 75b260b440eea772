"""Consistency checks: each inconsistency is found on the seed it comes from; clean samples raise none."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from baocao.pipeline import process_file
from golden_compare import seeds_dir
from normalize.checks import CHECK_FLAGS, check_values, printed_tolerance

ROOT = Path(__file__).resolve().parents[1]
SEEDS = seeds_dir()


def seed(prefix):
    return process_file(next(SEEDS.glob(f"{prefix}_*.txt")))


def flagged(result, flag):
    return {(v.row_code, v.period, v.value_raw) for v in result.values if flag in v.flags.split(";")}


@dataclass(frozen=True)
class V:
    indicator_id: str
    value: float | None
    value_raw: str = ""
    origin: str = "table"
    period_start: object = "2023-01-01"
    period_end: object = "2023-12-31"
    value_kind: str = "number"
    unit: str = ""
    numerator: float | None = None
    denominator: float | None = None


def test_percent_against_its_own_ratio():
    ok = V("x", 85.27, "85,27% (653.763/766.722)", unit="%", numerator=653763, denominator=766722)
    bad = V("x", 95.27, "95,27% (653.763/766.722)", unit="%", numerator=653763, denominator=766722)
    assert check_values([ok, bad]) == [(), ("percent_ratio_mismatch",)]


def test_total_against_sum_of_present_parts():
    vals = [V("tthc.total", 345), V("tthc.total.district", 184), V("tthc.total.commune", 161)]
    assert check_values(vals) == [(), (), ()]
    vals[0] = V("tthc.total", 346)
    assert all("total_mismatch" in f for f in check_values(vals))


def test_resolved_le_received_and_ontime_le_resolved():
    vals = [V("hoso.received.commune", 100), V("hoso.resolved.commune", 120), V("hoso.ontime.commune", 121)]
    assert check_values(vals) == [(), ("exceeds_related",), ("exceeds_related",)]


def test_values_of_other_periods_are_not_compared():
    vals = [V("hoso.received.commune", 100), V("hoso.resolved.commune", 120, period_start="2022-01-01")]
    assert check_values(vals) == [(), ()]


@pytest.mark.parametrize("raw,tol", [("98,98", 0.01), ("50,1%", 0.1), ("100", 1.0), ("97.3%", 0.1), ("34.469", 1.0)])
def test_printed_tolerance(raw, tol):
    assert printed_tolerance(raw) == pytest.approx(tol)


def test_seed_000_percent_row_holding_a_count():
    got = flagged(seed("000"), "count_in_percent_row")
    assert got == {("6", "2020 (to 2020-03-31)", "5370")}


def test_seed_003_rate_not_following_from_counts():
    got = flagged(seed("003"), "rate_mismatch")
    assert ("6.5.", "2023-H1", "50,1%") in got  # 267/526 = 50.76%
    assert ("6.3.", "2023-H1", "100") in got  # 70/656


def test_seed_002_rates_not_following_from_counts():
    got = flagged(seed("002"), "rate_mismatch")
    assert ("3.3.", "2023-Q3", "98,98") in got  # 85.184/90.539 = 94.09%


@pytest.mark.parametrize("name", ["district_2011_2020_summary", "province_office_q1_2024",
                                  "province_office_6m_2024", "commune_borderless_2023"])
def test_clean_sample_raises_no_check_flag(name):
    result = process_file(ROOT / "samples" / f"{name}.txt")
    raised = {f for v in result.values for f in v.flags.split(";") if f in CHECK_FLAGS}
    assert not raised


def test_seed_002_prose_and_appendix_disagree():
    result = seed("002")
    got = {(v.origin, v.value) for v in result.values
           if "prose_table_mismatch" in v.flags.split(";") and v.indicator_id == "hoso.resolved.commune"}
    assert got == {("table", 90539.0), ("inline", 86060.0)}


def test_seed_001_prose_figures_are_rows(tmp_path):
    import pandas as pd

    from baocao.batch import run_batch

    run_batch([next(SEEDS.glob("001_*.txt"))], tmp_path)
    v = pd.read_parquet(tmp_path / "values.parquet")
    inline = v[v.origin == "inline"]
    assert len(inline) >= 60 and (v.origin == "inline").all()
    received = inline[(inline.measure == "received") & (inline.value == 61294)]
    assert len(received) == 1 and "61.294" in received.iloc[0].sentence
    row = received.iloc[0]
    assert row.sentence[row.char_start:row.char_end].startswith("61.294") and row.period == "2019"
