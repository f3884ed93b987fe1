"""Tests of par_analysis.models: the glue over pyfixest and differences.

Estimates are pinned against the libraries called directly and, for two-way FE, against
linearmodels (a second implementation); the staggered estimators are checked on simulated panels
with heterogeneous, growing effects, where they must recover the true ATT and TWFE must not.
"""

import numpy as np
import pandas as pd
import pytest

from par_analysis import models
from par_analysis.models import simulate_staggered

TOL = 1e-6


def _panel(n_units=34, n_years=9, beta=0.0, seed=0, unbalanced=True):
    rng = np.random.default_rng(seed)
    codes = [f"{i:02d}" for i in range(n_units)]
    df = pd.DataFrame({"province_code": np.repeat(codes, n_years),
                       "year": np.tile(np.arange(2015, 2015 + n_years), n_units)})
    a = dict(zip(codes, rng.normal(size=n_units), strict=True))
    g = dict(zip(range(2015, 2015 + n_years), rng.normal(size=n_years), strict=True))
    df["x1"] = rng.normal(size=len(df)) + df["province_code"].map(a)
    df["x2"] = rng.normal(size=len(df))
    u = df["province_code"].map(dict(zip(codes, rng.normal(size=n_units), strict=True)))
    df["y"] = (beta * df["x1"] + 0.3 * df["x2"] + df["province_code"].map(a)
               + df["year"].map(g) + 0.5 * u * rng.normal(size=len(df)) + rng.normal(size=len(df)))
    if unbalanced:
        df = df.drop(index=rng.choice(len(df), size=len(df) // 10, replace=False))
    return df.reset_index(drop=True)


def test_panel_fe_is_pyfixest_feols():
    import pyfixest as pf

    df = _panel(beta=0.7)
    res = models.panel_fe(df, "y", ["x1", "x2"])
    direct = pf.feols("y ~ x1 + x2 | province_code + year", data=df,
                      vcov={"CRV1": "province_code"})
    np.testing.assert_allclose(res.params.to_numpy(), direct.coef().to_numpy(), rtol=TOL)
    np.testing.assert_allclose(res.bse.to_numpy(), direct.se().to_numpy(), rtol=TOL)
    assert res.n_clusters == 34 and "not nested in the clusters" in res.summary()


def test_se_convention_against_linearmodels():
    """linearmodels (debiased, group_debias) = pyfixest with every fixed effect counted in K;
    the package's default (fixest's) is smaller by sqrt((N - K_nested) / (N - K_full))."""
    lm = pytest.importorskip("linearmodels")
    import pyfixest as pf

    df = _panel(beta=0.7)
    indexed = df.set_index(["province_code", "year"])
    ref = lm.PanelOLS(indexed["y"], indexed[["x1", "x2"]], entity_effects=True,
                      time_effects=True).fit(cov_type="clustered", cluster_entity=True,
                                             debiased=True, group_debias=True)
    full = pf.feols("y ~ x1 + x2 | province_code + year", data=df,
                    vcov={"CRV1": "province_code"}, ssc=pf.ssc(k_fixef="full"))
    np.testing.assert_allclose(full.coef().to_numpy(), ref.params.to_numpy(), rtol=TOL)
    np.testing.assert_allclose(full.se().to_numpy(), ref.std_errors.to_numpy(), rtol=TOL)
    ours = models.panel_fe(df, "y", ["x1", "x2"])
    n, k, units, years = ours.nobs, 2, 34, df["year"].nunique()
    ratio = np.sqrt((n - k - (years - 1) - 1) / (n - k - (years - 1) - units))
    np.testing.assert_allclose(ref.std_errors.to_numpy() / ours.bse.to_numpy(), ratio, rtol=TOL)


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


@pytest.mark.parametrize("make", [
    lambda d: d.assign(z=1.0),                                        # a constant
    lambda d: d.assign(z=d["province_code"].astype(int) * 1.0),       # constant within provinces
    lambda d: d.assign(z=d["year"] * 1.0),                            # constant within years
    lambda d: d.assign(z=d["year"] - 2015 + d["province_code"].astype(int)),  # a linear trend
])
def test_absorbed_or_collinear_regressors_are_refused(make):
    df = make(_panel(unbalanced=False))
    with pytest.raises(ValueError, match="absorbed by the province_code and year fixed effects"):
        models.panel_fe(df, "y", ["x1", "z"])


def test_too_few_clusters_are_refused():
    df = _panel(n_units=4, unbalanced=False)
    with pytest.raises(ValueError, match="4 clusters: cluster-robust inference needs at least 10"):
        models.panel_fe(df, "y", "x1")


@pytest.mark.slow  # seconds of resampling; the full suite runs it
def test_wild_bootstrap_null_not_degenerate_and_power():
    pvals = [models.wild_cluster_bootstrap(models.panel_fe(_panel(beta=0.0, seed=s), "y",
                                                           ["x1", "x2"]), "x1", B=399,
                                           seed=s).p_value for s in range(8)]
    assert len(np.unique(pvals)) >= 6 and 0.1 < np.mean(pvals) < 0.9
    strong = models.panel_fe(_panel(beta=1.0, seed=11), "y", ["x1", "x2"])
    out = models.wild_cluster_bootstrap(strong, "x1", B=399, seed=1, weights="webb")
    assert out.p_value < 0.05
    assert models.wild_cluster_bootstrap(strong, "x1", B=399, seed=1,
                                         weights="webb").p_value == out.p_value  # seeded


def test_regression_table_side_by_side():
    df = _panel(beta=1.0)
    r1 = models.panel_fe(df, "y", "x1")
    r2 = models.panel_fe(df, "y", ["x1", "x2"])
    tab = models.regression_table([r1, r2], names=["A", "B"])
    assert list(tab.columns) == ["A", "B"]
    assert tab.loc["x2", "A"] == "" and tab.loc["x2", "B"] != ""
    assert tab.loc["x1 (se)", "B"] == f"({r2.bse['x1']:.3f})"


# --- staggered adoption ------------------------------------------------------------------------


def _staggered_case(seed: int):
    """A staggered panel with never-treated units and growing effects, and its estimates."""
    panel, adoption, truth = simulate_staggered(seed=seed, never=True)
    never = set(panel["province_code"]) - set(adoption["province_code"])
    return (models.staggered_did(panel, "y", adoption, never_treated=never), truth, panel,
            adoption, never)


@pytest.fixture(scope="module")
def one_staggered():
    return _staggered_case(0)


@pytest.fixture(scope="module")
def staggered(one_staggered):
    """Three seeds of the staggered case."""
    return [one_staggered, _staggered_case(1), _staggered_case(2)]


@pytest.mark.slow  # four estimators on three simulated panels
def test_robust_estimators_recover_the_att_and_twfe_does_not(staggered):
    errors = {}
    for res, truth, *_ in staggered:
        for row in res.overall.itertuples():
            errors.setdefault(row.estimator, []).append(row.att - truth)
    for name in ("sun_abraham", "did2s", "callaway_santanna"):
        assert abs(np.mean(errors[name])) < 0.25, (name, errors[name])
    assert np.mean(errors["twfe"]) < -0.7  # about half the true effect
    res, truth, *_ = staggered[0]
    assert res.weights["n_negative"] > 0 and res.weights["sum_negative"] < 0
    # the TWFE event study's leads are contaminated; the two-stage estimator's are not
    pre = res.pretrend.set_index("estimator")["pvalue"]
    assert pre["did2s"] > 0.05 and pre["twfe"] < 0.05


def test_results_equal_the_libraries_called_directly(one_staggered):
    import pyfixest as pf
    from differences import ATTgt

    res, _, panel, adoption, never = one_staggered
    s = res.sample
    direct = pf.did2s(s.data, yname="y", first_stage="~ 0 | province_code + year",
                      second_stage="~ treated", treatment="treated", cluster="province_code")
    row = res.overall.set_index("estimator").loc["did2s"]
    assert row["att"] == pytest.approx(float(direct.coef()["treated"]), rel=1e-9)
    assert row["se"] == pytest.approx(float(direct.se()["treated"]), rel=1e-9)
    d = s.data.assign(c=s.data["cohort"].where(s.data["cohort"] > 0)).set_index(
        ["province_code", "year"])
    att = ATTgt(data=d[["y", "c"]], cohort_column="c")
    att.fit("y", control_group="not_yet_treated", progress_bar=False)
    simple = float(att.aggregate("simple").iloc[0, 0])
    assert res.overall.set_index("estimator").loc["callaway_santanna", "att"] == pytest.approx(
        simple, rel=1e-9)


def test_sample_rules_without_never_treated():
    panel, adoption, truth = simulate_staggered(seed=1)
    s = models.did_sample(panel, "y", adoption)
    assert int(s.data["year"].max()) == 2019 and 0 in s.cohorts.index
    assert "last cohort (2020) is the comparison group" in s.notes[0]
    dated = adoption.iloc[:-5]  # five units lose their date: they leave the sample
    s2 = models.did_sample(panel, "y", dated)
    assert s2.data["province_code"].nunique() == s.data["province_code"].nunique() - 5
    assert any("without an adoption date" in n for n in s2.notes)


def test_pretrend_detected_and_breakdown():
    panel, adoption, _ = simulate_staggered(seed=2, never=True)
    never = set(panel["province_code"]) - set(adoption["province_code"])
    cohort = panel["province_code"].map(adoption.set_index("province_code")["year"])
    trending = panel.assign(y=panel["y"] + 0.3 * np.where(cohort.notna(),
                                                           panel["year"] - 2010, 0))
    res = models.staggered_did(trending, "y", adoption, never_treated=never,
                               estimators=("did2s",))
    assert res.pretrend.set_index("estimator").loc["did2s", "pvalue"] < 0.01
    out = models.trend_breakdown(res, "did2s")
    row = res.overall.set_index("estimator").loc["did2s"]
    from scipy import stats

    q = stats.t.ppf(0.975, res.sample.data["province_code"].nunique() - 1)
    expected = max(abs(row["att"]) - q * row["se"], 0) / out["mean_exposure"]
    assert out["breakdown_slope"] == pytest.approx(expected)
    assert out["fitted_pre_slope"] > 0.1  # the injected trend (0.3 a year) shows in the leads


@pytest.mark.slow  # seconds of resampling; the full suite runs it
def test_randomization_inference_and_mde():
    panel, adoption, _ = simulate_staggered(seed=1)
    strong = models.randomization_inference(models.did_sample(panel, "y", adoption), n_perm=49)
    assert strong["p_value"] <= 0.05 and strong["n_perm"] == 49
    null = panel.assign(y=panel["y"] - panel["effect"])
    weak = models.randomization_inference(models.did_sample(null, "y", adoption), n_perm=49)
    assert weak["p_value"] > 0.05
    assert models.minimum_detectable_effect(0.1, df=62) == pytest.approx(0.2845, abs=1e-3)


def test_plot_event_study(one_staggered):
    import matplotlib

    matplotlib.use("Agg")
    ax = models.plot_event_study(one_staggered[0])
    assert len(ax.get_legend().get_texts()) == 4


def test_wild_bootstrap_with_text_province_codes():
    """Panels built by pa.build_panel carry pandas' string dtype in province_code."""
    df = _panel(beta=0.5, seed=2).astype({"province_code": "string"})
    res = models.panel_fe(df, "y", ["x1", "x2"])
    assert models.wild_cluster_bootstrap(res, "x1", B=99, seed=0).p_value < 0.05
