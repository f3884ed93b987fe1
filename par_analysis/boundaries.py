"""Province boundaries for the 63-unit (2008 - 30 Jun 2025) and 34-unit (from 1 Jul 2025) layouts.

Sources (see ``boundaries/*/SOURCE.md`` in the data mirror):

* ``source="odm"`` (default): Open Development Mekong "Địa phận tỉnh", 63 provinces as TopoJSON,
  CC BY-SA 4.0. The 34-unit layer is made by dissolving these 63 through
  :func:`par_analysis.crosswalk`, so the two layers nest exactly (and is CC BY-SA 4.0 too).
* ``source="geoboundaries"``: geoBoundaries gbOpen VNM ADM1 (CC BY 4.0), coarse but permissive;
  Côn Đảo is a separate feature there and is dissolved into Bà Rịa - Vũng Tàu (77). 34 units by
  dissolve.
* ``source="official"`` (34 units only): the Vietnam Administrative Units Reference Map
  (sapnhap.bando.com.vn) via thanglequoc/vietnamese-provinces-database; licence unverified, used
  here for comparison (:func:`iou_with_official`).

``area_km2`` is always the official figure (GSO area table for 63 units, the 2025 merger table of
sapnhap.bando.com.vn for 34 units), never the polygon area: the island polygons include reef and
sea outlines (Khánh Hòa's polygon is far larger than its land area). The polygon area in an
equal-area projection is kept as ``polygon_km2`` for comparison.

The archipelagos are kept: Hoàng Sa (Paracels) is part of Đà Nẵng (48) and Trường Sa (Spratlys)
of Khánh Hòa (56) in both layouts.
"""

from __future__ import annotations

import pandas as pd

from .errors import RawDataError
from .province_table import crosswalk, is_province, provinces
from .registry import raw_files, raw_path
from .sources._common import check_unique, parse_number, read_csv, reading, resolve_names
from .sources.catalog import load_cached

ODM_63 = "boundaries/vn63_odm_diaphantinh_topojson/diaphantinh.json"
GB_63 = "boundaries/vn63_geoboundaries_gbopen_2008/geoBoundaries-VNM-ADM1.geojson"
OFFICIAL_34_DIR = "boundaries/vn34_sapnhap_thanglequoc/"
AREA_63 = "population/Area, population and population density by province.csv"
AREA_34 = "province_codes/sapnhap.bando.com.vn_province_2025-07-17.csv"
AREA_63_COLUMN = "2015 Area (Km2)"

SOURCES = ("odm", "geoboundaries", "official")
# Coverage simplification tolerance in degrees (about 1 km): a national map at report size
# cannot show finer detail.
SIMPLIFY_TOLERANCE = 0.01
EQUAL_AREA_CRS = "EPSG:6933"
# Units holding the archipelagos, by layout: code -> archipelago.
ISLAND_UNITS = {"48": "Hoàng Sa (Paracels)", "56": "Trường Sa (Spratlys)"}


def _official_34_files() -> list[str]:
    paths = raw_files()["path"]
    return sorted(p for p in paths if p.startswith(OFFICIAL_34_DIR) and p.endswith(".geojson"))


def _polygonal(geom):
    """Keep the polygon parts of a geometry (``make_valid`` can return a collection)."""
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts)


def _make_valid(gdf):
    invalid = ~gdf.geometry.is_valid
    if invalid.any():
        gdf = gdf.copy()
        gdf.loc[invalid, "geometry"] = gdf.geometry[invalid].make_valid().map(_polygonal)
    return gdf


def _read_odm63():
    """Read the ODM 63 provinces with GSO codes (names resolved; Khánh Hòa made valid)."""
    import geopandas as gpd

    path = raw_path(ODM_63)
    with reading(ODM_63):
        gdf = gpd.read_file(path)  # GDAL's TopoJSON driver decodes the arcs
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    codes = resolve_names(gdf["ten_tinh"], "63", relpath=ODM_63, sheet="diaphantinh",
                          rows=list(gdf["gid"]))
    gdf = gdf.assign(province_code=codes, row=gdf["gid"].astype("int64"))
    check_unique(gdf, ["province_code"], relpath=ODM_63, sheet="diaphantinh")
    return _make_valid(gdf[["province_code", "geometry"]])


