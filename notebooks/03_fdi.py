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
# # Foreign direct investment by province, 2015 - H1 2024
#
# Registered FDI from the Foreign Investment Agency's year-end quick reports (`pa.load_fdi()`):
# flows registered in each year (new projects, capital adjustments, share purchases) and the
# accumulated stock of valid projects. Years 2015-2023 run to about 20 December; **2024 covers
# January-June only** and is kept apart. Offshore oil and gas (`OG`, "Dầu khí") is not a province
# but is shown, and the printed national total is the row `VN`.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa

pa.use_report_style()
fdi = pa.load_fdi()
fy = fdi[fdi.period == "FY"]
h1 = fdi[fdi.period == "H1"]
is_prov = pa.province_mask(fy.province_code)


def wide(frame, indicator):
    sel = frame[frame.indicator == indicator]
    return sel.pivot(index="province_code", columns="year", values="value")


# %% [markdown]
# ## National totals by year
# The printed total row of each table (the loader checks that provinces plus oil and gas add up
# to it). `new + adjusted` has the same definition every year; the headline total adds share
# purchases from 2016 only.

# %%
national = fy[fy.province_code == "VN"].pivot(index="year", columns="indicator", values="value")
cols = ["fdi_new_capital_musd", "fdi_adjusted_capital_musd", "fdi_share_purchase_musd",
        "fdi_registered_total_musd", "fdi_new_adjusted_capital_musd", "fdi_stock_capital_musd"]
table = national[cols].round(1)
display(pa.styled_table(table.reset_index(), decimals=1))
first, last = table.index.min(), table.index.max()
peak = table["fdi_registered_total_musd"].idxmax()
note_2015 = fy.loc[(fy.year == 2015) & (fy.indicator == "fdi_registered_total_musd"),
                   "note"].dropna().iloc[0]
display(Markdown(
    f"Registered FDI peaked in **{peak}** at **{table.loc[peak, 'fdi_registered_total_musd']:,.1f}"
    f" million USD**; in {last} it was **{table.loc[last, 'fdi_registered_total_musd']:,.1f}**. "
    f"The stock of valid projects grew from **{table.loc[first, 'fdi_stock_capital_musd']:,.0f}** "
    f"to **{table.loc[last, 'fdi_stock_capital_musd']:,.0f}** million USD. "
    f"Note on {first}: *{note_2015}*."
))

# %%
fig, ax = plt.subplots(figsize=(7, 3.2))
national[["fdi_new_capital_musd", "fdi_adjusted_capital_musd", "fdi_share_purchase_musd"]].plot(
    kind="bar", stacked=True, ax=ax, width=0.8)
ax.set_ylabel("million USD")
ax.set_xlabel("")
ax.legend(["new", "adjusted", "share purchases"], frameon=False)
ax.set_title("Registered FDI by component (full years)")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Trends for the top provinces
# The five provinces with the largest registered total summed over the full years.

# %%
total = wide(fy[is_prov], "fdi_registered_total_musd")
top5 = total.sum(axis=1).nlargest(5).index
names = dict(zip(top5, pa.name_of(list(top5), lang="en"), strict=True))
trend = total.loc[top5].T.rename(columns=names)
display(pa.styled_table(trend.reset_index(), decimals=1))
fig, ax = plt.subplots(figsize=(7, 3.2))
trend.plot(ax=ax, marker="o")
ax.set_ylabel("million USD")
pa.integer_years(ax)
ax.set_title("Registered FDI, top five provinces")
ax.legend(frameon=False)
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Concentration: share of the top five provinces each year
# Shares of the national total (provinces plus oil and gas); the top five are re-ranked each year.
# Negative totals (capital reductions) occur, so shares use the printed national total.

# %%
conc = pd.DataFrame({
    "top5_musd": total.apply(lambda s: s.nlargest(5).sum()),
    "national_musd": national["fdi_registered_total_musd"],
})
conc["top5_share_pct"] = 100 * conc.top5_musd / conc.national_musd
conc["n_provinces_listed"] = total.notna().sum()
conc["n_negative"] = (total < 0).sum()
display(pa.styled_table(conc.reset_index(), decimals=1))
negatives = fy[is_prov & (fy.indicator == "fdi_registered_total_musd") & (fy.value < 0)]
worst = negatives.nsmallest(1, "value").iloc[0]
display(Markdown(
    f"The top five held between **{conc.top5_share_pct.min():.1f} %** "
    f"({conc.top5_share_pct.idxmin()}) and **{conc.top5_share_pct.max():.1f} %** "
    f"({conc.top5_share_pct.idxmax()}) of registered FDI. A province missing from a year's table "
    f"has no registration recorded that year (missing, not zero); between "
    f"**{conc.n_provinces_listed.min()}** and "
    f"**{conc.n_provinces_listed.max()}** of 63 provinces are listed. **{len(negatives)}** "
    f"province-years have a negative total, the most negative "
    f"{pa.name_of(worst.province_code, lang='en')} {worst.year} ({worst.value:,.1f})."
))

# %% [markdown]
# ## Nghe An
# The province of the project's case study: value and rank among provinces each year.

# %%
ranks = total.rank(ascending=False, method="min")
nghe_an = pd.DataFrame({"registered_musd": total.loc["40"].round(1),
                        "rank": ranks.loc["40"], "listed": total.notna().sum()})
display(pa.styled_table(nghe_an.reset_index(), decimals=1))
display(Markdown(
    f"In 2023 Nghe An registered **{nghe_an.loc[2023, 'registered_musd']:,.1f} million USD**, "
    f"rank **{nghe_an.loc[2023, 'rank']:.0f}** of {nghe_an.loc[2023, 'listed']} provinces listed."
))

# %% [markdown]
# ## Offshore oil and gas
# Kept as its own unit (`OG`), never dropped and never counted as a province.

# %%
og = fy[fy.province_code == "OG"].pivot(index="year", columns="indicator", values="value")
display(pa.styled_table(og[["fdi_registered_total_musd", "fdi_stock_projects",
                             "fdi_stock_capital_musd"]].reset_index(), decimals=1))

# %% [markdown]
# ## First half of 2024 (kept apart)
# January to 20 June 2024: not comparable with the full years above.

# %%
h1_total = h1[(h1.indicator == "fdi_registered_total_musd")
              & pa.province_mask(h1.province_code)]
h1_top = h1_total.nlargest(5, "value")[["province_code", "value"]]
h1_top.insert(1, "name", pa.name_of(list(h1_top.province_code), lang="en"))
display(pa.styled_table(h1_top, decimals=1))
h1_nat = h1[(h1.province_code == "VN") & (h1.indicator == "fdi_registered_total_musd")]
display(Markdown(
    f"Window {h1.window_start.dropna().iloc[0]} to {h1.window_end.dropna().iloc[0]}: "
    f"**{h1_nat.value.item():,.1f} million USD** registered nationally, "
    f"**{len(h1_total)}** provinces listed; the top five took "
    f"**{100 * h1_top.value.sum() / h1_nat.value.item():.1f} %**."
))
