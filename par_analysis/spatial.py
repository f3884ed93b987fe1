"""Spatial weights, global Moran's I and local Moran (LISA) for the 63- and 34-unit layouts.

Weights are Queen contiguity (two units are neighbours when their borders share at least one
point) on the coverage-simplified ODM layer, row-standardised. Coverage simplification keeps
shared borders shared, so the neighbours are the same as on the full geometry (checked in the
tests). Offshore islands do not create units of their own: Phú Quốc belongs to Kiên Giang, Côn Đảo
to Bà Rịa - Vũng Tàu, Hoàng Sa to Đà Nẵng and Trường Sa to Khánh Hòa, and each of these units also
has a mainland part with land neighbours. A unit left without any Queen neighbour (none in the
current layers, see :func:`weights_report`) would be linked to its nearest unit, measured from the
largest part of its polygon, and a warning names it.
"""

from __future__ import annotations

import warnings
from functools import cache

import numpy as np
import pandas as pd

from .boundaries import EQUAL_AREA_CRS, load_boundaries
from .maps import indicator_values

QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}
QUADRANT_COLOURS = {"HH": "#d7191c", "LH": "#abd9e9", "LL": "#2c7bb6", "HL": "#fdae61",
                    "not significant": "#eeeeee"}
DEFAULT_SEED = 20250701


def _main_parts(gdf):
    """Largest polygon of each unit (its main landmass), for nearest-unit links."""
    import shapely

    def largest(geom):
        parts = shapely.get_parts(geom)
        return parts[np.argmax(shapely.area(parts))]

    return gdf.geometry.map(largest)


@cache
def _contiguity(layout: str, boundary_source: str) -> tuple[dict, tuple]:
    """Queen neighbour lists and the units without any, computed once per layer."""
    from libpysal.weights import Queen

    gdf = load_boundaries(layout, simplified=True, source=boundary_source)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands; handled in weights()
        w = Queen.from_dataframe(gdf, ids=list(gdf["province_code"]), use_index=False)
    return {k: tuple(v) for k, v in w.neighbors.items()}, tuple(w.islands)


def weights_report(layout: str = "63", boundary_source: str = "odm") -> pd.DataFrame:
    """Say, unit by unit, how its neighbours were found.

    Parameters
    ----------
    layout : {"63", "34"}
        The layout of the units.
    boundary_source : str
        Boundary source (see :func:`par_analysis.load_boundaries`).

    Returns
    -------
    pandas.DataFrame
        ``province_code, name_vi, n_neighbors, neighbors`` (codes joined by ``|``) and ``link``:
        ``"queen"`` or ``"nearest unit (no shared border)"``.

    Examples
    --------
    >>> from par_analysis.spatial import weights_report
    >>> bool((weights_report("63")["link"] == "queen").all())
    True
    """
    _, islands = _contiguity(str(layout), boundary_source)
    w = weights(layout, boundary_source, transform="b")
    gdf = load_boundaries(str(layout), source=boundary_source)
    codes = list(gdf["province_code"])
    return pd.DataFrame({
        "province_code": pd.Series(codes, dtype="string"),
        "name_vi": gdf["name_vi"].to_numpy(),
        "n_neighbors": [len(w.neighbors[c]) for c in codes],
        "neighbors": ["|".join(sorted(w.neighbors[c])) for c in codes],
        "link": ["nearest unit (no shared border)" if c in islands else "queen" for c in codes],
    })


def weights(layout: str = "63", boundary_source: str = "odm", transform: str = "r"):
    """Return Queen contiguity weights for a layout, islands handled explicitly.

    Parameters
    ----------
    layout : {"63", "34"}
    boundary_source : str
        Boundary source (see :func:`par_analysis.load_boundaries`).
    transform : str
        libpysal transformation; ``"r"`` (row-standardised) by default.

    Returns
    -------
    libpysal.weights.W
        Ids are province codes in ascending order. Units without a shared border get their
        nearest unit (distance between main landmasses) as single neighbour, symmetrically, and
        a warning names them.

    Examples
    --------
    >>> from par_analysis.spatial import weights
    >>> w = weights("34")
    >>> w.n, w.islands
    (34, [])
    """
    from libpysal.weights import W

    queen, islands = _contiguity(str(layout), boundary_source)
    neighbors = {k: list(v) for k, v in queen.items()}
    if islands:
        gdf = load_boundaries(str(layout), source=boundary_source)
        # distances in metres (equal-area projection), not degrees
        main = _main_parts(gdf.to_crs(EQUAL_AREA_CRS)).set_axis(gdf["province_code"])
        for code in islands:
            others = main.drop(code)
            nearest = others.distance(main[code]).idxmin()
            neighbors[code].append(nearest)
            neighbors[nearest].append(code)
        warnings.warn(f"units without a shared border linked to their nearest unit: "
                      f"{sorted(islands)}", stacklevel=2)
    w = W(neighbors, id_order=sorted(neighbors), silence_warnings=True)
    w.transform = transform
    return w


