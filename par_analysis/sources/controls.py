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
* :func:`load_budget`: MOF plan (2006-2017) and final accounts (2006-2014), from the CC0
  ``vietnamdata`` data frames ``VNbudget_plan.rda`` / ``VNbudget_final.rda`` read with pyreadr
  (the raw MOF workbooks are not parsed here).

Series breaks are never spliced: GSO's 2019 GRDP re-evaluation and the 2019-census population
revision give distinct indicators (``grdp_current_bn_vnd_pre2019rev`` vs
``grdp_current_bn_vnd_rev2019``; ``population_thousand_gso2016`` vs
``population_thousand_rev2019``).
"""

from __future__ import annotations

import re

import pandas as pd

from ..errors import RawDataError
from ..registry import raw_path
from ..schema import Indicator, tidy_frame, validate_tidy
from ._common import GRDP_SECONDARY, parse_number, read_grdp_secondary, read_gso_csv, resolve_names

_VERSION = "1"

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


def _layout_for(year: int) -> str:
    return "64" if year <= 2007 else "63"


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
                    records.append({
                        "province_code": code, "layout": _layout_for(year), "year": year,
                        "source": "gso_web", "indicator": ind, "value": value,
                        "unit": INDICATORS_POPULATION[ind].unit, "raw_file": relpath,
                        "row": int(rec["line"]), "note": note,
                    })
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
    >>> pop = pa.load_population()  # doctest: +SKIP
    >>> pop.query("province_code == '40' and year == 2009 and "
    ...           "indicator == 'population_thousand_gso2016'").value.item()  # doctest: +SKIP
    2914.5
    """
    from ..cache import cached

    return cached("controls_population", POPULATION_FILES.values(), _build_population,
                  version=_VERSION, refresh=refresh)


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

    objects = pyreadr.read_r(str(raw_path(relpath)))
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
            layout = "64" if (year <= 2007 and rec.post_2008 != 1) else "63"
            records.append({
                "province_code": rec.province_code, "layout": layout, "year": year,
                "source": "grdp_yearbooks",
                "indicator": f"{_GRDP_STATISTICS[rec.statistic]}_{tag}_bn_vnd_pre2019rev",
                "value": float(getattr(rec, price)), "unit": "bn_vnd", "raw_file": relpath,
                "sheet": "gdp_clean", "row": int(rec.row), "vintage": int(rec.yearbook_year),
            })
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
    >>> grdp_flags()[["province_code", "year", "grdp"]]  # doctest: +SKIP
    """
    raw = _secondary_raw().sort_values(["province_code", "year"])
    previous = raw.groupby("province_code")["grdp"].shift()
    flagged = raw[raw["grdp"] < GRDP_DROP_RATIO * previous].copy()
    flagged["previous_grdp"] = previous[flagged.index]
    flagged["rule"] = f"grdp < {GRDP_DROP_RATIO:g} x previous year"
    return flagged[["province_code", "name", "year", "grdp", "previous_grdp", "row", "rule"]]


def _build_grdp_secondary() -> pd.DataFrame:
    raw = _secondary_raw()
    drop = set(grdp_flags()["row"])
    records = []
    for column, ind in _SECONDARY_COLUMNS.items():
        for rec in raw.itertuples(index=False):
            value = getattr(rec, column)
            if pd.isna(value) or (column == "grdp" and rec.row in drop):
                continue
            year = int(rec.year)
            if column == "grdp" and year == 2016:
                # 2016 is the pre-revision yearbook value (grdp_secondary/SOURCE.md)
                ind_year = "grdp_current_bn_vnd_pre2019rev"
            else:
                ind_year = ind
            records.append({
                "province_code": rec.province_code, "layout": "63", "year": year,
                "source": "grdp_secondary", "indicator": ind_year, "value": float(value),
                "unit": INDICATORS_GRDP[ind_year].unit, "raw_file": GRDP_SECONDARY,
                "row": int(rec.row),
            })
    return tidy_frame(records)


def _build_grdp() -> pd.DataFrame:
    df = pd.concat([_build_grdp_vintages(), _build_grdp_secondary()], ignore_index=True)
    return df


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
        "grdp_secondary"``: ``grdp_current_bn_vnd_rev2019`` 2017-2022 (its 2016 value is
        pre-revision and is given as ``grdp_current_bn_vnd_pre2019rev``),
        ``population_thousand_rev2019``, ``population_urban_thousand_rev2019`` and
        ``new_enterprises`` 2016-2022. Values flagged by :func:`grdp_flags` are excluded.

    Examples
    --------
    >>> import par_analysis as pa
    >>> grdp = pa.load_grdp()  # doctest: +SKIP
    >>> sel = grdp.query("province_code == '40' and year == 2010 and source == 'grdp_yearbooks' "
    ...                  "and indicator == 'grdp_current_bn_vnd_pre2019rev'")  # doctest: +SKIP
    >>> sel.value.round(1).item()  # doctest: +SKIP
    42168.5
    """
    from ..cache import cached

    df = cached("controls_grdp", [GRDP_RDATA, GRDP_SECONDARY], _build_grdp, version=_VERSION,
                refresh=refresh)
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
# budget

