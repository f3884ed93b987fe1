"""Exceptions raised by par_analysis.

Every error a researcher can meet names the file, sheet, row and value involved and says what to
do next.
"""

from __future__ import annotations


class ParAnalysisError(Exception):
    """Base class of every error raised by par_analysis.

    Catch it to handle any of the package's errors at once.

    Examples
    --------
    >>> import par_analysis as pa
    >>> try:
    ...     pa.resolve("Atlantis")
    ... except pa.ParAnalysisError as err:
    ...     print(type(err).__name__)
    UnknownProvinceError
    """


class RawDataError(ParAnalysisError, ValueError):
    """A raw file does not look as the loader expects.

    Parameters
    ----------
    message : str
        What is wrong.
    file, sheet : str, optional
        Mirror-relative path of the raw file and the sheet name.
    row : int, optional
        1-based row number as a spreadsheet shows it.
    value : object, optional
        The offending cell value.
    hint : str, optional
        What the researcher can do about it.

    Examples
    --------
    >>> import par_analysis as pa
    >>> err = pa.RawDataError("score out of range", file="pci/x.xls", sheet="S", row=7,
    ...                       value=120.0)
    >>> str(err)
    "score out of range (file pci/x.xls, sheet 'S', row 7, value 120.0)"
    >>> isinstance(err, ValueError), err.row
    (True, 7)
    """

    def __init__(self, message, *, file=None, sheet=None, row=None, value=None, hint=None):
        self.file, self.sheet, self.row, self.value, self.hint = file, sheet, row, value, hint
        where = []
        if file is not None:
            where.append(f"file {file}")
        if sheet is not None:
            where.append(f"sheet {sheet!r}")
        if row is not None:
            where.append(f"row {row}")
        if value is not None:
            where.append(f"value {value!r}")
        text = message if not where else f"{message} ({', '.join(where)})"
        if hint:
            text += f". {hint}"
        super().__init__(text)


class UnknownProvinceError(ParAnalysisError, KeyError):
    """One or more province names could not be resolved to a GSO code.

    The message lists every unresolved name with its nearest candidates.

    Parameters
    ----------
    message : str
        The full message, shown as is.
    unresolved : dict, optional
        Maps each unresolved name to a list of its nearest candidates; kept as the attribute
        ``unresolved`` (empty by default).

    Examples
    --------
    >>> import par_analysis as pa
    >>> try:
    ...     pa.resolve("Hue city")
    ... except pa.UnknownProvinceError as err:
    ...     print(err.unresolved)
    {'Hue city': ['Thừa Thiên Huế (46)']}
    """

    def __init__(self, message, unresolved=None):
        self.unresolved = dict(unresolved or {})
        super().__init__(message)

    def __str__(self):
        return str(self.args[0])


class FetchError(ParAnalysisError, OSError):
    """A raw file could not be fetched or failed its hash check.

    Examples
    --------
    >>> import par_analysis as pa
    >>> try:
    ...     pa.raw_path("pci/not_registered.csv")
    ... except pa.FetchError as err:
    ...     print(str(err).split(" (")[0])
    pci/not_registered.csv is not in the raw-data registry
    """


class DiskFullError(ParAnalysisError, OSError):
    """The disk filled up while the package was writing a file; nothing was left half written.

    Raised with ``errno.ENOSPC`` and a message naming the file, the space needed when known and
    the space free.

    Examples
    --------
    >>> import errno
    >>> import par_analysis as pa
    >>> err = pa.DiskFullError(errno.ENOSPC, "no space left on the device writing reports/x.html")
    >>> isinstance(err, (pa.ParAnalysisError, OSError)), err.errno == errno.ENOSPC
    (True, True)
    """


class IncompleteDataError(ParAnalysisError, ValueError):
    """A source holds fewer provinces, years or features than a complete edition has.

    The message names every incomplete year with the provinces missing; the expected shape of
    each source, with its documented absences, is declared in ``_data/expected_shapes.csv``
    (:func:`par_analysis.expected_shapes`). ``pa.allow_incomplete(source)`` accepts the gap
    explicitly.

    Examples
    --------
    >>> import par_analysis as pa
    >>> err = pa.IncompleteDataError("papi_participation (papi_mlmcdm) 2019: no rows at all")
    >>> isinstance(err, (pa.ParAnalysisError, ValueError))
    True
    """
