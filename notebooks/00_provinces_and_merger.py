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
# # Provinces, codes and the 2025 merger
#
# Every source in this project names Vietnam's provinces in its own way, and the map itself changed
# twice: Ha Tay joined Ha Noi on 1 August 2008, and on 1 July 2025 the 63 provinces became 34 units
# (Resolution 202/2025/QH15). This notebook shows the province table that all loaders resolve names
# through, and the 63 -> 34 crosswalk.

# %%
import pandas as pd
from IPython.display import Markdown, display

import par_analysis as pa

pa.use_report_style()
layouts = {lay: pa.provinces(lay) for lay in ("64", "63", "34")}
cw = pa.crosswalk("63", "34")
sizes = cw.groupby("new_code").size()
display(Markdown(
    f"The table holds **{len(layouts['64'])}** units of layout 64 (to 2008, with Ha Tay), "
    f"**{len(layouts['63'])}** of layout 63 and **{len(layouts['34'])}** of layout 34. "
    f"In 2025, **{(sizes > 1).sum()}** new units were formed from two or three old provinces and "
    f"**{(sizes == 1).sum()}** kept their territory."
))

# %% [markdown]
# ## One name, many spellings
# Names resolve whatever the case, diacritics, punctuation or abbreviation; an unknown name raises
# an error listing the nearest candidates instead of returning a silent gap.

# %%
spellings = ["TP.HCM", "Tp.HCM", "HCMC", "TT-Huế", "Thua Thien-Hue", "Bắc Cạn", "Đăk Lăk",
             "Dak Lak", "BRVT", "Bà Rịa - Vũng Tàu", "Khánh Hoà"]
display(pa.styled_table(pd.DataFrame({"as written": spellings, "GSO code": pa.resolve(spellings),
                                      "name": pa.name_of(pa.resolve(spellings))})))

# %%
try:
    pa.resolve(["Nghe An", "Ngh An"])
except pa.UnknownProvinceError as err:
    print(err)

# %% [markdown]
# ## The 34 units of 1 July 2025 and their members

# %%
members = (
    cw.groupby(["new_code", "new_name"])
    .agg(members=("old_name", " + ".join), n=("old_code", "size"))
    .reset_index()
    .merge(layouts["34"][["code", "region"]], left_on="new_code", right_on="code")
    .drop(columns="code")
    .sort_values(["n", "new_code"], ascending=[False, True])
)
display(pa.styled_table(members))

# %%
same_code = cw[(cw.old_code == cw.new_code) & (cw.n_members > 1)]
display(Markdown(
    f"**Same code, different land.** {len(same_code)} codes survive the merger but cover more "
    f"territory after it, for example `{same_code.iloc[0].old_code}` "
    f"({same_code.iloc[0].old_name} before, {same_code.iloc[0].new_name} with "
    f"{int(same_code.iloc[0].n_members) - 1} other province(s) after). This is why every table "
    "carries the layout next to the code."
))

# %% [markdown]
# ## The six regions
# The Ministry of Home Affairs reports PAR INDEX regional means for six socio-economic regions.
# In layout 34 a unit takes the region of the province whose code it kept.

# %%
regions = pa.regions().set_index("code")
counts = pd.DataFrame({lay: layouts[lay]["region"].value_counts() for lay in ("63", "34")})
counts.index = regions.loc[counts.index, "name_en"].rename("region")
display(pa.styled_table(counts.reset_index()))
