"""Time the reports: each notebook's execution and HTML size, the total, and all 97 profiles.

Run from the repository root: ``.venv/bin/python benchmarks/bench_reports.py [--jobs N] [--main]``
(``--main`` also times ``make report`` with the environment and data in place).
Writes into a temporary folder, so ``reports/`` is left alone. Targets: story notebooks <= 60 s
in total, every HTML < 1 MB, the 97 profiles <= 90 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from par_analysis import profiles, report

TARGET_NOTEBOOKS_S, TARGET_HTML_BYTES, TARGET_PROFILES_S = 60, 1_000_000, 90


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=None, help="parallel notebooks")
    parser.add_argument("--main", action="store_true",
                        help="also time the README's main command, `make report`")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        results = report.execute_all(jobs=args.jobs, out_dir=out)
        total = time.perf_counter() - start
        print(f"{'notebook':<34}{'seconds':>9}{'HTML KB':>10}  status")
        for r in results:
            status = "ok" if r.ok else f"FAILED: {r.error}"
            flag = " (> 1 MB)" if r.html_bytes >= TARGET_HTML_BYTES else ""
            print(f"{r.name:<34}{r.seconds:>9.1f}{r.html_bytes / 1024:>10.0f}  {status}{flag}")
        cpu = sum(r.seconds for r in results)
        print(f"notebooks: {len(results)}, wall {total:.1f} s (target <= {TARGET_NOTEBOOKS_S} s), "
              f"sum of notebook times {cpu:.1f} s, largest HTML "
              f"{max((r.html_bytes for r in results), default=0) / 1024:.0f} KB")

        start = time.perf_counter()
        pages = profiles.write_profiles(all_layouts=True, out_dir=out / "profiles")
        seconds = time.perf_counter() - start
        sizes = [p.stat().st_size for p in pages[:-1]]
        print(f"profiles: {len(sizes)} pages in {seconds:.1f} s (target <= {TARGET_PROFILES_S} s), "
              f"{seconds / max(len(sizes), 1):.2f} s each, sizes {min(sizes) / 1024:.0f}-"
              f"{max(sizes) / 1024:.0f} KB, total {sum(sizes) / 1e6:.1f} MB")

        if args.main:
            env = {**os.environ, "PAR_ANALYSIS_REPORTS": str(out / "main")}
            start = time.perf_counter()
            subprocess.run(["make", "report"], cwd=Path(__file__).resolve().parents[1], env=env,
                           check=True, capture_output=True)
            print(f"main command (make report, environment and data in place): "
                  f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
