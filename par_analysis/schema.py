"""The tidy long table every loader returns, and its checks.

One row per observation: ``province_code, layout, year, period, source, indicator, value, unit``
plus provenance (``raw_file, sheet, row`` or ``source_url, quote``). Loaders declare the
indicators they produce with :class:`Indicator`; :func:`validate_tidy` checks a frame against the
pandera schema and against those declarations.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .errors import RawDataError
from .vocab import LAYOUTS, Rule

TIDY_COLUMNS = [
    "province_code",
    "layout",
    "year",
    "period",
    "source",
    "indicator",
    "value",
    "unit",
    "raw_file",
    "sheet",
    "row",
    "source_url",
    "quote",
]
KEY_COLUMNS = ["province_code", "layout", "year", "period", "indicator", "source"]
_DTYPES = {
    "province_code": "string",
    "layout": "string",
    "year": "int64",
    "period": "string",
    "source": "string",
    "indicator": "string",
    "value": "float64",
    "unit": "string",
    "raw_file": "string",
    "sheet": "string",
    "row": "Int64",
    "source_url": "string",
    "quote": "string",
}

# what each column of the tidy table and of a panel means: the codebook and the exports read it
COLUMN_LABELS = {
    "province_code": "GSO province code (two digits, read with layout)",
    "layout": "province layout of the code: 64 (to 2008), 63 (2008-2025), 34 (from 1 July 2025)",
    "layout_origin": "how a 34-unit value was made: native, harmonised from 63 or zero-filled",
    "year": "year the index measures (not the year of publication)",
    "period": "part of the year: FY full year, H1 first half, ...",
    "source": "source id of the value (pa.indicators(), sources page of the docs)",
    "indicator": "indicator name (pa.indicators())",
    "value": "value of the indicator",
    "unit": "unit of the value",
    "raw_file": "raw file the value was read from (pa.raw_files())",
    "sheet": "sheet of the raw file",
    "row": "row of the raw file, 1-based as a spreadsheet shows it (CSV: line incl. header)",
    "source_url": "address of the page a collected fact comes from",
    "quote": "exact sentence of the page that states the fact",
}


class AttrRecords(tuple):
    """Read-only records for a frame's ``attrs``, shared by the frames derived from it.

    pandas deep-copies ``attrs`` into every frame or column derived from a frame (a selection,
    ``notna()``, a merge). A panel's provenance records (thousands of dicts) made each
    ``panel["pci"]`` cost about 15 ms; a tuple of them is handed on as it is. Compare and
    serialise them as a tuple of dicts (``to_parquet`` writes them as a JSON list).

    Examples
    --------
    >>> import copy
    >>> import pandas as pd
    >>> from par_analysis.schema import AttrRecords
    >>> records = AttrRecords([{"indicator": "pci", "year": 2019}])
    >>> copy.deepcopy(records) is records, pd.DataFrame(list(records)).shape
    (True, (1, 2))
    """

    def __deepcopy__(self, memo) -> AttrRecords:
        return self


@dataclass(frozen=True)
class Indicator:  # numpydoc ignore=PR02
    """Declare an indicator: its unit, its valid range and a label for tables and maps.

    Parameters
    ----------
    unit : str
        The ``unit`` value of its tidy rows (a key of :data:`UNITS`, e.g. ``"index_0_100"``).
    lo, hi : float
        The lowest and highest valid values (unbounded by default); :func:`validate_tidy`
        rejects values outside them.
    label : str
        Short label for tables, axes and the codebook.
    description : str
        Longer text for the codebook.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pci = pa.Indicator(unit="index_0_100", lo=0, hi=100, label="PCI composite")
    >>> pci.hi, pci.label
    (100, 'PCI composite')
    >>> df = pa.tidy_frame([{"province_code": "01", "layout": "63", "year": 2019, "source": "x",
    ...                      "indicator": "pci", "value": 120.0, "unit": "index_0_100",
    ...                      "raw_file": "f.csv", "row": 3}])
    >>> pa.validate_tidy(df, {"pci": pci})
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: pci out of range [0, 100] (file f.csv, row 3, value 120.0)
    """

    unit: str
    lo: float = float("-inf")
    hi: float = float("inf")
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class Unit:  # numpydoc ignore=PR02
    """Declare a unit of measure: how to combine, label and print its values.

    Parameters
    ----------
    name : str
        The ``unit`` value of tidy rows (``"musd"``, ``"index_0_100"``).
    rule : {"sum", "mean", "error"}
        How the values of merged provinces combine (:func:`par_analysis.harmonize`): flows and
        stocks add up, scores and shares take a weighted mean, ranks cannot be combined.
    label : str
        Short label for axes and legends (``"USD m"``).
    decimals : int
        Decimals printed in tables.
    whole_from : float
        Absolute values from this size up are printed without decimals (``1,603``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.schema import UNITS
    >>> UNITS["musd"].format(1603.3), UNITS["rank"].format(20.0), UNITS["percent"].format(None)
    ('1,603', '20', '–')
    >>> pa.Unit("musd", "sum", "USD m", decimals=1, whole_from=100).format(12.34)
    '12.3'
    """

    name: str
    rule: Rule
    label: str
    decimals: int = 2
    whole_from: float = float("inf")

    def format(self, value) -> str:
        """Return ``value`` as table text; a missing value is an en dash.

        Parameters
        ----------
        value : float or None
            The number; None or NaN is missing.
        """
        if value is None or pd.isna(value):
            return "–"
        decimals = 0 if abs(value) >= self.whole_from else self.decimals
        return f"{value:,.{decimals}f}"


def _units(*specs) -> dict[str, Unit]:
    return {spec[0]: Unit(*spec) for spec in specs}


# every unit a loader emits, and the common ones a researcher's own data may carry
UNITS: dict[str, Unit] = _units(
    # flows and stocks: add up
    ("musd", "sum", "USD m", 1, 100), ("count", "sum", "count", 0),
    ("persons", "sum", "persons", 0), ("thousand_persons", "sum", "thousand persons", 1, 100),
    ("bn_vnd", "sum", "VND bn", 1, 100), ("billion_vnd", "sum", "VND bn", 1, 100),
    ("million_vnd", "sum", "VND m", 0), ("vnd", "sum", "VND", 0),
    ("km2", "sum", "km²", 1, 100), ("hectare", "sum", "ha", 0),
    ("thousand_tonnes", "sum", "thousand t", 1, 100),
    # scores, shares, densities and per-capita values: weighted mean
    ("index_0_100", "mean", "index 0-100"), ("index_0_10", "mean", "index 0-10"),
    ("index_1_10", "mean", "index 1-10"), ("index_6_60", "mean", "index 6-60"),
    ("index_8_80", "mean", "index 8-80"), ("index_subdimension", "mean", "sub-dimension score"),
    ("index", "mean", "index"), ("score", "mean", "score"), ("percent", "mean", "%"),
    ("ratio", "mean", "ratio", 3), ("share", "mean", "share", 3),
    ("usd_per_capita", "mean", "USD per person", 0),
    ("million_vnd_per_capita", "mean", "VND m per person"),
    ("thousand_vnd_per_capita", "mean", "VND thousand per person", 0),
    ("persons_per_km2", "mean", "persons per km²", 0), ("years", "mean", "years", 1),
    # positions: cannot be combined across merged provinces
    ("rank", "error", "rank (1 = best)", 0), ("rank_change", "error", "rank change (+ = up)", 0),
)


def unit_of(name: str) -> Unit:
    """Return the :class:`Unit` of a unit name, or raise naming the units known.

    Units not listed whose names start with ``index`` or end with ``_per_capita``, ``_per_km2``
    or ``_per_1000`` are scores or ratios (rule ``"mean"``).

    Parameters
    ----------
    name : str
        The ``unit`` value of tidy rows (``"musd"``).

    Examples
    --------
    >>> unit_of("index_2_20").rule, unit_of("musd").label
    ('mean', 'USD m')
    """
    if name in UNITS:
        return UNITS[name]
    if str(name).startswith("index") or str(name).endswith(("_per_capita", "_per_km2",
                                                             "_per_1000")):
        return Unit(str(name), "mean", str(name).replace("_", " "))
    raise ValueError(f"unit {name!r} is not known: use one of {sorted(UNITS)} or declare it in "
                     "par_analysis.schema.UNITS")


def tidy_record(indicators: dict[str, Indicator], indicator: str, value: float, *,
                province_code: str, layout: str, year: int, source: str, raw_file: str,
                sheet: str | None = None, row: int | None = None, period: str = "FY",
                **extra) -> dict:
    """Return one tidy row as a dict, its unit taken from the indicator's declaration.

    Every loader builds its rows with this, so the tidy columns are named in one place and a
    unit is never restated beside the declaration it must agree with.

    Parameters
    ----------
    indicators : dict
        The loader's declarations (``{name: Indicator}``); ``indicator`` must be among them.
    indicator : str
        The indicator name.
    value : float
        The number.
    province_code, layout : str
        The unit and its layout.
    year : int
        The year the value measures.
    source : str
        The tidy source id.
    raw_file : str
        Mirror-relative path of the file read.
    sheet : str, optional
        The sheet.
    row : int, optional
        1-based row as a spreadsheet shows it.
    period : str
        ``"FY"`` (default), ``"H1"``, ...
    **extra
        Extra columns (``note``, ``vintage``, ``column``, ...).

    Returns
    -------
    dict
        Ready for :func:`tidy_frame`.

    Raises
    ------
    KeyError
        When the indicator is not declared.

    Examples
    --------
    >>> from par_analysis.schema import Indicator, tidy_record
    >>> rec = tidy_record({"pci": Indicator("index_0_100", 0, 100)}, "pci", 65.2,
    ...                   province_code="48", layout="63", year=2019, source="vcci_workbook",
    ...                   raw_file="pci/x.xlsx", sheet="2019", row=12)
    >>> rec["unit"], rec["period"], rec["row"]
    ('index_0_100', 'FY', 12)
    """
    return {"province_code": province_code, "layout": layout, "year": year, "period": period,
            "source": source, "indicator": indicator, "value": value,
            "unit": indicators[indicator].unit, "raw_file": raw_file, "sheet": sheet,
            "row": row, **extra}


def tidy_frame(records) -> pd.DataFrame:
    """Build a tidy frame with the standard columns and dtypes from dicts or a DataFrame.

    Optional columns missing from the input are filled with NA; ``period`` defaults to ``"FY"``.
    Extra columns are kept after the standard ones.

    Parameters
    ----------
    records : list of dict or pandas.DataFrame
        The rows; anything :class:`pandas.DataFrame` accepts. The input is not changed.

    Examples
    --------
    >>> import par_analysis as pa
    >>> df = pa.tidy_frame([{"province_code": "01", "layout": "63", "year": 2019, "source": "x",
    ...                      "indicator": "pci", "value": 68.8, "unit": "index_0_100",
    ...                      "raw_file": "pci/a.xlsx", "sheet": "Summary", "row": 3}])
    >>> df.loc[0, "period"], str(df["row"].dtype)
    ('FY', 'Int64')
    """
    df = pd.DataFrame(records).copy()
    for col in TIDY_COLUMNS:
        if col not in df.columns:
            df[col] = "FY" if col == "period" else pd.NA
    df["period"] = df["period"].fillna("FY")
    df = df.astype(_DTYPES)
    extras = [c for c in df.columns if c not in TIDY_COLUMNS]
    return df[TIDY_COLUMNS + extras].reset_index(drop=True)


def _pandera_schema():
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        {
            "province_code": pa.Column("string", nullable=False),
            "layout": pa.Column("string", pa.Check.isin(LAYOUTS)),
            "year": pa.Column("int64", pa.Check.in_range(1990, 2100)),
            "period": pa.Column("string"),
            "source": pa.Column("string", nullable=False),
            "indicator": pa.Column("string", pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "value": pa.Column("float64", nullable=False),
            "unit": pa.Column("string", nullable=False),
            "raw_file": pa.Column("string", nullable=False),
            "sheet": pa.Column("string", nullable=True),
            "row": pa.Column("Int64", nullable=True),
            "source_url": pa.Column("string", nullable=True),
            "quote": pa.Column("string", nullable=True),
        },
        strict=False,
        ordered=False,
    )


def _where(df: pd.DataFrame, idx) -> dict:
    """Return file, sheet and row of a tidy row, for errors (None where the table lacks them)."""
    rec = df.loc[idx]

    def known(column):
        value = rec.get(column)
        return None if value is None or pd.isna(value) else value

    row = known("row")
    return {"file": known("raw_file"), "sheet": known("sheet"),
            "row": None if row is None else int(row)}


def validate_tidy(df: pd.DataFrame, indicators: dict[str, Indicator] | None = None) -> pd.DataFrame:
    """Check a tidy frame and return it unchanged.

    Checks the pandera schema (columns, dtypes, layouts, indicator names), that every code is known
    for its layout (:func:`par_analysis.province_table.known_codes`), that the key
    ``(province_code, layout, year, period, indicator, source)`` is unique and, when
    ``indicators`` is given, that every indicator is declared and its values lie in range.

    Parameters
    ----------
    df : pandas.DataFrame
        A tidy frame, as :func:`tidy_frame` builds it.
    indicators : dict, optional
        Maps each indicator name to its :class:`Indicator` declaration; without it, names and
        ranges are not checked.

    Raises
    ------
    RawDataError
        Naming file, sheet, row and value of the first offending row.

    Examples
    --------
    >>> import par_analysis as pa
    >>> df = pa.tidy_frame([{"province_code": "99", "layout": "63", "year": 2019, "source": "x",
    ...                      "indicator": "pci", "value": 1.0, "unit": "u", "raw_file": "f.csv"}])
    >>> pa.validate_tidy(df)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: unknown province code '99' for layout 63 (file f.csv, ...
    """
    import pandera.errors

    from .province_table import known_codes

    try:
        _pandera_schema().validate(df, lazy=False)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as exc:
        raise RawDataError(f"tidy table fails its schema: {exc}") from exc
    for layout, group in df.groupby("layout", sort=False):
        bad = ~group["province_code"].isin(known_codes(str(layout)))
        if bad.any():
            idx = group.index[bad][0]
            code = df.at[idx, "province_code"]
            raise RawDataError(
                f"unknown province code {code!r} for layout {layout}", value=code, **_where(df, idx)
            )
    dup = df.duplicated(KEY_COLUMNS, keep=False)
    if dup.any():
        first = df[dup].sort_values(KEY_COLUMNS).head(2)
        rows = [_where(df, i) for i in first.index]
        key = ", ".join(f"{c}={first.iloc[0][c]}" for c in KEY_COLUMNS)
        raise RawDataError(
            f"duplicate observation ({key}); rows {rows[0]['row']} and {rows[1]['row']}",
            value=first.iloc[0]["value"],
            **rows[1],
        )
    if indicators is not None:
        unknown = ~df["indicator"].isin(list(indicators))
        if unknown.any():
            idx = df.index[unknown][0]
            raise RawDataError(
                "undeclared indicator", value=df.at[idx, "indicator"], **_where(df, idx)
            )
        _check_ranges(df, indicators, "")
    return df


def _check_ranges(df: pd.DataFrame, indicators: dict[str, Indicator], where: str) -> None:
    """Raise on the first value outside its indicator's declared range (undeclared: unchecked)."""
    lo = df["indicator"].map({k: v.lo for k, v in indicators.items()}).astype("float64")
    hi = df["indicator"].map({k: v.hi for k, v in indicators.items()}).astype("float64")
    out = (df["value"] < lo) | (df["value"] > hi)
    if out.any():
        idx = df.index[out][0]
        name = df.at[idx, "indicator"]
        raise RawDataError(
            f"{where}{name} out of range [{indicators[name].lo}, {indicators[name].hi}]",
            value=float(df.at[idx, "value"]),
            **_where(df, idx),
        )


def check_values(data: pd.DataFrame, where: str) -> pd.DataFrame:
    """Refuse a tidy table holding a value outside its indicator's known range; return it.

    Every function that takes tidy data calls this on entry, so an impossible value (a PCI of
    750, a negative share) is an error wherever it enters, not only in the loaders. Indicators no
    source declares are not checked.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table (columns ``indicator`` and ``value`` at least).
    where : str
        The function receiving it, named in the error.

    Returns
    -------
    pandas.DataFrame
        ``data``, unchanged.

    Raises
    ------
    RawDataError
        Naming the function, indicator, range, value and the row's file, sheet and row.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.schema import check_values
    >>> tidy = pa.example_tidy()
    >>> bad = tidy.assign(value=tidy["value"].mask(tidy["indicator"] == "pci", 750.0))
    >>> check_values(bad, "harmonize")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: harmonize(): pci out of range [0, 100] (file ...
    """
    from .sources.catalog import declared_indicators

    if {"indicator", "value"} <= set(data.columns):
        _check_ranges(data, declared_indicators(), f"{where}(): ")
    return data
