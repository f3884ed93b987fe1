"""Checks shared by the packaged registers of facts we own (initiatives, reform adoption).

A register is a CSV in ``_data/`` with one row per fact, each with its source and the exact
sentence that states it. Its checks name the CSV line and value of the first bad row, like the
loaders' :class:`~par_analysis.errors.RawDataError`.
"""

from __future__ import annotations

import csv

import pandas as pd

from .errors import RawDataError, UnknownProvinceError
from .paths import packaged_rows
from .province_table import resolve


class Register:
    """A packaged CSV register: where it is, how to read it and how to report a bad row.

    Parameters
    ----------
    path : str
        Path shown in errors (``par_analysis/_data/<name>.csv`` for a packaged register).
    hint : str
        What the researcher should do about a bad row.
    packaged : bool
        Read the file from the installed package (``_data/``) rather than from ``path``.
    """

    def __init__(self, path: str, hint: str, packaged: bool = True):
        self.path = str(path)
        self.hint = hint
        self.packaged = packaged

    def at(self, path) -> Register:
        """Return this register read from another file with the same columns (None: itself).

        Parameters
        ----------
        path : str, os.PathLike or None
            The other CSV file, read from disk; None returns this register unchanged.
        """
        return self if path is None else Register(str(path), self.hint, packaged=False)

    def read(self) -> list[dict]:
        """Return the rows of the CSV as dicts of text."""
        if self.packaged:
            return packaged_rows(self.path.rsplit("/", 1)[-1])
        with open(self.path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def fail(self, message: str, line: int | None, value) -> RawDataError:
        """Return the error for a bad row (raise it).

        Parameters
        ----------
        message : str
            What is wrong with the row.
        line : int or None
            The CSV line of the row (the header is line 1), None when unknown.
        value : object
            The offending value, shown in the error.
        """
        return RawDataError(message, file=self.path, row=line, value=value, hint=self.hint)

    def require(self, records: list[dict], columns, required, choices: dict) -> None:
        """Check columns, non-empty required fields and closed vocabularies, row by row.

        Parameters
        ----------
        records : list of dict
            The rows, as returned by :meth:`read`.
        columns : iterable of str
            Columns the register must have (checked on the first row).
        required : iterable of str
            Columns that must not be empty or blank in any row.
        choices : dict
            Maps a column to its allowed values; any other value is an error.
        """
        missing = [c for c in columns if records and c not in records[0]]
        if missing:
            raise RawDataError(f"register lacks columns {missing}", file=self.path, row=1)
        for line, record in enumerate(records, start=2):
            for col in required:
                if not (record.get(col) or "").strip():
                    raise self.fail(f"empty {col}", line, record.get("id"))
            for col, allowed in choices.items():
                if record[col] not in allowed:
                    raise self.fail(f"{col} must be one of {tuple(allowed)}", line, record[col])

    def unique(self, records: list[dict], column: str = "id") -> None:
        """Raise on a repeated value of ``column``, naming both lines.

        Parameters
        ----------
        records : list of dict
            The rows, as returned by :meth:`read`.
        column : str
            The column whose values must be unique.
        """
        seen: dict[str, int] = {}
        for line, record in enumerate(records, start=2):
            if record[column] in seen:
                raise self.fail(f"duplicate {column} (first on line {seen[record[column]]})",
                                line, record[column])
            seen[record[column]] = line

    def province_code(self, name: str, layout: str, line: int) -> str | None:
        """Resolve a province name of a row in its layout (None for an empty name).

        Parameters
        ----------
        name : str
            The province name as written in the row; special units (whole country, regions)
            are accepted.
        layout : {"63", "64", "34"}
            The layout the name belongs to.
        line : int
            The CSV line of the row, named in the error for an unknown name.
        """
        name = name.strip()
        try:
            return resolve(name, layout, special=True) if name else None
        except UnknownProvinceError as exc:
            raise self.fail(f"unknown province in layout {layout}", line, name) from exc

    def validate(self, df: pd.DataFrame, schema) -> pd.DataFrame:
        """Validate with a pandera schema; a failure names the CSV line of the first bad row.

        Parameters
        ----------
        df : pandas.DataFrame
            The register as a frame, one row per CSV row in file order.
        schema : pandera.DataFrameSchema
            The schema to validate against.
        """
        try:
            return schema.validate(df, lazy=False)
        except Exception as exc:  # pandera SchemaError: point at the CSV line
            failure = getattr(exc, "failure_cases", None)
            index = (int(failure["index"].iloc[0]) if failure is not None and len(failure)
                     and failure["index"].iloc[0] is not None else None)
            line = index + 2 if index is not None else None
            raise RawDataError(f"register fails its schema: {exc}", file=self.path,
                               row=line) from exc
