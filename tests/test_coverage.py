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
        {"province_code": "01", "year": 2023, "indicator": "pci_rank", "value": 2.0},
        {"province_code": "02", "year": 2023, "indicator": "pci_rank", "value": 7.0},
        {"province_code": "04", "year": 2023, "indicator": "pci_rank", "value": 45.0},
        {"province_code": "40", "year": 2021, "indicator": "x_rank", "value": 17.0},
        {"province_code": "28", "layout": "64", "year": 2006, "indicator": "y", "value": 1.0},
        {"province_code": "01", "layout": "64", "year": 2006, "indicator": "y", "value": 1.0},
    ])


def test_statuses(toy):
    cov = pa.coverage(toy)
    assert len(cov) == 63 * 4  # x 2020, x 2021, pci 2023, y 2006; special units left out
    assert set(cov["indicator"]) == {"x", "pci", "y"}     # ranks annotate, not rows of their own
    status = cov.set_index(["indicator", "year", "province_code"])["status"]
    assert status["x", 2020, "79"] == "present"
    assert status["x", 2021, "79"] == "missing"
    assert status["y", 2006, "01"] == "present"          # layout 64 counts for 63 (same code)
    assert "28" not in set(cov["province_code"])          # Ha Tay has no 63 counterpart
    # PCI 2023 publishes the top 30: by design only where a rank says "outside the top 30"
    assert status["pci", 2023, "04"] == "missing_by_design"
    assert status["pci", 2023, "79"] == "outside_top_or_not_collected"
    assert status["pci", 2023, "02"] == "rank_only"      # in the top 30, score not collected
    assert status["pci", 2023, "01"] == "present"
    assert status["x", 2021, "40"] == "rank_only"        # ranks are data where scores are missing
    summary = coverage_summary(cov).set_index(["indicator", "year"])
    assert summary.loc[("pci", 2023), "top_n_not_held"] == 28  # 30 - present - rank-only
    assert pd.isna(summary.loc[("x", 2020), "top_n_not_held"])


def test_indicator_filter_and_summary(toy):
    cov = pa.coverage(toy, indicators=["x"])
    assert set(cov["indicator"]) == {"x"}
    summary = coverage_summary(cov).set_index("year")
    assert summary.loc[2020, "present"] == 2
    assert summary.loc[2021, "missing"] == 61 and summary.loc[2021, "rank_only"] == 1
    assert summary.loc[2020, "share_present"] == pytest.approx(2 / 63)


def test_one_province_by_name():
    cov = pa.coverage(province="Nghệ An")
    assert set(cov["province_code"]) == {"40"}
    # Nghe An has PAR INDEX and SIPAS ranks for 2021-2024, shown where the score is missing
    ranks = cov.query("indicator in ['par_index', 'sipas'] and 2021 <= year <= 2024")
    assert ranks["rank"].notna().all()


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
