"""Tests of par_analysis.harmonize: conservation, hand-worked weighted means, flags and errors."""

import numpy as np
import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.harmonization import UNIT_RULES, harmonize


def _tidy(values, unit="musd", indicator="fdi_registered_total_musd", year=2020, layout="63"):
    return pa.tidy_frame([
        {"province_code": c, "layout": layout, "year": year, "source": "src",
         "indicator": indicator, "value": float(v), "unit": unit, "raw_file": f"f{year}.xlsx",
         "sheet": "S", "row": i + 2}
        for i, (c, v) in enumerate(values.items())
    ])


def _all63(seed=0, unit="musd", indicator="fdi_registered_total_musd", year=2020):
    rng = np.random.default_rng(seed)
    codes = pa.provinces("63")["code"]
    return _tidy(dict(zip(codes, rng.uniform(1, 100, len(codes)), strict=True)), unit=unit,
                 indicator=indicator, year=year)


def test_sum_conserves_national_total_synthetic():
    df = pd.concat([_all63(0), _all63(1, year=2021)], ignore_index=True)
    out = harmonize(df, weights="equal")
    assert len(out) == 2 * 34 and set(out["layout"]) == {"34"}
    pd.testing.assert_series_equal(out.groupby("year")["value"].sum(),
                                   df.groupby("year")["value"].sum(), rtol=1e-12)
    assert (out["n_members"] == out["n_members_present"]).all()
    assert out["n_members"].sum() == 2 * 63
    assert (out["source"] == "harmonized:src").all()
    pa.validate_tidy(out)


def test_hand_worked_weighted_mean_hcmc():
    # Ho Chi Minh City (79) of 2025 = Binh Duong (74) + Ba Ria - Vung Tau (77) + HCMC (79)
    df = _tidy({"74": 60.0, "77": 50.0, "79": 70.0}, unit="index_0_100", indicator="pci")
    w = pd.DataFrame({"province_code": ["74", "77", "79"], "year": 2020,
                      "weight": [2.0, 1.0, 7.0]})
    out = harmonize(df, weights=w)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["province_code"] == "79" and row["members"] == "74|77|79"
    assert row["value"] == pytest.approx((2 * 60 + 1 * 50 + 7 * 70) / 10)  # 66.0
    assert row["rule"] == "mean" and row["weights"] == "custom"
    assert row["raw_file"] == "f2020.xlsx"
    eq = harmonize(df, weights="equal").iloc[0]
    assert eq["value"] == pytest.approx(60.0)


def test_weights_from_nearest_year():
    df = _tidy({"74": 60.0, "77": 50.0, "79": 70.0}, unit="index_0_100", indicator="pci",
               year=2023)
    w = pd.DataFrame({"province_code": ["74", "77", "79"] * 2, "year": [2015] * 3 + [2016] * 3,
                      "weight": [1.0, 1.0, 1.0, 2.0, 1.0, 7.0]})
    assert harmonize(df, weights=w)["value"].item() == pytest.approx(66.0)


@pytest.mark.parametrize(("year", "series"), [(2010, "population_thousand_gso2016"),
                                            (2020, "population_thousand_rev2019")])
def test_population_weights_real_data(year, series):
    df = _tidy({"74": 60.0, "77": 50.0, "79": 70.0}, unit="index_0_100", indicator="pci",
               year=year)
    ctl = pa.load_controls()
    w = ctl[(ctl["indicator"] == series) & (ctl["year"] == year)].set_index("province_code")
    w = w["value"]
    expected = (w["74"] * 60 + w["77"] * 50 + w["79"] * 70) / (w["74"] + w["77"] + w["79"])
    assert harmonize(df)["value"].item() == pytest.approx(expected)


def test_missing_member_is_missing_unless_partial():
    df = _tidy({"74": 10.0, "79": 30.0, "01": 5.0})  # Ba Ria - Vung Tau (77) absent
    with pytest.warns(UserWarning, match="left out"):
        out = harmonize(df)
    assert out["province_code"].tolist() == ["01"]
    assert [r["province_code"] for r in out.attrs["incomplete"]] == ["79"]
    assert out.attrs["incomplete"][0]["n_members_present"] == 2
    part = harmonize(df, allow_partial=True).set_index("province_code")
    assert part.loc["79", "value"] == 40.0
    assert part.loc["79", "n_members_present"] == 2 and part.loc["79", "n_members"] == 3


def test_ranks_raise_and_unknown_unit_needs_how():
    with pytest.raises(ValueError, match="cannot be aggregated"):
        harmonize(_tidy({"74": 1, "77": 2, "79": 3}, unit="rank", indicator="pci_rank"))
    odd = _tidy({"74": 1, "77": 2, "79": 3}, unit="widgets", indicator="w")
    with pytest.raises(ValueError, match="no aggregation rule"):
        harmonize(odd)
    assert harmonize(odd, how={"w": "sum"})["value"].item() == 6.0
    assert harmonize(odd, how="mean", weights="equal")["value"].item() == 2.0
    assert UNIT_RULES["musd"] == "sum" and UNIT_RULES["index_0_100"] == "mean"


def test_national_rows_pass_regions_raise():
    df = pd.concat([_tidy({"VN": 100.0, "OG": 3.0, "74": 1.0, "77": 1.0, "79": 1.0})])
    out = harmonize(df).set_index("province_code")
    assert out.loc["VN", "value"] == 100.0 and out.loc["VN", "layout"] == "34"
    with pytest.raises(ValueError, match="regional rows"):
        harmonize(_tidy({"R-SE": 1.0}))


def test_ha_tay_into_ha_noi_64_to_63_and_34():
    df = _tidy({"01": 100.0, "28": 40.0, "79": 7.0}, layout="64", year=2007)
    out = harmonize(df, to_layout="63").set_index("province_code")
    assert out.loc["01", "value"] == 140.0 and out.loc["01", "members"] == "01|28"
    assert out.loc["79", "value"] == 7.0 and out.loc["79", "layout"] == "63"
    # to 34: HCMC's other members (74, 77) are absent
    with pytest.warns(UserWarning):
        out34 = harmonize(df, to_layout="34")
    assert out34.set_index("province_code").loc["01", "value"] == 140.0


def test_real_fdi_conserves_national_total():
    fdi = pa.load_fdi().query("period == 'FY' and indicator == 'fdi_registered_total_musd'")
    fdi = fdi[fdi["province_code"] != "VN"]
    full = pa.fill_zero_flows(fdi)
    full = full[full["province_code"] != "VN"]
    out = harmonize(full)
    assert out.attrs["incomplete"] == ()
    before = full.groupby("year")["value"].sum()
    after = out.groupby("year")["value"].sum()
    pd.testing.assert_series_equal(before, after, check_exact=False, rtol=1e-12)
    assert out.query("province_code != 'OG'").groupby("year").size().eq(34).all()


def test_no_complete_unit_gives_no_rows_and_the_flag():
    tidy = pa.tidy_frame([{"province_code": "79", "layout": "63", "year": 2023, "source": "x",
                           "indicator": "sipas", "value": 80.0, "unit": "percent",
                           "raw_file": "f"}])
    with pytest.warns(UserWarning, match="1 unit-years left out"):
        out = pa.harmonize(tidy, weights="equal")
    assert out.empty and list(out.columns[:3]) == ["province_code", "layout", "year"]
    assert out.attrs["incomplete"][0]["n_members_present"] == 1
