"""Parsing helpers shared by every loader.

Reading sheets, finding rows, parsing numbers and resolving province names, with the file, sheet
and row in every error.

Row numbers are 1-based as a spreadsheet shows them: for a sheet read with ``header=None``, the
frame index ``i`` is row ``i + 1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache

import pandas as pd

from ..errors import RawDataError, UnknownProvinceError
from ..province_table import resolve
from ..registry import raw_path

MISSING_MARKS = {"", "..", "...", "-", "–", "—", "n/a", "na", "nan", "none", "x"}

_DAMAGED_HINT = ("Compare it with the publisher's copy; if the registered file itself is damaged, "
                 "download it again and update the registry (tools/build_registry.py)")


def _classes(*names: str) -> tuple[type[BaseException], ...]:
    """Return the exception classes named ``module:Class`` whose module can be imported."""
    import importlib

    found = []
    for name in names:
        module, _, attr = name.partition(":")
        try:
            found.append(getattr(importlib.import_module(module), attr))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def _workbook_errors() -> tuple[type[BaseException], ...]:
    import zipfile

    return (zipfile.BadZipFile,
            *_classes("python_calamine:CalamineError", "xlrd:XLRDError",
                      "xlrd.compdoc:CompDocError"))


def _r_errors() -> tuple[type[BaseException], ...]:
    return _classes("pyreadr.custom_errors:PyreadrError", "pyreadr.custom_errors:LibrdataError")


def _map_errors() -> tuple[type[BaseException], ...]:
    return _classes("pyogrio.errors:DataSourceError", "pyogrio.errors:DataLayerError",
                    "fiona.errors:DriverError")


def _first_non_utf8(relpath: str, exc: UnicodeDecodeError) -> tuple[int, int | None, bytes]:
    """Return the byte offset, 1-based line and the bytes of the first non-UTF-8 sequence.

    The offset a parser reports is relative to the block it was decoding, so the file is decoded
    again here; when that is not possible the parser's own offset is returned, without a line.
    """
    try:
        data = raw_path(relpath).read_bytes()
        data.decode("utf-8")
    except UnicodeDecodeError as again:
        return again.start, data.count(b"\n", 0, again.start) + 1, data[again.start:again.end]
    except OSError:
        pass
    return exc.start, None, bytes(exc.object[exc.start:exc.end])


@contextmanager
def reading(relpath: str, sheet: str | None = None) -> Iterator[None]:
    """Turn the parsing libraries' failures on a raw file into RawDataError naming the file.

    Wrap every read of a raw file in it. Only the errors that mean "this file is not what its
    format promises" are translated, each with what to do about it; the library's exception is
    kept as ``__cause__``. Anything else (a bug, a missing file) passes unchanged.

    * ``pandas.errors.EmptyDataError``: the file is empty;
    * ``UnicodeDecodeError``: the file is not UTF-8 text (Excel's "CSV" saves in a Windows code
      page), naming the byte offset and line of the first bad byte;
    * ``pandas.errors.ParserError``: the CSV cannot be parsed, it may be truncated;
    * calamine's ``CalamineError`` (and subclasses), ``zipfile.BadZipFile`` and xlrd's errors:
      the file cannot be read as a workbook;
    * pyreadr's ``PyreadrError`` and ``LibrdataError``: not a readable R data file;
    * pyogrio's ``DataSourceError`` and ``DataLayerError``: not a readable map layer.

    Stata files raise a plain ``ValueError`` (or ``struct.error``) when damaged, which is too
    broad to catch here: read them with :func:`read_stata`.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the raw file read inside the block, named in the error.
    sheet : str, optional
        Sheet read, named in the error.

    Yields
    ------
    None
        Nothing: the block reads the file itself.

    Raises
    ------
    RawDataError
        Naming the file (and sheet) with a hint, for the errors listed above.

    Examples
    --------
    >>> import pandas as pd
    >>> from par_analysis.sources._common import reading
    >>> with reading("pci/new_edition.csv"):  # doctest: +ELLIPSIS
    ...     raise pd.errors.EmptyDataError("No columns to parse from file")
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: file is empty (file pci/new_edition.csv)...
    """
    from pandas.errors import EmptyDataError, ParserError

    try:
        yield
    except EmptyDataError as exc:
        raise RawDataError(
            "file is empty", file=relpath, sheet=sheet,
            hint="A download or copy was interrupted, or the publisher posted an empty file: "
                 "get the file again") from exc
    except UnicodeDecodeError as exc:
        offset, line, bad = _first_non_utf8(relpath, exc)
        raise RawDataError(
            f"file is not UTF-8 text (byte {offset}: {bad.hex(' ').upper() or '?'})",
            file=relpath, sheet=sheet, row=line,
            hint="It was probably saved by Excel in a Windows code page (cp1258 or cp1252): "
                 "re-save it as 'CSV UTF-8' (File > Save As > CSV UTF-8)") from exc
    except ParserError as exc:
        detail = re.sub(r"\s+", " ", str(exc)).strip()
        found = re.search(r"\bline (\d+)", detail)
        raise RawDataError(
            f"file cannot be parsed ({detail}); it may be truncated", file=relpath, sheet=sheet,
            row=int(found.group(1)) if found else None, hint=_DAMAGED_HINT) from exc
    except _workbook_errors() as exc:
        raise RawDataError(
            f"file cannot be read as a workbook: truncated or damaged? ({exc})", file=relpath,
            sheet=sheet, hint=_DAMAGED_HINT) from exc
    except _r_errors() as exc:
        raise RawDataError(f"file cannot be read as an R data file: truncated or damaged? ({exc})",
                           file=relpath, sheet=sheet, hint=_DAMAGED_HINT) from exc
    except _map_errors() as exc:
        raise RawDataError(
            f"file cannot be read as a map layer (GeoJSON, TopoJSON): truncated or damaged? "
            f"({exc})", file=relpath, sheet=sheet, hint=_DAMAGED_HINT) from exc


def read_csv(relpath: str, *, columns: Iterable[str] | None = None, min_rows: int = 0,
             **kwargs) -> pd.DataFrame:
    """Read a registered CSV file with :func:`pandas.read_csv`, failures named by file and row.

    The read runs inside :func:`reading`, so an empty, truncated or non-UTF-8 file raises
    RawDataError naming it; ``columns`` lists the header names the caller goes on to use, so a
    renamed column is reported here, with the header found, rather than as a ``KeyError``;
    ``min_rows`` refuses a file cut down to its header.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the CSV file (see :func:`par_analysis.raw_path`).
    columns : iterable of str, optional
        Header names that must be present.
    min_rows : int
        Data rows the file must have (default 0: an empty table is accepted).
    **kwargs
        Passed on to :func:`pandas.read_csv`. An int ``skiprows`` moves the header line named in
        the error.

    Returns
    -------
    pandas.DataFrame
        The table as :func:`pandas.read_csv` returns it.

    Raises
    ------
    RawDataError
        For the failures :func:`reading` translates, and "unexpected header" (row of the header
        line, the header found as value, the expected and missing names in the hint) when a name
        of ``columns`` is missing; "too few data rows" below ``min_rows``.

    Examples
    --------
    >>> from par_analysis.sources._common import read_csv
    >>> table = read_csv("province_codes/regex.csv", columns=["province_name", "regex"])
    >>> table.loc[0, "province_name"]
    'An Giang'
    >>> read_csv("province_codes/regex.csv", columns=["province", "regex"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: unexpected header (file province_codes/regex.csv, row 1, ...
    """
    path = raw_path(relpath)
    with reading(relpath):
        table = pd.read_csv(path, **kwargs)
    skip = kwargs.get("skiprows")
    line = 1 + (skip if isinstance(skip, int) and not isinstance(skip, bool) else 0)
    if columns is not None:
        expected = list(columns)
        missing = [c for c in expected if c not in table.columns]
        if missing:
            raise RawDataError(
                "unexpected header", file=relpath, row=line, value=[str(c) for c in table.columns],
                hint=f"Expected the columns {expected}; missing {missing}. The publisher may have "
                     "renamed them: update the loader")
    if len(table) < min_rows:
        raise RawDataError(
            f"too few data rows: {len(table)} after the header, at least {min_rows} expected",
            file=relpath, row=line + 1,
            hint="The file may have been cut short or exported empty: get it again")
    return table


def read_stata(relpath: str, **kwargs) -> pd.DataFrame:
    """Read a registered Stata file with :func:`pandas.read_stata`, failures named by file.

    pandas reports a damaged or truncated ``.dta`` file, or a variable missing from
    ``columns=``, as a bare ``ValueError`` or ``struct.error``; here they are RawDataError
    naming the file, with pandas' message.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the ``.dta`` file.
    **kwargs
        Passed on to :func:`pandas.read_stata`.

    Returns
    -------
    pandas.DataFrame
        The data set as :func:`pandas.read_stata` returns it.

    Raises
    ------
    RawDataError
        When pandas cannot read the file or finds no variable of ``columns``.

    Examples
    --------
    >>> from par_analysis.sources._common import read_stata
    >>> read_stata("grdp_secondary/Dataset.dta", columns=["name", "year"]).shape[1]
    2
    >>> read_stata("grdp_secondary/Dataset.dta", columns=["name", "yaer"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: file cannot be read as Stata data (The following columns ...
    """
    import struct

    path = raw_path(relpath)
    with reading(relpath):
        try:
            return pd.read_stata(path, **kwargs)
        except (ValueError, struct.error, EOFError) as exc:
            raise RawDataError(f"file cannot be read as Stata data ({exc})", file=relpath,
                               hint="A missing variable may have been renamed by the authors; "
                                    "otherwise the file is truncated or damaged. "
                                    + _DAMAGED_HINT) from exc


@cache
def sheet_names(relpath: str) -> tuple[str, ...]:
    """Return the sheet names of a registered workbook.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the workbook (.xls or .xlsx; read with calamine).
    """
    from python_calamine import CalamineWorkbook

    path = raw_path(relpath)
    with reading(relpath):
        return tuple(CalamineWorkbook.from_path(str(path)).sheet_names)


def read_sheet(relpath: str, sheet: str | int) -> pd.DataFrame:
    """Read one sheet of a registered workbook as raw cells (no header, object dtype).

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the workbook (.xls or .xlsx; read with calamine).
    sheet : str or int
        Sheet name, or position.

    Raises
    ------
    RawDataError
        When the sheet does not exist; the message lists the sheets the file has.

    Examples
    --------
    >>> from par_analysis.sources._common import read_sheet
    >>> cells = read_sheet("pci/vietnamdata/PCI_2009.xls", "Tong Hop")
    >>> cells.iat[3, 2], round(cells.iat[3, 12], 2)  # Hà Nội's weighted PCI 2009
    ('Hà Nội', 58.18)
    """
    names = sheet_names(relpath)
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise RawDataError(f"workbook has {len(names)} sheets, no sheet number {sheet}",
                               file=relpath, hint=f"Sheets: {list(names)}")
        sheet = names[sheet]
    if sheet not in names:
        raise RawDataError(
            "missing sheet", file=relpath, sheet=sheet,
            hint=f"The workbook has {list(names)}; the publisher may have renamed it: update the "
            "loader's manifest",
        )
    import zipfile

    from python_calamine import CalamineError

    path = raw_path(relpath)
    with reading(relpath, sheet):
        try:
            df = pd.read_excel(path, sheet_name=sheet, header=None, engine="calamine",
                               dtype=object)
        except CalamineError:
            if not zipfile.is_zipfile(path):  # not an .xlsx at all, or a damaged one
                raise
            # e.g. PCI_2014.xlsx: ``<dimension ref="1:69"/>`` without columns; read a repaired
            # copy (a damaged file fails there too, and :func:`reading` names it)
            df = pd.read_excel(xlsx_without_bad_dimensions(relpath), sheet_name=sheet,
                               header=None, engine="calamine", dtype=object)
    return df


def excel_row(index: int) -> int:
    """Return the 1-based spreadsheet row of a 0-based frame index read with ``header=None``.

    Parameters
    ----------
    index : int
        The 0-based frame index.
    """
    return int(index) + 1


def cell_text(value) -> str:
    """Return a cell as stripped text ('' for empty cells).

    Parameters
    ----------
    value : object
        The cell value; None and NaN are empty, runs of whitespace become one space.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def find_row(cells: pd.DataFrame, pattern: str, *, column: int | None = 0, start: int = 0,
             relpath: str = "", sheet: str = "") -> int:
    """Return the frame index of the first row at or after ``start`` matching a regex.

    ``column=None`` searches every cell of the row. Matching is case-insensitive on
    :func:`cell_text`. Raises RawDataError naming file and sheet when nothing matches.

    Parameters
    ----------
    cells : pandas.DataFrame
        Raw cells of a sheet, as :func:`read_sheet` returns them.
    pattern : str
        Regular expression searched for in the cell text.
    column : int or None
        Position of the column searched (default 0, the first); None searches every column.
    start : int
        Frame index of the first row searched.
    relpath, sheet : str
        Where the cells were read, named in the error.
    """
    rx = re.compile(pattern, re.IGNORECASE)
    for i in range(start, len(cells)):
        values = cells.iloc[i] if column is None else [cells.iat[i, column]]
        if any(rx.search(cell_text(v)) for v in values):
            return i
    raise RawDataError(f"no row matching /{pattern}/", file=relpath, sheet=sheet or None)


def header_text(cells: pd.DataFrame, rows, col: int, *, fill_right: bool = False) -> str:
    """Return the header text of a column: its cells in ``rows`` joined by spaces.

    ``fill_right`` reads a merged header cell, whose text spreads over the columns to its right,
    from the last non-empty cell at or left of ``col`` in each row.

    Parameters
    ----------
    cells : pandas.DataFrame
        Raw cells of a sheet, as :func:`read_sheet` returns them.
    rows : iterable of int
        Frame indices of the header rows, top to bottom.
    col : int
        Position of the column.
    fill_right : bool
        Read merged header cells as described above.

    Examples
    --------
    >>> cells = pd.DataFrame([["Vốn", None], ["cấp mới", "tăng thêm"]])
    >>> header_text(cells, [0, 1], 1), header_text(cells, [0, 1], 1, fill_right=True)
    ('tăng thêm', 'Vốn tăng thêm')
    """
    parts = []
    for r in rows:
        c = col
        while fill_right and c > 0 and not cell_text(cells.iat[r, c]):
            c -= 1
        parts.append(cell_text(cells.iat[r, c]))
    return " ".join(p for p in parts if p).strip()


def check_header(text: str, pattern: str, *, what: str, relpath: str, sheet: str | None,
                 row: int, col: int, exclude: str | None = None, hint: str = "") -> None:
    """Raise when a column's header text does not match what the manifest says it holds.

    Matching ignores case; ``exclude`` is a pattern the header must not match (a neighbouring
    column with similar words).

    Parameters
    ----------
    text : str
        The header text found (see :func:`header_text`).
    pattern : str
        Regular expression the header must match.
    what : str
        What the column holds, named in the error (``"new capital"``).
    relpath : str
        Mirror-relative path of the file, named in the error.
    sheet : str or None
        Sheet name, named in the error.
    row : int
        1-based row of the header, named in the error.
    col : int
        Position of the column, named in the error.
    exclude : str, optional
        Regular expression the header must not match.
    hint : str
        What to do about a mismatch (default: update the loader's manifest).

    Raises
    ------
    RawDataError
        Naming file, sheet, row, the column, the expected pattern and the header found.

    Examples
    --------
    >>> check_header("Vốn đăng ký cấp mới", r"cấp mới", what="new capital", relpath="f.xls",
    ...              sheet="S1", row=6, col=4)
    >>> check_header("Số dự án", r"vốn", what="capital", relpath="f.xls", sheet="S1", row=6,
    ...              col=3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    par_analysis.errors.RawDataError: column 3 header does not match /vốn/ (capital) ...
    """
    if not re.search(pattern, text, re.IGNORECASE) or (
            exclude and re.search(exclude, text, re.IGNORECASE)):
        raise RawDataError(f"column {col} header does not match /{pattern}/ ({what})",
                           file=relpath, sheet=sheet, row=row, value=text,
                           hint=hint or "The layout changed: update the loader's manifest")


def parse_number(value, *, relpath: str, sheet: str | None = None, row: int | None = None,
                 decimal: str = ".") -> float:
    """Parse a cell to float; missing marks (``..``, ``-``, blank) give NaN.

    Text numbers with thousands separators are handled: with ``decimal="."`` commas are thousands
    separators (``"1,603.3"``); with ``decimal=","`` dots are (``"31.022"``, ``"84,2"``).

    Parameters
    ----------
    value : object
        The cell value; ints and floats are returned as float, text is parsed.
    relpath : str
        Mirror-relative path of the file, named in the error.
    sheet : str, optional
        Sheet name, named in the error.
    row : int, optional
        1-based row, named in the error.
    decimal : {".", ","}
        The decimal mark of text numbers.

    Raises
    ------
    RawDataError
        For text that is not a number, naming file, sheet, row and value.

    Examples
    --------
    >>> parse_number("1,603.3", relpath="f"), parse_number("84,2", relpath="f", decimal=",")
    (1603.3, 84.2)
    """
    if value is None:
        return float("nan")
    if isinstance(value, bool):
        raise RawDataError("boolean where a number was expected", file=relpath, sheet=sheet,
                           row=row, value=value)
    if isinstance(value, (int, float)):
        return float(value)
    text = cell_text(value)
    if text.lower() in MISSING_MARKS:
        return float("nan")
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if decimal == ",":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        raise RawDataError("not a number", file=relpath, sheet=sheet, row=row,
                           value=value) from None


def resolve_names(names: Iterable, layout: str, *, relpath: str, sheet: str | None = None,
                  rows: Iterable[int] | None = None, special: bool = False) -> list[str]:
    """Resolve province names read from a raw file, naming file, sheet and rows on failure.

    Parameters
    ----------
    names : iterable of str
        Names as read.
    layout : str
        Layout of the edition.
    relpath, sheet : str
        Where they were read.
    rows : iterable of int, optional
        1-based row of each name, for the error.
    special : bool
        Accept whole-country, region and oil-and-gas rows (see :func:`par_analysis.resolve`).

    Raises
    ------
    RawDataError
        Listing every unresolved name with its row and nearest candidates.
    """
    names = list(names)
    rows = list(rows) if rows is not None else [None] * len(names)  # type: ignore[list-item]
    try:
        return resolve(names, layout=layout, special=special)
    except UnknownProvinceError as exc:
        bad = [(r, n) for r, n in zip(rows, names, strict=True) if n in exc.unresolved]
        first_row, first_name = bad[0]
        listing = "; ".join(
            f"row {r}: {n!r} (nearest: {', '.join(exc.unresolved[n]) or 'none'})" for r, n in bad
        )
        raise RawDataError(
            f"unknown province name(s): {listing}", file=relpath, sheet=sheet, row=first_row,
            value=first_name,
            hint="If the spelling is real, add it to par_analysis/_data/province_aliases.csv",
        ) from exc


def check_unique(df: pd.DataFrame, keys: list[str], *, relpath: str, sheet: str | None = None,
                 row_col: str = "row", what: str = "province") -> None:
    """Raise RawDataError when ``keys`` repeat, naming both rows and the value.

    Parameters
    ----------
    df : pandas.DataFrame
        The parsed rows, with the ``keys`` columns and the ``row_col`` column.
    keys : list of str
        Columns whose combined values must be unique.
    relpath : str
        Mirror-relative path of the file, named in the error.
    sheet : str, optional
        Sheet name, named in the error.
    row_col : str
        Column holding the 1-based source row of each record.
    what : str
        What a repeated key is, named in the error (``"province"``).
    """
    dup = df.duplicated(keys, keep=False)
    if dup.any():
        first = df[dup].sort_values(keys + [row_col]).head(2)
        value = ", ".join(str(first.iloc[0][k]) for k in keys)
        raise RawDataError(
            f"duplicate {what}: rows {first.iloc[0][row_col]} and {first.iloc[1][row_col]}",
            file=relpath, sheet=sheet, row=int(first.iloc[1][row_col]), value=value,
        )


def read_gso_csv(relpath: str) -> pd.DataFrame:
    """Read a GSO web table exported as CSV (``;``-separated, UTF-8 with BOM, title on line 1).

    The header is the first line whose first cell is ``Cities, provincies`` (or similar); every
    value is kept as text so that callers parse numbers with :func:`parse_number` (``..`` is
    missing). Names keep their raw spelling, stripped; irregular inner spaces are collapsed.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the CSV file.

    Returns
    -------
    pandas.DataFrame
        One row per data line: ``name`` (first cell), ``line`` (1-based line number in the file)
        and one text column per header cell.

    Examples
    --------
    >>> from par_analysis.sources._common import read_gso_csv
    >>> df = read_gso_csv("population/Average population by province.csv")
    >>> df.loc[0, "name"], int(df.loc[0, "line"])  # the whole country, on line 4 of the file
    ('WHOLE COUNTRY', 4)
    """
    import csv as _csv

    path = raw_path(relpath)
    with reading(relpath):
        text = path.read_text("utf-8-sig")
    if not text.strip():
        raise RawDataError("file is empty", file=relpath,
                           hint="A download or copy was interrupted: get the file again")
    lines = list(_csv.reader(text.splitlines(), delimiter=";"))
    header_at = next((i for i, cells in enumerate(lines)
                      if cells and re.match(r"cities|provinc", cell_text(cells[0]), re.I)), None)
    if header_at is None:
        raise RawDataError("no header line starting with 'Cities, provincies'", file=relpath)
    if not any(cell_text(c) for cells in lines[header_at + 1:] for c in cells):
        raise RawDataError("no data line after the header", file=relpath, row=header_at + 2,
                           hint="The file may have been cut short or exported empty: get it "
                                "again")
    header = [cell_text(c) for c in lines[header_at]]
    records = []
    for i in range(header_at + 1, len(lines)):
        cells = lines[i]
        if not any(cell_text(c) for c in cells):
            continue
        if len(cells) != len(header):
            raise RawDataError(f"line has {len(cells)} cells, header has {len(header)}",
                               file=relpath, row=i + 1, value=cells[0])
        records.append({"name": cell_text(cells[0]), "line": i + 1,
                        **{h: c for h, c in zip(header[1:], cells[1:], strict=True)}})
    return pd.DataFrame(records)


def xlsx_without_bad_dimensions(relpath: str):
    """Return an in-memory copy of an .xlsx whose row-only ``<dimension>`` tags are removed.

    Some workbooks (PCI_2014.xlsx) declare ``<dimension ref="1:69"/>``, which calamine cannot
    parse ("Range is missing the expected column component"). The tag is optional metadata;
    dropping it changes no cell. The raw file on disk is never modified.

    Parameters
    ----------
    relpath : str
        Mirror-relative path of the .xlsx workbook.

    Examples
    --------
    >>> from python_calamine import CalamineWorkbook
    >>> from par_analysis.sources._common import xlsx_without_bad_dimensions
    >>> buf = xlsx_without_bad_dimensions("pci/vietnamdata/PCI_2014.xlsx")
    >>> CalamineWorkbook.from_filelike(buf).sheet_names[:2]
    ['Summary_VN', 'Summary']
    """
    import io
    import zipfile

    out = io.BytesIO()
    path = raw_path(relpath)
    with reading(relpath), zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[0-9]+:[0-9]+"\s*/>', b"", data)
            zout.writestr(item, data)
    out.seek(0)
    return out


GRDP_SECONDARY = "grdp_secondary/Dataset.dta"


def read_grdp_secondary(columns=None) -> pd.DataFrame:
    """Read the secondary province panel 2016-2022 (``grdp_secondary/Dataset.dta``).

    Its ``name`` column holds the authors' abbreviations (``HNOI``, ``SLA`` Son La, ``LAN`` Long
    An, ``NAN`` Nghe An), resolved through ``province_aliases.csv``. Adds ``row`` (1-based Stata
    observation) and ``province_code``, and checks that the names give 63 provinces, one per
    ``id``.

    Parameters
    ----------
    columns : list of str, optional
        Stata variables to read besides ``name`` and ``id`` (default: every variable).

    Examples
    --------
    >>> from par_analysis.sources._common import read_grdp_secondary
    >>> raw = read_grdp_secondary(["year", "pci"])
    >>> raw.columns.tolist(), raw["province_code"].nunique()
    (['name', 'id', 'year', 'pci', 'row', 'province_code'], 63)
    """
    wanted = None if columns is None else list(dict.fromkeys(["name", "id", *columns]))
    raw = read_stata(GRDP_SECONDARY, columns=wanted, convert_categoricals=False)
    raw["row"] = raw.index + 1
    raw["province_code"] = resolve_names(raw["name"], "63", relpath=GRDP_SECONDARY,
                                         rows=raw["row"])
    pairs = raw[["province_code", "id"]].drop_duplicates()
    if len(pairs) != 63 or pairs["id"].nunique() != 63 or pairs["province_code"].nunique() != 63:
        raise RawDataError("province names do not give 63 provinces, one per id",
                           file=GRDP_SECONDARY)
    check_unique(raw, ["province_code", "year"], relpath=GRDP_SECONDARY)
    return raw
