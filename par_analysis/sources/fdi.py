"""Foreign direct investment by province: FIA year-end quick reports 2015-2023 and H1 2024.

Each workbook (``fdi/fia_quick_reports/FDI.<year>.xls[x]``) is a Foreign Investment Agency (Cục Đầu
tư nước ngoài, MPI) quick report. Two tables are read:

* sheet 2 (Phụ lục II), the block whose first cell contains "THEO ĐỊA PHƯƠNG": registrations in
  the window (flows) by province; rows are sorted by capital, not by name, and list only provinces
  with a registration in the window;
* sheet 3 (Phụ lục III), the same block: the accumulated stock of projects still valid.

The columns change between years, so a per-year manifest (:data:`_FLOW_COLUMNS`) says which column
holds which indicator, and the header text of every column is checked against it. Each table's
printed total row (``Tổng``) is kept as ``province_code="VN"`` so that sums can be checked.

Traps handled here (see ``fdi/SOURCE.md``):

* the 2015 total is new + increased capital only; share purchases enter the total from 2016: every
  2015 ``fdi_registered_total_musd`` row says so in the ``note`` column, and the consistent series
  ``fdi_new_adjusted_capital_musd`` (new + increased/adjusted) is given for every year;
* the 2024 file covers 1 January - 20 June: ``period="H1"``; the window dates are the extra columns
  ``window_start`` and ``window_end`` (stock tables: the stock date in ``window_end``);
* "Dầu khí" (offshore oil and gas) is kept as ``province_code="OG"``;
* a province absent from a flow table has no row (missing); :func:`fill_zero_flows` adds explicit
  zeros when a researcher wants them. Blank cells inside a printed row are zeros;
* 2015-2019 print capital both in USD and in million USD: the USD columns are converted
  (:func:`usd_to_musd`) and checked against the million-USD columns row by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import RawDataError
from ..schema import Indicator, tidy_frame, tidy_record, validate_tidy
from ._common import (
    cell_text,
    check_header,
    check_unique,
    excel_row,
    find_row,
    header_text,
    parse_number,
    read_gso_csv,
    read_sheet,
    resolve_names,
)
from .catalog import load_cached

SOURCE = "fia_quick_report"
_DIR = "fdi/fia_quick_reports/"

# year -> (file name, period)
FILES = {
    2015: ("FDI.2015.xls", "FY"), 2016: ("FDI.2016.xls", "FY"), 2017: ("FDI.2017.xls", "FY"),
    2018: ("FDI.2018.xls", "FY"), 2019: ("FDI.2019.xls", "FY"), 2020: ("FDI.2020.xlsx", "FY"),
    2021: ("FDI.2021.xlsx", "FY"), 2022: ("FDI.2022.xlsx", "FY"), 2023: ("FDI.2023.xlsx", "FY"),
    2024: ("FDI.2024(first-6-months).xlsx", "H1"),
}
_PERIOD_END_MONTH = {"FY": 12, "H1": 6}

INDICATORS = {
    "fdi_new_projects": Indicator("count", 0, label="New FDI projects licensed"),
    "fdi_new_capital_musd": Indicator("musd", 0, label="Registered capital of new projects"),
    "fdi_adjusted_projects": Indicator(
        "count", 0, label="Capital adjustments of existing projects",
        description="'tăng vốn' (capital increases) to 2018, 'điều chỉnh' (adjustments) from 2019"),
    "fdi_adjusted_capital_musd": Indicator(
        "musd", label="Added (adjusted) registered capital; negative = capital reduction"),
    "fdi_share_purchases": Indicator("count", 0, label="Capital contributions / share purchases"),
    "fdi_share_purchase_musd": Indicator("musd", label="Value of share purchases (from 2016)"),
    "fdi_registered_total_musd": Indicator(
        "musd", label="Total registered FDI capital",
        description="2015: new + increased capital (share purchases not included); from 2016: "
        "new + adjusted + share purchases"),
    "fdi_new_adjusted_capital_musd": Indicator(
        "musd", label="New + adjusted registered capital (consistent 2015-2024)",
        description="fdi_new_capital_musd + fdi_adjusted_capital_musd, same definition every year"),
    "fdi_stock_projects": Indicator("count", 0, label="Valid FDI projects (accumulated stock)"),
    "fdi_stock_capital_musd": Indicator(
        "musd", 0, label="Registered capital of valid FDI projects (accumulated stock)"),
}
FLOW_INDICATORS = [k for k in INDICATORS if not k.startswith("fdi_stock")]

# Header text each indicator's column must match (case-insensitive), checking the manifest.
_HEADER = {
    "fdi_new_projects": r"số dự án cấp mới",
    "fdi_new_capital_musd": r"vốn đăng ký cấp mới \(triệu usd\)",
    "fdi_adjusted_projects": r"số lượt dự án (tăng vốn|điều chỉnh)",
    "fdi_adjusted_capital_musd": r"vốn đăng ký (tăng thêm|điều chỉnh) \(triệu usd\)",
    "fdi_share_purchases": r"số lượt góp vốn",
    "fdi_share_purchase_musd": r"(vốn góp|góp vốn, mua cổ phần) \(triệu usd\)",
    "fdi_registered_total_musd": r"^tổng vốn|cấp mới và tăng thêm \(triệu usd\)",
}
_USD_HEADER = r"\(usd\)|^giá trị góp vốn, mua cổ phần$"

_COLS_2015 = {"fdi_new_projects": 2, "fdi_new_capital_musd": 4, "fdi_adjusted_projects": 5,
              "fdi_adjusted_capital_musd": 7, "fdi_registered_total_musd": 8}
_COLS_2016 = {**_COLS_2015, "fdi_share_purchases": 8, "fdi_share_purchase_musd": 9,
              "fdi_registered_total_musd": 10}
_COLS_2017 = {**_COLS_2015, "fdi_share_purchases": 8, "fdi_share_purchase_musd": 10,
              "fdi_registered_total_musd": 11}
_COLS_2020 = {"fdi_new_projects": 2, "fdi_new_capital_musd": 3, "fdi_adjusted_projects": 4,
              "fdi_adjusted_capital_musd": 5, "fdi_share_purchases": 6,
              "fdi_share_purchase_musd": 7, "fdi_registered_total_musd": 8}
# year -> {indicator: column of the province-flow table}; columns counted from 0 (A = 0)
_FLOW_COLUMNS = {2015: _COLS_2015, 2016: _COLS_2016, 2017: _COLS_2017, 2018: _COLS_2017,
                 2019: _COLS_2017, **{y: _COLS_2020 for y in range(2020, 2025)}}
# year -> {million-USD indicator: column printing the same value in USD}
_USD_COLUMNS = {
    2015: {"fdi_new_capital_musd": 3, "fdi_adjusted_capital_musd": 6},
    2016: {"fdi_new_capital_musd": 3, "fdi_adjusted_capital_musd": 6},
    **{y: {"fdi_new_capital_musd": 3, "fdi_adjusted_capital_musd": 6,
           "fdi_share_purchase_musd": 9} for y in (2017, 2018, 2019)},
}
_USD_TOLERANCE_MUSD = 0.01
NOTE_2015_TOTAL = ("2015 definition: new + increased capital only; share purchases are not "
                   "included (they are from 2016 on), so 2015 is not comparable with later years")


def usd_to_musd(value: float) -> float:
    """Convert US dollars to million US dollars.

    Parameters
    ----------
    value : float
        An amount in US dollars.

    Examples
    --------
    >>> usd_to_musd(1_603_290_000.0)
    1603.29
    """
    return value / 1e6


def _dates(text: str, relpath: str, sheet: str, row: int) -> list[str]:
    found = re.findall(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not found:
        raise RawDataError("no date in the line under the table title", file=relpath,
                           sheet=sheet, row=row, value=text)
    return [f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in found]


def _block(cells: pd.DataFrame, relpath: str, sheet: str, header_word: str):
    """Return (title row, header rows, first data row, total row) of the province block."""
    title = find_row(cells, "THEO ĐỊA PHƯƠNG", column=0, relpath=relpath, sheet=sheet)
    header = find_row(cells, rf"^{header_word}$", column=0, start=title, relpath=relpath,
                      sheet=sheet)
    first = header + 1
    # a two-row header (2016): the row below has an empty first cell and text, no numbers
    if cell_text(cells.iat[first, 0]) == "" and cell_text(cells.iat[first, 2]):
        first += 1
    total = find_row(cells, r"^Tổng", column=0, start=first, relpath=relpath, sheet=sheet)
    return title, list(range(header, first)), first, total


def _check_header(block: FlowBlock, col: int, pattern: str, indicator: str) -> None:
    check_header(header_text(block.cells, block.header_rows, col), pattern, what=indicator,
                 relpath=block.relpath, sheet=block.sheet, row=excel_row(block.header_rows[-1]),
                 col=col, hint="The FIA layout changed: update _FLOW_COLUMNS in "
                               "par_analysis/sources/fdi.py")


def _names_and_codes(cells, first, total, relpath, sheet):
    rows = list(range(first, total))
    names = [cell_text(cells.iat[i, 1]) for i in rows]
    keep = [(i, n) for i, n in zip(rows, names, strict=True) if n]
    blank = [i for i, n in zip(rows, names, strict=True) if not n and
             any(cell_text(v) for v in cells.iloc[i, 2:5])]
    if blank:
        raise RawDataError("row with numbers but no province name", file=relpath, sheet=sheet,
                           row=excel_row(blank[0]), value=list(cells.iloc[blank[0], :4]))
    codes = resolve_names([n for _, n in keep], "63", relpath=relpath, sheet=sheet,
                          rows=[excel_row(i) for i, _ in keep], special=True)
    bad = [(i, n, c) for (i, n), c in zip(keep, codes, strict=True) if c not in _ALLOWED_SPECIAL
           and not c.isdigit()]
    if bad:
        i, n, c = bad[0]
        raise RawDataError(f"province table holds a non-province row ({c})", file=relpath,
                           sheet=sheet, row=excel_row(i), value=n)
    return [i for i, _ in keep], codes


_ALLOWED_SPECIAL = {"OG"}


@dataclass(frozen=True)
class FlowBlock:
    """The province block of one FIA sheet: where it is and the dates printed above it.

    ``dates`` holds the start and end of a flow window, or the one stock date; ``first`` and
    ``total`` are frame indices of the first province row and of the total row.
    """

    relpath: str
    sheet: str
    period: str
    cells: pd.DataFrame
    header_rows: list[int]
    first: int
    total: int
    dates: list[str]


def _open_table(year: int, position: int, header_word: str) -> FlowBlock:
    """Read the province block of sheet ``position`` of a year's file and check its window."""
    fname, period = FILES[year]
    relpath = _DIR + fname
    cells = read_sheet(relpath, position)
    sheet = _sheet_name(relpath, position)
    title, header_rows, first, total = _block(cells, relpath, sheet, header_word)
    dates = _dates(cell_text(cells.iat[title + 1, 0]), relpath, sheet, excel_row(title + 1))
    _check_window(dates[-1], period, relpath, sheet, excel_row(title + 1))
    return FlowBlock(relpath, sheet, period, cells, header_rows, first, total, dates)


