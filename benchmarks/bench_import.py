"""Print the import time of par_analysis against pandas alone, and the fetch time.

Run: .venv/bin/python benchmarks/bench_import.py
"""

import statistics
import subprocess
import sys
import tempfile
import time


def time_command(code: str, repeat: int = 5) -> float:
    """Return the median wall time of running ``python -c code`` in a fresh interpreter."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    baseline = time_command("pass")
    pandas = time_command("import pandas")
    package = time_command("import par_analysis as pa; pa.resolve('Ha Noi')")
    print(f"python start-up             {baseline:6.3f} s")
    print(f"import pandas               {pandas - baseline:6.3f} s")
    print(f"import par_analysis+resolve {package - baseline:6.3f} s")

    from par_analysis.registry import fetch

    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["PAR_ANALYSIS_DATA"] = tmp
        start = time.perf_counter()
        status = fetch()
        cold = time.perf_counter() - start
        start = time.perf_counter()
        fetch()
        warm = time.perf_counter() - start
    print(f"fetch, cold ({len(status)} files)   {cold:6.2f} s")
    print(f"fetch, all present          {warm:6.2f} s")


if __name__ == "__main__":
    main()
