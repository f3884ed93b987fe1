"""Choropleth maps of province indicators for the 63- and 34-unit layouts.

Maps are static matplotlib figures by default (small PNGs in reports). Colours are classified
once on the values of every panel pooled together, so a colour means the same number on every
panel of a small multiple. Provinces without data are drawn hatched grey and named "no data" in
the legend; the archipelagos (Hoàng Sa in Đà Nẵng, Trường Sa in Khánh Hòa) are drawn in an inset.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .boundaries import attribution, load_boundaries
from .province_table import province_mask, provinces
from .reportstyle import MIN_POINTS
from .schema import check_values, unit_of
from .sources.catalog import choose_source

# Extent of the main map and of the archipelago inset (lon, lat). The main map draws only what
# lies west of MAINLAND_EAST (mainland and near-shore islands); the sea east of it holds the inset.
MAINLAND_EXTENT = (102.1, 114.0, 8.3, 23.5)
MAINLAND_EAST = 110.2
ISLANDS_EXTENT = (110.8, 117.4, 6.9, 17.4)
NO_DATA: dict[str, Any] = {"facecolor": "#dddddd", "edgecolor": "#999999", "hatch": "////",
                           "linewidth": 0.2}
LEGEND_WIDTH = 1.4  # inches kept free on the right of the panels for the legend (widened to fit)
INSET_TITLE = "Hoàng Sa (top), Trường Sa"  # named once, in the note under the maps


def indicator_values(data: pd.DataFrame, indicator: str, year: int,
                     layout: str = "63") -> pd.Series:
    """Return one value per province for an indicator and year, indexed by ``province_code``.

    Works on the tidy table (columns ``province_code, year, indicator, value`` and optionally
    ``layout``, ``period``) or on a wide panel (columns ``province_code, year, <indicator>``).
    Rows of special units (whole country, regions, oil and gas) are not provinces and are left
    out; codes that are not provinces of ``layout`` raise. Where several sources give a value for
    a province, the package's rule picks one (:func:`par_analysis.choose_source`); the sources
    used are listed in the result's ``attrs["sources"]``.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table or a wide panel, as above.
    indicator : str
        The indicator name (tidy) or column (wide panel).
    year : int
        The year of the values.
    layout : {"63", "34", "64"}
        The layout of the provinces; rows of other layouts are dropped when ``data`` has a
        ``layout`` column.

    Raises
    ------
    ValueError
        No rows for the indicator and year, several values for one province that no source rule
        separates (a wide panel with repeated rows, two periods), or codes foreign to the layout.

    Examples
    --------
    >>> df = pd.DataFrame({"province_code": ["01", "79", "VN"], "year": 2020,
    ...                    "indicator": "pci", "value": [65.0, 66.0, 64.0]})
    >>> indicator_values(df, "pci", 2020).to_dict()
    {'01': 65.0, '79': 66.0}
    """
    check_values(data, "indicator_values")
    layout = str(layout)
    if "indicator" in data.columns and "value" in data.columns:
        rows = data[(data["indicator"] == indicator) & (data["year"] == year)]
        if "layout" in rows.columns:
            rows = rows[rows["layout"] == layout]
        if "period" in rows.columns:
            rows = rows[rows["period"].fillna("FY") == "FY"]
        if "source" in rows.columns:
            rows = choose_source(rows[province_mask(rows["province_code"])].dropna(subset="value"))
        values = rows[["province_code", "value"]]
    elif indicator in data.columns:
        rows = data[data["year"] == year]
        if "layout" in rows.columns:
            rows = rows[rows["layout"] == layout]
        values = rows[["province_code", indicator]].rename(columns={indicator: "value"})
    else:
        raise ValueError(f"data has neither tidy columns (indicator, value) nor a column "
                         f"{indicator!r}")
    values = values[province_mask(values["province_code"])].dropna(subset="value")
    if values.empty:
        raise ValueError(f"no values of {indicator!r} for {year} in layout {layout}")
    dup = values["province_code"].duplicated(keep=False)
    if dup.any():
        raise ValueError(
            f"several values of {indicator!r} in {year} for provinces "
            f"{sorted(set(values.loc[dup, 'province_code']))}: filter one source or period first")
    foreign = sorted(set(values["province_code"]) - set(provinces(layout)["code"]))
    if foreign:
        raise ValueError(f"codes {foreign} are not provinces of layout {layout}")
    out = values.set_index("province_code")["value"].astype("float64")
    out.attrs["sources"] = sorted(set(rows["source"])) if "source" in rows.columns else []
    return out


def _unit_of(data: pd.DataFrame, indicator: str) -> str:
    if "unit" in data.columns and "indicator" in data.columns:
        units = data.loc[data["indicator"] == indicator, "unit"].dropna().unique()
        if len(units) == 1:
            try:
                return unit_of(str(units[0])).label
            except ValueError:
                return str(units[0])
    return ""


def _decimals(bins: np.ndarray) -> int:
    """Decimals that tell neighbouring bin edges apart (at most 3)."""
    steps = np.diff(np.unique(bins))
    step = steps.min() if len(steps) else abs(bins[0]) or 1.0
    return int(min(3, max(0, 1 - math.floor(math.log10(step)))))


def _classify(pooled: np.ndarray, scheme: str, k: int):
    import mapclassify

    k = min(k, len(np.unique(pooled)))
    return mapclassify.classify(pooled, scheme, k=k)


def _class_of(values: pd.Series, bins: np.ndarray) -> pd.Series:
    """Class index of each value for upper bin edges ``bins`` (mapclassify's convention)."""
    idx = np.searchsorted(bins, values.to_numpy(), side="left")
    return pd.Series(np.minimum(idx, len(bins) - 1), index=values.index)


def _mainland(gdf):
    from shapely.geometry import box

    west, _, south, north = MAINLAND_EXTENT
    return gdf.clip(box(west, south, MAINLAND_EAST, north))


def _paths(geometries):
    """Build one matplotlib Path per (multi)polygon, holes included.

    Cheaper than GeoDataFrame.plot, which redraws the whole figure on every call.
    """
    import shapely
    from matplotlib.path import Path

    paths = []
    for geom in geometries:
        rings = []
        for poly in shapely.get_parts(geom):
            rings.append(np.asarray(poly.exterior.coords))
            rings.extend(np.asarray(r.coords) for r in poly.interiors)
        vertices = np.concatenate(rings)
        codes = np.full(len(vertices), Path.LINETO, dtype=Path.code_type)
        starts = np.cumsum([0] + [len(r) for r in rings[:-1]])
        codes[starts] = Path.MOVETO
        codes[starts + np.array([len(r) for r in rings]) - 1] = Path.CLOSEPOLY
        paths.append(Path(vertices, codes))
    return paths


def _add_layer(ax, layer, facecolors, **style) -> None:
    from matplotlib.collections import PathCollection

    if len(layer):
        collection = PathCollection(_paths(layer.geometry.values), facecolors=facecolors, **style)
        ax.add_collection(collection, autolim=False)


def _draw_map(ax, gdf, values: pd.Series, bins: np.ndarray, colours) -> None:
    """Draw one panel: the mainland on ``ax`` and the archipelagos in an inset."""
    have = gdf["province_code"].isin(values.index)
    classes = _class_of(values.reindex(gdf.loc[have, "province_code"]), bins).to_numpy()
    face = pd.Series(list(colours[classes]), index=gdf.index[have])
    inset = ax.inset_axes([0.64, 0.04, 0.35, 0.42])
    for target, layer, extent in [(ax, _mainland(gdf), MAINLAND_EXTENT),
                                  (inset, gdf, ISLANDS_EXTENT)]:
        shown = layer[layer["province_code"].isin(values.index)]
        colour = list(face[shown.index])
        if target is ax:
            _add_layer(target, shown, colour, edgecolors="white", linewidths=0.25)
        else:  # the reefs are tiny: outline them in their own colour so they show
            _add_layer(target, shown, colour, edgecolors=colour, linewidths=0.8)
        missing = layer[~layer["province_code"].isin(values.index)]
        _add_layer(target, missing, NO_DATA["facecolor"], edgecolors=NO_DATA["edgecolor"],
                   linewidths=NO_DATA["linewidth"], hatch=NO_DATA["hatch"])
        target.set_xlim(*extent[:2])
        target.set_ylim(*extent[2:])
        target.set_aspect(1 / math.cos(math.radians(sum(extent[2:]) / 2)), adjustable="box")
    ax.set_axis_off()
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_linewidth(0.4)
        spine.set_color("#888888")
    ax.bins = tuple(float(b) for b in bins)  # for tests and callers: the edges used on this panel


def _legend_handles(bins: np.ndarray, lowest: float, colours, value_format: str, n_missing: int,
                    missing_label: str = "no data"):
    from matplotlib.patches import Patch

    lows = [lowest, *bins[:-1]]
    handles = [Patch(facecolor=colours[i], edgecolor="none",
                     label=f"{value_format.format(lo)} – {value_format.format(hi)}")
               for i, (lo, hi) in enumerate(zip(lows, bins, strict=True))]
    if n_missing:
        handles.append(Patch(label=missing_label, **NO_DATA))
    return handles


def _panels_figure(panels, *, scheme: str, k: int, cmap: str, title: str, legend_title: str,
                   note: str, ncols: int, panel_size=(2.7, 3.6), axes=None,
                   missing_label: str = "no data", value_format: str | None = None):
    """Draw panels [(label, gdf, values)] with bins classified on the pooled values.

    ``value_format`` formats the legend's bin edges (default: thousands separators and the
    decimals that tell neighbouring edges apart; ``"{:.0f}"`` for years).
    """
    import matplotlib.pyplot as plt

    pooled = np.concatenate([v.to_numpy() for _, _, v in panels])
    pooled = pooled[~np.isnan(pooled)]
    if pooled.size == 0:
        raise ValueError("no values to map")
    bins = np.asarray(_classify(pooled, scheme, k).bins, dtype="float64")
    colours = plt.get_cmap(cmap)(np.linspace(0.08, 0.92, len(bins)))
    if axes is None:
        nrows = math.ceil(len(panels) / ncols)
        width = panel_size[0] * ncols + LEGEND_WIDTH
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, panel_size[1] * nrows + 0.7),
                                 squeeze=False)
        axes = axes.ravel()
    else:
        axes = np.atleast_1d(axes).ravel()
        fig = axes[0].figure
        width = fig.get_figwidth()
    n_missing = 0
    for ax, (label, gdf, values) in zip(axes, panels, strict=False):
        _draw_map(ax, gdf, values, bins, colours)
        ax.set_title(label)
        n_missing += int((~gdf["province_code"].isin(values.index)).sum())
    for ax in axes[len(panels):]:
        ax.set_axis_off()
    value_format = value_format or f"{{:,.{_decimals(bins)}f}}"
    handles = _legend_handles(bins, float(pooled.min()), colours, value_format, n_missing,
                              missing_label)
    fig.legend(handles=handles, title=legend_title, loc="center right", fontsize=MIN_POINTS,
               title_fontsize=MIN_POINTS, frameon=False)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.subplots_adjust(left=0.01, right=1 - LEGEND_WIDTH / width, bottom=0.08,
                        top=0.86 if title else 0.94, wspace=0.02, hspace=0.12)
    add_note(fig, f"{note} Insets: {INSET_TITLE}.")
    return fig, axes[: len(panels)]


