"""When did each province adopt each reform? The staggered-adoption dataset.

The same standard reform, adopted by every province at a different date, is what a
difference-in-differences design needs as its treatment. ``_data/reform_adoption.csv`` is a
curated table of facts we own: one row per province, kind of reform and event, each with the
page that states it (``source_url``) and the exact sentence (``quote``, in the page's language).
It takes in the first pass of the shared mirror (``reform_adoption/collected.csv``, every row
re-checked against its page: ``verified``) and the later collections; ``origin`` says which.
``_data/reform_search_log.csv`` records every look-up made, found or not, so that "not found
after these queries" is distinguishable from "not searched" (:func:`reform_coverage`).

Kinds (:data:`KINDS`) and their adoption events, in the order :func:`adoption_dates` prefers them:

* ``service_centre``: the provincial Public Administration Service Centre (Trung tâm Hành chính
  công / Phục vụ hành chính công tỉnh): ``established`` (the UBND decision founding it),
  ``began_operation``, ``opening_ceremony``;
* ``ddci``: the province's competitiveness index of its departments and districts:
  ``first_assessment`` (the year of the round a page calls the first), ``decision`` (the
  document introducing it);
* ``ioc``: the provincial Intelligent Operations Centre: ``launched``, ``established``;
* ``secretary_chairs_par``: the PAR steering committee chaired by the party secretary:
  ``established``;
* ``party_resolution_par``: a provincial party resolution on administrative reform: ``issued``.

Other events are evidence, never adoption dates: ``assessment_seen`` (a DDCI round not called the
first: DDCI existed by then), ``reorganised`` (the 2025 reorganisations), ``chair_is_ubnd_chairman``
(the committee was chaired by the People's Committee chairman on that date), ...

Rules of the table: only what a page states; a date is never inferred (a round "the fourth in
2022" gives no first year); when a sentence gives day and month and the year comes from the page's
own date, ``date_basis`` is ``page_date``; conflicting pages are both kept and
:func:`adoption_dates` says so. Absence from the table is not evidence of non-adoption.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ._register import Register
from .errors import RawDataError
from .province_table import crosswalk, provinces
from .vocab import DATE_PRECISIONS

CSV_PATH = "par_analysis/_data/reform_adoption.csv"
LOG_PATH = "par_analysis/_data/reform_search_log.csv"
MIRROR = "reform_adoption/collected.csv"
REGISTER = Register(CSV_PATH, "Fix that row of the table: every row needs a date as the page "
                              "states it, a source URL and the exact sentence")


@dataclass(frozen=True)
class Kind:
    """A kind of reform: its label, adoption events (preferred first) and other events."""

    label: str
    adoption: tuple[str, ...]
    evidence: tuple[str, ...]

    @property
    def events(self) -> tuple[str, ...]:
        """Every event a row of this kind may carry."""
        return self.adoption + self.evidence


KINDS = {
    "service_centre": Kind(
        "Provincial public administration service centre",
        ("established", "began_operation", "opening_ceremony"),
        ("decision_announced", "planned_operation", "operation_seen", "project_approved",
         "national_pilot_decision", "precursor_decision", "phase2_single_point",
         "reorganised")),
    "ddci": Kind(
        "Provincial competitiveness index of departments and districts (DDCI)",
        ("first_assessment", "decision"),
        ("assessment_seen", "first_published", "not_adopted_as_of")),
    "ioc": Kind(
        "Provincial intelligent operations centre (IOC)",
        ("launched", "established"),
        ("operating_regulation", "operation_seen", "district_or_city_ioc")),
    "secretary_chairs_par": Kind(
        "PAR steering committee chaired by the provincial party secretary",
        ("established",), ("chair_is_ubnd_chairman", "reorganised")),
    "party_resolution_par": Kind(
        "Provincial party resolution on administrative reform", ("issued",), ()),
}
VERIFIED = ("yes", "page_not_found", "quote_differs")
DATE_BASES = ("sentence", "page_date")
COLUMNS = ["id", "kind", "province", "layout", "event", "date", "date_precision", "date_basis",
           "document", "source_url", "source_date", "quote", "quote_language", "verified",
           "verify_note", "origin", "note"]
_DATE_FORMS = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$"}


def _schema():
    import pandera.pandas as pa

    def text(nullable=False, checks=None):
        return pa.Column("string", checks, nullable=nullable)

    return pa.DataFrameSchema(
        {
            "id": pa.Column("string", pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), unique=True),
            "kind": text(checks=pa.Check.isin(list(KINDS))),
            "province": text(),
            "province_code": text(),
            "layout": text(checks=pa.Check.isin(["63", "34"])),
            "event": text(),
            "date": text(),
            "date_precision": text(checks=pa.Check.isin(DATE_PRECISIONS)),
            "date_basis": text(checks=pa.Check.isin(DATE_BASES)),
            "document": text(nullable=True),
            "source_url": text(checks=pa.Check.str_matches(r"^https?://\S+$")),
            "source_date": text(nullable=True),
            "quote": text(checks=pa.Check.str_length(min_value=15)),
            "quote_language": text(checks=pa.Check.str_matches(r"^[a-z]{2}$")),
            "verified": text(checks=pa.Check.isin(VERIFIED)),
            "verify_note": text(nullable=True),
            "origin": text(checks=pa.Check.str_matches(r"^(mirror:\d+|collection:[a-z0-9]+)$")),
            "note": text(nullable=True),
            "date_start": pa.Column("datetime64[ns]"),
            "year": pa.Column("int64", pa.Check.in_range(1990, 2100)),
        },
        strict=True,
        ordered=False,
    )


def _date_start(record: dict, line: int, register: Register) -> pd.Timestamp:
    """Return the first day a row's date stands for, checking its form against its precision."""
    import re

    date, precision = record["date"], record["date_precision"]
    if not re.match(_DATE_FORMS[precision], date):
        raise register.fail(f"a date of precision {precision!r} is written "
                            f"{_DATE_FORMS[precision][1:-1]}", line, date)
    try:
        start = pd.Timestamp(date if precision == "day" else (date + "-01-01")[:10])
    except ValueError:
        raise register.fail("not a calendar date", line, date) from None
    layout, merger = record["layout"], pd.Timestamp("2025-07-01")
    adoption = record["event"] in KINDS[record["kind"]].adoption
    if (layout == "34" and start < merger) or (layout == "63" and adoption and start >= merger):
        raise register.fail("the 34 units exist from 1 July 2025: an adoption from then on belongs "
                            "to a unit of layout '34', and no '34' fact is older", line,
                            f"{date} (layout {layout})")
    return start


