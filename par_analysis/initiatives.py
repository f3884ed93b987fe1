"""The register of provincial reform initiatives, and helpers linking it to the province-year panel.

The register is a curated table of facts we own (``_data/initiatives.csv``): one row per reform
initiative (a steering body, a resolution or plan, a pilot, a campaign, a digital channel, ...),
each with its source (a URL or a seed article ``seeds/<file>``) and the exact sentence that states
it (``quote``, in the language of the source; ``quote_language`` names it and
``quote_is_translation`` is ``yes`` for the Thai seed articles, which translate Vietnamese reports:
their Vietnamese original is ``source_url`` where the seed prints it). Dates are ISO strings; when
only the month or the year is known, the date is the first day of that period and
``date_precision`` says so.
``date_role`` says what the date is: ``issued`` (a document's date), ``start``, ``planned_start``,
or ``as_of`` (the initiative is reported as existing by then: an upper bound, not a start).

National initiatives carry the special unit code ``"VN"``; a row whose province the source does
not name has an empty ``province_code`` and a ``note`` saying what the source does say.
"""

from __future__ import annotations

import pandas as pd

from ._register import Register
from .province_table import province_mask
from .vocab import DATE_PRECISIONS, LAYOUTS

CSV_PATH = "par_analysis/_data/initiatives.csv"
REGISTER = Register(CSV_PATH, "Fix that row of the register; every row needs a source and a quote")

PAR_AREAS = (
    # the six areas of Resolution 76/NQ-CP (master programme 2011-2020) ...
    "institutions", "administrative_procedures", "organisational_apparatus", "civil_service",
    "public_finance", "e_government",
    # ... plus leadership and steering, which the provinces report separately
    "steering_direction",
)
KINDS = (
    "steering_body", "resolution_or_plan", "pilot_model", "campaign", "digital_channel",
    "replication_of_model", "procedure_simplification", "data_integration", "digitisation",
    "focal_point_selection", "annual_theme", "evaluation_mechanism", "sector_initiatives",
    "internal_control", "structural_reform", "conference",
)
DATE_ROLES = ("issued", "start", "planned_start", "as_of")
_LAYOUT_DATES = {"64": ("1986-01-01", "2008-07-31"), "63": ("2008-08-01", "2025-06-30"),
                 "34": ("2025-07-01", "2100-12-31")}

COLUMNS = [
    "id", "province_code", "layout", "province", "date", "date_precision", "date_role", "par_area",
    "kind", "title", "description", "source", "source_url", "quote", "quote_language",
    "quote_is_translation", "note",
]


def _schema():
    import pandera.pandas as pa

    def text(nullable=False, checks=None):
        return pa.Column("string", checks, nullable=nullable)

    return pa.DataFrameSchema(
        {
            "id": pa.Column("string", pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), unique=True),
            "province_code": text(nullable=True),
            "layout": text(checks=pa.Check.isin(LAYOUTS)),
            "province": text(nullable=True),
            "date": text(checks=pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
            "date_precision": text(checks=pa.Check.isin(DATE_PRECISIONS)),
            "date_role": text(checks=pa.Check.isin(DATE_ROLES)),
            "par_area": text(checks=pa.Check.isin(PAR_AREAS)),
            "kind": text(checks=pa.Check.isin(KINDS)),
            "title": text(checks=pa.Check.str_length(min_value=3)),
            "description": text(nullable=True),
            "source": text(checks=pa.Check.str_matches(r"^(https?://|seeds/)\S+$")),
            "source_url": text(nullable=True, checks=pa.Check.str_matches(r"^https?://\S+$")),
            "quote": text(checks=pa.Check.str_length(min_value=10)),
            "quote_language": text(checks=pa.Check.str_matches(r"^[a-z]{2}$")),
            "quote_is_translation": text(checks=pa.Check.isin(["yes", "no"])),
            "note": text(nullable=True),
            "year": pa.Column("int64", pa.Check.in_range(1986, 2100)),
            "codes_63": text(nullable=True),
        },
        strict=True,
        ordered=False,
    )


def _check_row(record: dict, line: int, register: Register = REGISTER) -> None:
    """Check what pandera cannot tie to a CSV line: dates, precision, layout of the date."""
    try:
        date = pd.Timestamp(record["date"])
    except ValueError:
        raise register.fail("date is not an ISO date (YYYY-MM-DD)", line, record["date"]) from None
    precision = record["date_precision"]
    if precision == "year" and (date.month, date.day) != (1, 1):
        raise register.fail("a date of precision 'year' must be the 1 January of that year", line,
                    record["date"])
    if precision == "month" and date.day != 1:
        raise register.fail("a date of precision 'month' must be the first day of the month", line,
                    record["date"])
    # the period the date stands for must overlap the layout's lifetime
    period_end = {"day": date, "month": date + pd.offsets.MonthEnd(0),
                  "year": date + pd.offsets.YearEnd(0)}[precision]
    start, end = _LAYOUT_DATES[record["layout"]]
    if period_end < pd.Timestamp(start) or date > pd.Timestamp(end):
        raise register.fail(f"layout {record['layout']} is valid from {start} to {end} only", line,
                    record["date"])


