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

import re
from urllib.parse import urlparse

import pandas as pd

from .._register import Register
from ..errors import RawDataError
from ..schema import KEY_COLUMNS, Indicator, tidy_frame, validate_tidy
from ._common import parse_number, read_csv, resolve_names
from .catalog import load_cached

SOURCE = "news_facts"
FACTS = "par_index_facts/facts.csv"
FACTS_ROUND2 = "par_index_facts/facts_round2.csv"
FILES = (FACTS, FACTS_ROUND2)
# our re-checks of round-2 rows the collector did not mark verified (page look-ups, and PCI/PAPI
# figures compared with the publishers' files): raw_file, line, status, method, note
CHECKS = Register("par_analysis/_data/facts_checks.csv",
                  "Fix that line of the facts re-check record")
# the as-of date each service-index sentence states (the index is a weekly snapshot)
AS_OF = Register("par_analysis/_data/facts_as_of.csv", "Fix that line of the as-of record")
# statuses that let a row count: read again on its page (with the year in the sentence, or only
# from the page's date: year_from_page), agreeing with a publisher's file, or a row of the first
# collection (facts.csv, which carries no verification column)
COUNTED = ("yes", "year_from_page", "publisher_file_agrees", "round1")

# facts `index` -> indicator family
FAMILIES = {
    "PAR_INDEX": "par_index", "PAR_INDEX_NATIONAL_MEAN": "par_index",
    "PAR_INDEX_REGION_MEAN": "par_index", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi",
    "SQI766": "sqi766", "ONLINE_RATE": "online_rate", "ONTIME_RATE": "ontime_rate",
    "PLAN02_TASKS_DONE": "plan02_tasks_done",
}
# family -> (score indicator, unit, factor per printed unit)
_PERCENT = {"%": 1.0, "points": 1.0, "": 1.0, "points_of_80": 100 / 80}
SCALES = {
    "par_index": ("par_index", "percent", _PERCENT),
    "sipas": ("sipas", "percent", _PERCENT),
    "pci": ("pci", "index_0_100", {"points": 1.0, "": 1.0}),
    "papi": ("papi_total_8dim", "index_8_80", {"points": 1.0, "points_of_80": 1.0, "": 1.0}),
    "sqi766": ("sqi766", "index_0_100", {"points": 1.0, "": 1.0}),
    "online_rate": ("online_application_rate", "percent", {"%": 1.0}),
    "ontime_rate": ("ontime_resolution_rate", "percent", {"%": 1.0}),
    "plan02_tasks_done": ("plan02_tasks_done", "percent", {"%": 1.0}),
}
# PAPI before 2018 had six dimensions: its totals are on the 6-60 scale of load_papi()
PAPI_6DIM = ("papi_total_6dim", "index_6_60")
# the service figures that load_sqi766() returns together
SERVICE_INDEXES = ("SQI766", "ONLINE_RATE", "ONTIME_RATE", "PLAN02_TASKS_DONE")
_LABELS = {"par_index": "PAR INDEX", "sipas": "SIPAS", "pci": "PCI", "papi": "PAPI",
           "sqi766": "Service index (Decision 766)",
           "online_rate": "Share of dossiers submitted online",
           "ontime_rate": "Share of dossiers resolved on time",
           "plan02_tasks_done": "Tasks of Plan 02-KH/BCĐTW done"}


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
    out[PAPI_6DIM[0]] = Indicator(unit=PAPI_6DIM[1], lo=6, hi=60, label="PAPI (6 dimensions)")
    return out


INDICATORS = _indicators()
_COLUMNS = ["index", "year", "layout", "province", "province_as_written", "score", "score_unit",
            "rank", "rank_of", "rank_change", "source_url", "source_date", "quote", "collection"]


