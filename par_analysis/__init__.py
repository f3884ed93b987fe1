"""par-analysis: Vietnam's provincial public-administration reform in data.

A flat API over loaders (PCI, PAPI, PAR INDEX, SIPAS, the Decision 766 service index, FDI and
controls), the province table with the 64/63/34 layouts, metrics, models, maps and reports.
Every name is imported lazily, so ``import par_analysis`` stays light: geopandas, statsmodels,
matplotlib and seaborn load when a function that needs them is first called.

Examples
--------
>>> import par_analysis as pa
>>> pa.resolve("TP.HCM")
'79'
"""

from __future__ import annotations

import importlib

from .sources import catalog as _catalog

__version__ = "0.1.0"

# public name -> module that defines it (relative to this package); the data sources' functions
# come from the source catalogue, where each source is declared once
_API = {
    # foundation
    "resolve": "province_table", "crosswalk": "province_table",
    "regions": "province_table", "name_of": "province_table", "normalize_name": "province_table",
    "is_province": "province_table", "province_rows": "province_table",
    "province_mask": "province_table", "layout_on": "province_table",
    "layout_of_year": "province_table",
    "fetch": "registry", "raw_files": "registry", "raw_path": "registry",
    "registry_version": "registry",
    "tidy_frame": "schema", "validate_tidy": "schema", "Indicator": "schema", "Unit": "schema",
    "TIDY_COLUMNS": "schema",
    "ParAnalysisError": "errors", "RawDataError": "errors", "UnknownProvinceError": "errors",
    "FetchError": "errors", "DiskFullError": "errors", "IncompleteDataError": "errors",
    "expected_shapes": "shapes", "allow_incomplete": "shapes",
    "choose_source": "sources.catalog", "series_breaks": "breaks", "load_tidy": "sources",
    "coverage": "coverage_table", "coverage_summary": "coverage_table",
    "plot_coverage": "coverage_table",
    "build_panel": "panel", "panel_sources": "panel", "missing_report": "panel",
    "panel_coverage": "panel", "CoverageWarning": "panel",
    # analysis
    "harmonize": "harmonization",
    "panel_fe": "models", "wild_cluster_bootstrap": "models", "staggered_did": "models",
    "did_sample": "models", "plot_event_study": "models", "regression_table": "models",
    "correlations": "metrics", "correlation_matrix": "metrics",
    "yearly_correlation": "metrics",
    # maps and text
    "choropleth": "maps", "extract_figures": "text",
    # discovery and export
    "indicators": "codebook", "suggest": "codebook", "write_codebook": "codebook",
    "export": "exports", "codebook_of": "exports", "provenance_of": "exports",
    "stata_names": "exports", "read_export_metadata": "exports",
    "example_tidy": "examples", "example_panel": "examples",
    # reports and widgets
    "explore": "widgets",
    "use_report_style": "reportstyle", "integer_years": "reportstyle",
    "styled_table": "reportstyle", "small_text": "reportstyle",
    **_catalog.api(),
}
# submodules reachable as attributes; none shares a name with a function above, because importing
# a submodule sets the package attribute of its name
_SUBMODULES = {
    "metrics", "models", "spatial", "maps", "boundaries", "panel", "harmonization",
    "coverage_table", "initiatives", "reforms", "text", "widgets", "report", "profiles",
    "sources", "vocab", "breaks", "codebook", "exports", "examples",
    "reportstyle", "shapes",
    "province_table", "registry", "schema", "cache", "paths", "errors",
}

__all__ = sorted(_API) + sorted(_SUBMODULES)


def __getattr__(name: str):
    if name in _API:
        module = importlib.import_module(f".{_API[name]}", __name__)
        value = getattr(module, name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'par_analysis' has no attribute {name!r}")


def __dir__():
    return __all__
