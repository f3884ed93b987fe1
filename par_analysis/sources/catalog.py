"""Every data source of the package, declared once.

The idea of OWID etl's one DAG file: each :class:`Source` says which public functions it adds to
``par_analysis``, its loader, cache name and version, the raw files it reads (registry path
prefixes), where its :class:`~par_analysis.schema.Indicator` declarations live, the tidy ``source``
ids it emits and its tags. :data:`SOURCE_IDS` ranks every tidy ``source`` id once: when several
sources give a value for the same province, year and indicator, :func:`choose_source` keeps the
one ranked first. The flat API, :func:`par_analysis.sources.load_tidy`, the ``build`` command, the
panel, the explorer, the profiles, the coverage view and the maps all read this module, so adding a
source means: its module, one :class:`Source` here (and its ids in :data:`SOURCE_IDS`), its rows in
the registry and its golden tests.

Tags: ``tidy`` (returns the tidy table; part of :func:`~par_analysis.sources.load_tidy` and of the
panel), ``build`` (cached; ``par-analysis build`` runs it), ``explorer`` (offered by
:func:`par_analysis.explore`), ``governance`` / ``economic`` (family, for the default views).

Examples
--------
>>> from par_analysis.sources import catalog
>>> catalog.SOURCES["pci"].loader
'load_pci'
>>> [s.key for s in catalog.tagged("tidy", "governance")]
['pci', 'papi', 'par_index', 'sipas', 'sqi766']
>>> catalog.rank_of("vcci_workbook") < catalog.rank_of("pci_web")
True
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache

from ..vocab import Rule


@dataclass(frozen=True)
class SourceId:
    """A value of the tidy ``source`` column, in order of preference (see :data:`SOURCE_IDS`).

    ``kind`` is ``publisher_file`` (a publisher's own data file), ``publisher_copy`` (a
    publisher's scores reposted whole), ``official_statistics``, ``secondary`` (a researcher's
    compilation), ``publisher_web`` (tables copied from a publisher's pages, some provinces only)
    or ``news`` (figures quoted from public pages). ``whole_editions`` is True when the source
    gives every province an edition scored, so an edition taken from it is complete.
    """

    id: str
    label: str
    kind: str
    whole_editions: bool


# preference order: publisher files first, then official statistics, secondary compilations,
# publishers' web tables and news quotes (the student panel comes before the PCI web pages so that
# PCI 2020-2022, where the two agree to 0.01, is taken from one source covering all 63 provinces)
SOURCE_IDS: tuple[SourceId, ...] = (
    SourceId("vcci_workbook", "VCCI PCI data workbooks", "publisher_file", True),
    SourceId("papi_mlmcdm", "PAPI scores (CECODES/UNDP) via hnks-gh/ml-mcdm", "publisher_copy",
             True),
    SourceId("fia_quick_report", "Foreign Investment Agency year-end quick reports",
             "publisher_file", True),
    SourceId("mof_final_workbook", "Ministry of Finance final-account workbooks",
             "publisher_file", True),
    SourceId("mof_plan_workbook", "Ministry of Finance budget-plan workbooks", "publisher_file",
             True),
    SourceId("gso_web", "General Statistics Office web tables", "official_statistics", True),
    SourceId("grdp_yearbooks", "GSO statistical yearbooks (GRDP editions)",
             "official_statistics", True),
    SourceId("grdp_secondary", "Toan N.T.P. et al. (2024) province panel", "secondary", True),
    SourceId("pci_web", "VCCI province pages (pcivietnam.vn)", "publisher_web", False),
    SourceId("news_facts", "figures quoted from public pages, with URL and sentence", "news",
             False),
)


@dataclass(frozen=True)
class Headline:
    """A headline series of a source: shown in profiles and coverage, harmonised by ``rule``."""

    indicator: str
    label: str
    rule: Rule


@dataclass(frozen=True)
class Source:
    """One data source: what the package exposes of it and how it is built.

    Attributes
    ----------
    key : str
        Short name (``"pci"``).
    label : str
        Name for tables and reports.
    module : str
        Module defining the functions, relative to the package (``"sources.pci"``).
    api : tuple of str
        Public functions this source adds to ``par_analysis``; the first is its loader.
    cache : str or None
        Parquet cache name (``data/processed/<cache>.parquet``); None for packaged tables.
    version : str
        Cache version: bump it when the parsing code changes what the loader returns.
    raw : tuple of str
        Registry path prefixes of the raw files it reads.
    indicators : str or None
        Name of the module's ``dict[str, Indicator]`` (``"INDICATORS"``).
    emits : tuple of str
        Tidy ``source`` ids of its rows (each in :data:`SOURCE_IDS`).
    tags : frozenset of str
        ``tidy``, ``build``, ``explorer``, ``governance``, ``economic``.
    headline : tuple of Headline
        Its headline series.
    citation : str
        How to cite the data.
    fills_absent_with_zero : str or None
        Name of the module's function that adds zero rows where the source's absence means
        zero (FDI flow tables list only provinces with a registration); used when aggregating
        into merged units.
    """

    key: str
    label: str
    module: str
    api: tuple[str, ...]
    cache: str | None = None
    version: str = "1"
    raw: tuple[str, ...] = ()
    indicators: str | None = None
    emits: tuple[str, ...] = ()
    tags: frozenset[str] = field(default_factory=frozenset)
    headline: tuple[Headline, ...] = ()
    citation: str = ""
    fills_absent_with_zero: str | None = None

    @property
    def loader(self) -> str:
        """Name of the loader (the first public function)."""
        return self.api[0]

    def load(self, **kwargs):
        """Call the loader.

        Parameters
        ----------
        **kwargs
            Keyword arguments passed to the loader.
        """
        import par_analysis as pa

        return getattr(pa, self.loader)(**kwargs)

    def declared(self) -> dict:
        """Return the source's indicator declarations (``{name: Indicator}``; empty if none)."""
        if not self.indicators:
            return {}
        return getattr(importlib.import_module(f"par_analysis.{self.module}"), self.indicators)


_TIDY = frozenset({"tidy", "build"})
SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("pci", "PCI", "sources.pci",
           ("load_pci", "pci_web_comparison", "pci_main_series"), cache="pci", version="3",
           raw=("pci/", "pci_web/", "grdp_secondary/", "par_index_facts/"),
           indicators="INDICATORS",
           emits=("vcci_workbook", "pci_web", "grdp_secondary", "news_facts"),
           tags=_TIDY | {"explorer", "governance"},
           headline=(Headline("pci", "PCI composite (0-100)", "mean"),),
           citation="VCCI and USAID, The Vietnam Provincial Competitiveness Index"),
    Source("papi", "PAPI", "sources.papi",
           ("load_papi", "papi_comparison", "papi_not_assessed"), cache="papi_mlmcdm",
           version="2", raw=("papi/",),
           indicators="INDICATORS", emits=("papi_mlmcdm",),
           tags=_TIDY | {"explorer", "governance"},
           headline=(Headline("papi_total_6dim", "PAPI total, 6 dimensions (2011-2017)", "mean"),
                     Headline("papi_total_8dim", "PAPI total, 8 dimensions (2018-)", "mean")),
           citation="CECODES, VFF-CRT and UNDP, The Viet Nam Provincial Governance and Public "
                    "Administration Performance Index"),
    Source("facts", "Figures quoted from public pages", "sources.facts",
           ("load_facts", "conflicts"), cache="news_facts", raw=("par_index_facts/",),
           indicators="INDICATORS", emits=("news_facts",), tags=frozenset({"build"}),
           citation="par-analysis facts tables: PAR INDEX, SIPAS, PCI, PAPI and service-index "
                    "figures quoted from public pages, each with URL and sentence"),
    Source("par_index", "PAR INDEX", "sources.facts", ("load_par_index",),
           raw=("par_index_facts/",), indicators="INDICATORS", emits=("news_facts",),
           tags=frozenset({"tidy", "explorer", "governance"}),
           headline=(Headline("par_index", "PAR INDEX (%)", "mean"),),
           citation="Ministry of Home Affairs, PAR INDEX; figures quoted from public pages"),
    Source("sipas", "SIPAS", "sources.facts", ("load_sipas",), raw=("par_index_facts/",),
           indicators="INDICATORS", emits=("news_facts",),
           tags=frozenset({"tidy", "explorer", "governance"}),
           headline=(Headline("sipas", "SIPAS satisfaction (%)", "mean"),),
           citation="Ministry of Home Affairs, SIPAS; figures quoted from public pages"),
    Source("sqi766", "Service index of Decision 766", "sources.facts", ("load_sqi766",),
           raw=("par_index_facts/",), indicators="INDICATORS", emits=("news_facts",),
           tags=frozenset({"tidy", "explorer", "governance"}),
           headline=(Headline("sqi766", "Service index, Decision 766 (0-100)", "mean"),),
           citation="Government Office, index of service to citizens and businesses (Decision "
                    "766/QĐ-TTg); figures quoted from public pages"),
    Source("fdi", "FDI", "sources.fdi",
           ("load_fdi", "fill_zero_flows", "fdi_gso_comparison", "load_fdi_gso2016"),
           cache="fdi",
           raw=("fdi/",), indicators="INDICATORS", emits=("fia_quick_report",),
           tags=_TIDY | {"explorer", "economic"},
           headline=(Headline("fdi_registered_total_musd",
                              "FDI registered capital, total (US$ m)", "sum"),),
           citation="Foreign Investment Agency (MPI), year-end quick reports on FDI",
           fills_absent_with_zero="fill_zero_flows"),
    Source("population", "Population, area, labour (GSO)", "sources.controls",
           ("load_population",), cache="controls_population", version="2",
           raw=("population/",), indicators="INDICATORS_POPULATION", emits=("gso_web",),
           tags=_TIDY | {"economic"},
           citation="General Statistics Office of Vietnam, web tables"),
    Source("grdp", "GRDP (GSO yearbooks; revised panel)", "sources.controls", ("load_grdp",),
           cache="controls_grdp", version="3", raw=("grdp/", "grdp_secondary/"),
           indicators="INDICATORS_GRDP", emits=("grdp_yearbooks", "grdp_secondary"),
           tags=_TIDY | {"economic"},
           citation="GSO statistical yearbooks; Toan N.T.P. et al. (2024)"),
    Source("budget", "Provincial budgets (Ministry of Finance)", "sources.controls",
           ("load_budget", "budget_rda_comparison"), cache="controls_budget", version="2",
           raw=("budget/",), indicators="INDICATORS_BUDGET",
           emits=("mof_final_workbook", "mof_plan_workbook"), tags=_TIDY | {"economic"},
           citation="Ministry of Finance of Vietnam, budget disclosure"),
    Source("controls", "Controls: population, GRDP and budget together", "sources.controls",
           ("load_controls",), indicators="INDICATORS",
           emits=("gso_web", "grdp_yearbooks", "grdp_secondary", "mof_final_workbook",
                  "mof_plan_workbook")),
    Source("boundaries", "Province boundaries (63 and 34 units)", "boundaries",
           ("load_boundaries", "attribution"), cache="boundaries", raw=("boundaries/",),
           tags=frozenset({"build"}),
           citation="Open Development Mekong; geoBoundaries (Runfola et al. 2020); vnmap"),
    Source("initiatives", "Reform initiatives in the news", "initiatives",
           ("load_initiatives", "initiative_counts", "event_dates", "years_since_first",
            "find_initiatives"),
           citation="par-analysis initiative register (packaged), each row with URL and quote"),
    Source("reforms", "Reform adoption dates", "reforms",
           ("load_reforms", "adoption_dates", "adoption_panel", "reform_coverage"),
           raw=("reform_adoption/",),
           citation="par-analysis reform-adoption table (packaged): dates at which provinces "
                    "adopted standard reforms, each with URL and sentence"),
    Source("province_codes", "Province code tables", "province_table", ("provinces",),
           raw=("province_codes/", "gso_statistics_snapshot/"),
           citation="vietnamcode (Anh Le); vietnamadminunits (Tran Ngoc Minh Hieu)"),
)}


