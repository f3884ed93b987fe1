"""PCI, the Provincial Competitiveness Index (VCCI), from three sources into one tidy table.

* ``vcci_workbook``: the VCCI data workbooks of every edition 2005-2019, parsed through a
  per-edition :data:`MANIFEST` because the layout changes every year.
* ``pci_web``: the tables printed on the publisher's province pages (23 provinces, 2006-2024);
  the only source of sub-indices for 2020-2022 and of the 2023-2024 composites here, and a
  cross-check of the workbooks for 2006-2019 (:func:`pci_web_comparison`).
* ``grdp_secondary``: the composite PCI 2016-2022 for all 63 provinces from a student panel
  (``grdp_secondary/Dataset.dta``); it equals the web pages wherever both print a value.

Sub-indices are on a 0-10 scale (``index_0_10``), composites on 0-100. The editions with Ha Tay
(2005-2008) are loaded in layout ``"64"``, the others in ``"63"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..errors import RawDataError
from ..province_table import fold_diacritics, layout_of_year
from ..schema import Indicator, tidy_frame, validate_tidy
from ._common import (
    GRDP_SECONDARY,
    cell_text,
    check_header,
    check_unique,
    excel_row,
    header_text,
    parse_number,
    read_csv,
    read_grdp_secondary,
    read_sheet,
    resolve_names,
)
from .catalog import load_cached

_SUB = "index_0_10"
INDICATORS = {
    "pci": Indicator(unit="index_0_100", lo=0, hi=100, label="PCI composite (weighted)"),
    "pci_unweighted": Indicator(unit="index_0_100", lo=0, hi=100, label="PCI, unweighted"),
    "pci_rank": Indicator(unit="rank", lo=1, hi=64, label="PCI rank"),
    "pci_rank_change": Indicator(unit="rank_change", lo=-63, hi=63,
                                 label="PCI rank change on the previous edition (as printed)"),
    "pci_entry_costs": Indicator(unit=_SUB, lo=0, hi=10, label="Entry costs"),
    "pci_land_access": Indicator(unit=_SUB, lo=0, hi=10, label="Land access and security"),
    "pci_transparency": Indicator(unit=_SUB, lo=0, hi=10, label="Transparency"),
    "pci_time_costs": Indicator(unit=_SUB, lo=0, hi=10, label="Time costs of regulation"),
    "pci_informal_charges": Indicator(unit=_SUB, lo=0, hi=10, label="Informal charges"),
    "pci_policy_bias": Indicator(unit=_SUB, lo=0, hi=10, label="Policy bias (from 2013)"),
    "pci_soe_bias": Indicator(unit=_SUB, lo=0, hi=10, label="SOE bias (2005-2008)"),
    "pci_implementation": Indicator(unit=_SUB, lo=0, hi=10,
                                    label="Implementation of central policy (2005)"),
    "pci_proactivity": Indicator(unit=_SUB, lo=0, hi=10, label="Proactivity of leadership"),
    "pci_business_support": Indicator(
        unit=_SUB, lo=0, hi=10, label="Business support services",
        description="2005-2008: private sector development policy/services, its predecessor"),
    "pci_labour_training": Indicator(unit=_SUB, lo=0, hi=10, label="Labour training"),
    "pci_legal_institutions": Indicator(unit=_SUB, lo=0, hi=10,
                                        label="Legal institutions / law and order"),
}

PUBLISHED_TOP_N = {2023: 30, 2024: 30}
"""Editions for which VCCI publishes composite scores and ranks only for its top N provinces.

