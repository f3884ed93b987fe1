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
# # Do reforms move the indices? Staggered adoption across the provinces
#
# Every province eventually set up a provincial public-administration service centre, and many
# started their own competitiveness index of departments and districts (DDCI), each in a
# different year. That staggered adoption is what a difference-in-differences design needs: it
# compares provinces that have adopted with provinces that have not yet, year by year. This
# notebook builds the design from the reform-adoption table (`pa.load_reforms()`: every date with
# the page and the sentence that state it) and asks whether adoption goes with changes in the PCI
# sub-indices the reform should touch first, PAPI's public administrative procedures and
# registered FDI.
#
# A two-way fixed-effects (TWFE) regression is the traditional tool, and it is **biased** when
# adoption is staggered and effects differ across cohorts or grow over time (Goodman-Bacon 2021;
# de Chaisemartin and D'Haultfœuille 2020; Sun and Abraham 2021; Callaway and Sant'Anna 2021).
# So each question is answered four ways, side by side: TWFE, Sun and Abraham's
# interaction-weighted event study and Gardner's two-stage DiD (both pyfixest), and Callaway and
# Sant'Anna's group-time ATTs (the `differences` library), with not-yet-treated provinces as
# the comparison group.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa
from par_analysis import metrics, models
from par_analysis.reforms import (
    KINDS,
    plot_adoption_map,
    plot_adoption_timeline,
    reform_coverage,
    search_log,
)

pa.use_report_style()
SEED = 11
reforms = pa.load_reforms()

# %% [markdown]
# ## The adoption dates: what was found, and what was searched for
#
# Each date is what a page states, with the sentence as the quote; no date is inferred. A
# province-kind without a date was either searched for and not found, or not searched: the search
# log tells them apart. Absence is not evidence of non-adoption, so provinces without a date stay
# out of the comparisons below (they are not "never treated").

# %%
coverage = reform_coverage(reforms)
summary = coverage.pivot_table(index="kind", columns="status", values="province_code",
                               aggfunc="count", fill_value=0)
summary = summary.reindex(columns=["dated", "evidence_only", "not_found", "not_searched"],
                          fill_value=0).reindex(list(KINDS))
display(pa.styled_table(summary.reset_index()))
log = search_log()
verified = reforms[reforms["verified"] == "yes"]
first_pass = reforms[reforms["origin"].str.startswith("mirror:")]
display(Markdown(
    f"The table holds **{len(reforms)}** rows ({len(verified)} read again on their page); "
    f"{len(first_pass)} come from the first pass in the shared mirror, of which "
    f"{int((first_pass['verified'] == 'yes').sum())} were found again on their page and "
    f"{int((first_pass['verified'] != 'yes').sum())} were not (kept, flagged, never used as a "
    f"date). The search log records **{len(log)}** look-ups, "
    f"{int((log['outcome'] == 'nothing_relevant').sum())} of which found nothing. Dated: "
    + ", ".join(f"{k} {summary.loc[k, 'dated']} of 63" for k in KINDS) + "."
))

# %%
fig, axes = plot_adoption_map(("service_centre", "ddci", "ioc"))
plt.show()
fig, ax = plot_adoption_timeline(("service_centre", "ddci", "ioc"))
ax.set_title("Provinces with a dated adoption, cumulative")
pa.integer_years(ax)
plt.show()

# %%
dates = {kind: pa.adoption_dates(kind) for kind in ("service_centre", "ddci")}
cohorts = pd.DataFrame({kind: d["year"].value_counts().sort_index() for kind, d in dates.items()})
display(pa.styled_table(cohorts.fillna(0).astype(int).T.rename_axis("reform").reset_index()))
sc, dd = dates["service_centre"], dates["ddci"]
display(Markdown(
    f"Service centres: **{len(sc)}** provinces dated, from {sc['year'].min()} to "
    f"{sc['year'].max()}, {int(sc['year'].between(2017, 2019).sum())} of them in 2017-2019. "
    f"Rule: "
    f"{sc.attrs['rule']}. DDCI: **{len(dd)}** provinces, {dd['year'].min()}-{dd['year'].max()}; "
    f"pages disagree on the first year for {int(dd['conflict'].sum())} province(s) "
    f"({', '.join(dd.loc[dd['conflict'], 'province'])}), and the earliest stated year is used."
))

