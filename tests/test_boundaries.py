"""Boundary layers: validity, codes, official areas, nesting of 34 in 63, agreement with the
official 34-unit reference map."""

import pandas as pd
import pytest
import shapely

import par_analysis as pa
from par_analysis.boundaries import (
    _official_34_files,
    boundary_stats,
    iou_with_official,
    official_areas,
)

# Agreement with the official reference map (SOURCE.md reports median 0.990). The archipelago
# units differ because the two sources draw reefs and sea outlines differently.
IOU_MEDIAN_MIN = 0.97
IOU_UNIT_MIN = 0.90
ISLAND_UNITS = {"48", "56"}  # Đà Nẵng (Hoàng Sa) and Khánh Hòa (Trường Sa)


@pytest.fixture(scope="module", autouse=True)
def _mirror(shared_mirror):
    return shared_mirror


@pytest.mark.parametrize("layout,source", [("63", "odm"), ("34", "odm"), ("63", "geoboundaries"),
                                           ("34", "geoboundaries"), ("34", "official")])
@pytest.mark.parametrize("simplified", [True, False])
def test_layers_valid_and_complete(layout, source, simplified):
    gdf = pa.load_boundaries(layout, simplified=simplified, source=source)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == {"63": 63, "34": 34}[layout]
    assert sorted(gdf["province_code"]) == sorted(pa.provinces(layout)["code"])
    assert gdf.geometry.is_valid.all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf["area_km2"].notna().all() and (gdf["area_km2"] > 0).all()
    assert (gdf["layout"] == layout).all()


def test_official_areas_golden():
    # 63: the GSO table's provinces add up to its own WHOLE COUNTRY row (2015: 330,966.9 km²)
    assert official_areas("63").sum() == pytest.approx(330966.9, abs=0.5)
    # 34: Nghệ An 16,493.70 km² in the merger table (Vietnamese number format "16.493,70")
    assert official_areas("34")["40"] == pytest.approx(16493.70)


def test_official_areas_agree_with_reference_map_property():
    import geopandas as gpd

    ref = pd.concat([gpd.read_file(pa.raw_path(f))[["code", "areaKm2"]]
                     for f in _official_34_files()]).set_index("code")["areaKm2"]
    ours = official_areas("34")
    rel = (ours / ref.reindex(ours.index) - 1).abs()
    assert rel.max() < 1e-3  # largest gap: Nghệ An, 16,493.70 vs 16,486.50 km²
    assert ours["56"] == pytest.approx(8555.86)  # Khánh Hòa; its polygon is far larger (reefs)
    khanh_hoa = pa.load_boundaries("34", source="official").set_index("province_code").loc["56"]
    assert khanh_hoa["polygon_km2"] > 1.3 * khanh_hoa["area_km2"]


def test_34_nests_in_63():
    for simplified in (True, False):
        g63 = pa.load_boundaries("63", simplified=simplified).to_crs(6933)
        g34 = pa.load_boundaries("34", simplified=simplified).to_crs(6933)
        new = g63["province_code"].map(pa.crosswalk("63", "34").set_index("old_code")["new_code"])
        parent = g34.set_index("province_code").geometry.reindex(new).to_numpy()
        inside = shapely.area(shapely.intersection(g63.geometry.values, parent))
        assert (inside / g63.area.to_numpy()).min() > 1 - 1e-9
        assert g34.area.sum() == pytest.approx(g63.area.sum(), rel=1e-9)


def test_geoboundaries_con_dao_dissolved_into_ba_ria_vung_tau():
    brvt = pa.load_boundaries("63", simplified=False, source="geoboundaries")
    geom = brvt.set_index("province_code").geometry["77"]
    assert geom.covers(shapely.Point(106.6, 8.69))  # Côn Đảo island


def test_iou_with_official_above_threshold():
    iou = iou_with_official()
    assert len(iou) == 34
    assert iou["iou"].median() >= IOU_MEDIAN_MIN
    mainland = iou[~iou["province_code"].isin(ISLAND_UNITS)]
    assert (mainland["iou"] >= IOU_UNIT_MIN).all(), mainland.nsmallest(3, "iou")


def test_simplification_keeps_shared_borders_and_islands():
    full = pa.load_boundaries("63", simplified=False).set_index("province_code").to_crs(6933)
    simple = pa.load_boundaries("63", simplified=True).set_index("province_code").to_crs(6933)
    # no overlaps or gaps created: the parts add up to their union, as in the full layer
    union = shapely.union_all(simple.geometry.values)
    assert simple.area.sum() == pytest.approx(union.area, rel=1e-8)
    # areas barely move; the island units (many small reefs) move most
    change = (simple.area / full.area.reindex(simple.index) - 1).abs()
    assert change.drop(["22", "31", "48", "56"]).max() < 0.01
    assert change.max() < 0.05
    # archipelagos kept: Hoàng Sa in Đà Nẵng (up to ~17 N), Trường Sa in Khánh Hòa (to ~117 E)
    lonlat = pa.load_boundaries("63").set_index("province_code").geometry
    assert lonlat["48"].bounds[3] > 16.5
    assert lonlat["56"].bounds[2] > 116.0


def test_boundary_stats_report_fewer_vertices_when_simplified():
    stats = boundary_stats().set_index(["layout", "source", "simplified"])
    for layout, source in [("63", "odm"), ("34", "odm")]:
        assert stats.loc[(layout, source, True), "vertices"] < \
            stats.loc[(layout, source, False), "vertices"] / 4
        assert stats.loc[(layout, source, True), "geojson_bytes"] < 600_000


def test_attribution_names_licences():
    assert "CC BY-SA 4.0" in pa.attribution("63", "odm")
    assert "Runfola" in pa.attribution("63", "geoboundaries")
    assert "unverified" in pa.attribution("34", "official")
    with pytest.raises(ValueError):
        pa.attribution("63", "nowhere")


def test_bad_arguments_raise():
    with pytest.raises(ValueError, match="layout"):
        pa.load_boundaries("64")
    with pytest.raises(ValueError, match="official"):
        pa.load_boundaries("63", source="official")