From PCI 2023 on, the publisher prints the composite and rank of the top 30 provinces only; the
others are *missing by design*, not missing data (note printed on pcivietnam.vn province pages).
Coverage tables use this to tell the two apart.
"""

# What each indicator's column header says (header text of the value column, all header rows
# joined, folded by _fold); checked for every edition so a shifted manifest column fails loudly.
_HEADER_PATTERNS = {
    "pci": (r"pci|weighted|co trong so", r"chua|unweighted"),
    "pci_unweighted": (r"chua co trong so|unweighted", None),
    "pci_rank": (r"xep hang|thu hang|thu tu|rank", None),
    "pci_entry_costs": (r"gia nhap|entry", None),
    "pci_land_access": (r"dat dai|land", None),
    "pci_transparency": (r"minh bach|transparen", None),
    "pci_time_costs": (r"thoi gian|time cost", None),
    "pci_informal_charges": (r"khong chinh thuc|informal", None),
    "pci_policy_bias": (r"binh dang|policy bias", None),
    "pci_soe_bias": (r"dnnn|soe|doanh nghiep nha nuoc", None),
    "pci_implementation": (r"trung uong", None),
    "pci_proactivity": (r"nang dong|proactiv", None),
    "pci_business_support": (r"ho tro|business support|ptk|khu vuc kinh te tu nhan|kttn", None),
    "pci_labour_training": (r"lao dong|labo", None),
    "pci_legal_institutions": (r"phap ly|law|legal", None),
}

# Cells below a province table that are not provinces: statistics and repeated headers.
_TRAILER_LABEL = re.compile(r"min|max|median|trung vị|thứ tự|xếp hạng|tỉnh|province", re.I)


@dataclass(frozen=True)
class Table:
    """Where one edition's scores sit in its workbook.

    Attributes
    ----------
    file, sheet : str
        Mirror-relative workbook path and sheet name.
    first_row : int
        Spreadsheet row (1-based) of the first province; the rows above are the header.
    kind : {"rows", "rank_pairs"}
        ``"rows"``: one row per province. ``"rank_pairs"``: each indicator is a pair of columns
        (province, score) sorted by that score on its own, so a row is a rank, not a province.
    columns : dict
        indicator -> ``(name column, value column)``, 0-based.
    n_provinces : int
        Provinces the edition covers (checked).
    layout : str
        ``"64"`` for the editions with Ha Tay, else ``"63"``.
    unlabelled : tuple of int
        Value columns without a header (exempt from the header check).
    """

    file: str
    sheet: str
    first_row: int
    kind: str
    columns: dict
    n_provinces: int = 63
    layout: str = "63"
    unlabelled: tuple = ()


_ENTRY_TO_INFORMAL = ("pci_entry_costs", "pci_land_access", "pci_transparency", "pci_time_costs",
                      "pci_informal_charges")
_LATE_FIVE = ("pci_proactivity", "pci_business_support", "pci_labour_training",
              "pci_legal_institutions")


def _rows(name_col: int, start_col: int, *indicators: str) -> dict:
    """Map indicators to consecutive value columns of a one-row-per-province table."""
    return {ind: (name_col, start_col + i) for i, ind in enumerate(indicators)}


def _pairs(first_name_col: int, *indicators: str) -> dict:
    """Map indicators to consecutive (province, score) column pairs of a rank-sorted table."""
    return {ind: (first_name_col + 2 * i, first_name_col + 2 * i + 1)
            for i, ind in enumerate(indicators)}


VIETNAMDATA_FILE = "pci/vietnamdata/PCI_{}"  # 2005-2016 workbooks (mdtrinh/vietnamdata)
ELECTIONS_FILE = "pci/vietnam_elections/PCI {}.xlsx"  # 2017-2019 (mdtrinh/vietnam_elections)
# 2014-2016: the English sheet "Summary" is a stale copy of 2013's, so Summary_VN is used.
_SUMMARY_VN = {
    year: (Table(VIETNAMDATA_FILE.format(f"{year}.xlsx"), "Summary_VN", 2, "rank_pairs", {
        **_pairs(1, *_ENTRY_TO_INFORMAL, "pci_policy_bias", *_LATE_FIVE, "pci"),
        "pci_rank": (21, 23)}),)
    for year in (2013, 2014, 2015, 2016)
}
_SUMMARY_EN = {
    year: (Table(ELECTIONS_FILE.format(year), "Summary", 2, "rows", _rows(
        0, 1, "pci_rank", "pci", *_ENTRY_TO_INFORMAL, "pci_policy_bias", *_LATE_FIVE)),)
    for year in (2017, 2018, 2019)
}
_TONG_HOP_2011_2012 = {
    year: (Table(VIETNAMDATA_FILE.format(f"{year}.xls" if year == 2011 else f"{year}.xlsx"),
                 "Tong hop", 2, "rank_pairs",
                 _pairs(1, *_ENTRY_TO_INFORMAL, *_LATE_FIVE, "pci", "pci_rank")),)
    for year in (2011, 2012)
}

MANIFEST: dict[int, tuple[Table, ...]] = {
    2005: (
        Table(VIETNAMDATA_FILE.format("2005.xls"), "Bảng tóm tắt chỉ số", 3, "rows", _rows(
            0, 5, *_ENTRY_TO_INFORMAL, "pci_implementation", "pci_soe_bias", "pci_proactivity",
            "pci_business_support", "pci"), n_provinces=42, layout="64"),
        Table(VIETNAMDATA_FILE.format("2005.xls"), "Xếp hạng theo chỉ số PCI", 2, "rows",
              {"pci_rank": (0, 2)}, n_provinces=42, layout="64"),
    ),
    2006: (Table(VIETNAMDATA_FILE.format("2006.xls"), "PCI Tóm tắt", 3, "rows", {
        "pci_rank": (1, 0),
        **_rows(1, 2, *_ENTRY_TO_INFORMAL, "pci_soe_bias", *_LATE_FIVE, "pci")},
        n_provinces=64, layout="64", unlabelled=(0,)),),  # rank column 0 has no header
    2007: (Table(VIETNAMDATA_FILE.format("2007.xls"), "Tóm tắt các chỉ số PCI ", 2, "rows", {
        "pci_rank": (0, 1),
        **_rows(0, 4, *_ENTRY_TO_INFORMAL, "pci_soe_bias", *_LATE_FIVE, "pci_unweighted", "pci")},
        n_provinces=64, layout="64"),),
    2008: (Table(VIETNAMDATA_FILE.format("2008.xls"), "Tổng hợp", 3, "rank_pairs", {
        **_pairs(1, *_ENTRY_TO_INFORMAL, "pci_soe_bias", *_LATE_FIVE, "pci_unweighted", "pci"),
        "pci_rank": (23, 0)}, n_provinces=64, layout="64"),),
    2009: (Table(VIETNAMDATA_FILE.format("2009.xls"), "Tong Hop", 4, "rows", {
        "pci_rank": (2, 1), **_rows(2, 3, *_ENTRY_TO_INFORMAL, *_LATE_FIVE, "pci")}),),
    2010: (Table(VIETNAMDATA_FILE.format("2010.xls"), "Tong hop", 2, "rank_pairs", _pairs(
        1, *_ENTRY_TO_INFORMAL, *_LATE_FIVE, "pci_unweighted", "pci", "pci_rank")),),
    **_TONG_HOP_2011_2012,
    **_SUMMARY_VN,
    **_SUMMARY_EN,
}
"""Per-edition parsing instructions: year -> tables (sheet, first row, layout kind, columns)."""


def _fold(text: str) -> str:
    """Lower-case ASCII of a header: no diacritics (whatever the Unicode form), đ -> d."""
    return re.sub(r"\s+", " ", fold_diacritics(text)).lower()


def _check_headers(cells: pd.DataFrame, table: Table) -> None:
    for indicator, (_, col) in table.columns.items():
        if col in table.unlabelled:
            continue
        pattern, exclude = _HEADER_PATTERNS[indicator]
        check_header(_fold(header_text(cells, range(table.first_row - 1), col)), pattern,
                     what=indicator, relpath=table.file, sheet=table.sheet,
                     row=table.first_row - 1, col=col, exclude=exclude,
                     hint="The layout changed or the manifest points at the wrong column: "
                          "fix MANIFEST")


def _block_end(cells: pd.DataFrame, table: Table, name_col: int) -> int:
    """Return the frame index just past the province rows (first blank or label row)."""
    i = table.first_row - 1
    while i < len(cells):
        name = cell_text(cells.iat[i, name_col])
        if not name or _TRAILER_LABEL.fullmatch(name):
            break
        i += 1
    return i


def _column(cells, table, indicator, start, end, year) -> pd.DataFrame:
    """Read one indicator's names and values from rows ``start:end``."""
    name_col, col = table.columns[indicator]
    rows = [excel_row(i) for i in range(start, end)]
    names = [cell_text(cells.iat[i, name_col]) for i in range(start, end)]
    values = [parse_number(cells.iat[i, col], relpath=table.file, sheet=table.sheet, row=r)
              for i, r in zip(range(start, end), rows, strict=True)]
    spec = INDICATORS[indicator]
    for r, v in zip(rows, values, strict=True):
        if pd.isna(v) or not spec.lo <= v <= spec.hi:
            problem = "empty" if pd.isna(v) else f"out of range [{spec.lo}, {spec.hi}]:"
            raise RawDataError(f"{problem} {indicator} score", file=table.file,
                               sheet=table.sheet, row=r, value=cells.iat[r - 1, col])
    codes = resolve_names(names, table.layout, relpath=table.file, sheet=table.sheet, rows=rows)
    frame = pd.DataFrame({"province_code": codes, "value": values, "row": rows, "name": names})
    check_unique(frame, ["province_code"], relpath=table.file, sheet=table.sheet)
    if table.kind == "rank_pairs" and indicator != "pci_rank":
        drops = frame["value"].diff().dropna()
        if (drops > 1e-9).any():
            bad = frame.loc[drops[drops > 1e-9].index[0]]
            raise RawDataError(
                f"{indicator} column is not rank-sorted as a rank_pairs table should be",
                file=table.file, sheet=table.sheet, row=int(bad["row"]), value=bad["value"])
    frame["indicator"] = indicator
    frame["year"] = year
    return frame


