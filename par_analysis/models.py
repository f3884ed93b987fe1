"""Domain glue over pyfixest and ``differences`` for province-year panels.

Estimation is done by the field's libraries: two-way fixed effects, clustered standard errors, the
wild cluster bootstrap, the Sun-Abraham saturated event study and Gardner's two-stage DiD by
`pyfixest <https://py-econometrics.github.io/pyfixest/>`_; Callaway and Sant'Anna's group-time
ATTs by `differences <https://github.com/bernardodionisi/differences>`_. Chosen over ``csdid``
(``benchmarks/compare_did_libraries.py``): both give the same estimates on a synthetic staggered
panel, but ``differences`` returns tidy frames and prints nothing, so reports stay clean, and it
takes a MultiIndex panel as pyfixest and pandas users hold it.

This module keeps what the package knows and the libraries do not: building the estimation
sample from a province-year panel and adoption dates (lags on calendar time, cohorts, the window
where comparison units exist), stating the standard-error convention in every result, the
province-cluster defaults, refusing designs that cannot support the stated inference, the
negative-weight diagnostic of two-way fixed effects, pre-trend and sensitivity checks,
randomization inference on adoption dates, minimum detectable effects and plots.

Standard-error convention (:data:`SE_NOTE`): pyfixest's CRV1, clustered by province, with the small
sample correction of fixest and Stata's ``reghdfe``: ``G/(G-1) * (N-1)/(N-K)``, ``K`` counting the
regressors and the fixed effects *not nested* in the clusters (the province effects are nested,
so they are not counted); p-values and intervals from t(G-1). linearmodels'
``PanelOLS(...).fit(cov_type="clustered", cluster_entity=True, debiased=True,
group_debias=True)`` counts every absorbed effect in ``K`` (pyfixest ``ssc(k_fixef="full")``):
its standard errors are larger by ``sqrt((N-K_nested)/(N-K_full))``, about 7% on a 34-province,
9-year panel (``tests/test_models.py`` checks both). With 34 or 63 clusters, check key results
with :func:`wild_cluster_bootstrap`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .metrics import without_attrs

SE_NOTE = ("SE clustered by {cluster} ({G} clusters); CRV1 with G/(G-1)*(N-1)/(N-K), K counting "
           "the regressors and the fixed effects not nested in the clusters (pyfixest and fixest "
           "defaults); t({df}) for p-values and intervals")
# fewer clusters than this and cluster-robust inference is not credible even with a bootstrap
MIN_CLUSTERS = 10
ESTIMATORS = ("twfe", "sun_abraham", "did2s", "callaway_santanna")
ESTIMATOR_LABELS = {
    "twfe": "TWFE (biased under staggered, heterogeneous effects)",
    "sun_abraham": "Sun-Abraham (pyfixest saturated)",
    "did2s": "Gardner two-stage (pyfixest did2s)",
    "callaway_santanna": "Callaway-Sant'Anna (differences)",
}


def _frame(data: pd.DataFrame, unit: str, time: str) -> pd.DataFrame:
    data = without_attrs(data)
    df = data.reset_index() if unit not in data.columns or time not in data.columns else data
    if {unit, time} - set(df.columns):
        raise ValueError(f"the panel needs columns (or index levels) {unit!r} and {time!r}")
    return df


def add_lags(data: pd.DataFrame, columns, lags=(1,), leads=(), unit: str = "province_code",
             time: str = "year") -> pd.DataFrame:
    """Add lagged and lead copies of columns, matched on calendar time within each unit.

    ``x_lag1`` in 2020 is the unit's ``x`` of 2019 exactly (missing when 2019 is absent, never
    the previous available year); ``x_lead1`` is 2021's.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide panel.
    columns : str or list of str
        Columns to shift.
    lags, leads : int or iterable of int
        ``lags=2`` means lags 1 and 2; ``lags=[1, 3]`` those lags.
    unit, time : str
        Unit and calendar-time columns (or index levels).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": "01", "year": [2019, 2020, 2022], "x": [1.0, 2.0, 4.0]})
    >>> add_lags(df, "x", lags=1, leads=1)[["x_lag1", "x_lead1"]].to_dict("list")
    {'x_lag1': [nan, 1.0, nan], 'x_lead1': [2.0, nan, nan]}
    """
    df = _frame(data, unit, time).copy()
    columns = [columns] if isinstance(columns, str) else list(columns)
    lags = range(1, lags + 1) if isinstance(lags, int) else lags
    leads = range(1, leads + 1) if isinstance(leads, int) else leads
    base = df[[unit, time, *columns]]
    for shift, suffix in [*((k, f"_lag{k}") for k in lags), *((-k, f"_lead{k}") for k in leads)]:
        moved = base.assign(**{time: base[time] + shift})
        moved = moved.rename(columns={c: c + suffix for c in columns})
        merged = df[[unit, time]].merge(moved, on=[unit, time], how="left", validate="many_to_one")
        for c in columns:
            df[c + suffix] = merged[c + suffix].to_numpy(dtype="float64", na_value=np.nan)
    return df


def _check_clusters(n_clusters: int, what: str) -> None:
    if n_clusters < MIN_CLUSTERS:
        raise ValueError(
            f"{what} has {n_clusters} clusters: cluster-robust inference needs at least "
            f"{MIN_CLUSTERS} (better 30 or more; with 10-30 report the wild cluster bootstrap). "
            "Widen the sample rather than trust these standard errors")


def _quiet(call, *args, **kwargs):
    """Run a library call with its warnings collected (beta notices, dropped collinear terms)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = call(*args, **kwargs)
    return out, [str(w.message) for w in caught]