def _check_mirror(records: list[dict]) -> None:
    """Every row of the mirror's first pass is taken in once, as the same fact or corrected."""
    from .sources._common import read_csv

    first_pass = read_csv(MIRROR, columns=["kind", "province", "event", "date", "source_url"],
                          min_rows=1, dtype=str, keep_default_na=False)
    lines = {int(r["origin"].split(":")[1]): (n, r) for n, r in enumerate(records, start=2)
             if r["origin"].startswith("mirror:")}
    for i, mirror in first_pass.iterrows():
        line = int(i) + 2
        if line not in lines:
            raise RawDataError("first-pass row not taken into the reform table", file=MIRROR,
                               row=line, value=f"{mirror['province']} {mirror['event']}",
                               hint=f"add it to {CSV_PATH} with origin mirror:{line} and its "
                                    "verification")
        n, record = lines.pop(line)
        same = all(record[c] == mirror[c] for c in ("kind", "province", "source_url"))
        changed = any(record[c] != mirror[c] for c in ("event", "date"))
        if not same or (changed and not record["verify_note"].strip()):
            raise REGISTER.fail(f"differs from {MIRROR} line {line} without a verify_note "
                                "saying why", n, record["id"])
    if lines:
        line, (n, record) = next(iter(lines.items()))
        raise REGISTER.fail(f"origin mirror:{line} is not a line of {MIRROR}", n, record["id"])