def _check_trailer(cells, table, start, parsed: pd.DataFrame, name_col: int) -> None:
    """Check the rows after the table: blank, statistics, repeated headers or repeated provinces.

    A repeated province row (the duplicate Ha Noi of 2017-2019, the highlighted province of the
    rank-sorted sheets) must carry exactly the values of that province in the table; any other
    row raises, so nothing below a table is skipped unseen.
    """
    lookup = parsed.set_index(["province_code", "indicator"])["value"]
    for i in range(start, len(cells)):
        texts = [cell_text(v) for v in cells.iloc[i]]
        if not any(texts):
            continue
        name = texts[name_col]
        if not name or _TRAILER_LABEL.fullmatch(name):
            if any(_TRAILER_LABEL.fullmatch(t) for t in texts):
                continue
            raise RawDataError("unexpected row below the province table", file=table.file,
                               sheet=table.sheet, row=excel_row(i), value=" | ".join(texts))
        code = resolve_names([name], table.layout, relpath=table.file, sheet=table.sheet,
                             rows=[excel_row(i)])[0]
        for indicator, (_, col) in table.columns.items():
            value = parse_number(cells.iat[i, col], relpath=table.file, sheet=table.sheet,
                                 row=excel_row(i))
            if pd.notna(value) and abs(value - lookup[(code, indicator)]) > 1e-6:
                raise RawDataError(
                    f"duplicate province row with different {indicator} "
                    f"({value} here, {lookup[(code, indicator)]} in the table)",
                    file=table.file, sheet=table.sheet, row=excel_row(i), value=name)


