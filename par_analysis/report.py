"""Execute the story notebooks into HTML reports.

``par-analysis report`` runs every ``notebooks/*.ipynb`` top to bottom in a fresh kernel (working
directory ``notebooks/``), writes ``reports/<notebook>.html`` with the code hidden (``--with-code``
keeps it) and ``reports/index.html`` linking them with a one-line summary taken from each
notebook's first markdown cell.

The text copy is the source of truth: before running, a ``notebooks/NN_name.py`` (jupytext
py:percent) that is newer than its ``.ipynb`` regenerates the ``.ipynb`` (cells from the text copy,
no outputs). A notebook whose ``.ipynb`` is missing but whose ``.py`` exists is created the same
way.

A failing cell stops that notebook; the message names the notebook, the cell number (1-based, as
JupyterLab counts cells, markdown included) and the error. Reports of the other notebooks are
still written, the failed notebook's old HTML is removed (so no stale report survives), the index
marks it as failed and the exit code is 1.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from ._files import write_text
from .errors import DiskFullError
from .paths import project_root, reports_dir

CELL_TIMEOUT = 600  # seconds a single cell may run


@dataclass
class NotebookResult:
    """What happened to one notebook: title, summary, time, HTML path and size, or the error."""

    name: str
    title: str
    summary: str
    seconds: float
    html_path: Path | None = None
    html_bytes: int = 0
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when every cell ran and the HTML was written."""
        return self.error is None


def render_template(name: str, **context) -> str:
    """Render a Jinja2 template of ``par_analysis/templates`` (HTML autoescaped).

    Parameters
    ----------
    name : str
        File name of the template (``"report_index.html"``).
    **context
        The variables the template uses.

    Examples
    --------
    >>> "<style>" in render_template("report_index.html", results=[], n_ok=0, when="now")
    True
    """
    return _jinja_env().get_template(name).render(**{"versions": versions_line(), **context})


@cache
def _jinja_env():
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("par_analysis", "templates"),
                              autoescape=jinja2.select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True)


def notebooks_dir() -> Path:
    """Return the folder of the story notebooks (``notebooks/`` of the checkout or of the cwd).

    Examples
    --------
    >>> notebooks_dir().name
    'notebooks'
    """
    root = project_root()
    return (root if root is not None else Path.cwd()) / "notebooks"


def sync_pairs(folder: Path) -> list[Path]:
    """Regenerate each ``.ipynb`` whose jupytext ``.py`` copy is newer, or has no ``.ipynb``.

    Only ``.py`` files that carry a jupytext header are treated as notebooks. An ``.ipynb``
    whose cells already match is left untouched; otherwise unchanged cells keep their ids.

    Parameters
    ----------
    folder : pathlib.Path
        The notebooks folder.

    Returns
    -------
    list of pathlib.Path
        The ``.ipynb`` files written.

    Examples
    --------
    >>> sync_pairs(Path("/nonexistent"))
    []
    """
    import jupytext
    from jupytext.combine import combine_inputs_with_outputs

    written = []
    for py in sorted(Path(folder).glob("*.py")):
        if "jupytext:" not in py.read_text(encoding="utf-8")[:2000]:
            continue
        ipynb = py.with_suffix(".ipynb")
        if ipynb.exists() and ipynb.stat().st_mtime >= py.stat().st_mtime:
            continue
        nb = jupytext.read(py)
        if ipynb.exists():
            old = jupytext.read(ipynb)
            if _sources(old) == _sources(nb):
                continue  # same cells: leave the file alone (no churn in cell ids)
            nb = combine_inputs_with_outputs(nb, old)  # keeps the ids of unchanged cells
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        jupytext.write(nb, ipynb, fmt="ipynb")
        written.append(ipynb)
    return written


def _sources(nb) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def notebook_summary(nb) -> tuple[str, str]:
    r"""Return ``(title, summary)`` from a notebook's first markdown cell.

    The title is the first heading (``#`` stripped), the summary the first sentence of the first
    paragraph that is not a heading; either is ``""`` when absent.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook; only its markdown cells are read.

    Examples
    --------
    >>> import nbformat
    >>> cell = nbformat.v4.new_markdown_cell("# PCI\n\nRanks move\nevery year. Scores too.")
    >>> nb = nbformat.v4.new_notebook(cells=[cell])
    >>> notebook_summary(nb)
    ('PCI', 'Ranks move every year.')
    """
    title, paragraph = "", []  # type: str, list[str]
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            line = line.strip()
            if line.startswith("#"):
                title = title or line.lstrip("#").strip()
                if paragraph:
                    break
            elif line:
                paragraph.append(line)
            elif paragraph:
                break
        if title or paragraph:
            break
    text = " ".join(paragraph)
    first = re.match(r"(.+?[.!?])(\s|$)", text)
    return title, (first.group(1) if first else text)


