"""The province x year panel built from the tidy table, and transforms for skewed economic series.

:func:`build_panel` turns tidy rows (governance and economic loaders, or a frame you pass) into a
wide frame indexed by ``(province_code, year)`` with one column per indicator. Every requested
cell without a value is listed in ``panel.attrs["missing"]`` (see :func:`missing_report`), and the
source of every value in ``panel.attrs["sources"]``.

Source preference: when an indicator has values from several sources for one province and year,
the package's one rule decides (:func:`par_analysis.choose_source`: publisher files before
official statistics, secondary compilations, web tables and news quotes, in the order of
:data:`par_analysis.sources.catalog.SOURCE_IDS`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .province_table import provinces
from .sources import load_tidy
from .sources.catalog import choose_source


def build_panel(indicators, layout: str = "63", years=None, data: pd.DataFrame | None = None,
                period: str = "FY", also_layouts=()) -> pd.DataFrame:
    """Build a wide province x year panel from the tidy table.

    Parameters
    ----------
    indicators : str or list of str
        Indicator names (columns of the panel, in this order).
    layout : {"63", "64", "34"}
        Layout of the panel: its index holds every province of that layout (special units such as
        ``VN`` and ``OG`` are left out).
    years : iterable of int, optional
        Years of the panel; default every year in which any requested indicator has a value.
    data : pandas.DataFrame, optional
        Tidy table to use; default the concatenation of every loader available
        (:func:`par_analysis.sources.load_tidy`: PCI, PAPI, PAR INDEX, SIPAS, FDI, controls).
    period : str
        Period to keep (``"FY"``; ``"H1"`` for the 2024 FDI half year).
    also_layouts : iterable of str
        Other layouts whose rows are accepted for codes that exist in ``layout`` (e.g.
        ``("64",)`` to take PCI 2006-2007 into a 63-province panel). Off by default: Ha Noi,
        Vinh Phuc and Hoa Binh changed territory in 2008, so extensive quantities (population,
        GRDP, FDI) would be spliced across the boundary change. Borrowed cells are listed in
        ``panel.attrs["sources"]`` with their layout.

    Returns
    -------
    pandas.DataFrame
        Index ``(province_code, year)``, one float column per indicator. ``attrs``:

        * ``"missing"``: one row per requested cell without a value: ``province_code, year,
          indicator, reason`` (``"indicator has no value this year"``, ``"province absent
          from the source"``, or ``"value only in layout 64"`` etc.);
        * ``"sources"``: ``province_code, year, indicator, source, layout, n_sources`` for each
          value, with the number of sources that had one (the one
          :func:`par_analysis.choose_source` prefers was used).

    Raises
    ------
    ValueError
        When an indicator has no row at all in ``data``, or one source gives two values for one
        cell (a loader bug).

    Examples
    --------
    >>> import par_analysis as pa
    >>> panel = pa.build_panel(["pci", "fdi_registered_total_musd"], years=range(2016, 2024))
    ... # doctest: +SKIP
    >>> panel.loc[("40", 2023), "fdi_registered_total_musd"].round(1)  # doctest: +SKIP
    1603.3
    >>> missing_report(panel).head()  # doctest: +SKIP
    """
    indicators = [indicators] if isinstance(indicators, str) else list(indicators)
    data = load_tidy() if data is None else data
    codes = list(provinces(layout)["code"])
    rows = data[data["indicator"].isin(indicators) & (data["period"] == period)]
    absent = [i for i in indicators if i not in set(rows["indicator"])]
    if absent:
        raise ValueError(f"no rows for indicator(s) {absent} with period {period!r}; "
                         "check the name (see the loader's INDICATORS) or the data passed")
    layouts = [layout, *[str(x) for x in also_layouts]]
    usable = rows[rows["layout"].isin(layouts) & rows["province_code"].isin(codes)]
    if years is not None:
        years = sorted(int(y) for y in years)
        usable = usable[usable["year"].isin(years)]
    else:
        years = sorted(set(usable["year"]))
    key = ["province_code", "year", "indicator"]
    # within each layout the preferred source; then the panel's own layout before borrowed ones
    per_layout = choose_source(usable, keys=[*key, "layout"])
    per_layout = per_layout.assign(_borrowed=(per_layout["layout"] != layout).astype("int64"))
    chosen = per_layout.sort_values([*key, "_borrowed"]).drop_duplicates(key)

    index = pd.MultiIndex.from_product([codes, years], names=["province_code", "year"])
    wide = chosen.pivot(index=["province_code", "year"], columns="indicator", values="value")
    panel = wide.reindex(index=index, columns=indicators).astype("float64")
    panel.columns.name = None
    # attrs hold plain records, not frames: pandas compares attrs in concat and merge
    panel.attrs["sources"] = chosen[[*key, "source", "layout", "n_sources"]].to_dict("records")
    panel.attrs["missing"] = _missing(panel, rows, layout, codes).to_dict("records")
    return panel


def panel_sources(panel: pd.DataFrame) -> pd.DataFrame:
    """Return which source and layout each value of a :func:`build_panel` panel came from.

    Columns ``province_code, year, indicator, source, layout, n_sources`` (how many sources had
    a value for that cell).

    Examples
    --------
    >>> import par_analysis as pa
    >>> tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020,
    ...     "source": "x", "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    >>> panel_sources(pa.build_panel("a", data=tidy))["source"].tolist()
    ['x']
    """
    if "sources" not in panel.attrs:
        raise ValueError("this frame has no attrs['sources']; build it with build_panel()")
    return pd.DataFrame.from_records(
        panel.attrs["sources"],
        columns=["province_code", "year", "indicator", "source", "layout", "n_sources"])


def _missing(panel: pd.DataFrame, rows: pd.DataFrame, layout: str, codes) -> pd.DataFrame:
    long = panel.stack(future_stack=True).rename("value").reset_index()
    long = long.rename(columns={"level_2": "indicator"})
    gaps = long[long["value"].isna()].drop(columns="value")
    if gaps.empty:
        return pd.DataFrame(columns=["province_code", "year", "indicator", "reason"])
    in_layout = rows[rows["layout"] == layout]
    years_with_data = set(zip(in_layout["indicator"], in_layout["year"], strict=True))
    elsewhere = rows[rows["layout"] != layout]
    other = {(c, y, i): lay for c, y, i, lay in
             zip(elsewhere["province_code"], elsewhere["year"], elsewhere["indicator"],
                 elsewhere["layout"], strict=True)}
    reasons = []
    for c, y, i in zip(gaps["province_code"], gaps["year"], gaps["indicator"], strict=True):
        if (c, y, i) in other:
            reasons.append(f"value only in layout {other[(c, y, i)]}")
        elif (i, y) in years_with_data:
            reasons.append("province absent from the source")
        else:
            reasons.append("indicator has no value this year")
    return gaps.assign(reason=reasons).reset_index(drop=True)


def missing_report(panel: pd.DataFrame, by: str = "indicator") -> pd.DataFrame:
    """Summarise the missing cells of a panel built by :func:`build_panel`.

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel with ``attrs["missing"]``.
    by : {"indicator", "province", "cells"}
        ``"indicator"``: counts per indicator, year and reason; ``"province"``: counts per
        province and indicator; ``"cells"``: the full list.

    Examples
    --------
    >>> import pandas as pd, par_analysis as pa
    >>> tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020,
    ...     "source": "x", "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    >>> p = pa.build_panel("a", data=tidy)
    >>> int(missing_report(p).loc[0, "n_missing"])
    62
    """
    if "missing" not in panel.attrs:
        raise ValueError("this frame has no attrs['missing']; build it with build_panel()")
    cells = pd.DataFrame.from_records(
        panel.attrs["missing"], columns=["province_code", "year", "indicator", "reason"])
    if by == "cells":
        return cells.copy()
    keys = {"indicator": ["indicator", "year", "reason"],
            "province": ["province_code", "indicator"]}[by]
    return cells.groupby(keys).size().rename("n_missing").reset_index()


def per_capita(panel: pd.DataFrame, col: str, population_col: str, per: float = 1000,
               population_scale: float = 1000) -> pd.Series:
    """Return ``col`` per ``per`` people.

    ``value / (population * population_scale) * per``. Population indicators of this package are
    in thousand persons, hence ``population_scale=1000``. Missing population gives NaN.

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel (or any frame) holding both columns.
    col, population_col : str
        Numerator and population columns.
    per : float
        Number of people in the denominator (1,000: "per 1,000 people").
    population_scale : float
        Persons per unit of ``population_col`` (1,000 for ``thousand_persons``).

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"fdi_registered_total_musd": [1603.3],
    ...                   "population_thousand_rev2019": [3400.0]})
    >>> per_capita(p, "fdi_registered_total_musd", "population_thousand_rev2019").round(4).item()
    0.4716
    """
    out = panel[col] / (panel[population_col] * population_scale) * per
    return out.rename(f"{col}_per{per:g}")


def signed_log(x):
    """Return ``sign(x) * log(1 + |x|)``, defined for zeros and negatives.

    Zero maps to zero, negatives (capital reductions in FDI flows) to negatives, and the function
    is monotone, so ranks are kept. For ``|x|`` much larger than 1 it is close to
    ``sign(x) * log(|x|)``; near zero it is close to ``x``, so its meaning depends on the unit.

    Examples
    --------
    >>> import numpy as np
    >>> np.round(signed_log(np.array([-135.3, 0.0, 1603.3])), 3).tolist()
    [-4.915, 0.0, 7.38]
    """
    x = np.asarray(x, dtype="float64") if not isinstance(x, pd.Series) else x.astype("float64")
    return np.sign(x) * np.log1p(np.abs(x))


LOG_RULES = ("positive", "plus_one", "signed")


def log_with_rule(x, rule: str = "positive"):
    """Return a logarithm of ``x`` with an explicit rule for zeros and negatives.

    Rules:

    * ``"positive"``: ``log(x)`` for ``x > 0``; NaN for zeros and negatives (they drop out of a
      regression, so say how many);
    * ``"plus_one"``: ``log(1 + x)`` for ``x >= 0``; NaN for negatives;
    * ``"signed"``: :func:`signed_log`, ``sign(x) * log(1 + |x|)``, keeps zeros and negatives.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([-60.9, 0.0, 100.0])
    >>> log_with_rule(s, "positive").round(3).tolist()
    [nan, nan, 4.605]
    >>> log_with_rule(s, "plus_one").round(3).tolist()
    [nan, 0.0, 4.615]
    """
    if rule not in LOG_RULES:
        raise ValueError(f"rule must be one of {LOG_RULES}, got {rule!r}")
    if rule == "signed":
        return signed_log(x)
    s = pd.Series(x, dtype="float64") if not isinstance(x, pd.Series) else x.astype("float64")
    if rule == "positive":
        out = np.log(s.where(s > 0))
    else:
        out = np.log1p(s.where(s >= 0))
    return out if isinstance(x, pd.Series) else out.to_numpy()