def parse_table(table: Table, year: int) -> pd.DataFrame:
    """Parse one manifest table into long rows.

    Checks the headers, the province count, that every rank-sorted column holds the same
    provinces, and every row below the table (duplicates must repeat the table's values).

    Parameters
    ----------
    table : Table
        One table of an edition's manifest (:data:`MANIFEST`).
    year : int
        The edition year, written to the ``year`` column.

    Returns
    -------
    pandas.DataFrame
        ``province_code, value, row, name, indicator, year``.

    Examples
    --------
    >>> from par_analysis.sources.pci import MANIFEST, parse_table
    >>> df = parse_table(MANIFEST[2019][0], 2019)
    >>> len(df), df["province_code"].nunique()
    (756, 63)
    """
    cells = read_sheet(table.file, table.sheet)
    _check_headers(cells, table)
    name_col = next(iter(table.columns.values()))[0]
    start, end = table.first_row - 1, _block_end(cells, table, name_col)
    if end - start != table.n_provinces:
        raise RawDataError(
            f"expected {table.n_provinces} provinces, found {end - start}", file=table.file,
            sheet=table.sheet, row=excel_row(end), value=cell_text(cells.iat[end - 1, name_col]))
    frames = [_column(cells, table, ind, start, end, year) for ind in table.columns]
    expected = set(frames[0]["province_code"])
    for frame in frames[1:]:
        if set(frame["province_code"]) != expected:
            odd = sorted(set(frame["province_code"]) ^ expected)
            raise RawDataError(
                f"{frame['indicator'].iat[0]} column lists other provinces than "
                f"{frames[0]['indicator'].iat[0]}: {odd}", file=table.file, sheet=table.sheet)
    parsed = pd.concat(frames, ignore_index=True)
    _check_trailer(cells, table, end, parsed, name_col)
    parsed["raw_file"], parsed["sheet"], parsed["layout"] = table.file, table.sheet, table.layout
    return parsed


