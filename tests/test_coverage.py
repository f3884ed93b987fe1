"""Coverage view: statuses from tidy frames, the PCI top-30 design gap, summary and plot."""

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.coverage_table import coverage_summary, plot_coverage


def tidy(rows):
    return pa.tidy_frame([{"layout": "63", "source": "s", "unit": "u", "raw_file": "f",
                           **r} for r in rows])


@pytest.fixture(scope="module")
def toy():
    return tidy([
        {"province_code": "01", "year": 2020, "indicator": "x", "value": 1.0},
        {"province_code": "79", "year": 2020, "indicator": "x", "value": 2.0},
        {"province_code": "VN", "year": 2020, "indicator": "x", "value": 1.5},
        {"province_code": "01", "year": 2021, "indicator": "x", "value": 3.0},
        {"province_code": "01", "year": 2023, "indicator": "pci", "value": 70.0},
        {"province_code": "28", "layout": "64", "year": 2006, "indicator": "y", "value": 1.0},
        {"province_code": "01", "layout": "64", "year": 2006, "indicator": "y", "value": 1.0},
    ])


def test_statuses(toy):
    cov = pa.coverage(toy)
    assert len(cov) == 63 * 4  # x 2020, x 2021, pci 2023, y 2006; special units left out
    status = cov.set_index(["indicator", "year", "province_code"])["status"]
    assert status["x", 2020, "79"] == "present"
    assert status["x", 2021, "79"] == "missing"
    assert status["y", 2006, "01"] == "present"          # layout 64 counts for 63 (same code)
    assert "28" not in set(cov["province_code"])          # Ha Tay has no 63 counterpart
    assert status["pci", 2023, "79"] == "missing_by_design"  # PCI 2023 publishes the top 30
    assert status["pci", 2023, "01"] == "present"


def test_indicator_filter_and_summary(toy):
    cov = pa.coverage(toy, indicators=["x"])
    assert set(cov["indicator"]) == {"x"}
    summary = coverage_summary(cov).set_index("year")
    assert summary.loc[2020, "present"] == 2
    assert summary.loc[2021, "missing"] == 62
    assert summary.loc[2020, "share_present"] == pytest.approx(2 / 63)


def test_papi_gaps_are_missing():
    cov = pa.coverage(pa.load_papi(), indicators=["papi_total_8dim"])
    gaps = cov.query("year == 2024 and status == 'missing'")
    assert set(gaps["province_code"]) == set(pa.resolve(["Vĩnh Phúc", "Tiền Giang"]))


def test_plot_coverage(toy):
    cov = pa.coverage(toy)
    fig, ax = plot_coverage(cov)
    assert ax.get_title().startswith("Coverage")
    fig2, ax2 = plot_coverage(cov, indicator="pci")
    assert len(ax2.get_yticks()) == 63
    with pytest.raises(ValueError):
        plot_coverage(cov, indicator="nope")
    import matplotlib.pyplot as plt

    plt.close("all")
    assert isinstance(cov, pd.DataFrame)
