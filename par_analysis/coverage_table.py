"""Which province has which indicator in which year: the coverage view of any tidy table.

:func:`coverage` turns a tidy frame into one row per province, year and indicator with a status:
``present`` (some source gives a value), ``missing`` (the source published the year but not this
province) or ``missing_by_design`` (the publisher chose not to publish it: PCI 2023 and 2024 only
list the top 30 provinces, :data:`par_analysis.sources.pci.PUBLISHED_TOP_N`).
:func:`coverage_summary` gives the share of provinces present per indicator and year and
:func:`plot_coverage` draws either.
"""

from __future__ import annotations

import pandas as pd

from .province_table import provinces
from .schema import check_values
from .sources import load_tidy
from .sources.catalog import headlines, tagged
from .sources.papi import NOT_ASSESSED
from .sources.pci import PUBLISHED_TOP_N

STATUSES = ("present", "rank_only", "missing", "missing_by_design",
            "outside_top_or_not_collected")


def _top_n(indicator: str, year: int) -> int | None:
    """Return the publisher's top-N restriction of an indicator-year (PCI 2023-24), else None."""
    pci = indicator == "pci" or indicator.startswith("pci_")
    return PUBLISHED_TOP_N.get(int(year)) if pci else None


def coverage(data: pd.DataFrame | None = None, indicators=None, layout: str = "63",
             province=None) -> pd.DataFrame:
    """Return the province x year x indicator coverage of a tidy table.

    Every province of ``layout`` gets a row for every year in which the indicator has at least one
    value (in any province); special units (``VN``, regions) are left out. Rows of layout ``"64"``
    count for layout ``"63"`` under the same code (only Ha Tay, ``"28"``, has no 63 counterpart).

    Parameters
    ----------
    data : pandas.DataFrame, optional
        A tidy frame. Default: the sources the catalogue tags ``governance``
        (:mod:`par_analysis.sources.catalog`: PCI, PAPI, PAR INDEX, SIPAS, the service index).
    indicators : list of str, optional
        Indicators to show. Default: every indicator of ``data`` except ranks and rank changes
        (they annotate their indicator's rows); with the default data, their
        headline series (``pci``, ``papi_total_6dim``, ``papi_total_8dim``, ``par_index``,
        ``sipas``, ``sqi766``).
    layout : {"63", "64", "34"}
        Province layout of the grid.

    province : str or list of str, optional
        Provinces to keep: GSO codes or names in any spelling :func:`par_analysis.resolve` reads.

    Returns
    -------
    pandas.DataFrame
        ``indicator, year, province_code, province (ASCII name), status, sources`` (sources with a
        value, comma-separated), ``rank`` and ``rank_of`` (a published rank, when there is one);
        status is one of :data:`STATUSES` (module docstring).

    Examples
    --------
    >>> import par_analysis as pa
    >>> cov = pa.coverage(pa.load_papi(), indicators=["papi_total_8dim"])
    >>> int(cov.query("year == 2023")["status"].value_counts()["missing"])
    2
    """
    if data is not None:
        check_values(data, "coverage")
    if data is None:
        data = load_tidy([s.key for s in tagged("governance")])
        if indicators is None:
            indicators = [h.indicator for _, h in headlines("governance")]
    table = provinces(layout)[["code", "name_ascii"]]
    codes = set(table["code"])
    usable = data["layout"].eq(layout) | (data["layout"].eq("64") & (layout == "63"))
    data = data[usable & data["province_code"].isin(codes) & data["value"].notna()]
    ranks = _published_ranks(data)
    if indicators is not None:
        indicators = list(indicators)
        data = data[data["indicator"].isin(indicators)]
    else:  # ranks and rank changes annotate their indicator's rows
        data = data[~data["indicator"].str.contains(r"_rank(?:_change)?$", regex=True)]
    present = (data.groupby(["indicator", "year", "province_code"])["source"]
               .agg(lambda s: ",".join(sorted(set(s)))).rename("sources").reset_index())
    years = pd.concat([present[["indicator", "year"]],
                       ranks.loc[ranks["indicator"].isin(indicators or ranks["indicator"]),
                                 ["indicator", "year"]]]).drop_duplicates()
    grid = years.merge(table.rename(columns={"code": "province_code",
                                             "name_ascii": "province"}), how="cross")
    cov = grid.merge(present, on=["indicator", "year", "province_code"], how="left")
    cov = cov.merge(ranks, on=["indicator", "year", "province_code"], how="left")
    cov["status"] = [_status(r) for r in cov.itertuples(index=False)]
    cov["status"] = pd.Categorical(cov["status"], categories=STATUSES)
    if province is not None:
        from .province_table import resolve

        wanted = [province] if isinstance(province, str) else list(province)
        cov = cov[cov["province_code"].isin(resolve(wanted, layout))]
    order = {name: k for k, name in enumerate(indicators or sorted(set(cov["indicator"])))}
    cov = cov.sort_values(["indicator", "year", "province_code"],
                          key=lambda s: s.map(order) if s.name == "indicator" else s)
    cols = ["indicator", "year", "province_code", "province", "status", "sources", "rank",
            "rank_of"]
    return cov[cols].reset_index(drop=True)


