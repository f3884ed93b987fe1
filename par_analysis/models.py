"""Two-way fixed-effects panels, the wild cluster bootstrap, event studies and regression tables.

All functions take a **wide** province-year panel: one row per ``(province_code, year)`` with the
outcome and regressors as columns (the shape of :func:`par_analysis.build_panel`, or an index with
those levels).

Standard-error convention (stated again in every result's ``summary()``): clustered by province,
with the small-sample correction

    V = G/(G-1) * (N-1)/(N-K) * (X~'X~)^-1 [sum_g X~_g' e_g e_g' X~_g] (X~'X~)^-1

where ``X~`` are the regressors with province and year effects partialled out, ``G`` the number of
clusters, ``N`` the observations and ``K`` every estimated parameter *including* the absorbed
effects (``k + provinces + years - 1``). This is ``linearmodels`` ``PanelOLS(entity_effects=True,
time_effects=True).fit(cov_type="clustered", cluster_entity=True, debiased=True,
group_debias=True)`` and of Stata's ``areg ..., vce(cluster)``; Stata's ``xtreg, fe`` and
``reghdfe`` do not count the province effects nested in the clusters, so their SEs are slightly
smaller. p-values and intervals use Student's t with ``G - 1``
degrees of freedom. With 34 or 63 clusters, check key results with :func:`wild_cluster_bootstrap`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .metrics import without_attrs

SE_NOTE = ("SE clustered by {cluster} ({G} clusters); CR1 correction G/(G-1)*(N-1)/(N-K), "
           "K counting "
           "the absorbed province and year effects (= linearmodels PanelOLS debiased=True, "
           "group_debias=True); t({df}) for p-values and intervals")


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
    lags, leads : int or iterable of int
        ``lags=2`` means lags 1 and 2; ``lags=[1, 3]`` those lags.

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


def _dummies(codes: np.ndarray, drop_first: bool) -> np.ndarray:
    levels, inverse = np.unique(codes, return_inverse=True)
    mat = np.zeros((len(codes), len(levels)))
    mat[np.arange(len(codes)), inverse] = 1.0
    return mat[:, 1:] if drop_first else mat


@dataclass
class PanelResult:
    """Result of :func:`panel_fe`: estimates, clustered SEs and what is needed to bootstrap them."""

    params: pd.Series
    bse: pd.Series
    cov: pd.DataFrame
    nobs: int
    n_clusters: int
    n_units: int
    n_years: int
    df_resid: int
    r2_within: float
    y: str
    cluster: str
    n_dropped: int
    _design: dict = field(repr=False, default_factory=dict)

    @property
    def tvalues(self) -> pd.Series:
        """Return the t statistics: coefficient / clustered SE."""
        return self.params / self.bse

    @property
    def df_t(self) -> int:
        """Degrees of freedom of the t distribution used: clusters - 1."""
        return self.n_clusters - 1

    @property
    def pvalues(self) -> pd.Series:
        """Two-sided p-values from t(G-1)."""
        from scipy import stats

        return pd.Series(2 * stats.t.sf(np.abs(self.tvalues), self.df_t), index=self.params.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Return ``lower`` and ``upper`` bounds with t(G-1) quantiles."""
        from scipy import stats

        q = stats.t.ppf(1 - alpha / 2, self.df_t)
        return pd.DataFrame({"lower": self.params - q * self.bse,
                             "upper": self.params + q * self.bse})

    @property
    def se_note(self) -> str:
        """One sentence stating the standard-error convention."""
        return SE_NOTE.format(cluster=self.cluster, G=self.n_clusters, df=self.df_t)

    def to_frame(self, alpha: float = 0.05) -> pd.DataFrame:
        """Coefficients as a frame: ``coef, se, t, pvalue, ci_low, ci_high``."""
        ci = self.conf_int(alpha)
        return pd.DataFrame({"coef": self.params, "se": self.bse, "t": self.tvalues,
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
             cluster: str = "province_code", lags=None, leads=None) -> PanelResult:
    """Two-way fixed effects (unit and year) by least squares, SEs clustered (CR1).

    ``y_it = x_it' b + a_i + g_t + e_it``, estimated exactly with unit and year dummies (no
    iterative demeaning), so unbalanced panels are handled. Rows with a missing value in any
    variable used are dropped (counted in ``n_dropped``).

    Standard errors: clustered by ``cluster`` with
    ``V = G/(G-1) * (N-1)/(N-K) * (X~'X~)^-1 meat (X~'X~)^-1``, ``K`` counting the absorbed effects
    (the convention of linearmodels ``PanelOLS(...).fit(cov_type="clustered",
    cluster_entity=True, debiased=True, group_debias=True)``); p-values and intervals from
    t(G-1).

    Parameters
    ----------
    data : pandas.DataFrame
        Wide panel (one row per unit-year).
    y : str
        Outcome column.
    x : str or list of str
        Regressors (no constant: it is absorbed).
    unit, time, cluster : str
        Columns of the unit, the period and the clusters.
    lags, leads : int, list or dict, optional
        Add lagged / lead copies of the regressors as extra regressors (see :func:`add_lags`):
        an int ``2`` (lags 1 and 2 of every ``x``), a list of lags, or a dict
        ``{column: lags}``. To use only a lagged regressor, call :func:`add_lags` and pass
        ``x=["pci_lag1"]``.

    Returns
    -------
    PanelResult
        ``params, bse, pvalues, conf_int(), nobs, n_clusters, summary(), to_frame()``.

    Raises
    ------
    ValueError
        When a regressor is collinear with the fixed effects (e.g. constant within provinces).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(20)], 5),
    ...                    "year": np.tile(range(2015, 2020), 20), "x": rng.normal(size=100)})
    >>> df["y"] = 2 * df["x"] + rng.normal(size=100) * 0.1
    >>> res = panel_fe(df, "y", "x")
    >>> float(round(res.params["x"], 1)), res.n_clusters
    (2.0, 20)
    """
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
    yv = df[y].to_numpy(dtype="float64")
    xv = df[regressors].to_numpy(dtype="float64")
    units = df[unit].astype(str).to_numpy()
    years = df[time].to_numpy()
    d = np.hstack([_dummies(units, False), _dummies(years, True)])
    # partial the effects out of y and X (Frisch-Waugh-Lovell)
    proj = np.linalg.lstsq(d, np.column_stack([yv, xv]), rcond=None)[0]
    resid = np.column_stack([yv, xv]) - d @ proj
    yt, xt = resid[:, 0], resid[:, 1:]
    xtx = xt.T @ xt
    if np.linalg.matrix_rank(xtx) < len(regressors):
        raise ValueError(
            f"regressors {regressors} are collinear with the province and year effects "
            "(a regressor constant within provinces or within years is absorbed)"
        )
    bread = np.linalg.inv(xtx)
    beta = bread @ xt.T @ yt
    e = yt - xt @ beta
    n = len(yv)
    k_all = len(regressors) + np.linalg.matrix_rank(d)
    clusters = df[cluster].astype(str).to_numpy()
    g_levels, g_idx = np.unique(clusters, return_inverse=True)
    n_g = len(g_levels)
    if n_g < 2:
        raise ValueError("clustered standard errors need at least two clusters")
    scale = n_g / (n_g - 1) * (n - 1) / (n - k_all)
    scores = np.zeros((n_g, len(regressors)))
    np.add.at(scores, g_idx, xt * e[:, None])
    cov = scale * bread @ (scores.T @ scores) @ bread
    params = pd.Series(beta, index=regressors, name="coef")
    return PanelResult(
        params=params, bse=pd.Series(np.sqrt(np.diag(cov)), index=regressors, name="se"),
        cov=pd.DataFrame(cov, index=regressors, columns=regressors), nobs=n, n_clusters=n_g,
        n_units=len(np.unique(units)), n_years=len(np.unique(years)), df_resid=n - k_all,
        r2_within=float(1 - e @ e / (yt @ yt)) if yt @ yt > 0 else np.nan, y=y,
        cluster=cluster, n_dropped=n_all - n,
        _design={"y": yv, "x": xv, "d": d, "xt": xt, "bread": bread, "g_idx": g_idx,
                 "scale": scale, "names": regressors},
    )


@dataclass
class BootstrapResult:
    """Wild cluster bootstrap test of one coefficient."""

    param: str
    estimate: float
    null: float
    t_stat: float
    p_value: float
    B: int
    weights: str
    seed: int
    n_clusters: int

    def __str__(self) -> str:
        return (f"WCR bootstrap ({self.weights}, B={self.B}, seed={self.seed}, "
                f"{self.n_clusters} clusters): {self.param} = {self.estimate:.4g}, "
                f"H0: {self.null:g}, t = {self.t_stat:.3f}, p = {self.p_value:.4f}")


def _bootstrap_weights(rng, n_clusters: int, B: int, kind: str) -> np.ndarray:
    if kind == "rademacher":
        return rng.choice([-1.0, 1.0], size=(n_clusters, B))
    if kind == "webb":
        points = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
        return rng.choice(points, size=(n_clusters, B))
    raise ValueError(f"weights must be 'rademacher' or 'webb', got {kind!r}")


def wild_cluster_bootstrap(result: PanelResult, param: str, B: int = 999, seed: int = 0,
                           weights: str = "rademacher", null: float = 0.0) -> BootstrapResult:
    """Wild cluster restricted (WCR) bootstrap p-value for one coefficient of :func:`panel_fe`.

    The null ``param = null`` is imposed: the model is re-estimated without that regressor (on
    ``y - null * x``), and each replicate flips the restricted residuals of whole clusters by a
    random weight (Rademacher +-1, or Webb's six-point distribution, better with fewer than about
    12 clusters). The bootstrap t uses the same CR1 standard error as :func:`panel_fe`; the
    p-value is two-sided and symmetric: the share of ``|t*| >= |t|`` (Cameron, Gelbach and Miller
    2008; MacKinnon and Webb 2017).

    Parameters
    ----------
    result : PanelResult
    param : str
        Name of the coefficient to test.
    B : int
        Replications.
    seed : int
        Seed of :func:`numpy.random.default_rng`.
    weights : {"rademacher", "webb"}
    null : float
        Value under the null.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(30)], 6),
    ...                    "year": np.tile(range(2015, 2021), 30), "x": rng.normal(size=180)})
    >>> df["y"] = 0.5 * df["x"] + rng.normal(size=180)
    >>> wild_cluster_bootstrap(panel_fe(df, "y", "x"), "x", B=199).p_value < 0.05
    True
    """
    design = result._design
    names = design["names"]
    if param not in names:
        raise KeyError(f"{param!r} is not a coefficient; have {names}")
    j = names.index(param)
    x, d, g_idx = design["x"], design["d"], design["g_idx"]
    z = np.hstack([x, d])
    # restricted fit under the null
    y0 = design["y"] - null * x[:, j]
    z_r = np.delete(z, j, axis=1)
    u_r = y0 - z_r @ np.linalg.lstsq(z_r, y0, rcond=None)[0]
    rng = np.random.default_rng(seed)
    w = _bootstrap_weights(rng, result.n_clusters, B, weights)
    u_star = u_r[:, None] * w[g_idx, :]
    coef_star = np.linalg.lstsq(z, u_star, rcond=None)[0]
    e_star = u_star - z @ coef_star
    h = design["xt"] @ design["bread"][:, j]
    sums = np.zeros((result.n_clusters, B))
    np.add.at(sums, g_idx, h[:, None] * e_star)
    se_star = np.sqrt(design["scale"] * (sums ** 2).sum(axis=0))
    t_star = coef_star[j] / se_star
    t_obs = (result.params[param] - null) / result.bse[param]
    p = float(np.mean(np.abs(t_star) >= abs(t_obs)))
    return BootstrapResult(param=param, estimate=float(result.params[param]), null=null,
                           t_stat=float(t_obs), p_value=p, B=B, weights=weights, seed=seed,
                           n_clusters=result.n_clusters)


# --- event study -------------------------------------------------------------------------------


@dataclass
class EventStudyResult:
    """Event-time coefficients (``coefs``), the underlying :class:`PanelResult` and counts."""

    coefs: pd.DataFrame
    model: PanelResult
    outcome: str
    leads: int
    lags: int
    ref: int
    n_treated_units: int
    n_never_treated: int

    def summary(self) -> str:
        """Return a plain-text table of the event-time coefficients."""
        return (f"Event study of {self.outcome}: {self.n_treated_units} treated units, "
                f"{self.n_never_treated} never treated; endpoints binned (<= -{self.leads}, "
                f">= {self.lags}); reference {self.ref}\n{self.model.se_note}\n"
                + self.coefs.round(4).to_string(index=False))


def _rel_name(k: int) -> str:
    return f"rel_m{-k}" if k < 0 else f"rel_p{k}"


def event_study(panel: pd.DataFrame, outcome: str, events: pd.DataFrame,
                unit: str = "province_code", time: str = "year", leads: int = 2, lags: int = 3,
                ref: int = -1, controls=None, cluster: str | None = None) -> EventStudyResult:
    """Two-way FE event study around each unit's first event.

    Event time is ``k = year - first event year``. Dummies for ``k = -leads .. lags`` except
    ``ref`` (default -1, the year before) enter :func:`panel_fe` with province and year effects.
    **Endpoints are binned**: ``k <= -leads`` counts as ``-leads`` and ``k >= lags`` as ``lags``,
    so every observation of a treated unit is in one bin. Units without an event are controls
    (all dummies zero). SEs are clustered by ``cluster`` (default ``unit``), CR1 as in
    :func:`panel_fe`.

    Caveat: with staggered timing and effects that differ across cohorts, TWFE event-study
    coefficients can mix cohorts with odd weights (Sun and Abraham 2021); read them as
    descriptive, and look at the pre-event coefficients before reading the post-event ones.

    Parameters
    ----------
    panel : pandas.DataFrame
        Wide panel with ``unit``, ``time``, ``outcome`` (and ``controls``).
    outcome : str
    events : pandas.DataFrame
        Columns ``unit`` and ``time`` (``province_code, year``); several events per unit are
        allowed, the first is used.
    leads, lags : int
        Pre- and post-event window (binned at the ends).
    ref : int
        Omitted event time, between ``-leads`` and ``lags``.
    controls : list of str, optional

    Returns
    -------
    EventStudyResult
        ``coefs`` has ``rel_time, coef, se, ci_low, ci_high, pvalue, n_obs`` (treated
        observations in the bin) and ``binned``; the reference row has coefficient 0.

    Examples
    --------
    >>> rng = np.random.default_rng(2)
    >>> panel = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(30)], 8),
    ...                       "year": np.tile(range(2013, 2021), 30)})
    >>> events = pd.DataFrame({"province_code": [f"{i:02d}" for i in range(15)],
    ...                        "year": [2016 + i % 3 for i in range(15)]})
    >>> t = panel.merge(events, on="province_code", how="left", suffixes=("", "_e"))
    >>> panel["y"] = np.where(t["year"] >= t["year_e"], 1.0, 0.0) + rng.normal(size=240) * 0.1
    >>> es = event_study(panel, "y", events)
    >>> es.coefs.set_index("rel_time").loc[1, "coef"].round(1)
    np.float64(1.0)
    """
    if not -leads <= ref <= lags:
        raise ValueError(f"ref={ref} must lie in the window [-{leads}, {lags}]")
    ev_unit = unit if unit in events.columns else "province_code"
    ev_time = time if time in events.columns else "year"
    first = events.groupby(ev_unit)[ev_time].min().rename("_event_year")
    df = _frame(panel, unit, time).copy()
    df["_event_year"] = df[unit].map(first)
    rel = (df[time] - df["_event_year"]).clip(lower=-leads, upper=lags)
    window = [k for k in range(-leads, lags + 1) if k != ref]
    names = []
    for k in window:
        df[_rel_name(k)] = (rel == k).astype("float64")
        names.append(_rel_name(k))
    controls = [] if controls is None else list(controls)
    model = panel_fe(df, outcome, names + controls, unit=unit, time=time,
                     cluster=cluster or unit)
    table = model.to_frame()
    used = df.dropna(subset=[outcome, *controls])
    rows = []
    for k in range(-leads, lags + 1):
        n_obs = int((rel.loc[used.index] == k).sum())
        binned = k in (-leads, lags)
        if k == ref:
            rows.append({"rel_time": k, "coef": 0.0, "se": 0.0, "ci_low": 0.0, "ci_high": 0.0,
                         "pvalue": np.nan, "n_obs": n_obs, "binned": binned})
            continue
        r = table.loc[_rel_name(k)]
        rows.append({"rel_time": k, "coef": r["coef"], "se": r["se"], "ci_low": r["ci_low"],
                     "ci_high": r["ci_high"], "pvalue": r["pvalue"], "n_obs": n_obs,
                     "binned": binned})
    treated = df.loc[df["_event_year"].notna(), unit].nunique()
    return EventStudyResult(
        coefs=pd.DataFrame(rows), model=model, outcome=outcome, leads=leads, lags=lags, ref=ref,
        n_treated_units=int(treated), n_never_treated=int(df[unit].nunique() - treated),
    )


def plot_event_study(res: EventStudyResult, ax=None, title: str | None = None):
    """Coefficient plot of an :func:`event_study`: points with 95% intervals, reference at 0.

    Returns the matplotlib ``Axes``.

    Examples
    --------
    >>> ax = plot_event_study(es)  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    c = res.coefs
    ax.axhline(0, color="grey", lw=0.8)
    ax.axvline(res.ref + 0.5, color="grey", lw=0.8, ls=":")
    ax.errorbar(c["rel_time"], c["coef"], yerr=[c["coef"] - c["ci_low"], c["ci_high"] - c["coef"]],
                fmt="o", capsize=3, color="C0")
    labels = [(f"<={k}" if k == -res.leads else f">={k}" if k == res.lags else str(k))
              for k in c["rel_time"]]
    ax.set_xticks(c["rel_time"], labels)
    ax.set_xlabel(f"years since event (reference {res.ref}; ends binned)")
    ax.set_ylabel(f"effect on {res.outcome}")
    ax.set_title(title or f"Event study: {res.outcome}")
    return ax


# --- tables ------------------------------------------------------------------------------------


def _stars(p: float) -> str:
    return "***" if p < 0.01 else "**" if p < 0.05 else "*" if p < 0.1 else ""


def regression_table(results, names=None, digits: int = 3, stars: bool = True) -> pd.DataFrame:
    """Several :class:`PanelResult` side by side: coefficients with (SE) below, then N, clusters.

    Stars: * p < 0.1, ** p < 0.05, *** p < 0.01 (t(G-1), CR1 clustered SEs).

    Returns
    -------
    pandas.DataFrame
        Strings, one column per model; ``.to_html()`` renders it in a report.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(10)], 4),
    ...                    "year": np.tile(range(2016, 2020), 10), "x": rng.normal(size=40)})
    >>> df["y"] = df["x"] + rng.normal(size=40)
    >>> regression_table([panel_fe(df, "y", "x")], names=["(1)"]).index.tolist()
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
