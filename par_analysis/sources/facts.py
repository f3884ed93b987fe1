"""PAR INDEX, SIPAS, the Decision 766 service index (and some PCI and PAPI figures) quoted in news.

No official machine-readable PAR INDEX or SIPAS table could be reached, so
``par_index_facts/facts.csv`` holds one row per figure a public web page states, with the page's
address and the sentence (``par_index_facts/SOURCE.md``). Pages sometimes disagree; every row is
kept by :func:`load_facts`, :func:`conflicts` lists every disagreement and the ``load_*``
functions pick one value per province, year and indicator by the rule in :func:`pick`.

Scales. Every score of a family is stored on one scale, whatever unit the page printed (the
printed unit stays in the ``score_unit`` column):

* PAR INDEX and SIPAS: percent, 0-100. Pages print "%", "điểm"/"points" (out of 100) or no
  unit for the same numbers; a score printed "/80" would be rescaled to percent (factor 100/80)
  and say so in ``note`` (none is, today).
* PCI and the service index (``sqi766``): points out of 100.
* PAPI: points of the 8-dimension total (``papi_total_8dim``, 8-80), the scale of
  :func:`par_analysis.load_papi`; "40.98/80 điểm" is that scale already.

Ranks (``<family>_rank``, with ``rank_of`` as printed in an extra column) and printed rank changes
(``<family>_rank_change``, positive = moved up) are indicators too. National means get
``province_code="VN"`` and regional means the region codes (``R-RRD`` ...), both with the family's
score indicator (``par_index``). Service-index rows of 2025 keep layout ``"34"``.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from ..errors import RawDataError
from ..registry import raw_path
from ..schema import KEY_COLUMNS, Indicator, tidy_frame, validate_tidy
from ._common import parse_number, resolve_names
from .catalog import load_cached

SOURCE = "news_facts"
FACTS = "par_index_facts/facts.csv"

# facts.csv `index` -> indicator family
FAMILIES = {
    "PAR_INDEX": "par_index", "PAR_INDEX_NATIONAL_MEAN": "par_index",
    "PAR_INDEX_REGION_MEAN": "par_index", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi",
    "SQI766": "sqi766",
}
# family -> (score indicator, unit, factor per printed unit)
_PERCENT = {"%": 1.0, "points": 1.0, "": 1.0, "points_of_80": 100 / 80}
SCALES = {
    "par_index": ("par_index", "percent", _PERCENT),
    "sipas": ("sipas", "percent", _PERCENT),
    "pci": ("pci", "index_0_100", {"points": 1.0, "": 1.0}),
    "papi": ("papi_total_8dim", "index_8_80", {"points": 1.0, "points_of_80": 1.0, "": 1.0}),
    "sqi766": ("sqi766", "index_0_100", {"points": 1.0, "": 1.0}),
}
_LABELS = {"par_index": "PAR INDEX", "sipas": "SIPAS", "pci": "PCI", "papi": "PAPI",
           "sqi766": "Service index (Decision 766)"}


def _indicators() -> dict[str, Indicator]:
    out = {}
    for family, (score, unit, _) in SCALES.items():
        lo, hi = (8, 80) if family == "papi" else (0, 100)
        out[score] = Indicator(unit=unit, lo=lo, hi=hi, label=_LABELS[family])
        out[f"{family}_rank"] = Indicator(unit="rank", lo=1, hi=63,
                                          label=f"{_LABELS[family]} rank (1 = best)")
        out[f"{family}_rank_change"] = Indicator(
            unit="rank_change", lo=-62, hi=62,
            label=f"{_LABELS[family]} rank change on the year before (+ = up)")
    return out


INDICATORS = _indicators()


def _read() -> pd.DataFrame:
    table = pd.read_csv(raw_path(FACTS), dtype=str, keep_default_na=False)
    expected = ["index", "year", "layout", "province", "province_as_written", "score",
                "score_unit", "rank", "rank_of", "rank_change", "source_url", "source_date",
                "quote", "collection"]
    if list(table.columns) != expected:
        raise RawDataError("unexpected header", file=FACTS, row=1, value=list(table.columns))
    table["line"] = range(2, len(table) + 2)  # no quoted newlines: CSV line = record + 1
    unknown = ~table["index"].isin(list(FAMILIES))
    if unknown.any():
        first = table[unknown].iloc[0]
        raise RawDataError("unknown index", file=FACTS, row=int(first["line"]),
                           value=first["index"], hint=f"Known: {sorted(FAMILIES)}")
    return table


def undated_facts() -> pd.DataFrame:
    """Return the rows of ``facts.csv`` whose page gives no year (not in :func:`load_facts`).

    A tidy row needs a year; SOURCE.md names one such row (Quang Nam service index "as of 28/10").

    Examples
    --------
    >>> from par_analysis.sources.facts import undated_facts
    >>> undated_facts()[["index", "province", "score"]].values.tolist()
    [['SQI766', 'Quảng Nam', '82.8']]
    """
    table = _read()
    return table[table["year"] == ""].reset_index(drop=True)


def _codes(table: pd.DataFrame) -> list[str]:
    codes = pd.Series("VN", index=table.index, dtype="string")
    named = table["index"] != "PAR_INDEX_NATIONAL_MEAN"
    for layout, group in table[named].groupby("layout"):
        if str(layout) not in ("63", "34"):
            raise RawDataError("unknown layout", file=FACTS, row=int(group["line"].iloc[0]),
                               value=layout)
        codes[group.index] = resolve_names(group["province"], str(layout), relpath=FACTS,
                                           rows=group["line"], special=True)
    region = table["index"] == "PAR_INDEX_REGION_MEAN"
    wrong = (region != codes.str.startswith("R-")) | (~named & (table["province"] != ""))
    if wrong.any():
        first = table[wrong].iloc[0]
        raise RawDataError("province does not fit the index (region mean without a region, or a "
                           "region where a province belongs)", file=FACTS,
                           row=int(first["line"]), value=first["province"])
    return list(codes)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _build() -> pd.DataFrame:
    table = _read()
    table = table[table["year"] != ""]
    codes = _codes(table)
    records = []
    for rec, code in zip(table.itertuples(index=False), codes, strict=True):
        row = int(rec.line)
        family = FAMILIES[rec.index]
        score_name, unit, factors = SCALES[family]
        base = {
            "province_code": code, "layout": rec.layout, "year": int(rec.year), "source": SOURCE,
            "raw_file": FACTS, "row": row, "source_url": rec.source_url or pd.NA,
            "quote": rec.quote, "index": rec.index, "province_as_written": rec.province_as_written,
            "source_date": rec.source_date or pd.NA, "collection": rec.collection,
            "score_unit": rec.score_unit or pd.NA, "rank_of": pd.NA, "decimals": 0, "note": pd.NA,
        }
        if family == "papi" and int(rec.year) < 2018:
            raise RawDataError("PAPI figure before 2018 (6-dimension era) not handled",
                               file=FACTS, row=row, value=rec.year)
        if rec.score:
            if rec.score_unit not in factors:
                raise RawDataError(f"unit not known for {rec.index}", file=FACTS, row=row,
                                   value=rec.score_unit, hint=f"Known: {sorted(factors)}")
            factor = factors[rec.score_unit]
            value = parse_number(rec.score, relpath=FACTS, row=row) * factor
            note = f"printed {rec.score} {rec.score_unit}, x {factor:g}" if factor != 1 else pd.NA
            records.append({**base, "indicator": score_name, "value": value, "unit": unit,
                            "decimals": _decimals(rec.score), "note": note})
        if rec.rank:
            rank = parse_number(rec.rank, relpath=FACTS, row=row)
            rank_of = parse_number(rec.rank_of, relpath=FACTS, row=row)
            if rank > rank_of:  # NaN rank_of compares False
                raise RawDataError("rank larger than the number ranked", file=FACTS, row=row,
                                   value=f"{rec.rank}/{rec.rank_of}")
            records.append({**base, "indicator": f"{family}_rank", "value": rank, "unit": "rank",
                            "rank_of": rec.rank_of or pd.NA})
        if rec.rank_change:
            change = parse_number(rec.rank_change.replace("+", ""), relpath=FACTS, row=row)
            records.append({**base, "indicator": f"{family}_rank_change", "value": change,
                            "unit": "rank_change"})
    df = tidy_frame(records)
    df["rank_of"] = pd.to_numeric(df["rank_of"]).astype("Int64")
    df["decimals"] = df["decimals"].astype("int64")
    for col in ("index", "province_as_written", "source_date", "collection", "score_unit", "note"):
        df[col] = df[col].astype("string")
    # the same fact may be stated by several pages: validate each repetition layer separately
    for _, layer in df.groupby(df.groupby(KEY_COLUMNS).cumcount()):
        validate_tidy(layer, INDICATORS)
    return df


def _select(df: pd.DataFrame, index: str | None) -> pd.DataFrame:
    if index is None:
        return df
    if index not in FAMILIES:
        raise ValueError(f"index must be one of {sorted(FAMILIES)}, got {index!r}")
    keep = (df["index"] == index) | df["index"].str.startswith(index + "_")
    return df[keep].reset_index(drop=True)


def load_facts(refresh: bool = False, index: str | None = None) -> pd.DataFrame:
    """Load every dated figure of ``facts.csv`` as tidy rows, with its page and sentence.

    One CSV row gives up to three tidy rows (score, rank, rank change); ``row`` is the CSV line
    (header = 1). Rows repeat when several pages state a figure or when pages disagree: this table
    is not unique on the tidy key (see :func:`pick` and :func:`conflicts`). Scores are on one scale
    per family (module docstring); ``score_unit`` keeps the printed unit.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache.
    index : str, optional
        A ``facts.csv`` index (``"PAR_INDEX"``, ``"SIPAS"``, ``"PCI"``, ``"PAPI"``,
        ``"SQI766"``, ...); ``"PAR_INDEX"`` includes the national and regional means.

    Returns
    -------
    pandas.DataFrame
        Tidy columns plus ``index, province_as_written, source_date, collection, score_unit,
        rank_of, decimals`` (decimals printed) and ``note``; ``source="news_facts"``.

    Examples
    --------
    >>> from par_analysis.sources.facts import load_facts
    >>> pci = load_facts(index="PCI")
    >>> sorted(pci["indicator"].unique())
    ['pci', 'pci_rank', 'pci_rank_change']
    """
    return _select(load_cached("facts", [FACTS], _build, refresh=refresh), index)


def _official(url) -> bool:
    host = urlparse(url).hostname if isinstance(url, str) else None
    return bool(host) and host.endswith(".gov.vn")


def _support(group: pd.DataFrame) -> pd.Series:
    """Rows backing each row's value: equal values, plus coarser values that round to it."""
    pairs = list(zip(group["value"], group["decimals"], strict=True))
    out = [sum(abs(w - round(v, e)) < 1e-9 for w, e in pairs if e <= d) for v, d in pairs]
    return pd.Series(out, index=group.index)