def add_note(fig, note: str) -> None:
    """Write the source note under a map and make room for it and for the figure's legend.

    The figure widens by what its legend needs beyond the space kept for it and heightens by
    what the wrapped note needs, so the maps keep their size.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The map figure.
    note : str
        Sources and boundary attribution.
    """
    fig.text(0.01, 0.005, note, fontsize=MIN_POINTS, ha="left", va="bottom", wrap=True,
             color="#444444")
    fig.canvas.draw()
    pars = fig.subplotpars
    need = fig.legends[0].get_window_extent().width / fig.dpi + 0.1 if fig.legends else 0.0
    width, left, right = fig.get_figwidth(), pars.left, pars.right
    if need > (1 - right) * width:
        wider = right * width + need
        fig.set_figwidth(wider)
        fig.subplots_adjust(left=left * width / wider, right=right * width / wider)
        fig.canvas.draw()
    need = fig.texts[-1].get_window_extent().height / fig.dpi + 0.1
    height, bottom, top = fig.get_figheight(), pars.bottom, pars.top
    if need > bottom * height:
        taller = height + need - bottom * height
        fig.set_figheight(taller)
        fig.subplots_adjust(bottom=need / taller, top=1 - (1 - top) * height / taller)


def _note(source_note: str | None, layout: str, source: str) -> str:
    parts = [f"Source: {source_note}." if source_note else "", attribution(layout, source)]
    return " ".join(p for p in parts if p)