def load_reforms(path=None, *, verified_only: bool = False) -> pd.DataFrame:
    """Return the reform-adoption table: one row per province, kind, event and page.

    Parameters
    ----------
    path : str or path-like, optional
        Another table with the same columns (tests, drafts); default the packaged
        ``par_analysis/_data/reform_adoption.csv``, which is also checked against the mirror's
        first pass (``reform_adoption/collected.csv``): every first-pass row is taken in once,
        unchanged or with a ``verify_note`` saying what its page showed instead.
    verified_only : bool
        Keep only rows whose sentence was read on the page (``verified == "yes"``).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS` plus ``province_code`` (GSO code in the row's layout:
        ``"63"``, or ``"34"`` for facts from 1 July 2025), ``date_start`` (first day the date
        stands for) and ``year``.

    Raises
    ------
    RawDataError
        Naming the CSV line and value: an unknown province, a date not of its precision's form,
        an event foreign to the kind, a missing quote or URL, a duplicate id, a first-pass row
        missing or changed without a note.

    Examples
    --------
    >>> import par_analysis as pa
    >>> reforms = pa.load_reforms()
    >>> row = reforms.query("kind == 'secretary_chairs_par' and event == 'established'").iloc[0]
    >>> row["province_code"], row["date"], row["document"]
    ('40', '2023-03-06', '1830-QĐ/TU')
    """
    register = REGISTER.at(path)
    records = register.read()
    register.require(records, COLUMNS,
                     ("id", "kind", "province", "layout", "event", "date", "date_precision",
                      "date_basis", "source_url", "quote", "quote_language", "verified",
                      "origin"),
                     {"kind": KINDS, "date_precision": DATE_PRECISIONS, "date_basis": DATE_BASES,
                      "verified": VERIFIED, "layout": ("63", "34")})
    register.unique(records)
    for line, record in enumerate(records, start=2):
        if record["event"] not in KINDS[record["kind"]].events:
            raise register.fail(f"event of kind {record['kind']} must be one of "
                                f"{KINDS[record['kind']].events}", line, record["event"])
        record["date_start"] = _date_start(record, line, register)
        record["province_code"] = register.province_code(record["province"], record["layout"],
                                                         line)
    if path is None:
        _check_mirror(records)
    df = pd.DataFrame(records, columns=[*COLUMNS, "province_code", "date_start"])
    df = df.replace({"": pd.NA}).astype({c: "string" for c in [*COLUMNS, "province_code"]})
    df["date_start"] = pd.to_datetime(df["date_start"]).astype("datetime64[ns]")
    df["year"] = df["date_start"].dt.year.astype("int64")
    df = register.validate(df, _schema())
    if verified_only:
        df = df[df["verified"] == "yes"]
    return df.reset_index(drop=True)


def _rule_text(kind: str, event) -> str:
    events = [event] if event else list(KINDS[kind].adoption)
    order = ", else ".join(f"the earliest `{e}`" for e in events)
    return (f"{kind}: {order}; only rows whose sentence was read on the page (verified); a date "
            "whose year comes from the page's own date (date_basis page_date) is used and flagged")