def _flows(year: int) -> list[dict]:
    block = _open_table(year, 1, "TT")
    relpath, period, cells, sheet = block.relpath, block.period, block.cells, block.sheet
    first, total, (start, end) = block.first, block.total, block.dates
    columns = _FLOW_COLUMNS[year]
    for ind, col in columns.items():
        _check_header(block, col, _HEADER[ind], ind)
    usd_columns = _USD_COLUMNS.get(year, {})
    for ind, col in usd_columns.items():
        _check_header(block, col, _USD_HEADER, f"{ind} in USD")
    rows, codes = _names_and_codes(cells, first, total, relpath, sheet)
    records = []
    for i, code in [*zip(rows, codes, strict=True), (total, "VN")]:
        values = {}
        for ind, col in columns.items():
            v = parse_number(cells.iat[i, col], relpath=relpath, sheet=sheet, row=excel_row(i))
            values[ind] = 0.0 if pd.isna(v) else v  # blank cell inside a printed row = 0
        for ind, col in usd_columns.items():
            usd = parse_number(cells.iat[i, col], relpath=relpath, sheet=sheet, row=excel_row(i))
            musd = usd_to_musd(0.0 if pd.isna(usd) else usd)
            if code != "VN" and abs(musd - values[ind]) > _USD_TOLERANCE_MUSD:
                raise RawDataError(
                    f"{ind}: USD column {col} / 1e6 = {musd:.3f} disagrees with the million-USD "
                    f"column {columns[ind]} = {values[ind]:.3f}", file=relpath, sheet=sheet,
                    row=excel_row(i), value=cells.iat[i, col])
        values["fdi_new_adjusted_capital_musd"] = (values["fdi_new_capital_musd"]
                                                   + values["fdi_adjusted_capital_musd"])
        for ind, value in values.items():
            note = NOTE_2015_TOTAL if (year == 2015 and ind == "fdi_registered_total_musd") \
                else pd.NA
            records.append(tidy_record(
                INDICATORS, ind, value, province_code=code, layout="63", year=year,
                period=period, source=SOURCE, raw_file=relpath, sheet=sheet, row=excel_row(i),
                window_start=start, window_end=end, note=note))
    return records


