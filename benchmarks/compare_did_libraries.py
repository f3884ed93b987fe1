"""Compare the Callaway-Sant'Anna implementations of `differences` and `csdid` on a synthetic panel.

The panel has staggered adoption with heterogeneous, growing effects (the case where a two-way
fixed-effects estimate is biased), so the true ATT is known. The script prints, for each library,
the overall ATT (simple aggregation over treated post-adoption cells), its standard error, the
error against the truth, the event-time estimates and the time taken, plus pyfixest's TWFE,
Gardner two-stage and saturated (Sun-Abraham) estimates for reference.

Run: .venv/bin/python benchmarks/compare_did_libraries.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd


def synthetic_panel(seed: int = 1, n_per_cohort: int = 16) -> tuple[pd.DataFrame, float]:
    """Staggered panel 2010-2024: cohorts 2014, 2017, 2020 and never treated; true ATT."""
    rng = np.random.default_rng(seed)
    cohorts = [2014, 2017, 2020, 0]
    rows = []
    unit = 0
    for g in cohorts:
        for _ in range(n_per_cohort):
            unit += 1
            alpha = rng.normal(0, 1)
            for t in range(2010, 2025):
                e = t - g
                effect = (1.5 if g == 2014 else 1.0) * (0.5 + 0.25 * e) if g and e >= 0 else 0.0
                y = alpha + 0.1 * (t - 2010) + effect + rng.normal(0, 0.5)
                rows.append((unit, t, g, y, effect))
    df = pd.DataFrame(rows, columns=["unit", "year", "g", "y", "effect"])
    treated = df[(df["g"] > 0) & (df["year"] >= df["g"])]
    return df, float(treated["effect"].mean())


def main() -> None:
    import pyfixest as pf
    from csdid.att_gt import ATTgt as CsdidATTgt
    from differences import ATTgt as DifferencesATTgt

    df, truth = synthetic_panel()
    print(f"synthetic panel: {df['unit'].nunique()} units, {df['year'].nunique()} years, "
          f"true ATT (treated post cells) = {truth:.3f}")
    print(f"{'estimator':<34}{'ATT':>8}{'SE':>8}{'error':>8}{'seconds':>9}")

    start = time.perf_counter()
    d = df.set_index(["unit", "year"]).assign(cohort=lambda x: x["g"].replace(0, np.nan))
    att = DifferencesATTgt(data=d, cohort_column="cohort")
    att.fit("y", control_group="never_treated", progress_bar=False)
    simple = att.aggregate("simple")
    est, se = float(simple.iloc[0, 0]), float(simple.iloc[0, 1])
    print(f"{'differences ATTgt (never treated)':<34}{est:8.3f}{se:8.3f}{est - truth:8.3f}"
          f"{time.perf_counter() - start:9.2f}")

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cs = CsdidATTgt(yname="y", tname="year", idname="unit", gname="g", data=df,
                        control_group=["nevertreated"]).fit(est_method="reg")
        agg = cs.aggte(typec="simple")
    est2 = float(np.ravel(agg.atte["overall_att"])[0])
    se2 = float(np.ravel(agg.atte["overall_se"])[0])
    print(f"{'csdid ATTgt (never treated)':<34}{est2:8.3f}{se2:8.3f}{est2 - truth:8.3f}"
          f"{time.perf_counter() - start:9.2f}")

    for name, estimator in [("pyfixest TWFE (static)", "twfe"),
                            ("pyfixest did2s (Gardner)", "did2s")]:
        start = time.perf_counter()
        fit = pf.event_study(df, yname="y", idname="unit", tname="year", gname="g",
                             estimator=estimator, att=True)
        row = fit.tidy().iloc[0]
        print(f"{name:<34}{row['Estimate']:8.3f}{row['Std. Error']:8.3f}"
              f"{row['Estimate'] - truth:8.3f}{time.perf_counter() - start:9.2f}")


if __name__ == "__main__":
    main()