@dataclass
class FEResult:
    """Result of :func:`panel_fe`: the pyfixest fit, with the SE convention stated.

    ``fit`` is pyfixest's ``Feols`` object: everything pyfixest offers (``tidy()``,
    ``wald_test()``, ``etable``) works on it.
    """

    fit: Any  # pyfixest Feols
    y: str
    cluster: str
    n_dropped: int
    n_units: int
    n_years: int

    @property
    def params(self) -> pd.Series:
        """Return the coefficients."""
        return self.fit.coef().rename("coef")

    @property
    def bse(self) -> pd.Series:
        """Return the clustered standard errors."""
        return self.fit.se().rename("se")

    @property
    def pvalues(self) -> pd.Series:
        """Return two-sided p-values from t(G-1)."""
        return self.fit.pvalue()

    @property
    def nobs(self) -> int:
        """Return the number of observations used."""
        return int(self.fit._N)

    @property
    def n_clusters(self) -> int:
        """Return the number of clusters."""
        return int(np.ravel(self.fit._G)[0])

    @property
    def r2_within(self) -> float:
        """Return the within R2."""
        return float(self.fit._r2_within)

    @property
    def se_note(self) -> str:
        """One sentence stating the standard-error convention."""
        return SE_NOTE.format(cluster=self.cluster, G=self.n_clusters, df=self.n_clusters - 1)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return ``lower`` and ``upper`` bounds with t(G-1) quantiles.

        Parameters
        ----------
        alpha : float
            One minus the coverage of the intervals (0.05: 95% intervals).
        """
        ci = self.fit.confint(alpha=alpha)
        return pd.DataFrame({"lower": ci.iloc[:, 0], "upper": ci.iloc[:, 1]})

    def to_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return the coefficients as a frame: ``coef, se, t, pvalue, ci_low, ci_high``.

        Parameters
        ----------
        alpha : float
            One minus the coverage of the intervals ``ci_low, ci_high`` (0.05: 95%).
        """
        ci = self.conf_int(alpha)
        return pd.DataFrame({"coef": self.params, "se": self.bse, "t": self.fit.tstat(),
                             "pvalue": self.pvalues, "ci_low": ci["lower"],
                             "ci_high": ci["upper"]})

    def summary(self) -> str:
        """Return a plain-text table of the estimates with the SE convention."""
        head = (f"Two-way FE (province, year): {self.y}\n"
                f"N = {self.nobs} ({self.n_units} units, {self.n_years} years; "
                f"{self.n_dropped} rows dropped for missing values), "
                f"within R2 = {self.r2_within:.3f}\n{self.se_note}\n")
        return head + self.to_frame().round(4).to_string()

    def __str__(self) -> str:
        return self.summary()


def panel_fe(data: pd.DataFrame, y: str, x, unit: str = "province_code", time: str = "year",
             cluster: str = "province_code", lags=None, leads=None) -> FEResult:
    """Two-way fixed effects (unit and year) with clustered SEs, estimated by pyfixest.

    ``y_it = x_it' b + a_i + g_t + e_it`` by ``pyfixest.feols("y ~ x | unit + time",
    vcov={"CRV1": cluster})``. Rows with a missing value in any variable used are dropped
    (counted in ``n_dropped``). The SE convention is in the module docstring and in every result
    (:attr:`FEResult.se_note`).

    Parameters
    ----------
    data : pandas.DataFrame
        Wide panel (one row per unit-year; columns or index levels ``unit`` and ``time``).
    y : str
        Outcome column.
    x : str or list of str
        Regressors (no constant: it is absorbed).
    unit, time, cluster : str
        Columns of the unit, the period and the clusters.
    lags, leads : int, list or dict, optional
        Add lagged / lead copies of the regressors as extra regressors (see :func:`add_lags`):
        an int ``2`` (lags 1 and 2 of every ``x``), a list of lags, or a dict
        ``{column: lags}``.

    Returns
    -------
    FEResult
        ``params, bse, pvalues, conf_int(), nobs, n_clusters, summary(), to_frame()`` and the
        pyfixest fit.

    Raises
    ------
    ValueError
        When a regressor is absorbed by the fixed effects or collinear with the others (a
        constant, a variable constant within provinces or years, a linear trend), when the
        panel has several rows per unit-year, or fewer than :data:`MIN_CLUSTERS` clusters.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(20)], 5),
    ...                    "year": np.tile(range(2015, 2020), 20), "x": rng.normal(size=100)})
    >>> df["y"] = 2 * df["x"] + rng.normal(size=100) * 0.1
    >>> res = pa.panel_fe(df, "y", "x")
    >>> float(round(res.params["x"], 1)), res.n_clusters
    (2.0, 20)
    """
    import pyfixest as pf

    df = _frame(data, unit, time)
    x = [x] if isinstance(x, str) else list(x)
    extra = []
    for kind, spec in (("lag", lags), ("lead", leads)):
        if spec is None:
            continue
        per_col = spec if isinstance(spec, dict) else {c: spec for c in x}
        for col, ks in per_col.items():
            ks = list(range(1, ks + 1)) if isinstance(ks, int) else list(ks)
            df = add_lags(df, col, lags=ks if kind == "lag" else (),
                          leads=ks if kind == "lead" else (), unit=unit, time=time)
            extra += [f"{col}_{kind}{k}" for k in ks]
    regressors = x + extra
    used = list(dict.fromkeys([unit, time, cluster, y, *regressors]))
    n_all = len(df)
    df = df[used].dropna().reset_index(drop=True)
    if df.duplicated([unit, time]).any():
        raise ValueError(f"several rows per ({unit}, {time}); the panel must be one row per pair")
    _check_clusters(df[cluster].nunique(), "this panel")
    numeric = list(dict.fromkeys([y, *regressors]))
    df[numeric] = df[numeric].astype("float64")  # merged panels may hold object columns
    # pyfixest's wild bootstrap cannot take pandas' string dtype in the fixed effects
    df[unit] = df[unit].astype("object") if df[unit].dtype == "string" else df[unit]
    absorbed = [v for v in regressors if df.groupby(unit)[v].nunique().max() <= 1
                or df.groupby(time)[v].nunique().max() <= 1]
    fml = f"{y} ~ {' + '.join(regressors)} | {unit} + {time}"
    # numeric cluster codes: pyfixest's wild bootstrap (numba) cannot take text clusters
    df["_cluster"] = pd.factorize(df[cluster])[0]
    fit, notes = _quiet(pf.feols, fml, data=df, vcov={"CRV1": "_cluster"})
    dropped = [v for v in regressors if v not in fit.coef().index]
    # pyfixest's own note on what it dropped, not an unrelated deprecation notice
    notes = [" ".join(n.split()) for n in notes if "collinear" in n.lower()]
    if absorbed or dropped:
        raise ValueError(
            f"regressors {sorted(set(absorbed + dropped))} are absorbed by the {unit} and {time} "
            "fixed effects or collinear with the other regressors (constant within provinces or "
            "within years, or a linear combination such as a trend): drop them"
            + (f" [pyfixest: {notes[0].strip()}]" if notes else ""))
    return FEResult(fit=fit, y=y, cluster=cluster, n_dropped=n_all - len(df),
                    n_units=df[unit].nunique(), n_years=df[time].nunique())


