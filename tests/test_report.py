"""`baocao report`: one chart per selected indicator, files, flags; nothing fetched from anywhere."""

from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import regex

from baocao.batch import run_batch
from baocao.cli import main
from baocao.report import fact_once, top_indicators

ROOT = Path(__file__).resolve().parents[1]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    d = tmp_path_factory.mktemp("report")
    files = [ROOT / "samples" / n for n in ("province_office_q1_2024.txt", "province_office_6m_2024.txt",
                                           "district_2011_2020_summary.txt")]
    run_batch(files + [d / "missing.txt"], d)
    assert main(["report", str(d), "--top", "4"]) == 0
    page = _Page()
    page.feed((d / "report.html").read_text(encoding="utf-8"))
    return d, page


def test_a_chart_per_selected_indicator(run):
    d, page = run
    values = pd.read_parquet(d / "values.parquet")
    chosen = top_indicators(fact_once(values), 4)
    assert len(chosen) == 4
    cards = [a["data-indicator"] for t, a in page.tags if t == "div" and "data-indicator" in a]
    assert cards == chosen
    # each card holds its own chart: svg tags follow each card
    order = [("card", a["data-indicator"]) if "data-indicator" in a else ("svg", None)
             for t, a in page.tags if (t == "div" and "data-indicator" in a) or t == "svg"]
    for i, (kind, _) in enumerate(order[:2 * len(chosen)]):
        assert kind == ("card" if i % 2 == 0 else "svg")
    # the most reported indicator is in both province reports
    both = values[values.indicator_id == chosen[0]].report_key.nunique()
    assert both >= 2


def test_files_flags_and_errors_are_shown(run):
    d, page = run
    text = " ".join(page.text)
    for name in ("province_office_q1_2024.txt", "district_2011_2020_summary.txt", "missing.txt"):
        assert name in text
    assert "label_matched_by_context" in text and "error" in text
    files = [a for t, a in page.tags if t == "div" and a.get("class") == "card file"]
    assert len(files) == 3  # a confidence histogram per file with values


def test_nothing_is_fetched(run):
    _, page = run
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "iframe", "img", "object", "embed"), tag
        for k, v in attrs.items():
            if k in ("src", "href", "xlink:href", "action", "data", "srcset"):
                assert not (v or "").startswith(("http:", "https:", "//")), (tag, k, v)
    html = (run[0] / "report.html").read_text(encoding="utf-8")
    assert "@import" not in html and not regex.search(r"url\((?!#)", html)  # only in-page clip paths