def _read_geoboundaries63():
    """Read geoBoundaries' 64 features, map ISO -> GSO, dissolve to 63 (Côn Đảo into 77)."""
    import geopandas as gpd

    path = raw_path(GB_63)
    with reading(GB_63):
        gdf = gpd.read_file(path)
    iso_to_code = provinces("63").set_index("iso")["code"]
    codes = gdf["shapeISO"].str.strip().map(iso_to_code)
    if codes.isna().any():
        bad = gdf.loc[codes.isna(), "shapeISO"].iloc[0]
        raise RawDataError("ISO code not in the province table", file=GB_63, value=bad)
    gdf = gdf.assign(province_code=codes)[["province_code", "geometry"]]
    return _make_valid(gdf.dissolve("province_code", as_index=False))


def _read_official34():
    import geopandas as gpd

    frames = []
    for rel in _official_34_files():
        path = raw_path(rel)
        with reading(rel):
            part = gpd.read_file(path)
        if "code" not in part.columns:
            raise RawDataError("no 'code' property (the unit's GSO code) in the map layer",
                               file=rel, value=", ".join(map(str, part.columns)),
                               hint="The publisher renamed it: register the new file and read "
                                    "the code from its new property in boundaries.py")
        frames.append(part.assign(province_code=part["code"].astype("string"), row=len(frames) + 1))
    gdf = pd.concat(frames, ignore_index=True)
    check_unique(gdf, ["province_code"], relpath=OFFICIAL_34_DIR)
    return _make_valid(gpd.GeoDataFrame(gdf[["province_code", "geometry"]], crs=frames[0].crs))


def _dissolve_to_34(gdf63):
    cw = crosswalk("63", "34").set_index("old_code")["new_code"]
    gdf = gdf63.assign(province_code=gdf63["province_code"].map(cw))
    return gdf[["province_code", "geometry"]].dissolve("province_code", as_index=False)


def official_areas(layout: str = "63") -> pd.Series:
    """Return the official land area (km²) of each unit, parsed from the publishers' tables.

    Layout ``"63"``: GSO "Area, population and population density by province", column
    ``2015 Area (Km2)`` (the last final year; 2016 is marked preliminary). Layout ``"34"``: the
    merger table of sapnhap.bando.com.vn (17 Jul 2025), Vietnamese number format
    (``"3.359,80"``).

    Parameters
    ----------
    layout : {"63", "34"}
        The layout whose areas are returned; other layouts raise ``ValueError``.

    Examples
    --------
    >>> from par_analysis.boundaries import official_areas
    >>> float(official_areas("34")["40"])  # Nghệ An, unchanged in 2025
    16493.7
    """
    layout = str(layout)
    if layout == "63":
        table = read_csv(AREA_63, columns=[AREA_63_COLUMN], min_rows=1, sep=";", skiprows=2,
                         dtype=str, encoding="utf-8-sig", keep_default_na=False)
        rows = [i + 4 for i in range(len(table))]  # title, blank line, header come first
        names = table.iloc[:, 0].str.strip()
        codes = resolve_names(names, "63", relpath=AREA_63, rows=rows, special=True)
        values = [parse_number(v, relpath=AREA_63, row=r) for v, r in
                  zip(table[AREA_63_COLUMN], rows, strict=True)]
        area = pd.Series(values, index=pd.Index(codes, dtype="string"), name="area_km2")
        area = area[[is_province(c) for c in area.index]]
        relpath = AREA_63
    elif layout == "34":
        table = read_csv(AREA_34, columns=["tentinh", "dientichkm2"], min_rows=1, dtype=str,
                         keep_default_na=False)
        rows = [i + 2 for i in range(len(table))]
        codes = resolve_names(table["tentinh"], "34", relpath=AREA_34, rows=rows)
        values = [parse_number(v, relpath=AREA_34, row=r, decimal=",") for v, r in
                  zip(table["dientichkm2"], rows, strict=True)]
        area = pd.Series(values, index=pd.Index(codes, dtype="string"), name="area_km2")
        relpath = AREA_34
    else:
        raise ValueError(f"official areas exist for layouts '63' and '34', not {layout!r}")
    if area.index.duplicated().any():
        raise RawDataError("duplicate province in the area table", file=relpath,
                           value=area.index[area.index.duplicated()][0])
    expected = set(provinces(layout)["code"])
    if set(area.index) != expected or area.isna().any():
        missing = sorted(expected - set(area.index)) or list(area.index[area.isna()])
        raise RawDataError("area table does not cover every province", file=relpath,
                           value=missing)
    return area.sort_index()