def load_cached(key: str, raw_files, build, *, refresh: bool = False, variant: str = "",
                packaged=()):
    """Return a source's frame from the parquet cache named and versioned in its entry.

    Parameters
    ----------
    key : str
        Catalogue key.
    raw_files : iterable of str
        Registry paths ``build`` reads (their hashes key the cache).
    build : callable
        Returns the frame.
    refresh : bool
        Rebuild even when current.
    variant : str
        Suffix of the cache name for sources with several caches (boundaries per layout).
    packaged : iterable of str
        Packaged tables (``par_analysis/_data``) ``build`` reads besides the raw files.

    Returns
    -------
    pandas.DataFrame
        The frame, checked against the source's declared shape
        (:func:`par_analysis.shapes.check_shape`: a missing year, province or feature raises).
    """
    from ..cache import cached

    source = SOURCES[key]
    if source.cache is None:
        raise ValueError(f"source {key!r} has no cache in the catalogue")
    from ..shapes import check_shape

    frame = cached(source.cache + variant, raw_files, build, source.version, refresh=refresh,
                   packaged=packaged)
    return check_shape(key, frame, source.loader)


@cache
def declared_indicators() -> dict:
    """Return every indicator any source declares, with its unit, range and label.

    Returns
    -------
    dict
        ``{name: Indicator}``; where two sources declare a name, the first in catalogue order.

    Examples
    --------
    >>> from par_analysis.sources.catalog import declared_indicators
    >>> declared_indicators()["pci"].hi
    100
    """
    found: dict = {}
    for source in SOURCES.values():
        for name, spec in source.declared().items():
            found.setdefault(name, spec)
    return found


