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
# # PCI editions 2005-2024
#
# The Provincial Competitiveness Index (VCCI) scores every province's economic governance from
# the answers of private firms: a weighted composite on 0-100 and nine or ten sub-indices on a 0-10
# scale. This notebook shows what `pa.load_pci()` holds: the VCCI workbooks of 2005-2019, the
# tables printed on the publisher's province pages (2006-2024, 23 provinces), and a student panel
# with the composite of 2016-2022 for all 63 provinces; then where the web pages and the
# workbooks disagree.

# %%
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis.sources.pci import PUBLISHED_TOP_N

pa.use_report_style()
pci = pa.load_pci()
composite = pci[pci.indicator == "pci"]
workbook = pci[pci.source == "vcci_workbook"]
display(Markdown(
    f"The table holds **{len(pci):,}** values: **{(pci.source == 'vcci_workbook').sum():,}** from "
    f"the workbooks ({workbook.year.min()}-{workbook.year.max()}), "
    f"**{(pci.source == 'pci_web').sum():,}** from the web pages and "
    f"**{(pci.source == 'grdp_secondary').sum():,}** from the student panel, across "
    f"**{pci.indicator.nunique()}** indicators."
))

# %% [markdown]
# ## Provinces per edition and source
# Each cell counts the provinces with a composite score. The source is part of the table's key, so
# one province-year can hold a value from each source.

# %%
counts = (composite.pivot_table(index="year", columns="source", values="province_code",
                                aggfunc="nunique")
          .astype("Int64"))
display(pa.styled_table(counts.T.reset_index()))
top_n = ", ".join(f"{y}: top {n}" for y, n in PUBLISHED_TOP_N.items())
display(Markdown(
    f"The first edition ({counts.index.min()}) covers **{counts.loc[2005, 'vcci_workbook']}** "
    f"provinces; {', '.join(str(y) for y in range(2006, 2009))} cover "
    f"**{counts.loc[2006, 'vcci_workbook']}** (Ha Tay is still a province, layout 64), and from "
    f"2009 on **{counts.loc[2009, 'vcci_workbook']}**. No workbook exists after "
    f"{workbook.year.max()}: the composite of 2020-2022 comes from the student panel "
    f"(**{counts.loc[2022, 'grdp_secondary']}** provinces in 2022), which equals the web pages "
    f"wherever both print a value. From 2023 VCCI publishes composites only for its top provinces "
    f"({top_n}): the provinces outside them are missing by design, but the stored pages print "
    f"only **{counts.loc[2023, 'pci_web']}** composites for 2023, so most of the published 30 are "
    f"missing because they were not collected, not by design (`pa.coverage()` counts them). The "
    f"duplicate "
    f"Ha Noi row below the 2017-2019 tables repeats the table's values exactly: the loader checks "
    f"it, and would raise if it did not."
))

# %% [markdown]
# ## The composite over time
# One point per province and edition: workbooks to 2019, the student panel for 2020-2022.

# %%
full = pa.pci_main_series(pci).query("indicator == 'pci'")
fig, ax = plt.subplots(figsize=(10, 4))
sns.boxplot(data=full, x="year", y="value", color="#cfe0f0", fliersize=0, ax=ax)
sns.stripplot(data=full, x="year", y="value", size=2.5, color="#2b5d8a", alpha=0.6, ax=ax)
ax.set(xlabel="PCI edition", ylabel="PCI composite (0-100)")
plt.tight_layout()
plt.show()
med = full.groupby("year")["value"].median()
spread = full.groupby("year")["value"].agg(lambda v: v.max() - v.min())
display(Markdown(
    f"The median composite rose from **{med.iloc[0]:.1f}** in {med.index[0]} to "
    f"**{med.iloc[-1]:.1f}** in {med.index[-1]}; the gap between the best and the worst province "
    f"narrowed from **{spread.iloc[0]:.1f}** to **{spread.iloc[-1]:.1f}** points. The 2005 "
    f"edition scored only {counts.loc[2005, 'vcci_workbook']} provinces, and the method changed "
    f"several times (sub-indices and weights), so levels are not strictly comparable across eras."
))

# %% [markdown]
# ## Top and bottom five of the latest full edition

# %%
latest_year = int(full.year.max())
latest = full[full.year == latest_year].sort_values("value", ascending=False)
latest = latest.assign(province=pa.name_of(list(latest.province_code), lang="en"))
ends = pd.concat([latest.head(5).assign(group="top 5"), latest.tail(5).assign(group="bottom 5")])
display(pa.styled_table(ends[["group", "province", "value", "source"]]))
display(Markdown(
    f"In PCI {latest_year} (the last edition with all 63 provinces, from "
    f"`{latest.source.iat[0]}`), **{latest.province.iat[0]}** leads with "
    f"**{latest.value.iat[0]:.2f}** and **{latest.province.iat[-1]}** is last with "
    f"**{latest.value.iat[-1]:.2f}**."
))

# %% [markdown]
# ## Which sub-indices exist when
# Dark cells: the indicator has a value for at least one province in that edition, from any source.
# The SOE-bias and central-policy-implementation sub-indices belong to the early editions; policy
# bias starts in 2013; 2009-2012 have nine sub-indices.

# %%
avail = pci.pivot_table(index="indicator", columns="year", values="province_code",
                        aggfunc="nunique")
fig, ax = plt.subplots(figsize=(11, 4.5))
sns.heatmap(avail.notna(), cbar=False, cmap=["#f2f2f2", "#2b5d8a"], linewidths=0.5, ax=ax)
ax.set(xlabel="PCI edition", ylabel="")
plt.tight_layout()
plt.show()
sub_2020 = pci[(pci.year.between(2020, 2022)) & (pci.indicator == "pci_transparency")]
display(Markdown(
    f"Sub-indices after 2019 exist only on the stored web pages: for 2020-2022, "
    f"**{sub_2020.province_code.nunique()}** provinces have them."
))

# %% [markdown]
# ## Web pages against workbooks
# `pa.pci_web_comparison()` lists every cell where a publisher page and the workbook differ by
# more than 0.01 (pages print two decimals). These are findings, not fixed.

# %%
diff = pa.pci_web_comparison()
summary = (diff.groupby(["year", "indicator"])
           .agg(cells=("difference", "size"), provinces=("province_code", "nunique"),
                max_abs_difference=("difference", lambda d: d.abs().max()))
           .reset_index())
display(pa.styled_table(summary))
compared = len(pa.pci_web_comparison(tolerance=-1))
inf13 = diff[(diff.year == 2013) & (diff.indicator == "pci_informal_charges")]
small_2011 = diff[(diff.year == 2011) & (diff.difference.abs() < 0.2)]
per_page = diff.groupby(["page", "year"]).size()
wholesale = ", ".join(f"{page} {year}" for (page, year), n in per_page.items() if n >= 5)
oldsite_2008 = diff[diff.page.str.endswith(".oldsite") & (diff.year == 2008)]
display(Markdown(
    f"Of **{compared:,}** cells printed by both (every page, including the second Quang Tri "
    f"page), **{len(diff)}** differ. The largest cluster is **2013 informal charges** "
    f"({len(inf13)} provinces, up to {inf13.difference.abs().max():.2f} points) while the other "
    f"2013 sub-indices agree; in **2011**, {len(small_2011)} cells differ by less than 0.2. "
    f"Pages that disagree on five or more cells of one edition: {wholesale}. The old-site pages "
    f"differ on {', '.join(sorted(oldsite_2008.indicator.unique()))} in 2008 for "
    f"{oldsite_2008.province_code.nunique()} provinces."
))
