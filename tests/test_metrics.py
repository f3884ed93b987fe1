"""Hand-worked tests of par_analysis.metrics."""

import numpy as np
import pandas as pd
import pytest

from par_analysis import metrics


def _tidy(values, year=2020, indicator="pci", layout="63"):
    return pd.DataFrame({"province_code": list(values), "layout": layout, "year": year,
                         "period": "FY", "source": "s", "indicator": indicator,
                         "value": [float(v) for v in values.values()]})


def test_rank_min_method_ties_and_special_units():
    df = _tidy({"01": 60, "79": 65, "48": 60, "31": 50, "VN": 99})
    out = metrics.rank(df).set_index("province_code")
    assert out["rank"].to_dict() == pytest.approx(
        {"01": 2.0, "79": 1.0, "48": 2.0, "31": 4.0, "VN": np.nan}, nan_ok=True)
    assert out["tied"].to_dict() == {"01": True, "79": False, "48": True, "31": False, "VN": False}
    assert out.loc["01", "n_ranked"] == 4
    asc = metrics.rank(df, ascending=True, method="average").set_index("province_code")
    assert asc.loc["01", "rank"] == 2.5 and asc.loc["31", "rank"] == 1.0


def test_rank_is_within_year_and_indicator():
    df = pd.concat([_tidy({"01": 1, "79": 2}), _tidy({"01": 5, "79": 3}, year=2021),
                    _tidy({"01": 9, "79": 8}, indicator="papi")])
    out = metrics.rank(df)
    assert out["rank"].tolist() == [2.0, 1.0, 1.0, 2.0, 1.0, 2.0]


def test_rank_rejects_duplicate_province_years():
    df = pd.concat([_tidy({"01": 1}), _tidy({"01": 2})])
    with pytest.raises(ValueError, match="several rows"):
        metrics.rank(df)


def test_rank_change_sign_and_gap():
    df = pd.concat([_tidy({"01": 1, "79": 2, "48": 3}, year=2019),
                    _tidy({"01": 3, "79": 2, "48": 1}, year=2020),
                    _tidy({"01": 3, "79": 2, "48": 1}, year=2022)])
    out = metrics.rank_change(df).set_index(["year", "province_code"])
    # 01 went from 3rd to 1st: +2 (moved up); 48 from 1st to 3rd: -2
    assert out.loc[(2020, "01"), "rank_change"] == 2.0
    assert out.loc[(2020, "48"), "rank_change"] == -2.0
    assert out.loc[(2020, "79"), "rank_change"] == 0.0
    assert np.isnan(out.loc[(2022, "01"), "rank_change"])  # 2021 missing: no change


def test_zscore_by_hand():
    out = metrics.zscore(_tidy({"01": 2, "79": 4, "48": 9, "VN": 5}))
    # mean 5, sample sd sqrt((9 + 1 + 16) / 2) = sqrt(13)
    assert out["z"].tolist()[:3] == pytest.approx([-3 / np.sqrt(13), -1 / np.sqrt(13),
                                                    4 / np.sqrt(13)])
    assert np.isnan(out["z"].iloc[3])


def test_yoy_change_by_hand():
    df = pd.concat([_tidy({"01": 10, "79": 4}, year=2019), _tidy({"01": 15, "79": 2}, year=2020)])
    out = metrics.yoy_change(df).query("year == 2020").set_index("province_code")
    assert out.loc["01", "change"] == 5.0 and out.loc["01", "pct_change"] == 50.0
    assert out.loc["79", "change"] == -2.0 and out.loc["79", "pct_change"] == -50.0


def test_percentile_ties_averaged():
    out = metrics.percentile(_tidy({"01": 1, "79": 2, "48": 2, "31": 4}))
    assert out["percentile"].tolist() == [25.0, 62.5, 62.5, 100.0]


def test_regional_mean_by_hand():
    df = _tidy({"92": 60, "96": 64, "01": 70, "79": 80, "VN": 1})
    out = metrics.regional_mean(df).set_index("province_code")
    assert out.loc["R-MD", "value"] == 62.0 and out.loc["R-MD", "n_provinces"] == 2
    assert out.loc["R-MD", "n_region"] == 13
    assert out.loc["R-SE", "value"] == 80.0
    assert set(out.index) == {"R-MD", "R-RRD", "R-SE"}