# %% [markdown]
# ## Outcomes
#
# Outcomes are each province's **standing within the year** (z-scores across provinces), so the
# index revisions that shift every province together (PCI 2013, PAPI 2018: `pa.series_breaks()`)
# do not enter as changes. PCI sub-indices come from whole editions only (the VCCI workbooks to
# 2019: after that, sub-indices exist for a few provinces); PAPI's public administrative
# procedures dimension from 2011 (its sub-dimensions changed in 2021, which the within-year
# standing absorbs only partly); registered FDI as `asinh` of US$ million, absent provinces read as
# no registration. PAPI's e-governance dimension, the closest to the reforms, is not an outcome:
# it starts too late for most adopters to have the two years before adoption the sample needs
# (the count is below).

# %%
outcomes = {  # a transformed series gets its own name: a z-score is not a 0-10 sub-index
    "pci_time_costs_z": "PCI time costs (z)",
    "pci_transparency_z": "PCI transparency (z)",
    "pci_entry_costs_z": "PCI entry costs (z)",
    "pci_informal_charges_z": "PCI informal charges (z)",
    "papi_public_administrative_procedures_z": "PAPI administrative procedures (z)",
    "fdi_asinh": "Registered FDI, asinh(US$ m)",
}
scores = pd.concat([pa.pci_main_series(), pa.load_papi()], ignore_index=True)
scores = pa.province_rows(scores[(scores["indicator"] + "_z").isin(list(outcomes))])
z = metrics.zscore(scores).assign(value=lambda d: d["z"], indicator=lambda d: d["indicator"] + "_z")
fdi = pa.fill_zero_flows(pa.load_fdi().query("period == 'FY'"))
fdi = pa.province_rows(fdi[fdi["indicator"] == "fdi_registered_total_musd"])
fdi = fdi.assign(indicator="fdi_asinh", value=np.arcsinh(fdi["value"]))
panel = pa.build_panel(list(outcomes), data=pd.concat([z, fdi], ignore_index=True),
                       warn=False).reset_index()
spans = {o: panel.dropna(subset=[o])["year"].agg(["min", "max"]).tolist() for o in outcomes}
display(Markdown("Years with each outcome: " + "; ".join(
    f"{outcomes[o]} {a}-{b}" for o, (a, b) in spans.items()) + "."))
papi = pa.load_papi()
e_first = int(papi.loc[papi["indicator"] == "papi_e_governance", "year"].min())
too_early = {kind: int((d["year"] < e_first + 2).sum()) for kind, d in dates.items()}
display(Markdown(
    f"PAPI e-governance starts in {e_first}: {too_early['service_centre']} of {len(sc)} dated "
    f"service centres and {too_early['ddci']} of {len(dd)} dated DDCI rounds began before "
    f"{e_first + 2}, with fewer than two e-governance years before them, so it is left out."))

# %% [markdown]
# ## Estimates: four estimators side by side
#
# For each reform and outcome, the average effect on the treated province-years (ATT) by each
# estimator, with 95% intervals. The sample rules (`pa.did_sample`) are stated under each table:
# provinces without a date are left out, a province needs two outcome years before adoption, and
# years need two untreated provinces to compare with.

# %%
results, rows, skipped = {}, [], []
for kind in ("service_centre", "ddci"):
    adoption = dates[kind][["province_code", "year"]]
    for outcome, label in outcomes.items():
        try:
            res = models.staggered_did(panel, outcome, adoption)
        except ValueError as exc:
            skipped.append(f"{kind}, {label}: {exc}".split(" (better")[0])
            continue
        results[(kind, outcome)] = res
        for r in res.overall.itertuples():
            rows.append({"reform": kind, "outcome": label, "estimator": r.estimator,
                         "att": r.att, "ci_low": r.ci_low, "ci_high": r.ci_high,
                         "p": r.pvalue, "provinces": res.sample.data["province_code"].nunique()})
