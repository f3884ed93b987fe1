"""Tests of the panel builder and the transforms."""

import warnings

import numpy as np
import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.panel import (
    CoverageWarning,
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
    with pytest.raises(ValueError, match=r"values exist in layout\(s\) \['64'\]"):
        pa.build_panel("a", data=tidy, years=[2007])
    strict = pa.build_panel("a", data=tidy, years=[2007, 2020])
    reasons = missing_report(strict, by="cells").set_index(["province_code", "year"])["reason"]
    assert reasons[("40", 2007)] == "value only in layout 64"
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
    # a column or selection shares the panel's records instead of deep-copying them
    assert one["a"].attrs["sources"] is one.attrs["sources"]
    assert one[one["a"].notna()].attrs["missing"] is one.attrs["missing"]


def test_thin_coverage_warns_naming_the_provinces(tidy):
    with pytest.warns(CoverageWarning, match=r"a covers under half the units: .*2021: 1 of 63 "
                                             r"\(Nghệ An\)"):
        panel = pa.build_panel("a", data=tidy)
    cov = pa.panel_coverage(panel).set_index(["indicator", "year"])
    assert cov.loc[("a", 2020), "n_present"] == 2 and cov.loc[("a", 2020), "n_units"] == 63
    full = pa.tidy_frame([rec(c, 2020, "x", 1.0) for c in pa.provinces("63")["code"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pa.build_panel("x", data=full)  # full coverage: no warning


def test_part_year_is_never_a_full_year(tidy):
    panel = pa.build_panel("a", data=tidy, years=[2020, 2024], warn=False)
    assert panel.xs(2024, level="year")["a"].isna().all()
    reasons = missing_report(panel, by="cells").query("year == 2024")["reason"].unique()
    assert list(reasons) == ["only a part-year value (period H1); never put in a FY column"]


def test_unknown_names_suggest_neighbours(tidy):
    with pytest.raises(ValueError, match=r"'aa': did you mean \['a'\]"):
        pa.build_panel("aa", data=tidy)


def test_breaks_mark_eras_on_real_data():
    panel = pa.build_panel(["par_index", "pci"], years=range(2012, 2024), warn=False)
    assert panel.loc[("48", 2015), "par_index_era"] == 0
    assert panel.loc[("48", 2016), "par_index_era"] == 2016
    assert panel.loc[("48", 2023), "par_index_era"] == 2022
    assert panel.loc[("48", 2013), "pci_era"] == 2013 and panel.loc[("48", 2012), "pci_era"] == 0
    ids = {b["id"] for b in panel.attrs["breaks"]}
    assert {"par_index_2017_decision_2948", "pci_2013_policy_bias"} <= ids


def test_layout_34_harmonises_and_appends_native_rows():
    panel = pa.build_panel(["fdi_registered_total_musd", "sqi766"], layout="34", warn=False)
    assert len(panel.index.get_level_values("province_code").unique()) == 34
    old = panel.xs(2023, level="year")
    assert (old["layout_origin"] == "63").all()
    fdi = pa.fill_zero_flows(pa.load_fdi()).query(
        "year == 2023 and period == 'FY' and indicator == 'fdi_registered_total_musd'")
    provinces_only = fdi[fdi["province_code"].str.match(r"^\d")]["value"].sum()
    # zero-filled flows summed into the 34 units conserve the provinces' national total
    assert old["fdi_registered_total_musd"].sum() == pytest.approx(provinces_only)
    new = panel.xs(2025, level="year")
    assert new.loc["75", "sqi766"] == 90.62 and new.loc["75", "layout_origin"] == "34"
    assert any("zero-filled" in n for n in panel.attrs["notes"])
    with pytest.raises(ValueError, match="ranks are not aggregated"):
        pa.build_panel("pci_rank", layout="34", years=[2019], warn=False)