def choropleth(data: pd.DataFrame, indicator: str, year: int | None = None, layout: str = "63",
               scheme: str = "quantiles", k: int = 5, years=None, ax=None,
               source_note: str | None = None, explore: bool = False, *, title: str | None = None,
               cmap: str = "YlGnBu", ncols: int = 3, boundary_source: str = "odm"):
    """Map one indicator for one year, or small multiples over several years with pooled bins.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy table or wide panel (see :func:`indicator_values`).
    indicator : str
        Indicator name (tidy) or column (wide).
    year : int, optional
        The year to map; give ``years`` instead for small multiples.
    layout : {"63", "34"}
        Boundary layout; the data's codes must belong to it.
    scheme, k : str, int
        mapclassify scheme (``"quantiles"``, ``"equal_interval"``, ``"fisher_jenks"``, ...) and
        number of classes, applied once to the values of all panels pooled, so colours mean the
        same on every panel.
    years : list of int, optional
        One panel per year.
    ax : matplotlib Axes or array of Axes, optional
        Draw into existing axes (one per panel).
    source_note : str, optional
        Data source printed under the map, before the boundary attribution.
    explore : bool
        Return an interactive ``GeoDataFrame.explore`` map of ``year`` on the simplified layer
        instead (needs the optional package folium).
    title, cmap, ncols, boundary_source
        Figure title, matplotlib colormap, panels per row, boundary source (see
        :func:`par_analysis.load_boundaries`).

    Returns
    -------
    (matplotlib.figure.Figure, numpy.ndarray of Axes)
        Each panel's axes carries ``ax.bins``, the upper class edges used (the same on every
        panel). With ``explore=True``, a folium Map.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> fig, axes = pa.choropleth(pa.load_pci(), "pci", years=[2015, 2020])
    >>> [ax.get_title() for ax in axes], len(axes[0].bins)
    (['2015', '2020'], 5)
    >>> axes[0].bins == axes[1].bins  # pooled classes: a colour means the same on both panels
    True
    >>> plt.close("all")
    """
    check_values(data, "choropleth")  # the error names the function called, not a helper
    layout = str(layout)
    if (year is None) == (years is None):
        raise ValueError("give exactly one of year= or years=")
    gdf = load_boundaries(layout, simplified=True, source=boundary_source)
    unit = _unit_of(data, indicator)
    legend_title = f"{indicator}\n({unit})" if unit else indicator
    if explore:
        if years is not None:
            raise ValueError("explore=True maps one year")
        values = indicator_values(data, indicator, int(year or 0), layout)
        shown = gdf.assign(**{indicator: gdf["province_code"].map(values)})
        return shown.explore(column=indicator, scheme=scheme, k=k, cmap="YlGnBu",
                             missing_kwds={"color": "lightgrey", "label": "no data"},
                             tooltip=["province_code", "name_vi", indicator])
    chosen = [int(year)] if years is None and year is not None else list(years or [])
    panels = [(str(y), gdf, indicator_values(data, indicator, y, layout)) for y in chosen]
    if source_note is None:
        used = sorted({s for _, _, v in panels for s in v.attrs["sources"]})
        source_note = f"values from {', '.join(used)}" if used else None
    note = _note(source_note, layout, boundary_source)
    ncols = 1 if len(panels) == 1 else min(ncols, len(panels))
    default_title = f"{indicator}, {layout} units" if title is None else title
    return _panels_figure(panels, scheme=scheme, k=k, cmap=cmap, title=default_title,
                          legend_title=legend_title, note=note, ncols=ncols, axes=ax)