@dataclass
class BootstrapResult:
    """Wild cluster bootstrap test of one coefficient (pyfixest ``wildboottest``)."""

    param: str
    estimate: float
    t_stat: float
    p_value: float
    B: int
    weights: str
    n_clusters: int

    def __str__(self) -> str:
        return (f"Wild cluster bootstrap ({self.weights} weights, B = {self.B}, "
                f"{self.n_clusters} clusters, null imposed): {self.param} = {self.estimate:.4f}, "
                f"t = {self.t_stat:.3f}, bootstrap p = {self.p_value:.4f}")


def wild_cluster_bootstrap(result: FEResult, param: str, B: int = 999, seed: int = 0,
                           weights: str = "rademacher") -> BootstrapResult:
    """Wild cluster bootstrap-t test of ``param = 0`` (WCR11, null imposed), by pyfixest.

    Parameters
    ----------
    result : FEResult
        Output of :func:`panel_fe`.
    param : str
        The coefficient to test.
    B : int
        Bootstrap replications.
    seed : int
        Random seed: the same seed gives the same p-value.
    weights : {"rademacher", "webb"}
        Bootstrap weights (Webb's six-point weights with few clusters).

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(20)], 5),
    ...                    "year": np.tile(range(2015, 2020), 20), "x": rng.normal(size=100)})
    >>> df["y"] = 0.5 * df["x"] + rng.normal(size=100)
    >>> pa.wild_cluster_bootstrap(pa.panel_fe(df, "y", "x"), "x", B=199).p_value < 0.05
    True
    """
    if param not in result.params.index:
        raise ValueError(f"{param!r} is not a coefficient of this model: "
                         f"{list(result.params.index)}")
    out, _ = _quiet(result.fit.wildboottest, reps=B, param=param, weights_type=weights, seed=seed,
                    cluster="_cluster")
    return BootstrapResult(param=param, estimate=float(result.params[param]),
                           t_stat=float(out["t value"]), p_value=float(out["Pr(>|t|)"]), B=B,
                           weights=weights, n_clusters=result.n_clusters)


def _stars(p: float) -> str:
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def regression_table(results, names=None, digits: int = 3, stars: bool = True) -> pd.DataFrame:
    """Several :class:`FEResult` side by side: coefficients with (SE) below, then N, clusters.

    Stars: ``*`` p < 0.1, ``**`` p < 0.05, ``***`` p < 0.01 (t(G-1), CRV1 clustered SEs). For a
    typeset table use ``pyfixest.etable([r.fit for r in results])``.

    Parameters
    ----------
    results : iterable of FEResult
        The models, one column each, in this order.
    names : list of str, optional
        Column headers, one per model (default ``"(1)"``, ``"(2)"``, ...).
    digits : int
        Decimals of the coefficients and standard errors.
    stars : bool
        Append significance stars to the coefficients.

    Returns
    -------
    pandas.DataFrame
        Strings, one column per model; ``.to_html()`` renders it in a report.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(10)], 4),
    ...                    "year": np.tile(range(2016, 2020), 10), "x": rng.normal(size=40)})
    >>> df["y"] = df["x"] + rng.normal(size=40)
    >>> pa.regression_table([pa.panel_fe(df, "y", "x")], names=["(1)"]).index.tolist()
    ['x', 'x (se)', 'Outcome', 'Observations', 'Clusters', 'Within R2', 'Fixed effects']
    """
    results = list(results)
    names = list(names) if names is not None else [f"({i + 1})" for i in range(len(results))]
    params = list(dict.fromkeys(p for r in results for p in r.params.index))
    table = {}
    for name, res in zip(names, results, strict=True):
        col = {}
        pv = res.pvalues
        for p in params:
            if p in res.params.index:
                col[p] = f"{res.params[p]:.{digits}f}" + (_stars(pv[p]) if stars else "")
                col[f"{p} (se)"] = f"({res.bse[p]:.{digits}f})"
            else:
                col[p] = col[f"{p} (se)"] = ""
        col["Outcome"] = res.y
        col["Observations"] = str(res.nobs)
        col["Clusters"] = str(res.n_clusters)
        col["Within R2"] = f"{res.r2_within:.3f}"
        col["Fixed effects"] = "province, year"
        table[name] = col
    return pd.DataFrame(table)