def _read_one(relpath: str) -> pd.DataFrame:
    table = read_csv(relpath, min_rows=1, dtype=str, keep_default_na=False)
    expected = _COLUMNS + (["verified", "verify_note"] if relpath == FACTS_ROUND2 else [])
    if list(table.columns) != expected:
        raise RawDataError("unexpected header", file=relpath, row=1, value=list(table.columns),
                           hint=f"expected {expected}")
    if relpath == FACTS:
        table = table.assign(verified="round1", verify_note="")
    table["line"] = range(2, len(table) + 2)  # no quoted newlines: CSV line = record + 1
    table["raw_file"] = relpath
    unknown = ~table["index"].isin(list(FAMILIES))
    if unknown.any():
        first = table[unknown].iloc[0]
        raise RawDataError("unknown index", file=relpath, row=int(first["line"]),
                           value=first["index"], hint=f"Known: {sorted(FAMILIES)}")
    return table


def _record(register: Register, columns: list[str]) -> pd.DataFrame:
    """Read a packaged record keyed on (raw_file, line), checking its lines exist."""
    rows = register.read()
    register.require(rows, ["raw_file", "line", *columns], ("raw_file", "line"),
                     {"raw_file": FILES})
    register.unique([{**r, "key": f"{r['raw_file']}:{r['line']}"} for r in rows], "key")
    table = pd.DataFrame(rows, columns=["raw_file", "line", *columns]).astype(str)
    return table.assign(line=table["line"].astype("int64"))


def _read() -> pd.DataFrame:
    """Both collections, with the effective verification status and the as-of dates."""
    table = pd.concat([_read_one(f) for f in FILES], ignore_index=True)
    checks = _record(CHECKS, ["status", "method", "note"])
    as_of = _record(AS_OF, ["as_of", "note"]).rename(columns={"note": "as_of_note"})
    for record, name in ((checks, CHECKS), (as_of, AS_OF)):
        known = set(zip(table["raw_file"], table["line"], strict=True))
        stray = [k for k in zip(record["raw_file"], record["line"], strict=True) if k not in known]
        if stray:
            raise RawDataError("the record names a line that the facts file does not have",
                               file=name.path, value=stray[0])
    table = table.merge(checks, on=["raw_file", "line"], how="left")
    table = table.merge(as_of, on=["raw_file", "line"], how="left")
    rechecked = table["verified"].ne("yes") & table["status"].notna()
    table["status"] = table["status"].where(rechecked, table["verified"])
    table["status_note"] = table["note"].where(rechecked, table["verify_note"]).fillna("")
    return table.drop(columns=["note"]).fillna({"as_of": "", "as_of_note": "", "method": ""})


def undated_facts() -> pd.DataFrame:
    """Return the rows of the facts files whose page gives no year (not in :func:`load_facts`).

    A tidy row needs a year; SOURCE.md names one such row (Quang Nam service index "as of 28/10").

    Examples
    --------
    >>> from par_analysis.sources.facts import undated_facts
    >>> undated_facts()[["index", "province", "score"]].values.tolist()
    [['SQI766', 'Quảng Nam', '82.8']]
    """
    table = _read()
    return table[table["year"] == ""].reset_index(drop=True)


def unverified_facts() -> pd.DataFrame:
    """Return the dated rows that do not count: not read again on their page, or failing it.

    Rows of ``facts_round2.csv`` count when their collector read them again on the page
    (``verified == "yes"``), or when our re-check (``_data/facts_checks.csv``: a page look-up,
    or a PCI/PAPI figure equal to the publisher's file) says so. The others are kept out of every
    loader, with the reason in ``status`` and ``status_note``.

    Examples
    --------
    >>> from par_analysis.sources.facts import unverified_facts
    >>> bad = unverified_facts()
    >>> "yes" in set(bad["status"])
    False
    """
    table = _read()
    dated = table["year"] != ""
    return table[dated & ~table["status"].isin(COUNTED)].reset_index(drop=True)


def _codes(table: pd.DataFrame) -> list[str]:
    codes = pd.Series("VN", index=table.index, dtype="string")
    named = table["index"] != "PAR_INDEX_NATIONAL_MEAN"
    for (relpath, layout), group in table[named].groupby(["raw_file", "layout"]):
        if str(layout) not in ("63", "34"):
            raise RawDataError("unknown layout", file=relpath, row=int(group["line"].iloc[0]),
                               value=layout)
        codes[group.index] = resolve_names(group["province"], str(layout), relpath=relpath,
                                           rows=group["line"], special=True)
    region = table["index"] == "PAR_INDEX_REGION_MEAN"
    wrong = (region != codes.str.startswith("R-")) | (~named & (table["province"] != ""))
    if wrong.any():
        first = table[wrong].iloc[0]
        raise RawDataError("province does not fit the index (region mean without a region, or a "
                           "region where a province belongs)", file=first["raw_file"],
                           row=int(first["line"]), value=first["province"])
    return list(codes)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _score_of(rec, family: str) -> tuple[str, str]:
    """Return the score indicator and unit of a row (PAPI before 2018: the 6-dimension total)."""
    score, unit, _ = SCALES[family]
    if family == "papi" and int(rec.year) < 2018:
        return PAPI_6DIM
    return score, unit


