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
# # A tour of the three index families: PCI, PAPI, PAR INDEX and SIPAS
#
# Three families of indices measure how Vietnam's provinces govern:
#
# * **PCI** (VCCI), the business view of provincial economic governance;
# * **PAPI** (CECODES, VFF-CRT, UNDP), citizens' view of governance and public administration;
# * **PAR INDEX** and **SIPAS** (Ministry of Home Affairs), the government's own public
#   administration reform score and citizen satisfaction survey.
#
# This notebook shows which province has which index in which year, how the scores are
# distributed, who leads and trails, and how often the news pages behind PAR INDEX and SIPAS
# disagree. Every number is computed below.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis.breaks import cut_at_breaks

pa.use_report_style()
pci = pa.load_pci()
papi = pa.load_papi()
par = pa.load_par_index()
sipas = pa.load_sipas()
data = pd.concat([pci, papi, par, sipas], ignore_index=True)
headline = ["pci", "papi_total_6dim", "papi_total_8dim", "par_index", "sipas"]
cov = pa.coverage(data, indicators=headline)
summary = pa.coverage_summary(cov)

# %% [markdown]
# ## Coverage
#
# PCI and PAPI are published as full tables; PAR INDEX and SIPAS only reach us as figures quoted
# in news reports (no machine-readable official table could be found), so their coverage is thin.
# PCI 2023 and 2024 publish only the top 30 provinces. A province is *missing by design* only when
# a published rank puts it outside the top 30; the others without a value are either outside the
# top 30 or inside it and not collected here, and the summary counts how many of the 30 we lack.
# Ranks printed without the score (PAR INDEX, SIPAS) are shown as *rank only*.

# %%
fig, ax = pa.plot_coverage(cov)
plt.show()


def share(indicator):
    rows = summary[summary["indicator"] == indicator]
    return rows["share_present"].mean(), rows["year"].min(), rows["year"].max()


lines = []
for ind in headline:
    mean_share, first, last = share(ind)
    lines.append(f"* `{ind}`: {first}-{last}, on average {mean_share:.0%} of the 63 provinces "
                 "have a value each year")
top = summary[summary["top_n_not_held"].notna()].set_index("year")
top_text = "; ".join(
    f"{y}: we hold {int(r.present + r.rank_only)} of the published 30 (missing, not collected: "
    f"{int(r.top_n_not_held)}; known to be outside the top 30: {int(r.missing_by_design)})"
    for y, r in top.iterrows())
rank_only = cov[cov["status"] == "rank_only"].groupby("indicator").size()
display(Markdown("\n".join(lines) + f"\n\nPCI top-30 years: {top_text}. Province-years with a "
                 "published rank but no score: "
                 + ", ".join(f"{k} {v}" for k, v in rank_only.items()) + "."))

# %%
papi_gaps = cov[(cov["indicator"].str.startswith("papi_total")) & (cov["status"] == "missing")]
gap_text = "; ".join(f"{y}: {', '.join(g['province'])}" for y, g in papi_gaps.groupby("year"))
display(Markdown(f"PAPI provinces without a total (left out by the publisher, or with an empty "
                 f"sub-dimension): {gap_text}. They stay missing, never zero."))

# %% [markdown]
# ## Distributions by year
#
# The PAPI total changes definition in 2018 (six dimensions, then eight): the two eras are
# different indicators, drawn side by side, never joined into one series. The median lines stop
# at every method break of a series (PCI 2013; PAR INDEX 2016, 2017 and 2022: `pa.series_breaks()`,
# each with the document that states it): levels on either side are not comparable.

# %%
fig, axes = plt.subplots(1, 3, figsize=(15, 4))
for ax, (frame, names, title) in zip(axes, [
    (pci, ["pci"], "PCI (0-100)"),
    (papi, ["papi_total_6dim", "papi_total_8dim"], "PAPI total (6 dims to 2017, 8 from 2018)"),
    (pd.concat([par, sipas]), ["par_index", "sipas"], "PAR INDEX and SIPAS, news figures (%)"),
], strict=True):
    for k, name in enumerate(names):
        sub = frame[(frame["indicator"] == name) & pa.province_mask(frame["province_code"])]
        ax.scatter(sub["year"] + 0.2 * k, sub["value"], s=8, alpha=0.4, label=name)
        med = sub.groupby("year")["value"].median()
        # the median line stops at each method break of the series (pa.series_breaks())
        x, y = cut_at_breaks(name, med.index, med.values)
        ax.plot(x + 0.2 * k, y, marker="_", markersize=12, linewidth=1)
    ax.set_title(title)
    pa.integer_years(ax)
    ax.legend()
