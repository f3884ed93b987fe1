"""One module per data source; shared parsing helpers in :mod:`par_analysis.sources._common`."""
