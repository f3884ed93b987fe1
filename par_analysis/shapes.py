"""What a complete year of each source looks like, and the check that refuses a shortfall.

``_data/expected_shapes.csv`` declares, per source and source id, an indicator whose rows show
completeness, the years it must cover and how many provinces each year must hold: ``all`` (every
unit of the year's layout, minus the documented absences listed with their reason), a number, or
``>=N`` (sources whose absent rows mean zero). Boundary layers must hold one feature per unit of
their layout. Every load through the catalogue (:func:`par_analysis.sources.catalog.load_cached`)
is checked, so a year that vanished from a file, a deleted province line or a deleted boundary
feature is an :class:`~par_analysis.errors.IncompleteDataError` naming what is missing, not a
smaller table. To use incomplete data on purpose, say so: ``with pa.allow_incomplete("papi"):``
turns the error into a warning for that source.
"""

from __future__ import annotations

import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

import pandas as pd

from .errors import IncompleteDataError
from .paths import packaged_rows
from .province_table import name_of, province_mask, provinces

_ALLOWED = threading.local()


@dataclass(frozen=True)
class Expectation:
    """One row of ``expected_shapes.csv``: what a complete year of one source id holds."""

    source: str
    source_id: str
    indicator: str
    years: tuple[int, ...]
    expected: str
    absent: dict
    reason: str


def _years(text: str) -> tuple[int, ...]:
    if not text:
        return ()
    first, _, last = text.partition("-")
    return tuple(range(int(first), int(last or first) + 1))


def _absent(text: str) -> dict[int, set[str]]:
    """Parse ``"2014:24 87; 1995-2003:11 67"`` into ``{year: {codes}}``."""
    out: dict[int, set[str]] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        years, _, codes = part.partition(":")
        for year in _years(years):
            out.setdefault(year, set()).update(codes.split())
    return out


@cache
def expected_shapes() -> tuple[Expectation, ...]:
    """Return the declared shape of every source (``_data/expected_shapes.csv``).

    Returns
    -------
    tuple of Expectation
        One per declared source id and indicator.

    Examples
    --------
    >>> import par_analysis as pa
    >>> papi = [e for e in pa.expected_shapes() if e.source == "papi"][0]
    >>> papi.years[0], papi.years[-1], sorted(papi.absent[2014])
    (2011, 2024, ['24', '87'])
    """
    return tuple(Expectation(r["source"], r["source_id"], r["indicator"], _years(r["years"]),
                             r["expected"], _absent(r["absent"]), r["reason"])
                 for r in packaged_rows("expected_shapes.csv"))


@contextmanager
def allow_incomplete(*sources: str):
    """Accept incomplete data from these sources inside the block, with a warning instead.

    Parameters
    ----------
    *sources : str
        Catalogue keys (``"papi"``, ``"boundaries"``, ...).

    Yields
    ------
    None
        Nothing; the allowance ends with the block.

    Examples
    --------
    >>> import par_analysis as pa
    >>> with pa.allow_incomplete("papi"):
    ...     papi = pa.load_papi()
    >>> len(papi) > 0
    True
    """
    before: frozenset[str] = getattr(_ALLOWED, "sources", frozenset())
    _ALLOWED.sources = before | frozenset(sources)
    try:
        yield
    finally:
        _ALLOWED.sources = before


def shortfalls(source: str, data: pd.DataFrame) -> list[str]:
    """Return what a source's frame lacks against its declared shape (empty when complete).

    Parameters
    ----------
    source : str
        Catalogue key.
    data : pandas.DataFrame
        The frame its loader returns (tidy rows, or a boundary layer).

    Returns
    -------
    list of str
        One sentence per incomplete year (or layer), naming the provinces missing.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.shapes import shortfalls
    >>> shortfalls("papi", pa.load_papi())
    []
    >>> papi = pa.load_papi()
    >>> shortfalls("papi", papi[~((papi["year"] == 2019) & (papi["province_code"] == "40"))])
    ['papi_participation (papi_mlmcdm) 2019: 1 of 63 provinces missing: Nghệ An (40)']
    """
    problems: list[str] = []
    rules = [rule for rule in expected_shapes() if rule.source == source]
    for rule in (r for r in rules if not r.years):  # a layer of units, one row each
        for layout in sorted(set(data["layout"].astype(str))):
            have = set(data.loc[data["layout"] == layout, "province_code"])
            problems += _missing(f"{source} layer ({layout} units)", rule, layout, have, set())
    yearly = [rule for rule in rules if rule.years]
    if not yearly:
        return problems
    # the provinces present per source id, indicator and year, by layout: one pass over the frame
    rows = data[data["indicator"].isin({r.indicator for r in yearly})
                & province_mask(data["province_code"])]
    present: dict[tuple, dict[str, set]] = {}
    for (source_id, indicator, year, layout), codes in rows.groupby(
            ["source", "indicator", "year", "layout"], observed=True)["province_code"]:
        present.setdefault((source_id, indicator, year), {})[str(layout)] = set(codes)
    for rule in yearly:
        for year in rule.years:
            label = f"{rule.indicator} ({rule.source_id}) {year}"
            by_layout = present.get((rule.source_id, rule.indicator, year))
            if not by_layout:
                problems.append(f"{label}: no rows at all")
                continue
            for layout, have in sorted(by_layout.items()):
                problems += _missing(label, rule, layout, have, rule.absent.get(year, set()))
    return problems


def _missing(label: str, rule: Expectation, layout: str, have: set, absent: set) -> list[str]:
    if rule.expected == "all":
        units = set(provinces(layout)["code"])
        missing = sorted(units - absent - have)
        if not missing:
            return []
        names = ", ".join(f"{name_of(c, layout)} ({c})" for c in missing)
        total = len(units - absent)
        return [f"{label}: {len(missing)} of {total} provinces missing: {names}"]
    least = int(rule.expected.removeprefix(">="))
    exact = not rule.expected.startswith(">=")
    if len(have) < least or (exact and len(have) != least):
        return [f"{label}: {len(have)} provinces, expected {rule.expected} ({rule.reason})"]
    return []


def check_shape(source: str, data: pd.DataFrame, where: str = "") -> pd.DataFrame:
    """Raise when a source's frame falls short of its declared shape; return the frame.

    Inside :func:`allow_incomplete` for that source the shortfall is a warning instead.

    Parameters
    ----------
    source : str
        Catalogue key.
    data : pandas.DataFrame
        The loader's frame.
    where : str
        The loader, named in the message.

    Returns
    -------
    pandas.DataFrame
        ``data``, unchanged.

    Raises
    ------
    IncompleteDataError
        Listing every incomplete year with the provinces missing.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.shapes import check_shape
    >>> gdf = pa.load_boundaries("34")
    >>> check_shape("boundaries", gdf.iloc[1:], "load_boundaries")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.IncompleteDataError: load_boundaries: boundaries layer (34 units): ...
    """
    problems = shortfalls(source, data)
    if not problems:
        return data
    message = (f"{where or source}: " + "; ".join(problems[:8])
               + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
               + ". A complete year is declared in par_analysis/_data/expected_shapes.csv (with "
               "the documented absences); restore the raw file with `par-analysis fetch --force`, "
               "record a real absence there with its source, or accept the gap explicitly: "
               f"`with pa.allow_incomplete({source!r}): ...`.")
    if source in getattr(_ALLOWED, "sources", frozenset()):
        warnings.warn(message, stacklevel=3)
        return data
    raise IncompleteDataError(message)