def _raw_inputs(layout: str, source: str) -> list[str]:
    geometry = {"odm": [ODM_63], "geoboundaries": [GB_63], "official": _official_34_files()}
    return [*geometry[source], AREA_63 if layout == "63" else AREA_34]


def _build(layout: str, simplified: bool, source: str) -> pd.DataFrame:
    import geopandas as gpd
    import shapely

    if source == "official":
        gdf = _read_official34()
        if simplified:
            gdf = gdf.assign(geometry=gdf.geometry.simplify(SIMPLIFY_TOLERANCE))
    else:
        gdf = _read_odm63() if source == "odm" else _read_geoboundaries63()
        if simplified:
            simple = shapely.coverage_simplify(gdf.geometry.values, SIMPLIFY_TOLERANCE)
            gdf = gdf.assign(geometry=gpd.GeoSeries(simple, index=gdf.index, crs=gdf.crs))
        if layout == "34":
            gdf = _dissolve_to_34(gdf)
    gdf = gdf.sort_values("province_code").reset_index(drop=True)
    table = provinces(layout).set_index("code")
    area = official_areas(layout)
    codes = gdf["province_code"]
    out = pd.DataFrame({
        "province_code": codes.astype("string"),
        "layout": pd.Series([layout] * len(gdf), dtype="string"),
        "name_vi": codes.map(table["name_vi"]).astype("string"),
        "name_en": codes.map(table["name_en"]).astype("string"),
        "area_km2": codes.map(area).astype("float64"),
        "polygon_km2": (gdf.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6).round(1).to_numpy(),
        "source": pd.Series([source] * len(gdf), dtype="string"),
        "wkb": shapely.to_wkb(gdf.geometry.values),
    })
    return out


def load_boundaries(layout: str = "63", simplified: bool = True, source: str = "odm", *,
                    refresh: bool = False):
    """Return province polygons for a layout as a GeoDataFrame keyed by ``province_code``.

    Parameters
    ----------
    layout : {"63", "34"}
        ``"63"``: provinces 2008 - 30 Jun 2025; ``"34"``: units since 1 Jul 2025.
    simplified : bool
        Coverage simplification (shapely ``coverage_simplify``, tolerance
        :data:`SIMPLIFY_TOLERANCE` degrees) that keeps shared borders shared, for maps. The
        34-unit layer is dissolved from the simplified 63, so the layers still nest exactly.
        ``source="official"`` is simplified polygon by polygon (its units have slivers between
        them, so it is not a clean coverage).
    source : {"odm", "geoboundaries", "official"}
        See the module docstring; ``"official"`` exists for layout ``"34"`` only.
    refresh : bool
        Rebuild the cached layer.

    Returns
    -------
    geopandas.GeoDataFrame
        ``province_code, layout, name_vi, name_en, area_km2`` (official area), ``polygon_km2``
        (polygon area in EPSG:6933), ``source``, ``geometry`` (EPSG:4326). Cached as parquet
        (geometry as WKB) in ``data/processed``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> gdf = pa.load_boundaries("34")
    >>> len(gdf), gdf.crs.to_epsg()
    (34, 4326)
    >>> gdf.set_index("province_code").loc["79", "name_vi"]
    'Hồ Chí Minh'
    """
    import geopandas as gpd

    layout, source = str(layout), str(source)
    if layout not in ("63", "34"):
        raise ValueError(f"boundaries exist for layouts '63' and '34', not {layout!r}")
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    if source == "official" and layout != "34":
        raise ValueError("source='official' is the 34-unit reference map; use layout='34'")
    # the tolerance names the simplified cache, so a new tolerance builds a new file
    variant = f"_{source}_{layout}_" + (f"simplified{SIMPLIFY_TOLERANCE}" if simplified else "full")
    df = load_cached("boundaries", _raw_inputs(layout, source),
                     lambda: _build(layout, simplified, source), refresh=refresh, variant=variant)
    geometry = gpd.GeoSeries.from_wkb(df["wkb"], crs=4326)
    return gpd.GeoDataFrame(df.drop(columns="wkb"), geometry=geometry)


