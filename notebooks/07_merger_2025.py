# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # From 63 to 34: harmonised histories of the new units
#
# On 1 July 2025 Vietnam's 63 provinces became 34 units (Resolution 202/2025/QH15). Every series
# in this project was published for the old provinces. `pa.harmonize` carries them forward to
# the new units: **sums** for flows and stocks (FDI in US$ million), **population-weighted means**
# for scores (PCI, PAPI), an error for ranks (they are recomputed among the 34). A unit with a
# member missing in a year is left out that year, never a partial sum that looks complete.
#
# A harmonised PCI is *not* what firms would have said about the merged province: it is the
# population-weighted average of what they said about its parts. The choice of weights is
# shown to matter below.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis import metrics

pa.use_report_style()
cw = pa.crosswalk("63", "34")
names34 = pa.provinces("34").set_index("code")["name_en"]
sizes = cw.groupby("new_code").size()
display(Markdown(
    f"{len(cw)} provinces map into {cw['new_code'].nunique()} units: "
    f"{(sizes == 3).sum()} units of three, {(sizes == 2).sum()} of two and "
    f"{(sizes == 1).sum()} unchanged."
))


def harmonize_counted(df, **kwargs):
    """Harmonise, returning the result and the number of unit-years left out (counted here)."""
    out = pa.harmonize(df, warn=False, **kwargs)
    return out, len(out.attrs["incomplete"])


# %% [markdown]
# ## PCI in 34 units

# %%
pci = pa.province_rows(pa.load_pci())
pci = pci[(pci["indicator"] == "pci")
          & ((pci["source"] == "vcci_workbook")
             | ((pci["source"] == "grdp_secondary") & (pci["year"] > 2019)))]
pci34, pci_left_out = harmonize_counted(pci)
pci34_eq, _ = harmonize_counted(pci, weights="equal")
ranked34 = metrics.rank(pci34)
ranked63 = metrics.rank(pci)
last = int(pci34["year"].max())
display(Markdown(
    f"PCI {pci['year'].min()}-{last} (VCCI workbooks, then the secondary panel): "
    f"{len(pci34)} unit-years harmonised, {pci_left_out} left out for a missing member."
))

# %%
r63 = ranked63[ranked63["year"] == last].set_index("province_code")
view = ranked34[ranked34["year"] == last].set_index("province_code")
rows = []
for code, row in view.sort_values("rank").iterrows():
    members = row["members"].split("|")
    rows.append({
        "rank (34)": int(row["rank"]), "unit": names34[code],
        "PCI harmonised": round(row["value"], 2),
        "members: PCI (rank of 63)": ", ".join(
            f"{pa.name_of(m, lang='en')} {r63.loc[m, 'value']:.1f} ({int(r63.loc[m, 'rank'])})"
            for m in members),
    })
display(pa.styled_table(pd.DataFrame(rows)))

# %% [markdown]
# ## How standings change
#
# Each old province against its new unit, as a within-year percentile (100 = best), so that
# ranks among 63 and among 34 are comparable. Points below the diagonal: the province now sits
# in a unit that ranks lower than it did alone.

# %%
p63 = metrics.percentile(pci)[["province_code", "year", "percentile"]]
p34 = metrics.percentile(pci34)[["province_code", "year", "percentile"]]
cmp_ = (p63.merge(cw[["old_code", "new_code"]], left_on="province_code", right_on="old_code")
        .merge(p34.rename(columns={"province_code": "new_code", "percentile": "unit_percentile"}),
               on=["new_code", "year"]))
cmp_["shift"] = cmp_["unit_percentile"] - cmp_["percentile"]
merged_only = cmp_[cmp_["new_code"].map(sizes) > 1]
latest = merged_only[merged_only["year"] == last]
fig, ax = plt.subplots(figsize=(5.5, 5))
ax.scatter(latest["percentile"], latest["unit_percentile"], s=14)
ax.plot([0, 100], [0, 100], color="grey", lw=0.8)
for row in latest.reindex(latest["shift"].abs().sort_values().index[-5:]).itertuples():
    ax.annotate(pa.name_of(row.province_code, lang="en"), (row.percentile, row.unit_percentile),
                fontsize=9)
