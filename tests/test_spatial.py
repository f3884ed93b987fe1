"""Spatial weights, Moran's I against a hand computation, LISA table and map."""

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import par_analysis as pa
from par_analysis import spatial

matplotlib.use("Agg")


@pytest.fixture(scope="module", autouse=True)
def _mirror(shared_mirror):
    return shared_mirror


@pytest.fixture(scope="module")
def latitude_data():
    """A north-south gradient plus noise: strongly positively autocorrelated."""
    gdf = pa.load_boundaries("63")
    rng = np.random.default_rng(1)
    lat = gdf.geometry.representative_point().y.to_numpy()
    return pd.DataFrame({"province_code": gdf["province_code"], "year": 2020,
                         "x": lat + rng.normal(0, 1, len(gdf))})


@pytest.mark.parametrize("layout,n", [("63", 63), ("34", 34)])
def test_weights_complete_connected_symmetric(layout, n):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a unit linked by the nearest-unit fallback would warn
        w = spatial.weights(layout)
    assert w.n == n and w.islands == []
    assert w.n_components == 1
    assert sorted(w.id_order) == sorted(pa.provinces(layout)["code"])
    b = spatial.weights(layout, transform="b")
    for i, neigh in b.neighbors.items():
        for j in neigh:
            assert i in b.neighbors[j]
    assert np.allclose(w.full()[0].sum(axis=1), 1.0)
    report = spatial.weights_report(layout)
    assert (report["link"] == "queen").all() and (report["n_neighbors"] > 0).all()


def test_ha_noi_neighbours_match_geography():
    # Hà Nội borders Thái Nguyên, Vĩnh Phúc, Bắc Giang, Bắc Ninh, Hưng Yên, Hà Nam, Hòa Bình and
    # Phú Thọ
    w = spatial.weights("63")
    assert sorted(w.neighbors["01"]) == sorted(pa.resolve(
        ["Thái Nguyên", "Vĩnh Phúc", "Bắc Giang", "Bắc Ninh", "Hưng Yên", "Hà Nam", "Hòa Bình",
         "Phú Thọ"]))
    # island units keep their mainland neighbours: Kiên Giang (Phú Quốc), BR-VT (Côn Đảo)
    assert "89" in w.neighbors["91"] and "75" in w.neighbors["77"]


def test_simplified_and_full_geometry_give_same_neighbours():
    from libpysal.weights import Queen

    full = pa.load_boundaries("63", simplified=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        queen = Queen.from_dataframe(full, ids=list(full["province_code"]), use_index=False)
    w = spatial.weights("63")
    assert {k: sorted(v) for k, v in queen.neighbors.items()} == \
        {k: sorted(v) for k, v in w.neighbors.items()}


def _moran_by_hand(y, w):
    weights = w.full()[0]  # row-standardised, in w.id_order
    z = y - y.mean()
    return len(y) / weights.sum() * (z @ weights @ z) / (z @ z)


def test_morans_i_matches_hand_formula(latitude_data):
    result = spatial.morans_i(latitude_data, "x", 2020, permutations=99, seed=3)
    w = spatial.weights("63")
    y = latitude_data.set_index("province_code")["x"].reindex(w.id_order).to_numpy()
    assert result["I"] == pytest.approx(_moran_by_hand(y, w), abs=1e-10)
    assert result["I"] > 0.5 and result["p_sim"] == pytest.approx(0.01)
    again = spatial.morans_i(latitude_data, "x", 2020, permutations=99, seed=3)
    assert again == result


def test_morans_i_with_missing_units(latitude_data):
    some = latitude_data[~latitude_data["province_code"].isin(["01", "79"])]
    result = spatial.morans_i(some, "x", 2020, permutations=0)
    assert result["n"] == 61 and result["n_missing"] == 2
    w = spatial.weights("63", transform="b")
    from libpysal.weights import w_subset

    ids = [c for c in w.id_order if c not in ("01", "79")]
    sub = w_subset(w, ids)
    sub.transform = "r"
    y = some.set_index("province_code")["x"].reindex(ids).to_numpy()
    assert result["I"] == pytest.approx(_moran_by_hand(y, sub), abs=1e-10)


@pytest.mark.slow  # seconds of resampling; the full suite runs it
def test_local_moran_tidy_and_consistent(latitude_data):
    lisa = spatial.local_moran(latitude_data, "x", 2020, permutations=199, seed=5)
    assert list(lisa.columns) == ["province_code", "layout", "year", "indicator", "value", "Is",
                                  "quadrant", "p_sim", "significant"]
    assert len(lisa) == 63 and set(lisa["quadrant"]) <= {"HH", "LH", "LL", "HL"}
    # local statistics average to the global I (row-standardised weights, no islands)
    w = spatial.weights("63")
    y = lisa.set_index("province_code")["value"].reindex(w.id_order).to_numpy()
    n = len(y)
    assert lisa["Is"].sum() / (n - 1) == pytest.approx(_moran_by_hand(y, w), abs=1e-10)
    # northern provinces are high-high
    assert lisa.set_index("province_code").loc["02", "quadrant"] == "HH"
    assert lisa["significant"].sum() > 10


@pytest.mark.slow  # the first local Moran compiles esda's kernel (about 13 s)
def test_plot_lisa_legend_counts(latitude_data):
    fig, ax = spatial.plot_lisa(latitude_data, "x", 2020, permutations=99)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(label.startswith("HH (") for label in labels)
    assert sum(int(label.split("(")[1].rstrip(")")) for label in labels) == 63


def test_unit_without_border_is_linked_to_nearest_and_named(monkeypatch):
    neighbors, _ = spatial._contiguity("63", "odm")
    cut = {k: tuple(n for n in v if n != "01") for k, v in neighbors.items() if k != "01"}
    cut["01"] = ()
    monkeypatch.setattr(spatial, "_contiguity", lambda layout, source: (cut, ("01",)))
    with pytest.warns(UserWarning, match="01"):
        w = spatial.weights("63", transform="b")
    assert len(w.neighbors["01"]) == 1 and w.islands == []
    nearest = w.neighbors["01"][0]
    assert nearest in neighbors["01"] and "01" in w.neighbors[nearest]