def pick(facts: pd.DataFrame) -> pd.DataFrame:
    """Pick one row per (province, layout, year, period, indicator) from :func:`load_facts` rows.

    The rule, in order:

    1. the value stated by most rows, where a rounded figure (``87``, ``85%``) counts for every
       more precise figure it rounds from (``87.02``, ``85.15%``);
    2. then a value from an official portal (host ending in ``.gov.vn``);
    3. then the value printed with more decimals;
    4. then the earliest line of ``facts.csv``.

    The result keeps the chosen row's page and sentence and adds ``n_rows`` (rows in the group),
    ``n_values`` (distinct values) and ``conflict`` (values that are not roundings of one another;
    see :func:`conflicts`).

    Examples
    --------
    >>> from par_analysis.sources.facts import load_facts, pick
    >>> par = pick(load_facts(index="PAR_INDEX"))
    >>> par.query("province_code == '48' and year == 2012 and indicator == 'par_index'")[
    ...     "value"].item()
    87.14
    """
    keys = ["province_code", "layout", "year", "period", "indicator"]
    df = facts.copy()
    df["support"] = pd.concat([_support(g) for _, g in df.groupby(keys)]) if len(df) else 0
    df["official"] = df["source_url"].map(_official)
    df = df.sort_values(keys + ["support", "official", "decimals", "row"],
                        ascending=[True] * len(keys) + [False, False, False, True])
    grouped = df.groupby(keys)
    df["n_rows"] = grouped["value"].transform("size").astype("int64")
    df["n_values"] = grouped["value"].transform("nunique").astype("int64")
    df["conflict"] = df["n_rows"] > grouped["support"].transform("max")
    chosen = df.drop_duplicates(keys).drop(columns=["support", "official"])
    return chosen.sort_values(keys).reset_index(drop=True)