def _aligned(data, indicator, year, layout, boundary_source):
    """Values with data and the weights restricted to those units."""
    from libpysal.weights import w_subset

    values = indicator_values(data, indicator, year, layout)
    w = weights(layout, boundary_source, transform="b")
    ids = [c for c in w.id_order if c in values.index]
    if len(ids) < len(w.id_order):
        w = w_subset(w, ids, silence_warnings=True)
    w.transform = "r"
    return values.reindex(ids), w


def _with_seed(seed, compute):
    state = np.random.get_state()
    np.random.seed(seed)
    try:
        return compute()
    finally:
        np.random.set_state(state)


def morans_i(data: pd.DataFrame, indicator: str, year: int, layout: str = "63",
             permutations: int = 999, seed: int = DEFAULT_SEED,
             boundary_source: str = "odm") -> dict:
    """Global Moran's I of one indicator in one year, with a permutation p-value.

    Units without a value are left out and the weights restricted to the others (then
    re-row-standardised); ``n_missing`` says how many.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy table or wide panel, read with :func:`par_analysis.maps.indicator_values`.
    indicator : str
        Indicator name (tidy) or column (wide).
    year : int
        The year of the values.
    layout : {"63", "34"}
        The layout of the units and of the weights.
    permutations : int
        Random permutations for ``p_sim`` (0: no permutations, ``p_sim`` is NaN).
    seed : int
        Seed of the permutations; the same seed gives the same ``p_sim``.
    boundary_source : str
        Boundary source of the weights (see :func:`par_analysis.load_boundaries`).

    Returns
    -------
    dict
        ``indicator, year, layout, n, n_missing, I, expected_I, z_norm, p_norm, p_sim,
        permutations, seed``. ``p_sim`` is the pseudo p-value ``(1 + #{I_perm >= I}) /
        (permutations + 1)`` on the side of the observed I (esda's convention).

    Examples
    --------
    >>> import par_analysis as pa
    >>> round(float(pa.spatial.morans_i(pa.load_pci(), "pci", 2019)["I"]), 3)
    0.164
    """
    from esda import Moran

    y, w = _aligned(data, indicator, year, str(layout), boundary_source)
    mi = _with_seed(seed, lambda: Moran(y.to_numpy(), w, permutations=permutations))
    n_units = len(load_boundaries(str(layout), source=boundary_source))
    return {
        "indicator": indicator, "year": year, "layout": str(layout), "n": len(y),
        "n_missing": n_units - len(y), "I": float(mi.I), "expected_I": float(mi.EI),
        "z_norm": float(mi.z_norm), "p_norm": float(mi.p_norm),
        "p_sim": float(mi.p_sim) if permutations else float("nan"),
        "permutations": permutations, "seed": seed,
    }


def local_moran(data: pd.DataFrame, indicator: str, year: int, layout: str = "63",
                permutations: int = 999, seed: int = DEFAULT_SEED, alpha: float = 0.05,
                boundary_source: str = "odm") -> pd.DataFrame:
    """Local Moran's I (LISA) of one indicator in one year, as a tidy table.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy table or wide panel, read with :func:`par_analysis.maps.indicator_values`.
    indicator : str
        Indicator name (tidy) or column (wide).
    year : int
        The year of the values.
    layout : {"63", "34"}
        The layout of the units and of the weights.
    permutations : int
        Conditional random permutations for ``p_sim``.
    seed : int
        Seed of the permutations; the same seed gives the same ``p_sim``.
    alpha : float
        Threshold of ``p_sim`` below which a unit is ``significant``.
    boundary_source : str
        Boundary source of the weights (see :func:`par_analysis.load_boundaries`).

    Returns
    -------
    pandas.DataFrame
        ``province_code, layout, year, indicator, value, Is, quadrant`` (HH, LH, LL, HL: the
        unit's value / its neighbours' mean, High or Low against the mean), ``p_sim``
        (conditional permutation pseudo p-value, esda's "directed" alternative: the tail on
        the side of the observed value) and ``significant`` (``p_sim < alpha``; no
        correction for multiple tests, so read it as exploratory).

    Examples
    --------
    >>> import par_analysis as pa
    >>> # not run: the first call compiles esda's permutation kernel (about 15 s)
    >>> lisa = pa.spatial.local_moran(pa.load_pci(), "pci", 2019)  # doctest: +SKIP
    >>> lisa.query("significant")["quadrant"].value_counts()  # doctest: +SKIP
    """
    from esda import Moran_Local

    y, w = _aligned(data, indicator, year, str(layout), boundary_source)
    with warnings.catch_warnings():
        # esda announces a change of its default alternative; we keep and state the current one
        warnings.simplefilter("ignore", DeprecationWarning)
        lm = Moran_Local(y.to_numpy(), w, permutations=permutations, seed=seed)
    return pd.DataFrame({
        "province_code": pd.Series(y.index, dtype="string"),
        "layout": str(layout), "year": year, "indicator": indicator,
        "value": y.to_numpy(), "Is": lm.Is,
        "quadrant": pd.Series([QUADRANTS[q] for q in lm.q], dtype="string"),
        "p_sim": lm.p_sim, "significant": lm.p_sim < alpha,
    })


