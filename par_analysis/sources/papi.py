"""PAPI 2011-2024 from the sub-dimension files of ``hnks-gh/ml-mcdm`` (``papi/ml-mcdm``).

PAPI is the Provincial Governance and Public Administration Performance Index (CECODES, VFF-CRT,
UNDP).

The files hold one row per province (``P01``...``P63``) and 29 sub-dimension columns
``SC11``...``SC83`` whose first digit is the dimension. Their codebook names every column with the
2018+ label, which is wrong for earlier years (``papi/SOURCE.md``): before 2018 ``SC21`` holds
*poverty lists*, not *access to information*. :data:`ERAS` is the manifest that says what each
column measures in each era, and every sub-dimension indicator is named by what it measures.

Dimensions are sums of their sub-dimensions, totals sums of the dimensions. A dimension with an
empty sub-dimension cell is missing (never a partial sum) unless the manifest declares the column
structurally absent in that era; dimensions whose composition differs from the main 2018-2024
design carry a ``note``. The 6-dimension total (``papi_total_6dim``, 2011-2017) and the
8-dimension total (``papi_total_8dim``, 2018-2024) are different indicators. Provinces the publisher
left out of a year have no rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from ..errors import RawDataError
from ..schema import Indicator, tidy_frame, tidy_record, validate_tidy
from ._common import cell_text, parse_number, read_csv, read_sheet, resolve_names
from .catalog import load_cached

SOURCE = "papi_mlmcdm"
YEARS = range(2011, 2025)
CSV = "papi/ml-mcdm/{year}.csv"
CODEBOOK = "papi/ml-mcdm/codebook/codebook_provinces.csv"
OFFICIAL = "papi/vietnam_elections/PAPI 2011-2019.xlsx"

DIMENSIONS = {
    1: "papi_participation",
    2: "papi_transparency",
    3: "papi_vertical_accountability",
    4: "papi_control_of_corruption",
    5: "papi_public_administrative_procedures",
    6: "papi_public_service_delivery",
    7: "papi_environmental_governance",
    8: "papi_e_governance",
}

# what each column measures (suffix after the dimension name), by era
_COMMON = {
    "SC11": "civic_knowledge", "SC12": "opportunities_for_participation",
    "SC13": "quality_of_elections", "SC14": "voluntary_contributions",
    "SC31": "interactions_with_local_authorities",
    "SC41": "limits_on_local_government_corruption",
    "SC42": "limits_on_corruption_in_service_delivery", "SC43": "equity_in_state_employment",
    "SC44": "willingness_to_fight_corruption",
    "SC51": "certification_procedures", "SC52": "construction_permits",
    "SC53": "land_title_procedures", "SC54": "personal_procedures",
    "SC61": "public_health", "SC62": "public_primary_education",
    "SC63": "basic_infrastructure", "SC64": "law_and_order",
}
_TRANSPARENCY_2011 = {"SC21": "poverty_lists", "SC22": "communal_budget", "SC23": "land_use_plans"}
_TRANSPARENCY_2018 = {"SC21": "access_to_information", "SC22": "poverty_lists",
                      "SC23": "communal_budget", "SC24": "land_use_plans"}
_ACCOUNTABILITY_2011 = {"SC32": "peoples_inspection_boards",
                        "SC33": "community_investment_supervision_boards"}
_ACCOUNTABILITY_2016 = {"SC32": "responsiveness_to_citizen_actions",
                        "SC33": "peoples_inspection_boards"}
_ACCOUNTABILITY_2018 = {"SC32": "response_to_citizen_appeals", "SC33": "access_to_justice"}
_ENVIRONMENT = {"SC71": "environmental_protection", "SC72": "quality_of_air",
                "SC73": "quality_of_water"}
_EGOV_2 = {"SC81": "access_to_e_government_portals", "SC82": "access_to_internet"}
_EGOV_3 = {**_EGOV_2, "SC83": "e_responsiveness"}
_NO_PERMITS = {k: v for k, v in _COMMON.items() if k != "SC52"}


@dataclass(frozen=True)
class Era:
    """Which columns a range of years holds, what they measure, and what the totals are.

    ``columns`` maps every column the era holds to what it measures; any other ``SC`` column must
    be empty in those years. ``notes`` flags dimensions whose composition differs from the main
    2018-2024 design.
    """

    years: range
    columns: dict
    total: str
    notes: dict


ERAS = (
    Era(range(2011, 2016), {**_COMMON, **_TRANSPARENCY_2011, **_ACCOUNTABILITY_2011},
        "papi_total_6dim", {}),
    Era(range(2016, 2018), {**_COMMON, **_TRANSPARENCY_2011, **_ACCOUNTABILITY_2016},
        "papi_total_6dim", {}),
    Era(range(2018, 2019), {**_COMMON, **_TRANSPARENCY_2018, **_ACCOUNTABILITY_2018,
                            **_ENVIRONMENT, **_EGOV_2}, "papi_total_8dim",
        {"papi_e_governance":
         "2018: two sub-dimensions (no e-responsiveness), each on a wider scale"}),
    Era(range(2019, 2021), {**_COMMON, **_TRANSPARENCY_2018, **_ACCOUNTABILITY_2018,
                            **_ENVIRONMENT, **_EGOV_3}, "papi_total_8dim", {}),
    Era(range(2021, 2025), {**_NO_PERMITS, **_TRANSPARENCY_2018, **_ACCOUNTABILITY_2018,
                            **_ENVIRONMENT, **_EGOV_3}, "papi_total_8dim",
        {"papi_public_administrative_procedures":
         "2021-: three sub-dimensions (construction permits dropped), each rescaled to 0.33-3.33"}),
)
_TOTAL_NOTES = {2018: "includes the two-sub-dimension e-governance of 2018",
                **{y: "public administrative procedures without construction permits"
                   for y in range(2021, 2025)}}


def era_of(year: int) -> Era:
    """Return the :class:`Era` of a PAPI year.

    Parameters
    ----------
    year : int
        A PAPI edition year covered by :data:`YEARS`; other years raise ``ValueError``.

    Examples
    --------
    >>> era_of(2015).columns["SC21"], era_of(2018).columns["SC21"]
    ('poverty_lists', 'access_to_information')
    """
    for era in ERAS:
        if year in era.years:
            return era
    raise ValueError(f"no PAPI era for {year}; the manifest covers {YEARS.start}-{YEARS.stop - 1}")


def _indicator_name(column: str, measure: str) -> str:
    return f"{DIMENSIONS[int(column[2])]}_{measure}"


def _indicators() -> dict[str, Indicator]:
    out = {}
    for era in ERAS:
        for column, measure in era.columns.items():
            dim = DIMENSIONS[int(column[2])]
            out[_indicator_name(column, measure)] = Indicator(
                unit="index_subdimension", lo=0, hi=5, label=f"PAPI {measure.replace('_', ' ')}",
                description=f"sub-dimension of {dim}",
            )
    for dim in DIMENSIONS.values():
        out[dim] = Indicator(unit="index_1_10", lo=0, hi=10,
                             label=dim.removeprefix("papi_").replace("_", " ").capitalize(),
                             description="PAPI dimension: sum of its sub-dimensions")
    out["papi_total_6dim"] = Indicator(
        unit="index_6_60", lo=6, hi=60, label="PAPI total, 6 dimensions (2011-2017)",
        description="unweighted sum of the six dimensions")
    out["papi_total_8dim"] = Indicator(
        unit="index_8_80", lo=8, hi=80, label="PAPI total, 8 dimensions (2018-)",
        description="unweighted sum of the eight dimensions")
    return out


INDICATORS = _indicators()


def _province_codes() -> dict[str, str]:
    book = read_csv(CODEBOOK, columns=["Variable_Code", "Variable_Name"], min_rows=1, dtype=str,
                    keep_default_na=False)
    codes = resolve_names(book["Variable_Name"], "63", relpath=CODEBOOK,
                          rows=range(2, len(book) + 2))
    return dict(zip(book["Variable_Code"], codes, strict=True))


def _read_year(year: int, codes: dict[str, str]) -> list[dict]:
    rel = CSV.format(year=year)
    table = read_csv(rel, columns=["Province"], min_rows=1, dtype=str, keep_default_na=False)
    era = era_of(year)
    sc_cols = [c for c in table.columns if c.startswith("SC")]
    unknown = [c for c in sc_cols if not (len(c) == 4 and int(c[2]) in DIMENSIONS)]
    if unknown or "Province" not in table.columns:
        raise RawDataError("unexpected columns", file=rel, row=1, value=unknown or list(table))
    records = []
    seen = set()
    for i, rec in table.iterrows():
        row = int(i) + 2
        pid = rec["Province"]
        if pid not in codes:
            raise RawDataError("province id not in the codebook", file=rel, row=row, value=pid)
        if pid in seen:
            raise RawDataError("duplicate province", file=rel, row=row, value=pid)
        seen.add(pid)
        values = {c: parse_number(rec[c], relpath=rel, row=row) for c in sc_cols}
        stray = [c for c in sc_cols if c not in era.columns and not np.isnan(values[c])]
        if stray:
            raise RawDataError(
                f"value in a column the {year} era does not hold ({stray[0]})", file=rel,
                row=row, value=values[stray[0]], hint="Update papi.ERAS if PAPI changed design")
        if all(np.isnan(values[c]) for c in era.columns):
            continue  # province left out by the publisher that year: no rows
        record = partial(tidy_record, INDICATORS, province_code=codes[pid], layout="63",
                         year=year, source=SOURCE, raw_file=rel, row=row)
        dim_values: dict[str, float] = {}
        for d, dim in DIMENSIONS.items():
            cols = [c for c in era.columns if int(c[2]) == d]
            if not cols:
                continue
            subs = [values[c] for c in cols]
            for c, v in zip(cols, subs, strict=True):
                if not np.isnan(v):
                    name = _indicator_name(c, era.columns[c])
                    records.append(record(name, v, column=c))
            dim_values[dim] = float(np.sum(subs)) if not np.isnan(subs).any() else np.nan
            if not np.isnan(dim_values[dim]):
                records.append(record(dim, dim_values[dim], column="+".join(cols),
                                      note=era.notes.get(dim)))
        if not np.isnan(list(dim_values.values())).any():
            records.append(record(era.total, sum(dim_values.values()), column="all",
                                  note=_TOTAL_NOTES.get(year)))
    return records


# province-years the publisher did not assess although the file holds numbers for them, with the
# page that says so: their rows are left out of load_papi()
NOT_ASSESSED = {
    (2022, "24"): "Bắc Giang", (2022, "27"): "Bắc Ninh",
}
NOT_ASSESSED_SOURCE = (
    "https://thitruongbiz.vn/quang-ninh-dan-dau-ve-hieu-qua-quan-tri-va-hanh-chinh-cong-cap-tinh"
    "-10955.html",
    "Có 2 tỉnh là Bắc Ninh, Bắc Giang - không đưa vào đánh giá do dữ liệu khảo sát không chính "
    "xác.",
)


def papi_not_assessed() -> pd.DataFrame:
    """Return the province-years PAPI did not assess, left out of :func:`load_papi`, and why.

    Examples
    --------
    >>> from par_analysis.sources.papi import papi_not_assessed
    >>> papi_not_assessed()[["year", "province_code", "province"]].values.tolist()
    [[2022, '24', 'Bắc Giang'], [2022, '27', 'Bắc Ninh']]
    """
    url, quote = NOT_ASSESSED_SOURCE
    return pd.DataFrame([{"year": y, "province_code": c, "province": n, "source_url": url,
                          "quote": quote} for (y, c), n in sorted(NOT_ASSESSED.items())])


def _build() -> pd.DataFrame:
    codes = _province_codes()
    records = [r for year in YEARS for r in _read_year(year, codes)
               if (year, r["province_code"]) not in NOT_ASSESSED]
    df = tidy_frame(records)
    df["column"] = df["column"].astype("string")
    df["note"] = df["note"].astype("string")
    return validate_tidy(df, INDICATORS)


def load_papi(refresh: bool = False) -> pd.DataFrame:
    """Load PAPI 2011-2024: sub-dimensions, dimensions and totals, one tidy row each.

    Sub-dimension indicators are named ``<dimension>_<what it measures>`` following the era manifest
    :data:`ERAS` (e.g. ``papi_transparency_poverty_lists`` is column ``SC21`` in 2011-2017 and
    ``SC22`` from 2018). Dimensions (``papi_participation`` ... ``papi_e_governance``) are sums of
    their sub-dimensions and missing when any of them is; ``papi_total_6dim`` (2011-2017) and
    ``papi_total_8dim`` (2018-2024) are unweighted sums of the dimensions and different indicators.
    Extra columns: ``column`` (the ``SC`` columns summed) and ``note`` (composition differences:
    2018 e-governance has two sub-dimensions, 2021+ administrative procedures three). Province-years
    the publisher did not assess (Bắc Ninh and Bắc Giang 2022: survey data rejected) are left out
    although the file holds partial numbers for them (:func:`papi_not_assessed`).

    Parameters
    ----------
    refresh : bool
        Rebuild the cache.

    Returns
    -------
    pandas.DataFrame
        Tidy table, ``source="papi_mlmcdm"``, layout ``"63"``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> papi = pa.load_papi()
    >>> papi.query("year == 2023 and province_code == '46' and indicator == 'papi_total_8dim'")[
    ...     "value"].round(4).item()
    46.0415
    """
    files = [CODEBOOK, *(CSV.format(year=y) for y in YEARS)]
    return load_cached("papi", files, _build, refresh=refresh)


def _official_sheet(year: int) -> pd.DataFrame:
    """Read one sheet of the official compilation as (province_code, column, value) rows."""
    sheet = f"{year}_PAPI"
    cells = read_sheet(OFFICIAL, sheet)
    header = [cell_text(v) for v in cells.iloc[0]]
    if header[:3] != ["tinhid", "tentinh_eng", "tentinh_vie"]:
        raise RawDataError("unexpected header", file=OFFICIAL, sheet=sheet, row=1,
                           value=header[:3])
    body = cells.iloc[2:]
    body = body[body[1].map(cell_text) != "Highest"]
    rows = [int(i) + 1 for i in body.index]
    codes = resolve_names(body[1].map(cell_text), "63", relpath=OFFICIAL, sheet=sheet, rows=rows)
    # columns: each dimension followed by its sub-dimensions; 2011-2017 end with the total
    labels, dim, sub = [], 0, 0
    dim_names = {"participation", "transparency", "vertical accountability",
                 "control of corruption", "public administrative procedures",
                 "public service delivery", "environmental governance", "e-governance"}
    for j, name in enumerate(header[3:], start=3):
        key = name.lower().removesuffix(" at local levels")
        if key in dim_names:
            dim, sub = dim + 1, 0
            labels.append((j, DIMENSIONS[dim]))
        elif "weighted" in key:
            labels.append((j, "total"))
        else:
            sub += 1
            labels.append((j, f"SC{dim}{sub}"))
    out = []
    for (_, rec), code, row in zip(body.iterrows(), codes, rows, strict=True):
        for j, label in labels:
            value = parse_number(rec[j], relpath=OFFICIAL, sheet=sheet, row=row)
            out.append({"province_code": code, "column": label, "official": value,
                        "sheet": sheet, "row": row})
    return pd.DataFrame(out)


def papi_comparison(tolerance: float = 1e-4) -> pd.DataFrame:
    """Cross-check 2011-2019 against the official compilation ``PAPI 2011-2019.xlsx``.

    Compares every sub-dimension, dimension and (2011-2017) unweighted total of :func:`load_papi`
    with the official sheets ``2011_PAPI`` ... ``2019_PAPI``; sub-dimensions are matched by their
    position inside the dimension block, dimensions by name.

    Parameters
    ----------
    tolerance : float
        Largest absolute difference counted as agreement.

    Returns
    -------
    pandas.DataFrame
        One row per cell that differs by more than ``tolerance`` or is present on one side only:
        ``year, province_code, column, indicator, value, official, diff, sheet, row``. Today two
        rows: the official file prints a 0 total for the provinces PAPI left out in 2014.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.papi_comparison()[["year", "province_code", "column", "official"]].values.tolist()
    [[2014, '24', 'total', 0.0], [2014, '87', 'total', 0.0]]
    """
    papi = load_papi()
    ours = papi[papi["year"] <= 2019].copy()
    is_sub = ours["column"].str.fullmatch(r"SC\d\d")
    ours["key"] = ours["indicator"].where(~is_sub, ours["column"])
    ours["key"] = ours["key"].where(~ours["indicator"].str.startswith("papi_total"), "total")
    frames = []
    for year in range(2011, 2020):
        off = _official_sheet(year).rename(columns={"column": "key"})
        off["year"] = year
        frames.append(off)
    official = pd.concat(frames, ignore_index=True)
    # compare only what the official sheet of that year has (2018-2019 print no total)
    keys = official[["year", "key"]].drop_duplicates()
    ours = ours.merge(keys, on=["year", "key"])
    merged = official.merge(
        ours[["year", "province_code", "key", "indicator", "value"]],
        on=["year", "province_code", "key"], how="outer",
    )
    merged["diff"] = merged["value"] - merged["official"]
    one_sided = merged["value"].isna() != merged["official"].isna()
    bad = one_sided | (merged["diff"].abs() > tolerance)
    cols = ["year", "province_code", "key", "indicator", "value", "official", "diff", "sheet",
            "row"]
    out = merged.loc[bad, cols].rename(columns={"key": "column"})
    return out.sort_values(["year", "province_code", "column"]).reset_index(drop=True)
