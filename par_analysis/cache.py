"""The processed cache: parquet files in ``data/processed`` rebuilt by code only.

A cached frame is rebuilt when the sha256 of any raw file it was built from, or the builder's
``version``, changes. Files are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path

import pandas as pd

from .paths import processed_dir
from .registry import raw_path, sha256_of

_HASHES: dict[tuple[str, int, int], str] = {}


def _file_hash(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _HASHES:
        _HASHES[key] = sha256_of(path)
    return _HASHES[key]


def _atomic_write(path: Path, write: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def cached(
    name: str,
    raw_files: Iterable[str],
    build: Callable[[], pd.DataFrame],
    version: str = "1",
    *,
    refresh: bool = False,
    packaged: Iterable[str] = (),
) -> pd.DataFrame:
    """Return ``build()``'s frame from the parquet cache, rebuilding it when its inputs changed.

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
    >>> from par_analysis.cache import cached
    >>> import pandas as pd
    >>> df = cached("demo", [], lambda: pd.DataFrame({"a": [1]}))  # doctest: +SKIP
    """
    key = {
        "version": version,
        "raw": {rel: _file_hash(raw_path(rel)) for rel in sorted(set(raw_files))},
    }
    if packaged:
        data = resources.files("par_analysis").joinpath("_data")
        key["packaged"] = {name: hashlib.sha256(data.joinpath(name).read_bytes()).hexdigest()
                           for name in sorted(set(packaged))}
    target = processed_dir() / f"{name}.parquet"
    meta = processed_dir() / f"{name}.json"
    if not refresh and target.exists() and meta.exists():
        try:
            if json.loads(meta.read_text("utf-8")) == key:
                return pd.read_parquet(target)
        except (OSError, ValueError):
            pass
    df = build()
    _atomic_write(target, lambda tmp: df.to_parquet(tmp, index=False))
    _atomic_write(meta, lambda tmp: Path(tmp).write_text(json.dumps(key, indent=1), "utf-8"))
    return df