BUDGET_FILES = {"plan": ("budget/VNbudget_plan.rda", "VNbudget_plan"),
                "final": ("budget/VNbudget_final.rda", "VNbudget_final")}
# final-account rows whose province name the vietnamdata pipeline failed to match (prov = NA);
# their values cannot be attributed from the .rda, so they are excluded (budget/SOURCE.md)
_UNNAMED_FINAL_ROWS = {2006: 3, 2008: 1}
_BALANCE_IS_TOTAL_PLAN_YEARS = range(2006, 2013)   # plan: balance.trans = total transfers
_BALANCE_IS_BALANCING_PLAN_YEARS = range(2013, 2017)  # plan: balancing transfers only

INDICATORS_BUDGET = {
    f"budget_{kind}_{name}": Indicator(unit, lo, label=f"{label} ({kind})")
    for kind in ("plan", "final")
    for name, unit, lo, label in [
        ("revenue_mvnd", "million_vnd", 0, "State revenue collected in the province"),
        ("expenditure_mvnd", "million_vnd", 0, "Balanced local expenditure"),
        ("retention_ratio_percent", "percent", 0, "Share of shared revenues retained"),
        ("transfer_total_mvnd", "million_vnd", 0, "Transfers from the centre, total"),
        ("transfer_balancing_mvnd", "million_vnd", 0, "Balancing transfers"),
        ("transfer_targeted_mvnd", "million_vnd", 0, "Targeted transfers"),
        ("net_transfer_mvnd", "million_vnd", float("-inf"), "Expenditure minus revenue"),
    ]
}