def _build() -> pd.DataFrame:
    table = _read()
    table = table[(table["year"] != "") & table["status"].isin(COUNTED)]
    codes = _codes(table)
    records = []
    for rec, code in zip(table.itertuples(index=False), codes, strict=True):
        row, relpath = int(rec.line), rec.raw_file
        family = FAMILIES[rec.index]
        base = {
            "province_code": code, "layout": rec.layout, "year": int(rec.year), "source": SOURCE,
            "raw_file": relpath, "row": row, "source_url": rec.source_url or pd.NA,
            "quote": rec.quote, "index": rec.index, "province_as_written": rec.province_as_written,
            "source_date": rec.source_date or pd.NA, "collection": rec.collection,
            "score_unit": rec.score_unit or pd.NA, "rank_of": pd.NA, "decimals": 0, "note": pd.NA,
            "verified": rec.status, "as_of": rec.as_of or pd.NA,
        }
        if rec.score:
            factors = SCALES[family][2]
            if rec.score_unit not in factors:
                raise RawDataError(f"unit not known for {rec.index}", file=relpath, row=row,
                                   value=rec.score_unit, hint=f"Known: {sorted(factors)}")
            factor = factors[rec.score_unit]
            value = parse_number(rec.score, relpath=relpath, row=row) * factor
            note = f"printed {rec.score} {rec.score_unit}, x {factor:g}" if factor != 1 else pd.NA
            score_name, unit = _score_of(rec, family)
            records.append({**base, "indicator": score_name, "value": value, "unit": unit,
                            "decimals": _decimals(rec.score), "note": note})
        if rec.rank:
            rank = parse_number(rec.rank, relpath=relpath, row=row)
            rank_of = parse_number(rec.rank_of, relpath=relpath, row=row)
            if rank > rank_of:  # NaN rank_of compares False
                raise RawDataError("rank larger than the number ranked", file=relpath, row=row,
                                   value=f"{rec.rank}/{rec.rank_of}")
            records.append({**base, "indicator": f"{family}_rank", "value": rank, "unit": "rank",
                            "rank_of": rec.rank_of or pd.NA})
        if rec.rank_change:
            change = parse_number(rec.rank_change.replace("+", ""), relpath=relpath, row=row)
            records.append({**base, "indicator": f"{family}_rank_change", "value": change,
                            "unit": "rank_change"})
    df = tidy_frame(records)
    df["rank_of"] = pd.to_numeric(df["rank_of"]).astype("Int64")
    df["decimals"] = df["decimals"].astype("int64")
    for col in ("index", "province_as_written", "source_date", "collection", "score_unit", "note",
                "verified", "as_of"):
        df[col] = df[col].astype("string")
    # the same fact may be stated by several pages: validate each repetition layer separately
    for _, layer in df.groupby(df.groupby(KEY_COLUMNS).cumcount()):
        validate_tidy(layer, INDICATORS)
    return df


def _select(df: pd.DataFrame, index: str | tuple | None) -> pd.DataFrame:
    if index is None:
        return df
    wanted = (index,) if isinstance(index, str) else tuple(index)
    unknown = [i for i in wanted if i not in FAMILIES]
    if unknown:
        raise ValueError(f"index must be one of {sorted(FAMILIES)}, got {unknown[0]!r}")
    keep = df["index"].isin(wanted) | df["index"].str.startswith(tuple(i + "_" for i in wanted))
    return df[keep].reset_index(drop=True)


