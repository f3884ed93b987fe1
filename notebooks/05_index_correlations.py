# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Do the governance indices agree?
#
# PCI (firms), PAPI (citizens), PAR INDEX (the Ministry of Home Affairs' own reform score) and
# SIPAS (citizen satisfaction, also the Ministry's) all rank Vietnam's provinces. This notebook
# asks how far they agree: pooled over the province-years two indices share, year by year, and
# component by component.
#
# Conventions: correlations are computed on the province-years both indices have (pairwise
# complete), with the number behind each cell. Intervals are 95% bootstrap percentile intervals
# that resample **whole provinces** (a province's years are not independent draws), seeded so
# the numbers repeat. Kendall's tau is tau-b. PAR INDEX and SIPAS reach us only as figures quoted
# in news reports, so their samples are small and tilted towards leaders and laggards.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis import metrics

pa.use_report_style()
N_BOOT = 499
SEED = 2025

pci = pa.load_pci()
papi = pa.load_papi()
par = pa.load_par_index()
sipas = pa.load_sipas()


# PCI: the VCCI workbooks to 2019, the secondary panel for 2020-2022 (pa.pci_main_series)
pci63 = pa.province_rows(pci)
pci_series = pa.pci_main_series(pci63)
overlap = pci63[pci63["indicator"] == "pci"].pivot_table(
    index=["province_code", "year"], columns="source", values="value").dropna(
    subset=["vcci_workbook", "grdp_secondary"])
gap = (overlap["vcci_workbook"] - overlap["grdp_secondary"]).abs()
first_year = pci_series.loc[pci_series["source"] == "vcci_workbook", "year"].min()
display(Markdown(
    f"PCI series: VCCI workbooks {first_year}-"
    f"2019, secondary panel 2020-{pci_series.year.max()}. Where both exist ({len(overlap)} "
    f"province-years) they differ by at most **{gap.max():.3f}** points."
))

# %% [markdown]
# ## The headline indices
#
# The PAPI total changed definition in 2018 (six dimensions, then eight), so its two eras are
# separate columns; they never share a province-year with each other.

# %%
headline = ["pci", "papi_total_6dim", "papi_total_8dim", "par_index", "sipas"]
tidy = pd.concat([pci_series, pa.province_rows(papi), pa.province_rows(par),
                  pa.province_rows(sipas)], ignore_index=True)
tidy = tidy[tidy["indicator"].isin(headline)]
wide = metrics.to_wide(tidy, headline)
coverage = wide[headline].notna().sum().rename("province-years").to_frame()
coverage["years"] = [f"{wide.loc[wide[c].notna(), 'year'].min()}-"
                     f"{wide.loc[wide[c].notna(), 'year'].max()}" for c in headline]
display(pa.styled_table(coverage.rename_axis("indicator").reset_index()))

# %%
pairs = metrics.correlations(wide, headline, n_boot=N_BOOT, seed=SEED)
pairs = pairs[pairs["n"] > 0]
show = pairs.assign(r=pairs["r"].round(2), ci=[f"[{lo:.2f}, {hi:.2f}]" for lo, hi in
                                                zip(pairs["ci_low"], pairs["ci_high"],
                                                    strict=True)])
display(pa.styled_table(show[["a", "b", "method", "r", "ci", "n", "n_provinces"]]))

# %%
mat = metrics.correlation_matrix(wide, headline, method="spearman", n_boot=0)
fig, ax = plt.subplots(figsize=(6.5, 5))
im = ax.imshow(mat.r.to_numpy(dtype=float), cmap="RdBu_r", vmin=-1, vmax=1)
for i in range(len(headline)):
    for j in range(len(headline)):
        r, n = mat.r.iat[i, j], mat.n.iat[i, j]
        shown = "–" if np.isnan(r) else f"{r:.2f}"  # too few shared years for a correlation
        ax.text(j, i, "" if n == 0 else f"{shown}\nn={n}", ha="center", va="center", fontsize=9)
ax.set_xticks(range(len(headline)), headline, rotation=40, ha="right")
ax.set_yticks(range(len(headline)), headline)
ax.set_title("Spearman correlation on shared province-years")
fig.colorbar(im, ax=ax, shrink=0.8)
fig.tight_layout()
plt.show()


def pick(a, b, method="spearman"):
    row = pairs[(pairs["a"] == a) & (pairs["b"] == b) & (pairs["method"] == method)]
    if row.empty:
        row = pairs[(pairs["a"] == b) & (pairs["b"] == a) & (pairs["method"] == method)]
    return row.iloc[0] if len(row) else None