def plot_lisa(data: pd.DataFrame, indicator: str, year: int, layout: str = "63", *,
              permutations: int = 999, seed: int = DEFAULT_SEED, alpha: float = 0.05, ax=None,
              source_note: str | None = None):
    """Map LISA clusters: significant HH, LL, LH, HL units coloured, the rest light grey.

    Units without a value are hatched grey. The weights and the map use the ODM boundaries.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy table or wide panel, read with :func:`par_analysis.maps.indicator_values`.
    indicator : str
        Indicator name (tidy) or column (wide).
    year : int
        The year of the values.
    layout : {"63", "34"}
        The layout of the units.
    permutations : int
        Conditional random permutations of :func:`local_moran`.
    seed : int
        Seed of the permutations; the same seed gives the same map.
    alpha : float
        Threshold of the pseudo p-value below which a unit is coloured.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (default: a new figure with room for the legend).
    source_note : str, optional
        Data source printed under the map, before the settings and the boundary attribution.

    Returns
    -------
    (matplotlib.figure.Figure, matplotlib.axes.Axes)

    Examples
    --------
    >>> import par_analysis as pa
    >>> # not run: runs local_moran, whose first call compiles esda's kernel (about 15 s)
    >>> fig, ax = pa.spatial.plot_lisa(pa.load_pci(), "pci", 2019)  # doctest: +SKIP
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .boundaries import attribution
    from .maps import MAINLAND_EXTENT, NO_DATA, _add_layer, _mainland, add_note

    lisa = local_moran(data, indicator, year, layout, permutations, seed, alpha)
    label = lisa["quadrant"].where(lisa["significant"], "not significant")
    label = label.set_axis(lisa["province_code"])
    gdf = _mainland(load_boundaries(str(layout), simplified=True))
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.4, 4.6))
        fig.subplots_adjust(left=0.01, right=0.7, bottom=0.08, top=0.92)
    else:
        fig = ax.figure
    has = gdf["province_code"].isin(label.index)
    shown = gdf[has]
    _add_layer(ax, shown, [QUADRANT_COLOURS[label[c]] for c in shown["province_code"]],
               edgecolors="white", linewidths=0.3)
    _add_layer(ax, gdf[~has], NO_DATA["facecolor"], edgecolors=NO_DATA["edgecolor"],
               linewidths=NO_DATA["linewidth"], hatch=NO_DATA["hatch"])
    ax.set_xlim(MAINLAND_EXTENT[0], 110.0)
    ax.set_ylim(*MAINLAND_EXTENT[2:])
    ax.set_aspect(1 / np.cos(np.radians(16)))
    ax.set_axis_off()
    counts = label.value_counts()
    handles = [Patch(facecolor=colour, edgecolor="#999999", linewidth=0.3,
                     label=f"{name} ({counts.get(name, 0)})")
               for name, colour in QUADRANT_COLOURS.items()]
    if (~has).any():
        handles.append(Patch(label=f"no data ({int((~has).sum())})", **NO_DATA))
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=9,
              frameon=False, title=f"LISA, p < {alpha}", title_fontsize=9)
    ax.set_title(f"{indicator}, {year}: local Moran clusters ({layout} units)", fontsize=9)
    note = " ".join(p for p in [f"Source: {source_note}." if source_note else "",
                                f"Queen contiguity, {permutations} permutations, seed {seed}.",
                                attribution(str(layout))] if p)
    add_note(fig, note)
    return fig, ax
