"""Benchmark the maps: one 63-unit choropleth, a 6-year small multiple, vertex counts, PNG sizes.

Run: ``python benchmarks/bench_maps.py``. Prints a table; nothing is asserted. Data are synthetic
(values spread over the provinces) so the figures measure drawing, not loading.
"""

from __future__ import annotations

import io
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import par_analysis as pa  # noqa: E402
from par_analysis.boundaries import boundary_stats  # noqa: E402

DPI = 80


def _data(years):
    codes = pa.provinces("63")["code"]
    rng = np.random.default_rng(0)
    return pd.DataFrame([{"province_code": c, "year": y, "indicator": "x", "unit": "percent",
                          "value": rng.normal(60 + y - years[0], 5)} for y in years for c in codes])


def _png_bytes(fig) -> int:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    plt.close(fig)
    return buffer.getbuffer().nbytes


def _timed(draw, repeat=3):
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        fig, _ = draw()
        size = _png_bytes(fig)
        best = min(best, time.perf_counter() - start)
    return best, size


def main() -> None:
    years = list(range(2015, 2021))
    data = _data(years)
    to_34 = pa.crosswalk("63", "34").set_index("old_code")["new_code"]
    data34 = (data.assign(province_code=data["province_code"].map(to_34))
              .groupby(["province_code", "year", "indicator"], as_index=False)["value"].mean())
    pa.choropleth(data, "x", 2020)  # warm the caches and imports
    plt.close("all")
    rows = [
        ("one 63-unit choropleth", *_timed(lambda: pa.choropleth(data, "x", 2020))),
        ("one 34-unit choropleth (dissolved layer)",
         *_timed(lambda: pa.choropleth(data34, "x", 2020, layout="34"))),
        ("6-year small multiple, pooled bins", *_timed(lambda: pa.choropleth(data, "x",
                                                                             years=years))),
    ]
    print(f"{'figure':45s} {'seconds (best of 3, incl. PNG)':>32s} {'PNG bytes at dpi 80':>20s}")
    for name, seconds, size in rows:
        print(f"{name:45s} {seconds:32.3f} {size:20,d}")
    print()
    print(boundary_stats().to_string(index=False))


if __name__ == "__main__":
    main()
