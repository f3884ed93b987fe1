"""Tests of the panel builder and the transforms."""

import numpy as np
import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.panel import (
    log_with_rule,
    missing_report,
    panel_sources,
    per_capita,
    signed_log,
)


def rec(code, year, indicator, value, source="s1", layout="63", period="FY"):
    return {"province_code": code, "layout": layout, "year": year, "period": period,
            "source": source, "indicator": indicator, "value": value, "unit": "u",
            "raw_file": f"{source}.csv", "row": 2}


@pytest.fixture
def tidy():
    return pa.tidy_frame([
        rec("40", 2020, "a", 1.0), rec("40", 2021, "a", 2.0), rec("01", 2020, "a", 5.0),
        rec("40", 2020, "b", 10.0, source="gso_web"),
        rec("40", 2020, "b", 11.0, source="grdp_secondary"),
        rec("01", 2021, "b", 7.0, source="grdp_secondary"),
        rec("VN", 2020, "a", 99.0), rec("OG", 2020, "a", 3.0),
        rec("40", 2007, "a", 0.5, layout="64"), rec("28", 2007, "a", 0.7, layout="64"),
        rec("40", 2024, "a", 4.0, period="H1"),
    ])


def test_wide_shape_and_values(tidy):
    panel = pa.build_panel(["a", "b"], data=tidy)
    assert panel.index.names == ["province_code", "year"]
    assert list(panel.columns) == ["a", "b"]
    assert len(panel) == 63 * 2  # years with data in layout 63, FY: 2020, 2021
    assert panel.loc[("40", 2021), "a"] == 2.0
    assert "VN" not in panel.index.get_level_values(0)


def test_source_preference(tidy):
    panel = pa.build_panel("b", data=tidy)
    assert panel.loc[("40", 2020), "b"] == 10.0  # gso_web before grdp_secondary
    src = panel_sources(panel).set_index(["province_code", "year"])
    assert src.loc[("40", 2020), "source"] == "gso_web"
    assert src.loc[("40", 2020), "n_sources"] == 2
    assert panel.loc[("01", 2021), "b"] == 7.0  # the only source is used


def test_missing_cells_reported(tidy):
    panel = pa.build_panel(["a", "b"], data=tidy, years=[2020, 2021, 2022])
    miss = missing_report(panel, by="cells")
    assert len(miss) == panel.isna().sum().sum()
    reasons = miss.set_index(["province_code", "year", "indicator"])["reason"]
    assert reasons[("02", 2020, "a")] == "province absent from the source"
    assert reasons[("40", 2022, "a")] == "indicator has no value this year"
    summary = missing_report(panel)
    assert summary["n_missing"].sum() == len(miss)
    assert set(missing_report(panel, by="province").columns) == {"province_code", "indicator",
                                                                 "n_missing"}


def test_other_layout_only_on_request(tidy):
    strict = pa.build_panel("a", data=tidy, years=[2007])
    assert strict["a"].isna().all()
    reasons = missing_report(strict, by="cells").set_index("province_code")["reason"]
    assert reasons["40"] == "value only in layout 64"
    borrowed = pa.build_panel("a", data=tidy, years=[2007], also_layouts=("64",))
    assert borrowed.loc[("40", 2007), "a"] == 0.5
    assert "28" not in borrowed.index.get_level_values(0)  # Ha Tay has no 63-layout code
    assert set(panel_sources(borrowed)["layout"]) == {"64"}


def test_period(tidy):
    half = pa.build_panel("a", data=tidy, period="H1")
    assert half.loc[("40", 2024), "a"] == 4.0
    with pytest.raises(ValueError, match="no rows"):
        pa.build_panel("zzz", data=tidy)


def test_duplicate_within_source_raises(tidy):
    bad = pd.concat([tidy, tidy.iloc[[0]].assign(value=9.0)], ignore_index=True)
    with pytest.raises(ValueError, match="two values"):
        pa.build_panel("a", data=bad)


def test_real_panel_fdi_per_capita():
    data = pd.concat([pa.load_fdi(), pa.load_grdp()], ignore_index=True)
    panel = pa.build_panel(["fdi_registered_total_musd", "population_thousand_rev2019"],
                           years=range(2016, 2023), data=data)
    assert panel.loc[("31", 2021), "fdi_registered_total_musd"] == pytest.approx(5262.2, abs=0.05)
    pc = per_capita(panel, "fdi_registered_total_musd", "population_thousand_rev2019")
    # USD per person = musd * 1e6 / persons; per 1,000 people in MUSD
    hp = panel.loc[("31", 2021)]
    assert pc[("31", 2021)] == pytest.approx(
        hp.fdi_registered_total_musd / (hp.population_thousand_rev2019 * 1000) * 1000)
    assert pc.name == "fdi_registered_total_musd_per1000"


def test_signed_log_and_rules():
    x = pd.Series([-135.3, 0.0, 1603.3])
    s = signed_log(x)
    assert s[1] == 0.0 and s[0] < 0 and s[2] == pytest.approx(np.log(1604.3))
    assert s[0] == -signed_log(pd.Series([135.3]))[0]
    pos = log_with_rule(x, "positive")
    assert pos.isna().tolist() == [True, True, False]
    assert log_with_rule(x, "plus_one").isna().tolist() == [True, False, False]
    assert isinstance(log_with_rule(np.array([1.0, 2.0]), "positive"), np.ndarray)
    with pytest.raises(ValueError):
        log_with_rule(x, "shift")


def test_panels_concatenate_and_merge():
    tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020, "source": "x",
                           "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    one, two = pa.build_panel("a", data=tidy), pa.build_panel("a", data=tidy)
    assert len(pd.concat([one, two])) == 2 * len(one)
    assert len(one.merge(two, left_index=True, right_index=True)) == len(one)
