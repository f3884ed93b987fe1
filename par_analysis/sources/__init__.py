"""One module per data source, declared in :mod:`par_analysis.sources.catalog`.

Shared parsing helpers live in :mod:`par_analysis.sources._common`.
"""

from __future__ import annotations


def load_tidy(keys=None):
    """Return the tidy tables of several sources stacked into one frame.

    Parameters
    ----------
    keys : iterable of str, optional
        Catalogue keys (:data:`par_analysis.sources.catalog.SOURCES`, e.g. ``"pci"``,
        ``"par_index"``); default every source tagged ``tidy`` (governance indices, FDI and
        the controls).

    Examples
    --------
    >>> from par_analysis.sources import load_tidy
    >>> sorted(load_tidy(["par_index", "sipas"])["source"].unique())
    ['news_facts']
    """
    import pandas as pd

    from .catalog import SOURCES, tagged

    chosen = tagged("tidy") if keys is None else [SOURCES[k] for k in keys]
    return pd.concat([s.load() for s in chosen], ignore_index=True)