def tagged(*tags: str) -> list[Source]:
    """Return the sources carrying every tag given, in catalogue order.

    Parameters
    ----------
    *tags : str
        Tags a source must all carry (``"tidy"``, ``"build"``, ``"explorer"``, ``"governance"``,
        ``"economic"``); none given returns every source.

    Examples
    --------
    >>> [s.loader for s in tagged("explorer")]
    ['load_pci', 'load_papi', 'load_par_index', 'load_sipas', 'load_sqi766', 'load_fdi']
    """
    return [s for s in SOURCES.values() if set(tags) <= s.tags]


def api() -> dict[str, str]:
    """Return ``{public function: module}`` for every function the sources add to the API."""
    return {name: s.module for s in SOURCES.values() for name in s.api}


def headlines(*tags: str) -> list[tuple[Source, Headline]]:
    """Return ``(source, headline)`` pairs of the sources carrying ``tags``, in catalogue order.

    Parameters
    ----------
    *tags : str
        Tags a source must all carry, as for :func:`tagged`.

    Examples
    --------
    >>> [h.indicator for _, h in headlines("governance")][:3]
    ['pci', 'papi_total_6dim', 'papi_total_8dim']
    """
    return [(s, h) for s in tagged(*tags) for h in s.headline]


_RANK = {sid.id: k for k, sid in enumerate(SOURCE_IDS)}


