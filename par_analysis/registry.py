"""The raw-data registry and the fetch step.

Every raw file a loader reads is listed in ``_data/registry.csv`` with its path relative to the
mirror root, sha256, size, origin (repository, commit and path, or publisher), download address,
licence and citation. :func:`fetch` fills ``data/raw/`` from a mirror folder or, failing that, from
the origin, checking every hash; nothing partly written is left behind.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import urllib.request
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ._files import atomic_write
from .errors import FetchError
from .paths import default_mirror, raw_dir


@dataclass(frozen=True)
class RawFile:
    """One registered raw file."""

    path: str
    sha256: str
    size: int
    source: str
    origin: str
    url: str
    licence: str
    citation: str


def _registry_text() -> str:
    return resources.files("par_analysis").joinpath("_data/registry.csv").read_text("utf-8")


def registry_version() -> str:
    """Return the data version: the first 12 hex digits of the sha256 of the registry.

    The registry names every raw file with its own sha256, so two installations with the same
    data version read the same bytes. Reports, exports and the codebook print it.

    Returns
    -------
    str
        Twelve hexadecimal digits.

    Examples
    --------
    >>> import par_analysis as pa
    >>> len(pa.registry_version())
    12
    """
    return hashlib.sha256(_registry_text().encode("utf-8")).hexdigest()[:12]


@cache
def _entries() -> dict[str, RawFile]:
    rows = csv.DictReader(_registry_text().splitlines())
    return {r["path"]: RawFile(**{**r, "size": int(r["size"])})  # type: ignore[arg-type]
            for r in rows}


def raw_files():
    """Return the registry as a DataFrame, one row per raw file.

    Examples
    --------
    >>> import par_analysis as pa
    >>> reg = pa.raw_files()
    >>> {"path", "sha256", "origin", "licence", "citation"} <= set(reg.columns)
    True
    """
    import pandas as pd

    return pd.DataFrame([vars(e) for e in _entries().values()])


def entry(relpath: str) -> RawFile:
    """Return the registry entry of a mirror-relative path, or raise FetchError.

    Parameters
    ----------
    relpath : str
        Path of the raw file relative to the data mirror, as written in the registry.
    """
    try:
        return _entries()[relpath]
    except KeyError:
        raise FetchError(
            f"{relpath} is not in the raw-data registry (par_analysis/_data/registry.csv). "
            "Add it with tools/build_registry.py before a loader reads it."
        ) from None


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file.

    Parameters
    ----------
    path : pathlib.Path or str
        The file, read in blocks of 1 MiB.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.registry import sha256_of
    >>> len(sha256_of(pa.raw_path("pci/SOURCE.md")))
    64
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_HASHES: dict[tuple[str, int, int], str] = {}


def file_hash(path: Path) -> str:
    """Return the sha256 of a file, hashed once per process while its time and size stand.

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    str
        64 hexadecimal digits, as :func:`sha256_of`.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.registry import file_hash, sha256_of
    >>> path = pa.raw_path("pci/SOURCE.md")
    >>> file_hash(path) == sha256_of(path)
    True
    """
    stat = Path(path).stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _HASHES:
        _HASHES[key] = sha256_of(path)
    return _HASHES[key]


def _copy_checked(item: RawFile, fill, target: Path) -> None:
    """Write ``target`` via a temporary file filled by ``fill(fh)``; keep it if the hash matches."""

    def write(tmp: str) -> None:
        with open(tmp, "wb") as fh:
            fill(fh)
        got = sha256_of(Path(tmp))
        if got != item.sha256:
            raise FetchError(
                f"hash mismatch for {item.path}: expected sha256 {item.sha256}, got {got}. "
                "The copy was discarded. The mirror file has changed or is corrupt: restore the "
                f"original (origin {item.origin}) or, if the publisher really changed it, "
                "update the registry."
            )

    atomic_write(target, write)


def _fetch_one(item: RawFile, mirror: Path | None, target: Path) -> str:
    if mirror is not None and (mirror / item.path).is_file():
        src = mirror / item.path
        with open(src, "rb") as fh_in:
            _copy_checked(item, lambda fh: shutil.copyfileobj(fh_in, fh), target)
        return "mirror"
    if not item.url:
        where = f"mirror {mirror}" if mirror is not None else "no mirror folder"
        raise FetchError(
            f"{item.path} is missing from the {where} and has no public download address "
            f"(origin: {item.origin}). Pass --mirror DIR (or set PAR_ANALYSIS_MIRROR) to a folder "
            "holding the shared data."
        )
    try:
        with urllib.request.urlopen(item.url, timeout=60) as resp:
            _copy_checked(item, lambda fh: shutil.copyfileobj(resp, fh), target)
    except FetchError:
        raise
    except OSError as exc:
        raise FetchError(
            f"could not download {item.path} from {item.url} ({exc}). Without network access, "
            "pass --mirror DIR (or set PAR_ANALYSIS_MIRROR) to a folder holding the shared data."
        ) from exc
    return "download"


def fetch(mirror=None, paths=None, *, force: bool = False, verbose: bool = False) -> dict[str, str]:
    """Fill ``data/raw/`` with the registered raw files, checking every hash.

    Parameters
    ----------
    mirror : str or Path, optional
        Folder laid out like the registry paths. Default: ``PAR_ANALYSIS_MIRROR`` or
        ``../shared/data`` beside the checkout when it exists; files not in the mirror are
        downloaded from their origin.
    paths : iterable of str, optional
        Only these mirror-relative paths (default: every registered file).
    force : bool
        Copy again even when a local file with the right hash exists.
    verbose : bool
        Print one line per file copied.

    Returns
    -------
    dict
        ``{path: "present" | "mirror" | "download"}``.

    Raises
    ------
    FetchError
        A file is missing, fails its hash check or cannot be downloaded; the message names it.

    Examples
    --------
    >>> import par_analysis as pa
    >>> status = pa.fetch(paths=["pci/SOURCE.md"])
    >>> status["pci/SOURCE.md"] in {"present", "mirror", "download"}
    True
    >>> # not run: hashes every registered raw file, copies or downloads the missing ones
    >>> pa.fetch(verbose=True)  # doctest: +SKIP
    """
    mirror = Path(mirror) if mirror is not None else default_mirror()
    if mirror is not None and not mirror.is_dir():
        raise FetchError(f"mirror folder {mirror} does not exist")
    wanted = list(paths) if paths is not None else list(_entries())
    status = {}
    for rel in wanted:
        item = entry(rel)
        target = raw_dir() / rel
        if not force and target.is_file() and target.stat().st_size == item.size:
            if sha256_of(target) == item.sha256:
                status[rel] = "present"
                continue
        status[rel] = _fetch_one(item, mirror, target)
        if verbose:
            print(f"{status[rel]:>8}  {rel}")
    return status


def raw_path(relpath: str) -> Path:
    """Return the local path of a registered raw file, fetching it when it is missing.

    Parameters
    ----------
    relpath : str
        Path relative to the mirror root, e.g. ``"pci/vietnamdata/PCI_2005.xls"``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> path = pa.raw_path("pci/SOURCE.md")
    >>> path.name, path.is_file()
    ('SOURCE.md', True)
    """
    item = entry(relpath)
    target = raw_dir() / relpath
    if not target.is_file():
        fetch(paths=[relpath])
    elif file_hash(target) != item.sha256:
        raise FetchError(
            f"{target} does not match the registry (sha256 {file_hash(target)[:12]}..., "
            f"expected {item.sha256[:12]}...; {target.stat().st_size} bytes, expected "
            f"{item.size}): the local copy was changed or damaged. Run "
            "`par-analysis fetch --force` to restore it."
        )
    return target