# --- staggered adoption ------------------------------------------------------------------------


@dataclass
class DidSample:
    """The estimation sample of a staggered design and how it was built."""

    data: pd.DataFrame  # unit, time, y, cohort (0 = comparison), rel_time, treated
    unit: str
    time: str
    outcome: str
    notes: list[str] = field(default_factory=list)

    @property
    def cohorts(self) -> pd.Series:
        """Return the number of units per adoption cohort (0: the comparison units)."""
        return self.data.drop_duplicates(self.unit)["cohort"].value_counts().sort_index()


def did_sample(panel: pd.DataFrame, outcome: str, adoption: pd.DataFrame, *,
               unit: str = "province_code", time: str = "year", adoption_year: str = "year",
               never_treated=()) -> DidSample:
    """Build the sample of a staggered adoption design from a panel and adoption dates.

    Rules, stated in ``notes``: units without an adoption date are left out unless listed in
    ``never_treated`` (absence of a date is not evidence of non-adoption); units adopting after
    the last outcome year are untreated throughout and compare; units treated before their first
    observed outcome have no pre-period and are left out; without never-treated units,
    the sample ends the year before the last cohort adopts, and that cohort is the comparison
    group (no unit is untreated later, so no later effect is identified).

    Parameters
    ----------
    panel : pandas.DataFrame
        Wide panel with the outcome (columns or index levels ``unit``, ``time``).
    outcome : str
        Outcome column.
    adoption : pandas.DataFrame
        One row per adopting unit: ``unit`` and ``adoption_year`` columns (the output of
        :func:`par_analysis.adoption_dates` has ``province_code`` and ``year``).
    unit, time, adoption_year : str
        Column names.
    never_treated : iterable of str
        Units known never to have adopted in the panel's years.

    Returns
    -------
    DidSample

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> units = [f"u{i:02d}" for i in range(12)]
    >>> panel = pd.DataFrame({"province_code": np.repeat(units, 5),
    ...                       "year": np.tile(range(2015, 2020), 12), "y": np.arange(60.0)})
    >>> dates = pd.DataFrame({"province_code": units, "year": [2017] * 6 + [2019] * 6})
    >>> s = pa.did_sample(panel, "y", dates)
    >>> s.cohorts.to_dict(), int(s.data["year"].max())
    ({0: 6, 2017: 6}, 2018)
    """
    df = _frame(panel, unit, time)[[unit, time, outcome]].dropna()
    first = adoption.drop_duplicates(unit).set_index(unit)[adoption_year].astype("int64")
    notes = []
    never = set(never_treated)
    undated = sorted(set(df[unit]) - set(first.index) - never)
    if undated:
        notes.append(f"{len(undated)} units without an adoption date left out (not found is not "
                     "never adopted)")
    df = df[df[unit].isin(set(first.index) | never)].copy()
    df["cohort"] = df[unit].map(first).fillna(0).astype("int64")
    late = df["cohort"] > df[time].max()
    if late.any():
        notes.append(f"{df.loc[late, unit].nunique()} units adopting after the last outcome year "
                     f"({int(df[time].max())}) are untreated throughout: comparison units")
        df.loc[late, "cohort"] = 0
    # a treated unit needs two pre-adoption years: its own level is estimated from them (a
    # single one would be a singleton fixed effect, which the estimators drop)
    pre_years = df[df[time] < df["cohort"]].groupby(unit)[time].nunique()
    treated_units = df.loc[df["cohort"] > 0, unit].unique()
    short = sorted(u for u in treated_units if pre_years.get(u, 0) < 2)
    if short:
        notes.append(f"{len(short)} units with fewer than two outcome years before adoption left "
                     f"out (no pre-period to compare): {', '.join(short)}")
        df = df[~df[unit].isin(short)]
    if not (df["cohort"] == 0).any() and df["cohort"].nunique() > 1:
        last = int(df["cohort"].max())
        df = df[df[time] < last].copy()
        df.loc[df["cohort"] == last, "cohort"] = 0
        notes.append(f"no never-treated units: the sample ends in {last - 1} and the last cohort "
                     f"({last}) is the comparison group")
    df["treated"] = ((df["cohort"] > 0) & (df[time] >= df["cohort"])).astype("int64")
    # a year needs two untreated units to compare with (with one, its year effect is a
    # singleton, which the estimators drop; with none, nothing is identified)
    untreated = df.groupby(time)["treated"].apply(lambda t: int((t == 0).sum()) >= 2)
    if not untreated.all():
        gone = sorted(int(y) for y in untreated.index[~untreated])
        notes.append(f"years with fewer than two untreated units left out: {gone}")
        df = df[df[time].isin(untreated.index[untreated])].copy()
    df["rel_time"] = np.where(df["cohort"] > 0, df[time] - df["cohort"], np.nan)
    if df["treated"].sum() == 0:
        raise ValueError("no treated unit-year in the sample: nothing to estimate"
                         + (f" ({'; '.join(notes)})" if notes else ""))
    _check_clusters(df[unit].nunique(), "this design")
    return DidSample(df.reset_index(drop=True), unit, time, outcome, notes)


@dataclass
class DidResult:
    """Staggered-adoption estimates side by side (:func:`staggered_did`)."""

    overall: pd.DataFrame  # estimator, att, se, ci_low, ci_high, pvalue
    event_time: pd.DataFrame  # estimator, rel_time, coef, se, ci_low, ci_high
    pretrend: pd.DataFrame  # estimator, n_leads, statistic, df, pvalue
    weights: dict  # negative-weight diagnostic of TWFE
    sample: DidSample
    se_note: str

    @property
    def notes(self) -> list[str]:
        """How the sample was built."""
        return self.sample.notes


