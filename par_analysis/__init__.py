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

__version__ = "0.1.0"

# public name -> module that defines it (relative to this package)
_API = {
    # foundation
    "provinces": "province_table", "resolve": "province_table", "crosswalk": "province_table",
    "regions": "province_table", "name_of": "province_table", "normalize_name": "province_table",
    "is_province": "province_table", "province_rows": "province_table",
    "fetch": "registry", "raw_files": "registry", "raw_path": "registry",
    "tidy_frame": "schema", "validate_tidy": "schema", "Indicator": "schema",
    "TIDY_COLUMNS": "schema",
    "ParAnalysisError": "errors", "RawDataError": "errors", "UnknownProvinceError": "errors",
    "FetchError": "errors",
    # governance loaders
    "load_pci": "sources.pci", "pci_web_comparison": "sources.pci",
    "pci_main_series": "sources.pci",
    "load_papi": "sources.papi", "papi_comparison": "sources.papi",
    "load_par_index": "sources.facts", "load_sipas": "sources.facts",
    "load_sqi766": "sources.facts", "conflicts": "sources.facts", "load_facts": "sources.facts",
    "coverage": "coverage_table", "coverage_summary": "coverage_table",
    "plot_coverage": "coverage_table",
    # economic loaders and the panel
    "load_fdi": "sources.fdi", "fill_zero_flows": "sources.fdi",
    "fdi_gso_comparison": "sources.fdi",
    "load_controls": "sources.controls",
    "load_population": "sources.controls", "load_grdp": "sources.controls",
    "load_budget": "sources.controls", "budget_rda_comparison": "sources.controls",
    "build_panel": "panel", "panel_sources": "panel", "missing_report": "panel",
    # analysis
    "harmonize": "harmonization",
    "panel_fe": "models", "wild_cluster_bootstrap": "models", "event_study": "models",
    "plot_event_study": "models", "regression_table": "models",
    "correlations": "metrics", "correlation_matrix": "metrics",
    "yearly_correlation": "metrics",
    # maps and spatial
    "load_boundaries": "boundaries", "attribution": "boundaries",
    "choropleth": "maps",
    # initiatives and text
    "load_initiatives": "initiatives", "extract_figures": "text",
    "initiative_counts": "initiatives", "event_dates": "initiatives",
    "years_since_first": "initiatives",
    # reports and widgets
    "explore": "widgets",
}
# submodules reachable as attributes; none shares a name with a function above, because importing
# a submodule sets the package attribute of its name
_SUBMODULES = {
    "metrics", "models", "spatial", "maps", "boundaries", "panel", "harmonization",
    "coverage_table", "initiatives", "text", "widgets", "report", "profiles", "sources",
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