def adoption_dates(kind: str, event: str | None = None, *, date_basis=DATE_BASES,
                   reforms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one adoption date per province for a kind of reform, with the rule and conflicts.

    Rule: among verified rows, the first adoption event of the kind that the province has
    (:data:`KINDS`: ``established``, else ``began_operation``, else ``opening_ceremony`` for
    service centres; ``first_assessment``, else ``decision`` for DDCI; ...), and within it the
    earliest date. The rule is in ``result.attrs["rule"]``.

    Parameters
    ----------
    kind : str
        A key of :data:`KINDS`.
    event : str, optional
        Use this adoption event only (``"began_operation"``).
    date_basis : sequence of str
        Accept dates whose year the sentence states (``"sentence"``) and those whose year comes
        from the page's date (``"page_date"``); pass ``("sentence",)`` to be strict.
    reforms : pandas.DataFrame, optional
        Output of :func:`load_reforms` (loaded when omitted).

    Returns
    -------
    pandas.DataFrame
        One row per province with a date (layout ``"63"``; facts of the 34 units are not
        adoptions by the 63 provinces): ``province_code, province, kind, event, date,
        date_precision, year, date_basis, document, source_url, quote, id``, ``n_pages`` (rows
        stating the chosen event), ``dates_stated`` (every distinct date of that event, joined by
        ``|``), ``conflict`` (pages give different years for the event: for the same document,
        or neither names one; several annual plans of DDCI are not a conflict) and
        ``other_events`` (the province's other adoption events with their years, e.g.
        ``began_operation 2019``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> sc = pa.adoption_dates("service_centre")
    >>> sc.set_index("province_code").loc["27", ["event", "date", "document"]].tolist()
    ['established', '2017-03-15', '99/QĐ-UBND']
    >>> sc.attrs["rule"].split(", else")[0]
    'service_centre: the earliest `established`'
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {tuple(KINDS)}, got {kind!r}")
    events = list(KINDS[kind].adoption)
    if event is not None:
        if event not in events:
            raise ValueError(f"adoption events of {kind} are {tuple(events)}, got {event!r}")
        events = [event]
    table = load_reforms() if reforms is None else reforms
    rows = table[(table["kind"] == kind) & table["event"].isin(events)
                 & (table["verified"] == "yes") & (table["layout"] == "63")
                 & table["date_basis"].isin(list(date_basis))]
    rows = rows.assign(_order=rows["event"].map({e: k for k, e in enumerate(events)}))
    rows = rows.sort_values(["province_code", "_order", "date_start", "id"])
    chosen_event = rows.groupby("province_code")["_order"].transform("min")
    same = rows[rows["_order"] == chosen_event]
    # pages disagree when they give different years for one event: the same document, or none
    same = same.assign(_document=same["document"].fillna(""))
    disagree = (same.groupby(["province_code", "_document"])["year"].nunique() > 1)
    stats = same.groupby("province_code").agg(
        n_pages=("id", "size"), dates_stated=("date", lambda d: "|".join(sorted(set(d)))))
    stats["conflict"] = disagree.groupby(level="province_code").any()
    rest = rows[rows["_order"] != chosen_event]
    rest = rest.assign(_text=rest["event"] + " " + rest["year"].astype("string"))
    others = (rest.drop_duplicates(["province_code", "_text"]).groupby("province_code")["_text"]
              .agg("; ".join).rename("other_events"))
    first = same.drop_duplicates("province_code").set_index("province_code")
    out = first.join(stats).join(others).reset_index()
    columns = ["province_code", "province", "kind", "event", "date", "date_precision", "year",
               "date_basis", "document", "source_url", "quote", "id", "n_pages", "dates_stated",
               "conflict", "other_events"]
    out = out[columns].astype({"n_pages": "int64", "other_events": "string"})
    out = out.sort_values("province_code").reset_index(drop=True)
    out.attrs["rule"] = _rule_text(kind, event)
    return out


def adoption_panel(kind: str, years, *, event: str | None = None, layout: str = "63",
                   merged: str = "first", dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return treatment status and years since adoption for every unit and year.

    Parameters
    ----------
    kind : str
        A key of :data:`KINDS`.
    years : iterable of int
        Years of the panel.
    event : str, optional
        As in :func:`adoption_dates`.
    layout : {"63", "34"}
        ``"63"``: the provinces. ``"34"``: the units of 1 July 2025, whose members may have
        adopted in different years; ``merged`` says how they combine.
    merged : {"first", "last"}
        Layout ``"34"`` only: a unit is treated from its first member's adoption year
        (``"first"``: exposure begins with any member) or from the year its last member adopted
        (``"last"``: every member treated; the unit has no date while a member has none).
    dates : pandas.DataFrame, optional
        Output of :func:`adoption_dates` (computed when omitted).

    Returns
    -------
    pandas.DataFrame
        One row per unit and year: ``province_code, layout, year, adoption_year`` (Int64, NA when
        no date was found), ``treated`` (boolean, NA without a date), ``years_since`` (Int64, year
        minus adoption year) and ``status`` (``"dated"`` or ``"not_found"``: absence is not
        non-adoption, so use these units as controls only with care); layout ``"34"`` adds
        ``n_members`` and ``n_members_dated``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> p = pa.adoption_panel("service_centre", range(2016, 2019))
    >>> p.query("province_code == '27'")[["year", "treated", "years_since"]].values.tolist()
    [[2016, False, -1], [2017, True, 0], [2018, True, 1]]
    """
    dates = adoption_dates(kind, event) if dates is None else dates
    first_year = dates.set_index("province_code")["year"]
    if layout == "63":
        units = pd.DataFrame({"province_code": provinces("63")["code"]})
        units["adoption_year"] = units["province_code"].map(first_year)
    elif layout == "34":
        if merged not in ("first", "last"):
            raise ValueError(f"merged must be 'first' or 'last', got {merged!r}")
        cw = crosswalk("63", "34").assign(year=lambda d: d["old_code"].map(first_year))
        units = cw.groupby("new_code").agg(n_members=("old_code", "size"),
                                           n_members_dated=("year", "count"),
                                           first=("year", "min"), last=("year", "max"))
        complete = units["n_members_dated"] == units["n_members"]
        units["adoption_year"] = (units["first"] if merged == "first"
                                  else units["last"].where(complete))
        units = units.drop(columns=["first", "last"]).reset_index(names="province_code")
    else:
        raise ValueError(f"layout must be '63' or '34', got {layout!r}")
    frame = units.merge(pd.DataFrame({"year": pd.Series(list(years), dtype="int64")}),
                        how="cross")
    frame["adoption_year"] = frame["adoption_year"].astype("Int64")
    frame["years_since"] = (frame["year"] - frame["adoption_year"]).astype("Int64")
    frame["treated"] = (frame["years_since"] >= 0).astype("boolean")
    frame["status"] = frame["adoption_year"].notna().map({True: "dated", False: "not_found"})
    frame.insert(1, "layout", layout)
    columns = ["province_code", "layout", "year", "adoption_year", "treated", "years_since",
               "status"] + [c for c in ("n_members", "n_members_dated") if c in frame.columns]
    return frame[columns].sort_values(["province_code", "year"]).reset_index(drop=True)


def search_log() -> pd.DataFrame:
    """Return the record of every look-up made for the table, found or not.

    Columns: ``session, collector, n, kind, provinces`` (canonical names joined by ``|``; ``*``
    for a query over all provinces), ``query, corpus, outcome`` (``found``, ``verified``,
    ``not_verified``, ``partial``, ``nothing_relevant``, ``found_undated``) and ``note``.

    Examples
    --------
    >>> from par_analysis.reforms import search_log
    >>> log = search_log()
    >>> bool((log["outcome"] == "nothing_relevant").any())
    True
    """
    register = Register(LOG_PATH, "Fix that line of the search log")
    return pd.DataFrame(register.read()).astype("string")


def reform_coverage(reforms: pd.DataFrame | None = None) -> pd.DataFrame:
    """Say, per kind of reform and province, whether a date was found, searched for, or neither.

    Parameters
    ----------
    reforms : pandas.DataFrame, optional
        The reform-adoption table, as :func:`load_reforms` returns it (default: the packaged
        table).

    Returns
    -------
    pandas.DataFrame
        One row per kind and province of layout ``"63"``: ``kind, province_code, province,
        status`` (``dated``: :func:`adoption_dates` gives a date; ``evidence_only``: rows exist
        but none is a verified adoption date; ``not_found``: the search log shows queries for it,
        and ``n_queries`` how many; ``not_searched``) and ``n_queries``.

    Examples
    --------
    >>> from par_analysis.reforms import reform_coverage
    >>> cov = reform_coverage()
    >>> sorted(cov["status"].unique())[:2]
    ['dated', 'evidence_only']
    """
    table = load_reforms() if reforms is None else reforms
    log = search_log()
    names = provinces("63")[["code", "name_vi"]].rename(
        columns={"code": "province_code", "name_vi": "province"})
    parts = []
    for kind in KINDS:
        dated = set(adoption_dates(kind, reforms=table)["province_code"])
        seen = set(table.loc[(table["kind"] == kind) & (table["layout"] == "63"),
                             "province_code"])
        queries = log[log["kind"] == kind]["provinces"].str.split("|").explode()
        counts = queries.value_counts()
        broad = int(counts.get("*", 0))
        part = names.assign(kind=kind)
        part["n_queries"] = (part["province"].map(counts).fillna(0) + broad).astype("int64")
        part["status"] = "not_searched"
        part.loc[part["n_queries"] > 0, "status"] = "not_found"
        part.loc[part["province_code"].isin(seen), "status"] = "evidence_only"
        part.loc[part["province_code"].isin(dated), "status"] = "dated"
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out[["kind", "province_code", "province", "status", "n_queries"]]


def plot_adoption_map(kinds=("service_centre", "ddci", "ioc"), *, scheme: str = "quantiles",
                      k: int = 5, ncols: int = 3):
    """Map the adoption year of several kinds of reform side by side, with shared bins.

    Provinces without a date are hatched grey and named in the legend "no date found" (absence is
    not non-adoption).

    Parameters
    ----------
    kinds : iterable of str
        Kinds of reform (keys of :data:`KINDS`), one panel each, in this order.
    scheme : str
        mapclassify scheme of the shared bins (``"quantiles"``, ``"equal_interval"``,
        ``"fisher_jenks"``, ...).
    k : int
        Number of classes (fewer when there are fewer distinct years).
    ncols : int
        Panels per row (at most the number of kinds).

    Returns
    -------
    (matplotlib.figure.Figure, numpy.ndarray of Axes)

    Examples
    --------
    >>> from par_analysis.reforms import plot_adoption_map
    >>> fig, axes = plot_adoption_map(("service_centre", "ddci"))
    >>> len(axes)
    2
    """
    from .boundaries import load_boundaries
    from .maps import _note, _panels_figure

    gdf = load_boundaries("63", simplified=True)
    panels = []
    for kind in kinds:
        dates = adoption_dates(kind)
        values = dates.set_index("province_code")["year"].astype("float64")
        panels.append((f"{kind} ({len(values)} of 63 dated)", gdf, values))
    note = _note("par-analysis reform-adoption table (each date with its page and sentence)",
                 "63", "odm")
    return _panels_figure(panels, scheme=scheme, k=k, cmap="viridis_r",
                          title="Year of adoption", legend_title="adoption year", note=note,
                          ncols=min(ncols, len(panels)), missing_label="no date found",
                          value_format="{:.0f}")


def plot_adoption_timeline(kinds=tuple(KINDS), ax=None):
    """Draw the cumulative number of provinces with a dated adoption, per kind and year.

    Parameters
    ----------
    kinds : iterable of str
        Kinds of reform (keys of :data:`KINDS`), one line each; a kind without a date is not
        drawn.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure).

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)

    Examples
    --------
    >>> from par_analysis.reforms import plot_adoption_timeline
    >>> fig, ax = plot_adoption_timeline(("service_centre", "ddci"))
    >>> [line.get_label() for line in ax.get_lines()]
    ['service_centre', 'ddci']
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.6))
    for kind in kinds:
        years = adoption_dates(kind)["year"]
        if years.empty:
            continue
        counts = years.value_counts().sort_index().cumsum()
        steps = pd.Series(counts.to_numpy(), index=counts.index)
        ax.step(steps.index, steps.to_numpy(), where="post", label=kind, lw=1.8)
    ax.set(xlabel="year", ylabel="provinces with a dated adoption (of 63)", ylim=(0, 63))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=9, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.figure.tight_layout()
    return ax.figure, ax