def load_facts(refresh: bool = False, index: str | tuple | None = None) -> pd.DataFrame:
    """Load every dated figure that counts, from both collections, with its page and sentence.

    One CSV row gives up to three tidy rows (score, rank, rank change); ``raw_file`` and ``row``
    say which file and line (header = 1). Rows of ``facts_round2.csv`` count only when read again
    on their page or matched with a publisher's file (:func:`unverified_facts` lists the others).
    Rows repeat when several pages state a figure or when pages disagree: this table is not unique
    on the tidy key (see :func:`pick` and :func:`conflicts`). Scores are on one scale per family
    (module docstring); ``score_unit`` keeps the printed unit.

    Parameters
    ----------
    refresh : bool
        Rebuild the cache.
    index : str or tuple of str, optional
        Facts ``index`` values (``"PAR_INDEX"``, ``"SIPAS"``, ``"PCI"``, ``"PAPI"``,
        ``"SQI766"``, ...); ``"PAR_INDEX"`` includes the national and regional means.

    Returns
    -------
    pandas.DataFrame
        Tidy columns plus ``index, province_as_written, source_date, collection, score_unit,
        rank_of, decimals`` (decimals printed), ``note``, ``verified`` (``round1``, ``yes`` or
        ``publisher_file_agrees``) and ``as_of`` (service-index snapshots: the date the sentence
        gives); ``source="news_facts"``.

    Examples
    --------
    >>> from par_analysis.sources.facts import load_facts
    >>> pci = load_facts(index="PCI")
    >>> sorted(pci["indicator"].unique())
    ['pci', 'pci_rank', 'pci_rank_change']
    """
    return _select(_facts_cache("", _build, refresh), index)


def _facts_cache(variant: str, build, refresh: bool = False) -> pd.DataFrame:
    """Return the facts table, or a table derived from it only (``variant``), from the cache."""
    records = [r.path.rsplit("/", 1)[-1] for r in (CHECKS, AS_OF)]
    return load_cached("facts", FILES, build, refresh=refresh, variant=variant, packaged=records)


_PREFIXES = ("www.", "m.", "en.", "english.", "beta.", "news.", "mobile.", "amp.")


def publisher(url) -> str:
    """Return the publisher of a page: its host without ``www.``, ``m.``, ``en.``, ``news.``.

    Parameters
    ----------
    url : str
        The page address; anything else (a missing value) gives ``""``.

    Examples
    --------
    >>> publisher("https://news.baothuathienhue.vn/x"), publisher("https://baothuathienhue.vn/y")
    ('baothuathienhue.vn', 'baothuathienhue.vn')
    """
    host = (urlparse(url).hostname or "") if isinstance(url, str) else ""
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, changed = host[len(prefix):], True
    return host


def _official(url) -> bool:
    return publisher(url).endswith(".gov.vn")