def _error_text(exc: BaseException) -> str:
    """Return the last, most telling line of a cell error (``ValueError: boom``)."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


def execute_notebook(path: Path, out_dir: Path, with_code: bool = False) -> NotebookResult:
    """Execute one notebook in a fresh kernel and write its HTML report.

    Parameters
    ----------
    path : pathlib.Path
        The ``.ipynb`` file; the kernel's working directory is its folder.
    out_dir : pathlib.Path
        Where ``<stem>.html`` is written.
    with_code : bool
        Keep the code cells in the HTML (hidden by default).

    Returns
    -------
    NotebookResult
        ``error`` names the notebook, the 1-based cell number and the error when a cell fails.

    Examples
    --------
    >>> nb = Path("notebooks/01_data_overview.ipynb")
    >>> # not run: starts a Jupyter kernel and executes the whole notebook
    >>> res = execute_notebook(nb, Path("/tmp/r"))  # doctest: +SKIP
    >>> res.ok, res.html_bytes < 1_000_000  # doctest: +SKIP
    (True, True)
    """
    import nbformat
    from jupyter_client import KernelManager
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    path = Path(path)
    start = time.perf_counter()
    nb = nbformat.read(path, as_version=4)
    title, summary = notebook_summary(nb)
    result = NotebookResult(path.stem, title or path.stem, summary, 0.0)
    target = Path(out_dir) / f"{path.stem}.html"
    # a non-interactive MPLBACKEND (set by test runners, CI) would stop figures reaching the HTML
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    with tempfile.TemporaryDirectory() as sockets:
        # local sockets rather than TCP: no "running over TCP without encryption" warning
        km = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/kernel")
        client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, shutdown_kernel="immediate",
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel(env=env, cleanup_kc=True):  # also shut down the kernel we made
            for index, cell in enumerate(nb.cells):
                try:
                    client.execute_cell(cell, index)
                except Exception as exc:  # a cell error or a dead kernel: stop this notebook
                    result.error = f"{path.name}: cell {index + 1} failed: {_error_text(exc)}"
                    break
    result.seconds = time.perf_counter() - start
    if result.error:
        target.unlink(missing_ok=True)
        return result
    exporter = HTMLExporter(template_name="lab", exclude_input=not with_code,
                            exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": result.title}})
    body = body.replace("</body>", f"{_footer_html()}</body>", 1)
    try:
        write_text(target, body)
        # the executed notebook itself: the docs gallery shows it, and tests read its outputs
        write_text(Path(out_dir) / "notebooks" / path.name, nbformat.writes(nb))
    except DiskFullError as exc:  # the index then lists this report as failed, not missing
        target.unlink(missing_ok=True)
        result.error = f"{path.name}: {exc.strerror}"
        return result
    result.html_path, result.html_bytes = target, target.stat().st_size
    return result


def _footer_html() -> str:
    """Return the line every report ends with: package and data versions, and the date."""
    from html import escape

    return (f'<footer style="margin:2rem 0 1rem; padding:0 1rem; color:#52606d; '
            f'font:13px system-ui,sans-serif">{escape(versions_line())}</footer>')


def versions_line() -> str:
    """Return "par-analysis <version> · data registry <version> · <date>" for reports.

    Returns
    -------
    str
        The package version, the data version (:func:`par_analysis.registry_version`) and the
        date and time of the run.

    Examples
    --------
    >>> from par_analysis.report import versions_line
    >>> versions_line().startswith("par-analysis ")
    True
    """
    from . import __version__
    from .registry import registry_version

    return (f"par-analysis {__version__} · data registry {registry_version()} · "
            f"{time.strftime('%Y-%m-%d %H:%M')}")


def write_index(results: list[NotebookResult], out_dir: Path) -> Path:
    """Write ``index.html`` linking every report with its one-line summary.

    Parameters
    ----------
    results : list of NotebookResult
        One per notebook, listed by name.
    out_dir : str or pathlib.Path
        Directory of the HTML reports; created if missing.

    Examples
    --------
    >>> r = NotebookResult("01_x", "Overview", "What the data hold.", 1.0)
    >>> write_index([r], Path("/tmp/par_index_doctest")).name
    'index.html'
    """
    page = render_template("report_index.html", results=sorted(results, key=lambda r: r.name),
                  n_ok=sum(r.ok for r in results), when=time.strftime("%Y-%m-%d %H:%M"))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    write_text(target, page)
    return target


def _select(paths: list[Path], only) -> list[Path]:
    if not only:
        return paths
    wanted = {Path(str(o)).stem for o in only}
    chosen = [p for p in paths if p.stem in wanted]
    missing = wanted - {p.stem for p in chosen}
    if missing:
        have = [p.stem for p in paths]
        raise FileNotFoundError(f"no notebook named {sorted(missing)}; have {have}")
    return chosen


def _exit_without_collecting() -> None:
    """Let a pool worker exit without a last garbage collection of everything it imported.

    Tearing down nbconvert, matplotlib and pandas takes about a second a worker, after its work.
    """
    atexit.register(gc.freeze)


def _write_pages(name: str, title: str, write) -> NotebookResult | None:
    """Run one writer of pages beside the notebooks (a pool job); its failure as a result."""
    start = time.perf_counter()
    try:
        write()
    except Exception as exc:  # reported like a failed notebook, beside the notebooks that ran
        return NotebookResult(name, title, "", time.perf_counter() - start,
                              error=f"{name}: {type(exc).__name__}: {exc}")
    return None


def execute_all(with_code: bool = False, jobs: int | None = None, only=None,
                folder: Path | None = None, out_dir: Path | None = None,
                pages=()) -> list[NotebookResult]:
    """Sync the pairs, execute the notebooks (in parallel processes) and write the index.

    Parameters
    ----------
    with_code, jobs, only
        As in :func:`run_reports`.
    folder : pathlib.Path, optional
        Notebooks folder (default :func:`notebooks_dir`).
    out_dir : pathlib.Path, optional
        Reports folder (default :func:`par_analysis.paths.reports_dir`).
    pages : sequence of (name, title, callable)
        Writers of other pages (the profiles, the codebook), queued in the same pool after the
        notebooks so that they fill the cores the last long notebooks leave idle; a writer that
        raises is listed as a failed result named ``name``.

    Returns
    -------
    list of NotebookResult
        The notebooks executed, in order. The index also lists reports of other notebooks
        already in ``out_dir`` when ``only`` is given.

    Examples
    --------
    >>> # not run: executes the notebook in a Jupyter kernel and rewrites the reports folder
    >>> results = execute_all(only=["01_data_overview"])  # doctest: +SKIP
    """
    folder = Path(folder) if folder is not None else notebooks_dir()
    out_dir = Path(out_dir) if out_dir is not None else reports_dir()
    sync_pairs(folder)
    paths = _select(sorted(folder.glob("*.ipynb")), only)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths) + len(pages) or 1))
    if jobs == 1:
        results = [execute_notebook(p, out_dir, with_code) for p in paths]
        failed = [_write_pages(*page) for page in pages]
    else:
        context = multiprocessing.get_context("spawn")  # no forked zmq or matplotlib state
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_exit_without_collecting) as pool:
            futures = [pool.submit(execute_notebook, p, out_dir, with_code) for p in paths]
            writers = [pool.submit(_write_pages, *page) for page in pages]
            results = [f.result() for f in futures]
            failed = [w.result() for w in writers]
    results += [f for f in failed if f]
    listed = list(results)
    if only:  # keep the other notebooks' existing reports in the index
        import nbformat

        done = {r.name for r in results}
        for other in sorted(folder.glob("*.ipynb")):
            html_file = out_dir / f"{other.stem}.html"
            if other.stem not in done and html_file.exists():
                title, summary = notebook_summary(nbformat.read(other, as_version=4))
                listed.append(NotebookResult(other.stem, title or other.stem, summary, 0.0,
                                             html_file, html_file.stat().st_size))
    write_index(listed, out_dir)
    return results


def run_reports(with_code: bool = False, jobs: int | None = None, only=None,
                profiles: bool = False) -> int:
    """Execute every notebook into ``reports/<notebook>.html``; write the index and codebook.

    The executed notebooks are kept in ``reports/notebooks/`` (the documentation's gallery), and
    ``reports/codebook.html`` and ``.csv`` list every indicator (:func:`par_analysis.indicators`).

    Parameters
    ----------
    with_code : bool
        Keep the code cells in the HTML (hidden by default).
    jobs : int, optional
        Notebooks run at once, each in its own process (default: the number of cores).
    only : list of str, optional
        Run only these notebooks (names with or without ``.ipynb``, or paths).
    profiles : bool
        Also write the province profiles of both layouts
        (:func:`par_analysis.profiles.write_profiles`), as one more job of the same pool of
        processes, queued after the notebooks.

    Returns
    -------
    int
        0 when every notebook ran; 1 when any cell failed (each failure is printed to stderr with
        the notebook, the cell number and the error) or the codebook or the profiles could not
        be written; 2 when a requested notebook does not exist.

    Examples
    --------
    >>> from par_analysis.report import run_reports
    >>> # not run: executes the notebook in a Jupyter kernel and rewrites the reports folder
    >>> run_reports(only=["01_data_overview"])  # doctest: +SKIP
    0
    """
    from . import codebook
    from . import profiles as profile_pages

    start = time.perf_counter()
    pages = [("codebook", "Codebook", partial(codebook.write_codebook, reports_dir()))]
    if profiles:
        pages.append(("profiles", "Province profiles",
                      partial(profile_pages.write_profiles, all_layouts=True)))
    try:
        results = execute_all(with_code=with_code, jobs=jobs, only=only, pages=pages)
    except FileNotFoundError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    for r in results:
        if r.ok:
            print(f"report: {r.name:<32} {r.seconds:6.1f} s  {r.html_bytes / 1024:7.0f} KB")
        else:
            print(f"report FAILED: {r.error}", file=sys.stderr)
    notebooks = [r for r in results if r.name not in {name for name, _, _ in pages}]
    written = sum(r.ok for r in notebooks)
    print(f"report: {written} of {len(notebooks)} notebooks written to "
          f"{reports_dir()} in {time.perf_counter() - start:.1f} s")
    return 0 if all(r.ok for r in results) else 1