def _stocks(year: int) -> list[dict]:
    block = _open_table(year, 2, "STT")
    relpath, period, cells, sheet = block.relpath, block.period, block.cells, block.sheet
    first, total, (end,) = block.first, block.total, block.dates
    spec = {"fdi_stock_projects": (2, r"^số dự án$"),
            "fdi_stock_capital_musd": (3, r"vốn đầu tư đăng ký \(triệu usd\)")}
    for ind, (col, pattern) in spec.items():
        _check_header(block, col, pattern, ind)
    rows, codes = _names_and_codes(cells, first, total, relpath, sheet)
    records = []
    for i, code in [*zip(rows, codes, strict=True), (total, "VN")]:
        for ind, (col, _) in spec.items():
            value = parse_number(cells.iat[i, col], relpath=relpath, sheet=sheet,
                                 row=excel_row(i))
            if pd.isna(value):
                raise RawDataError(f"empty {ind} in the stock table", file=relpath,
                                   sheet=sheet, row=excel_row(i), value=cells.iat[i, col])
            records.append(tidy_record(
                INDICATORS, ind, value, province_code=code, layout="63", year=year,
                period=period, source=SOURCE, raw_file=relpath, sheet=sheet, row=excel_row(i),
                window_start=pd.NA, window_end=end, note=pd.NA))
    return records