def _twfe_event(s: DidSample, window: tuple[int, int]):
    import pyfixest as pf

    lo, hi = window
    d = s.data.assign(rel=lambda x: x["rel_time"].clip(lo, hi).fillna(-1).astype("int64"))
    fit, _ = _quiet(pf.feols, f"{s.outcome} ~ i(rel, ref=-1) | {s.unit} + {s.time}", data=d,
                    vcov={"CRV1": s.unit})
    return fit


def _did2s_event(s: DidSample, window: tuple[int, int]):
    import pyfixest as pf

    lo, hi = window
    d = s.data.assign(rel=lambda x: x["rel_time"].clip(lo, hi).fillna(-1).astype("int64"))
    fit, _ = _quiet(pf.did2s, d, yname=s.outcome, first_stage=f"~ 0 | {s.unit} + {s.time}",
                    second_stage="~ i(rel, ref=-1)", treatment="treated", cluster=s.unit)
    return fit


def _rel_of(name: str) -> int:
    return int(float(name.split("::")[1].split(":")[0]))


def _fit_rows(fit, estimator: str) -> pd.DataFrame:
    t = fit.tidy()
    return pd.DataFrame({"estimator": estimator, "rel_time": [_rel_of(n) for n in t.index],
                         "coef": t["Estimate"].to_numpy(), "se": t["Std. Error"].to_numpy(),
                         "ci_low": t["2.5%"].to_numpy(), "ci_high": t["97.5%"].to_numpy()})


def _joint_leads(fit, estimator: str, df_t: int) -> dict:
    """Joint test that every lead (relative time < -1) is zero: F(q, G-1)."""
    from scipy import stats

    names = [n for n in fit.coef().index if _rel_of(n) < -1]
    if not names:
        return {"estimator": estimator, "n_leads": 0, "statistic": np.nan, "df": np.nan,
                "pvalue": np.nan}
    b = fit.coef()[names].to_numpy()
    idx = [list(fit.coef().index).index(n) for n in names]
    v = np.asarray(fit._vcov)[np.ix_(idx, idx)]
    f_stat = float(b @ np.linalg.solve(v, b)) / len(names)
    return {"estimator": estimator, "n_leads": len(names), "statistic": f_stat,
            "df": f"{len(names)}, {df_t}", "pvalue": float(stats.f.sf(f_stat, len(names), df_t))}


def _overall_row(estimator: str, att: float, se: float, df_t: int) -> dict:
    from scipy import stats

    q = stats.t.ppf(0.975, df_t)
    return {"estimator": estimator, "att": att, "se": se, "ci_low": att - q * se,
            "ci_high": att + q * se, "pvalue": float(2 * stats.t.sf(abs(att / se), df_t))}


def _sun_abraham(s: DidSample, df_t: int):
    """Interaction-weighted event study: pyfixest's saturated model, aggregated here."""
    import pyfixest as pf

    d = s.data.assign(g=s.data["cohort"])
    fit, _ = _quiet(pf.event_study, d, yname=s.outcome, idname=s.unit, tname=s.time, gname="g",
                    estimator="saturated")
    by_time, _ = _quiet(fit.aggregate, agg="period")
    rows = pd.DataFrame({"estimator": "sun_abraham",
                         "rel_time": by_time.index.astype(float).astype("int64"),
                         "coef": by_time["Estimate"].astype(float).to_numpy(),
                         "se": by_time["Std. Error"].astype(float).to_numpy(),
                         "ci_low": by_time["2.5%"].astype(float).to_numpy(),
                         "ci_high": by_time["97.5%"].astype(float).to_numpy()})
    # overall ATT: post (cohort, relative time) cells weighted by their treated observations
    coefs = fit.coef()
    post = [n for n in coefs.index if float(n.split("::")[1].split(":")[0]) >= 0]
    counts = s.data[s.data["treated"] == 1].groupby(["cohort", "rel_time"]).size()
    w = np.array([counts.get((int(n.split("::")[-1]), float(n.split("::")[1].split(":")[0])), 0)
                  for n in post], dtype="float64")
    w = w / w.sum()
    idx = [list(coefs.index).index(n) for n in post]
    v = np.asarray(fit._vcov)[np.ix_(idx, idx)]
    att = float(w @ coefs[post].to_numpy())
    return rows, _overall_row("sun_abraham", att, float(np.sqrt(w @ v @ w)), df_t)


def _callaway_santanna(s: DidSample, control_group: str, df_t: int):
    from differences import ATTgt

    # a panel: the analytic SEs come from unit-level influence functions (clustered by unit)
    d = s.data.assign(cohort_cs=s.data["cohort"].where(s.data["cohort"] > 0))
    d = d.set_index([s.unit, s.time])
    att, _ = _quiet(ATTgt, data=d[[s.outcome, "cohort_cs"]], cohort_column="cohort_cs")
    _quiet(att.fit, s.outcome, control_group=control_group, progress_bar=False)
    simple, _ = _quiet(att.aggregate, "simple")
    event, _ = _quiet(att.aggregate, "event")

    def flat(table):  # differences labels its columns (aggregation, kind, statistic)
        out = table.copy()
        out.columns = [c[-1] if isinstance(c, tuple) else c for c in out.columns]
        return out

    ev = flat(event)
    rows = pd.DataFrame({"estimator": "callaway_santanna",
                         "rel_time": ev.index.to_numpy().astype("int64"),
                         "coef": ev["ATT"].to_numpy(), "se": ev["std_error"].to_numpy(),
                         "ci_low": ev["lower"].to_numpy(), "ci_high": ev["upper"].to_numpy()})
    one = flat(simple)
    return rows, _overall_row("callaway_santanna", float(one["ATT"].iloc[0]),
                              float(one["std_error"].iloc[0]), df_t)


