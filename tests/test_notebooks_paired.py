"""Every notebooks/*.py (jupytext py:percent, the reviewed copy) has a paired .ipynb with the same
cells and no outputs committed.

Fix a failure with ``.venv/bin/jupytext --sync notebooks/NN_name.py`` (or ``--to ipynb``), then
clear outputs; ``par-analysis report`` also regenerates an .ipynb from a newer .py.
"""

from __future__ import annotations

import jupytext
import nbformat
import pytest

from par_analysis.report import notebooks_dir

PAIRS = sorted(p for p in notebooks_dir().glob("*.py")
               if "jupytext:" in p.read_text(encoding="utf-8")[:2000])


def _cells(nb):
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.parametrize("py", PAIRS, ids=[p.stem for p in PAIRS])
def test_pair_has_same_cells(py):
    ipynb = py.with_suffix(".ipynb")
    assert ipynb.exists(), f"{py.name} has no paired {ipynb.name}: run jupytext --to ipynb {py}"
    text, paired = jupytext.read(py), jupytext.read(ipynb)
    a, b = _cells(text), _cells(paired)
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        assert x == y, f"{py.name} and {ipynb.name} differ at cell {i + 1}: {x!r} != {y!r}"
    assert len(a) == len(b), f"{py.name} has {len(a)} cells, {ipynb.name} has {len(b)}"


@pytest.mark.parametrize("py", PAIRS, ids=[p.stem for p in PAIRS])
def test_no_outputs_committed(py):
    nb = nbformat.read(py.with_suffix(".ipynb"), as_version=4)
    dirty = [i + 1 for i, c in enumerate(nb.cells)
             if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    assert not dirty, f"{py.with_suffix('.ipynb').name}: outputs in cells {dirty}"


def test_every_ipynb_has_a_text_copy():
    ipynbs = sorted(notebooks_dir().glob("*.ipynb"))
    orphans = [p.name for p in ipynbs if not p.with_suffix(".py").exists()]
    assert not orphans, f"notebooks without a py:percent copy: {orphans}"
