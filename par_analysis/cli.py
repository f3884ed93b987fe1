"""The ``par-analysis`` command: fetch, build, report, profile, indicators, export.

Examples
--------
``par-analysis fetch --mirror ../shared/data`` fills ``data/raw``; ``par-analysis build`` rebuilds
the processed cache; ``par-analysis report`` executes every notebook into ``reports/*.html`` and
writes the codebook; ``par-analysis profile --all`` writes the province profiles
(``par-analysis profile "Nghệ An"`` one of them); ``par-analysis indicators thu tuc`` searches the
codebook; ``par-analysis export panel.dta --indicators pci par_index`` writes a panel for Stata.
"""

from __future__ import annotations

import argparse
import sys
import time


def _fetch(args) -> int:
    from .errors import FetchError
    from .registry import fetch

    start = time.perf_counter()
    try:
        status = fetch(mirror=args.mirror, force=args.force, verbose=args.verbose)
    except FetchError as exc:
        print(f"fetch failed: {exc}", file=sys.stderr)
        return 1
    counts = {k: list(status.values()).count(k) for k in ("present", "mirror", "download")}
    print(
        f"fetch: {len(status)} raw files checked ({counts['present']} already present, "
        f"{counts['mirror']} copied from the mirror, {counts['download']} downloaded) "
        f"in {time.perf_counter() - start:.1f} s"
    )
    return 0


class _PrintRebuilds:
    """Print the cache's "rebuilt <name>: <reason>" records as build lines."""

    def __enter__(self):
        import logging

        self.handler = logging.StreamHandler(sys.stdout)
        self.handler.setFormatter(logging.Formatter("build:   %(message)s"))
        self.logger = logging.getLogger("par_analysis.cache")
        self.level = self.logger.level
        self.logger.addHandler(self.handler)
        self.logger.setLevel(logging.INFO)
        return self

    def __exit__(self, *exc):
        self.logger.removeHandler(self.handler)
        self.logger.setLevel(self.level)


def _build(args) -> int:
    with _PrintRebuilds():
        return _build_all(args)


def _build_all(args) -> int:
    from .errors import ParAnalysisError
    from .sources.catalog import tagged

    # every cached loader of the catalogue; packaged tables (initiatives) need no build step.
    # Each raw file is hash-checked as it is read, and a cache that is not current (inputs
    # changed, file damaged or truncated) is rebuilt with its reason printed
    for source in tagged("build"):
        start = time.perf_counter()
        try:
            df = source.load(refresh=args.refresh)
        except ParAnalysisError as exc:
            print(f"build failed in {source.loader}: {exc}", file=sys.stderr)
            return 1
        print(f"build: {source.loader:<18} {len(df):>7} rows  "
              f"{time.perf_counter() - start:5.1f} s")
    return 0


def _report(args) -> int:
    from .report import run_reports

    return run_reports(with_code=args.with_code, jobs=args.jobs, only=args.notebooks,
                       profiles=args.profiles)


def _profile(args) -> int:
    from .errors import UnknownProvinceError
    from .profiles import write_profiles
    from .province_table import resolve

    try:
        codes = resolve(args.provinces, layout=args.layout) if args.provinces else None
    except UnknownProvinceError as exc:
        print(exc, file=sys.stderr)
        return 2
    write_profiles(codes=codes, layout=args.layout, all_layouts=args.all)
    return 0


def _indicators(args) -> int:
    from .codebook import indicators

    table = indicators(" ".join(args.query) or None)
    if table.empty:
        print(f"no indicator matches {' '.join(args.query)!r}", file=sys.stderr)
        return 1
    for row in table.itertuples():
        print(f"{row.indicator:<50} {row.years:<10} {row.unit_label:<14} {row.label}")
    return 0


def _export(args) -> int:
    import warnings

    from .errors import ParAnalysisError
    from .exports import export
    from .panel import build_panel
    from .sources import load_tidy

    try:
        if args.indicators:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                data = build_panel(args.indicators, layout=args.layout)
            for warning in caught:
                print(f"note: {warning.message}", file=sys.stderr)
        else:
            data = load_tidy(args.sources or None)
        written = export(data, args.path)
    except (ParAnalysisError, ValueError, KeyError) as exc:
        print(f"export failed: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"export: wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``par-analysis`` command."""
    parser = argparse.ArgumentParser(prog="par-analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "fetch", help="fill data/raw from a mirror folder or the origins, hash-checked"
    )
    p.add_argument(
        "--mirror",
        help="folder laid out like the registry (default: $PAR_ANALYSIS_MIRROR or ../shared/data)",
    )
    p.add_argument("--force", action="store_true", help="copy again even when present")
    p.add_argument("--verbose", "-v", action="store_true")
    p.set_defaults(func=_fetch)

    p = sub.add_parser("build", help="rebuild the processed cache from the raw files")
    p.add_argument("--refresh", action="store_true", help="rebuild even when current")
    p.set_defaults(func=_build)

    p = sub.add_parser("report", help="execute notebooks/*.ipynb into reports/*.html")
    p.add_argument("notebooks", nargs="*", help="only these notebooks (names or paths)")
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument(
        "--jobs", "-j", type=int, default=None, help="parallel notebooks (default: cores)"
    )
    p.add_argument("--profiles", action="store_true",
                   help="also write every profile (as `profile --all`) in the same worker pool")
    p.set_defaults(func=_report)

    p = sub.add_parser("profile", help="write one-page HTML profiles of provinces")
    p.add_argument("provinces", nargs="*",
                   help="names or GSO codes (default: every unit of the layout)")
    p.add_argument("--layout", choices=["63", "34"], default="63")
    p.add_argument("--all", action="store_true", help="every unit of both layouts, plus the index")
    p.set_defaults(func=_profile)

    p = sub.add_parser("indicators", help="search the codebook (English or Vietnamese)")
    p.add_argument("query", nargs="*", help="words to find; diacritics and case do not matter")
    p.set_defaults(func=_indicators)

    p = sub.add_parser("export", help="write a panel or tidy table for Stata, R, Excel, Arrow")
    p.add_argument("path", help="output file: .csv, .xlsx, .dta or .parquet")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--indicators", nargs="+", help="a wide panel of these indicators")
    what.add_argument("--sources", nargs="+",
                      help="the tidy table of these catalogue sources (default: all)")
    p.add_argument("--layout", choices=["63", "34"], default="63", help="layout of the panel")
    p.set_defaults(func=_export)
    return parser


def main(argv=None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name; None reads them from ``sys.argv``.
    """
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
