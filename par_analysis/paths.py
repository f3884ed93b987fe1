"""Where par_analysis keeps raw data, the processed cache, reports and its packaged tables.

The data folder is, in order of preference: the environment variable ``PAR_ANALYSIS_DATA``; the
``data/`` folder of the source checkout the package is installed from (editable install); else a
per-user cache folder.
"""

from __future__ import annotations

import csv
import os
from importlib import resources
from pathlib import Path


def project_root() -> Path | None:
    """Return the source checkout holding this package, or None when installed elsewhere.

    Examples
    --------
    >>> root = project_root()
    >>> root is None or (root / "pyproject.toml").exists()
    True
    """
    root = Path(__file__).resolve().parents[1]
    return root if (root / "pyproject.toml").exists() else None


def data_dir() -> Path:
    """Return the folder holding ``raw/`` and ``processed/``."""
    env = os.environ.get("PAR_ANALYSIS_DATA")
    if env:
        return Path(env)
    root = project_root()
    if root is not None:
        return root / "data"
    return Path.home() / ".cache" / "par-analysis"


def raw_dir() -> Path:
    """Return the folder the fetch step fills with hash-checked raw files."""
    return data_dir() / "raw"


def processed_dir() -> Path:
    """Return the folder of the processed parquet cache."""
    return data_dir() / "processed"


def reports_dir() -> Path:
    """Return the folder HTML reports are written to (``PAR_ANALYSIS_REPORTS`` overrides it)."""
    env = os.environ.get("PAR_ANALYSIS_REPORTS")
    if env:
        return Path(env)
    root = project_root()
    return (root if root is not None else Path.cwd()) / "reports"


def default_mirror() -> Path | None:
    """Return the mirror of raw files to fetch from, or None.

    ``PAR_ANALYSIS_MIRROR`` when set, else ``../shared/data`` beside the checkout when it exists.
    """
    env = os.environ.get("PAR_ANALYSIS_MIRROR")
    if env:
        return Path(env)
    root = project_root()
    candidates = [root.parent / "shared" / "data"] if root is not None else []
    candidates.append(Path.cwd().parent / "shared" / "data")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


def packaged_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of a table packaged in ``par_analysis/_data`` as dicts of text.

    Parameters
    ----------
    name : str
        File name in ``_data`` (``"indicator_terms.csv"``).

    Examples
    --------
    >>> from par_analysis.paths import packaged_rows
    >>> sorted(packaged_rows("indicator_terms.csv")[0])
    ['prefix', 'terms_vi']
    """
    text = resources.files("par_analysis").joinpath(f"_data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))