def test_regional_mean_34_layout_uses_its_regions():
    df = _tidy({"80": 1, "82": 3, "79": 5}, layout="34")
    out = metrics.regional_mean(df).set_index("province_code")
    assert out.loc["R-MD", "value"] == 2.0 and out.loc["R-MD", "n_region"] == 6


def _wide():
    return pd.DataFrame({
        "province_code": ["01", "79", "48", "31", "01", "79", "48", "31"],
        "year": [2019] * 4 + [2020] * 4,
        "a": [1.0, 2.0, 3.0, 4.0, 2.0, 3.0, 4.0, 5.0],
        "b": [1.0, 3.0, 2.0, 4.0, 1.0, 3.0, 2.0, np.nan],
    })


def test_correlations_by_hand_and_n():
    out = metrics.correlations(_wide(), n_boot=0).set_index("method")
    assert (out["n"] == 7).all() and (out["n_provinces"] == 4).all()
    a = np.array([1, 2, 3, 4, 2, 3, 4.0])
    b = np.array([1, 3, 2, 4, 1, 3, 2.0])
    assert out.loc["pearson", "r"] == pytest.approx(np.corrcoef(a, b)[0, 1])
    # Kendall tau-b by hand: 21 pairs
    conc = disc = ta = tb = 0
    for i in range(7):
        for j in range(i + 1, 7):
            s = np.sign(a[i] - a[j]) * np.sign(b[i] - b[j])
            conc += s > 0
            disc += s < 0
            ta += a[i] == a[j]
            tb += b[i] == b[j]
    tau_b = (conc - disc) / np.sqrt((21 - ta) * (21 - tb))
    assert out.loc["kendall", "r"] == pytest.approx(tau_b)


def test_correlations_tidy_equals_wide():
    wide = _wide()
    tidy = wide.melt(id_vars=["province_code", "year"], var_name="indicator").dropna()
    pd.testing.assert_frame_equal(metrics.correlations(tidy, n_boot=0),
                                  metrics.correlations(wide, n_boot=0), check_dtype=False)


def test_bootstrap_interval_seeded_and_covers_r():
    rng = np.random.default_rng(0)
    wide = pd.DataFrame({"province_code": [f"{i:02d}" for i in range(60)], "year": 2020,
                         "a": rng.normal(size=60)})
    wide["b"] = wide["a"] + rng.normal(size=60)
    one = metrics.correlations(wide, methods=("pearson",), n_boot=300, seed=7)
    two = metrics.correlations(wide, methods=("pearson",), n_boot=300, seed=7)
    assert one.equals(two)
    r = one.loc[0, "r"]
    assert one.loc[0, "ci_low"] < r < one.loc[0, "ci_high"]
    assert one.loc[0, "ci_high"] - one.loc[0, "ci_low"] < 0.5


def test_correlation_matrix_symmetric_with_n():
    m = metrics.correlation_matrix(_wide(), method="spearman", n_boot=50, seed=1)
    assert m.r.loc["a", "a"] == 1.0
    assert m.r.loc["a", "b"] == m.r.loc["b", "a"]
    assert m.n.loc["b", "b"] == 7 and m.n.loc["a", "a"] == 8 and m.n.loc["a", "b"] == 7


def test_yearly_correlation_by_hand():
    out = metrics.yearly_correlation(_wide(), "a", "b", n_boot=0)
    assert out["year"].tolist() == [2019, 2020]
    assert out["n"].tolist() == [4, 3]
    assert out.loc[0, "r"] == pytest.approx(0.8)  # a = 1..4, b = 1,3,2,4
    assert out.loc[1, "r"] == pytest.approx(0.5)  # a = 2,3,4, b = 1,3,2


def test_wide_panel_with_index_and_dataframe_attrs():
    wide = _wide().set_index(["province_code", "year"])
    wide.attrs["sources"] = pd.DataFrame({"x": [1]})
    assert metrics.correlations(wide, ["a", "b"], n_boot=0)["n"].tolist() == [7, 7, 7]
    tidy = _tidy({"01": 1, "79": 2})
    tidy.attrs["note"] = pd.DataFrame({"x": [1]})
    assert metrics.rank_change(tidy)["rank"].tolist() == [2.0, 1.0]