def staggered_did(panel: pd.DataFrame, outcome: str, adoption: pd.DataFrame, *,
                  unit: str = "province_code", time: str = "year", adoption_year: str = "year",
                  never_treated=(), estimators=ESTIMATORS, window: tuple[int, int] = (-4, 4),
                  control_group: str = "not_yet_treated") -> DidResult:
    """Estimate the effect of a staggered reform with TWFE and heterogeneity-robust estimators.

    Side by side, on one sample (:func:`did_sample`): the two-way fixed-effects event study and
    static ATT (biased when effects differ across cohorts or grow over time), Sun and Abraham's
    interaction-weighted event study (pyfixest's saturated model), Gardner's two-stage DiD
    (pyfixest ``did2s``) and Callaway and Sant'Anna's group-time ATTs (``differences``), with a
    joint test of the leads and the negative-weight diagnostic of the TWFE estimate
    (:func:`twfe_weights`).

    Parameters
    ----------
    panel : pandas.DataFrame
        Wide province-year panel with the outcome.
    outcome : str
        Outcome column.
    adoption : pandas.DataFrame
        Adoption dates, one row per unit (``unit`` and ``adoption_year`` columns).
    unit, time, adoption_year : str
        Column names.
    never_treated : iterable of str
        Units known never to have adopted (default none: see :func:`did_sample`).
    estimators : iterable of str
        Among :data:`ESTIMATORS`.
    window : (int, int)
        Event-time window of the TWFE and two-stage event studies; the ends are binned.
    control_group : {"not_yet_treated", "never_treated"}
        Comparison units of the Callaway-Sant'Anna estimator.

    Returns
    -------
    DidResult
        ``overall`` (one ATT per estimator), ``event_time``, ``pretrend`` (F test of the leads),
        ``weights`` (TWFE negative weights), ``sample`` and ``se_note``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.models import simulate_staggered
    >>> panel, adoption, truth = simulate_staggered(seed=1)
    >>> res = pa.staggered_did(panel, "y", adoption, estimators=("twfe", "did2s"))
    >>> res.overall.set_index("estimator")["att"].round(2).to_dict()
    {'twfe': 1.0, 'did2s': 1.31}
    >>> round(truth, 2)
    1.38
    """
    unknown = set(estimators) - set(ESTIMATORS)
    if unknown:
        raise ValueError(f"estimators must be among {ESTIMATORS}, got {sorted(unknown)}")
    with warnings.catch_warnings():  # the libraries' notices are reflected in the result
        warnings.simplefilter("ignore")
        return _staggered_did(panel, outcome, adoption, unit=unit, time=time,
                              adoption_year=adoption_year, never_treated=never_treated,
                              estimators=estimators, window=window, control_group=control_group)


def _staggered_did(panel, outcome, adoption, *, unit, time, adoption_year, never_treated,
                   estimators, window, control_group) -> DidResult:
    import pyfixest as pf

    s = did_sample(panel, outcome, adoption, unit=unit, time=time, adoption_year=adoption_year,
                   never_treated=never_treated)
    df_t = s.data[unit].nunique() - 1
    overall, events, pre = [], [], []
    if "twfe" in estimators:
        static, _ = _quiet(pf.feols, f"{outcome} ~ treated | {unit} + {time}", data=s.data,
                           vcov={"CRV1": unit})
        overall.append(_overall_row("twfe", float(static.coef()["treated"]),
                                    float(static.se()["treated"]), df_t))
        fit = _twfe_event(s, window)
        events.append(_fit_rows(fit, "twfe"))
        pre.append(_joint_leads(fit, "twfe", df_t))
    if "sun_abraham" in estimators:
        rows, row = _sun_abraham(s, df_t)
        events.append(rows)
        overall.append(row)
    if "did2s" in estimators:
        static, _ = _quiet(pf.did2s, s.data, yname=outcome, first_stage=f"~ 0 | {unit} + {time}",
                           second_stage="~ treated", treatment="treated", cluster=unit)
        overall.append(_overall_row("did2s", float(static.coef()["treated"]),
                                    float(static.se()["treated"]), df_t))
        fit = _did2s_event(s, window)
        events.append(_fit_rows(fit, "did2s"))
        pre.append(_joint_leads(fit, "did2s", df_t))
    if "callaway_santanna" in estimators:
        rows, row = _callaway_santanna(s, control_group, df_t)
        events.append(rows)
        overall.append(row)
    return DidResult(
        overall=pd.DataFrame(overall),
        event_time=pd.concat(events, ignore_index=True) if events else pd.DataFrame(),
        pretrend=pd.DataFrame(pre), weights=twfe_weights(s), sample=s,
        se_note=SE_NOTE.format(cluster=unit, G=df_t + 1, df=df_t))


