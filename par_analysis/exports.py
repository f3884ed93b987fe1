"""Export a tidy table or a panel for Stata, R, Excel or Arrow, with its codebook and provenance.

:func:`export` writes one file whose format follows the suffix, and puts beside the data what the
researcher needs to read it: the codebook of the columns (label, unit, source, citation; from
:func:`par_analysis.indicators` and :data:`par_analysis.schema.COLUMN_LABELS`) and where every
value comes from. Provenance is rebuilt from the table itself (its ``source``/``raw_file`` columns,
or the sources of its indicator columns), not from ``DataFrame.attrs``, so it survives a merge.

========  ==================================================================================
suffix    what is written
========  ==================================================================================
.csv      the data (UTF-8) and ``<stem>.codebook.csv``
.xlsx     sheets ``data``, ``codebook``, ``provenance`` and ``about`` (versions, citation)
.dta      Stata 118 (UTF-8) with variable labels "label [unit]" and a dataset label naming the
          package and data versions; names longer than 32 characters or not valid in Stata
          are shortened deterministically (``stem_<5 hex of sha1>``), and
          ``<stem>.codebook.csv`` maps every Stata name to the original name
.parquet  the data with the codebook, provenance and versions in the file's metadata
          (key ``par_analysis``)
========  ==================================================================================

R users read the .dta with ``haven::read_dta()`` (labels arrive as ``label`` attributes) or the
.parquet with ``arrow::read_parquet()``.
"""

from __future__ import annotations

import hashlib
import json
import re
import warnings
from pathlib import Path

import pandas as pd

from ._files import atomic_write
from .province_table import fold_diacritics

SUFFIXES = (".csv", ".xlsx", ".dta", ".parquet")
STATA_NAME_LENGTH = 32
STATA_LABEL_LENGTH = 80
EXCEL_MAX_ROWS = 1_048_575  # one row is the header
_ERA = "_era"


def stata_names(columns) -> dict[str, str]:
    """Return the Stata name of every column: valid, at most 32 characters, all different.

    A name that is already valid is kept. Otherwise diacritics are folded, characters Stata does
    not allow become ``_``, and a name still too long (or clashing) is cut to 26 characters and
    given ``_`` plus the first five hex digits of the sha1 of the original name, so the same
    column always gets the same name whatever else is in the table.

    Parameters
    ----------
    columns : iterable of str
        Column names.

    Returns
    -------
    dict
        Original name -> Stata name.

    Raises
    ------
    ValueError
        If two columns still share a name (a sha1 clash on five digits; never seen).

    Examples
    --------
    >>> import par_analysis as pa
    >>> long = "papi_vertical_accountability_community_investment_supervision_boards"
    >>> names = pa.stata_names(["year", "Tỉnh", long])
    >>> names["year"], names["Tỉnh"]
    ('year', 'Tinh')
    >>> names[long]
    'papi_vertical_accountabili_9eff8'
    """  # noqa: E501
    out: dict[str, str] = {}
    for column in columns:
        column = str(column)
        ascii_name = fold_diacritics(column).encode("ascii", "ignore").decode()
        name = re.sub(r"[^A-Za-z0-9_]", "_", ascii_name)
        if not name or name[0].isdigit():
            name = f"_{name}"
        if len(name) > STATA_NAME_LENGTH or name in out.values():
            name = f"{name[:STATA_NAME_LENGTH - 6]}_{hashlib.sha1(column.encode()).hexdigest()[:5]}"
        if name in out.values():
            raise ValueError(f"two columns both become the Stata name {name!r}: rename one")
        out[column] = name
    return out


def codebook_of(data: pd.DataFrame) -> pd.DataFrame:
    """Return the codebook of a table: one row per column, then one per indicator it holds.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table (with an ``indicator`` column) or a wide panel (indicators as columns).

    Returns
    -------
    pandas.DataFrame
        ``name, kind`` (``column`` or ``indicator`` for a value of the ``indicator`` column),
        ``stata_name, label, unit, source, years, breaks, citation``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> book = pa.codebook_of(pa.example_panel())
    >>> book.set_index("name").loc["pci", ["label", "unit"]].tolist()
    ['PCI composite (weighted)', 'index 0-100']
    >>> book.set_index("name").loc["province_code", "label"]
    'GSO province code (two digits, read with layout)'
    """
    from .codebook import indicators

    table = indicators().set_index("indicator")
    frame = data.reset_index() if _has_named_index(data) else data
    names = stata_names(frame.columns)
    rows = [_describe(str(c), "column", table, names) for c in frame.columns]
    if "indicator" in frame.columns:
        rows += [_describe(str(i), "indicator", table, names)
                 for i in sorted(frame["indicator"].dropna().unique())]
    return pd.DataFrame(rows)