def _sheet_name(relpath: str, position: int) -> str:
    from ._common import sheet_names

    return sheet_names(relpath)[position]


def _check_window(end: str, period: str, relpath: str, sheet: str, row: int) -> None:
    if int(end[5:7]) != _PERIOD_END_MONTH[period]:
        raise RawDataError(f"window ends {end}, which does not fit period {period}",
                           file=relpath, sheet=sheet, row=row, value=end,
                           hint="Update FILES in par_analysis/sources/fdi.py")


def _build() -> pd.DataFrame:
    records = []
    for year in FILES:
        records += _flows(year)
        records += _stocks(year)
    df = tidy_frame(records)
    for col in ("window_start", "window_end", "note"):
        df[col] = df[col].astype("string")
    for (path, sheet), group in df.groupby(["raw_file", "sheet"]):
        check_unique(group, ["province_code", "indicator"], relpath=path, sheet=sheet)
    return validate_tidy(df, INDICATORS)


def load_fdi(refresh: bool = False) -> pd.DataFrame:
    """Load FDI registrations (flows) and the accumulated stock by province, 2015 - H1 2024.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache from the raw workbooks.

    Returns
    -------
    pandas.DataFrame
        Tidy table (``source="fia_quick_report"``, layout ``"63"``) with the indicators of
        :data:`INDICATORS` and the extra columns ``window_start``, ``window_end`` (ISO dates of the
        reporting window; the stock date for stock indicators) and ``note`` (set on the 2015
        totals, which exclude share purchases). ``province_code`` is a GSO code, ``"OG"`` for
        offshore oil and gas, or ``"VN"`` for the printed total row. Years 2015-2023 are
        ``period="FY"`` (window to 20 December, 26 December in 2016, 31 December in 2015); 2024 is
        ``period="H1"`` (to 20 June). Provinces absent from a flow table have no rows: see
        :func:`fill_zero_flows`.

    Examples
    --------
    >>> import par_analysis as pa
    >>> fdi = pa.load_fdi()
    >>> fdi.query("indicator == 'fdi_registered_total_musd' and year == 2023 "
    ...           "and province_code == '40'")["value"].round(1).item()
    1603.3
    """
    raw = [_DIR + f for f, _ in FILES.values()]
    return load_cached("fdi", raw, _build, refresh=refresh)


