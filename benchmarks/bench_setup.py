"""Print how long a fresh clone takes: `make report`, then `make test-fast` and `make test`.

The targets of issue 15: `make report` from a fresh clone within 60 s on the 2-core machine,
`make test` under 2 minutes once the environment exists, `make test-fast` under 20 s.
It clones the committed HEAD into a temporary folder with the raw-data mirror beside it
(``PAR_ANALYSIS_MIRROR``, default ``../shared/data``), so uncommitted changes are not measured.

Run: python3 benchmarks/bench_setup.py [--skip-test]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], cwd: Path, env: dict) -> float:
    """Run a command, fail loudly if it fails, and return its wall time in seconds."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    mirror = Path(os.environ.get("PAR_ANALYSIS_MIRROR", ROOT.parent / "shared" / "data"))
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "main"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        env = {**os.environ, "PAR_ANALYSIS_MIRROR": str(mirror.resolve())}
        figures = {"make report (fresh clone)": timed(["make", "report"], clone, env),
                   "make test-fast": timed(["make", "test-fast"], clone, env)}
        if "--skip-test" not in sys.argv:
            figures["make test"] = timed(["make", "test"], clone, env)
    targets = {"make report (fresh clone)": 60, "make test-fast": 20, "make test": 120}
    for name, seconds in figures.items():
        verdict = "within" if seconds <= targets[name] else "OVER"
        print(f"{name:<28} {seconds:6.1f} s  ({verdict} the {targets[name]} s target)")


if __name__ == "__main__":
    main()