def _describe(name: str, kind: str, table: pd.DataFrame, names: dict[str, str]) -> dict:
    """Return the codebook row of one column or indicator (``table``: pa.indicators())."""
    from .schema import COLUMN_LABELS

    row = {"name": name, "kind": kind, "stata_name": names.get(name, ""), "label": "",
           "unit": "", "source": "", "years": "", "breaks": "", "citation": ""}
    base = name.removesuffix(_ERA)
    if name in table.index:
        spec = table.loc[name]
        row.update(label=spec["label"], unit=spec["unit_label"], source=spec["source"],
                   years=spec["years"], breaks=spec["breaks"], citation=spec["citation"])
    elif name.endswith(_ERA) and base in table.index:
        row.update(label=f"method era of {base} (0 = first; pa.series_breaks())",
                   unit="era number", breaks=table.loc[base, "breaks"])
    elif name in COLUMN_LABELS:
        row["label"] = COLUMN_LABELS[name]
    return row


def provenance_of(data: pd.DataFrame) -> pd.DataFrame:
    """Return where the values of a table come from, read from the table itself.

    A tidy table gives one row per source and raw file (or page) with the number of values and
    their years, joined to the registry's origin, licence and citation. A wide panel gives one
    row per indicator column with the source(s) of its indicator in the codebook.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table or a wide panel, merged or not.

    Returns
    -------
    pandas.DataFrame
        For a tidy table ``source, raw_file, source_url, n_values, first_year, last_year,
        origin, licence, citation``; for a panel ``column, n_values, source, citation``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> prov = pa.provenance_of(pa.example_tidy())
    >>> prov.groupby("source")["n_values"].sum().to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'fia_quick_report': 35, 'grdp_secondary': 18, 'news_facts': 25, 'papi_mlmcdm': 32,
     'vcci_workbook': 12}
    """
    from .registry import raw_files

    frame = data.reset_index() if _has_named_index(data) else data
    if {"source", "raw_file", "value"} <= set(frame.columns):
        where = frame.assign(source_url=frame.get("source_url", pd.Series(pd.NA, frame.index)))
        grouped = (where.groupby(["source", "raw_file", "source_url"], dropna=False)
                   .agg(n_values=("value", "count"), first_year=("year", "min"),
                        last_year=("year", "max")).reset_index())
        registry = raw_files()[["path", "origin", "licence", "citation"]]
        return (grouped.merge(registry, how="left", left_on="raw_file", right_on="path")
                .drop(columns="path"))
    book = codebook_of(frame).set_index("name")
    rows = [{"column": c, "n_values": int(frame[c].notna().sum()),
             "source": book.loc[c, "source"], "citation": book.loc[c, "citation"]}
            for c in frame.columns if book.loc[c, "source"]]
    return pd.DataFrame(rows, columns=["column", "n_values", "source", "citation"])


def export(data: pd.DataFrame, path, *, overwrite: bool = True) -> list[Path]:
    """Write a table for another tool, with its codebook and provenance; return the files.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table (``pa.load_pci()``, ``pa.load_tidy()``) or a panel (``pa.build_panel``);
        a named index (province, year) becomes columns.
    path : str or pathlib.Path
        Output file; the suffix chooses the format (.csv, .xlsx, .dta, .parquet; see the
        module documentation).
    overwrite : bool
        Refuse to replace an existing file when False.

    Returns
    -------
    list of pathlib.Path
        The data file first, then the codebook file (.csv and .dta only).

    Raises
    ------
    ValueError
        For an unknown suffix, an empty table, more rows than Excel holds, or an existing file
        with ``overwrite=False``.

    See Also
    --------
    codebook_of : The codebook written beside the data.
    provenance_of : The provenance written beside the data.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd, par_analysis as pa
    >>> out = Path(tempfile.mkdtemp())
    >>> [p.name for p in pa.export(pa.example_panel(), out / "panel.dta")]
    ['panel.dta', 'panel.codebook.csv']
    >>> pd.read_stata(out / "panel.dta", iterator=True).variable_labels()["pci"]
    'PCI composite (weighted) [index 0-100]'
    """
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"cannot export to {path.name!r}: use one of {', '.join(SUFFIXES)}")
    if data.empty:
        raise ValueError("nothing to export: the table has no rows")
    if path.exists() and not overwrite:
        raise ValueError(f"{path} exists (pass overwrite=True to replace it)")
    frame = data.reset_index() if _has_named_index(data) else data.reset_index(drop=True)
    book = codebook_of(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = {".csv": _write_csv, ".xlsx": _write_xlsx, ".dta": _write_dta,
              ".parquet": _write_parquet}[path.suffix.lower()]
    return writer(frame, path, book)


def _about() -> dict[str, str]:
    from . import __version__
    from .registry import registry_version

    return {"package": f"par-analysis {__version__}", "data_registry": registry_version(),
            "cite": "see CITATION.cff of par-analysis and the citation column of the codebook"}


def _codebook_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.codebook.csv")


def _write_csv(frame: pd.DataFrame, path: Path, book: pd.DataFrame) -> list[Path]:
    atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False))
    _write_codebook(book, path)
    return [path, _codebook_path(path)]