def fill_zero_flows(df: pd.DataFrame, layout: str = "63") -> pd.DataFrame:
    """Add explicit zero rows for provinces absent from each flow table.

    The FIA flow tables list only provinces with a registration in the window; an absent province
    is missing in :func:`load_fdi`. Where a researcher wants to read absence as "no registration",
    this helper adds, for every (year, period, indicator) flow table present in ``df``, a row with
    ``value=0`` for each province of ``layout`` that has none. Added rows have ``row`` NA, the
    table's ``raw_file``, ``sheet`` and window, and ``note="filled zero: absent from the flow
    table"``. Stock indicators, ``VN`` and ``OG`` rows are left as they are.

    Parameters
    ----------
    df : pandas.DataFrame
        Output of :func:`load_fdi` (or a subset of it).
    layout : str
        Layout whose provinces are filled.

    Returns
    -------
    pandas.DataFrame
        ``df`` plus the filled rows.

    Examples
    --------
    >>> import par_analysis as pa
    >>> full = pa.fill_zero_flows(pa.load_fdi())
    >>> sel = full.query("year == 2023 and indicator == 'fdi_new_projects'")
    >>> sel["province_code"].nunique()  # the 63 provinces and the VN total row
    64
    >>> sel[sel["row"].isna()]["province_code"].tolist()  # the filled zeros
    ['02', '04', '11', '12', '14', '62', '67']
    """
    from ..province_table import provinces

    codes = list(provinces(layout)["code"])
    flows = df[df["indicator"].isin(FLOW_INDICATORS)]
    keys = ["year", "period", "source", "indicator"]
    added = []
    for _, group in flows.groupby(keys, sort=False):
        template = group.iloc[0]
        for code in sorted(set(codes) - set(group["province_code"])):
            rec = template.to_dict()
            rec.update(province_code=code, layout=layout, value=0.0, row=pd.NA,
                       note="filled zero: absent from the flow table")
            added.append(rec)
    if not added:
        return df.copy()
    extra = pd.DataFrame(added).astype(df.dtypes.to_dict())
    return pd.concat([df, extra], ignore_index=True)


_GSO_DIR = "fdi/gso_yearbook_2016/"
GSO_FILES = {
    "flow": _GSO_DIR + "Foreign direct investment projects licensed in 2016 by province.csv",
    "stock": _GSO_DIR + "Foreign direct investment projects licensed by province (Accumulation "
    "of projects having effect as of 31-12-2016).csv",
}