def _budget_rows(kind: str) -> list[dict]:
    relpath, obj = BUDGET_FILES[kind]
    raw = _read_r(relpath, obj)
    raw["row"] = raw.index + 1
    unnamed = raw[raw["prov"].isna()]
    if kind == "final":
        counts = unnamed.groupby("year").size().to_dict()
        if {int(k): v for k, v in counts.items()} != _UNNAMED_FINAL_ROWS:
            raise RawDataError("unexpected rows without a province name", file=relpath,
                               sheet=obj, value=counts,
                               hint="Update _UNNAMED_FINAL_ROWS after checking the raw file")
    elif len(unnamed):
        raise RawDataError("row without a province name", file=relpath, sheet=obj,
                           row=int(unnamed["row"].iloc[0]))
    raw = raw[raw["prov"].notna()].reset_index(drop=True)
    years = raw["year"].astype(int)
    codes = resolve_names(raw["prov"].astype(str), "64", relpath=relpath, sheet=obj,
                          rows=raw["row"])
    # a year whose table lists Ha Tay is layout "64" (the 2008 plan predates the merger)
    years_64 = set(years[[c == "28" for c in codes]])
    records = []

    def add(i, name, value, note=pd.NA):
        if pd.isna(value):
            return
        year = int(years[i])
        records.append({
            "province_code": codes[i], "layout": "64" if year in years_64 else "63",
            "year": year,
            "source": f"mof_{kind}_vietnamdata", "indicator": f"budget_{kind}_{name}",
            "value": float(value), "unit": INDICATORS_BUDGET[f"budget_{kind}_{name}"].unit,
            "raw_file": relpath, "sheet": obj, "row": int(raw.at[i, "row"]), "note": note,
        })

    for i in range(len(raw)):
        rec = raw.iloc[i]
        year = int(years[i])
        add(i, "revenue_mvnd", rec["total.rev"])
        add(i, "expenditure_mvnd", rec["total.exp"])
        add(i, "retention_ratio_percent", rec["ratio"])
        if pd.notna(rec["total.exp"]) and pd.notna(rec["total.rev"]):
            add(i, "net_transfer_mvnd", rec["total.exp"] - rec["total.rev"])
        if kind == "final" or year in _BALANCE_IS_TOTAL_PLAN_YEARS:
            add(i, "transfer_total_mvnd", rec["balance.trans"])
            add(i, "transfer_targeted_mvnd", rec["target.trans"])
        elif year in _BALANCE_IS_BALANCING_PLAN_YEARS:
            add(i, "transfer_balancing_mvnd", rec["balance.trans"])
            add(i, "transfer_targeted_mvnd", rec["target.trans"])
            add(i, "transfer_total_mvnd", rec["balance.trans"] + rec["target.trans"],
                note="recomputed: balancing + targeted (balance.trans is balancing only)")
        # plan 2017: meaning of balance.trans unverified and project.trans duplicates
        # target.trans (budget/SOURCE.md): no transfer indicator for that year
    return records


def _build_budget() -> pd.DataFrame:
    df = tidy_frame(_budget_rows("plan") + _budget_rows("final"))
    df["note"] = df["note"].astype("string")
    return validate_tidy(df, INDICATORS_BUDGET)


def load_budget(refresh: bool = False) -> pd.DataFrame:
    """Load provincial budget plans (2006-2017) and final accounts (2006-2014), million VND.

    Read from the CC0 ``vietnamdata`` data frames (``VNbudget_plan.rda``,
    ``VNbudget_final.rda``) with pyreadr; the raw MOF workbooks are not re-parsed. The
    ``balance.trans`` column changes meaning (budget/SOURCE.md), so:

    * plan 2006-2012 and every final year: ``budget_*_transfer_total_mvnd``;
    * plan 2013-2016: ``budget_plan_transfer_balancing_mvnd``, and
      ``budget_plan_transfer_total_mvnd`` recomputed as balancing + targeted
      (``note`` says so);
    * plan 2017: no transfer indicators (meaning unverified; project transfers duplicate
      targeted ones).

    A year whose table lists Ha Tay is layout ``"64"`` (2006-2007, and the 2008 plan, drawn up
    before the August 2008 merger); other years are ``"63"``.

    ``budget_*_net_transfer_mvnd`` is expenditure minus revenue. Four final-account rows
    (2006: 3, 2008: 1) have no province name in the .rda and are excluded; any other count
    raises.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache.

    Returns
    -------
    pandas.DataFrame
        Tidy table, sources ``mof_plan_vietnamdata`` and ``mof_final_vietnamdata``; extra
        column ``note``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> b = pa.load_budget()  # doctest: +SKIP
    >>> b.query("province_code == '40' and year == 2011 and "
    ...         "indicator == 'budget_final_revenue_mvnd'").value.item()  # doctest: +SKIP
    11164160.0
    """
    from ..cache import cached

    return cached("controls_budget", [f for f, _ in BUDGET_FILES.values()], _build_budget,
                  version=_VERSION, refresh=refresh)


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
    >>> controls = pa.load_controls()  # doctest: +SKIP
    >>> sorted(controls.source.unique())  # doctest: +SKIP
    ['gso_web', 'grdp_secondary', 'grdp_yearbooks', 'mof_final_vietnamdata', 'mof_plan_vietnamdata']
    """
    parts = [load_population(refresh), load_grdp(refresh=refresh), load_budget(refresh)]
    df = pd.concat(parts, ignore_index=True)
    return validate_tidy(df, INDICATORS)
