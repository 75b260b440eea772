"""Seeds 000 and 004 (2011–2020 summaries): every prose figure whose sentence states a year,
a date or a date range carries that period, not the report's."""

from __future__ import annotations

import functools

import pytest
import regex

from baocao.pipeline import process_file
from golden_compare import seeds_dir

# (seed file prefix, seed line, figure as printed, period label); read from the seeds by hand
EXPECTED = [
    ("000", 91, "02 đơn vị", "2010"),                     # "năm 2010, … có 09 phòng và 02 đơn vị"
    ("000", 91, "01 đơn vị", "2011-2020"),                # "… đến nay có … 01 đơn vị": the report's end
    ("000", 95, "01 biên chế", "2015-2020"),              # "từ năm 2015 trở đi"
    ("000", 95, "03 biên chế", "2015-2020"),              # "từ năm 2015 đến nay"
    ("000", 137, "70%", "2025"),                          # "lộ trình đến năm 2025": a target
    ("004", 77, "51 văn bản", "2011-2020"),               # "Từ năm 2011-2020"
    ("004", 79, "12 văn bản", "2019-09-30"),              # "Tính đến nay (ngày 30/9/2019)"
    ("004", 91, "10 văn bản", "2011-2020"),               # "từ năm 2011 đến nay"
    ("004", 297, "trên 1.000 lượt", "2010-2020"),         # "Từ năm 2010 đến nay"
    ("004", 299, "05 công chức", "2010-2020"),
    ("004", 299, "06 viên chức", "2010-2020"),
    ("004", 303, "97%", "2019-12-31"),                    # "tính đến ngày 31/12/2019: Có 97% …"
    ("004", 303, "100%", "2019-12-31"),                   # "…; 100% công chức cấp xã đạt chuẩn"
    ("004", 331, "22 triệu đồng/người/năm", "2017-2020"),  # "cho thời kỳ 2017-2020 là 22 triệu"
    ("004", 331, "16,5 triệu đồng/người/năm", "2011-2016"),
    ("004", 331, "15 triệu đồng/người/năm", "2011-2016"),
    ("004", 393, "13 cơ quan", "2013-10-01..2020-12-31"),  # "từ tháng 10 năm 2013"
]


@functools.lru_cache(maxsize=2)
def _inline(prefix: str):
    path = next(seeds_dir().glob(f"{prefix}_*.txt"))
    return [v for v in process_file(path).values if v.origin == "inline"]


@pytest.mark.parametrize("prefix,line,figure,label", EXPECTED, ids=[f"{e[0]}-L{e[1]}-{e[2]}" for e in EXPECTED])
def test_prose_figure_has_the_period_of_its_sentence(prefix, line, figure, label):
    # a line may hold several sentences: those that state a period
    found = [v for v in _inline(prefix) if v.line == line and v.value_text == figure
             and regex.search(r"(?:19|20)\d\d", v.sentence)]
    assert found, f"no figure {figure!r} on line {line} of seed {prefix}"
    assert {v.period for v in found} == {label}
    for v in found:
        if label != "2011-2020":  # another period than the report's always says why
            assert "period_from_text" in v.flags.split(";") or "period_as_of" in v.flags.split(";")


def test_figures_of_sentences_naming_no_period_keep_the_report_period():
    for prefix in ("000", "004"):
        for v in _inline(prefix):
            if not any(f.startswith("period_") for f in v.flags.split(";")):
                assert v.period == "2011-2020", (prefix, v.line, v.value_text, v.period)
