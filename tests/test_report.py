"""Reports: notebooks executed into HTML, the index, failures named by notebook and cell."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest

from par_analysis import report

GOOD = [
    nbformat.v4.new_markdown_cell("# Good story\n\nA tiny notebook that works."),
    nbformat.v4.new_code_cell("secret_marker_code = 6 * 7\nprint('answer', secret_marker_code)"),
    nbformat.v4.new_code_cell("from pathlib import Path\nprint('cwd', Path.cwd().name)"),
    nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2, 1]);"),
]
BAD = [
    nbformat.v4.new_markdown_cell("# Bad story\n\nThis one breaks."),
    nbformat.v4.new_code_cell("x = 1"),
    nbformat.v4.new_code_cell("raise ValueError('boom in cell three')"),
    nbformat.v4.new_code_cell("print('never reached')"),
]


def _write(folder: Path, name: str, cells) -> Path:
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    nbdir, out = tmp_path / "notebooks", tmp_path / "reports"
    nbdir.mkdir()
    _write(nbdir, "01_good", GOOD)
    _write(nbdir, "02_bad", BAD)
    monkeypatch.setattr(report, "notebooks_dir", lambda: nbdir)
    monkeypatch.setenv("PAR_ANALYSIS_REPORTS", str(out))
    return nbdir, out


@pytest.mark.slow
def test_run_reports_good_and_failing(tiny, capsys):
    nbdir, out = tiny
    (out).mkdir()
    (out / "02_bad.html").write_text("stale")  # a stale report of the failing notebook goes away
    code = report.run_reports(jobs=2)
    assert code == 1
    err = capsys.readouterr().err
    assert "02_bad.ipynb" in err and "cell 3" in err and "ValueError: boom in cell three" in err

    page = (out / "01_good.html").read_text()
    assert "answer 42" in page  # output kept
    assert "cwd notebooks" in page  # kernel ran in the notebooks folder
    assert "data:image/png;base64" in page  # inline figures even when MPLBACKEND=Agg (conftest)
    assert "secret_marker_code" not in page  # code hidden by default
    assert "par-analysis" in page and "data registry" in page  # versions in the footer
    assert (out / "notebooks" / "01_good.ipynb").exists()  # executed copy for the docs
    assert not (out / "02_bad.html").exists()

    index = (out / "index.html").read_text()
    assert 'href="01_good.html"' in index and "Good story" in index
    assert "A tiny notebook that works." in index
    assert "Bad story (failed)" in index and "cell 3" in index


@pytest.mark.slow
def test_with_code_and_only(tiny):
    nbdir, out = tiny
    assert report.run_reports(with_code=True, jobs=1, only=["01_good.ipynb"]) == 0
    assert "secret_marker_code" in (out / "01_good.html").read_text()
    assert not (out / "02_bad.html").exists()
    assert report.run_reports(only=["nope"]) == 2


@pytest.mark.slow
def test_failing_profiles_fail_the_report(tiny, monkeypatch, capsys):
    import par_analysis.profiles

    def broken(**kwargs):
        raise KeyError("name_vi")

    monkeypatch.setattr(par_analysis.profiles, "write_profiles", broken)
    nbdir, out = tiny
    assert report.run_reports(jobs=1, only=["01_good"], profiles=True) == 1
    assert "profiles: KeyError: 'name_vi'" in capsys.readouterr().err
    assert (out / "01_good.html").exists()  # the notebooks' reports are still written


def test_sync_regenerates_ipynb_from_newer_py(tmp_path):
    py = tmp_path / "05_x.py"
    py.write_text(
        "# ---\n# jupyter:\n#   jupytext:\n#     formats: ipynb,py:percent\n#   kernelspec:\n"
        "#     display_name: Python 3\n#     language: python\n#     name: python3\n# ---\n\n"
        "# %% [markdown]\n# # Title\n\n# %%\nprint(1)\n"
    )
    ipynb = tmp_path / "05_x.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("old")]), ipynb)
    os.utime(ipynb, (1_000_000, 1_000_000))  # older than the .py
    assert report.sync_pairs(tmp_path) == [ipynb]
    nb = nbformat.read(ipynb, as_version=4)
    assert [c.source for c in nb.cells] == ["# Title", "print(1)"]
    assert report.sync_pairs(tmp_path) == []  # now up to date
    os.utime(ipynb, (1_000_000, 1_000_000))
    assert report.sync_pairs(tmp_path) == []  # newer .py but the same cells: file left alone
    ids = [c.id for c in nb.cells]
    py.write_text(py.read_text() + "\n# %%\nprint(2)\n")
    os.utime(ipynb, (1_000_000, 1_000_000))
    assert report.sync_pairs(tmp_path) == [ipynb]
    nb = nbformat.read(ipynb, as_version=4)
    assert [c.id for c in nb.cells][:2] == ids and nb.cells[2].source == "print(2)"
    (tmp_path / "helper.py").write_text("x = 1\n")  # not a jupytext notebook: ignored
    assert report.sync_pairs(tmp_path) == []


def test_notebook_summary():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1"), *GOOD])
    assert report.notebook_summary(nb) == ("Good story", "A tiny notebook that works.")


@pytest.mark.slow
def test_every_real_notebook_executes(tmp_path, monkeypatch, capfd):
    """CI executes every notebook in notebooks/: all must run and give one small HTML each.

    No Python warning may reach a report (a notebook states what a warning would say), and the
    run prints no kernel chatter; every report names the package and data versions.
    """
    import par_analysis as pa

    notebooks = sorted(report.notebooks_dir().glob("*.ipynb"))
    assert notebooks, f"no notebooks in {report.notebooks_dir()}"
    monkeypatch.setenv("PAR_ANALYSIS_REPORTS", str(tmp_path))
    assert report.run_reports() == 0
    for nb in notebooks:
        page = tmp_path / f"{nb.stem}.html"
        assert page.exists(), page
        assert page.stat().st_size < 1_000_000, f"{page.name} is {page.stat().st_size} bytes"
        assert f"data registry {pa.registry_version()}" in page.read_text("utf-8")
        executed = nbformat.read(tmp_path / "notebooks" / nb.name, as_version=4)
        stderr = [(i + 1, o["text"][:200]) for i, cell in enumerate(executed.cells)
                  for o in cell.get("outputs", []) if o.get("name") == "stderr"]
        assert stderr == [], f"{nb.name} prints to stderr: {stderr}"
    assert (tmp_path / "index.html").exists()
    assert (tmp_path / "codebook.html").exists() and (tmp_path / "codebook.csv").exists()
    captured = capfd.readouterr()
    assert "IPKernelApp" not in captured.out + captured.err
