"""Tests of par_analysis.models: two-way FE against linearmodels, bootstrap, event study."""

import numpy as np
import pandas as pd
import pytest

from par_analysis import models

TOL = 1e-6  # relative tolerance against linearmodels


def _panel(n_units=34, n_years=9, beta=0.0, seed=0, unbalanced=True):
    rng = np.random.default_rng(seed)
    codes = [f"{i:02d}" for i in range(n_units)]
    df = pd.DataFrame({"province_code": np.repeat(codes, n_years),
                       "year": np.tile(np.arange(2015, 2015 + n_years), n_units)})
    a = dict(zip(codes, rng.normal(size=n_units), strict=True))
    g = dict(zip(range(2015, 2015 + n_years), rng.normal(size=n_years), strict=True))
    df["x1"] = rng.normal(size=len(df)) + df["province_code"].map(a)
    df["x2"] = rng.normal(size=len(df))
    # errors correlated within province, so clustering matters
    u = df["province_code"].map(dict(zip(codes, rng.normal(size=n_units), strict=True)))
    df["y"] = (beta * df["x1"] + 0.3 * df["x2"] + df["province_code"].map(a)
               + df["year"].map(g) + 0.5 * u * rng.normal(size=len(df)) + rng.normal(size=len(df)))
    if unbalanced:
        df = df.drop(index=rng.choice(len(df), size=len(df) // 10, replace=False))
    return df.reset_index(drop=True)


def test_panel_fe_matches_linearmodels():
    lm = pytest.importorskip("linearmodels")
    df = _panel(beta=0.7)
    res = models.panel_fe(df, "y", ["x1", "x2"])
    ref = lm.PanelOLS(df.set_index(["province_code", "year"])["y"],
                      df.set_index(["province_code", "year"])[["x1", "x2"]],
                      entity_effects=True, time_effects=True).fit(
        cov_type="clustered", cluster_entity=True, debiased=True, group_debias=True)
    np.testing.assert_allclose(res.params.to_numpy(), ref.params.to_numpy(), rtol=TOL)
    np.testing.assert_allclose(res.bse.to_numpy(), ref.std_errors.to_numpy(), rtol=TOL)
    assert res.nobs == ref.nobs
    assert res.n_clusters == 34
    assert "G/(G-1)*(N-1)/(N-K)" in res.summary()


def test_hand_worked_cr1_on_tiny_panel():
    # 3 provinces x 2 years: with province and year effects, one regressor. The FE estimator is
    # the regression of differenced y on differenced x (two periods): dy = [1, 2, 6], dx = [1, 2, 3]
    # after removing the common year effect (mean of dy, dx).
    df = pd.DataFrame({"province_code": ["a", "a", "b", "b", "c", "c"],
                       "year": [1, 2, 1, 2, 1, 2],
                       "x": [0.0, 1.0, 0.0, 2.0, 0.0, 3.0],
                       "y": [0.0, 1.0, 0.0, 2.0, 0.0, 6.0]})
    res = models.panel_fe(df, "y", "x")
    dx = np.array([1.0, 2.0, 3.0]) - 2.0
    dy = np.array([1.0, 2.0, 6.0]) - 3.0
    beta = (dx @ dy) / (dx @ dx)
    assert res.params["x"] == pytest.approx(beta)  # 2.5
    # within-transformed data of each province are (-d/2, +d/2): scores x~'e = d_x * e_d / 2
    e = dy - beta * dx
    meat = np.sum((dx * e / 2) ** 2)
    bread = 1 / (dx @ dx / 2)
    n, k, g = 6, 1 + 3 + 1, 3
    v = g / (g - 1) * (n - 1) / (n - k) * bread * meat * bread
    assert res.bse["x"] == pytest.approx(np.sqrt(v))


def test_lags_are_matched_on_calendar_year():
    df = pd.DataFrame({"province_code": ["01"] * 3 + ["02"] * 3, "year": [2019, 2020, 2022] * 2,
                       "x": [1.0, 2.0, 4.0, 5.0, 6.0, 7.0]})
    out = models.add_lags(df, "x", lags=2, leads=1)
    assert out["x_lag1"].tolist()[:3] == pytest.approx([np.nan, 1.0, np.nan], nan_ok=True)
    assert out["x_lag2"].tolist()[2] == 2.0  # 2022 <- 2020
    assert out["x_lead1"].tolist()[3:] == pytest.approx([6.0, np.nan, np.nan], nan_ok=True)


def test_panel_fe_lags_argument_adds_regressors():
    df = _panel(seed=3, unbalanced=False)
    res = models.panel_fe(df, "y", "x1", lags=1, leads=[1])
    assert list(res.params.index) == ["x1", "x1_lag1", "x1_lead1"]
    assert res.n_dropped == 2 * 34  # first year has no lag, last no lead


def test_collinear_regressor_raises():
    df = _panel(unbalanced=False)
    df["const_in_unit"] = df["province_code"].astype(int) * 1.0
    with pytest.raises(ValueError, match="collinear"):
        models.panel_fe(df, "y", ["x1", "const_in_unit"])


def test_wild_bootstrap_null_not_degenerate_and_power():
    pvals = []
    for seed in range(8):
        res = models.panel_fe(_panel(beta=0.0, seed=seed), "y", ["x1", "x2"])
        pvals.append(models.wild_cluster_bootstrap(res, "x1", B=399, seed=seed).p_value)
    pvals = np.array(pvals)
    # under the null the p-values spread over (0, 1): not all tiny, not all one, not all equal
    assert len(np.unique(pvals)) >= 6
    assert 0.1 < pvals.mean() < 0.9
    strong = models.panel_fe(_panel(beta=1.0, seed=11), "y", ["x1", "x2"])
    out = models.wild_cluster_bootstrap(strong, "x1", B=399, seed=1, weights="webb")
    assert out.p_value < 0.05
    again = models.wild_cluster_bootstrap(strong, "x1", B=399, seed=1, weights="webb")
    assert again.p_value == out.p_value  # seeded


def test_wild_bootstrap_matches_t_test_roughly():
    res = models.panel_fe(_panel(beta=0.15, seed=5), "y", ["x1", "x2"])
    boot = models.wild_cluster_bootstrap(res, "x2", B=999, seed=0)
    assert abs(boot.p_value - res.pvalues["x2"]) < 0.1


def test_event_study_recovers_step_and_flat_pretrend():
    rng = np.random.default_rng(4)
    codes = [f"{i:02d}" for i in range(40)]
    panel = pd.DataFrame({"province_code": np.repeat(codes, 10),
                          "year": np.tile(range(2011, 2021), 40)})
    events = pd.DataFrame({"province_code": codes[:20] + codes[:3],
                           "year": [2014 + i % 4 for i in range(20)] + [2019] * 3})
    first = events.groupby("province_code")["year"].min()
    k = panel["year"] - panel["province_code"].map(first)
    effect = np.where(k >= 0, 1.0 + 0.5 * k.clip(upper=3), 0.0)
    panel["y"] = np.nan_to_num(effect) + rng.normal(size=len(panel)) * 0.2
    es = models.event_study(panel, "y", events, leads=2, lags=3, ref=-1)
    c = es.coefs.set_index("rel_time")
    assert list(c.index) == [-2, -1, 0, 1, 2, 3]
    assert c.loc[-1, "coef"] == 0.0
    assert abs(c.loc[-2, "coef"]) < 0.15
    for kk, expected in [(0, 1.0), (1, 1.5), (2, 2.0), (3, 2.5)]:
        assert c.loc[kk, "ci_low"] < expected < c.loc[kk, "ci_high"]
    assert es.n_treated_units == 20 and es.n_never_treated == 20
    assert bool(c.loc[3, "binned"]) and not bool(c.loc[0, "binned"])


def test_plot_event_study_returns_axes():
    import matplotlib

    matplotlib.use("Agg")
    panel = _panel(n_units=20, unbalanced=False)
    events = pd.DataFrame({"province_code": ["00", "01", "02", "03"], "year": 2018})
    ax = models.plot_event_study(models.event_study(panel, "y", events))
    assert len(ax.get_xticklabels()) == 6


def test_regression_table_side_by_side():
    df = _panel(beta=1.0)
    r1 = models.panel_fe(df, "y", "x1")
    r2 = models.panel_fe(df, "y", ["x1", "x2"])
    tab = models.regression_table([r1, r2], names=["A", "B"])
    assert list(tab.columns) == ["A", "B"]
    assert tab.loc["x2", "A"] == "" and tab.loc["x2", "B"] != ""
    assert tab.loc["x1 (se)", "B"] == f"({r2.bse['x1']:.3f})"
    assert "<table" in tab.to_html()


def test_panel_with_dataframe_attrs_and_index():
    # build_panel returns an indexed panel whose attrs hold DataFrames; merges must not choke
    df = _panel(beta=1.0, unbalanced=False).set_index(["province_code", "year"])
    df.attrs["missing"] = pd.DataFrame({"a": [1]})
    res = models.panel_fe(df, "y", "x1", lags=1)
    assert res.nobs == 34 * 8
