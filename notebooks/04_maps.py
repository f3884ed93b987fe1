# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Maps: PCI, PAPI and FDI across provinces, and the 63 → 34 layouts
#
# Static choropleths (`pa.choropleth`) with classes computed once on the values of every panel
# pooled, so a colour means the same number in every year shown. Provinces without a value are
# hatched grey ("no data"), never coloured as zero. The archipelagos (Hoàng Sa in Đà Nẵng,
# Trường Sa in Khánh Hòa) are drawn in the inset of every map. Boundaries: Open Development
# Mekong (CC BY-SA 4.0) for the 63 provinces; the 34 units of 1 July 2025 are the same polygons
# dissolved with the crosswalk of Resolution 202/2025/QH15.

# %%
import matplotlib.pyplot as plt
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis import maps, spatial
from par_analysis.boundaries import boundary_stats, iou_with_official

pa.use_report_style()

def show(fig):
    """Display a figure as a static PNG and free it."""
    display(fig)
    plt.close(fig)

# %% [markdown]
# ## The boundary layers

# %%
stats = boundary_stats(layers=[("63", "odm")])
iou = iou_with_official()
mainland = iou[~iou["province_code"].isin(["48", "56"])]
s63 = stats.query("layout == '63' and source == 'odm'").set_index("simplified")
display(Markdown(
    f"The 63-province layer has {s63.loc[False, 'vertices']:,} vertices; the coverage-simplified "
    f"layer used for maps keeps {s63.loc[True, 'vertices']:,} "
    f"({s63.loc[True, 'geojson_bytes'] / 1e3:,.0f} kB as GeoJSON) with shared borders still "
    f"shared. Dissolved to 34 units, it matches the official reference map with a median "
    f"intersection-over-union of {iou['iou'].median():.3f}; the lowest outside the two "
    f"archipelago units is {mainland['iou'].min():.3f} "
    f"({mainland.nsmallest(1, 'iou')['name_vi'].item()}), and Khánh Hòa is "
    f"{iou.set_index('province_code').loc['56', 'iou']:.2f} because the two sources draw the "
    f"Trường Sa reefs differently."
))

# %% [markdown]
# ## PCI, 2009 - 2019 (VCCI workbooks)

# %%
pci = pa.load_pci()
pci = pci[pci["source"] == "vcci_workbook"]
pci_years = [2009, 2011, 2013, 2015, 2017, 2019]
fig, axes = pa.choropleth(pci, "pci", years=pci_years, k=5, title="PCI composite index",
                          source_note="VCCI/USAID PCI workbooks")
show(fig)
first, last = (pci.query("indicator == 'pci' and year == @y")["value"].median()
               for y in (pci_years[0], pci_years[-1]))
display(Markdown(
    f"Classes are pooled over the six years (edges {', '.join(f'{b:.1f}' for b in axes[0].bins)}),"
    f" so the map darkens as scores rise: the median PCI went from {first:.1f} in "
    f"{pci_years[0]} to {last:.1f} in {pci_years[-1]}."
))

# %% [markdown]
# ## PAPI, 2018 - 2024 (eight-dimension total)
#
# PAPI's total has eight dimensions from 2018 (scale 8-80) and six before (6-60): the two totals
# are different indicators and are not pooled on one colour scale, so only the eight-dimension
# years are mapped.

# %%
papi = pa.load_papi()
have = sorted(int(y) for y in papi.query("indicator == 'papi_total_8dim'")["year"].unique())
papi_years = have[::2] if len(have) > 4 else have
fig, axes = pa.choropleth(papi, "papi_total_8dim", years=papi_years, k=5, ncols=4,
                          title="PAPI, total of eight dimensions",
                          source_note="PAPI (UNDP, CECODES, VFF-CRT)")
