"""Series breaks: where an index or statistic changed its method, declared once with the source.

``_data/series_breaks.csv`` lists every known break: the indicators it concerns (names or
``fnmatch`` patterns such as ``papi_*``), the first year on the new basis, its kind, whether a
published document states it (``documented``), and the page or publisher's file with the
sentence that shows it. A break the data show but no document was found for is kept with
``documented = "no"`` and the searches made.

Kinds: ``method_revision`` and ``definition`` cut one indicator's series (values before and after
are not comparable); ``separate_series`` documents a revision that the package already keeps as
separate indicators (GRDP before and after the 2019 re-evaluation), so nothing is cut.

The panel marks the method era of each value (:func:`era_of`), and charts cut their lines at a
break (:func:`cut_at_breaks`).

Examples
--------
>>> from par_analysis.breaks import break_years
>>> break_years("par_index")
[2016, 2017, 2022]
"""

from __future__ import annotations

import functools
from fnmatch import fnmatch

import numpy as np
import pandas as pd

from ._register import Register

REGISTER = Register("par_analysis/_data/series_breaks.csv",
                    "Fix that line of the break registry: every break needs its source and quote")
KINDS = ("method_revision", "definition", "separate_series")
CUTTING = ("method_revision", "definition")


def series_breaks(indicator: str | None = None) -> pd.DataFrame:
    """Return the registry of series breaks, or the breaks of one indicator.

    Parameters
    ----------
    indicator : str, optional
        An indicator name; its breaks (every kind) are returned.

    Returns
    -------
    pandas.DataFrame
        ``id, indicators, first_year, kind, documented, description, source, quote, note``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.series_breaks("papi_total_8dim")["id"].tolist()
    ['papi_2018_eight_dimensions']
    """
    table = _checked_registry().copy()
    if indicator is not None:
        table = table[table["indicators"].map(lambda p: _matches(indicator, p))]
    return table.reset_index(drop=True)


@functools.cache
def _checked_registry() -> pd.DataFrame:
    """Read and check the packaged registry, once per process (it cannot change while running)."""
    rows = REGISTER.read()
    REGISTER.require(rows, ["id", "indicators", "first_year", "kind", "documented",
                            "description", "source", "quote", "note"],
                     ("id", "indicators", "first_year", "kind", "documented", "description",
                      "source", "quote"),
                     {"kind": KINDS, "documented": ("yes", "no")})
    REGISTER.unique(rows)
    table = pd.DataFrame(rows).astype("string")
    table["first_year"] = table["first_year"].astype("int64")
    return table


def _matches(indicator: str, patterns: str) -> bool:
    return any(fnmatch(indicator, p.strip()) for p in patterns.split(";"))


def break_years(indicator: str) -> list[int]:
    """Return the first years of the new bases that cut an indicator's series, in order.

    Parameters
    ----------
    indicator : str
        An indicator name; only breaks of the kinds in :data:`CUTTING` count.

    Examples
    --------
    >>> break_years("pci"), break_years("fdi_registered_total_musd"), break_years("sipas")
    ([2013], [2016], [])
    """
    return list(_break_years(indicator))


@functools.cache
def _break_years(indicator: str) -> tuple[int, ...]:
    table = series_breaks(indicator)
    return tuple(sorted(set(table.loc[table["kind"].isin(CUTTING), "first_year"])))


def era_of(indicator: str, years) -> pd.Series:
    """Return, for each year, the first year of the method era it belongs to (NA before any).

    The era starts at the indicator's first break year at or before the year; years before the
    first break belong to the era ``0`` (the original method).

    Parameters
    ----------
    indicator : str
        An indicator name, whose break years (:func:`break_years`) start the eras.
    years : iterable of int
        The years to place; the result has one value per year, in the same order.

    Examples
    --------
    >>> era_of("par_index", [2015, 2016, 2019, 2023]).tolist()
    [0, 2016, 2017, 2022]
    """
    starts = break_years(indicator)
    years = pd.Series(list(years), dtype="int64")
    index = np.searchsorted(np.asarray(starts, dtype="int64"), years.to_numpy(), side="right")
    eras = [starts[i - 1] if i > 0 else 0 for i in index]
    return pd.Series(eras, index=years.index, dtype="int64")


def cut_at_breaks(indicator: str, years, values) -> tuple[np.ndarray, np.ndarray]:
    """Return years and values with a NaN inserted at each break, so that a line stops there.

    Parameters
    ----------
    indicator : str
        An indicator name, whose break years (:func:`break_years`) cut the line.
    years : iterable of int or float
        The x values; the pairs are sorted by year, and a NaN is placed at ``year - 0.5``.
    values : iterable of float
        The y values, one per year.

    Examples
    --------
    >>> x, y = cut_at_breaks("pci", [2011, 2012, 2013, 2014], [58.0, 59.0, 60.0, 61.0])
    >>> x.tolist(), [None if np.isnan(v) else float(v) for v in y]
    ([2011.0, 2012.0, 2012.5, 2013.0, 2014.0], [58.0, 59.0, None, 60.0, 61.0])
    """
    years = np.asarray(list(years), dtype="float64")
    values = np.asarray(list(values), dtype="float64")
    order = np.argsort(years)
    years, values = years[order], values[order]
    for start in reversed(break_years(indicator)):
        at = np.searchsorted(years, start)
        if 0 < at < len(years):
            years = np.insert(years, at, start - 0.5)
            values = np.insert(values, at, np.nan)
    return years, values