ax.set_xlabel(f"PCI {last} percentile among 63 (old province)")
ax.set_ylabel("percentile of its unit among 34")
ax.set_title(f"PCI {last}: merged provinces only")
fig.tight_layout()
plt.show()

down = latest.sort_values("shift").head(3)
up = latest.sort_values("shift", ascending=False).head(3)
top10_63 = set(r63[r63["rank"] <= 10].index)
top10_units = set(view[view["rank"] <= 6].index)
display(Markdown(
    f"In {last}, {len(latest)} provinces joined a merged unit. The largest falls in standing: "
    + ", ".join(f"{pa.name_of(r.province_code, lang='en')} ({r.percentile:.0f} -> "
                f"{r.unit_percentile:.0f})" for r in down.itertuples())
    + "; the largest rises: "
    + ", ".join(f"{pa.name_of(r.province_code, lang='en')} ({r.percentile:.0f} -> "
                f"{r.unit_percentile:.0f})" for r in up.itertuples())
    + f". Of the {len(top10_63)} provinces in the top ten of 63, "
    f"{sum(cw.set_index('old_code').loc[c, 'new_code'] in top10_units for c in top10_63)} "
    "belong to a unit in the top six of 34 (the same top share)."
))

# %% [markdown]
# ## Do the weights matter?
#
# Population weights (default) against equal weights: each member counts the same.

# %%
both = (metrics.rank(pci34)[["province_code", "year", "rank"]]
        .merge(metrics.rank(pci34_eq)[["province_code", "year", "rank"]],
               on=["province_code", "year"], suffixes=("_pop", "_equal")))
both["diff"] = (both["rank_pop"] - both["rank_equal"]).abs()
by_year = both.groupby("year")["diff"].agg(["mean", "max"]).round(2)
changed = int((both["diff"] > 0).sum())
display(pa.styled_table(by_year.rename(columns={
    "mean": "mean rank difference", "max": "largest rank difference"}).reset_index(),
    integers=["largest rank difference"]))
display(Markdown(
    f"Over {both['year'].nunique()} years, {changed} of {len(both)} unit-years "
    f"({changed / len(both):.0%}) rank differently with equal weights; the largest gap is "
    f"{int(both['diff'].max())} places. Rankings of merged units are a modelling choice."
))

# %% [markdown]
# ## Harmonised PCI histories

# %%
series = pci34.pivot(index="year", columns="province_code", values="value")
merged_units = [c for c in series.columns if sizes[c] > 1]
best = series[merged_units].mean().sort_values(ascending=False)
show = list(best.index[:3]) + list(best.index[-3:])
fig, ax = plt.subplots(figsize=(8, 4))
for code in merged_units:
    ax.plot(series.index, series[code], color="lightgrey", lw=0.8)
for k, code in enumerate(show):
    ax.plot(series.index, series[code], color=f"C{k}", lw=1.8, label=names34[code])
ax.set_ylabel("PCI, population-weighted mean of members")
ax.set_title(f"Merged units, {series.index.min()}-{series.index.max()} (grey: all merged units)")
pa.integer_years(ax)
ax.legend(ncol=2)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## FDI in 34 units: sums that conserve the national total

# %%
fdi = pa.load_fdi()
fdi = fdi[(fdi["period"] == "FY") & (fdi["indicator"] == "fdi_registered_total_musd")]
flows = pa.province_rows(pa.fill_zero_flows(fdi))
fdi34, fdi_left_out = harmonize_counted(flows)
check = pd.DataFrame({"63 provinces": flows.groupby("year")["value"].sum(),
                      "34 units": fdi34.groupby("year")["value"].sum()})
check["difference"] = check["34 units"] - check["63 provinces"]
share = fdi34.assign(share=fdi34["value"] / fdi34.groupby("year")["value"].transform("sum"))
hcmc = share[share["province_code"] == "79"].set_index("year")["share"]
old_hcmc = flows[flows["province_code"] == "79"].set_index("year")["value"] / flows.groupby(
    "year")["value"].sum()
display(pa.styled_table(check.reset_index(), decimals=1))
fdi_rank = metrics.rank(fdi34)
top3 = fdi_rank[fdi_rank["rank"] <= 3].groupby("province_code").size().sort_values(
    ascending=False)