fig.tight_layout()
plt.show()

# %% [markdown]
# Medians by year. PAR INDEX and SIPAS medians are medians of the provinces the news reported,
# which over-represent leaders and laggards: not national medians.

# %%
medians = (data[data["indicator"].isin(headline) & pa.province_mask(data["province_code"])]
           .groupby(["indicator", "year"])["value"].median().unstack("year").round(1))
display(pa.styled_table(medians.reset_index(), decimals=1))

# %% [markdown]
# ## Top and bottom provinces
#
# For each family: the latest year with at least 30 provinces (else its best-covered year).

# %%
def ranking(frame, indicator):
    # one value per province and year, by the package's source rule
    sub = pa.choose_source(pa.province_rows(frame[frame["indicator"] == indicator]))
    counts = sub.groupby("year").size()
    # the latest year with at least 30 provinces, else the best-covered year
    year = int(counts[counts >= 30].index.max() if (counts >= 30).any() else counts.idxmax())
    sub = sub[sub["year"] == year].sort_values("value", ascending=False)
    sub = sub.assign(province=pa.name_of(list(sub["province_code"]), lang="ascii"))
    return year, sub[["province", "value"]]


texts = []
for frame, ind in [(pci, "pci"), (papi, "papi_total_8dim"), (par, "par_index")]:
    year, ranked = ranking(frame, ind)
    top = ", ".join(f"{p} ({v:.2f})" for p, v in ranked.head(3).itertuples(index=False))
    bottom = ", ".join(f"{p} ({v:.2f})" for p, v in ranked.tail(3).itertuples(index=False))
    texts.append(f"* **{ind} {year}** ({len(ranked)} provinces with a value): top {top}; "
                 f"bottom {bottom}")
display(Markdown("\n".join(texts) + "\n\nPAR INDEX comes from news figures, so its 'bottom' is "
                 "the bottom of what is known, not of the country."))

# %% [markdown]
# ## When news pages disagree
#
# PAR INDEX and SIPAS figures come from news pages that sometimes disagree. Every disagreement
# is kept and listed by `pa.conflicts()`; the loaders pick one value by a documented rule: a
# value that passes the checks (against the ranks of the same year, the change its sentence
# prints and the national mean) first, then the one stated by more distinct publishers (a page
# copied twice counts once), an official portal, more decimals, the earliest line.

# %%
conf = pa.conflicts()
groups = conf.drop_duplicates("group")["kind"].value_counts()
display(Markdown(
    f"{len(conf)} fact rows in {conf['group'].nunique()} groups: "
    f"{groups.get('conflict', 0)} real conflicts, {groups.get('rounding', 0)} rounded versus "
    f"precise figures, {groups.get('check_failed', 0)} single values failing a check and "
    f"{groups.get('shared_rank', 0)} ranks printed for two provinces. "
    f"Picked values flagged as conflicting: PAR INDEX {int(par['conflict'].sum())}, "
    f"SIPAS {int(sipas['conflict'].sum())}."))
display(pa.styled_table(conf.loc[conf["kind"].isin(["conflict", "check_failed"]),
                                 ["group", "indicator", "province_code", "year", "value", "chosen",
                                  "support", "check", "source_url"]]))

# %% [markdown]
# ## Cross-check: PAPI against the official file
#
# The PAPI loader reads the sub-dimension files; `pa.papi_comparison()` compares every
# sub-dimension, dimension and total for 2011-2019 with the official compiled workbook.

# %%
diff = pa.papi_comparison()
display(Markdown(
    f"{len(diff)} cells differ by more than 1e-4. "
    + ("They are: " + "; ".join(
        f"{r.year} {pa.name_of(r.province_code, lang='ascii')} {r.column} "
        f"(official {r.official}, ours {'missing' if pd.isna(r.value) else r.value})"
        for r in diff.itertuples()) + "." if len(diff) else "")))
