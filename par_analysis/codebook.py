"""The codebook: every indicator the package loads, searchable, with its unit, source and coverage.

:func:`indicators` answers the researcher's first question ("what is there on administrative
procedures?") the way ``wbgapi.series.info(q=...)`` does: one row per indicator with its label,
unit, source, years, layouts, coverage, the series breaks that concern it and how to cite it.
The search ignores case and diacritics and reads Vietnamese as well as English
(``_data/indicator_terms.csv`` adds the publishers' Vietnamese names of the indices and their
components). :func:`suggest` gives the nearest names for an unknown one; the panel, the maps and
the coverage view use it in their errors. :func:`write_codebook` writes the table as HTML and CSV.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path

import pandas as pd

from ._files import atomic_write, write_text
from .paths import packaged_rows
from .province_table import normalize_name, province_mask, provinces

COLUMNS = ["indicator", "label", "unit", "unit_label", "source", "loader", "source_ids",
           "years", "first_year", "last_year", "layouts", "coverage", "breaks", "citation",
           "description", "terms_vi"]


@cache
def _terms() -> tuple[tuple[str, str], ...]:
    """Return (indicator prefix, Vietnamese terms) pairs of ``_data/indicator_terms.csv``."""
    return tuple((r["prefix"], r["terms_vi"]) for r in packaged_rows("indicator_terms.csv"))


def _terms_of(indicator: str) -> str:
    return "; ".join(terms for prefix, terms in _terms() if indicator.startswith(prefix))


def _fold(text: str) -> str:
    return normalize_name(str(text)).replace("_", " ")


@cache
def _table() -> pd.DataFrame:
    from .breaks import series_breaks
    from .schema import unit_of
    from .sources.catalog import tagged

    breaks = series_breaks()
    rows = []
    for source in tagged("tidy"):
        data = source.load()
        declared = source.declared()
        provinces_only = data[province_mask(data["province_code"])]
        for indicator, part in data.groupby("indicator", sort=True):
            spec = declared[indicator]
            mine = provinces_only[provinces_only["indicator"] == indicator]
            per_year = mine.groupby("year")["province_code"].nunique()
            share = [n / len(provinces(lay)) for (_, lay), n in
                     mine.groupby(["year", "layout"])["province_code"].nunique().items()]
            hit = breaks[breaks["indicators"].map(
                lambda p, name=indicator: any(_matches(name, x) for x in p.split(";")))]
            years = sorted(part["year"].unique())
            rows.append({
                "indicator": indicator, "label": spec.label or indicator, "unit": spec.unit,
                "unit_label": unit_of(spec.unit).label, "source": source.label,
                "loader": f"pa.{source.loader}()",
                "source_ids": ", ".join(sorted(part["source"].unique())),
                "years": f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0]),
                "first_year": int(years[0]), "last_year": int(years[-1]),
                "layouts": ", ".join(sorted(part["layout"].unique())),
                "coverage": float(sum(share) / len(share)) if share else float("nan"),
                "breaks": ", ".join(f"{b.first_year} ({b.id})" for b in hit.itertuples()),
                "citation": source.citation, "description": spec.description,
                "terms_vi": _terms_of(indicator),
                "n_years_with_data": int(len(per_year)),
            })
    table = pd.DataFrame(rows)
    return table[[*COLUMNS]].drop_duplicates("indicator").reset_index(drop=True)


def _matches(indicator: str, pattern: str) -> bool:
    from fnmatch import fnmatch

    return fnmatch(indicator, pattern.strip())


def indicators(query: str | None = None) -> pd.DataFrame:
    """Return the codebook: every indicator with label, unit, source, years, coverage and breaks.

    Parameters
    ----------
    query : str, optional
        Words to look for in the name, label, description, source and the Vietnamese terms; case,
        diacritics and underscores are ignored, and every word must be found
        (``"thu tuc hanh chinh"`` finds the PAPI dimension on administrative procedures).

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``indicator, label, unit, unit_label, source, loader,
        source_ids, years, first_year, last_year, layouts, coverage`` (mean share of the layout's
        provinces with a value, over the years with data), ``breaks`` (first year and id of
        each series break, :func:`par_analysis.series_breaks`), ``citation, description,
        terms_vi``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.indicators("thu tuc hanh chinh")["indicator"].tolist()[:2]
    ['pci_time_costs', 'papi_public_administrative_procedures']
    >>> pa.indicators().set_index("indicator").loc["pci", ["unit", "years"]].tolist()
    ['index_0_100', '2005-2024']
    """  # noqa: E501
    table = _table().copy()
    if query is None:
        return table
    haystack = (table["indicator"] + " " + table["label"] + " " + table["description"].fillna("")
                + " " + table["source"] + " " + table["terms_vi"]).map(_fold)
    words = _fold(query).split()
    hit = haystack.map(lambda text: all(w in text for w in words))
    return table[hit].reset_index(drop=True)


def suggest(name: str, known=None, n: int = 5) -> list[str]:
    """Return the indicator names nearest to an unknown one (spelling, then words in common).

    Parameters
    ----------
    name : str
        The name that was not found.
    known : iterable of str, optional
        Names to choose from (default every indicator of :func:`indicators`).
    n : int
        How many suggestions at most.

    Returns
    -------
    list of str
        Close spellings first, then names holding every word of ``name`` (the sources' headline
        indicators first, then the shortest).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.suggest("papi")[:2]
    ['papi_total_6dim', 'papi_total_8dim']
    >>> pa.suggest("fdi")[:1]
    ['fdi_registered_total_musd']
    """
    from .sources.catalog import headlines

    known = sorted(set(_table()["indicator"]) if known is None else set(known))
    close = difflib.get_close_matches(name, known, n=n, cutoff=0.6)
    words = [w for w in name.lower().split("_") if w]
    headline = {h.indicator for _, h in headlines()}
    sharing = sorted((k for k in known if all(w in k for w in words) and k not in close),
                     key=lambda k: (k not in headline, len(k), k))
    return (close + sharing)[:n]


def write_codebook(out_dir: Path | None = None) -> list[Path]:
    """Write the codebook as ``codebook.html`` and ``codebook.csv`` (default ``reports/``).

    Parameters
    ----------
    out_dir : pathlib.Path, optional
        Folder to write into; default :func:`par_analysis.paths.reports_dir`.

    Returns
    -------
    list of pathlib.Path
        The HTML page and the CSV file.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import par_analysis as pa
    >>> paths = pa.write_codebook(Path(tempfile.mkdtemp()))
    >>> [p.name for p in paths]
    ['codebook.html', 'codebook.csv']
    """
    from .paths import reports_dir
    from .report import render_template

    out_dir = Path(out_dir) if out_dir is not None else reports_dir()
    out_dir.mkdir(parents=True, exist_ok=True)
    table = indicators()
    csv_path = out_dir / "codebook.csv"
    atomic_write(csv_path, lambda tmp: table.to_csv(tmp, index=False))
    shown = table.assign(coverage=table["coverage"].map(lambda v: f"{v:.0%}"))
    html = render_template("codebook.html", rows=shown.to_dict("records"),
                           columns=["indicator", "label", "unit_label", "source", "years",
                                    "layouts", "coverage", "breaks", "loader"])
    html_path = out_dir / "codebook.html"
    write_text(html_path, html)
    return [html_path, csv_path]