def _load(index: str, refresh: bool) -> pd.DataFrame:
    picked = pick(load_facts(refresh=refresh, index=index))
    return validate_tidy(picked, INDICATORS)


def load_par_index(refresh: bool = False) -> pd.DataFrame:
    """Load PAR INDEX (Ministry of Home Affairs) scores, ranks and rank changes, 2012-2024.

    One row per province (or ``VN`` national mean, ``R-...`` regional mean), year and indicator,
    picked from the news figures of :func:`load_facts` by the rule of :func:`pick`. ``par_index``
    is a percent (0-100) whatever unit the page printed; ``par_index_rank`` (``rank_of`` extra
    column), ``par_index_rank_change``. Coverage is thin (5 to 39 provinces a year).

    Parameters
    ----------
    refresh : bool
        Rebuild the cache of the facts table.

    Examples
    --------
    >>> import par_analysis as pa
    >>> par = pa.load_par_index()
    >>> par.query("province_code == '48' and year == 2012 and indicator == 'par_index_rank'")[
    ...     "value"].item()
    1.0
    """
    return _load("PAR_INDEX", refresh)


def load_sipas(refresh: bool = False) -> pd.DataFrame:
    """Load SIPAS (citizen satisfaction with public administration) figures, 2017-2024.

    Same rule and columns as :func:`load_par_index`: ``sipas`` (percent 0-100), ``sipas_rank``,
    ``sipas_rank_change``.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache of the facts table.

    Examples
    --------
    >>> import par_analysis as pa
    >>> sorted(pa.load_sipas()["indicator"].unique())
    ['sipas', 'sipas_rank', 'sipas_rank_change']
    """
    return _load("SIPAS", refresh)


