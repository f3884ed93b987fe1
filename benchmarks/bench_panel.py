"""Print how long a real panel takes to build, and to hand out one of its columns.

A panel carries thousands of provenance records in ``attrs``; pandas copies ``attrs`` into every
frame derived from it, so their cost shows in every column access (see
:class:`par_analysis.schema.AttrRecords`).

Run: .venv/bin/python benchmarks/bench_panel.py
"""

import time
import warnings

import par_analysis as pa

INDICATORS = ["pci", "papi_total_8dim", "par_index", "sipas", "fdi_registered_total_musd"]


def main() -> None:
    pa.load_pci()  # the caches, outside the timing
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pa.CoverageWarning)
        start = time.perf_counter()
        panel = pa.build_panel(INDICATORS)
        built = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(100):
        panel["pci"].notna()
    column = (time.perf_counter() - start) / 100
    records = sum(len(v) for v in panel.attrs.values())
    print(f"build_panel({len(INDICATORS)} indicators): {built:.2f} s, {panel.shape[0]} rows, "
          f"{records} records in attrs")
    print(f"panel['pci'].notna(): {column * 1000:.2f} ms")


if __name__ == "__main__":
    main()