def _write_xlsx(frame: pd.DataFrame, path: Path, book: pd.DataFrame) -> list[Path]:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(frame) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(frame):,} rows do not fit one Excel sheet "
                         f"({EXCEL_MAX_ROWS:,}): export .parquet or .csv, or filter first")
    text = frame.select_dtypes(include=["string", "object"]).columns
    clean = frame.assign(**{c: frame[c].str.replace(ILLEGAL_CHARACTERS_RE, "", regex=True)
                            for c in text})
    about = pd.DataFrame(_about().items(), columns=["item", "value"])
    atomic_write(path, lambda tmp: _xlsx_sheets(tmp, {
        "data": clean, "codebook": book, "provenance": provenance_of(frame), "about": about}))
    return [path]


def _xlsx_sheets(path: str, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xlsx:
        for name, sheet in sheets.items():
            sheet.to_excel(xlsx, sheet_name=name, index=False)


def _stata_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Give Stata types: text as object with "" for missing, nullable numbers as float."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[column] = series.astype(object).where(series.notna(), "").astype(str)
        elif pd.api.types.is_bool_dtype(series) or isinstance(series.dtype, pd.BooleanDtype):
            out[column] = series.astype("Float64").astype("float64")
        elif pd.api.types.is_extension_array_dtype(series) and series.isna().any():
            out[column] = series.astype("Float64").astype("float64")
        elif pd.api.types.is_extension_array_dtype(series):
            out[column] = series.to_numpy(dtype=series.dtype.numpy_dtype)
        else:
            out[column] = series
    return pd.DataFrame(out, index=frame.index)


def _write_dta(frame: pd.DataFrame, path: Path, book: pd.DataFrame) -> list[Path]:
    from pandas.io.stata import InvalidColumnName

    columns = book[book["kind"] == "column"].set_index("name")
    names = columns["stata_name"].to_dict()
    labels = {names[c]: (f"{r.label} [{r.unit}]" if r.unit else r.label)[:STATA_LABEL_LENGTH]
              for c, r in columns.iterrows() if r.label}
    about = _about()
    stata = _stata_ready(frame).rename(columns=names)
    with warnings.catch_warnings():
        warnings.simplefilter("error", InvalidColumnName)  # never let pandas rename silently
        atomic_write(path, lambda tmp: stata.to_stata(
            tmp, write_index=False, version=118, variable_labels=labels,
            data_label=f"{about['package']}, data registry {about['data_registry']}"))
    _write_codebook(book, path)
    return [path, _codebook_path(path)]


def _write_codebook(book: pd.DataFrame, path: Path) -> None:
    atomic_write(_codebook_path(path), lambda tmp: book.to_csv(tmp, index=False))


def _write_parquet(frame: pd.DataFrame, path: Path, book: pd.DataFrame) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame.copy(deep=False).rename_axis(None), preserve_index=False)
    extra = {"about": _about(), "codebook": book.to_dict("records"),
             "provenance": json.loads(provenance_of(frame).to_json(orient="records"))}
    metadata = {**(table.schema.metadata or {}), b"par_analysis": json.dumps(extra).encode()}
    atomic_write(path, lambda tmp: pq.write_table(table.replace_schema_metadata(metadata), tmp))
    return [path]


def read_export_metadata(path) -> dict:
    """Return the codebook, provenance and versions stored in an exported .parquet file.

    Parameters
    ----------
    path : str or pathlib.Path
        A file written by :func:`export` with the .parquet suffix.

    Returns
    -------
    dict
        ``about`` (package and registry versions), ``codebook`` and ``provenance`` (records).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import par_analysis as pa
    >>> file = pa.export(pa.example_panel(), Path(tempfile.mkdtemp()) / "panel.parquet")[0]
    >>> sorted(pa.read_export_metadata(file))
    ['about', 'codebook', 'provenance']
    """
    import pyarrow.parquet as pq

    return json.loads(pq.read_schema(path).metadata[b"par_analysis"])


def _has_named_index(data: pd.DataFrame) -> bool:
    return any(name is not None for name in data.index.names)
