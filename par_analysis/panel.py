"""The province x year panel built from the tidy table, with its coverage, breaks and layouts.

:func:`build_panel` turns tidy rows (every catalogued source, or a frame you pass) into a wide
frame indexed by ``(province_code, year)`` with one column per indicator. The panel says where not
to trust it:

* ``attrs["coverage"]`` (:func:`panel_coverage`): provinces with a value per indicator and year;
  an indicator-year covering under half the provinces raises a :class:`CoverageWarning` naming
  the provinces it has;
* ``attrs["missing"]`` (:func:`missing_report`): why each empty cell is empty (a part-year
  value such as FDI H1 2024 is never put in a full-year column, and the reason says so);
* ``attrs["breaks"]`` and the ``<indicator>_era`` columns: the method era of each value
  (:mod:`par_analysis.breaks`), so a fixed effect or a comparison can stay within an era;
* ``attrs["sources"]`` (:func:`panel_sources`): the source of every value.

Source preference: when an indicator has values from several sources for one province and year,
the package's one rule decides (:func:`par_analysis.choose_source`: publisher files before
official statistics, secondary compilations, web tables and news quotes, in the order of
:data:`par_analysis.sources.catalog.SOURCE_IDS`).

Layout ``"34"``: the units of 1 July 2025. Values of the 63-province era are aggregated into them
by :func:`par_analysis.harmonize` (sums for flows and stocks, population-weighted means for
scores; ranks are not aggregated), flows a source reports only when non-zero are zero-filled
first (FDI registrations: an absent province registered nothing), and values the sources report
for the 34 units themselves (the 2025 service index) are added. ``layout_origin`` says which
(``"63"``: harmonised, ``"34"``: reported for the unit).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .breaks import break_years, era_of, series_breaks
from .province_table import name_of, province_mask, provinces
from .schema import AttrRecords, check_values
from .sources import load_tidy
from .sources.catalog import choose_source
from .vocab import check_choice


class CoverageWarning(UserWarning):
    """Warn that an indicator-year of a panel covers under half of the provinces.

    :func:`par_analysis.build_panel` issues it (unless ``warn=False``); the message names the
    years and the provinces with a value, and :func:`par_analysis.panel_coverage` tells more.

    Examples
    --------
    >>> import warnings
    >>> import par_analysis as pa
    >>> tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020,
    ...     "source": "x", "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     panel = pa.build_panel("a", data=tidy)
    >>> [(w.category.__name__, str(w.message).split(":")[0]) for w in caught]
    [('CoverageWarning', 'a covers under half the units')]
    """


_KEY = ["province_code", "year", "indicator"]


def build_panel(indicators, layout: str = "63", years=None, data: pd.DataFrame | None = None,
                period: str = "FY", also_layouts=(), warn: bool = True) -> pd.DataFrame:
    """Build a wide province x year panel from the tidy table, with its coverage and breaks.

    Parameters
    ----------
    indicators : str or list of str
        Indicator names (columns of the panel, in this order).
    layout : {"63", "64", "34"}
        Layout of the panel: its index holds every unit of that layout (special units such as
        ``VN`` and ``OG`` are left out). ``"34"`` aggregates the earlier layouts (module
        docstring) and adds the rows reported for the 34 units.
    years : iterable of int, optional
        Years of the panel; default every year in which any requested indicator has a value.
    data : pandas.DataFrame, optional
        Tidy table to use; default the concatenation of every catalogued source
        (:func:`par_analysis.sources.load_tidy`).
    period : str
        Period to keep (``"FY"``; ``"H1"`` for the 2024 FDI half year).
    also_layouts : iterable of str
        Layout ``"63"``: other layouts whose rows are accepted for codes that exist in
        ``layout`` (e.g. ``("64",)`` to take PCI 2006-2007 into a 63-province panel). Off by
        default: Ha Noi, Vinh Phuc and Hoa Binh changed territory in 2008, so extensive
        quantities (population, GRDP, FDI) would be spliced across the boundary change.
    warn : bool
        Warn (:class:`CoverageWarning`) for indicator-years covering under half the units.

    Returns
    -------
    pandas.DataFrame
        Index ``(province_code, year)``, one float column per indicator, then an Int64
        ``<indicator>_era`` column (first year of the method era; 0 before the first break) for
        each indicator whose series breaks inside the panel's years, and for layout ``"34"`` a
        ``layout_origin`` column. ``attrs``: ``"coverage"``, ``"missing"``, ``"sources"``,
        ``"breaks"`` (records of :func:`par_analysis.series_breaks` that concern the panel) and
        ``"notes"`` (rules applied, such as zero-filled flows).

    Raises
    ------
    ValueError
        When an indicator has no row at all in ``data`` (the message suggests names), or the
        panel would be empty.

    Examples
    --------
    >>> import par_analysis as pa
    >>> panel = pa.build_panel(["pci", "fdi_registered_total_musd"], years=range(2016, 2024),
    ...                        warn=False)
    >>> panel.loc[("40", 2023), "fdi_registered_total_musd"].round(1)
    np.float64(1603.3)
    >>> pa.panel_coverage(panel).query("indicator == 'pci' and year == 2023")["n_present"].item()
    12
    """
    indicators = [indicators] if isinstance(indicators, str) else list(indicators)
    layout = check_choice(layout, "Layout")
    data = load_tidy() if data is None else check_values(data, "build_panel")
    codes = list(provinces(layout)["code"])
    rows = data[data["indicator"].isin(indicators) & (data["period"] == period)]
    _check_names(indicators, rows, data, period)
    notes: list[str] = []
    if layout == "34":
        usable, origin = _rows_34(rows, data, codes, notes)
    else:
        layouts = [layout, *[str(x) for x in also_layouts]]
        usable = rows[rows["layout"].isin(layouts) & rows["province_code"].isin(codes)]
        origin = None
    if years is not None:
        years = sorted(int(y) for y in years)
        usable = usable[usable["year"].isin(years)]
    else:
        years = sorted(set(usable["year"]))
    if usable.empty:
        elsewhere = sorted(set(rows.loc[rows["year"].isin(years), "layout"]) - {layout})
        raise ValueError(
            f"no value of {indicators} for the units of layout {layout} in "
            f"{years[0] if years else '-'}-{years[-1] if years else '-'}"
            + (f"; values exist in layout(s) {elsewhere}: pass also_layouts={tuple(elsewhere)}"
               if elsewhere and layout != "34" else "")
            + ("; ranks are not aggregated into the 34 units" if layout == "34" else ""))
    chosen = _choose(usable, layout)
    index = pd.MultiIndex.from_product([codes, years], names=["province_code", "year"])
    wide = chosen.pivot(index=["province_code", "year"], columns="indicator", values="value")
    panel = wide.reindex(index=index, columns=indicators).astype("float64")
    panel.columns.name = None
    broken = _add_eras(panel, indicators, years)
    if origin is not None:
        panel["layout_origin"] = _origin_per_row(panel, chosen)
    # attrs hold records, not frames (pandas compares attrs in concat and merge), read-only so
    # that the frames derived from the panel share them instead of deep-copying them
    panel.attrs["sources"] = AttrRecords(
        chosen[[*_KEY, "source", "layout", "n_sources"]].to_dict("records"))
    panel.attrs["missing"] = AttrRecords(_missing(panel[indicators], data, rows, layout, codes,
                                                  period).to_dict("records"))
    coverage = _coverage(panel[indicators], len(codes))
    panel.attrs["coverage"] = AttrRecords(coverage.to_dict("records"))
    panel.attrs["breaks"] = AttrRecords(broken)
    panel.attrs["notes"] = AttrRecords(notes)
    if warn:
        _warn_thin(coverage, panel[indicators], layout)
    return panel


def _check_names(indicators, rows, data, period) -> None:
    absent = [i for i in indicators if i not in set(rows["indicator"])]
    if not absent:
        return
    from .codebook import suggest

    known = set(data["indicator"])
    hints = []
    for name in absent:
        near = suggest(name, known)
        other = sorted(set(data.loc[data["indicator"] == name, "period"]))
        hints.append(f"{name!r}: " + (f"only with period {other}" if other else
                                      f"did you mean {near}?" if near else "unknown"))
    raise ValueError(f"no rows for indicator(s) {absent} with period {period!r}: "
                     + "; ".join(hints) + " (pa.indicators() lists every indicator)")


def _rows_34(rows, data, codes, notes):
    """Rows for the 34 units: reported ones, plus the earlier layouts harmonised."""
    from .harmonization import harmonize
    from .schema import unit_of
    from .sources.catalog import SOURCES

    native = rows[(rows["layout"] == "34") & rows["province_code"].isin(codes)]
    old = rows[rows["layout"].isin(["63", "64"]) & province_mask(rows["province_code"])]
    ranks = old["unit"].map(lambda u: unit_of(u).rule == "error")
    if ranks.any():
        names = sorted(set(old.loc[ranks, "indicator"]))
        notes.append(f"{names}: ranks are not aggregated across merged provinces; only ranks "
                     "reported for the 34 units are shown")
        old = old[~ranks]
    for source in SOURCES.values():
        fill = source.fills_absent_with_zero
        if fill and old["source"].isin(source.emits).any():
            module = __import__(f"par_analysis.{source.module}", fromlist=[fill])
            before = len(old)
            old = getattr(module, fill)(old)
            notes.append(f"{source.label}: flows reported only when non-zero were zero-filled "
                         f"before aggregation ({len(old) - before} zero rows, {fill}())")
    harmonised = pd.DataFrame(columns=rows.columns)
    if not old.empty:
        harmonised = harmonize(old, to_layout="34", warn=False)
        left_out = harmonised.attrs["incomplete"]
        if left_out:
            notes.append(f"{len(left_out)} unit-years left out: a member province has no value "
                         "(harmonize(...).attrs['incomplete'])")
    usable = pd.concat([native.assign(_origin="34"), harmonised.assign(_origin="63")],
                       ignore_index=True)
    return usable, "layout_origin"


def _choose(usable: pd.DataFrame, layout: str) -> pd.DataFrame:
    # within each layout the preferred source; then the panel's own layout before borrowed ones
    per_layout = choose_source(usable, keys=[*_KEY, "layout"])
    rank = (per_layout["layout"] != layout).astype("int64")
    if "_origin" in per_layout.columns:  # layout 34: reported rows before harmonised ones
        rank = (per_layout["_origin"] != "34").astype("int64")
    chosen = per_layout.assign(_borrowed=rank).sort_values([*_KEY, "_borrowed"])
    return chosen.drop_duplicates(_KEY)


def _add_eras(panel: pd.DataFrame, indicators, years) -> list[dict]:
    """Add ``<indicator>_era`` where a break falls inside the years; return the break records."""
    records = []
    for name in indicators:
        have = panel.index.get_level_values("year")[panel[name].notna().to_numpy()]
        # a break the panel's values straddle
        inside = [y for y in break_years(name) if len(have) and have.min() < y <= have.max()]
        if not inside:
            continue
        eras = era_of(name, panel.index.get_level_values("year"))
        panel[f"{name}_era"] = pd.array(eras.to_numpy(), dtype="Int64")
        table = series_breaks(name)
        records += [{**r, "indicator": name} for r in table.to_dict("records")
                    if r["first_year"] in inside]
    return records


def _origin_per_row(panel: pd.DataFrame, chosen: pd.DataFrame) -> pd.Series:
    origin = chosen.groupby(["province_code", "year"])["_origin"].agg(
        lambda o: o.iloc[0] if o.nunique() == 1 else "mixed")
    return pd.Series(origin.reindex(panel.index).to_numpy(), index=panel.index, dtype="string")


def _coverage(panel: pd.DataFrame, n_units: int) -> pd.DataFrame:
    present = panel.notna().groupby(level="year").sum()
    long = present.stack().rename("n_present").reset_index().rename(
        columns={"level_1": "indicator"})
    long["n_units"] = n_units
    long["share"] = long["n_present"] / n_units
    return long[["indicator", "year", "n_present", "n_units", "share"]].astype(
        {"n_present": "int64"})


def _warn_thin(coverage: pd.DataFrame, panel: pd.DataFrame, layout: str) -> None:
    """One warning per indicator: the years covering under half the units, with their units."""
    for indicator, thin in coverage[coverage["share"] < 0.5].groupby("indicator", sort=False):
        empty = thin.loc[thin["n_present"] == 0, "year"].tolist()
        parts = [f"no value in {', '.join(map(str, empty))}"] if empty else []
        for rec in thin[thin["n_present"] > 0].itertuples():
            year_rows = panel.index.get_level_values("year") == rec.year
            have = panel.index[panel[indicator].notna().to_numpy() & year_rows]
            names = [name_of(code, layout) for code, _ in have]
            listed = ", ".join(names) if len(names) <= 12 else f"{', '.join(names[:12])}, ..."
            parts.append(f"{rec.year}: {rec.n_present} of {rec.n_units} ({listed})")
        warnings.warn(f"{indicator} covers under half the units: " + "; ".join(parts)
                      + ". See pa.panel_coverage(panel).", CoverageWarning, stacklevel=3)


def _from_attrs(panel: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    """Return one of the records :func:`build_panel` keeps in ``attrs`` as a frame."""
    if key not in panel.attrs:
        raise ValueError(f"this frame has no attrs[{key!r}]; build it with build_panel()")
    return pd.DataFrame.from_records(panel.attrs[key], columns=columns)


def panel_coverage(panel: pd.DataFrame) -> pd.DataFrame:
    """Return how many units have a value, per indicator and year, of a :func:`build_panel` panel.

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel made by :func:`build_panel` (it carries ``attrs["coverage"]``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020,
    ...     "source": "x", "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    >>> pa.panel_coverage(pa.build_panel("a", data=tidy, warn=False)).values.tolist()
    [['a', 2020, 1, 63, 0.015873015873015872]]
    """
    return _from_attrs(panel, "coverage", ["indicator", "year", "n_present", "n_units", "share"])


def panel_sources(panel: pd.DataFrame) -> pd.DataFrame:
    """Return which source and layout each value of a :func:`build_panel` panel came from.

    Columns ``province_code, year, indicator, source, layout, n_sources`` (how many sources had
    a value for that cell).

    Parameters
    ----------
    panel : pandas.DataFrame
        A panel made by :func:`build_panel` (it carries ``attrs["sources"]``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> tidy = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2020,
    ...     "source": "x", "indicator": "a", "value": 1.0, "unit": "u", "raw_file": "f"}])
    >>> pa.panel_sources(pa.build_panel("a", data=tidy, warn=False))["source"].tolist()
    ['x']
    """
    return _from_attrs(panel, "sources",
                       ["province_code", "year", "indicator", "source", "layout", "n_sources"])


def _missing(panel: pd.DataFrame, data: pd.DataFrame, rows: pd.DataFrame, layout: str, codes,
             period: str) -> pd.DataFrame:
    long = panel.stack(future_stack=True).rename("value").reset_index()
    long = long.rename(columns={"level_2": "indicator"})
    gaps = long[long["value"].isna()].drop(columns="value")
    if gaps.empty:
        return pd.DataFrame(columns=["province_code", "year", "indicator", "reason"])
    in_layout = rows[rows["layout"] == layout]
    years_with_data = set(zip(in_layout["indicator"], in_layout["year"], strict=True))
    partial = data[data["indicator"].isin(set(gaps["indicator"])) & (data["period"] != period)]
    part_year = {(i, y): p for i, y, p in
                 zip(partial["indicator"], partial["year"], partial["period"], strict=True)}
    elsewhere = rows[rows["layout"] != layout]
    other = {(c, y, i): lay for c, y, i, lay in
             zip(elsewhere["province_code"], elsewhere["year"], elsewhere["indicator"],
                 elsewhere["layout"], strict=True)}
    reasons = []
    for c, y, i in zip(gaps["province_code"], gaps["year"], gaps["indicator"], strict=True):
        if (i, y) in part_year and (i, y) not in years_with_data:
            reasons.append(f"only a part-year value (period {part_year[(i, y)]}); never put in a "
                           f"{period} column")
        elif (c, y, i) in other:
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
    >>> p = pa.build_panel("a", data=tidy, warn=False)
    >>> int(pa.missing_report(p).loc[0, "n_missing"])
    62
    """
    cells = _from_attrs(panel, "missing", ["province_code", "year", "indicator", "reason"])
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

    Parameters
    ----------
    x : array_like or pandas.Series
        The values; a Series gives a Series, anything else a float64 array.

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

    Parameters
    ----------
    x : array_like or pandas.Series
        The values; a Series gives a Series, anything else a float64 array.
    rule : {"positive", "plus_one", "signed"}
        The rule above.

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