lines = []
for a, b in [("pci", "papi_total_6dim"), ("pci", "papi_total_8dim"), ("pci", "par_index"),
             ("papi_total_8dim", "par_index"), ("par_index", "sipas"),
             ("papi_total_8dim", "sipas")]:
    row = pick(a, b)
    if row is None or np.isnan(row["r"]):
        lines.append(f"* `{a}` and `{b}`: too few shared province-years to say.")
    else:
        lines.append(f"* `{a}` and `{b}`: Spearman {row['r']:.2f} "
                     f"(95% CI {row['ci_low']:.2f} to {row['ci_high']:.2f}; n = {row['n']} "
                     f"province-years, {row['n_provinces']} provinces)")
display(Markdown("Pooled agreement (Spearman):\n\n" + "\n".join(lines)))

# %% [markdown]
# ## PCI and PAPI year by year
#
# Pooled correlations mix two things: provinces that are persistently better on both, and years
# in which both move. Year by year, each province counts once.

# %%
yearly = pd.concat([
    metrics.yearly_correlation(wide, "pci", col, method="spearman", n_boot=N_BOOT, seed=SEED)
    .assign(papi=col) for col in ["papi_total_6dim", "papi_total_8dim"]
], ignore_index=True)
fig, ax = plt.subplots(figsize=(7, 3.5))
for k, (col, g) in enumerate(yearly.groupby("papi")):
    ax.errorbar(g["year"], g["r"], yerr=[g["r"] - g["ci_low"], g["ci_high"] - g["r"]],
                fmt="o-", capsize=3, label=f"PCI vs {col}", color=f"C{k}")
ax.axhline(0, color="grey", lw=0.8)
ax.set_ylabel("Spearman r across provinces")
pa.integer_years(ax)
ax.legend()
ax.set_title("PCI and PAPI: agreement by year (95% bootstrap CI)")
fig.tight_layout()
plt.show()
display(pa.styled_table(yearly, decimals=3))
pos = yearly[yearly["ci_low"] > 0]
display(Markdown(
    f"PCI and PAPI share {len(yearly)} years ({yearly['year'].min()}-{yearly['year'].max()}). "
    f"The yearly Spearman correlation ranges from **{yearly['r'].min():.2f}** "
    f"({int(yearly.loc[yearly['r'].idxmin(), 'year'])}) to **{yearly['r'].max():.2f}** "
    f"({int(yearly.loc[yearly['r'].idxmax(), 'year'])}); in {len(pos)} of {len(yearly)} years "
    "the interval excludes zero."
))

# %% [markdown]
# ## Components: which parts of PCI go with which parts of PAPI?
#
# Spearman correlations pooled over the years both have, PCI sub-indices (rows) against PAPI
# dimensions (columns). Components are matched by province-year only; their definitions moved
# over the years (PCI re-based in 2013 and 2021; PAPI added two dimensions in 2018).

# %%
pci_parts = sorted(i for i in pci_series["indicator"].unique()
                   if i not in ("pci", "pci_rank", "pci_unweighted", "pci_implementation",
                                "pci_soe_bias"))
papi_dims = sorted(i for i in papi["indicator"].unique()
                   if papi.loc[papi["indicator"] == i, "unit"].iat[0] == "index_1_10")
comp = metrics.to_wide(pd.concat([pci_series[pci_series["indicator"].isin(pci_parts)],
                                  pa.province_rows(papi)[pa.province_rows(papi)["indicator"]
                                                       .isin(papi_dims)]]),
                       pci_parts + papi_dims)
cm = metrics.correlation_matrix(comp, pci_parts + papi_dims, method="spearman", n_boot=0)
block = cm.r.loc[pci_parts, papi_dims].astype(float)
fig, ax = plt.subplots(figsize=(10, 7))
im = ax.imshow(block.to_numpy(), cmap="RdBu_r", vmin=-0.6, vmax=0.6)
ax.set_xticks(range(len(papi_dims)), [d.replace("papi_", "") for d in papi_dims], rotation=40,
              ha="right")
ax.set_yticks(range(len(pci_parts)), [p.replace("pci_", "") for p in pci_parts])
for i in range(block.shape[0]):
    for j in range(block.shape[1]):
        ax.text(j, i, f"{block.iat[i, j]:.2f}", ha="center", va="center", fontsize=9)
fig.colorbar(im, ax=ax, shrink=0.8)
ax.set_title("PCI sub-indices vs PAPI dimensions (Spearman, pooled)")
fig.tight_layout()
plt.show()

