"""Choropleths: one year, small multiples with pooled bins, missing data hatched, both layouts."""

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

import par_analysis as pa
from par_analysis.maps import NO_DATA, indicator_values, side_by_side

matplotlib.use("Agg")
MISSING = ["95", "96"]  # Bạc Liêu, Cà Mau get no data


@pytest.fixture(scope="module", autouse=True)
def _mirror(shared_mirror):
    return shared_mirror


@pytest.fixture(scope="module")
def tidy():
    """Synthetic tidy table: values rise by 10 a year, so pooled bins differ from per-year bins."""
    codes = [c for c in pa.provinces("63")["code"] if c not in MISSING]
    base = np.linspace(40, 60, len(codes))
    rows = [{"province_code": c, "layout": "63", "year": y, "indicator": "x", "unit": "percent",
             "value": v + 10 * (y - 2018)} for y in (2018, 2019, 2020)
            for c, v in zip(codes, base, strict=True)]
    return pd.DataFrame(rows)


def _collections(ax):
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def _hatched(ax):
    return [c for c in _collections(ax) if c.get_hatch() == NO_DATA["hatch"]]


@pytest.mark.slow  # draws the full-resolution layer
def test_single_year_renders_with_hatched_missing_and_attribution(tidy):
    fig, axes = pa.choropleth(tidy, "x", 2020, source_note="synthetic")
    assert len(axes) == 1
    ax = axes[0]
    hatched = _hatched(ax)
    assert len(hatched) == 1 and len(hatched[0].get_paths()) == len(MISSING)
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "no data" in labels
    assert len(labels) == 6  # 5 classes + no data
    notes = " ".join(t.get_text() for t in fig.texts)
    assert "synthetic" in notes and "CC BY-SA 4.0" in notes
    coloured = sum(len(c.get_paths()) for c in _collections(ax) if c not in hatched)
    assert coloured == 63 - len(MISSING)


def test_small_multiples_share_pooled_bins(tidy):
    years = [2018, 2019, 2020]
    fig, axes = pa.choropleth(tidy, "x", years=years, k=5)
    assert len(axes) == 3
    assert axes[0].bins == axes[1].bins == axes[2].bins
    pooled = tidy["value"].to_numpy()
    assert axes[0].bins[-1] == pytest.approx(pooled.max())
    # values rise over time, so the first year is mostly in low classes and the last in high ones:
    # per-year bins would give every year the same colour mix.
    colours = [np.unique(_collections(ax)[0].get_facecolor(), axis=0) for ax in axes]
    assert len(colours[0]) < 5 and len(colours[2]) < 5
    first, last = _collections(axes[0])[0], _collections(axes[2])[0]
    assert not np.allclose(first.get_facecolor()[0], last.get_facecolor()[0])
    for ax in axes:
        assert len(_hatched(ax)) == 1


def test_same_value_same_colour_across_panels(tidy):
    shifted = tidy.assign(value=np.where(tidy["year"] == 2019, tidy["value"] - 10, tidy["value"]))
    fig, axes = pa.choropleth(shifted, "x", years=[2018, 2019])  # 2019 now equals 2018
    a, b = (_collections(ax)[0].get_facecolor() for ax in axes)
    assert np.allclose(a, b)


def test_wide_panel_input_and_legend_rounding(tidy):
    wide = tidy.pivot_table(index=["province_code", "year"], columns="indicator",
                            values="value").reset_index()
    fig, axes = pa.choropleth(wide, "x", 2019, scheme="equal_interval", k=4)
    labels = [t.get_text() for t in fig.legends[0].get_texts() if t.get_text() != "no data"]
    assert len(labels) == 4
    assert all(len(part.split(".")[-1]) <= 3 for label in labels for part in label.split(" – "))


def test_two_sources_follow_the_package_rule_and_one_source_twice_raises(tidy):
    # the rule of pa.choose_source, not a refusal: a publisher file beats a web page
    web = tidy.assign(source="pci_web", value=tidy["value"] + 1)
    both = pd.concat([web, tidy.assign(source="vcci_workbook")])
    values = indicator_values(both, "x", 2020)
    expected = tidy.query("year == 2020 and province_code != 'VN'").set_index("province_code")
    assert values.sort_index().equals(expected["value"].sort_index().rename("value"))
    assert values.attrs["sources"] == ["vcci_workbook"]
    with pytest.raises(ValueError, match="gives two values for one cell"):
        indicator_values(pd.concat([tidy.assign(source="s")] * 2), "x", 2020)


def test_errors_for_duplicates_and_foreign_codes(tidy):
    wide = tidy.pivot_table(index=["province_code", "year"], columns="indicator",
                            values="value").reset_index()
    with pytest.raises(ValueError, match="several values"):
        indicator_values(pd.concat([wide, wide]), "x", 2020)
    with pytest.raises(ValueError, match="no values"):
        indicator_values(tidy, "x", 1999)
    with pytest.raises(ValueError, match="not provinces of layout 34"):
        indicator_values(tidy.assign(layout="34"), "x", 2020, layout="34")
    with pytest.raises(ValueError, match="exactly one"):
        pa.choropleth(tidy, "x")


def test_side_by_side_63_and_34_same_bins(tidy):
    cw = pa.crosswalk("63", "34").set_index("old_code")["new_code"]
    data34 = (tidy[tidy["year"] == 2020].assign(province_code=lambda d: d["province_code"].map(cw))
              .groupby(["province_code", "year", "indicator"], as_index=False)["value"].mean()
              .assign(layout="34"))
    fig, axes = side_by_side(tidy, data34, "x", 2020)
    assert len(axes) == 2 and axes[0].bins == axes[1].bins
    assert sum(len(c.get_paths()) for c in _collections(axes[1])) == 34
    # Bạc Liêu (95) and Cà Mau (96) merged into Cà Mau (96): no data on both maps
    assert [len(c.get_paths()) for c in _hatched(axes[1])] == [1]
    assert [len(c.get_paths()) for c in _hatched(axes[0])] == [2]


def test_draws_into_given_axes(tidy):
    import matplotlib.pyplot as plt

    fig, given = plt.subplots(1, 2)
    out_fig, axes = pa.choropleth(tidy, "x", years=[2018, 2020], ax=given)
    assert out_fig is fig and list(axes) == list(given)
    assert axes[0].bins == axes[1].bins
    plt.close(fig)


def test_explore_returns_an_interactive_map_on_the_simplified_layer(tidy):
    folium = pytest.importorskip("folium")
    m = pa.choropleth(tidy, "x", year=2019, explore=True)
    assert isinstance(m, folium.Map)
    html = m.get_root().render()
    assert "Nghệ An" in html or "Nghe An" in html