def load_initiatives(path=None) -> pd.DataFrame:
    """Return the register of reform initiatives, validated.

    Parameters
    ----------
    path : str or path-like, optional
        Another register CSV with the same columns (for tests and drafts); by default the packaged
        ``par_analysis/_data/initiatives.csv``.

    Returns
    -------
    pandas.DataFrame
        One row per initiative: ``id, province_code, layout, province, date, date_precision,
        date_role, par_area, kind, title, description, source, source_url, quote, note, year``.
        ``province_code`` is resolved from ``province`` with :func:`par_analysis.resolve` in the
        row's ``layout`` (``"VN"`` for national initiatives, NA when the source names no
        province); ``year`` is the year of ``date``.

    Raises
    ------
    RawDataError
        Naming the CSV line and value of the first bad row: unknown province, bad date, a value
        outside the allowed areas, kinds, precisions or layouts, a duplicate id, a missing quote.

    Examples
    --------
    >>> import par_analysis as pa
    >>> reg = pa.load_initiatives()
    >>> reg.set_index("id").loc["na-steering-committee", ["province_code", "date"]].tolist()
    ['40', '2023-03-06']
    """
    register = REGISTER.at(path)
    records = register.read()
    register.require(records, [c for c in COLUMNS if c != "province_code"],
                     ("id", "layout", "date", "date_precision", "date_role", "par_area", "kind",
                      "title", "source", "quote", "quote_language", "quote_is_translation"),
                     {"layout": LAYOUTS, "date_precision": DATE_PRECISIONS,
                      "date_role": DATE_ROLES, "par_area": PAR_AREAS, "kind": KINDS})
    register.unique(records)
    for line, record in enumerate(records, start=2):
        _check_row(record, line, register)
        record["province_code"] = register.province_code(record["province"], record["layout"],
                                                         line)
    df = pd.DataFrame(records, columns=COLUMNS).replace({"": pd.NA})
    df = df.astype("string")
    df["year"] = df["date"].str.slice(0, 4).astype("int64")
    df["codes_63"] = _codes_63(df).astype("string")
    df = register.validate(df, _schema())
    return df.reset_index(drop=True)


def _codes_63(df: pd.DataFrame) -> pd.Series:
    """Return the 63-layout codes of each row: itself, its 34-unit's members, Ha Tay's successor."""
    from .province_table import crosswalk

    members = crosswalk("63", "34").groupby("new_code")["old_code"].agg("|".join)
    successor = crosswalk("64", "63").set_index("old_code")["new_code"]
    out = []
    for code, layout in zip(df["province_code"], df["layout"], strict=True):
        if pd.isna(code) or code == "VN":
            out.append(pd.NA)
        elif layout == "34":
            out.append(members.get(code, pd.NA))
        elif layout == "64":
            out.append(successor.get(code, pd.NA))
        else:
            out.append(code)
    return pd.Series(out, index=df.index, dtype="object")