def side_by_side(data63: pd.DataFrame, data34: pd.DataFrame | None, indicator: str, year: int, *,
                 scheme: str = "quantiles", k: int = 5, source_note: str | None = None,
                 cmap: str = "YlGnBu", title: str | None = None):
    """Map an indicator on the 63 provinces and on the 34 units next to each other, same bins.

    Parameters
    ----------
    data63, data34 : pandas.DataFrame
        Tidy tables or wide panels for each layout. With ``data34=None`` the 34-unit values come
        from :func:`par_analysis.harmonize` applied to ``data63``.
    indicator, year, scheme, k, source_note, cmap, title
        As in :func:`choropleth`.

    Returns
    -------
    (matplotlib.figure.Figure, numpy.ndarray of Axes)

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> fdi = pa.load_fdi().query("indicator == 'fdi_registered_total_musd'")
    >>> fdi = pa.fill_zero_flows(fdi)  # a province absent from a flow table registered nothing
    >>> fig, axes = pa.maps.side_by_side(fdi, None, "fdi_registered_total_musd", 2020)
    >>> [ax.get_title() for ax in axes]
    ['2020, 63 provinces', '2020, 34 units']
    >>> plt.close("all")
    """
    if data34 is None:
        from .harmonization import harmonize

        data34 = harmonize(data63, to_layout="34")
    gdf63 = load_boundaries("63", simplified=True)
    gdf34 = load_boundaries("34", simplified=True)
    panels = [
        (f"{year}, 63 provinces", gdf63, indicator_values(data63, indicator, year, "63")),
        (f"{year}, 34 units", gdf34, indicator_values(data34, indicator, year, "34")),
    ]
    unit = _unit_of(data63, indicator)
    note = " ".join(p for p in [f"Source: {source_note}." if source_note else "",
                                attribution("34", "odm")] if p)
    return _panels_figure(panels, scheme=scheme, k=k, cmap=cmap,
                          title=title if title is not None else indicator,
                          legend_title=f"{indicator}\n({unit})" if unit else indicator,
                          note=note, ncols=2)