def _workbook_rows() -> pd.DataFrame:
    parts = [parse_table(t, year) for year, tables in MANIFEST.items() for t in tables]
    df = pd.concat(parts, ignore_index=True)
    df["source"] = "vcci_workbook"
    return df


WEB_FILE = "pci_web/pci_web_2006_2024.csv"
ALTERNATE_WEB_PAGES = {"quang-tri.vi": "quang-tri"}
"""Second copies of a province page (page -> primary page). The tidy table keeps the primary
(English) page; :func:`pci_web_comparison` still compares every page with the workbooks, so the
places where the two Quang Tri pages disagree show up there."""
WEB_RANK_SITE_ERRORS = {("dong-thap.oldsite", 2007), ("tien-giang.oldsite", 2007)}
"""(page, year) whose printed rank exceeds the number of provinces in the edition (rank 65 of
64 on the old site): a site error, left out of the tidy table; checked to still be out of range."""


def _web_rows(*, include_alternates: bool = False) -> pd.DataFrame:
    raw = read_csv(WEB_FILE, columns=["province", "page", "year", "indicator", "value",
                                      "source_url"], min_rows=1, dtype={"value": "string"})
    raw["row"] = raw.index + 2
    numbers = pd.to_numeric(raw["value"], errors="coerce")
    not_number = numbers.isna() & raw["value"].notna()
    if not_number.any():
        first = raw[not_number].iloc[0]
        raise RawDataError("not a number", file=WEB_FILE, row=int(first["row"]),
                           value=first["value"])
    raw["value"] = raw["value"].astype("float64")
    raw["layout"] = raw["year"].map(lambda y: layout_of_year(y, as_of="mid_year"))
    codes = pd.Series(pd.NA, index=raw.index, dtype="string")
    for layout, group in raw.groupby("layout"):
        codes[group.index] = resolve_names(group["province"], str(layout), relpath=WEB_FILE,
                                           rows=group["row"])
    raw["province_code"] = codes
    site_error = pd.Series(
        [(p, y) in WEB_RANK_SITE_ERRORS and i == "pci_rank"
         for p, y, i in zip(raw["page"], raw["year"], raw["indicator"], strict=True)],
        index=raw.index)
    n_in_edition = raw["layout"].astype("int64")
    if (raw.loc[site_error, "value"] <= n_in_edition[site_error]).any() or site_error.sum() != len(
            WEB_RANK_SITE_ERRORS):
        raise RawDataError("WEB_RANK_SITE_ERRORS no longer matches the file", file=WEB_FILE,
                           hint="Update WEB_RANK_SITE_ERRORS in par_analysis/sources/pci.py")
    raw = raw[~site_error]
    # the pages print the 2006-2008 SOE-bias sub-index in their "Policy Bias" row (same values as
    # the workbooks' SOE bias); policy bias proper starts in 2013
    early_bias = (raw["indicator"] == "pci_policy_bias") & (raw["year"] <= 2008)
    raw.loc[early_bias, "indicator"] = "pci_soe_bias"
    if not include_alternates:
        raw = raw[~raw["page"].isin(list(ALTERNATE_WEB_PAGES))]
    unknown = ~raw["indicator"].isin(list(INDICATORS))
    if unknown.any():
        first = raw[unknown].iloc[0]
        raise RawDataError("unknown indicator", file=WEB_FILE, row=int(first["row"]),
                           value=first["indicator"])
    check_unique(raw, ["page", "province_code", "year", "indicator"], relpath=WEB_FILE,
                 what="page, province, year and indicator")
    return raw.assign(source="pci_web", raw_file=WEB_FILE, sheet=pd.NA)