def iou_with_official(source: str = "odm") -> pd.DataFrame:
    """Compare the dissolved 34-unit layer with the official reference map, unit by unit.

    Intersection over union of areas in the equal-area projection EPSG:6933, on the full
    (unsimplified) geometry.

    Parameters
    ----------
    source : {"odm", "geoboundaries"}
        The 63-province geometry that is dissolved to 34 units and compared.

    Returns
    -------
    pandas.DataFrame
        ``province_code, name_vi, iou, area_dissolved_km2, area_official_km2``.

    Examples
    --------
    >>> from par_analysis.boundaries import iou_with_official
    >>> iou = iou_with_official()
    >>> bool(iou["iou"].median() > 0.97)
    True
    """
    ours = load_boundaries("34", simplified=False, source=source).set_index("province_code")
    ref = load_boundaries("34", simplified=False, source="official").set_index("province_code")
    ours = ours.geometry.to_crs(EQUAL_AREA_CRS)
    ref = ref.geometry.to_crs(EQUAL_AREA_CRS).reindex(ours.index)
    inter = ours.intersection(ref, align=True).area
    union = ours.union(ref, align=True).area
    names = provinces("34").set_index("code")["name_vi"]
    return pd.DataFrame({
        "province_code": ours.index.astype("string"),
        "name_vi": ours.index.map(names).astype("string"),
        "iou": (inter / union).to_numpy(),
        "area_dissolved_km2": (ours.area / 1e6).to_numpy(),
        "area_official_km2": (ref.area / 1e6).to_numpy(),
    })


LAYERS = (("63", "odm"), ("34", "odm"), ("63", "geoboundaries"), ("34", "official"))


def boundary_stats(layers=LAYERS) -> pd.DataFrame:
    """Return the vertex counts and GeoJSON sizes of the full and simplified layers.

    Parameters
    ----------
    layers : sequence of (layout, source)
        The layers to describe; by default the ODM 63 and 34, geoBoundaries 63 and the official
        34.

    Examples
    --------
    >>> from par_analysis.boundaries import boundary_stats
    >>> boundary_stats().columns.tolist()
    ['layout', 'source', 'simplified', 'units', 'vertices', 'max_vertices', 'geojson_bytes']
    """
    import shapely

    rows = []
    for layout, source in layers:
        for simplified in (False, True):
            gdf = load_boundaries(layout, simplified=simplified, source=source)
            counts = shapely.get_num_coordinates(gdf.geometry.values)
            rows.append({
                "layout": layout, "source": source, "simplified": simplified, "units": len(gdf),
                "vertices": int(counts.sum()), "max_vertices": int(counts.max()),
                "geojson_bytes": len(gdf[["province_code", "geometry"]].to_json().encode()),
            })
    return pd.DataFrame(rows)


_ATTRIBUTION = {
    "odm": "Boundaries: Open Development Mekong, \"Địa phận tỉnh\" (CC BY-SA 4.0){extra}.",
    "geoboundaries": "Boundaries: geoBoundaries gbOpen VNM ADM1 (CC BY 4.0), Runfola et al. 2020, "
                     "PLoS ONE 15(4): e0231866{extra}.",
    "official": "Boundaries: Vietnam Administrative Units Reference Map (sapnhap.bando.com.vn) via "
                "thanglequoc/vietnamese-provinces-database; licence of the geometry unverified, "
                "for research use.",
}


def attribution(layout: str = "63", source: str = "odm") -> str:
    """Return the attribution line to print under a map.

    Parameters
    ----------
    layout : {"63", "34"}
        The layout shown on the map; for ``"34"`` the line says the units were dissolved from
        the 63 provinces (except for ``source="official"``).
    source : {"odm", "geoboundaries", "official"}
        The boundary source of the map (see :func:`load_boundaries`).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.attribution("63")
    'Boundaries: Open Development Mekong, "Địa phận tỉnh" (CC BY-SA 4.0).'
    >>> "dissolved from the 63" in pa.attribution("34")
    True
    """
    if source not in _ATTRIBUTION:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    extra = ""
    if str(layout) == "34" and source != "official":
        extra = "; 34 units dissolved from the 63 provinces (Resolution 202/2025/QH15)"
    return _ATTRIBUTION[source].format(extra=extra)

