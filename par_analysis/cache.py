"""The processed cache: parquet files in ``data/processed`` rebuilt by code only.

A cached frame is rebuilt when the sha256 of any raw file it was built from, of a packaged record
it reads, or the builder's ``version`` changes. The record beside each parquet file
(``<name>.json``) also holds the file's own sha256 and row count, so a damaged or truncated cache
file is never served: it is rebuilt. Every rebuild is logged on the ``par_analysis.cache`` logger
with its reason (``par-analysis build`` prints them). Files are written atomically (temporary
file, then rename), so an interrupted write leaves the old file or none, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import pandas as pd

from ._files import atomic_write, write_text
from .paths import processed_dir
from .registry import file_hash, raw_path

log = logging.getLogger("par_analysis.cache")


def _stale(target: Path, meta: Path, key: dict) -> tuple[str, pd.DataFrame | None]:
    """Return why the cache cannot be served ("" when it can) and the frame when it can."""
    if not target.exists() or not meta.exists():
        return "no cache yet", None
    try:
        record = json.loads(meta.read_text("utf-8"))
    except (OSError, ValueError):
        return f"{meta.name} is unreadable", None
    inputs = {k: v for k, v in record.items() if k != "file"}
    if inputs != key:
        changed = [k for k in key if inputs.get(k) != key[k]]
        detail = [rel for rel, h in key.get("raw", {}).items()
                  if inputs.get("raw", {}).get(rel) != h]
        return f"{', '.join(changed)} changed" + (f" ({', '.join(detail[:3])})" if detail
                                                  else ""), None
    if "file" not in record:
        return "no integrity record (written by an older version)", None
    expected = record["file"]
    if file_hash(target) != expected.get("sha256"):
        return f"{target.name} is damaged (sha256 differs from its record)", None
    try:
        frame = pd.read_parquet(target)
    except (OSError, ValueError) as exc:
        return f"{target.name} is unreadable ({exc})", None
    if len(frame) != expected.get("rows"):
        return f"{target.name} has {len(frame)} rows, its record says {expected.get('rows')}", None
    return "", frame


def cached(
    name: str,
    raw_files: Iterable[str],
    build: Callable[[], pd.DataFrame],
    version: str = "1",
    *,
    refresh: bool = False,
    packaged: Iterable[str] = (),
) -> pd.DataFrame:
    """Return ``build()``'s frame from the parquet cache, rebuilding it when it is not current.

    The cache is served only when the raw files, packaged records and ``version`` it was built
    from are unchanged and the parquet file still has the sha256 and row count recorded when it
    was written; otherwise it is rebuilt and the reason logged (``par_analysis.cache``).

    Parameters
    ----------
    name : str
        Cache name; the file is ``data/processed/<name>.parquet``.
    raw_files : iterable of str
        Mirror-relative paths of every raw file ``build`` reads.
    build : callable
        Returns the frame to cache.
    version : str
        Bump it when the parsing code changes what it returns.
    refresh : bool
        Rebuild even when the cache is current.
    packaged : iterable of str
        Names of packaged tables in ``par_analysis/_data`` that ``build`` also reads (records we
        own, such as re-check records); their hashes key the cache too.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from par_analysis.cache import cached
    >>> os.environ["PAR_ANALYSIS_DATA"] = tempfile.mkdtemp()  # a scratch cache folder
    >>> cached("demo", [], lambda: pd.DataFrame({"a": [1]}))["a"].tolist()
    [1]
    >>> del os.environ["PAR_ANALYSIS_DATA"]
    """
    key = {
        "version": version,
        "raw": {rel: file_hash(raw_path(rel)) for rel in sorted(set(raw_files))},
    }
    if packaged:
        data = resources.files("par_analysis").joinpath("_data")
        key["packaged"] = {name: hashlib.sha256(data.joinpath(name).read_bytes()).hexdigest()
                           for name in sorted(set(packaged))}
    target = processed_dir() / f"{name}.parquet"
    meta = processed_dir() / f"{name}.json"
    reason, frame = ("refresh asked", None) if refresh else _stale(target, meta, key)
    if frame is not None:
        return frame
    log.info("rebuilt %s: %s", name, reason)
    df = build()
    atomic_write(target, lambda tmp: df.to_parquet(tmp, index=False))
    record = {**key, "file": {"sha256": file_hash(target), "rows": len(df)}}
    write_text(meta, json.dumps(record, indent=1))
    return df