def twfe_weights(sample: DidSample) -> dict:
    """De Chaisemartin and D'Haultfœuille's diagnostic: weights of the TWFE static estimate.

    The TWFE coefficient on a treatment dummy is a weighted sum of the treated cells' effects,
    with weights proportional to the treatment residualised on the unit and year effects. Cells
    with a negative weight (typically long-treated cohorts late in the panel) enter with the wrong
    sign, so the estimate can even have the wrong sign when effects grow.

    Parameters
    ----------
    sample : DidSample
        The estimation sample, from :func:`did_sample`.

    Returns
    -------
    dict
        ``n_treated_cells``, ``n_negative``, ``sum_negative`` (sum of the negative weights, the
        weights summing to one) and ``weights`` (records: unit, year, weight).

    Examples
    --------
    >>> from par_analysis.models import simulate_staggered
    >>> panel, adoption, _ = simulate_staggered(seed=1, never=True)
    >>> never = set(panel["province_code"]) - set(adoption["province_code"])
    >>> w = twfe_weights(did_sample(panel, "y", adoption, never_treated=never))
    >>> w["n_negative"], round(w["sum_negative"], 3)
    (80, -0.091)
    """
    import pyfixest as pf

    d = sample.data
    fit, _ = _quiet(pf.feols, f"treated ~ 1 | {sample.unit} + {sample.time}", data=d)
    resid = np.asarray(fit.resid())
    treated = d["treated"].to_numpy() == 1
    w = resid[treated] / resid[treated].sum()
    cells = d.loc[treated, [sample.unit, sample.time]].assign(weight=w)
    return {"n_treated_cells": int(treated.sum()), "n_negative": int((w < 0).sum()),
            "sum_negative": float(w[w < 0].sum()), "weights": cells.to_dict("records")}


def trend_breakdown(result: DidResult, estimator: str = "did2s", alpha: float = 0.05) -> dict:
    """How steep a linear pre-trend would overturn the conclusion on the overall ATT.

    A linear violation of parallel trends with slope ``d`` per year (relative to the year before
    adoption) biases a treated cell at event time ``e >= 0`` by ``d * (e + 1)``, so the overall
    ATT (the mean over treated cells) by ``d`` times the cells' mean ``e + 1``. The breakdown slope
    is the smallest ``|d|`` at which the ATT's interval reaches zero (0 when it already does); it
    is compared with the slope fitted through the estimator's leads. A rough guide in the spirit
    of Rambachan and Roth (2023), not their honest confidence sets.

    Parameters
    ----------
    result : DidResult
        Output of :func:`staggered_did`.
    estimator : str
        Whose ATT and leads to use.
    alpha : float
        Level of the interval.

    Returns
    -------
    dict
        ``att``, ``se``, ``mean_exposure`` (mean ``e + 1`` over treated cells),
        ``breakdown_slope`` and ``fitted_pre_slope`` (NaN with fewer than two leads).

    Examples
    --------
    >>> panel, adoption, _ = simulate_staggered(seed=1)
    >>> out = trend_breakdown(staggered_did(panel, "y", adoption, estimators=("did2s",)))
    >>> out["breakdown_slope"] > abs(out["fitted_pre_slope"])
    True
    """
    from scipy import stats

    row = result.overall.set_index("estimator").loc[estimator]
    df_t = result.sample.data[result.sample.unit].nunique() - 1
    q = stats.t.ppf(1 - alpha / 2, df_t)
    treated = result.sample.data[result.sample.data["treated"] == 1]
    exposure = float((treated["rel_time"] + 1).mean())
    breakdown = max(abs(float(row["att"])) - q * float(row["se"]), 0.0) / exposure
    et = result.event_time[result.event_time["estimator"] == estimator]
    lead = et[et["rel_time"] < -1]
    slope = (float(np.polyfit(lead["rel_time"] + 1, lead["coef"], 1)[0]) if len(lead) >= 2
             else float("nan"))
    return {"att": float(row["att"]), "se": float(row["se"]), "mean_exposure": exposure,
            "breakdown_slope": float(breakdown), "fitted_pre_slope": slope}


def randomization_inference(sample: DidSample, n_perm: int = 199, seed: int = 0,
                            estimator: str = "did2s") -> dict:
    """Randomization inference: shuffle adoption years across the sample's units.

    The observed ATT is compared with ATTs re-estimated after permuting the cohorts (adoption
    years, comparison units included) across units, keeping the number of units per cohort.

    Parameters
    ----------
    sample : DidSample
        The estimation sample, from :func:`did_sample`.
    n_perm : int
        Number of permutations; draws in which no cell or every cell is treated are skipped.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same draws.
    estimator : {"did2s", "twfe"}
        The ATT re-estimated on each permutation: Gardner's two-stage estimator (``"did2s"``)
        or the two-way FE coefficient (``"twfe"``).

    Returns
    -------
    dict
        ``att``, ``p_value`` (share of permuted |ATT| at least as large, counting the observed
        one), ``n_perm`` and ``permuted`` (the permuted ATTs).

    Examples
    --------
    >>> from par_analysis.models import simulate_staggered
    >>> panel, adoption, _ = simulate_staggered(seed=1)
    >>> ri = randomization_inference(did_sample(panel, "y", adoption), n_perm=49)
    >>> ri["p_value"] <= 0.05
    True
    """
    import pyfixest as pf

    def att_of(data: pd.DataFrame) -> float:
        """Return the ATT of ``estimator`` on ``data``.

        Parameters
        ----------
        data : pandas.DataFrame
            The sample's data, possibly with permuted ``cohort`` and ``treated`` columns.
        """
        if estimator == "twfe":
            fit, _ = _quiet(pf.feols, f"{sample.outcome} ~ treated | {sample.unit} + "
                            f"{sample.time}", data=data)
        else:
            fit, _ = _quiet(pf.did2s, data, yname=sample.outcome,
                            first_stage=f"~ 0 | {sample.unit} + {sample.time}",
                            second_stage="~ treated", treatment="treated", cluster=sample.unit)
        return float(fit.coef()["treated"])

    rng = np.random.default_rng(seed)
    d = sample.data
    cohort_of = d.drop_duplicates(sample.unit).set_index(sample.unit)["cohort"]
    observed = att_of(d)
    draws: list[float] = []
    for _ in range(n_perm):
        shuffled = pd.Series(rng.permutation(cohort_of.to_numpy()), index=cohort_of.index)
        cohort = d[sample.unit].map(shuffled)
        treated = ((cohort > 0) & (d[sample.time] >= cohort)).astype("int64")
        if treated.sum() == 0 or treated.sum() == len(d):
            continue
        draws.append(att_of(d.assign(cohort=cohort, treated=treated)))
    permuted = np.asarray(draws)
    p = (1 + int((np.abs(permuted) >= abs(observed)).sum())) / (1 + len(permuted))
    return {"att": observed, "p_value": p, "n_perm": len(permuted), "permuted": permuted}