def _grdp_secondary_rows() -> pd.DataFrame:
    raw = read_grdp_secondary(["year", "pci"])
    # stored as float32: round back to the two decimals the publisher prints
    return raw.assign(value=raw["pci"].astype("float64").round(2), indicator="pci",
                      layout="63", source="grdp_secondary", raw_file=GRDP_SECONDARY, sheet=pd.NA)


def _news_rows() -> pd.DataFrame:
    """PCI figures quoted by news pages (2023-2024, when VCCI prints only its top 30).

    One value per province, year and indicator, chosen by the documented rule of
    :func:`par_analysis.sources.facts.pick`; the page address and quote stay as provenance.
    """
    from .facts import load_facts, pick

    return pick(load_facts(index="PCI"))


def _build() -> pd.DataFrame:
    parts = [_workbook_rows(), _web_rows(), _grdp_secondary_rows(), _news_rows()]
    columns = ["province_code", "layout", "year", "source", "indicator", "value", "raw_file",
               "sheet", "row", "source_url", "quote"]
    df = pd.concat([p.reindex(columns=columns) for p in parts], ignore_index=True)
    df["unit"] = df["indicator"].map({k: v.unit for k, v in INDICATORS.items()})
    df["year"] = df["year"].astype("int64")
    df = tidy_frame(df).sort_values(["source", "year", "indicator", "province_code"])
    return validate_tidy(df.reset_index(drop=True), INDICATORS)


def load_pci(refresh: bool = False) -> pd.DataFrame:
    """Load every PCI value: workbooks, web pages, student panel and news figures.

    Workbooks cover 2005-2019, the publisher's web pages 2006-2024, the student panel 2016-2022
    and news figures 2023-2024.

    Parameters
    ----------
    refresh : bool
        Rebuild from the raw files even when the cache is current.

    Returns
    -------
    pandas.DataFrame
        The tidy table (:data:`par_analysis.TIDY_COLUMNS`); ``source`` is ``vcci_workbook``,
        ``pci_web``, ``grdp_secondary`` or ``news_facts`` (with ``source_url`` and ``quote``)
        and is part of the key, so the same cell can appear
        once per source. Indicators are listed in :data:`INDICATORS`.

    Notes
    -----
    * 2005-2008 are in layout ``"64"`` (with Ha Tay); 2005 covers 42 provinces.
    * The duplicate Ha Noi rows of 2017-2019 and the highlighted province below the
      rank-sorted sheets are checked to repeat the table's values exactly, then skipped.
    * Composites and ranks for 2023-2024 exist only for the top 30 (:data:`PUBLISHED_TOP_N`).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pci = pa.load_pci()
    >>> pci.query("province_code == '48' and year == 2019 and indicator == 'pci'")[
    ...     ["source", "value"]].round(2).values.tolist()
    [['grdp_secondary', 70.15], ['vcci_workbook', 70.15]]
    >>> wb = pci[pci.source == "vcci_workbook"]
    >>> wb.query("year == 2019 and indicator == 'pci'").shape[0]
    63
    """
    from .facts import AS_OF, CHECKS, FILES

    files = sorted({t.file for tables in MANIFEST.values() for t in tables}
                   | {WEB_FILE, GRDP_SECONDARY, *FILES})
    records = [r.path.rsplit("/", 1)[-1] for r in (CHECKS, AS_OF)]
    return load_cached("pci", files, _build, refresh=refresh, packaged=records)


