"""Readable figures: no text under 9 pt in anything the package draws, whole years on year axes."""

import re
from pathlib import Path

import matplotlib
import pytest

import par_analysis as pa

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SMALL = re.compile(r"(?:fontsize|labelsize|title_fontsize)\s*=\s*([0-8](?:\.\d+)?)\b")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_no_text_size_under_the_minimum_in_code_or_notebooks():
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
             for path in [*ROOT.glob("par_analysis/**/*.py"), *ROOT.glob("notebooks/*.py")]
             for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
             if SMALL.search(line) and ">>>" not in line]
    assert found == []


def test_every_notebook_uses_the_report_style():
    missing = [p.name for p in ROOT.glob("notebooks/*.py")
               if "pa.use_report_style()" not in p.read_text("utf-8")]
    assert missing == []


def test_choropleth_text_is_readable():
    fig, _ = pa.choropleth(pa.example_tidy(), "pci", years=[2019, 2022])
    assert pa.small_text(fig) == []


def test_adoption_map_legend_shows_whole_years():
    from par_analysis.reforms import plot_adoption_map

    fig, _ = plot_adoption_map(("service_centre",))
    assert pa.small_text(fig) == []
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert all(re.fullmatch(r"\d{4} – \d{4}|no date found", label) for label in labels), labels


@pytest.mark.parametrize("indicator", [None, "papi_total_8dim"])
def test_coverage_plot_text_is_readable(indicator):
    cov = pa.coverage(pa.load_papi(), indicators=["papi_total_8dim", "papi_total_6dim"])
    fig, _ = pa.coverage_table.plot_coverage(cov, indicator)
    assert pa.small_text(fig) == []


def test_event_study_text_is_readable():
    from par_analysis.models import simulate_staggered

    panel, adoption, _ = simulate_staggered(seed=1)
    ax = pa.plot_event_study(pa.staggered_did(panel, "y", adoption, estimators=("did2s",)))
    assert pa.small_text(ax.figure) == []


def test_integer_years_never_label_half_years():
    fig, ax = plt.subplots()
    ax.plot([2013, 2014, 2015, 2016, 2017], [1, 2, 3, 2, 1])
    pa.integer_years(ax)
    fig.canvas.draw()
    assert all(re.fullmatch(r"\d{4}", t.get_text()) for t in ax.get_xticklabels() if t.get_text())
