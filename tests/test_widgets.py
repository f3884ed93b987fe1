"""The explorer: controls set programmatically change the table, the map and the trajectory."""

from __future__ import annotations

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.widgets import Explorer


@pytest.fixture
def tiny() -> pd.DataFrame:
    records = []
    for year, values in {2019: {"01": 60.0, "79": 70.0, "74": 65.0, "77": 55.0},
                         2020: {"01": 72.0, "79": 61.0, "74": 66.0, "77": 58.0}}.items():
        for code, value in values.items():
            records.append({"province_code": code, "layout": "63", "year": year, "source": "t",
                            "indicator": "pci", "value": value, "unit": "index_0_100",
                            "raw_file": "t.csv"})
            records.append({"province_code": code, "layout": "63", "year": year, "source": "t",
                            "indicator": "fdi_registered_total_musd", "value": value * 10,
                            "unit": "musd", "raw_file": "t.csv"})
    records.append({"province_code": "VN", "layout": "63", "year": 2020, "source": "t",
                    "indicator": "pci", "value": 1.0, "unit": "index_0_100", "raw_file": "t.csv"})
    return pa.tidy_frame(records)


def test_controls_update_outputs(tiny):
    ex = Explorer(tiny, use_map=False)
    assert ex.indicator.value == "pci" and (ex.year.min, ex.year.max, ex.year.value) == (
        2019, 2020, 2020)
    ranked = ex.ranked()
    assert list(ranked["province_code"]) == ["01", "74", "79", "77"]  # VN row is not a province
    assert ranked["rank"].tolist() == [1, 2, 3, 4]
    table, image = ex.table.value, ex.map.value
    assert "Hà Nội" in table and image[:4] == b"\x89PNG"

    ex.year.value = 2019
    assert ex.table.value != table and ex.map.value != image
    assert ex.ranked()["province_code"].iloc[0] == "79"

    trajectory = ex.trajectory.value
    ex.province.value = "79"
    assert ex.trajectory.value != trajectory

    ex.indicator.value = "fdi_registered_total_musd"  # opens on its fullest, latest year
    assert ex.year.value == 2020 and "720.00" in ex.table.value


def test_layout_34_harmonizes(tiny):
    ex = Explorer(tiny, use_map=False)
    ex.layout.value = "34"
    ranked = ex.ranked()
    # Ho Chi Minh City (34) = Binh Duong 74 + Ba Ria-Vung Tau 77 + Ho Chi Minh 79 merged
    assert "79" in set(ranked["province_code"]) and "74" not in set(ranked["province_code"])
    assert ex.province.options[0][1] in set(pa.provinces("34")["code"])


def test_empty_data_raises():
    with pytest.raises(ValueError, match="no province data"):
        Explorer(pa.tidy_frame([]), use_map=False)


def test_explore_returns_explorer(tiny):
    ex = pa.explore(tiny, use_map=False)
    assert isinstance(ex, Explorer) and ex.widget.children


def test_ranks_are_not_harmonized(tiny):
    scores = tiny[tiny["indicator"] == "pci"]
    ranks = scores.assign(indicator="pci_rank", unit="rank",
                          value=scores.groupby("year")["value"].rank(ascending=False))
    ex = Explorer(pd.concat([tiny, ranks], ignore_index=True), use_map=False)
    ex.indicator.value = "pci_rank"
    assert len(ex.ranked()) == 4
    ex.layout.value = "34"
    assert ex.ranked().empty and ex.map.value[:4] == b"\x89PNG"
    assert "ranks are not aggregated" in ex.status.value


def test_member_missing_is_counted(tiny):
    ex = Explorer(tiny[~((tiny["province_code"] == "77") & (tiny["year"] == 2019))],
                  use_map=False)
    ex.layout.value = "34"
    assert "79" not in set(ex.frame().loc[ex.frame()["year"] == 2019, "province_code"])
    assert "1 unit-years left out because a member province has no value" in ex.status.value


def test_failing_loader_raises(monkeypatch):
    def broken():
        raise RuntimeError("broken loader")

    monkeypatch.setattr(pa, "load_pci", broken, raising=False)
    with pytest.raises(RuntimeError, match="broken loader"):
        Explorer()


@pytest.mark.slow
def test_choropleth_map(tiny):
    """The default map is the choropleth of the real boundaries."""
    ex = Explorer(tiny)
    assert ex.map.value[:4] == b"\x89PNG"
    bars = Explorer(tiny, use_map=False).map.value
    assert ex.map.value != bars