table = pd.DataFrame(rows)
wide = table.pivot_table(index=["reform", "outcome"], columns="estimator", values="att")
wide = wide[[e for e in models.ESTIMATORS if e in wide.columns]]
display(pa.styled_table(wide.reset_index(), decimals=3, integers=[]))
display(Markdown(next(iter(results.values())).se_note + ". Callaway-Sant'Anna: analytic "
                 "standard errors from unit-level influence functions (clustered by province)."))
if skipped:
    display(Markdown("Not estimated: " + "; ".join(skipped) + "."))

# %%
robust = table[table["estimator"] != "twfe"]
significant = robust[robust["p"] < 0.05]
twfe = table[table["estimator"] == "twfe"].set_index(["reform", "outcome"])["att"]
gap = (robust.groupby(["reform", "outcome"])["att"].mean() - twfe).abs()
display(Markdown(
    f"Of {len(robust)} robust estimates ({robust.groupby(['reform', 'outcome']).ngroups} "
    f"reform-outcome pairs x 3 estimators), **{len(significant)}** have p < 0.05"
    + (": " + "; ".join(f"{r.reform}, {r.outcome}, {r.estimator} {r.att:+.3f}"
                        for r in significant.itertuples()) if len(significant) else "")
    + f". The mean of the three robust estimates differs from TWFE by up to {gap.max():.3f} "
    f"(median {gap.median():.3f}). With {len(robust)} tests, about "
    f"{0.05 * len(robust):.0f} would fall under 0.05 by chance alone."
))

# %% [markdown]
# ## Event time: do the provinces move before they adopt?
#
# The event-time estimates of the headline outcome, for each estimator, and the joint test that
# every lead is zero (a pre-trend). Callaway-Sant'Anna's pre-adoption estimates compare each year
# with the one before (varying base period), the others with the year before adoption.

# %%
headline = ("service_centre", "pci_time_costs_z")
fig, ax = plt.subplots(figsize=(8, 3.8))
models.plot_event_study(results[headline], ax=ax,
                        title=f"{outcomes[headline[1]]} around the service centre's founding")
ax.set_xlim(-6.5, 6.5)
plt.show()
pre = pd.concat({k: r.pretrend for k, r in results.items()}, names=["reform", "outcome", "_"])
pre = pre.reset_index(level="_", drop=True).reset_index()
pre["outcome"] = pre["outcome"].map(outcomes)
display(pa.styled_table(pre, decimals=3))
rejected = pre[pre["pvalue"] < 0.05]
display(Markdown(
    f"Joint tests of the leads reject parallel pre-trends at 5% for **{len(rejected)}** of "
    f"{pre['pvalue'].notna().sum()} event studies"
    + (" (" + "; ".join(f"{r.reform}, {r.outcome}, {r.estimator}" for r in rejected.itertuples())
       + ")" if len(rejected) else "") + "."
))

# %% [markdown]
# ## Why TWFE can mislead here
#
# The TWFE estimate is a weighted average of the treated cells' effects, and the weights can be
# negative (long-treated provinces late in the panel serve as comparisons). The diagnostic of
# de Chaisemartin and D'Haultfœuille counts them.

# %%
weights = pd.DataFrame([{"reform": k[0], "outcome": outcomes[k[1]],
                         "treated cells": r.weights["n_treated_cells"],
                         "negative weights": r.weights["n_negative"],
                         "sum of negative weights": r.weights["sum_negative"]}
                        for k, r in results.items()])