show(fig)
missing = {y: 63 - len(maps.indicator_values(papi, "papi_total_8dim", y)) for y in papi_years}
display(Markdown(
    f"Years shown: {', '.join(map(str, papi_years))} (of {have[0]}-{have[-1]}). Provinces "
    f"without a score (hatched): "
    + ", ".join(f"{n} in {y}" for y, n in missing.items()) + "."
))

# %% [markdown]
# ## FDI registered in 2023 (Foreign Investment Agency quick report)

# %%
fdi = pa.load_fdi()
fdi_2023 = fdi.query("indicator == 'fdi_registered_total_musd' and year == 2023")
fig, axes = pa.choropleth(fdi, "fdi_registered_total_musd", 2023, scheme="quantiles", k=5,
                          title="Registered FDI, 2023 (new + added capital)",
                          source_note="Foreign Investment Agency, year-end quick report")
show(fig)
values = maps.indicator_values(fdi, "fdi_registered_total_musd", 2023)
display(Markdown(
    f"{len(values)} of 63 provinces are listed for 2023; the {63 - len(values)} others are "
    f"hatched: the agency lists only provinces with a registration in the window, so they "
    f"registered nothing, and the map keeps them as 'no data' rather than a printed zero "
    f"(`pa.fill_zero_flows` fills zeros where wanted). The top province received "
    f"{values.max():,.0f} million USD, the median {values.median():,.0f}."
))

# %% [markdown]
# ## Spatial clustering of the PCI (Moran's I and LISA)
#
# Queen contiguity on the provinces, row-standardised; every province has at least one land
# neighbour (island districts belong to mainland provinces), so no unit is left unlinked.

# %%
moran = [spatial.morans_i(pci, "pci", y, permutations=999) for y in pci_years]
lines = "\n".join(f"| {m['year']} | {m['I']:.3f} | {m['p_sim']:.3f} | {m['n']} |" for m in moran)
display(Markdown("| year | Moran's I | pseudo p (999 perm.) | provinces |\n|---|---|---|---|\n"
                 + lines))
fig, ax = spatial.plot_lisa(pci, "pci", pci_years[-1], source_note="VCCI PCI")
show(fig)
lisa = spatial.local_moran(pci, "pci", pci_years[-1])
hits = lisa[lisa["significant"]].groupby("quadrant")["province_code"].apply(
    lambda c: ", ".join(pa.name_of(list(c))))
display(Markdown("Significant local clusters in {}: {}. The p-values are not corrected for "
                 "63 tests; read the clusters as descriptive.".format(
                     pci_years[-1], "; ".join(f"**{q}**: {names}" for q, names in hits.items())
                     or "none")))

# %% [markdown]
# ## The same data on 63 provinces and on the 34 units of 1 July 2025
#
# The 34-unit values are the sums over each unit's former provinces (`pa.harmonize`); a unit with
# a member province missing from the report is left without a value rather than undercounted.

# %%
fdi_one = fdi[fdi["indicator"] == "fdi_registered_total_musd"]
# warn=False: the units left out are named below, from fdi34.attrs["incomplete"]
fdi34 = pa.harmonize(fdi_one[fdi_one["year"] == 2023], to_layout="34", warn=False)
fig, axes = maps.side_by_side(fdi_one, fdi34, "fdi_registered_total_musd", 2023,
                              source_note="Foreign Investment Agency; 34 units by pa.harmonize",
                              title="Registered FDI 2023, before and after the merger")
show(fig)
n34 = maps.indicator_values(fdi34, "fdi_registered_total_musd", 2023, "34")
left_out = [f"{pa.name_of(r['province_code'], layout='34')} ({r['n_members_present']} of "
            f"{r['n_members']} former provinces reported)" for r in fdi34.attrs["incomplete"]]
display(Markdown(f"{len(n34)} of the 34 units have a value in 2023. Left without one because "
                 f"a former province is missing from the report: {'; '.join(left_out) or 'none'}"
                 f"; the other {34 - len(n34) - len(left_out)} units have no former province in "
                 "the report at all."))
