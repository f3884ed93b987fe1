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
# # Reform initiatives and the figures news reports carry
#
# Provinces announce reform initiatives (steering committees, party resolutions, pilots,
# campaigns, digital channels) and newspapers report figures about them (index scores and ranks,
# on-time and online rates, counts of applications). This notebook shows the curated register of
# initiatives (`pa.load_initiatives()`: the five seed articles and public reports, each entry with
# its source and quote), the figures `pa.extract_figures()` reads from the seed articles, and what
# an event study of index changes after initiatives can and cannot say with the register as it
# stands.

# %%
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis import models
from par_analysis.text import seed_texts

pa.use_report_style()
register = pa.load_initiatives()
provincial = register[register["province_code"].notna() & (register["province_code"] != "VN")]
national = register[register["province_code"] == "VN"]
unnamed = register[register["province_code"].isna()]
display(Markdown(
    f"The register holds **{len(register)} initiatives** from "
    f"{register['source'].nunique()} sources: {len(provincial)} provincial ones in "
    f"{provincial['province_code'].nunique()} provinces, {len(national)} national ones (code "
    f"`VN`) and {len(unnamed)} from an article that never names its province (seed 004; the "
    f"`note` column says what it does state). Every row quotes the sentence that states it."
))

# %% [markdown]
# ## Timeline
#
# One marker per initiative. Filled markers are dates that say when something began (a document's
# date, a start, a planned start); hollow markers are *as-of* dates: the article reports the
# initiative as existing by then, so the true start is earlier.

# %%
areas = sorted(register["par_area"].unique())
colours = dict(zip(areas, plt.get_cmap("tab10").colors, strict=False))
labels = [pa.name_of(code, layout, lang="en") if pd.notna(code) else "unnamed (seed 004)"
          for code, layout in zip(register["province_code"], register["layout"], strict=True)]
register = register.assign(label=labels, when=pd.to_datetime(register["date"]))
order = sorted(register["label"].unique())
# initiatives sharing a province and a date are spread vertically so that each one shows
stack = register.groupby(["label", "date"]).cumcount()
size = register.groupby(["label", "date"])["id"].transform("size")
register["y"] = register["label"].map(order.index) + 0.12 * (stack - (size - 1) / 2)
fig, ax = plt.subplots(figsize=(10, 5.5))
for area, group in register.groupby("par_area"):
    y = group["y"]
    began = group["date_role"] != "as_of"
    ax.scatter(group.loc[began, "when"], y[began], color=colours[area], s=45, label=area)
    ax.scatter(group.loc[~began, "when"], y[~began], facecolors="none",
               edgecolors=colours[area], s=45)
ax.set_yticks(range(len(order)), order)
ax.set_xlabel("date of the initiative (hollow: reported as existing by then)")
ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
ax.set_title("Reform initiatives in the register")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## Counts by area and kind

# %%
counts = pd.crosstab(register["kind"], register["par_area"], margins=True, margins_name="total")
display(pa.styled_table(counts.reset_index()))
by_year = pa.initiative_counts(by=("province_code", "year"))
by_year["province"] = [pa.name_of(c, lay, lang="en") for c, lay in
                       zip(by_year["province_code"], by_year["layout"], strict=True)]
display(pa.styled_table(by_year))
top = register["par_area"].value_counts()
display(Markdown(
    f"The most frequent area is **{top.index[0]}** ({top.iloc[0]} initiatives), then "
    f"{top.index[1]} ({top.iloc[1]}). Counts reflect what the sources happened to report, not "
    f"how much each province reformed: a province absent from the register is *not recorded*, "
    f"not inactive."
))

# %% [markdown]
# ## Figures read from the seed articles
#
# `pa.extract_figures()` reads Vietnamese, English and Thai (Thai digits and Buddhist-era years
# included). Each row keeps the matched text and its span, so it can be checked against the
# article. The seed articles are Thai translations; the province is the last one named before the
# figure, and An Giang's December 2025 article is read in the 34-unit layout.

# %%
seeds = seed_texts()
figures = pd.concat(
    [pa.extract_figures(text).assign(seed=name[:3]) for name, text in seeds.items()],
    ignore_index=True,
)
show = ["seed", "kind", "index", "value", "scale", "rank", "rank_of", "rate_kind", "item",
        "qualifier", "province_code", "place", "year", "text"]
display(pa.styled_table(figures[show]))
per_kind = figures["kind"].value_counts()
display(Markdown(
    f"**{len(figures)} figures** in {len(seeds)} articles: "
    + ", ".join(f"{n} {k}" for k, n in per_kind.items())
    + f". Seed 003 yields {int((figures['seed'] == '003').sum())}: it states deadlines and "
    "phases, no tracked figure. Numbers written in words (\"dropped two places\") are not read."
))

# %% [markdown]
# ## Index changes after initiatives: why no event study here
#
# An event study needs one kind of initiative dated the same way in many provinces. The kind the
# register dates in the most provinces is chosen below; each province's first such initiative
# with a start or issue date (as-of dates only bound the start from above) is its event.

# %%
dated = pa.event_dates(first_only=False).merge(register[["id", "kind"]], on="id")
per_kind = dated.groupby("kind")["province_code"].nunique().sort_values(ascending=False)
kind = per_kind.index[0]
events = pa.event_dates(kind=kind)
display(pa.styled_table(events.assign(title=events["id"].map(register.set_index("id")["title"]))))
outcomes = {"pci": "PCI", "papi_total_8dim": "PAPI (8 dimensions)", "par_index": "PAR INDEX"}
panel = pa.build_panel(list(outcomes), warn=False).reset_index()
try:
    models.did_sample(panel, "pci", events[["province_code", "year"]])
    refusal = "the design has enough provinces"
except ValueError as exc:
    refusal = str(exc).split(" (better")[0]

# %%
display(Markdown(
    f"The kind dated in the most provinces is **{kind}** ({per_kind.iloc[0]} provinces; the next "
    f"is {per_kind.index[1]} with {per_kind.iloc[1]}); {len(events)} of them have a start or "
    f"issue date usable as an event, between {int(events['year'].min())} and "
    f"{int(events['year'].max())}. The register records what pages happened to report, not "
    f"every province's reforms, so provinces without an event are not untreated controls. The "
    f"estimation back-end (`models.staggered_did`, on pyfixest and `differences`) refuses this "
    f"design: *{refusal}*. An earlier version of this report ran a two-way fixed-effects event "
    f"study on these events and found no post-event coefficient distinguishable from zero; the "
    f"refusal states the same conclusion more plainly: with {len(events)} treated provinces the "
    f"register **cannot say whether initiatives move the indices**. The staggered-adoption "
    f"study of reforms collected the same way for most provinces is notebook 09."
))

# %% [markdown]
# ### The raw series around each event
#
# What the data can show is descriptive: each treated province's index values around its event
# year (missing years are gaps in the sources, not zeros).

# %%
around = panel.merge(events[["province_code", "year"]].rename(columns={"year": "event"}),
                     on="province_code")
around = around[(around["year"] - around["event"]).between(-3, 3)]
table = around.set_index(["province_code", "year"])[list(outcomes)].rename(columns=outcomes)
display(pa.styled_table(table.dropna(how="all").reset_index()))
