"""Every public example runs when pasted into a fresh session, and the docstrings validate.

The module doctests (``--doctest-modules``) run with the module's own names in scope, which hides
examples that forget an import. Here each public function's examples run in an empty namespace,
as a researcher pasting them into a new notebook would; each must compute something (not only
import), and a skipped line must say why on a ``>>> # not run: ...`` line just before it.
"""

import doctest
import inspect
import re
import tomllib
from pathlib import Path

import pytest

import par_analysis as pa

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = sorted(name for name in pa._API if callable(getattr(pa, name)))
SKIP = re.compile(r"doctest:\s*\+SKIP")


def _examples(name):
    obj = getattr(pa, name)
    return doctest.DocTestParser().get_doctest(inspect.getdoc(obj) or "", {}, name, None, 0)


@pytest.mark.slow  # runs every public example again (the module doctests ran them in place)
@pytest.mark.parametrize("name", PUBLIC)
def test_example_runs_in_a_fresh_namespace(name):
    test = _examples(name)
    assert test.examples, f"pa.{name} has no example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output = []
    runner.run(test, out=output.append, clear_globs=True)
    assert runner.failures == 0, "".join(output)


@pytest.mark.parametrize("name", PUBLIC)
def test_example_does_more_than_import(name):
    computed = [ex for ex in _examples(name).examples
                if not re.match(r"\s*(import|from)\s", ex.source) and not ex.options]
    assert computed, f"pa.{name}: every example line is an import or skipped"


def test_every_skip_says_why():
    unexplained = []
    for path in sorted((ROOT / "par_analysis").rglob("*.py")):
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            if SKIP.search(line):
                before = lines[i - 1].strip()
                if not (before.startswith(">>> # not run:") or SKIP.search(before)):
                    unexplained.append(f"{path.relative_to(ROOT)}:{i + 1}")
    assert unexplained == []


def _numpydoc_checks():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return set(config["tool"]["numpydoc_validation"]["checks"])


@pytest.mark.parametrize("name", PUBLIC)
def test_docstring_validates(name):
    from numpydoc.validate import validate

    obj = getattr(pa, name)
    module = getattr(obj, "__module__", "par_analysis")
    found = validate(f"{module}.{obj.__qualname__}")["errors"]
    errors = [f"{code}: {message}" for code, message in found if code in _numpydoc_checks()]
    assert errors == []
