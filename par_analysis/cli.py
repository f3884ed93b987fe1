"""The ``par-analysis`` command: fetch, build, report, profile.

Examples
--------
``par-analysis fetch --mirror ../shared/data`` fills ``data/raw``; ``par-analysis build`` rebuilds
the processed cache; ``par-analysis report`` executes every notebook into ``reports/*.html``;
``par-analysis profile --all`` writes the province profiles.
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


def _build(args) -> int:
    from .errors import ParAnalysisError
    from .sources.catalog import tagged

    # every cached loader of the catalogue; packaged tables (initiatives) need no build step
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

    return run_reports(with_code=args.with_code, jobs=args.jobs, only=args.notebooks)


def _profile(args) -> int:
    from .profiles import write_profiles

    write_profiles(codes=args.codes or None, layout=args.layout, all_layouts=args.all)
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
    p.set_defaults(func=_report)

    p = sub.add_parser("profile", help="write one-page HTML profiles of provinces")
    p.add_argument("codes", nargs="*", help="GSO codes (default: every unit of the layout)")
    p.add_argument("--layout", choices=["63", "34"], default="63")
    p.add_argument("--all", action="store_true", help="every unit of both layouts, plus the index")
    p.set_defaults(func=_profile)
    return parser


def main(argv=None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