long = block.stack().rename("r").reset_index()
long.columns = ["pci", "papi", "r"]
long["n"] = [int(cm.n.loc[a, b]) for a, b in zip(long["pci"], long["papi"], strict=True)]
top = long.sort_values("r", ascending=False).head(3)
bottom = long.sort_values("r").head(3)
fmt = "; ".join
display(Markdown(
    "Strongest pairs: " + fmt(f"`{r.pci}` / `{r.papi}` {r.r:.2f} (n = {r.n})"
                              for r in top.itertuples()) + ". Most negative: "
    + fmt(f"`{r.pci}` / `{r.papi}` {r.r:.2f} (n = {r.n})" for r in bottom.itertuples()) + ". "
    f"Of {len(long)} pairs, {(long['r'].abs() < 0.2).sum()} have |r| below 0.2."
))

# %% [markdown]
# ## Where the rankings agree and where they do not
#
# Mean within-year percentile (100 = best) over the years each index covers, PCI against the PAPI
# total (both eras, each ranked within its own year).

# %%
pct = metrics.percentile(tidy[tidy["indicator"].isin(["pci", "papi_total_6dim",
                                                      "papi_total_8dim"])])
pct["family"] = np.where(pct["indicator"] == "pci", "pci", "papi")
both_years = set(pct.loc[pct.family == "pci", "year"]) & set(pct.loc[pct.family == "papi", "year"])
avg = (pct[pct["year"].isin(both_years)].groupby(["province_code", "family"])["percentile"]
       .mean().unstack())
avg["gap"] = avg["pci"] - avg["papi"]
avg["name"] = pa.name_of(avg.index, lang="en")
fig, ax = plt.subplots(figsize=(6, 5.5))
ax.scatter(avg["papi"], avg["pci"], s=12)
# labels alternate above and below their points (ordered left to right), so neighbours don't clash
labelled = avg.loc[avg["gap"].abs().sort_values().index[-6:]].sort_values("papi")
for k, (_, row) in enumerate(labelled.iterrows()):
    ax.annotate(row["name"], (row["papi"], row["pci"]), xytext=(3, 3 if k % 2 == 0 else -3),
                textcoords="offset points", va="bottom" if k % 2 == 0 else "top", fontsize=9)
ax.plot([0, 100], [0, 100], color="grey", lw=0.8)
ax.set_xlabel("PAPI mean percentile")
ax.set_ylabel("PCI mean percentile")
ax.set_title(f"Mean percentile, {min(both_years)}-{max(both_years)}")
fig.tight_layout()
plt.show()

both_top = avg[(avg["pci"] >= 75) & (avg["papi"] >= 75)]["name"].tolist()
firms = avg.sort_values("gap", ascending=False).head(3)
people = avg.sort_values("gap").head(3)
r_avg = avg[["pci", "papi"]].corr(method="spearman").iat[0, 1]
display(Markdown(
    f"Averaged over {len(both_years)} shared years, the two rankings correlate at "
    f"**{r_avg:.2f}** (Spearman, {len(avg)} provinces). In the top quarter of both: "
    f"{', '.join(both_top) if both_top else 'none'}. Rated far better by firms than by citizens: "
    + ", ".join(f"{r.name} ({r.gap:+.0f} points)" for r in firms.itertuples())
    + ". Rated far better by citizens: "
    + ", ".join(f"{r.name} ({r.gap:+.0f})" for r in people.itertuples()) + "."
))

# %% [markdown]
# ## Reading these numbers

# %%
def strength(r):
    return "weak" if abs(r) < 0.3 else "moderate" if abs(r) < 0.6 else "strong"


r6, r8 = pick("pci", "papi_total_6dim")["r"], pick("pci", "papi_total_8dim")["r"]
display(Markdown(
    f"* Pooled over province-years, PCI and PAPI agree only **{strength(max(r6, r8))}ly** "
    f"(Spearman {r6:.2f} with the six-dimension total, {r8:.2f} with the eight-dimension one): "
    "firms and citizens are asked about different things, and the component matrix shows where "
    "they overlap and where they pull apart.\n"
    "* PAR INDEX and SIPAS correlations rest on the provinces the news happened to report "
    f"({coverage.loc['par_index', 'province-years']} and "
    f"{coverage.loc['sipas', 'province-years']} province-years); read them as indicative, with "
    "the width of their intervals.\n"
    "* Pooled correlations also carry persistent differences between provinces; the "
    "year-by-year panel is the cleaner comparison."
))
