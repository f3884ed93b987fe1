"""Ranks, z-scores, changes, regional means and correlations across indices.

Two kinds of input, said in each docstring:

* **tidy** -- the long table of :mod:`par_analysis.schema` (``province_code, layout, year,
  indicator, value, ...``). The within-year functions (:func:`rank`, :func:`rank_change`,
  :func:`zscore`, :func:`yoy_change`, :func:`percentile`) return a copy with new columns; the
  group they work in is one ``(layout, period, source, indicator, year)`` (columns absent from the
  frame are left out of the key). Only provinces are ranked or standardised: rows of special units
  (``VN``, ``OG``, regions) are kept with missing results.
* **wide** -- a province-year panel with columns ``province_code``, ``year`` and one column per
  indicator (the shape of :func:`par_analysis.build_panel`). :func:`correlations`,
  :func:`correlation_matrix` and :func:`yearly_correlation` accept either shape; a tidy frame is
  pivoted first.

Correlations are computed on the province-years two indices share (pairwise complete), with the
number behind each cell (``n``) and a seeded bootstrap percentile interval. By default the bootstrap
resamples whole provinces (``resample="province"``) because the years of one province are not
independent draws; ``resample="obs"`` resamples province-years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .province_table import province_mask, provinces
from .schema import check_values

_GROUP_COLUMNS = ("layout", "period", "source", "indicator")
METHODS = ("pearson", "spearman", "kendall")


def without_attrs(df: pd.DataFrame) -> pd.DataFrame:
    """Return a shallow copy of ``df`` with empty ``attrs``.

    pandas compares ``attrs`` when it merges or concatenates frames (which fails when they hold
    DataFrames) and copies them into every result; the analysis functions work on such a copy.

    Parameters
    ----------
    df : pandas.DataFrame
        The frame to copy; ``df`` itself is not changed.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1]})
    >>> df.attrs["note"] = pd.DataFrame()
    >>> without_attrs(df).attrs
    {}
    """
    out = df.copy(deep=False)
    out.attrs = {}
    return out


def _year_groups(df: pd.DataFrame, with_year: bool = True) -> list[str]:
    keys = [c for c in _GROUP_COLUMNS if c in df.columns]
    return [*keys, "year"] if with_year else keys


def _province_mask(df: pd.DataFrame) -> pd.Series:
    return province_mask(df["province_code"])


def _check_tidy(df: pd.DataFrame, func: str) -> None:
    missing = {"province_code", "year", "value"} - set(df.columns)
    if missing:
        raise ValueError(
            f"{func}() takes a tidy frame with province_code, year and value columns; "
            f"missing {sorted(missing)}"
        )
    keys = [*_year_groups(df), "province_code"]
    dup = df[_province_mask(df)].duplicated(keys, keep=False)
    if dup.any():
        first = df[_province_mask(df)][dup].iloc[0]
        raise ValueError(
            f"{func}(): several rows for one province-year ("
            + ", ".join(f"{k}={first[k]}" for k in keys)
            + "); filter the frame to one source/period first"
        )


def rank(data: pd.DataFrame, ascending: bool = False, method: str = "min") -> pd.DataFrame:
    """Rank provinces within each year (tidy input).

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame. Ranked within ``(layout, period, source, indicator, year)``.
    ascending : bool
        ``False`` (default): the highest value gets rank 1, as the PCI, PAPI and PAR INDEX
        publishers rank. Use ``True`` for "lower is better" indicators (e.g. time costs).
    method : {"min", "average", "max", "dense", "first"}
        Ties, as :meth:`pandas.Series.rank`: with ``"min"`` (default, "competition" ranking) two
        provinces tied for 3rd both get 3 and the next gets 5.

    Returns
    -------
    pandas.DataFrame
        A copy with ``rank`` (float64; missing for special units), ``n_ranked`` (provinces ranked
        in that year) and ``tied`` (True when another province has the same value).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "79", "48", "VN"], "year": 2020,
    ...                    "indicator": "pci", "value": [60.0, 65.0, 60.0, 62.0]})
    >>> rank(df)[["rank", "tied"]].to_dict("list")
    {'rank': [2.0, 1.0, 2.0, nan], 'tied': [True, False, True, False]}
    """
    check_values(data, "rank")
    _check_tidy(data, "rank")
    out = without_attrs(data)
    prov = out[_province_mask(out) & out["value"].notna()]
    groups = prov.groupby(_year_groups(out), dropna=False)["value"]
    out["rank"] = groups.rank(ascending=ascending, method=method).astype("float64")
    out["n_ranked"] = groups.transform("size").astype("Int64")
    tied = prov.duplicated([*_year_groups(out), "value"], keep=False)
    out["tied"] = tied.reindex(out.index, fill_value=False).astype(bool)
    return out


def rank_change(data: pd.DataFrame, lag: int = 1, ascending: bool = False,
                method: str = "min") -> pd.DataFrame:
    """Change in rank against ``lag`` years earlier (tidy input).

    ``rank_change = rank(year - lag) - rank(year)``, so a **positive** change means the province
    moved **up** (from 10th to 5th is +5). The earlier year must be exactly ``year - lag``; when
    that edition is missing the change is missing (no silent comparison across a gap). Ranks are
    recomputed with :func:`rank` (``ascending`` and ``method`` passed on) unless a ``rank`` column
    is already present.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame, or the output of :func:`rank` (its ``rank`` column is then used as is).
    lag : int
        How many years back the earlier rank is taken (default 1, the previous year).
    ascending : bool
        Passed to :func:`rank`: ``False`` (default) gives rank 1 to the highest value.
    method : {"min", "average", "max", "dense", "first"}
        Passed to :func:`rank`: how ties are ranked (default ``"min"``).

    Returns
    -------
    pandas.DataFrame
        A copy with ``rank``, ``n_ranked``, ``tied``, ``rank_prev`` and ``rank_change``.

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "79", "01", "79"],
    ...                    "year": [2019, 2019, 2020, 2020], "indicator": "pci",
    ...                    "value": [60.0, 65.0, 70.0, 65.0]})
    >>> rank_change(df).query("year == 2020")["rank_change"].tolist()
    [1.0, -1.0]
    """
    check_values(data, "rank_change")
    out = data if "rank" in data.columns else rank(data, ascending=ascending, method=method)
    out = without_attrs(out)
    keys = [*_year_groups(out, with_year=False), "province_code"]
    prev = out[[*keys, "year", "rank"]].rename(columns={"rank": "rank_prev"})
    prev["year"] = prev["year"] + lag
    merged = out[[*keys, "year"]].merge(prev, on=[*keys, "year"], how="left")
    out["rank_prev"] = merged["rank_prev"].to_numpy()
    out["rank_change"] = out["rank_prev"] - out["rank"]
    return out


def zscore(data: pd.DataFrame, ddof: int = 1) -> pd.DataFrame:
    """Standardise values within each year across provinces (tidy input).

    ``z = (value - mean) / sd`` over the provinces with a value in that
    ``(layout, period, source, indicator, year)``; ``sd`` uses ``ddof`` (default 1, the sample
    standard deviation). Special units get a missing ``z``.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with ``province_code``, ``year`` and ``value``; a copy is returned with ``z``.
    ddof : int
        Delta degrees of freedom of the standard deviation (1: sample, 0: population).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "79", "48"], "year": 2020,
    ...                    "indicator": "pci", "value": [1.0, 2.0, 3.0]})
    >>> zscore(df)["z"].tolist()
    [-1.0, 0.0, 1.0]
    """
    check_values(data, "zscore")
    _check_tidy(data, "zscore")
    out = without_attrs(data)
    prov = out[_province_mask(out)]
    groups = prov.groupby(_year_groups(out), dropna=False)["value"]
    z = (prov["value"] - groups.transform("mean")) / groups.transform("std", ddof=ddof)
    out["z"] = z.reindex(out.index).astype("float64")
    return out


def yoy_change(data: pd.DataFrame, lag: int = 1) -> pd.DataFrame:
    """Change against exactly ``lag`` years earlier, per unit and indicator (tidy input).

    Adds ``value_prev``, ``change`` (``value - value_prev``) and ``pct_change``
    (``100 * change / |value_prev|``). Missing when the earlier year is absent; special units
    (e.g. the national total ``VN``) get changes too.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with ``province_code``, ``year`` and ``value``; a copy is returned.
    lag : int
        How many years back the earlier value is taken (default 1, the previous year).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": "01", "year": [2019, 2020, 2022],
    ...                    "indicator": "fdi", "value": [10.0, 15.0, 20.0]})
    >>> yoy_change(df)[["change", "pct_change"]].to_dict("list")
    {'change': [nan, 5.0, nan], 'pct_change': [nan, 50.0, nan]}
    """
    check_values(data, "yoy_change")
    _check_tidy(data, "yoy_change")
    out = without_attrs(data)
    keys = [*_year_groups(out, with_year=False), "province_code"]
    prev = out[[*keys, "year", "value"]].rename(columns={"value": "value_prev"})
    prev["year"] = prev["year"] + lag
    merged = out[[*keys, "year"]].merge(prev, on=[*keys, "year"], how="left")
    out["value_prev"] = merged["value_prev"].to_numpy(dtype="float64", na_value=np.nan)
    out["change"] = out["value"] - out["value_prev"]
    out["pct_change"] = 100 * out["change"] / out["value_prev"].abs()
    return out


def percentile(data: pd.DataFrame) -> pd.DataFrame:
    """Percentile of each province within its year (tidy input).

    ``percentile = 100 * rank / n`` with ranks ascending and ties averaged: the share of provinces
    at or below the value, so the best province has 100. Special units get a missing value.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with ``province_code``, ``year`` and ``value``; a copy is returned with
        ``percentile``.

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "79", "48", "31"], "year": 2020,
    ...                    "indicator": "pci", "value": [1.0, 2.0, 3.0, 4.0]})
    >>> percentile(df)["percentile"].tolist()
    [25.0, 50.0, 75.0, 100.0]
    """
    check_values(data, "percentile")
    _check_tidy(data, "percentile")
    out = without_attrs(data)
    prov = out[_province_mask(out) & out["value"].notna()]
    pct = prov.groupby(_year_groups(out), dropna=False)["value"].rank(method="average", pct=True)
    out["percentile"] = (100 * pct).reindex(out.index).astype("float64")
    return out


def regional_mean(data: pd.DataFrame, layout: str | None = None) -> pd.DataFrame:
    """Unweighted mean of the provinces of each of the six regions, per year (tidy input).

    Regions are ``pa.provinces(layout)["region"]``; the layout comes from the frame's ``layout``
    column (or the ``layout`` argument, default ``"63"``, when the frame has none).

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with ``province_code``, ``year`` and ``value``; special units and missing
        values are left out of the means.
    layout : {"63", "64", "34"}, optional
        With a ``layout`` column, keep only the rows of this layout (None: keep all); without
        one, the layout of every row (None: ``"63"``).

    Returns
    -------
    pandas.DataFrame
        One row per region and group: the group columns, ``province_code`` (the region code,
        e.g. ``"R-MD"``), ``value`` (the mean), ``n_provinces`` (provinces with a value) and
        ``n_region`` (provinces the region has in that layout).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["92", "96", "01"], "year": 2020, "layout": "63",
    ...                    "indicator": "pci", "value": [60.0, 64.0, 70.0]})
    >>> regional_mean(df).set_index("province_code").loc["R-MD", "value"]
    np.float64(62.0)
    """
    check_values(data, "regional_mean")
    _check_tidy(data, "regional_mean")
    df = without_attrs(data[_province_mask(data) & data["value"].notna()])
    if "layout" not in df.columns:
        df["layout"] = layout or "63"
    elif layout is not None:
        df = df[df["layout"] == str(layout)]
    table = provinces(None)[["code", "layout", "region"]]
    table = table.rename(columns={"code": "province_code"})
    df = df.merge(table, on=["province_code", "layout"], how="left", validate="many_to_one")
    unknown = df["region"].isna()
    if unknown.any():
        first = df[unknown].iloc[0]
        raise ValueError(
            f"province code {first['province_code']!r} is not in layout {first['layout']}"
        )
    sizes = table.groupby(["layout", "region"]).size().rename("n_region").reset_index()
    keys = [*_year_groups(df), "region"]
    out = (
        df.groupby(keys, dropna=False)["value"].agg(value="mean", n_provinces="size").reset_index()
    )
    out["n_provinces"] = out["n_provinces"].astype("int64")
    out = out.merge(sizes, on=["layout", "region"], how="left")
    out = out.rename(columns={"region": "province_code"})
    out["n_region"] = out["n_region"].astype("int64")
    return out


# --- correlations ------------------------------------------------------------------------------


def _wide(data: pd.DataFrame, indicators=None) -> tuple[pd.DataFrame, list[str]]:
    """Return (wide frame with province_code, year and indicator columns, indicator names)."""
    data = without_attrs(data)
    if {"indicator", "value"} <= set(data.columns):
        df = data[_province_mask(data)]
        if indicators is not None:
            df = df[df["indicator"].isin(list(indicators))]
        keys = ["province_code", "year", "indicator"]
        if "layout" in df.columns and df["layout"].nunique() > 1:
            raise ValueError(
                "the frame mixes layouts "
                f"{sorted(df['layout'].unique())}; correlate one layout at a time (or harmonize)"
            )
        dup = df.duplicated(keys, keep=False)
        if dup.any():
            first = df[dup].iloc[0]
            raise ValueError(
                f"several rows for {first['indicator']} in {first['province_code']} "
                f"{first['year']}; filter to one source/period first"
            )
        wide = df.pivot(index=["province_code", "year"], columns="indicator", values="value")
        wide = wide.reset_index()
        wide.columns.name = None
        names = list(indicators) if indicators is not None else sorted(df["indicator"].unique())
    else:
        wide = data.reset_index() if "province_code" not in data.columns else data
        if {"province_code", "year"} - set(wide.columns):
            raise ValueError("a wide panel needs province_code and year columns (or index levels)")
        wide = wide[_province_mask(wide)]
        skip = ("province_code", "year", "layout")
        names = list(indicators) if indicators is not None else [
            c for c in wide.columns if c not in skip and pd.api.types.is_numeric_dtype(wide[c])
        ]
    missing = [n for n in names if n not in wide.columns]
    if missing:
        raise KeyError(f"indicators not in the data: {missing}")
    return wide, names


def to_wide(data: pd.DataFrame, indicators=None) -> pd.DataFrame:
    """Pivot a tidy frame (one layout, one source per indicator) to a province-year panel.

    Special units are left out. The result has ``province_code``, ``year`` and one column per
    indicator, the input :func:`correlations` works on.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame with ``province_code``, ``year``, ``indicator`` and ``value`` (a wide panel
        is accepted too and returned with the indicator columns only).
    indicators : list of str, optional
        Which indicators to keep, in this order (default: every indicator, sorted).

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "01"], "year": 2020, "indicator": ["a", "b"],
    ...                    "value": [1.0, 2.0]})
    >>> to_wide(df).columns.tolist()
    ['province_code', 'year', 'a', 'b']
    """
    check_values(data, "to_wide")
    wide, names = _wide(data, indicators)
    return wide[["province_code", "year", *names]].reset_index(drop=True)


def _corr(x: np.ndarray, y: np.ndarray, method: str) -> float:
    from scipy import stats

    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return np.nan
    if method == "pearson":
        return float(np.corrcoef(x, y)[0, 1])
    if method == "spearman":
        return float(np.corrcoef(stats.rankdata(x), stats.rankdata(y))[0, 1])
    if method == "kendall":
        return float(stats.kendalltau(x, y).statistic)
    raise ValueError(f"method must be one of {METHODS}, got {method!r}")


def _bootstrap(x, y, groups, method, n_boot, ci, rng) -> tuple[float, float]:
    """Percentile interval of the correlation, resampling whole groups with replacement."""
    if n_boot <= 0 or len(x) < 4:
        return np.nan, np.nan
    codes, inverse = np.unique(groups, return_inverse=True)
    members = [np.flatnonzero(inverse == g) for g in range(len(codes))]
    draws = np.empty(n_boot)
    for b in range(n_boot):
        pick = rng.integers(0, len(codes), len(codes))
        idx = np.concatenate([members[g] for g in pick])
        draws[b] = _corr(x[idx], y[idx], method)
    alpha = (1 - ci) / 2
    return tuple(np.nanquantile(draws, [alpha, 1 - alpha]).tolist())


def correlations(data: pd.DataFrame, indicators=None, methods=METHODS, n_boot: int = 999,
                 ci: float = 0.95, seed: int = 0, resample: str = "province") -> pd.DataFrame:
    """Pairwise correlations between indices on the province-years they share (tidy or wide).

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame (pivoted on ``province_code, year``; one layout, one source per indicator) or
        a wide panel with ``province_code``, ``year`` and indicator columns.
    indicators : list of str, optional
        Which indicators (default: every indicator / numeric column), in this order.
    methods : tuple of {"pearson", "spearman", "kendall"}
        Kendall is tau-b (ties corrected).
    n_boot : int
        Bootstrap replications for the interval (0: no interval).
    ci : float
        Coverage of the percentile interval.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same intervals.
    resample : {"province", "obs"}
        Resample whole provinces (default; keeps each province's years together) or
        province-years.

    Returns
    -------
    pandas.DataFrame
        One row per pair and method: ``a, b, method, r, n`` (province-years with both values),
        ``n_provinces``, ``ci_low, ci_high``. ``r`` is missing with fewer than 3 shared
        observations or a constant series.

    Examples
    --------
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> wide = pd.DataFrame({"province_code": ["01", "79", "48", "31"], "year": 2020,
    ...                      "a": [1.0, 2.0, 3.0, 4.0], "b": [2.0, 4.0, 6.0, 9.0]})
    >>> res = pa.correlations(wide, methods=("spearman",), n_boot=0)
    >>> res[["a", "b", "r", "n"]].to_dict("records")
    [{'a': 'a', 'b': 'b', 'r': 1.0, 'n': 4}]
    """
    check_values(data, "correlations")
    if resample not in ("province", "obs"):
        raise ValueError("resample must be 'province' or 'obs'")
    wide, names = _wide(data, indicators)
    rng = np.random.default_rng(seed)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            both = wide[["province_code", "year", a, b]].dropna()
            x = both[a].to_numpy(dtype="float64")
            y = both[b].to_numpy(dtype="float64")
            groups = (both["province_code"] if resample == "province"
                      else both["province_code"] + "-" + both["year"].astype(str)).to_numpy()
            for method in methods:
                low, high = _bootstrap(x, y, groups, method, n_boot, ci, rng)
                rows.append({"a": a, "b": b, "method": method, "r": _corr(x, y, method),
                             "n": len(both), "n_provinces": both["province_code"].nunique(),
                             "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["a", "b", "method", "r", "n", "n_provinces", "ci_low",
                                       "ci_high"])


@dataclass
class CorrelationMatrix:
    """Square matrices of one correlation method: ``r``, ``n``, ``ci_low``, ``ci_high``."""

    method: str
    r: pd.DataFrame
    n: pd.DataFrame
    ci_low: pd.DataFrame
    ci_high: pd.DataFrame


def correlation_matrix(data: pd.DataFrame, indicators=None, method: str = "pearson",
                       **kwargs) -> CorrelationMatrix:
    """Correlation matrix of several indices with the n and interval behind each cell.

    Takes the same input and keyword arguments as :func:`correlations` (tidy or wide). The diagonal
    holds 1 and the number of province-years with a value.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame or wide panel, as for :func:`correlations`.
    indicators : list of str, optional
        Which indicators (default: every indicator / numeric column), in this order.
    method : {"pearson", "spearman", "kendall"}
        The correlation method of the matrix.
    **kwargs
        Passed to :func:`correlations`: ``n_boot``, ``ci``, ``seed`` and ``resample``.

    Returns
    -------
    CorrelationMatrix
        ``.r``, ``.n``, ``.ci_low`` and ``.ci_high`` as square DataFrames.

    Examples
    --------
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> wide = pd.DataFrame({"province_code": ["01", "79", "48", "31"], "year": 2020,
    ...                      "a": [1.0, 2.0, 3.0, 4.0], "b": [1.0, 3.0, 2.0, None]})
    >>> m = pa.correlation_matrix(wide, n_boot=0)
    >>> int(m.n.loc["a", "b"]), int(m.n.loc["a", "a"])
    (3, 4)
    """
    check_values(data, "correlation_matrix")
    wide, names = _wide(data, indicators)
    pairs = correlations(wide, names, methods=(method,), **kwargs)
    mats = {k: pd.DataFrame(np.nan, index=names, columns=names) for k in
            ("r", "n", "ci_low", "ci_high")}
    for row in pairs.itertuples():
        for key in mats:
            mats[key].loc[row.a, row.b] = mats[key].loc[row.b, row.a] = getattr(row, key)
    for name in names:
        mats["r"].loc[name, name] = 1.0
        mats["n"].loc[name, name] = wide[name].notna().sum()
    mats["n"] = mats["n"].astype("int64")
    return CorrelationMatrix(method=method, **mats)


def yearly_correlation(data: pd.DataFrame, a: str, b: str, method: str = "pearson",
                       n_boot: int = 999, ci: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """Correlation of two indices year by year across provinces (tidy or wide input).

    Within a year each province appears once, so the bootstrap resamples provinces.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame or wide panel, as for :func:`correlations`.
    a, b : str
        The two indicators.
    method : {"pearson", "spearman", "kendall"}
        The correlation method; Kendall is tau-b.
    n_boot : int
        Bootstrap replications for the interval (0: no interval).
    ci : float
        Coverage of the percentile interval.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same intervals.

    Returns
    -------
    pandas.DataFrame
        ``year, r, n, ci_low, ci_high`` for every year where both indices have values.

    Examples
    --------
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> wide = pd.DataFrame({"province_code": ["01", "79", "48"] * 2,
    ...                      "year": [2019] * 3 + [2020] * 3, "x": [1.0, 2.0, 3.0] * 2,
    ...                      "y": [1.0, 2.0, 3.0, 3.0, 2.0, 1.0]})
    >>> pa.yearly_correlation(wide, "x", "y", n_boot=0)[["year", "r", "n"]].to_dict("list")
    {'year': [2019, 2020], 'r': [1.0, -1.0], 'n': [3, 3]}
    """
    check_values(data, "yearly_correlation")
    wide, _ = _wide(data, [a, b])
    rng = np.random.default_rng(seed)
    rows = []
    for year, group in wide[["province_code", "year", a, b]].dropna().groupby("year"):
        x = group[a].to_numpy(dtype="float64")
        y = group[b].to_numpy(dtype="float64")
        low, high = _bootstrap(x, y, group["province_code"].to_numpy(), method, n_boot, ci, rng)
        rows.append({"year": int(year), "r": _corr(x, y, method), "n": len(group),
                     "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=["year", "r", "n", "ci_low", "ci_high"])
