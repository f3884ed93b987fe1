"""One-page HTML profiles of the 63 provinces (2008 - Jun 2025) and the 34 units (Jul 2025 -).

Each profile shows the unit's PCI, PAPI, PAR INDEX, SIPAS and FDI histories against the mean of
its region and of the country (small static PNG charts embedded in the page), its rank each
year, a locator map, the initiatives recorded for it, its reform-adoption dates (service centre,
DDCI, IOC, ...; each with the page and sentence) and the provenance of every number (raw file,
sheet and row, or the web page quoted). ``reports/profiles/index.html`` links them all.

Everything is built in one process: each dataset is loaded once, every chart is drawn with
matplotlib's Agg backend and every page is filled from the Jinja2 template
``templates/profile.html``. A loader, :func:`par_analysis.harmonize` or the boundaries failing
raise; the notes on the pages describe the data only (a dataset not provided to
:func:`load_context`, the harmonisation rule, the unit-years left out because a member province has
no value).

Notes
-----
* Region and country lines are unweighted means over the provinces (or units) with a value in
  that year, computed here from the same series. The rank column is computed from the values
  (1 = highest) among the units with a value that year ("12 / 28" when only 28 are known); the
  publisher's rank, when the loader has ``<indicator>_rank`` rows, is shown beside it.
* The 63-province history includes the years before August 2008 (layout ``"64"``) under the same
  GSO code; those rows are marked, since Ha Noi's borders changed then.
* A 34-unit profile uses :func:`par_analysis.harmonize` (population-weighted means of the member
  provinces for indices, sums for FDI) for the years before the merger, plus any rows a source
  reports for the 34 units themselves. A unit-year with a member province missing is left out
  (``harmonize(...).attrs["incomplete"]``) and named in that unit's page. Population weights
  cover every province-year of every series (nearest year with a population), so no other
  weighting is needed.
"""

from __future__ import annotations

import base64
import io
import math
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ._files import write_text
from .boundaries import load_boundaries
from .breaks import cut_at_breaks
from .harmonization import harmonize
from .paths import reports_dir
from .province_table import crosswalk, province_mask, provinces, regions
from .schema import unit_of
from .sources.catalog import Headline, Source, choose_source, headlines

LAYOUT_LABEL = {"63": "63 provinces, 2008 - 30 Jun 2025", "34": "34 units, from 1 Jul 2025"}
# columns of load_initiatives() shown, in this order, when present ("year" only without "date")
INITIATIVE_COLUMNS = ("date", "year", "par_area", "kind", "title", "description", "source_url")


def profile_series() -> list[tuple[Source, Headline]]:
    """Return the series a profile shows: every headline series of the tidy sources.

    Examples
    --------
    >>> [h.indicator for _, h in profile_series()][:4]
    ['pci', 'papi_total_6dim', 'papi_total_8dim', 'par_index']
    """
    return headlines("tidy")


@dataclass
class _IndicatorHistory:
    """One indicator of one layout: every unit-year value with rank and comparison means."""

    source: Source
    headline: Headline
    table: pd.DataFrame  # province_code, year, value, rank, n, region_mean, country_mean, ...
    note: str = ""
    # unit-years harmonize() left out: province_code, year, members (present), n_members, ...
    incomplete: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def indicator(self) -> str:
        return self.headline.indicator

    @property
    def label(self) -> str:
        return self.headline.label


@dataclass
class _Context:
    """The datasets loaded once for all profiles, and notes on the data."""

    histories: dict[str, list[_IndicatorHistory]] = field(default_factory=dict)  # by layout
    notes: list[str] = field(default_factory=list)
    initiatives: pd.DataFrame | None = None
    adoptions: dict[str, pd.DataFrame] | None = None  # reform kind -> adoption_dates by province
    boundaries: dict = field(default_factory=dict)  # layout -> GeoDataFrame


def _slug(layout: str, code: str) -> str:
    return f"{layout}-{code}.html"


def _regions_of(layout: str) -> dict[str, str]:
    return provinces(layout).set_index("code")["region"].to_dict()


def _add_stats(rows: pd.DataFrame, region_of: dict[str, str]) -> pd.DataFrame:
    """Add rank, count, region and country means per year to province rows of one layout."""
    rows = rows.assign(region=rows["province_code"].map(region_of))
    by_year = rows.groupby("year")["value"]
    rows = rows.assign(
        rank=by_year.rank(ascending=False, method="min").astype("Int64"),
        n=by_year.transform("count").astype("int64"),
        country_mean=by_year.transform("mean"),
        region_mean=rows.groupby(["year", "region"])["value"].transform("mean"),
    )
    return rows.sort_values(["province_code", "year"]).reset_index(drop=True)


