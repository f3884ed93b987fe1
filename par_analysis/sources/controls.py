"""Economic and demographic controls by province: population, GRDP and the provincial budget.

Three loaders return tidy frames and :func:`load_controls` concatenates them:

* :func:`load_population`: GSO web tables 1995-2016 (``population/*.csv``): average population
  (total, male, female, urban, rural), area, density and labour force. Years to 2007 are layout
  ``"64"`` (with Ha Tay, ``"28"``); from 2008 layout ``"63"`` (Ha Noi jumps in 2008 when Ha Tay
  and Me Linh join it; Vinh Phuc falls). "Prel. 2016" values carry ``note="preliminary"``.
  These are the pre-2019-census series: indicator names end in ``_gso2016``.
* :func:`load_grdp`: the pre-revision GRDP 1992-2017 transcribed from statistical yearbooks
  (``grdp/grdp_provinces_1992-2017.RData``, object ``gdp_clean``; one value per yearbook
  ``vintage``), and the secondary panel 2016-2022 (``grdp_secondary/Dataset.dta``: revised GRDP,
  revised population, urban population, new enterprises).
* :func:`load_budget`: MOF plans (2005-2020) and final accounts (2004-2016) parsed from the
  original Ministry of Finance workbooks (``budget/raw_mof/``, ``budget/vietnam_elections_2021/
  raw_mof_extra/``) by a per-year manifest; :func:`budget_rda_comparison` checks them against
  the author's ``VNbudget_*.rda`` data frames.

Series breaks are never spliced: GSO's 2019 GRDP re-evaluation and the 2019-census population
revision give distinct indicators (``grdp_current_bn_vnd_pre2019rev`` vs
``grdp_current_bn_vnd_rev2019``; ``population_thousand_gso2016`` vs
``population_thousand_rev2019``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import RawDataError
from ..province_table import layout_of_year
from ..registry import raw_path
from ..schema import Indicator, tidy_frame, tidy_record, validate_tidy
from ._common import (
    GRDP_SECONDARY,
    cell_text,
    check_header,
    check_unique,
    header_text,
    parse_number,
    read_grdp_secondary,
    read_gso_csv,
    read_sheet,
    reading,
    resolve_names,
)
from .catalog import load_cached

# --------------------------------------------------------------------------------------------
# population (GSO web tables, pre-2019-census)

POPULATION_FILES = {
    "average": "population/Average population by province.csv",
    "area": "population/Area, population and population density by province.csv",
    "labour": "population/Labour force at 15 years of age and above by province.csv",
}
# (file, header regex with the year as group 1) -> indicator
_POPULATION_COLUMNS = [
    ("average", r"^Total (?:Prel\. )?(\d{4})$", "population_thousand_gso2016"),
    ("average", r"^Male (?:Prel\. )?(\d{4})$", "population_male_thousand_gso2016"),
    ("average", r"^Female (?:Prel\. )?(\d{4})$", "population_female_thousand_gso2016"),
    ("average", r"^Urban (?:Prel\. )?(\d{4})$", "population_urban_thousand_gso2016"),
    ("average", r"^Rural (?:Prel\. )?(\d{4})$", "population_rural_thousand_gso2016"),
    ("area", r"^(?:Prel\. )?(\d{4})(?: \(\*\))? Area \(Km2\)$", "area_km2_gso2016"),
    ("area", r"^(?:Prel\. )?(\d{4})(?: \(\*\))? Population density", "density_per_km2_gso2016"),
    ("labour", r"^(?:Prel\. )?(\d{4})$", "labour_force_thousand_gso2016"),
]

INDICATORS_POPULATION = {
    "population_thousand_gso2016": Indicator(
        "thousand_persons", 0, label="Average population (GSO, pre-2019-census series)"),
    "population_male_thousand_gso2016": Indicator("thousand_persons", 0, label="Male population"),
    "population_female_thousand_gso2016": Indicator("thousand_persons", 0,
                                                    label="Female population"),
    "population_urban_thousand_gso2016": Indicator("thousand_persons", 0,
                                                   label="Urban population"),
    "population_rural_thousand_gso2016": Indicator("thousand_persons", 0,
                                                   label="Rural population"),
    "area_km2_gso2016": Indicator("km2", 0, label="Area"),
    "density_per_km2_gso2016": Indicator("persons_per_km2", 0, label="Population density"),
    "labour_force_thousand_gso2016": Indicator("thousand_persons", 0,
                                               label="Labour force aged 15+"),
}


def _build_population() -> pd.DataFrame:
    records = []
    for kind, relpath in POPULATION_FILES.items():
        table = read_gso_csv(relpath)
        # names resolve in layout "64" (it has every 63-layout code plus Ha Tay)
        codes = resolve_names(table["name"], "64", relpath=relpath, rows=table["line"],
                              special=True)
        specs = [(rx, ind) for k, rx, ind in _POPULATION_COLUMNS if k == kind]
        matched = set()
        for column in table.columns[2:]:
            for rx, ind in specs:
                m = re.match(rx, column)
                if not m:
                    continue
                matched.add(column)
                year = int(m.group(1))
                note = "preliminary" if "Prel" in column or "(*)" in column else pd.NA
                for code, (_, rec) in zip(codes, table.iterrows(), strict=True):
                    value = parse_number(rec[column], relpath=relpath, row=int(rec["line"]))
                    if pd.isna(value):
                        continue
                    records.append(tidy_record(
                        INDICATORS_POPULATION, ind, value, province_code=code,
                        layout=layout_of_year(year), year=year, source="gso_web",
                        raw_file=relpath, row=int(rec["line"]), note=note))
        skipped = [c for c in table.columns[2:] if c not in matched
                   and not re.search(r"Average population", c)]
        if skipped:
            raise RawDataError("column not in the population manifest", file=relpath,
                               value=skipped[0],
                               hint="Update _POPULATION_COLUMNS in sources/controls.py")
    df = tidy_frame(records)
    df["note"] = df["note"].astype("string")
    return validate_tidy(df, INDICATORS_POPULATION)


def load_population(refresh: bool = False) -> pd.DataFrame:
    """Load GSO population, area, density and labour force by province, 1995-2016.

    The area table's own "Average population" column repeats (with small revisions, e.g. Nghe An
    2015 3,063.9 vs 3,080.0) the average-population table and is not read; population comes from
    the average-population table only.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache from the raw CSV files.

    Returns
    -------
    pandas.DataFrame
        Tidy table, ``source="gso_web"``; layout ``"64"`` for years to 2007 (Ha Tay ``"28"``
        present), ``"63"`` from 2008; whole country ``"VN"`` and regions ``"R-..."`` included.
        Extra column ``note`` ("preliminary" for 2016).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pop = pa.load_population()
    >>> pop.query("province_code == '40' and year == 2009 and "
    ...           "indicator == 'population_thousand_gso2016'")["value"].item()
    2914.5
    """
    return load_cached("population", POPULATION_FILES.values(), _build_population,
                       refresh=refresh)


# --------------------------------------------------------------------------------------------
# GRDP

GRDP_RDATA = "grdp/grdp_provinces_1992-2017.RData"
# statistic in gdp_clean -> indicator stem; current prices and constant 2010 prices are read
_GRDP_STATISTICS = {
    "Gross Domestic Product": "grdp",
    "Agriculture forestry and fishing": "grdp_agriculture",
    "Industry and construction": "grdp_industry_construction",
    "Service": "grdp_services",
}
_GRDP_PRICES = {"price_current": "current", "price_2010": "const2010"}
# Dataset.dta column -> indicator (its fdi, labour, unemployment columns are not used:
# grdp_secondary/SOURCE.md shows they mix definitions or are broken)
_SECONDARY_COLUMNS = {
    "grdp": "grdp_current_bn_vnd_rev2019",
    "population": "population_thousand_rev2019",
    "urban": "population_urban_thousand_rev2019",
    "ent": "new_enterprises",
}
# A GRDP value below this share of the same province's previous-year value in Dataset.dta is a
# transcription error (Kon Tum 2022 = 54.0 after 29,000+): excluded and listed by grdp_flags().
GRDP_DROP_RATIO = 0.1

INDICATORS_GRDP = {
    **{f"{stem}_{price}_bn_vnd_pre2019rev": Indicator(
        "bn_vnd", 0, label=f"{stem.replace('_', ' ')} ({price} prices), pre-2019-revision")
       for stem in _GRDP_STATISTICS.values() for price in _GRDP_PRICES.values()},
    "grdp_current_bn_vnd_rev2019": Indicator(
        "bn_vnd", 0, label="GRDP at current prices, after GSO's 2019 re-evaluation"),
    "population_thousand_rev2019": Indicator(
        "thousand_persons", 0, label="Average population, 2019-census revised series"),
    "population_urban_thousand_rev2019": Indicator(
        "thousand_persons", 0, label="Urban population, 2019-census revised series"),
    "new_enterprises": Indicator("count", 0, label="Newly registered enterprises"),
}


def _read_r(relpath: str, name: str) -> pd.DataFrame:
    import pyreadr

    path = raw_path(relpath)
    with reading(relpath):
        objects = pyreadr.read_r(str(path))
    if name not in objects:
        raise RawDataError(f"R file has no object {name!r}", file=relpath,
                           value=list(objects))
    return objects[name].reset_index(drop=True)


def _build_grdp_vintages() -> pd.DataFrame:
    relpath = GRDP_RDATA
    raw = _read_r(relpath, "gdp_clean")
    raw["row"] = raw.index + 1  # 1-based row of the R data frame
    raw = raw[raw["statistic"].isin(list(_GRDP_STATISTICS))]
    raw["prov"] = raw["prov"].astype("string")
    codes = resolve_names(raw["prov"], "63", relpath=relpath, sheet="gdp_clean",
                          rows=raw["row"])
    raw["province_code"] = codes
    records = []
    for price, tag in _GRDP_PRICES.items():
        part = raw.dropna(subset=[price])
        # one yearbook may be split over two rows (one per price column): never two values
        key = ["province_code", "year", "statistic", "yearbook_year"]
        clash = part[part.duplicated(key, keep=False)]
        clash = clash[clash.groupby(key)[price].transform("nunique") > 1]
        if len(clash):
            first = clash.iloc[0]
            raise RawDataError(f"two {price} values for one province, year and vintage",
                               file=relpath, sheet="gdp_clean", row=int(first["row"]),
                               value=first[price])
        part = part.drop_duplicates(key)
        for rec in part.itertuples(index=False):
            year = int(rec.year)
            # values before 2008 under pre-2008 boundaries belong to layout "64"
            layout = "63" if rec.post_2008 == 1 else layout_of_year(year)
            records.append(tidy_record(
                INDICATORS_GRDP, f"{_GRDP_STATISTICS[rec.statistic]}_{tag}_bn_vnd_pre2019rev",
                float(getattr(rec, price)), province_code=rec.province_code, layout=layout,
                year=year, source="grdp_yearbooks", raw_file=relpath, sheet="gdp_clean",
                row=int(rec.row), vintage=int(rec.yearbook_year)))
    df = tidy_frame(records)
    df["vintage"] = df["vintage"].astype("int64")
    return df


def _secondary_raw() -> pd.DataFrame:
    return read_grdp_secondary()


def grdp_flags() -> pd.DataFrame:
    """List the Dataset.dta GRDP values excluded as transcription errors.

    Rule: a value below ``GRDP_DROP_RATIO`` (10 %) of the same province's previous-year value in
    the file is excluded from :func:`load_grdp` (it is not corrected: the right figure is not in
    the file). Today this catches Kon Tum 2022 (54.0 bn VND after 29,000+ in 2021).

    Examples
    --------
    >>> from par_analysis.sources.controls import grdp_flags
    >>> grdp_flags()[["province_code", "year", "grdp"]].values.tolist()
    [['62', 2022, 54.0]]
    """
    raw = _secondary_raw().sort_values(["province_code", "year"])
    previous = raw.groupby("province_code")["grdp"].shift()
    flagged = raw[raw["grdp"] < GRDP_DROP_RATIO * previous].copy()
    flagged["previous_grdp"] = previous[flagged.index]
    flagged["rule"] = f"grdp < {GRDP_DROP_RATIO:g} x previous year"
    return flagged[["province_code", "name", "year", "grdp", "previous_grdp", "row", "rule"]]


# a 2016 value of the secondary panel equal to a pre-revision yearbook value within this many
# bn VND (the panel rounds to one decimal) is on the pre-revision basis; the others are revised
GRDP_2016_SAME_AS_YEARBOOK = 0.5


def _build_grdp_secondary(yearbooks: pd.DataFrame) -> pd.DataFrame:
    raw = _secondary_raw()
    books = yearbooks[(yearbooks["year"] == 2016)
                      & (yearbooks["indicator"] == "grdp_current_bn_vnd_pre2019rev")]
    book_values = books.groupby("province_code")["value"].agg(list).to_dict()
    drop = set(grdp_flags()["row"])
    records = []
    for column, ind in _SECONDARY_COLUMNS.items():
        for rec in raw.itertuples(index=False):
            value = getattr(rec, column)
            if pd.isna(value) or (column == "grdp" and rec.row in drop):
                continue
            year = int(rec.year)
            ind_year = ind
            if column == "grdp" and year == 2016:
                # the panel's 2016 mixes bases: a province's value is pre-revision where it
                # equals a pre-revision yearbook value, revised otherwise (tested province by
                # province in tests/test_controls.py)
                same = any(abs(float(value) - b) <= GRDP_2016_SAME_AS_YEARBOOK
                           for b in book_values.get(rec.province_code, []))
                ind_year = "grdp_current_bn_vnd_pre2019rev" if same else ind
            records.append(tidy_record(
                INDICATORS_GRDP, ind_year, float(value), province_code=rec.province_code,
                layout="63", year=year, source="grdp_secondary", raw_file=GRDP_SECONDARY,
                row=int(rec.row)))
    return tidy_frame(records)


def _build_grdp() -> pd.DataFrame:
    yearbooks = _build_grdp_vintages()
    return pd.concat([yearbooks, _build_grdp_secondary(yearbooks)], ignore_index=True)


def load_grdp(vintage: str | int = "latest", refresh: bool = False) -> pd.DataFrame:
    """Load provincial GRDP (pre- and post-2019-revision), revised population and new firms.

    Parameters
    ----------
    vintage : "latest", "all" or int
        For the yearbook series (``source="grdp_yearbooks"``): the value of the latest yearbook
        edition per province, year and indicator (default), every edition (``"all"``; the
        frame then repeats keys across the ``vintage`` column), or one edition year.
    refresh : bool
        Rebuild the cache from the raw files.

    Returns
    -------
    pandas.DataFrame
        Tidy table. ``source="grdp_yearbooks"``: ``*_bn_vnd_pre2019rev`` indicators 1992-2017
        (current and constant 2010 prices; total, agriculture, industry and construction,
        services) with the extra column ``vintage`` (yearbook edition). ``source=
        "grdp_secondary"``: ``grdp_current_bn_vnd_rev2019`` 2016-2022; the panel's 2016 column
        mixes bases, so a 2016 value equal to a pre-revision yearbook value (within
        :data:`GRDP_2016_SAME_AS_YEARBOOK` bn VND: 5 provinces) is given as
        ``grdp_current_bn_vnd_pre2019rev`` instead,
        ``population_thousand_rev2019``, ``population_urban_thousand_rev2019`` and
        ``new_enterprises`` 2016-2022. Values flagged by :func:`grdp_flags` are excluded.

    Examples
    --------
    >>> import par_analysis as pa
    >>> grdp = pa.load_grdp()
    >>> sel = grdp.query("province_code == '40' and year == 2010 and source == 'grdp_yearbooks' "
    ...                  "and indicator == 'grdp_current_bn_vnd_pre2019rev'")
    >>> sel["value"].round(1).item()
    42168.5
    """
    df = load_cached("grdp", [GRDP_RDATA, GRDP_SECONDARY], _build_grdp, refresh=refresh)
    book = df["source"] == "grdp_yearbooks"
    if vintage == "all":
        return df
    if vintage == "latest":
        books = df[book].sort_values("vintage")
        books = books.drop_duplicates(["province_code", "layout", "year", "indicator"],
                                      keep="last")
    else:
        books = df[book & (df["vintage"] == int(vintage))]
    out = pd.concat([books, df[~book]], ignore_index=True)
    return validate_tidy(out, INDICATORS_GRDP)


# --------------------------------------------------------------------------------------------
# budget (original Ministry of Finance workbooks)

_MOF = "budget/raw_mof"
_MOF_EXTRA = "budget/vietnam_elections_2021/raw_mof_extra"
# the author's .rda data frames, read only by budget_rda_comparison() as a cross-check
BUDGET_RDA_FILES = {"plan": ("budget/VNbudget_plan.rda", "VNbudget_plan"),
                    "final": ("budget/VNbudget_final.rda", "VNbudget_final")}

# field -> regex the column's header text must match (header rows joined, merged cells filled
# to the right). A shifted column fails the check and raises. The second alternative of each
# pattern is the TCVN3 (".Vn" font) spelling that Plan_2005.xls prints in its header.
_HEADER_PATTERNS = {
    "name": r"tỉnh|tØnh",
    "revenue": r"tổng thu|thu nsnn|tæng thu",
    "ratio": r"tỷ lệ|tû lÖ",
    "expenditure": r"tổng chi|chi cân đối|tæng chi",
    "total": r"[bs]ổ sung.*tổng\s*số|bæ sung tõ nstw",  # Plan_2006 prints "Sổ sung"
    "balancing": r"bổ sung\W+cân đối|balanc|bæ sung c©n ®èi",
    "wage": r"lương",
    "targeted": r"mục tiêu|target|môc tiªu",
    "targeted_part": r"mục tiêu.*(ngoài nước|nhiệm vụ)",
}
# column families: 0-based column -> field (name in column 1, STT in column 0 everywhere)
_PLAN_06 = {2: "revenue", 3: "ratio", 4: "expenditure", 5: "total", 6: "balancing",
            7: "targeted"}
_PLAN_10 = {2: "revenue", 3: "ratio", 4: "expenditure", 5: "total", 6: "balancing", 7: "wage",
            8: "targeted"}
_PLAN_13 = {2: "revenue", 3: "ratio", 4: "expenditure", 5: "balancing", 6: "wage",
            7: "targeted"}
_PLAN_17 = {2: "revenue", 4: "ratio", 5: "balancing", 6: "targeted", 7: "expenditure"}
# 2018-2020: targeted transfers are in separate TT343 forms, not in this table
_PLAN_18 = {2: "revenue", 6: "ratio", 8: "balancing", 9: "wage", 13: "expenditure"}
_FINAL_06 = _PLAN_06
_FINAL_08 = {2: "revenue", 4: "ratio", 5: "expenditure", 6: "total", 7: "balancing",
             8: "targeted"}
_FINAL_11 = {2: "revenue", 4: "ratio", 5: "expenditure", 6: "total", 7: "balancing",
             8: "targeted_part", 9: "targeted_part"}

@dataclass(frozen=True)
class BudgetTable:
    """Where one MOF provincial table is in its workbook.

    File, sheet, first header row and first data row (1-based, as Excel shows them) and the
    column of each field (0-based).
    """

    file: str
    sheet: str
    header_row: int
    first_row: int
    columns: dict


# (kind, year) -> BudgetTable. The first data row is the whole country ("Tổng số") where the
# table has one (Final 2004-2005 have none). Sheets follow the sheetIndex column of the author's
# guides budget/Plan_Import.csv, budget/Final_Import.csv and vietnam_elections_2021/*_Import.csv;
# rows and columns were read off each workbook and are checked on every build.
BUDGET_MANIFEST = {
    ("plan", 2005): BudgetTable(f"{_MOF_EXTRA}/Plan_2005.xls", "Sheet1", 9, 14, _PLAN_06),
    ("plan", 2006): BudgetTable(f"{_MOF}/Plan_2006.xls", "Sheet1", 8, 14, _PLAN_06),
    ("plan", 2007): BudgetTable(f"{_MOF}/Plan_2007.xls", "mau so 09", 8, 14, _PLAN_06),
    ("plan", 2008): BudgetTable(f"{_MOF}/Plan_2008.xls", "Sheet1", 8, 14, _PLAN_06),
    ("plan", 2009): BudgetTable(f"{_MOF}/Plan_2009.xls", "Sheet1", 8, 16, _PLAN_06),
    ("plan", 2010): BudgetTable(f"{_MOF}/Plan_2010.xls", "Sheet1", 6, 13, _PLAN_10),
    ("plan", 2011): BudgetTable(f"{_MOF}/Plan_2011.xls", "M09(R)", 8, 14, _PLAN_06),
    ("plan", 2012): BudgetTable(f"{_MOF}/Plan_2012.xls", "M08", 7, 14, _PLAN_06),
    ("plan", 2013): BudgetTable(f"{_MOF}/Plan_2013.xls", "M09", 7, 13, _PLAN_13),
    ("plan", 2014): BudgetTable(f"{_MOF}/Plan_2014.xls", "M09", 7, 13, _PLAN_13),
    ("plan", 2015): BudgetTable(f"{_MOF}/Plan_2015.xls", "M09", 7, 13, _PLAN_13),
    ("plan", 2016): BudgetTable(f"{_MOF}/Plan_2016.xls", "M09", 7, 13, _PLAN_13),
    ("plan", 2017): BudgetTable(f"{_MOF}/Plan_2017.xls", "M09", 7, 13, _PLAN_17),
    ("plan", 2018): BudgetTable(f"{_MOF_EXTRA}/Plan_2018.xls", "B21", 6, 12, _PLAN_18),
    ("plan", 2019): BudgetTable(f"{_MOF_EXTRA}/Plan_2019.xls", "B21", 7, 13, _PLAN_18),
    ("plan", 2020): BudgetTable(f"{_MOF_EXTRA}/Plan_2020.xls", "10", 7, 13, _PLAN_18),
    ("final", 2004): BudgetTable(f"{_MOF_EXTRA}/Final_2004.xls", "Sheet1", 11, 16, _FINAL_06),
    ("final", 2005): BudgetTable(f"{_MOF_EXTRA}/Final_2005.xls", "Sheet1", 10, 12, _FINAL_06),
    ("final", 2006): BudgetTable(f"{_MOF}/Final_2006.xls", "Sheet1", 11, 13, _FINAL_06),
    ("final", 2007): BudgetTable(f"{_MOF}/Final_2007.xls", "M09+", 10, 12, _FINAL_06),
    ("final", 2008): BudgetTable(f"{_MOF}/Final_2008.xls", "Sheet1", 8, 10, _FINAL_08),
    ("final", 2009): BudgetTable(f"{_MOF}/Final_2009.xls", "M09+", 10, 12, _FINAL_06),
    ("final", 2010): BudgetTable(f"{_MOF}/Final_2010.xls", "M09+", 10, 12, _FINAL_06),
    ("final", 2011): BudgetTable(f"{_MOF}/Final_2011.xls", "M09+", 10, 13, _FINAL_11),
    ("final", 2012): BudgetTable(f"{_MOF}/Final_2012.xls", "M09+", 10, 13, _FINAL_11),
    ("final", 2013): BudgetTable(f"{_MOF}/Final_2013.xls", "M09+", 10, 13, _FINAL_11),
    ("final", 2014): BudgetTable(f"{_MOF}/Final_2014.xls", "M09+", 10, 13, _FINAL_11),
    ("final", 2015): BudgetTable(f"{_MOF_EXTRA}/Final_2015.xls", "M09+", 10, 13, _FINAL_11),
    ("final", 2016): BudgetTable(f"{_MOF_EXTRA}/Final_2016.xls", "M09+", 9, 12, _FINAL_11),
}
BUDGET_FILES = sorted({table.file for table in BUDGET_MANIFEST.values()})
_FIELD_INDICATOR = {"revenue": "revenue_mvnd", "ratio": "retention_ratio_percent",
                    "expenditure": "expenditure_mvnd", "total": "transfer_total_mvnd",
                    "balancing": "transfer_balancing_mvnd", "wage": "transfer_wage_mvnd",
                    "targeted": "transfer_targeted_mvnd"}
_FOOTNOTE = re.compile(r"\(\d\)|\*")

INDICATORS_BUDGET = {
    f"budget_{kind}_{name}": Indicator(unit, lo, label=f"{label} ({kind})")
    for kind in ("plan", "final")
    for name, unit, lo, label in [
        ("revenue_mvnd", "million_vnd", 0, "State revenue collected in the province"),
        ("expenditure_mvnd", "million_vnd", 0, "Balanced local expenditure"),
        ("retention_ratio_percent", "percent", 0, "Share of shared revenues retained"),
        ("transfer_total_mvnd", "million_vnd", 0, "Transfers from the centre, total"),
        ("transfer_balancing_mvnd", "million_vnd", 0, "Balancing transfers"),
        ("transfer_wage_mvnd", "million_vnd", 0, "Transfers for the minimum-wage reform"),
        ("transfer_targeted_mvnd", "million_vnd", 0, "Targeted transfers"),
        ("net_transfer_mvnd", "million_vnd", float("-inf"), "Expenditure minus revenue"),
    ]
}


def _budget_number(value, *, relpath: str, sheet: str, row: int) -> float:
    """Parse a MOF cell: footnote marks are dropped, ``419.278.223`` has dot separators."""
    text = _FOOTNOTE.sub("", cell_text(value)).strip()
    if not isinstance(value, str):
        return parse_number(value, relpath=relpath, sheet=sheet, row=row)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        return parse_number(text, relpath=relpath, sheet=sheet, row=row, decimal=",")
    return parse_number(text, relpath=relpath, sheet=sheet, row=row)


def _is_province(name: str) -> bool:
    from ..errors import UnknownProvinceError
    from ..province_table import resolve

    try:
        return re.fullmatch(r"\d\d", resolve([name], layout="64", special=True)[0]) is not None
    except UnknownProvinceError:
        return False


def _check_budget_headers(cells: pd.DataFrame, table: BudgetTable) -> None:
    rows = range(table.header_row - 1, table.first_row - 1)
    for col, field in {1: "name", **table.columns}.items():
        check_header(header_text(cells, rows, col, fill_right=True), _HEADER_PATTERNS[field],
                     what=field, relpath=table.file, sheet=table.sheet, row=table.header_row,
                     col=col, hint="The layout moved: update BUDGET_MANIFEST")


def _budget_table(kind: str, year: int) -> pd.DataFrame:
    """Read one MOF provincial table: one row per province and the whole country ("VN").

    The whole-country row, when the table has one, is the manifest's first data row (and the
    first row of the result). Region subtotal rows (Roman-numeral STT) are not read. Returns
    columns province_code, row (1-based), layout and one float column per field of the
    manifest (``targeted_part`` summed into ``targeted``).
    """
    table_spec = BUDGET_MANIFEST[(kind, year)]
    relpath, sheet, first_row = table_spec.file, table_spec.sheet, table_spec.first_row
    columns = table_spec.columns
    cells = read_sheet(relpath, sheet)
    _check_budget_headers(cells, table_spec)
    rows = [first_row - 1]
    for i in range(first_row, len(cells)):
        stt, name = cell_text(cells.iat[i, 0]), cell_text(cells.iat[i, 1])
        if re.fullmatch(r"\d+", stt) and name:
            rows.append(i)
        elif re.fullmatch(r"[IVX]+", stt, re.IGNORECASE) or not (stt or name):
            continue  # region subtotal or blank row
        elif not stt and not _is_province(name):
            continue  # unnumbered region heading (Plan 2008-2009)
        elif re.match(r"ghi chú|remark|\(\d\)", stt or name, re.IGNORECASE):
            break  # footnotes under the table
        else:
            raise RawDataError("row is neither a province, a region nor a footnote",
                               file=relpath, sheet=sheet, row=i + 1, value=f"{stt} | {name}")
    names = [re.sub(r"\s*-?\s*TOTAL\b.*$", "", _FOOTNOTE.sub("", cell_text(cells.iat[i, 1])),
                    flags=re.IGNORECASE).strip() for i in rows]
    codes = resolve_names(names, "64", relpath=relpath, sheet=sheet,
                          rows=[i + 1 for i in rows], special=True)
    if "VN" in codes[1:]:
        raise RawDataError("whole-country row below the first data row", file=relpath,
                           sheet=sheet, row=rows[codes.index("VN", 1)] + 1, value="VN")
    table = pd.DataFrame({"province_code": codes, "row": [i + 1 for i in rows]})
    for field in dict.fromkeys(columns.values()):
        cols = [c for c, f in columns.items() if f == field]
        values = [[_budget_number(cells.iat[i, c], relpath=relpath, sheet=sheet, row=i + 1)
                   for i in rows] for c in cols]
        name = "targeted" if field == "targeted_part" else field
        table[name] = pd.DataFrame(values).T.sum(axis=1, min_count=len(cols)).to_numpy()
    check_unique(table, ["province_code"], relpath=relpath, sheet=sheet)
    n_prov = len(table) - (codes[0] == "VN")
    has_ha_tay = "28" in set(codes)
    if n_prov != (64 if has_ha_tay else 63) or (has_ha_tay and year > 2008):
        raise RawDataError(f"{n_prov} provinces (Ha Tay listed: {has_ha_tay})", file=relpath,
                           sheet=sheet, hint="Expected 64 with Ha Tay (to 2008) or 63")
    table["layout"] = "64" if has_ha_tay else "63"
    return table


def budget_tables() -> dict:
    """Return every parsed MOF table, keyed by ``(kind, year)`` (whole country included).

    Examples
    --------
    >>> from par_analysis.sources.controls import budget_tables
    >>> final = budget_tables()[("final", 2006)]
    >>> final.query("province_code == '40'")[["revenue", "expenditure"]].values.tolist()
    [[1834046.0, 4495568.0]]
    """
    return {key: _budget_table(*key) for key in BUDGET_MANIFEST}


_RECOMPUTED = {
    "total_parts": "recomputed: balancing + wage + targeted (no total column in this table)",
    "targeted_parts": "recomputed: sum of the targeted sub-columns (foreign funds, missions)",
}


def _build_budget() -> pd.DataFrame:
    records = []
    for (kind, year), table in budget_tables().items():
        relpath, sheet = BUDGET_MANIFEST[(kind, year)].file, BUDGET_MANIFEST[(kind, year)].sheet
        fields = set(BUDGET_MANIFEST[(kind, year)].columns.values())
        if "total" not in fields and "targeted" in fields:
            parts = [f for f in ("balancing", "wage", "targeted") if f in table]
            table["total"] = table[parts].sum(axis=1, min_count=len(parts))
        notes = {"total": _RECOMPUTED["total_parts"] if "total" not in fields else pd.NA,
                 "targeted": (_RECOMPUTED["targeted_parts"] if "targeted_part" in fields
                              else pd.NA)}
        table["net"] = table["expenditure"] - table["revenue"]
        for field in [*_FIELD_INDICATOR, "net"]:
            if field not in table:
                continue
            ind = f"budget_{kind}_" + _FIELD_INDICATOR.get(field, "net_transfer_mvnd")
            for rec in table.dropna(subset=[field]).itertuples(index=False):
                records.append(tidy_record(
                    INDICATORS_BUDGET, ind, float(getattr(rec, field)),
                    province_code=rec.province_code, layout=rec.layout, year=year,
                    source=f"mof_{kind}_workbook", raw_file=relpath, sheet=sheet,
                    row=int(rec.row), note=notes.get(field, pd.NA)))
    df = tidy_frame(records)
    df["note"] = df["note"].astype("string")
    return validate_tidy(df, INDICATORS_BUDGET)


def load_budget(refresh: bool = False) -> pd.DataFrame:
    """Load provincial budget plans (2005-2020) and final accounts (2004-2016), million VND.

    Parsed from the Ministry of Finance workbooks (``budget/raw_mof/*.xls`` and, for plan 2005
    and 2018-2020 and final accounts 2004-2005 and 2015-2016,
    ``budget/vietnam_elections_2021/raw_mof_extra/``) following
    :data:`BUDGET_MANIFEST`; every header is checked against a pattern. Transfer columns are
    read by their MOF headings, so the ``balance.trans`` meaning change of the author's
    ``.rda`` files (total transfers in plan 2006-2012 and finals, balancing only in plan
    2013-2016; budget/SOURCE.md) does not arise:

    * ``budget_*_transfer_balancing_mvnd``, ``..._targeted_mvnd`` and (plan 2010, 2013-2016)
      ``..._wage_mvnd`` (minimum-wage reform) are read from their own columns;
    * ``budget_*_transfer_total_mvnd`` is the MOF "Tổng số" column where the table has one;
      plan 2013-2017 has none and it is recomputed as balancing + wage + targeted (``note``),
      as MOF's own plan 2010 total does; plan 2018-2020 print no targeted transfers (they are
      in separate TT343 forms, not parsed), so they have no targeted or total transfer;
    * final 2011-2016 split targeted transfers into foreign funds and missions: targeted is
      their sum (``note``).

    ``budget_*_net_transfer_mvnd`` is expenditure minus revenue. Whole country rows are
    ``province_code="VN"``; region subtotals are not read. Tables listing Ha Tay (to 2007, and
    the 2008 plan) are layout ``"64"``, others ``"63"``. :func:`budget_rda_comparison`
    compares the result with the author's ``.rda`` data frames.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache.

    Returns
    -------
    pandas.DataFrame
        Tidy table, sources ``mof_plan_workbook`` and ``mof_final_workbook``; extra column
        ``note``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> b = pa.load_budget()
    >>> b.query("province_code == '40' and year == 2011 and "
    ...         "indicator == 'budget_final_revenue_mvnd'")["value"].item()
    11164160.0
    """
    return load_cached("budget", BUDGET_FILES, _build_budget,
                  refresh=refresh)


def _rda_values(kind: str) -> pd.DataFrame:
    """Return the author's .rda values: province_code, year, indicator, rda_value, rda_row."""
    relpath, obj = BUDGET_RDA_FILES[kind]
    raw = _read_r(relpath, obj)
    raw["rda_row"] = raw.index + 1
    raw = raw[raw["prov"].notna()].reset_index(drop=True)  # name-matching failures (SOURCE.md)
    raw["province_code"] = resolve_names(raw["prov"].astype(str), "64", relpath=relpath,
                                         sheet=obj, rows=raw["rda_row"])
    raw["year"] = raw["year"].astype(int)
    balancing_only = (raw["year"] >= 2013) if kind == "plan" else False
    columns = {"total.rev": "revenue_mvnd", "total.exp": "expenditure_mvnd",
               "ratio": "retention_ratio_percent", "target.trans": "transfer_targeted_mvnd"}
    parts = [raw.assign(indicator=f"budget_{kind}_{ind}", rda_value=raw[col])
             for col, ind in columns.items()]
    bal = raw.assign(rda_value=raw["balance.trans"], indicator=np.where(
        balancing_only, f"budget_{kind}_transfer_balancing_mvnd",
        f"budget_{kind}_transfer_total_mvnd"))
    out = pd.concat([*parts, bal], ignore_index=True)
    out = out[["province_code", "year", "indicator", "rda_value", "rda_row"]]
    return out.dropna(subset=["rda_value"])


def budget_rda_comparison() -> pd.DataFrame:
    """Compare the raw-parsed budget with the author's ``.rda`` data frames.

    Every (province, year, indicator) present in both is returned with ``value`` (MOF
    workbook), ``rda_value``, ``diff`` and the raw ``row``; ``balance.trans`` is compared with
    the total-transfer column (balancing column in plan 2013 onwards), as budget/SOURCE.md
    explains.

    Examples
    --------
    >>> import par_analysis as pa
    >>> cmp = pa.budget_rda_comparison()
    >>> len(cmp[cmp["diff"].abs() > 0.5])  # no value differs by more than 0.5
    0
    """
    rda = pd.concat([_rda_values("plan"), _rda_values("final")], ignore_index=True)
    ours = load_budget()[["province_code", "year", "indicator", "value", "raw_file", "row",
                          "note"]]
    both = ours.merge(rda, on=["province_code", "year", "indicator"], how="inner")
    both["diff"] = both["value"] - both["rda_value"]
    return both.sort_values(["indicator", "year", "province_code"], ignore_index=True)


INDICATORS = {**INDICATORS_POPULATION, **INDICATORS_GRDP, **INDICATORS_BUDGET}


def load_controls(refresh: bool = False) -> pd.DataFrame:
    """Load every control (population, GRDP with the latest yearbook vintage, budget) in one frame.

    Parameters
    ----------
    refresh : bool
        Rebuild every cache.

    Returns
    -------
    pandas.DataFrame
        The concatenation of :func:`load_population`, :func:`load_grdp` and :func:`load_budget`
        (extra columns ``note`` and ``vintage`` are NA where they do not apply).

    Examples
    --------
    >>> import par_analysis as pa
    >>> controls = pa.load_controls()
    >>> sorted(controls["source"].unique())  # doctest: +NORMALIZE_WHITESPACE
    ['grdp_secondary', 'grdp_yearbooks', 'gso_web', 'mof_final_workbook',
     'mof_plan_workbook']
    """
    # each part is validated (population and budget when built, GRDP when its vintage is
    # chosen) and their source ids differ, so the concatenation needs no second check
    parts = [load_population(refresh), load_grdp(refresh=refresh), load_budget(refresh)]
    return pd.concat(parts, ignore_index=True)