def load_sqi766(refresh: bool = False) -> pd.DataFrame:
    """Load the Decision 766 service index (Bộ chỉ số phục vụ người dân, doanh nghiệp).

    Points out of 100 (``sqi766``), ranks and rank changes; ``year`` is the year of the as-of date
    in the sentence (a monthly snapshot, not an annual index). 2025 rows are in layout ``"34"``.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache of the facts table.

    Examples
    --------
    >>> import par_analysis as pa
    >>> sorted(pa.load_sqi766()["layout"].unique())
    ['34', '63']
    """
    return _load("SQI766", refresh)


def conflicts(index: str | None = None) -> pd.DataFrame:
    """Show every group of facts that disagree, and every rank printed for two provinces.

    Parameters
    ----------
    index : str, optional
        Restrict to one ``facts.csv`` index (``"PAR_INDEX"`` includes the means).

    Returns
    -------
    pandas.DataFrame
        One row per fact involved: ``kind`` (``"conflict"``: values that are not roundings of
        one another; ``"rounding"``: a rounded and a precise figure; ``"shared_rank"``: one rank
        of one year given to two provinces), ``group`` (a number per group), ``index, indicator,
        province_code, layout, year, value, rank_of, chosen`` (the row :func:`pick` keeps),
        ``source_url, quote, row``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> c = pa.conflicts("SIPAS")
    >>> c.query("province_code == '56' and indicator == 'sipas_rank_change'")["value"].tolist()
    [13.0, 10.0]
    """
    facts = load_facts(index=index)
    keys = ["province_code", "layout", "year", "period", "indicator"]
    picked = pick(facts)
    chosen_rows = set(zip(picked["indicator"], picked["row"], strict=True))
    facts = facts.assign(chosen=[(i, r) in chosen_rows for i, r in
                                 zip(facts["indicator"], facts["row"], strict=True)])
    flags = picked.set_index(keys)[["n_values", "conflict"]]
    groups = facts.join(flags, on=keys)
    groups = groups[groups["n_values"] > 1].copy()
    groups["kind"] = groups["conflict"].map({True: "conflict", False: "rounding"})
    groups["group"] = groups.groupby(keys).ngroup()
    ranks = facts[facts["indicator"].str.endswith("_rank")]
    rank_keys = ["layout", "year", "period", "indicator", "value"]
    shared = ranks[ranks.groupby(rank_keys)["province_code"].transform("nunique") > 1].copy()
    shared["kind"] = "shared_rank"
    shared["group"] = shared.groupby(rank_keys).ngroup() + (groups["group"].max() + 1
                                                             if len(groups) else 0)
    cols = ["kind", "group", "index", "indicator", "province_code", "layout", "year", "value",
            "rank_of", "chosen", "source_url", "quote", "row"]
    out = pd.concat([groups[cols], shared[cols]], ignore_index=True)
    return out.sort_values(["group", "row"]).reset_index(drop=True)