def find_initiatives(province, register: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the initiatives concerning a province, whatever layout they were recorded in.

    A 2025 initiative of the merged An Giang (layout 34, code ``91``) concerns the 63-province
    Kiên Giang (``91``) and An Giang (``89``), so searching for either finds it.

    Parameters
    ----------
    province : str
        A GSO code of layout 63 or a province name (any spelling :func:`par_analysis.resolve`
        reads, in layout 63 or 34).
    register : pandas.DataFrame, optional
        Output of :func:`load_initiatives`.

    Examples
    --------
    >>> from par_analysis.initiatives import find_initiatives
    >>> sorted(find_initiatives("Kiên Giang")["id"])[:2]
    ['ag-data-linking', 'ag-online-services-portal']
    >>> find_initiatives("89")["layout"].unique().tolist()
    ['34']
    """
    from .errors import UnknownProvinceError
    from .province_table import provinces, resolve

    reg = load_initiatives() if register is None else register
    text = str(province)
    if text in set(provinces("63")["code"]):
        codes = {text}
    else:
        try:
            codes = {resolve(text, "63")}
        except UnknownProvinceError:  # a 34-unit name: every member province
            unit = resolve(text, "34")
            codes = set(_codes_63(pd.DataFrame({"province_code": [unit], "layout": ["34"]}))
                        .iloc[0].split("|"))
    hit = reg["codes_63"].fillna("").map(lambda c: bool(codes & set(c.split("|"))))
    return reg[hit].reset_index(drop=True)


def _provincial(register: pd.DataFrame, kind, date_roles, layout=None) -> pd.DataFrame:
    reg = register if register is not None else load_initiatives()
    if layout is not None:
        reg = reg[reg["layout"] == str(layout)]
    reg = reg[reg["province_code"].notna()]
    reg = reg[province_mask(reg["province_code"])]
    if kind is not None:
        kinds = [kind] if isinstance(kind, str) else list(kind)
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown kind(s) {unknown}; the register has {KINDS}")
        reg = reg[reg["kind"].isin(kinds)]
    if date_roles is not None:
        reg = reg[reg["date_role"].isin(list(date_roles))]
    return reg


def initiative_counts(register=None, by=("province_code", "year", "par_area")) -> pd.DataFrame:
    """Count initiatives by province, year and area (or any register columns).

    National rows (``"VN"``) and rows without a province are left out: the result joins to the
    province-year panel. ``layout`` is always among the keys, because a code means different land
    in different layouts (``"91"`` is Kien Giang in layout 63 and the merged An Giang in layout 34).
    Combinations with no initiative are absent (not zero); reindex on the
    panel and fill with 0 there if a count of zero is what the analysis means.

    Parameters
    ----------
    register : pandas.DataFrame, optional
        Output of :func:`load_initiatives` (loaded when omitted), possibly filtered.
    by : sequence of str
        Columns to group by.

    Returns
    -------
    pandas.DataFrame
        ``layout``, the ``by`` columns and ``n_initiatives`` (int64).

    Examples
    --------
    >>> import par_analysis as pa
    >>> counts = pa.initiatives.initiative_counts(by=("province_code", "year"))
    >>> int(counts.query("province_code == '40' and year == 2024")["n_initiatives"].item())
    4
    """
    reg = _provincial(register, None, None)
    by = ["layout"] * ("layout" not in by) + list(by)
    return (reg.groupby(by, dropna=False).size().rename("n_initiatives").astype("int64")
            .reset_index())


def event_dates(register=None, kind=None, *, layout="63",
                date_roles=("issued", "start", "planned_start"), first_only=True) -> pd.DataFrame:
    """Return an events frame (``province_code, year``) for event studies.

    Parameters
    ----------
    register : pandas.DataFrame, optional
        Output of :func:`load_initiatives` (loaded when omitted).
    kind : str or list of str, optional
        Keep these kinds only (``"steering_body"``, ``"resolution_or_plan"``, ...).
    layout : {"63", "34", "64"} or None
        Keep initiatives recorded in this layout (the province-year panels of PCI, PAPI and PAR
        INDEX are in layout ``"63"``); None keeps all, and the ``layout`` column tells them apart.
    date_roles : sequence of str
        Dates that mark when something began. ``as_of`` dates (reported as existing by then) are
        left out by default: they bound the start from above and would misplace the event.
    first_only : bool
        One event per province: the earliest year.

    Returns
    -------
    pandas.DataFrame
        ``province_code, layout, year, id`` (the initiative that defines the event), sorted.

    Examples
    --------
    >>> import par_analysis as pa
    >>> ev = pa.initiatives.event_dates(kind="steering_body")
    >>> ev[["province_code", "year"]].values.tolist()
    [['40', 2023]]
    """
    reg = _provincial(register, kind, date_roles, layout).sort_values(
        ["layout", "province_code", "date", "id"])
    if first_only:
        reg = reg.drop_duplicates(["layout", "province_code"])
    out = reg[["province_code", "layout", "year", "id"]].sort_values(
        ["layout", "province_code", "year", "id"])
    return out.reset_index(drop=True)


def years_since_first(register=None, kind=None, years=range(2011, 2026), *, layout="63",
                      date_roles=("issued", "start", "planned_start")) -> pd.DataFrame:
    """Return a province-year frame of years since a province's first initiative.

    Parameters
    ----------
    register : pandas.DataFrame, optional
        Output of :func:`load_initiatives` (loaded when omitted).
    kind : str or list of str, optional
        Count only these kinds.
    years : iterable of int
        Years of the frame.
    layout, date_roles
        As in :func:`event_dates`.

    Returns
    -------
    pandas.DataFrame
        One row per province with an event and year: ``province_code, layout, year, first_year,
        years_since`` (negative before the event, 0 in its year) and ``treated``
        (``years_since >= 0``). Provinces without an event are absent: the register is
        not a census, so their absence is "not recorded", not "never".

    Examples
    --------
    >>> import par_analysis as pa
    >>> ys = pa.initiatives.years_since_first(kind="steering_body", years=range(2021, 2025))
    >>> ys["years_since"].tolist()
    [-2, -1, 0, 1]
    """
    events = event_dates(register, kind, layout=layout, date_roles=date_roles, first_only=True)
    years = list(years)
    grid = events[["province_code", "layout", "year"]].rename(columns={"year": "first_year"})
    frame = grid.merge(pd.DataFrame({"year": pd.Series(years, dtype="int64")}), how="cross")
    frame["years_since"] = (frame["year"] - frame["first_year"]).astype("int64")
    frame["treated"] = frame["years_since"] >= 0
    columns = ["province_code", "layout", "year", "first_year", "years_since", "treated"]
    return frame[columns].sort_values(["layout", "province_code", "year"]).reset_index(drop=True)