def minimum_detectable_effect(se: float, df: int, alpha: float = 0.05,
                              power: float = 0.8) -> float:
    """Return the smallest true effect a two-sided test detects with the given power.

    ``MDE = (t_{1-alpha/2, df} + t_{power, df}) * SE``: with 62 degrees of freedom, 5% and 80%,
    about 2.8 standard errors.

    Parameters
    ----------
    se : float
        Standard error of the estimate.
    df : int
        Degrees of freedom of the t distribution (clusters minus one).
    alpha : float
        Level of the two-sided test.
    power : float
        Probability of rejecting when the true effect equals the MDE.

    Examples
    --------
    >>> round(minimum_detectable_effect(1.0, df=62), 2)
    2.85
    """
    from scipy import stats

    return float((stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) * se)


def plot_event_study(result: DidResult, ax=None, estimators=None, title: str | None = None):
    """Event-time estimates of several estimators side by side, with 95% intervals.

    Returns the matplotlib ``Axes``.

    Parameters
    ----------
    result : DidResult
        Output of :func:`staggered_did`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).
    estimators : list of str, optional
        Which estimators of ``result`` to draw, in this order (default: all, in the order of
        ``result.event_time``).
    title : str, optional
        Axes title (default: ``"Event study: <outcome>"``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> from par_analysis.models import simulate_staggered
    >>> panel, adoption, _ = simulate_staggered(seed=1)
    >>> ax = pa.plot_event_study(pa.staggered_did(panel, "y", adoption, estimators=("did2s",)))
    >>> ax.get_xlabel()
    'years since adoption (reference: -1)'
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    et = result.event_time
    chosen = list(estimators or dict.fromkeys(et["estimator"]))
    width = 0.8 / max(len(chosen), 1)
    for k, name in enumerate(chosen):
        part = et[et["estimator"] == name]
        x = part["rel_time"] + (k - (len(chosen) - 1) / 2) * width
        ax.errorbar(x, part["coef"], yerr=[part["coef"] - part["ci_low"],
                                           part["ci_high"] - part["coef"]],
                    fmt="o", ms=3.5, capsize=2, label=ESTIMATOR_LABELS.get(name, name))
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(-0.5, color="grey", lw=0.8, ls=":")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("years since adoption (reference: -1)")
    ax.set_ylabel(f"effect on {result.sample.outcome}")
    ax.set_title(title or f"Event study: {result.sample.outcome}", fontsize=10)
    ax.legend(fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def simulate_staggered(seed: int = 0, n_per_cohort: int = 16, cohorts=(2014, 2017, 2020),
                       years=range(2010, 2025), never: bool = False):
    """Simulate a staggered panel with heterogeneous, growing effects (for tests and teaching).

    Cohort 2014's effect is 1.5 times the others'; every effect grows by 0.25 a year from 0.5.
    Unit effects, a common trend and noise are added. A two-way FE estimate is biased here.

    Parameters
    ----------
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same panel.
    n_per_cohort : int
        Units per adoption cohort (and among the never-treated units).
    cohorts : tuple of int
        Adoption years; the first cohort has the larger effect.
    years : range or sequence of int
        The years of the panel, in increasing order.
    never : bool
        Add a cohort of never-treated units (absent from ``adoption``).

    Returns
    -------
    (panel, adoption, true_att)
        ``panel``: ``province_code, year, y, effect``; ``adoption``: ``province_code, year`` of
        the adopting units; ``true_att``: the mean effect over the treated cells of the sample
        :func:`did_sample` builds (without never-treated units, before the last cohort adopts).

    Examples
    --------
    >>> panel, adoption, truth = simulate_staggered(seed=0)
    >>> len(adoption), round(truth, 3)
    (48, 1.375)
    """
    rng = np.random.default_rng(seed)
    groups = [*cohorts, *([0] if never else [])]
    rows, unit = [], 0
    for g in groups:
        for _ in range(n_per_cohort):
            unit += 1
            alpha = rng.normal(0, 1)
            for t in years:
                e = t - g
                effect = ((1.5 if g == cohorts[0] else 1.0) * (0.5 + 0.25 * e)
                          if g and e >= 0 else 0.0)
                rows.append((f"u{unit:03d}", t, g, alpha + 0.1 * (t - years[0]) + effect
                             + rng.normal(0, 0.5), effect))
    df = pd.DataFrame(rows, columns=["province_code", "year", "g", "y", "effect"])
    adoption = (df[df["g"] > 0].drop_duplicates("province_code")[["province_code", "g"]]
                .rename(columns={"g": "year"}).reset_index(drop=True))
    window = df if never else df[df["year"] < max(cohorts)]
    treated = window[(window["g"] > 0) & (window["g"] < (max(cohorts) + (1 if never else 0)))
                     & (window["year"] >= window["g"])]
    return df.drop(columns="g"), adoption, float(treated["effect"].mean())
