"""Print cold (rebuild from raw files) and warm (parquet cache) load times of every cached loader.

Run: .venv/bin/python benchmarks/bench_loaders.py
"""

import time

from par_analysis.sources.catalog import tagged


def timed(func, **kwargs) -> tuple[float, int]:
    """Return (seconds, rows) of one call."""
    start = time.perf_counter()
    result = func(**kwargs)
    return time.perf_counter() - start, len(result)


def main() -> None:
    print(f"{'loader':<18} {'rows':>7} {'cold s':>8} {'warm s':>8}")
    for source in tagged("build"):
        cold, rows = timed(source.load, refresh=True)
        warm = min(timed(source.load)[0] for _ in range(3))
        print(f"{source.loader:<18} {rows:>7} {cold:>8.2f} {warm:>8.3f}")


if __name__ == "__main__":
    main()
