"""Sphinx configuration of the par-analysis documentation site (``make docs``).

Sphinx with numpydoc, the pydata theme and myst-nb: every tool installs from PyPI with the rest of
the project (quartodoc, which pyfixest uses, needs the separate Quarto program). The pages that
list things (API reference, sources, codebook, gallery) are generated here from the package
itself (its flat API, the source catalogue, the registry, :func:`par_analysis.indicators` and
the executed notebooks of ``make report``), so they cannot drift from the code.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GENERATED = Path(__file__).resolve().parent / "generated"

import par_analysis as pa  # noqa: E402

project = "par-analysis"
author = "par-analysis contributors"
release = pa.__version__
extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc", "myst_nb"]
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_typehints = "none"
nb_execution_mode = "off"  # the gallery shows the notebooks executed by `make report`
myst_enable_extensions = ["colon_fence"]
html_theme = "pydata_sphinx_theme"
html_title = f"par-analysis {release}"
html_theme_options = {"show_toc_level": 2, "navigation_with_keys": False}
exclude_patterns = ["_build", "DEVELOPING.md", "**.ipynb_checkpoints"]
suppress_warnings = ["mystnb.unknown_mime_type"]


def _module_title(module: str) -> str:
    """Return the first line of a module's docstring."""
    doc = importlib.import_module(f"par_analysis.{module}").__doc__ or module
    return doc.strip().splitlines()[0].rstrip(".")


def _api_page() -> str:
    """Return the API reference grouped by module, from the flat API (``par_analysis._API``)."""
    by_module: dict[str, list[str]] = {}
    for name, module in sorted(pa._API.items()):
        by_module.setdefault(module, []).append(name)
    lines = ["API reference", "=============", "",
             "Everything is reachable from the flat namespace: ``import par_analysis as pa``.", ""]
    for module in sorted(by_module):
        title = f"{_module_title(module)} (``par_analysis.{module}``)"
        lines += [title, "-" * len(title), "", ".. currentmodule:: par_analysis", "",
                  ".. autosummary::", "   :toctree: api", ""]
        lines += [f"   {name}" for name in by_module[module]] + [""]
    return "\n".join(lines)


def _source_page(key: str, source, registry, codebook) -> str:
    """Return the page of one source: loader, indicators, licences, citations, raw files."""
    files = registry[registry["path"].str.startswith(tuple(source.raw))] if source.raw else \
        registry.iloc[0:0]
    mine = codebook[codebook["loader"] == f"pa.{source.loader}()"]
    lines = [f"# {source.label}", "", f"Loader: `pa.{source.loader}()` · catalogue key `{key}` · "
             f"source ids: {', '.join(f'`{i}`' for i in source.emits) or '-'}.", "",
             f"**Cite**: {source.citation or '-'}", ""]
    if len(mine):
        lines += ["## Indicators", "", "| indicator | label | unit | years | breaks |",
                  "|---|---|---|---|---|"]
        lines += [f"| `{r.indicator}` | {r.label} | {r.unit_label} | {r.years} | {r.breaks} |"
                  for r in mine.itertuples()] + [""]
    if len(files):
        lines += ["## Raw files, licences and citations", "",
                  "Each file is fetched from the mirror and checked against its sha256 "
                  "(`pa.raw_files()`).", "", "| licence | citation | files |", "|---|---|---|"]
        grouped = files.groupby(["licence", "citation"]).size().reset_index(name="n")
        lines += [f"| {r.licence} | {r.citation} | {r.n} |" for r in grouped.itertuples()]
        lines.append("")
    return "\n".join(lines)


def _sources_pages() -> None:
    """Write ``generated/sources/<key>.md`` for every catalogued source, and their index."""
    from par_analysis.sources.catalog import SOURCES

    folder = GENERATED / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    registry, codebook = pa.raw_files(), pa.indicators()
    for key, source in SOURCES.items():
        (folder / f"{key}.md").write_text(_source_page(key, source, registry, codebook), "utf-8")
    lines = ["# Sources, licences and citations", "",
             "One page per source of the catalogue (`par_analysis.sources.catalog`).", "",
             "```{toctree}", ":maxdepth: 1", "", *[f"sources/{key}" for key in SOURCES], "```", ""]
    (GENERATED / "sources.md").write_text("\n".join(lines), "utf-8")


def _codebook_page() -> str:
    table = pa.indicators()
    lines = ["# Codebook", "", f"{len(table)} indicators (`pa.indicators()`; also "
             "`reports/codebook.html` and `reports/codebook.csv`). Search it with "
             "`pa.indicators('thu tuc')`: diacritics and case are ignored.", "",
             "| indicator | label | unit | source | years | layouts | breaks |",
             "|---|---|---|---|---|---|---|"]
    for r in table.itertuples():
        lines.append(f"| `{r.indicator}` | {r.label} | {r.unit} | {r.source} | {r.years} | "
                     f"{r.layouts} | {r.breaks or ''} |")
    return "\n".join(lines) + "\n"


def _gallery_page() -> str:
    executed = sorted((ROOT / "reports" / "notebooks").glob("*.ipynb"))
    if not executed:
        raise RuntimeError("no executed notebooks in reports/notebooks: run `make report` first")
    target = GENERATED / "notebooks"
    target.mkdir(parents=True, exist_ok=True)
    for path in executed:
        (target / path.name).write_bytes(path.read_bytes())
    lines = ["# Gallery: the story notebooks", "",
             "Executed by `make report` (numbers in the text are computed in the notebook).", "",
             "```{toctree}", ":maxdepth: 1", ""]
    lines += [f"notebooks/{p.stem}" for p in executed] + ["```", ""]
    return "\n".join(lines)


def _write_generated() -> None:
    GENERATED.mkdir(exist_ok=True)
    (GENERATED / "api.rst").write_text(_api_page(), "utf-8")
    _sources_pages()
    (GENERATED / "codebook.md").write_text(_codebook_page(), "utf-8")
    (GENERATED / "gallery.md").write_text(_gallery_page(), "utf-8")


_write_generated()