display(pa.styled_table(weights, decimals=3))
worst = weights.sort_values("sum of negative weights").iloc[0]
display(Markdown(
    f"Negative weights appear in **{int((weights['negative weights'] > 0).sum())}** of "
    f"{len(weights)} designs; the largest share is {worst['sum of negative weights']:.3f} "
    f"({worst['reform']}, {worst['outcome']}): a TWFE estimate there mixes effects with the "
    "wrong sign, which is why the robust estimators are the ones to read."
))

# %% [markdown]
# ## How sure, how large: sensitivity, randomization inference, detectable effects
#
# * **Linear pre-trend sensitivity**: the slope of a linear violation of parallel trends (per
#   year) that would bring the two-stage ATT's interval to zero (0: it already includes zero),
#   against the slope fitted through the estimated leads.
# * **Randomization inference**: adoption years shuffled across the provinces of the sample
#   (cohort sizes kept), the two-stage ATT re-estimated each time.
# * **Minimum detectable effect** (80% power, 5% two-sided) of the two-stage estimator with the
#   design actually available.

# %%
checks = []
for key, res in results.items():
    trend = models.trend_breakdown(res, "did2s")
    row = res.overall.set_index("estimator").loc["did2s"]
    df_t = res.sample.data["province_code"].nunique() - 1
    checks.append({"reform": key[0], "outcome": outcomes[key[1]], "did2s ATT": row["att"],
                   "MDE": models.minimum_detectable_effect(row["se"], df_t),
                   "breakdown slope": trend["breakdown_slope"],
                   "fitted lead slope": trend["fitted_pre_slope"]})
checks = pd.DataFrame(checks)
ri = models.randomization_inference(results[headline].sample, n_perm=99, seed=SEED)
display(pa.styled_table(checks, decimals=3))
mde_time = checks.set_index(["reform", "outcome"]).loc[(headline[0], outcomes[headline[1]]),
                                                      "MDE"]
display(Markdown(
    f"Randomization inference for {outcomes[headline[1]]} and service centres: two-stage ATT "
    f"{ri['att']:+.3f}, p = {ri['p_value']:.3f} over {ri['n_perm']} permutations. The minimum "
    f"detectable effect there is {mde_time:.2f} standard deviations of a province's standing: "
    f"smaller true effects would usually go unseen with {df_t + 1} provinces and these cohorts. "
    f"Across designs the MDE ranges from {checks['MDE'].min():.2f} to {checks['MDE'].max():.2f}."
))

# %% [markdown]
# ## Limits
#
# * **Selection into early adoption.** Provinces chose when to open a centre or start a DDCI, and
#   the earliest adopters (named below) may already have been reformers. Parallel trends is an
#   assumption the leads can only partly check.
# * **Anticipation.** A founding decision is announced months before a centre opens; effects
#   could start before the recorded year (the leads would show it).
# * **The indices changed their methods** (PCI 2013 and later revisions, PAPI 2018 and 2021): the
#   within-year standing removes common shifts, not changes in what a sub-index measures.
# * **Coverage of the dates.** Only the provinces with a sourced date enter; if dated provinces
#   differ from undated ones, the estimates speak for the dated ones.
# * **PAR INDEX** is quoted for a few to about forty provinces a year (`pa.coverage()`), too few
#   with both a score and an adoption date for this design.
# * **Many outcomes and estimators** are shown: a single p < 0.05 among them is weak evidence.

# %%
n_par = pa.coverage(pa.load_par_index(), indicators=["par_index"]).query(
    "status == 'present'").groupby("year").size()
early = pd.concat(dates.values()).sort_values("year").drop_duplicates("province").head(4)
display(Markdown(
    "Earliest adopters: " + ", ".join(f"{r.province} ({r.kind}, {r.year})"
                                      for r in early.itertuples()) + ". "
    f"PAR INDEX: at most {n_par.max()} provinces in a year ({n_par.idxmax()}), median "
    f"{n_par.median():.0f}, against 63; sample notes of the headline design: "
    + "; ".join(results[headline].notes) + "."
))
