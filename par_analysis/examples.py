"""A tiny packaged example dataset, so examples and first experiments need no raw data.

Real rows, with their provenance, of ``pci``, ``papi_total_8dim``, ``par_index`` and
``fdi_registered_total_musd`` for six provinces (Hà Nội, Quảng Ninh, Nghệ An, Đà Nẵng,
Hồ Chí Minh, Đồng Tháp) in 2018-2023, as :func:`par_analysis.build_panel` chooses them.
``tools/make_example_data.py`` writes it from the loaders and a test checks that it still
equals what they give.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

EXAMPLE_FILE = "example_tidy.csv"
EXAMPLE_PROVINCES = ("01", "22", "40", "48", "79", "87")
EXAMPLE_YEARS = range(2018, 2024)
EXAMPLE_INDICATORS = ("pci", "papi_total_8dim", "par_index", "fdi_registered_total_musd")


@cache
def _example() -> pd.DataFrame:
    from .schema import TIDY_COLUMNS, tidy_frame

    with resources.files("par_analysis").joinpath(f"_data/{EXAMPLE_FILE}").open("rb") as f:
        raw = pd.read_csv(f, dtype={"province_code": "string", "layout": "string"})
    return tidy_frame(raw[TIDY_COLUMNS].to_dict("records"))


def example_tidy() -> pd.DataFrame:
    """Return the packaged example: a small tidy table of real values with their provenance.

    Returns
    -------
    pandas.DataFrame
        The tidy columns (:data:`par_analysis.TIDY_COLUMNS`) for four indicators, six
        provinces, 2018-2023; no raw data needed.

    See Also
    --------
    example_panel : The same values as a wide panel.

    Examples
    --------
    >>> import par_analysis as pa
    >>> tidy = pa.example_tidy()
    >>> sorted(tidy["indicator"].unique())
    ['fdi_registered_total_musd', 'papi_total_8dim', 'par_index', 'pci']
    >>> tidy.query("province_code == '48' and year == 2023 and indicator == 'par_index'")[
    ...     "value"].item()
    88.68
    """
    return _example().copy()


def example_panel() -> pd.DataFrame:
    """Return the packaged example as a wide panel indexed by province and year.

    Returns
    -------
    pandas.DataFrame
        Index ``(province_code, year)``, one column per indicator; a cell with no value is NaN.

    See Also
    --------
    example_tidy : The same values as a tidy table with provenance.

    Examples
    --------
    >>> import par_analysis as pa
    >>> panel = pa.example_panel()
    >>> panel.shape
    (36, 4)
    >>> float(panel.loc[("79", 2022), "pci"])
    65.86
    """
    wide = _example().pivot_table(index=["province_code", "year"], columns="indicator",
                                  values="value", aggfunc="first")
    wide = wide.reindex(columns=list(EXAMPLE_INDICATORS))
    full = pd.MultiIndex.from_product([EXAMPLE_PROVINCES, EXAMPLE_YEARS],
                                      names=["province_code", "year"])
    return wide.reindex(full).rename_axis(columns=None)


def expected_example() -> pd.DataFrame:
    """Return the example rows as the loaders give them today (used to write and test it).

    Returns
    -------
    pandas.DataFrame
        The tidy rows that :func:`par_analysis.build_panel` chooses for the example cells.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.examples import expected_example
    >>> len(expected_example()) == len(pa.example_tidy())
    True
    """
    from .panel import build_panel, panel_sources
    from .schema import TIDY_COLUMNS, tidy_frame
    from .sources import load_tidy

    # warn=False: the thin coverage of PAR INDEX is known and shown by other examples
    chosen = panel_sources(build_panel(list(EXAMPLE_INDICATORS), layout="63", warn=False))
    keys = ["province_code", "year", "indicator", "source", "layout"]
    chosen = chosen[chosen["province_code"].isin(EXAMPLE_PROVINCES)
                    & chosen["year"].isin(EXAMPLE_YEARS)][keys]
    tidy = load_tidy()
    rows = tidy.merge(chosen, on=keys, how="inner")[TIDY_COLUMNS]
    if rows.duplicated(keys).any():
        raise ValueError("the example cells have more than one row each")
    rows = rows.sort_values(["indicator", "province_code", "year"])
    return tidy_frame(rows.to_dict("records"))
