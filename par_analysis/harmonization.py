"""Aggregate province series into a later layout: 64 -> 63 (Ha Tay into Ha Noi) and 63 -> 34.

Both reforms merged whole provinces, so every old province belongs to exactly one new unit
(:func:`par_analysis.crosswalk`) and a series can be carried forward by aggregation; nothing can
be split backwards. How a unit's members are combined depends on what the number is, decided by
its ``unit`` column through :data:`UNIT_RULES`:

* ``"sum"`` -- flows and stocks (US$ million, counts, persons, area, VND): the new unit's value
  is the sum of its members. National totals are conserved.
* ``"mean"`` -- scores, indices, shares and per-capita values: a weighted mean of the members,
  by population by default. For a per-capita value weighted by population this is exact; for an
  index it is a modelling choice (what the merged province would have scored is unknown), so the
  weights are an argument.
  Units not listed that start with ``index`` or end with ``_per_capita`` or ``_per_km2`` are
  means too. A ``percent`` that is a ratio of two sums (a budget retention ratio, a growth rate)
  is only approximated by a population-weighted mean: harmonise numerator and denominator and
  divide instead.
* ``"error"`` -- ranks cannot be aggregated: rank the harmonised values again
  (:func:`par_analysis.metrics.rank`).

A new unit whose members are not all present in a year is left out (missing, never a partial
sum that looks complete) unless ``allow_partial=True``; either way the result says how many
members it had (``n_members_present``) and ``attrs["incomplete"]`` lists the units left out
(records: ``pd.DataFrame(result.attrs["incomplete"])``).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from .metrics import without_attrs
from .province_table import REGIONS, crosswalk, known_codes, province_mask
from .schema import TIDY_COLUMNS, UNITS, AttrRecords, check_values, unit_of
from .vocab import WEIGHTS, check_choice

# unit -> rule, from the one declaration of units (par_analysis.schema.UNITS)
UNIT_RULES = {name: unit.rule for name, unit in UNITS.items()}


def _rule_table(data: pd.DataFrame, how) -> pd.DataFrame:
    """One row per (indicator, unit) present, with its rule."""
    pairs = data[["indicator", "unit"]].drop_duplicates().reset_index(drop=True)
    rules = []
    for ind, unit in pairs.itertuples(index=False):
        if isinstance(how, str):
            rule = how
        elif isinstance(how, dict) and ind in how:
            rule = how[ind]
        elif isinstance(how, dict) and unit in how:
            rule = how[unit]
        else:
            try:
                rule = unit_of(unit).rule
            except ValueError:
                raise ValueError(
                    f"no aggregation rule for indicator {ind!r} with unit {unit!r}: pass "
                    f"how={{{ind!r}: 'sum'}} or 'mean' (sums for flows and stocks, weighted means "
                    "for scores, shares and per-capita values)") from None
        check_choice(rule, "Rule", f"rule for {ind!r}")
        if rule == "error":
            raise ValueError(
                f"indicator {ind!r} has unit {unit!r}, which cannot be aggregated across merged "
                "provinces; harmonize the underlying values and rank them again "
                "(par_analysis.metrics.rank)"
            )
        rules.append(rule)
    return pairs.assign(rule=rules)


def _total_population(pop: pd.DataFrame) -> pd.DataFrame:
    """Keep the total-population series (not male/female/urban/rural), the most recent first."""
    names = [n for n in pop["indicator"].unique()
             if re.match(r"^population(_total|_avg|_thousand)?(_|$)", n)
             and not re.search(r"male|female|urban|rural", n)]
    if not names:
        raise ValueError("load_population() has no total-population indicator; pass weights")
    pop = pop[pop["indicator"].isin(names)]
    order = pop.groupby("indicator")["year"].max().sort_values(ascending=False).index.tolist()
    pop = pop.assign(_order=pop["indicator"].map({n: i for i, n in enumerate(order)}))
    return pop.sort_values(["_order", "source"]).drop_duplicates(["province_code", "year"])


def _population_weights() -> pd.DataFrame:
    """Return total population by province-year (province_code, year, weight).

    From load_population() plus the later series in load_controls(); the series reaching the
    latest year wins where both have a value.
    """
    from .sources.controls import load_controls, load_population

    ctl = load_controls()
    pop = pd.concat([load_population(), ctl[ctl["indicator"].str.startswith("population")]],
                    ignore_index=True)
    pop = pop[province_mask(pop["province_code"])]
    pop = _total_population(pop)
    return pop[["province_code", "year", "value"]].rename(columns={"value": "weight"})


def _area_weights() -> pd.DataFrame:
    from .sources.controls import load_controls

    ctl = load_controls()
    ctl = ctl[province_mask(ctl["province_code"])]
    area = ctl[ctl["indicator"].str.startswith("area")]
    if area.empty:
        raise ValueError("load_controls() has no area indicator; pass a weights DataFrame")
    area = area.sort_values("source").drop_duplicates(["province_code", "year"])
    return area[["province_code", "year", "value"]].rename(columns={"value": "weight"})


def _weight_frame(weights, data: pd.DataFrame) -> pd.DataFrame:
    """Return (province_code, year, weight) for every province-year of ``data``.

    A year without a weight takes the weight of the province's nearest year with one (population
    shares move slowly; this lets pre-2010 or 2024 values be weighted).
    """
    need = data[["province_code", "year"]].drop_duplicates()
    if isinstance(weights, str):
        if weights not in WEIGHTS:
            raise ValueError(f"weights must be a DataFrame or one of {WEIGHTS}, got {weights!r}")
        if weights == "equal":
            return need.assign(weight=1.0)
        table = _population_weights() if weights == "population" else _area_weights()
    else:
        table = pd.DataFrame(weights)
        missing = {"province_code", "year", "weight"} - set(table.columns)
        if missing:
            raise ValueError(
                f"weights needs columns province_code, year, weight; missing {sorted(missing)}")
        table = table[["province_code", "year", "weight"]]
    table = table.dropna(subset=["weight"]).astype({"province_code": "string", "year": "int64",
                                                     "weight": "float64"})
    if (table["weight"] < 0).any():
        raise ValueError("weights must be non-negative")
    need = need.dropna().astype({"province_code": "string", "year": "int64"}).sort_values("year")
    table = table.assign(_at=table["year"]).sort_values("year")
    # the nearest year with a weight; of two as near, the earlier
    before, after = (pd.merge_asof(need, table, on="year", by="province_code", direction=d)
                     for d in ("backward", "forward"))
    later = before["_at"].isna() | ((after["year"] - after["_at"]).abs()
                                    < (before["year"] - before["_at"]).abs())
    out = before.assign(weight=before["weight"].where(~later, after["weight"]))
    out = out.dropna(subset=["weight"])[["province_code", "year", "weight"]]
    return out.sort_values(["province_code", "year"]).reset_index(drop=True)


def _join_unique(values: pd.Series) -> str | None:
    vals = sorted({str(v) for v in values if not pd.isna(v)})
    return "|".join(vals) if vals else None


def harmonize(data: pd.DataFrame, to_layout: str = "34", weights="population", how=None,
              allow_partial: bool = False, warn: bool = True) -> pd.DataFrame:
    """Aggregate a tidy province series into the units of a later layout.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy frame (:mod:`par_analysis.schema`) in layout ``"63"`` or ``"64"`` (rows already in
        ``to_layout`` are returned unchanged). Rows of the whole country (``VN``) and offshore oil
        and gas (``OG``) cover the same territory in every layout and are passed on with the new
        layout; region rows (``R-...``) raise, because the regions changed with the merger.
    to_layout : {"34", "63"}
        ``"34"``: the units of 1 July 2025 (from ``"63"`` or ``"64"``); ``"63"``: Ha Tay into
        Ha Noi (from ``"64"``).
    weights : {"population", "equal", "area"} or pandas.DataFrame
        Weights of the ``"mean"`` rule: ``"population"`` (default, from
        :func:`par_analysis.load_population` and the population series of
        :func:`par_analysis.load_controls`), ``"equal"``, ``"area"`` (from
        :func:`par_analysis.load_controls`), or a frame with ``province_code, year, weight``.
        A year without a weight takes the province's nearest year with one.
    how : str or dict, optional
        Override :data:`UNIT_RULES`: one rule (``"sum"`` or ``"mean"``) for everything, or a dict
        from indicator name or unit to rule (indicator names win).
    allow_partial : bool
        Aggregate units with members missing (flagged by ``n_members_present < n_members``;
        a weighted mean is renormalised over the members present). Default ``False``: such
        units are left out of the result and listed in ``attrs["incomplete"]`` (a tuple of
        dicts with ``province_code, year, indicator, members, n_members, n_members_present``)
        with a warning.
    warn : bool
        Warn when unit-years are left out (default). Callers that report
        ``attrs["incomplete"]`` themselves pass ``False``.

    Returns
    -------
    pandas.DataFrame
        Tidy columns with ``layout=to_layout``, ``source="harmonized:<source>"``, ``raw_file``
        and ``sheet`` joining the members' provenance with ``|``, ``row`` missing; extra columns
        ``members`` (old codes joined by ``|``), ``n_members``, ``n_members_present``, ``rule``
        and ``weights``.

    Raises
    ------
    ValueError
        For ranks, units without a rule, region rows, a layout with no crosswalk, codes that are
        not units of the layout a row claims, or two rows for one cell (the same province, year,
        period, indicator and source: summing them would double-count; pick one vintage or
        edition first).

    Examples
    --------
    >>> import par_analysis as pa
    >>> df = pa.tidy_frame([{"province_code": c, "layout": "63", "year": 2020, "source": "s",
    ...                      "indicator": "fdi", "value": v, "unit": "musd", "raw_file": "f"}
    ...                     for c, v in [("74", 1.0), ("77", 2.0), ("79", 3.0)]])
    >>> out = pa.harmonize(df, weights="equal")
    >>> out[["province_code", "layout", "value", "members"]].to_dict("records")
    [{'province_code': '79', 'layout': '34', 'value': 6.0, 'members': '74|77|79'}]
    """
    check_values(data, "harmonize")
    to_layout = check_choice(to_layout, "Layout", "to_layout")
    data = without_attrs(data)
    missing = {"province_code", "layout", "year", "indicator", "value", "unit", "source"} - set(
        data.columns)
    if missing:
        raise ValueError(f"harmonize() takes a tidy frame; missing columns {sorted(missing)}")
    regions = data["province_code"].isin(list(REGIONS))
    if regions.any():
        raise ValueError(
            "regional rows (R-...) cannot be harmonised: the regions changed with the 2025 "
            "merger; drop them (data[~data.province_code.str.startswith('R-')]) and recompute "
            "regional means with par_analysis.metrics.regional_mean on the result"
        )
    _check_codes_and_keys(data)
    keep = data[data["layout"] == to_layout]
    national = data[data["province_code"].isin(["VN", "OG"]) & (data["layout"] != to_layout)]
    todo = data[~data.index.isin(keep.index) & ~data.index.isin(national.index)]
    pieces = [keep, national.assign(layout=to_layout)]
    incomplete = []
    if not todo.empty:
        rules = _rule_table(todo, how)
        w = _weight_frame(weights, todo) if "mean" in set(rules["rule"]) else None
        for from_layout, part in todo.groupby("layout"):
            out, miss = _aggregate(part, str(from_layout), to_layout, rules, w, weights,
                                   allow_partial)
            pieces.append(out)
            incomplete.append(miss)
    # the first piece always enters, so a result with no complete unit is an empty tidy frame
    result = pd.concat([pieces[0], *[p for p in pieces[1:] if not p.empty]], ignore_index=True)
    result = result[[*TIDY_COLUMNS, *[c for c in result.columns if c not in TIDY_COLUMNS]]]
    # records, not a DataFrame: pandas compares attrs when it concatenates frames
    incomplete = [
        {k: (int(v) if k in ("year", "n_members", "n_members_present") else str(v))
         for k, v in rec.items()}
        for part in incomplete for rec in part.to_dict("records")
    ]
    if len(incomplete) and not allow_partial and warn:
        warnings.warn(
            f"harmonize(): {len(incomplete)} unit-years left out because members are missing "
            "(see result.attrs['incomplete']; allow_partial=True aggregates them with a flag)",
            stacklevel=2,
        )
    result.attrs["incomplete"] = AttrRecords(incomplete)
    return result


def _check_codes_and_keys(data: pd.DataFrame) -> None:
    """Raise on codes foreign to the layout a row claims, and on repeated cells."""
    for layout, part in data.groupby("layout"):
        foreign = sorted(set(part["province_code"]) - known_codes(str(layout)))
        if foreign:
            raise ValueError(f"codes {foreign} are not units of layout {layout}: check the "
                             "layout column (the same code can mean other land in another layout)")
    keys = [c for c in ("province_code", "layout", "year", "period", "indicator", "source")
            if c in data.columns]
    dup = data.duplicated(keys, keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        extra = [c for c in ("vintage",) if c in data.columns]
        raise ValueError(
            f"{int(dup.sum())} rows repeat a cell (first: "
            + ", ".join(f"{k}={first[k]}" for k in keys)
            + "); harmonize() would add them up. Keep one row per cell first"
            + (f" (the frame has a {extra[0]!r} column: select one)" if extra else ""))


def _aggregate(part, from_layout, to_layout, rules, weight_table, weights, allow_partial):
    cw = crosswalk(from_layout, to_layout)[["old_code", "new_code", "n_members"]]
    df = part.merge(cw, left_on="province_code", right_on="old_code", how="left")
    unknown = df["new_code"].isna()
    if unknown.any():
        first = df[unknown].iloc[0]
        raise ValueError(f"province code {first['province_code']!r} is not in layout {from_layout}")
    df = df.merge(rules, on=["indicator", "unit"], how="left")
    if weight_table is not None:
        df = df.merge(weight_table, on=["province_code", "year"], how="left")
    else:
        df["weight"] = np.nan
    for col, default in (("period", "FY"), ("sheet", pd.NA), ("raw_file", pd.NA)):
        if col not in df.columns:
            df[col] = default
    group_cols = ["new_code", "year", "period", "source", "indicator", "unit"]
    df = df[df["value"].notna()]
    # a mean needs a weight for every member present; a member without one makes the unit missing
    no_weight = (df["rule"] == "mean") & df["weight"].isna()
    if no_weight.any():
        first = df[no_weight].iloc[0]
        raise ValueError(
            f"no {weights} weight for province {first['province_code']} in {first['year']}; "
            "pass weights='equal' or a weights DataFrame covering it"
        )
    df["wv"] = df["value"] * df["weight"].where(df["rule"] == "mean", 1.0)
    df["w"] = df["weight"].where(df["rule"] == "mean", 1.0)
    grouped = df.groupby(group_cols, dropna=False, sort=True)
    agg = grouped.agg(
        wv=("wv", "sum"), w=("w", "sum"), total=("value", "sum"), rule=("rule", "first"),
        n_members=("n_members", "first"), n_members_present=("province_code", "nunique"),
        members=("province_code", _join_unique), raw_file=("raw_file", _join_unique),
        sheet=("sheet", _join_unique),
    ).reset_index()
    agg["value"] = np.where(agg["rule"] == "sum", agg["total"], agg["wv"] / agg["w"])
    partial = agg["n_members_present"] < agg["n_members"]
    dropped = agg.loc[partial, ["new_code", "year", "indicator", "members", "n_members",
                                "n_members_present"]].rename(columns={"new_code": "province_code"})
    if not allow_partial:
        agg = agg[~partial]
    out = agg.rename(columns={"new_code": "province_code"}).assign(
        layout=to_layout, row=pd.NA, source_url=pd.NA, quote=pd.NA,
        weights=np.where(agg["rule"] == "mean",
                         weights if isinstance(weights, str) else "custom", pd.NA),
    )
    out["source"] = "harmonized:" + out["source"].astype(str)
    out = out.drop(columns=["wv", "w", "total"])
    dtypes = {"province_code": "string", "layout": "string", "year": "int64", "period": "string",
              "source": "string", "indicator": "string", "value": "float64", "unit": "string",
              "raw_file": "string", "sheet": "string", "row": "Int64", "source_url": "string",
              "quote": "string", "members": "string", "rule": "string", "weights": "string",
              "n_members": "int64", "n_members_present": "int64"}
    out = out.astype(dtypes)
    extras = ["members", "n_members", "n_members_present", "rule", "weights"]
    return out[[*TIDY_COLUMNS, *extras]].reset_index(drop=True), dropped
