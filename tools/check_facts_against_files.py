"""Compare the PCI and PAPI figures of facts_round2.csv with the publishers' files.

Run after a new facts file or a loader change: ``python tools/check_facts_against_files.py``.
A round-2 row whose collector did not read it again on its page counts when its score (and rank,
when printed) equals the publisher's file: the VCCI workbooks (PCI to 2019), the student panel's
composite (PCI 2020-2022, equal to the publisher's web tables) or the PAPI scores. PAPI totals
in the file are sums of rounded dimension scores, so they may differ from a published total by up
to 0.015; ranks are computed from the file's scores (1 = highest) and may differ by one place from
the published ranking, which is computed on unrounded scores. The result replaces
the ``publisher_file`` lines of ``par_analysis/_data/facts_checks.csv``; page re-checks stay.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

import par_analysis as pa
from par_analysis.sources.facts import CHECKS, FACTS_ROUND2, _read

OUT = Path(__file__).resolve().parents[1] / CHECKS.path


def file_values() -> pd.DataFrame:
    """Scores and computed ranks per province and year from the publishers' files."""
    pci = pa.pci_main_series().query("indicator == 'pci'")
    papi = pa.load_papi().query("indicator in ['papi_total_6dim', 'papi_total_8dim']")
    both = pd.concat([pci.assign(index="PCI"), papi.assign(index="PAPI")])
    both = both[both["province_code"].str.match(r"^\d")]
    both["file_rank"] = both.groupby(["index", "year", "indicator"])["value"].rank(
        ascending=False, method="min")
    both = both.rename(columns={"raw_file": "file"})
    return both[["index", "province_code", "year", "value", "file_rank", "source", "file"]]


def main() -> None:
    """Compare, and rewrite the publisher-file lines of the record."""
    facts = _read()
    todo = facts[(facts["raw_file"] == FACTS_ROUND2) & facts["index"].isin(["PCI", "PAPI"])
                 & (facts["verified"] != "yes") & (facts["year"] != "")].copy()
    todo["province_code"] = pa.resolve(list(todo["province"]), "63")
    todo["year"] = todo["year"].astype("int64")
    files = file_values()
    merged = todo.merge(files, on=["index", "province_code", "year"], how="left")
    lines = []
    for r in merged.itertuples():
        if pd.isna(r.value):
            continue  # no file for this year: the row needs a page check
        notes, ok = [], True
        if r.score:
            decimals = len(r.score.split(".")[1]) if "." in r.score else 0
            slack = 0.015 if r.index == "PAPI" else 1e-9
            if abs(float(r.score) - round(r.value, decimals)) > slack:
                ok = False
            notes.append(f"score {r.score} vs file {r.value:.4g}")
        if r.rank:
            if abs(int(r.rank) - int(r.file_rank)) > 1:
                ok = False
            notes.append(f"rank {r.rank} vs file {int(r.file_rank)}")
        if not notes:
            continue
        lines.append({"raw_file": FACTS_ROUND2, "line": r.line,
                      "status": "publisher_file_agrees" if ok else "publisher_file_differs",
                      "method": "publisher_file",
                      "note": f"{'; '.join(notes)} ({r.source}, {r.file})"})
    kept = [row for row in csv.DictReader(OUT.open(encoding="utf-8"))
            if row["method"] != "publisher_file"]
    rows = sorted(kept + lines, key=lambda r: (r["raw_file"], int(r["line"])))
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["raw_file", "line", "status", "method", "note"])
        writer.writeheader()
        writer.writerows(rows)
    agree = sum(r["status"] == "publisher_file_agrees" for r in lines)
    print(f"{len(lines)} rows compared with a publisher's file: {agree} agree, "
          f"{len(lines) - agree} differ -> {OUT}")


if __name__ == "__main__":
    main()