display(Markdown(
    f"Summed over provinces, registered FDI is the same in both layouts in every year "
    f"(largest difference {check['difference'].abs().max():.2e} US$ million; "
    f"{fdi_left_out} unit-years left out). The new Ho Chi Minh City (with Binh Duong and Ba Ria -"
    f" Vung Tau) took {hcmc.min():.0%}-{hcmc.max():.0%} of the provincial total in "
    f"{hcmc.index.min()}-{hcmc.index.max()}, against {old_hcmc.min():.0%}-{old_hcmc.max():.0%} "
    "for the old city alone. Units most often in the FDI top three: "
    + ", ".join(f"{names34[c]} ({n} years)" for c, n in top3.head(4).items()) + "."
))

# %% [markdown]
# ## PAPI in 34 units
#
# The eight-dimension PAPI total (2018 on). PAPI left some provinces out in some years; their
# units are missing in those years.

# %%
papi = pa.province_rows(pa.load_papi())
papi = papi[papi["indicator"] == "papi_total_8dim"]
papi34, papi_left_out = harmonize_counted(papi)
papi_rank = metrics.rank(papi34)
pivot = papi_rank.pivot(index="province_code", columns="year", values="rank")
pivot.index = [names34[c] for c in pivot.index]
display(pa.styled_table(pivot.sort_values(pivot.columns[-1]).head(10).rename_axis("unit")
                        .reset_index()))
controls = pa.load_controls()
pop_last = controls.loc[controls["indicator"].str.startswith("population_thousand"), "year"].max()
display(Markdown(
    f"PAPI 8-dimension total, {papi['year'].min()}-{papi['year'].max()}: {len(papi34)} unit-years "
    f"harmonised, {papi_left_out} left out because a member had no score. After {pop_last}, the "
    "population weights are those of the last year available (the nearest-year rule of "
    "`pa.harmonize`)."
))

# %% [markdown]
# ## The 34 units' own figures: the service index of 2025
#
# `pa.build_panel(..., layout="34")` is the way to study the new units: it carries the 63-era
# series into them by the rules above and appends what sources report for the 34 units
# themselves (the Decision 766 service index, a weekly snapshot of the National Public Service
# Portal: the year's latest stated snapshot). `layout_origin` says which is which.

# %%
unit_panel = pa.build_panel(["pci", "papi_total_8dim", "fdi_registered_total_musd", "sqi766"],
                            layout="34", years=range(2019, 2026), warn=False)
origin = unit_panel["layout_origin"].value_counts()
native = unit_panel[unit_panel["layout_origin"] == "34"].reset_index()
native = native.assign(unit=native["province_code"].map(names34))
history = unit_panel.reset_index().groupby("province_code")[
    ["pci", "papi_total_8dim"]].last().reset_index()
shown = (native[["province_code", "unit", "year", "sqi766"]]
         .merge(history, on="province_code").sort_values("sqi766", ascending=False)
         .drop(columns="province_code"))
display(pa.styled_table(shown.rename(columns={"pci": "latest harmonised PCI",
                                              "papi_total_8dim": "latest harmonised PAPI"})))
cov34 = pa.panel_coverage(unit_panel).query("indicator == 'sqi766' and year == 2025")
rho = shown[["sqi766", "pci"]].corr(method="spearman").iloc[0, 1] if len(shown) > 2 else float(
    "nan")
display(Markdown(
    f"Rows reported for the 34 units: {int(origin.get('34', 0))}; harmonised from the 63 "
    f"provinces: {int(origin.get('63', 0))}. The 2025 service index is stated for "
    f"**{int(cov34['n_present'].item())}** of 34 units (snapshots of different weeks; no page "
    f"ranking all 34 at once was found), so it is shown, not modelled: its Spearman correlation "
    f"with the units' latest harmonised PCI over these {len(shown)} units is {rho:.2f}. "
    + " ".join(unit_panel.attrs["notes"])
))

# %% [markdown]
# ## Limits
#
# * Harmonised scores average the parts; no survey has yet been run on the merged provinces.
# * Ranks among 34 are not comparable to ranks among 63: use percentiles when comparing.
# * Regional means must be recomputed on the new units (several provinces changed region).