def load_fdi_gso2016() -> pd.DataFrame:
    """Load the GSO web tables for 2016 (licensed in 2016; accumulated stock at 31/12/2016).

    Indicators: ``fdi_new_projects`` and ``fdi_gso_registered_musd`` (flows; GSO's "Total
    registered capital", whose definition differs from FIA's totals), ``fdi_stock_projects`` and
    ``fdi_stock_capital_musd``; ``source="gso_web"``. Regional subtotals and the whole-country row
    are kept with their special codes; ``..`` is missing (no row).

    Examples
    --------
    >>> import par_analysis as pa
    >>> gso = pa.load_fdi_gso2016()
    >>> sorted(gso["indicator"].unique())
    ['fdi_gso_registered_musd', 'fdi_new_projects', 'fdi_stock_capital_musd', 'fdi_stock_projects']
    >>> gso.query("province_code == '40' and indicator == 'fdi_stock_capital_musd'")["value"].item()
    1670.0
    """
    spec = {
        "flow": {"Number of projects": "fdi_new_projects",
                 "Total registered capital (Mill. USD)(*)": "fdi_gso_registered_musd"},
        "stock": {"Number of projects": "fdi_stock_projects",
                  "Total registered capital (Mill. USD)(*)": "fdi_stock_capital_musd"},
    }
    records = []
    for kind, relpath in GSO_FILES.items():
        table = read_gso_csv(relpath)
        codes = resolve_names(table["name"], "63", relpath=relpath, rows=table["line"],
                              special=True)
        for (_, rec), code in zip(table.iterrows(), codes, strict=True):
            for column, ind in spec[kind].items():
                if column not in rec:
                    raise RawDataError("missing column", file=relpath, value=column)
                value = parse_number(rec[column], relpath=relpath, row=int(rec["line"]))
                if pd.isna(value):
                    continue
                records.append({
                    "province_code": code, "layout": "63", "year": 2016, "period": "FY",
                    "source": "gso_web", "indicator": ind, "value": value,
                    "unit": "count" if ind.endswith("projects") else "musd",
                    "raw_file": relpath, "row": int(rec["line"]),
                })
    indicators = {**INDICATORS, "fdi_gso_registered_musd": Indicator("musd")}
    return validate_tidy(tidy_frame(records), indicators)


def fdi_gso_comparison(fdi: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare FIA 2016 figures with the GSO 2016 web tables, province by province.

    Rows: every unit in either source (provinces, ``OG`` and ``VN``), for four pairs:
    stock projects and stock capital (FIA at 20/12/2016, GSO at 31/12/2016), new projects, and
    registered capital (GSO "Total registered capital" against FIA's new + increased capital and
    FIA's total with share purchases; the definitions differ, see ``fdi/SOURCE.md``).

    Parameters
    ----------
    fdi : pandas.DataFrame, optional
        Output of :func:`load_fdi`; loaded when omitted.

    Returns
    -------
    pandas.DataFrame
        ``province_code, name, measure, fia, gso, diff (gso - fia), rel_diff (diff / fia, NaN when
        fia is 0)``; a value absent from one source is NaN.

    Examples
    --------
    >>> import par_analysis as pa
    >>> cmp = pa.fdi_gso_comparison()
    >>> stock = cmp.query("measure == 'stock_capital_musd'")
    >>> bool(stock["rel_diff"].abs().median() < 0.02)
    True
    """
    from ..province_table import name_of

    fia = load_fdi() if fdi is None else fdi
    fia = fia[(fia["year"] == 2016) & (fia["source"] == SOURCE)]
    gso = load_fdi_gso2016()
    pairs = {
        "stock_projects": ("fdi_stock_projects", "fdi_stock_projects"),
        "stock_capital_musd": ("fdi_stock_capital_musd", "fdi_stock_capital_musd"),
        "new_projects": ("fdi_new_projects", "fdi_new_projects"),
        "registered_vs_new_adjusted_musd": ("fdi_new_adjusted_capital_musd",
                                            "fdi_gso_registered_musd"),
        "registered_vs_total_musd": ("fdi_registered_total_musd", "fdi_gso_registered_musd"),
    }
    parts = []
    for measure, (fia_ind, gso_ind) in pairs.items():
        a = fia[fia["indicator"] == fia_ind].set_index("province_code")["value"].rename("fia")
        b = gso[gso["indicator"] == gso_ind].set_index("province_code")["value"].rename("gso")
        both = pd.concat([a, b], axis=1)
        both = both[~both.index.str.startswith("R-")]
        both.index.name = "province_code"
        both = both.reset_index()
        both.insert(1, "measure", measure)
        parts.append(both)
    out = pd.concat(parts, ignore_index=True)
    out.insert(1, "name", name_of(list(out["province_code"]), lang="ascii"))
    out["diff"] = out["gso"] - out["fia"]
    out["rel_diff"] = out["diff"] / out["fia"].where(out["fia"] != 0)
    return out.sort_values(["measure", "province_code"]).reset_index(drop=True)