def rank_of(source: str) -> int:
    """Return the preference rank of a tidy ``source`` id (0 = preferred).

    ``"harmonized:<id>"`` ranks as ``<id>``. An id not in :data:`SOURCE_IDS` (a researcher's own
    data) ranks after every catalogued one.

    Parameters
    ----------
    source : str
        The ``source`` value of tidy rows (``"vcci_workbook"``).

    Examples
    --------
    >>> rank_of("harmonized:vcci_workbook") == rank_of("vcci_workbook"), rank_of("mine")
    (True, 10)
    """
    base = str(source).removeprefix("harmonized:")
    return _RANK.get(base, len(SOURCE_IDS))


def whole_edition_sources() -> tuple[str, ...]:
    """Return the ids of sources that give every province an edition scored."""
    return tuple(sid.id for sid in SOURCE_IDS if sid.whole_editions)


CELL = ["province_code", "layout", "year", "period", "indicator"]


def choose_source(data, *, among=None, keys=None):
    """Keep one row per province, layout, year, period and indicator: the preferred source's.

    The one rule of the package for "which source wins" (used by the panel, maps, profiles, the
    explorer and :func:`par_analysis.pci_main_series`): the source ranked first in
    :data:`SOURCE_IDS` (publisher files, then official statistics, secondary compilations,
    publishers' web pages, news quotes); sources not catalogued come last, alphabetically.

    Parameters
    ----------
    data : pandas.DataFrame
        Tidy rows (``source`` and the cell columns present among ``province_code, layout, year,
        period, indicator``).
    among : iterable of str, optional
        Only consider these source ids (``"harmonized:<id>"`` counts as ``<id>``).
    keys : list of str, optional
        Columns that identify a cell (default: those of :data:`CELL` present in ``data``).

    Returns
    -------
    pandas.DataFrame
        The chosen rows, in the order of ``data``, with ``n_sources``: how many sources had a
        value for the cell.

    Raises
    ------
    ValueError
        When one source gives two values for one cell (for example
        ``load_grdp(vintage="all")``, whose yearbook editions repeat cells: pick an edition first).

    Examples
    --------
    >>> import par_analysis as pa
    >>> rows = pa.tidy_frame([{"province_code": "40", "layout": "63", "year": 2019,
    ...     "source": s, "indicator": "pci", "value": v, "unit": "index_0_100", "raw_file": "f"}
    ...     for s, v in [("pci_web", 65.1), ("vcci_workbook", 65.09)]])
    >>> pa.choose_source(rows)[["source", "value", "n_sources"]].values.tolist()
    [['vcci_workbook', 65.09, 2]]
    """
    import pandas as pd

    keys = [c for c in CELL if c in data.columns] if keys is None else list(keys)
    if among is not None:
        wanted = set(among)
        data = data[data["source"].astype(str).str.removeprefix("harmonized:").isin(wanted)]
    dup = data.duplicated([*keys, "source"], keep=False)
    if dup.any():
        first = data[dup].iloc[0]
        where = ", ".join(f"{k}={first[k]}" for k in keys)
        found = ", ".join(f"{k} {first[k]}" for k in ("raw_file", "row") if k in data.columns)
        raise ValueError(f"source {first['source']} gives two values for one cell ({where}"
                         + (f"; {found}" if found else "") + "): select one vintage or edition "
                         "first")
    ids = pd.Series(data["source"].astype(str).to_numpy(), index=data.index)
    order = pd.DataFrame({"rank": ids.map(rank_of), "name": ids}, index=data.index)
    ranked = data.assign(_rank=order["rank"], _name=order["name"])
    ranked = ranked.sort_values([*keys, "_rank", "_name"], kind="stable")
    n_sources = ranked.groupby(keys, dropna=False)["source"].transform("size")
    chosen = ranked.assign(n_sources=n_sources.astype("int64")).drop_duplicates(keys)
    return chosen.drop(columns=["_rank", "_name"]).sort_index()