def _published_ranks(data: pd.DataFrame) -> pd.DataFrame:
    """One published rank per province, year and ranked indicator (``pci_rank`` -> ``pci``)."""
    from .sources.catalog import choose_source

    rows = data[data["indicator"].str.endswith("_rank")]
    rows = choose_source(rows) if len(rows) else rows
    out = rows.assign(indicator=rows["indicator"].str.removesuffix("_rank"),
                      rank=rows["value"].astype("Int64"))
    rank_of = out["rank_of"] if "rank_of" in out.columns else pd.Series(pd.NA, index=out.index)
    out = out.assign(rank_of=pd.array(rank_of, dtype="Int64"))
    out = out.sort_values("layout").drop_duplicates(["indicator", "year", "province_code"])
    return out[["indicator", "year", "province_code", "rank", "rank_of"]]


def _status(rec) -> str:
    if isinstance(rec.sources, str):
        return "present"
    if rec.indicator.startswith("papi") and (int(rec.year), rec.province_code) in NOT_ASSESSED:
        return "missing_by_design"
    top = _top_n(rec.indicator, rec.year)
    if not pd.isna(rec.rank):
        return "missing_by_design" if top and rec.rank > top else "rank_only"
    return "outside_top_or_not_collected" if top else "missing"


def coverage_summary(cov: pd.DataFrame) -> pd.DataFrame:
    """Count provinces by status per indicator and year, with the share present.

    Parameters
    ----------
    cov : pandas.DataFrame
        Output of :func:`coverage`.

    Returns
    -------
    pandas.DataFrame
        ``indicator, year``, a count per status of :data:`STATUSES`, ``share_present`` (present
        over all provinces of the layout) and ``top_n_not_held``: in a top-N year (PCI 2023-2024),
        how many of the N published provinces have neither a value nor a rank here (missing, not
        collected; which ones is unknown).

    Examples
    --------
    >>> import par_analysis as pa
    >>> s = pa.coverage_summary(pa.coverage(pa.load_papi(), indicators=["papi_total_6dim"]))
    >>> int(s.set_index("year").loc[2014, "present"])
    61
    """
    counts = (cov.groupby(["indicator", "year", "status"], observed=False, sort=False)
              .size().unstack("status").reindex(columns=list(STATUSES), fill_value=0))
    counts = counts[counts.sum(axis=1) > 0].astype("int64")
    counts["share_present"] = counts["present"] / counts[list(STATUSES)].sum(axis=1)
    counts.columns.name = None
    counts = counts.reset_index()
    top = [_top_n(i, y) for i, y in zip(counts["indicator"], counts["year"], strict=True)]
    # in a top-N year a rank-only province is inside the top N (a rank outside is by design)
    held = cov[cov["status"].isin(["present", "rank_only"])]
    n_held = held.groupby(["indicator", "year"], observed=True).size()
    counts["top_n_not_held"] = pd.array(
        [None if t is None else max(t - int(n_held.get((i, y), 0)), 0)
         for i, y, t in zip(counts["indicator"], counts["year"], top, strict=True)],
        dtype="Int64")
    return counts


def plot_coverage(cov: pd.DataFrame, indicator: str | None = None, ax=None):
    """Draw coverage as a heatmap.

    Without ``indicator``: share of provinces present, indicators x years. With ``indicator``:
    the status of every province (rows) and year (columns) of that indicator.

    Parameters
    ----------
    cov : pandas.DataFrame
        Output of :func:`coverage`.
    indicator : str, optional
        One indicator to draw province by province.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure otherwise.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> fig, ax = pa.plot_coverage(pa.coverage(pa.load_papi(), indicators=["papi_total_8dim"]))
    >>> ax.get_title()
    'Coverage: share of provinces with a value (blank: not published)'
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    if indicator is None:
        summary = coverage_summary(cov)
        grid = summary.pivot(index="indicator", columns="year", values="share_present")
        grid = grid.reindex(list(dict.fromkeys(summary["indicator"])))
        if ax is None:
            _, ax = plt.subplots(figsize=(max(6, 0.4 * grid.shape[1] + 3),
                                          0.45 * grid.shape[0] + 1.5))
        image = ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap="viridis", vmin=0,
                          vmax=1)
        ax.figure.colorbar(image, ax=ax, label="share of provinces present")
        ax.set_yticks(range(grid.shape[0]), grid.index)
        ax.set_title("Coverage: share of provinces with a value (blank: not published)")
    else:
        sub = cov[cov["indicator"] == indicator]
        if sub.empty:
            raise ValueError(f"no coverage rows for indicator {indicator!r}")
        codes = {s: k for k, s in enumerate(STATUSES)}
        grid = sub.assign(k=sub["status"].astype(str).map(codes)).pivot(
            index="province", columns="year", values="k")
        grid = grid.reindex(list(dict.fromkeys(sub["province"])))
        colours = ["#2b6c8f", "#8fb9d6", "#d9d9d9", "#f4c27a", "#f9e3bd"]
        if ax is None:
            _, ax = plt.subplots(figsize=(max(5, 0.35 * grid.shape[1] + 3),
                                          0.19 * grid.shape[0] + 1.5))
        ax.imshow(grid.to_numpy(dtype=float), aspect="auto", cmap=ListedColormap(colours),
                  vmin=-0.5, vmax=len(STATUSES) - 0.5, interpolation="nearest")
        ax.set_yticks(range(grid.shape[0]), grid.index, fontsize=9)
        ax.legend(handles=[Patch(color=c, label=s.replace("_", " "))
                           for s, c in zip(STATUSES, colours, strict=True)],
                  loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=9)
        ax.set_title(f"Coverage of {indicator}")
    ax.set_xticks(range(grid.shape[1]), [str(y) for y in grid.columns], rotation=90)
    ax.figure.tight_layout()
    return ax.figure, ax
