"""One module per data source; shared parsing helpers in :mod:`par_analysis.sources._common`."""

from __future__ import annotations

GOVERNANCE_LOADERS = ("load_pci", "load_papi", "load_par_index", "load_sipas")
ECONOMIC_LOADERS = ("load_fdi", "load_controls")


def load_tidy(loaders=GOVERNANCE_LOADERS + ECONOMIC_LOADERS):
    """Return the tidy tables of several loaders stacked into one frame.

    Parameters
    ----------
    loaders : iterable of str
        Names of public loaders of :mod:`par_analysis` (default: the governance and economic ones).

    Examples
    --------
    >>> from par_analysis.sources import load_tidy
    >>> sorted(load_tidy(["load_par_index", "load_sipas"])["source"].unique())
    ['news_facts']
    """
    import pandas as pd

    import par_analysis as pa

    return pd.concat([getattr(pa, name)() for name in loaders], ignore_index=True)
