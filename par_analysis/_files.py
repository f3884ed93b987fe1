"""Writing files safely: through a temporary file, renamed into place, never half written.

Every file the package writes (cache, reports, profiles, codebook, exports) goes through
:func:`atomic_write`: the bytes go to a temporary file beside the target, which replaces the
target only once complete. When writing fails, the temporary file is removed and the old target,
if any, is left as it was; a full disk is reported as :class:`DiskFullError` naming the path and,
when known, the space needed.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import DiskFullError


def atomic_write(path, write: Callable[[str], object], *, needed: int | None = None) -> Path:
    """Write ``path`` by calling ``write(temporary_path)``, then renaming; return ``path``.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write; its folder is created when missing.
    write : callable
        Writes the whole content to the temporary path it is given (same folder and suffix as
        ``path``, so writers that read the suffix choose the right format).
    needed : int, optional
        Bytes the content takes, named in the error when the disk is full.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    DiskFullError
        When the device has no space left; no temporary file remains and ``path`` is unchanged.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from par_analysis._files import atomic_write
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> atomic_write(target, lambda tmp: Path(tmp).write_text("done")).read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.",
                               suffix=f".tmp{path.suffix}")
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        free = shutil.disk_usage(path.parent).free
        size = f"about {needed:,} bytes are needed, " if needed else ""
        raise DiskFullError(errno.ENOSPC, f"no space left on the device writing {path}: {size}"
                            f"{free:,} bytes are free. Free some space and run the command "
                            "again; the previous file, if any, is unchanged.") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def write_text(path, text: str) -> Path:
    """Write UTF-8 text atomically (:func:`atomic_write`); return ``path``.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to write.
    text : str
        Its whole content.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from par_analysis._files import write_text
    >>> write_text(Path(tempfile.mkdtemp()) / "a.html", "<p>Huế</p>").read_text("utf-8")
    '<p>Huế</p>'
    """
    data = text.encode("utf-8")
    return atomic_write(path, lambda tmp: Path(tmp).write_bytes(data), needed=len(data))