def _with_published_rank(table: pd.DataFrame, df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Add ``published_rank`` from the ``<indicator>_rank`` rows, and rank-only years.

    A year with a published rank but no score (PAR INDEX ranks printed without the score) gets a
    row with value NaN and the rank's provenance, so that ranks show where scores are missing.
    """
    ranks = choose_source(_indicator_rows(df, f"{indicator}_rank"))
    keys = ["province_code", "layout", "year"]
    out = table.merge(ranks[[*keys, "value"]].rename(columns={"value": "published_rank"}),
                      on=keys, how="left")
    only = ranks.merge(table[keys], on=keys, how="left", indicator=True)
    only = only[only["_merge"] == "left_only"].drop(columns="_merge")
    if only.empty:
        return out
    unit = table["unit"].iloc[0] if len(table) else only["unit"].iloc[0]
    only = only.assign(published_rank=only["value"], value=float("nan"), unit=unit,
                       indicator=indicator)
    return pd.concat([out, only[[c for c in out.columns if c in only.columns]]],
                     ignore_index=True)


def _indicator_rows(df: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = df[(df["indicator"] == indicator) & df["value"].notna()]
    if (rows["period"] == "FY").any():
        rows = rows[rows["period"] == "FY"]
    return rows[province_mask(rows["province_code"])]


def _harmonized_34(rows63: pd.DataFrame,
                   headline: Headline) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """Aggregate the 63/64-layout rows into the 34 units.

    Returns the harmonised rows, the note describing the rule, and the unit-years left out
    because a member province has no value (``attrs["incomplete"]`` of :func:`harmonize`; the
    pages name those unit-years).
    """
    out = harmonize(rows63, to_layout="34", weights="population", how=headline.rule, warn=False)
    note = (f"years before 1 Jul 2025 aggregated from the member provinces with harmonize() "
            f"({headline.rule}" + (", population weights" if headline.rule == "mean" else "")
            + ")")
    return out, note, pd.DataFrame(out.attrs["incomplete"])


def _build_histories(frames: dict, notes: list[str]) -> dict[str, list[_IndicatorHistory]]:
    histories: dict[str, list[_IndicatorHistory]] = {"63": [], "34": []}
    region63, region34 = _regions_of("63"), _regions_of("34")
    region63.update({k: v for k, v in _regions_of("64").items() if k not in region63})
    for source, headline in profile_series():
        df = frames.get(source.key)
        if df is None:
            continue
        indicator = headline.indicator
        if indicator not in set(df["indicator"]):
            continue
        rows = _with_published_rank(choose_source(_indicator_rows(df, indicator)), df, indicator)
        old = rows[rows["layout"].isin(["63", "64"])]
        if not old.empty:
            table = pd.concat([_add_stats(part, region63) for _, part in old.groupby("layout")])
            table = (table.sort_values(["province_code", "year", "layout"])  # "63" first
                     .drop_duplicates(["province_code", "year"]).reset_index(drop=True))
            histories["63"].append(_IndicatorHistory(source, headline, table))
        scored = old[old["value"].notna()]
        new, note, incomplete = (_harmonized_34(scored, headline) if not scored.empty
                                 else (scored, "", pd.DataFrame()))
        new = pd.concat([rows[rows["layout"] == "34"], new], ignore_index=True)
        if not new.empty:
            new = new.drop_duplicates(["province_code", "year"])  # reported rows win
            histories["34"].append(_IndicatorHistory(source, headline, _add_stats(new, region34),
                                                     note, incomplete))
        elif len(incomplete):
            notes.append(f"{headline.label}, 34 units: no unit-year with every member province "
                         f"present ({len(incomplete)} left out)")
    return histories


def load_context(data: dict | None = None) -> _Context:
    """Load every dataset the profiles need, once.

    Parameters
    ----------
    data : dict, optional
        Inject datasets instead of loading them (tests, notebooks): keys are catalogue keys of
        :func:`profile_series` (``"pci"``, ``"papi"``, ...) with tidy frames, and optionally
        ``"initiatives"`` (a frame with ``province_code``), ``"reforms"`` (the output of
        :func:`par_analysis.load_reforms`) and ``"boundaries:63"`` /
        ``"boundaries:34"`` (GeoDataFrames). With ``data`` given nothing else is loaded.

    Returns
    -------
    _Context
        Panels per layout, the initiatives, the adoption dates of each reform kind
        (:func:`par_analysis.adoption_dates`), the boundaries and notes on the data (with
        ``data``: the series not provided).

    Raises
    ------
    Exception
        Whatever a loader, :func:`par_analysis.harmonize` or
        :func:`par_analysis.load_boundaries` raises: nothing is turned into a note.

    Examples
    --------
    >>> ctx = load_context({})
    >>> ctx.histories["63"], ctx.boundaries
    ([], {})
    """
    import par_analysis as pa

    ctx = _Context()
    frames = {}
    for source in dict.fromkeys(source for source, _ in profile_series()):
        if data is None:
            frames[source.key] = source.load()
        elif source.key in data:
            frames[source.key] = data[source.key]
        else:
            ctx.notes.append(f"{source.label}: not provided")
    ctx.histories = _build_histories(frames, ctx.notes)
    if data is not None:
        ctx.initiatives = data.get("initiatives")
        reforms = data.get("reforms")
        ctx.boundaries = {lay: data[f"boundaries:{lay}"] for lay in ("63", "34")
                          if f"boundaries:{lay}" in data}
    else:
        ctx.initiatives = pa.load_initiatives()
        reforms = pa.load_reforms()
        ctx.boundaries = {lay: load_boundaries(lay) for lay in ("63", "34")}
    if reforms is not None:
        from .reforms import KINDS, adoption_dates

        ctx.adoptions = {kind: adoption_dates(kind, reforms=reforms).set_index("province_code")
                         for kind in KINDS}
    return ctx


def _png_base64(fig, dpi: int = 80, tight: bool = True) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _svg(fig) -> str:
    """Return a figure as base64 SVG with live text (faster and smaller than a PNG of it)."""
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "par-analysis"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


class _Locator:
    """A map of every unit drawn once; each profile only recolours its unit and saves."""

    def __init__(self, gdf):
        import matplotlib.pyplot as plt
        from matplotlib.collections import PathCollection
        from matplotlib.path import Path as MplPath

        def paths(geom):
            polys = getattr(geom, "geoms", [geom])
            rings = [MplPath(list(r.coords), closed=True)
                     for p in polys for r in (p.exterior, *p.interiors)]
            return MplPath.make_compound_path(*rings)

        gdf = gdf[gdf.geometry.notna()]
        self.codes = list(gdf["province_code"])
        self.fig, ax = plt.subplots(figsize=(1.5, 2.9))
        self.collection = PathCollection([paths(g) for g in gdf.geometry], facecolors="#c3ccd5",
                                         edgecolors="white", linewidths=0.3)
        ax.add_collection(self.collection)
        # frame the mainland: parts under 0.01 square degrees (offshore islands) do not widen it
        parts = gdf.geometry.explode(index_parts=False)
        with warnings.catch_warnings():  # areas in degrees are fine for this comparison
            warnings.filterwarnings("ignore", message="Geometry is in a geographic CRS",
                                    category=UserWarning)
            minx, miny, maxx, maxy = parts[parts.area > 0.01].total_bounds
        ax.set_xlim(minx, maxx)
        ax.set_ylim(miny, maxy)
        ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
        ax.axis("off")
        points = gdf.geometry.representative_point()
        self.points = dict(zip(self.codes, zip(points.x, points.y, strict=True), strict=True))
        self.marker, = ax.plot([], [], "o", ms=9, mfc="none", mec="#c0392b", mew=1.5)

    def draw(self, code: str) -> str | None:
        if code not in self.codes:
            return None
        self.collection.set_facecolors(["#c0392b" if c == code else "#c3ccd5" for c in self.codes])
        x, y = self.points[code]
        self.marker.set_data([x], [y])  # a ring, so that small provinces are visible too
        return _png_base64(self.fig, dpi=70, tight=False)


class _Charts:
    """Small multiples of one layout's histories, drawn once; each profile only updates the data.

    Reusing one figure (no re-layout, no tight bounding box) keeps 97 profiles fast.
    """

    def __init__(self, histories: list[_IndicatorHistory]):
        import matplotlib.pyplot as plt

        self.histories = histories
        ncols = min(3, max(1, len(histories)))
        nrows = max(1, math.ceil(len(histories) / ncols))
        self.fig, axes = plt.subplots(nrows, ncols, figsize=(3.4 * ncols, 2.3 * nrows),
                                      squeeze=False)
        self.axes = list(axes.flat)
        self.lines = []
        for ax, history in zip(self.axes, histories, strict=False):
            unit, = ax.plot([], [], "-o", color="#c0392b", ms=3, lw=1.8, label="this unit")
            region, = ax.plot([], [], "--", color="#1d4e89", lw=1.2, label="region mean")
            country, = ax.plot([], [], ":", color="#52606d", lw=1.4, label="country mean")
            empty = ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center",
                            color="#9aa5b1", fontsize=9)
            self.lines.append((unit, region, country, empty))
            # fixed title and axis-label places: matplotlib would otherwise measure every tick
            # label to place them, on each of the 97 redraws (a third of the drawing time)
            ax.set_title(history.label, fontsize=9, loc="left", y=1.0)
            ax.xaxis.set_label_coords(0.5, -0.15)
            ax.yaxis.set_label_coords(-0.15, 0.5)
            ax.tick_params(labelsize=9)
            ax.grid(alpha=0.25)
            ax.spines[["top", "right"]].set_visible(False)
            ax.xaxis.get_major_locator().set_params(integer=True)
        for ax in self.axes[len(histories):]:
            ax.axis("off")
        if histories:
            self.axes[0].legend(fontsize=9, frameon=False, loc="best")
        self.fig.tight_layout()
        self.country = [p.table.groupby("year")["country_mean"].first() for p in histories]

    def draw(self, code: str) -> str | None:
        """Return the base64 SVG of one unit, or None when it has no value in any history."""
        found = False
        for ax, history, lines, country in zip(self.axes, self.histories, self.lines, self.country,
                                             strict=False):
            unit, region, nat, empty = lines
            t = history.table[history.table["province_code"] == code]
            found |= not t.empty
            unit.set_data(*cut_at_breaks(history.indicator, t["year"], t["value"]))
            region.set_data(*cut_at_breaks(history.indicator, t["year"], t["region_mean"]))
            years = country.index[(country.index >= t["year"].min())
                                  & (country.index <= t["year"].max())] if not t.empty else []
            nat.set_data(*cut_at_breaks(history.indicator, years, country.loc[years]))
            empty.set_visible(t.empty)
            ax.xaxis.set_visible(not t.empty)
            ax.yaxis.set_visible(not t.empty)
            ax.relim()
            ax.autoscale_view()
            if not t.empty:
                ax.set_xlim(t["year"].min() - 0.5, t["year"].max() + 0.5)
        return _svg(self.fig) if found else None


def _source_text(row) -> tuple[str, str | None]:
    """Return ``(provenance text, url or None)`` of one tidy row."""
    files = sorted({f for f in str(row.raw_file).split("|") if f and f != "<NA>"})
    parts = [", ".join(files)] if files else []
    if isinstance(row.sheet, str) and row.sheet and "|" not in row.sheet:
        parts.append(f"sheet {row.sheet}")
    if not pd.isna(row.row):
        parts.append(f"row {int(row.row)}")
    if "members" in row._fields and isinstance(row.members, str):
        parts.append(f"{row.rule} of {row.members.replace('|', ', ')}")
    url = row.source_url if isinstance(row.source_url, str) and row.source_url else None
    return " · ".join(parts), url


def _rank_text(value) -> str:
    return "–" if pd.isna(value) else f"{value:.0f}"


def _unit_page(layout: str, code: str, ctx: _Context, locator, charts, names: dict) -> dict:
    """Collect what the template needs for one unit."""
    table = provinces(layout).set_index("code")
    info = table.loc[code]
    region_names = regions().set_index("code")["name_en"].to_dict()
    histories = ctx.histories.get(layout, [])
    sections: list[dict] = []
    cards: list[dict] = []
    sources: dict[str, str | None] = {}
    for history in histories:
        t = history.table[history.table["province_code"] == code]
        rows = []
        for r in t.itertuples(index=False):
            text, url = _source_text(r)
            sources.setdefault(text.split(" · ")[0] or url or "", url)
            unit = unit_of(r.unit)
            rows.append({"year": r.year, "value": unit.format(r.value),
                         "rank": "–" if pd.isna(r.rank) else f"{r.rank} / {r.n}",
                         "published": _rank_text(r.published_rank),
                         "region": unit.format(r.region_mean),
                         "country": unit.format(r.country_mean), "source": text, "url": url,
                         "old": r.layout == "64", "source_id": r.source})
        note = "; ".join(n for n in (history.note, _left_out(history.incomplete, code)) if n)
        sections.append({"label": history.label, "indicator": history.indicator, "rows": rows,
                         "note": note, "loader": history.source.loader})
        if rows:
            last = t.iloc[-1]
            rank = (f"published rank {_rank_text(last['published_rank'])}"
                    if not pd.isna(last["published_rank"])
                    else f"rank {last['rank']} of {last['n']} with a value")
            cards.append({"label": history.label,
                          "value": unit_of(last["unit"]).format(last["value"]),
                          "sub": f"{last['year']}: {rank}"})
    members = []
    if layout == "34":
        cw = crosswalk("63", "34")
        members = [{"code": m, "name": names[("63", m)], "href": _slug("63", m)}
                   for m in cw.loc[cw["new_code"] == code, "old_code"]]
    successor = None
    if layout == "63" and info["successor_code"]:
        s = info["successor_code"]
        successor = {"code": s, "name": names[("34", s)], "href": _slug("34", s)}
    initiatives = _initiatives_of(ctx.initiatives, layout, code, members)
    member_codes = [m["code"] for m in members] if layout == "34" else [code]
    return {
        "layout": layout, "layout_label": LAYOUT_LABEL[layout], "code": code,
        "name": info["name_vi"], "name_en": info["name_en"], "type": info["type"],
        "region": region_names.get(info["region"], info["region"]),
        "chart": charts.draw(code), "locator": locator.draw(code)
        if locator else None, "cards": cards, "sections": sections, "members": members,
        "successor": successor, "initiatives": initiatives,
        "adoptions": _adoptions_of(ctx.adoptions, member_codes, names),
        "sources": sorted((k, v) for k, v in sources.items() if k),
        "notes": ctx.notes, "missing_map": locator is None,
    }


def _left_out(incomplete: pd.DataFrame, code: str) -> str:
    """Name the years harmonize() left out for one unit, with the members that had a value.

    Examples
    --------
    >>> gaps = pd.DataFrame({"province_code": ["79"], "year": [2006], "members": ["74|79"],
    ...                      "n_members": [3], "n_members_present": [2]})
    >>> _left_out(gaps, "79")
    'left out because a member province has no value: 2006 (only 74, 79 of 3)'
    >>> _left_out(gaps, "01")
    ''
    """
    if incomplete.empty:
        return ""
    mine = incomplete[incomplete["province_code"] == code].sort_values("year")
    years = [f"{r.year} (only {r.members.replace('|', ', ')} of {r.n_members})"
             for r in mine.itertuples()]
    return f"left out because a member province has no value: {', '.join(years)}" if years else ""


def _adoptions_of(adoptions, codes: list[str], names: dict) -> list[dict] | None:
    """Adoption dates of the provinces ``codes`` (layout 63), one line per kind and province."""
    if adoptions is None:
        return None
    from .reforms import KINDS

    lines = []
    for kind, dates in adoptions.items():
        spec = KINDS[kind]
        for code in codes:
            line = {"kind": spec.label, "province": names[("63", code)], "date": "",
                    "event": "", "document": "", "url": None, "quote": "", "other": "",
                    "conflict": False}
            if code in dates.index:
                d = dates.loc[code]
                line.update(date=d["date"], event=d["event"].replace("_", " "),
                            document="" if pd.isna(d["document"]) else d["document"],
                            url=d["source_url"], quote=d["quote"], conflict=bool(d["conflict"]),
                            other="" if pd.isna(d["other_events"]) else d["other_events"])
            lines.append(line)
    return lines


def _initiatives_of(frame, layout: str, code: str, members: list) -> dict | None:
    if frame is None or "province_code" not in frame.columns:
        return None
    codes = {code} | ({m["code"] for m in members} if layout == "34" else set())
    rows = frame[frame["province_code"].isin(codes)]
    if "layout" in frame.columns:
        keep = {"34"} if layout == "34" else {"63", "64"}
        if layout == "34":
            keep |= {"63", "64"}  # the members' initiatives belong to the merged unit's history
        rows = rows[rows["layout"].isin(keep)]
    columns = [c for c in INITIATIVE_COLUMNS if c in rows.columns
               and not (c == "year" and "date" in rows.columns)]
    records = [{c: ("" if pd.isna(v) else v) for c, v in zip(columns, r, strict=True)}
               for r in rows[columns].itertuples(index=False)]
    return {"columns": columns, "rows": records}


def write_profiles(codes=None, layout: str = "63", all_layouts: bool = False, *,
                   out_dir: Path | None = None, data: dict | None = None) -> list[Path]:
    """Write one-page HTML profiles and ``profiles/index.html``.

    Parameters
    ----------
    codes : list of str, optional
        GSO codes of the units to write (default: every unit of ``layout``).
    layout : {"63", "34"}
        The layout of ``codes``.
    all_layouts : bool
        Write every unit of both layouts (63 + 34 = 97 pages); ``codes`` and ``layout`` are
        then ignored.
    out_dir : pathlib.Path, optional
        Default ``reports/profiles`` (:func:`par_analysis.paths.reports_dir`).
    data : dict, optional
        Datasets to use instead of loading them, as in :func:`load_context`.

    Returns
    -------
    list of pathlib.Path
        The pages written, then the index.

    Examples
    --------
    >>> from par_analysis.profiles import write_profiles
    >>> # not run: renders 97 profile pages with their charts into reports/profiles
    >>> pages = write_profiles(all_layouts=True)  # doctest: +SKIP
    >>> len(pages)  # doctest: +SKIP
    98
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .report import render_template

    start = time.perf_counter()
    layout = str(layout)
    if all_layouts:
        todo = [(lay, c) for lay in ("63", "34") for c in provinces(lay)["code"]]
    else:
        if layout not in ("63", "34"):
            raise ValueError(f"profiles exist for layouts '63' and '34', not {layout!r}")
        known = list(provinces(layout)["code"])
        wanted = [str(c).zfill(2) for c in codes] if codes else known
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise ValueError(f"no unit {unknown} in layout {layout}; codes are {known}")
        todo = [(layout, c) for c in wanted]
    out_dir = Path(out_dir) if out_dir is not None else reports_dir() / "profiles"
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = load_context(data)
    names = {(lay, c): n for lay in ("63", "34")
             for c, n in provinces(lay).set_index("code")["name_vi"].items()}
    locators = {lay: _Locator(ctx.boundaries[lay]) for lay in {lay for lay, _ in todo}
                if lay in ctx.boundaries}
    charts = {lay: _Charts(ctx.histories.get(lay, [])) for lay in {lay for lay, _ in todo}}
    written = []
    for lay, code in todo:
        page = _unit_page(lay, code, ctx, locators.get(lay), charts[lay], names)
        target = out_dir / _slug(lay, code)
        write_text(target, render_template("profile.html", p=page))
        written.append(target)
    for fig in [c.fig for c in charts.values()] + [loc.fig for loc in locators.values()]:
        plt.close(fig)
    written.append(write_profile_index(out_dir, ctx))
    print(f"profile: {len(written) - 1} profiles and the index written to {out_dir} "
          f"in {time.perf_counter() - start:.1f} s")
    return written


def write_profile_index(out_dir: Path, ctx: _Context | None = None) -> Path:
    """Write ``index.html`` listing every unit of both layouts, linking the pages that exist.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The directory of the profile pages; created if missing. A unit is linked when its page
        is already in this directory.
    ctx : _Context, optional
        The datasets from :func:`load_context`; their notes on the data are listed on the index
        (default: no notes).

    Examples
    --------
    >>> write_profile_index(Path("/tmp/par_profiles_doctest")).name
    'index.html'
    """
    from .report import render_template

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    region_names = regions().set_index("code")["name_en"].to_dict()
    cw = crosswalk("63", "34")
    members = cw.groupby("new_code")["old_name"].agg(", ".join).to_dict()
    layouts = []
    for lay in ("63", "34"):
        units = []
        for r in provinces(lay).itertuples():
            units.append({"code": r.code, "name": r.name_vi, "name_en": r.name_en,
                          "region": region_names.get(r.region, r.region), "type": r.type,
                          "href": _slug(lay, r.code) if (out_dir / _slug(lay, r.code)).exists()
                          else None,
                          "members": members.get(r.code, "") if lay == "34" else ""})
        layouts.append({"layout": lay, "label": LAYOUT_LABEL[lay], "units": units})
    page = render_template("profiles_index.html", layouts=layouts,
                           notes=ctx.notes if ctx else [], when=time.strftime("%Y-%m-%d"))
    target = out_dir / "index.html"
    write_text(target, page)
    return target