def _evidence(group: pd.DataFrame) -> pd.Series:
    """Label rows that are one piece of evidence: the same publisher, or the same sentence.

    A page counted twice, or one article copied to another site, is one piece of evidence.
    """
    parent = list(range(len(group)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict = {}
    keys = zip(group["source_url"].map(publisher),
               group["quote"].fillna("").map(lambda q: re.sub(r"\s+", " ", q).strip().lower()),
               strict=True)
    for i, (host, quote) in enumerate(keys):
        for key in (("host", host), ("quote", quote)):
            if key[1]:
                if key in seen:
                    parent[find(i)] = find(seen[key])
                else:
                    seen[key] = i
    return pd.Series([find(i) for i in range(len(group))], index=group.index)


def _support(group: pd.DataFrame) -> pd.Series:
    """Count the distinct pieces of evidence backing each row's value.

    A rounded figure backs the precise figures it rounds from.
    """
    evidence = _evidence(group)
    rows = list(zip(group["value"], group["decimals"], evidence, strict=True))
    out = [len({u for w, e, u in rows if e <= d and abs(w - round(v, e)) < 1e-9})
           for v, d, _ in rows]
    return pd.Series(out, index=group.index)


_CELL = ["province_code", "layout", "year", "period", "indicator"]
_SCORE_INDICATORS = {score for score, _, _ in SCALES.values()} | {PAPI_6DIM[0]}


def _snapshot(df: pd.DataFrame) -> pd.Series:
    return df["as_of"].fillna("") if "as_of" in df.columns else pd.Series("", index=df.index)


def _rank_pairs(facts: pd.DataFrame) -> pd.DataFrame:
    """(score, rank) pairs printed in one sentence, per province and year."""
    scores = facts[facts["indicator"].isin(_SCORE_INDICATORS)
                   & facts["province_code"].str.match(r"^\d")]
    ranks = facts[facts["indicator"].str.endswith("_rank")]
    ranks = ranks.assign(family=ranks["indicator"].str.removesuffix("_rank"))
    scores = scores.assign(family=scores["index"].map(FAMILIES), _snap=_snapshot(scores))
    pairs = scores.reset_index(names="_idx").merge(
        ranks[["raw_file", "row", "family", "value"]], on=["raw_file", "row", "family"],
        suffixes=("", "_rank"))
    return pairs


def _rank_order_failures(facts: pd.DataFrame) -> dict:
    """Scores out of order with the ranks of the same year: {tidy index: reason}.

    A province's (score, rank) fails when another province of that year, with a single stated
    (score, rank), is ranked better with a lower score or worse with a higher one (beyond the
    printed precision). The reason names the first such province and counts the others.
    """
    from ..province_table import name_of

    keys = ["family", "layout", "year", "_snap"]
    pairs = _rank_pairs(facts).dropna(subset=keys)
    # a snapshot index ranks provinces on one day: compare only snapshots of a stated date
    pairs = pairs[~pairs["index"].isin(SERVICE_INDEXES) | (pairs["_snap"] != "")]
    pairs = pairs.reset_index(drop=True).rename_axis("_pair").reset_index()
    distinct = pairs.drop_duplicates([*keys, "province_code", "value", "value_rank"])
    stated = distinct.groupby([*keys, "province_code"])["value"].transform("size")
    single = distinct.loc[stated == 1, [*keys, "province_code", "value", "value_rank",
                                        "decimals"]]
    cross = pairs.merge(single.assign(_order=range(len(single))), on=keys, suffixes=("", "_o"))
    tol = 0.5 * 10.0 ** -cross[["decimals", "decimals_o"]].min(axis=1)
    worse = (cross["value_rank_o"] < cross["value_rank"]) & (
        cross["value_o"] < cross["value"] - tol)
    better = (cross["value_rank_o"] > cross["value_rank"]) & (
        cross["value_o"] > cross["value"] + tol)
    bad = cross[(cross["province_code_o"] != cross["province_code"]) & (worse | better)]
    n_bad = bad.groupby("_pair").size()
    # the first offending province of each pair; a score in two pairs keeps its last pair's
    first = bad.sort_values(["_pair", "_order"]).drop_duplicates("_pair")
    first = first.drop_duplicates("_idx", keep="last")
    out = {}
    for rec in first.to_dict("records"):
        more = n_bad[rec["_pair"]] - 1
        out[rec["_idx"]] = (
            f"rank order: {rec['value']:g} ranked {rec['value_rank']:.0f}, but "
            f"{name_of(rec['province_code_o'], rec['layout'])} has {rec['value_o']:g} ranked "
            f"{rec['value_rank_o']:.0f}" + (f" (and {more} more)" if more else ""))
    return out


def _printed_change_failures(facts: pd.DataFrame) -> dict:
    """Scores whose sentence prints a change that does not lead from last year's stated score."""
    from ..text import figure_rows

    out = {}
    scores = facts[facts["indicator"].isin(_SCORE_INDICATORS)]
    stated = scores.groupby(["province_code", "layout", "indicator", "year"])["value"].agg(set)
    for idx, rec in scores.iterrows():
        before = stated.get((rec["province_code"], rec["layout"], rec["indicator"],
                             rec["year"] - 1))
        if not before or not isinstance(rec["quote"], str):
            continue
        figures = figure_rows(rec["quote"])
        levels = [float(f["value"]) for f in figures if f["kind"] in ("index_score", "rate")]
        # a change, not a score misread as one
        changes = [float(f["value"]) for f in figures
                   if f["kind"] == "score_change" and abs(float(f["value"])) < 15]
        # only a sentence about this one score: one level (the row's) and one change
        if len(changes) != 1 or len(levels) != 1 or abs(levels[0] - rec["value"]) > 1e-6:
            continue
        implied = rec["value"] - changes[0]
        if not any(abs(implied - b) < 0.015 for b in before):
            out[idx] = (f"printed change: {rec['value']:g} with a change of "
                        f"{changes[0]:+g} implies {implied:.2f} the year before, but "
                        f"the pages state {', '.join(f'{b:g}' for b in sorted(before))}")
    return out


def _national_mean_failures(facts: pd.DataFrame) -> dict:
    """Top-ten scores below the national mean, or bottom-ten scores above it."""
    out = {}
    means = facts[(facts["province_code"] == "VN") & facts["indicator"].isin(_SCORE_INDICATORS)]
    means = means.groupby(["indicator", "layout", "year"])["value"].agg(set)
    pairs = _rank_pairs(facts)
    for _, rec in pairs.iterrows():
        mean = means.get((rec["indicator"], rec["layout"], rec["year"]))
        if not mean or len(mean) != 1:
            continue
        (m,) = mean
        top, bottom = rec["value_rank"] <= 10, rec["value_rank"] > 53
        if (top and rec["value"] < m) or (bottom and rec["value"] > m):
            out[rec["_idx"]] = (f"national mean: {rec['value']:g} ranked "
                                f"{rec['value_rank']:.0f} is on the wrong side of the national "
                                f"mean {m:g}")
    return out


def check_facts(facts: pd.DataFrame) -> pd.Series:
    """Return, for each row of :func:`load_facts`, why its value fails a check ('' when none).

    Checks: score against the ranks of other provinces in the same year (rank order), against the
    change its sentence prints and last year's stated score, and against the national mean
    (a top-ten score cannot lie below it, a bottom-ten score above it). A rank row fails with the
    score printed beside it.

    Parameters
    ----------
    facts : pandas.DataFrame
        The rows of :func:`load_facts` (or a subset of them).

    Examples
    --------
    >>> from par_analysis.sources.facts import check_facts, load_facts
    >>> facts = load_facts(index="PAR_INDEX")
    >>> why = check_facts(facts)
    >>> hit = facts.query("province_code == '48' and year == 2023 and indicator == 'par_index'")
    >>> for value, reason in zip(hit["value"], why[hit.index]):  # Da Nang 2023: 87.68 is a typo
    ...     print(value, [part.split(":")[0] for part in reason.split("; ") if part])
    87.68 ['rank order', 'printed change']
    88.68 []
    """
    reasons: dict = {}
    for found in (_rank_order_failures(facts), _printed_change_failures(facts),
                  _national_mean_failures(facts)):
        for idx, text in found.items():
            reasons[idx] = "; ".join(filter(None, [reasons.get(idx, ""), text]))
    out = pd.Series("", index=facts.index, dtype="string")
    if reasons:
        out[list(reasons)] = list(reasons.values())
    # a rank printed beside a failing score is doubtful too
    failing = facts.loc[out != "", ["raw_file", "row"]].drop_duplicates()
    ranks = facts["indicator"].str.endswith("_rank")
    key = pd.MultiIndex.from_frame(facts[["raw_file", "row"]])
    beside = ranks & key.isin(pd.MultiIndex.from_frame(failing)) & (out == "")
    out[beside] = "printed beside a score that fails a check"
    return out


def pick(facts: pd.DataFrame) -> pd.DataFrame:
    """Pick one row per (province, layout, year, period, indicator[, as-of]) of :func:`load_facts`.

    The rule, in order:

    1. a value that passes the checks of :func:`check_facts` (rank order, printed change,
       national mean) before one that fails;
    2. the value stated by more distinct pieces of evidence: publishers (hosts), where one
       article copied to another site, or one page entered twice, counts once, and a rounded
       figure (``87``, ``85%``) counts for every more precise figure it rounds from;
    3. a value from an official portal (host ending in ``.gov.vn``);
    4. the value printed with more decimals;
    5. the earliest line (``facts.csv`` before ``facts_round2.csv``).

    When every value of a cell fails a check, the best by rules 2-5 is kept and flagged. Service-
    index snapshots with different as-of dates are different cells.

    Parameters
    ----------
    facts : pandas.DataFrame
        The rows of :func:`load_facts` (or a subset of them).

    Returns
    -------
    pandas.DataFrame
        The chosen rows, with ``n_rows`` (rows in the cell), ``n_values`` (distinct values),
        ``support`` (evidence for the chosen value), ``conflict`` (values that are not roundings
        of one another) and ``check`` (why the chosen value fails a check; empty when it passes).

    Examples
    --------
    >>> from par_analysis.sources.facts import load_facts, pick
    >>> par = pick(load_facts(index="PAR_INDEX"))
    >>> par.query("province_code == '48' and year == 2012 and indicator == 'par_index'")[
    ...     "value"].item()
    87.14
    """
    return _choose(_annotated(facts))


def _annotated(facts: pd.DataFrame) -> pd.DataFrame:
    """Add to the facts their snapshot key, the reason each fails a check, and their support."""
    df = facts.assign(_snap=_snapshot(facts), check=check_facts(facts))
    df["support"] = (pd.concat([_support(g) for _, g in df.groupby([*_CELL, "_snap"])])
                     if len(df) else pd.Series(dtype="int64"))
    return df


def _choose(df: pd.DataFrame) -> pd.DataFrame:
    """Apply the rule of :func:`pick` to facts annotated by :func:`_annotated`."""
    keys = [*_CELL, "_snap"]
    df = df.copy()
    df["_fails"] = df["check"] != ""
    df["_official"] = df["source_url"].map(_official)
    df["_file"] = df["raw_file"].map({f: k for k, f in enumerate(FILES)})
    df = df.sort_values(keys + ["_fails", "support", "_official", "decimals", "_file", "row"],
                        ascending=[True] * len(keys) + [True, False, False, False, True, True])
    grouped = df.groupby(keys)
    df["n_rows"] = grouped["value"].transform("size").astype("int64")
    df["n_values"] = grouped["value"].transform("nunique").astype("int64")
    df["conflict"] = _not_roundings(df, keys)
    chosen = df.drop_duplicates(keys).drop(columns=["_fails", "_official", "_file", "_snap"])
    chosen["support"] = chosen["support"].astype("int64")
    return chosen.sort_values(_CELL).reset_index(drop=True)


def _not_roundings(df: pd.DataFrame, keys) -> pd.Series:
    """Flag cells whose values are not all roundings of the most precise one."""

    def differs(group):
        top = group.loc[group["decimals"].idxmax()]
        return any(abs(v - round(top["value"], d)) > 1e-9
                   for v, d in zip(group["value"], group["decimals"], strict=True))
    flags = df.groupby(keys)[["value", "decimals"]].apply(differs)
    return pd.Series(pd.MultiIndex.from_frame(df[keys]).map(flags.to_dict()), index=df.index,
                     dtype=bool)


def _period_end(dates: pd.Series) -> pd.Series:
    """Last day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` strings (NaT when empty)."""
    text = dates.astype("string")
    day = pd.to_datetime(text.where(text.str.len() == 10), errors="coerce")
    month = pd.to_datetime(text.where(text.str.len() == 7), format="%Y-%m", errors="coerce")
    year = pd.to_datetime(text.where(text.str.len() == 4), format="%Y", errors="coerce")
    return day.fillna(month + pd.offsets.MonthEnd(0)).fillna(year + pd.offsets.YearEnd(0))


def _load(index, refresh: bool) -> pd.DataFrame:
    # the pick reads the facts alone, so it is cached with them (checks take about a second)
    name = "_".join([index] if isinstance(index, str) else index).lower()
    return _facts_cache(f"_picked_{name}", lambda: _picked(index, refresh), refresh)


def _picked(index, refresh: bool) -> pd.DataFrame:
    picked = pick(load_facts(refresh=refresh, index=index))
    # a weekly index: the year's figure is its latest snapshot; a date stated as a month or a
    # year stands for its last day ("2025" is the year's result), an undated one comes first
    picked = picked.assign(_end=_period_end(picked["as_of"]))
    picked = picked.sort_values([*_CELL, "_end"], na_position="first")
    picked = picked.drop_duplicates(_CELL, keep="last").drop(columns="_end").sort_values(_CELL)
    return validate_tidy(picked.reset_index(drop=True), INDICATORS)


def load_par_index(refresh: bool = False) -> pd.DataFrame:
    """Load PAR INDEX (Ministry of Home Affairs) scores, ranks and rank changes, 2012-2024.

    One row per province (or ``VN`` national mean, ``R-...`` regional mean), year and indicator,
    picked from the news figures of :func:`load_facts` by the rule of :func:`pick`. ``par_index``
    is a percent (0-100) whatever unit the page printed; ``par_index_rank`` (``rank_of`` extra
    column), ``par_index_rank_change``. Coverage is thin (a few to about forty provinces a year):
    see :func:`par_analysis.coverage`.

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
    """Load the Decision 766 service index and the service-delivery rates quoted beside it.

    ``sqi766`` (points out of 100), its ranks and rank changes, and the 2025 shares of dossiers
    submitted online (``online_application_rate``) and resolved on time
    (``ontime_resolution_rate``) and of Plan 02-KH/BCĐTW tasks done (``plan02_tasks_done``). The
    index is a weekly snapshot of the National Public Service Portal, not an annual index: the
    year's figure is the latest snapshot of the year that a page states (``as_of``, the date the
    sentence gives; every snapshot is in :func:`load_facts`). 2025 rows are in layout ``"34"``.

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
    return _load(SERVICE_INDEXES, refresh)


def conflicts(index: str | None = None) -> pd.DataFrame:
    """Show every group of facts that disagree or fail a check, and ranks given to two provinces.

    Parameters
    ----------
    index : str, optional
        Restrict to one facts ``index`` (``"PAR_INDEX"`` includes the means).

    Returns
    -------
    pandas.DataFrame
        One row per fact involved: ``kind`` (``"conflict"``: values that are not roundings of
        one another; ``"rounding"``: a rounded and a precise figure; ``"check_failed"``: one
        value that fails a check of :func:`check_facts`; ``"shared_rank"``: one rank of one year
        given to two provinces), ``group`` (a number per group), ``index, indicator,
        province_code, layout, year, value, rank_of, chosen`` (the row :func:`pick` keeps),
        ``support`` (pieces of evidence for the value), ``check`` (why the value fails a check),
        ``source_url, quote, raw_file, row``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> c = pa.conflicts("SIPAS")
    >>> c.query("province_code == '56' and indicator == 'sipas_rank_change'")["value"].tolist()
    [13.0, 10.0]
    """
    variant = f"_conflicts_{index.lower() if index else 'all'}"
    return _facts_cache(variant, lambda: _conflicts(index))


def _conflicts(index: str | None) -> pd.DataFrame:
    keys = [*_CELL, "_snap"]
    facts = _annotated(load_facts(index=index))
    picked = _choose(facts)
    chosen_rows = set(zip(picked["indicator"], picked["raw_file"], picked["row"], strict=True))
    facts["chosen"] = [(i, f, r) in chosen_rows for i, f, r in
                       zip(facts["indicator"], facts["raw_file"], facts["row"], strict=True)]
    facts["_conflict"] = _not_roundings(facts, keys)
    n_values = facts.groupby(keys)["value"].transform("nunique")
    groups = facts[(n_values > 1) | (facts["check"] != "")].copy()
    groups["kind"] = "check_failed"
    groups.loc[n_values[groups.index] > 1, "kind"] = groups["_conflict"].map(
        {True: "conflict", False: "rounding"})
    groups["group"] = groups.groupby(keys).ngroup()
    ranks = facts[facts["indicator"].str.endswith("_rank")]
    rank_keys = ["layout", "year", "period", "indicator", "_snap", "value"]
    shared = ranks[ranks.groupby(rank_keys)["province_code"].transform("nunique") > 1].copy()
    shared["kind"] = "shared_rank"
    shared["group"] = shared.groupby(rank_keys).ngroup() + (groups["group"].max() + 1
                                                             if len(groups) else 0)
    cols = ["kind", "group", "index", "indicator", "province_code", "layout", "year", "value",
            "rank_of", "chosen", "support", "check", "source_url", "quote", "raw_file", "row"]
    out = pd.concat([groups[cols], shared[cols]], ignore_index=True)
    return out.sort_values(["group", "raw_file", "row"]).reset_index(drop=True)