def pci_main_series(data: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return PCI with one source per edition, for analyses that need whole editions.

    The package's source rule (:func:`par_analysis.choose_source`) among the sources that give
    every province an edition scored
    (:func:`par_analysis.sources.catalog.whole_edition_sources`): the VCCI workbooks for
    2005-2019 (composite and sub-indices), then the student panel's composite for 2020-2022
    (equal to the publisher's web tables within 0.006). Sub-indices after 2019 and composites
    from 2023 exist only for some provinces (web pages, news figures) and are left out, so every
    edition kept covers all the provinces it scored.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        Output of :func:`load_pci` (loaded when omitted).

    Examples
    --------
    >>> import par_analysis as pa
    >>> main = pa.pci_main_series()
    >>> composite = main.query("indicator == 'pci'")
    >>> composite.groupby("source")["year"].agg(["min", "max"]).values.tolist()
    [[2020, 2022], [2005, 2019]]
    """
    from .catalog import choose_source, whole_edition_sources

    pci = load_pci() if data is None else data
    chosen = choose_source(pci, among=whole_edition_sources())
    return chosen.drop(columns="n_sources").reset_index(drop=True)


def pci_web_comparison(tolerance: float = 0.01) -> pd.DataFrame:
    """List every cell where a publisher web page and the VCCI workbook differ.

    Every web page is compared, including the second copy of a page
    (:data:`ALTERNATE_WEB_PAGES`), against the workbook value of the same province, edition and
    indicator. The web prints two decimals, so differences up to ``tolerance`` are rounding.

    Parameters
    ----------
    tolerance : float
        Absolute difference above which a cell is listed.

    Returns
    -------
    pandas.DataFrame
        ``province_code, province, year, indicator, page, web_value, workbook_value,
        difference`` (web minus workbook), ``web_row`` (line of the csv) and ``workbook_sheet``
        / ``workbook_row``, sorted by year, indicator and province.

    Examples
    --------
    >>> import par_analysis as pa
    >>> diff = pa.pci_web_comparison()
    >>> diff.query("year == 2013").indicator.value_counts().index[0]
    'pci_informal_charges'
    """
    workbook = load_pci().query("source == 'vcci_workbook'")
    web = _web_rows(include_alternates=True)
    merged = web.merge(
        workbook[["province_code", "year", "indicator", "value", "sheet", "row"]],
        on=["province_code", "year", "indicator"], suffixes=("_web", "_workbook"))
    merged["difference"] = merged["value_web"] - merged["value_workbook"]
    out = merged[merged["difference"].abs() > tolerance].rename(columns={
        "value_web": "web_value", "value_workbook": "workbook_value", "row_web": "web_row",
        "sheet_workbook": "workbook_sheet", "row_workbook": "workbook_row"})
    out = out.assign(province=out["province"].astype("string"))
    columns = ["province_code", "province", "year", "indicator", "page", "web_value",
               "workbook_value", "difference", "web_row", "workbook_sheet", "workbook_row"]
    return out[columns].sort_values(["year", "indicator", "province_code"]).reset_index(drop=True)
