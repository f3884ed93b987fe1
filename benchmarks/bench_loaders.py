"""Print cold (rebuild from raw files) and warm (parquet cache) load times of every cached loader.

Run: .venv/bin/python benchmarks/bench_loaders.py
"""

import time

import par_analysis as pa
from par_analysis.cli import BUILD_STEPS


def timed(func, **kwargs) -> tuple[float, int]:
    """Return (seconds, rows) of one call."""
    start = time.perf_counter()
    result = func(**kwargs)
    return time.perf_counter() - start, len(result)


def main() -> None:
    print(f"{'loader':<18} {'rows':>7} {'cold s':>8} {'warm s':>8}")
    for name in BUILD_STEPS:
        loader = getattr(pa, name)
        cold, rows = timed(loader, refresh=True)
        warm = min(timed(loader)[0] for _ in range(3))
        print(f"{name:<18} {rows:>7} {cold:>8.2f} {warm:>8.3f}")


if __name__ == "__main__":
    main()
