"""Write par_analysis/_data/registry.csv from a mirror of the raw files.

Run it when a raw file is added to the mirror: ``python tools/build_registry.py ../shared/data``.
Origins, licences and citations come from the rules below, transcribed from each folder's SOURCE.md.
A file no rule covers stops the script: every raw file needs a stated origin.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

GH = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"

# (mirror prefix, repo, commit, repo path prefix that replaces the mirror prefix, licence, citation)
RULES = [
    ("province_codes/address-converter", "tranngocminhhieu/vietnamadminunits",
     "780c27980afdae76d5c6e7b252955f6b571f34ca", "data/_archived/address-converter", "MIT",
     "Tran Ngoc Minh Hieu (2025), vietnamadminunits"),
    ("province_codes/sapnhap", "tranngocminhhieu/vietnamadminunits",
     "780c27980afdae76d5c6e7b252955f6b571f34ca", "data/raw/sapnhap", "MIT",
     "Tran Ngoc Minh Hieu (2025), vietnamadminunits; sapnhap.bando.com.vn"),
    ("province_codes/convert_legacy", "tranngocminhhieu/vietnamadminunits",
     "780c27980afdae76d5c6e7b252955f6b571f34ca", "data/interim/convert_legacy", "MIT",
     "Tran Ngoc Minh Hieu (2025), vietnamadminunits"),
    ("province_codes/regex.csv", "LaDilettante/vietnamcode", "7330509f956cd451ce1e6c0b18f1572ca3d860e5",
     "data-raw/regex.csv", "GPL-3.0", "Anh Le (2017), vietnamcode R package"),
    ("province_codes/province_codes.dta", "LaDilettante/vietnamcode",
     "7330509f956cd451ce1e6c0b18f1572ca3d860e5", "data-raw/province_codes.dta", "GPL-3.0",
     "Anh Le (2017), vietnamcode R package"),
    ("province_codes/PCI2011.dta", "LaDilettante/vietnamcode", "7330509f956cd451ce1e6c0b18f1572ca3d860e5",
     "data-raw/PCI2011.dta", "GPL-3.0", "Anh Le (2017), vietnamcode R package"),
    ("province_codes/", "LaDilettante/vietnamcode", "7330509f956cd451ce1e6c0b18f1572ca3d860e5",
     "data/", "GPL-3.0", "Anh Le (2017), vietnamcode R package"),
    ("pci/vietnamdata/pci.rda", "mdtrinh/vietnamdata", "5e8d4e7408e1b3e422cde2f9f356240c6a50408b",
     "data/pci.rda", "CC0-1.0", "Minh D. Trinh (2018), vietnamdata; data: VCCI/USAID PCI"),
    ("pci/vietnamdata/", "mdtrinh/vietnamdata", "5e8d4e7408e1b3e422cde2f9f356240c6a50408b",
     "data-raw/PCI/", "CC0-1.0",
     "VCCI and USAID, Provincial Competitiveness Index data workbooks (via mdtrinh/vietnamdata)"),
    ("pci/vietnam_elections/PCI 2017", "mdtrinh/vietnam_elections", "c1bd5b2c4499a5c1b7c7d6193fe3994afdf616de",
     "Data/PCI/PCI 2017", "none stated (VCCI public release)",
     "VCCI and USAID, Provincial Competitiveness Index 2017 data workbook"),
    ("pci/vietnam_elections/PCI 2018", "mdtrinh/vietnam_elections", "c1bd5b2c4499a5c1b7c7d6193fe3994afdf616de",
     "Data/PCI/PCI 2018", "none stated (VCCI public release)",
     "VCCI and USAID, Provincial Competitiveness Index 2018 data workbook"),
    ("pci/vietnam_elections/", "mdtrinh/vietnam_elections", "2b8c1f148361f63a9b2f87e217a6c9221283dc37",
     "Data/PCI/", "none stated (VCCI public release)",
     "VCCI and USAID, Provincial Competitiveness Index data workbook (via mdtrinh/vietnam_elections)"),
    ("papi/ml-mcdm/codebook/", "hnks-gh/ml-mcdm", "035ed0137ea6768bf25920e0f5184a403f369fd5",
     "data/codebook/", "MIT", "Son Hoang (2026), ml-mcdm; data: CECODES, VFF-CRT and UNDP, PAPI"),
    ("papi/ml-mcdm/", "hnks-gh/ml-mcdm", "035ed0137ea6768bf25920e0f5184a403f369fd5", "data/csv/", "MIT",
     "CECODES, VFF-CRT and UNDP, PAPI sub-dimension scores (via hnks-gh/ml-mcdm)"),
    ("papi/vietnamdata/papi.rda", "mdtrinh/vietnamdata", "5e8d4e7408e1b3e422cde2f9f356240c6a50408b",
     "data/papi.rda", "CC0-1.0", "Minh D. Trinh (2018), vietnamdata"),
    ("papi/vietnamdata/", "mdtrinh/vietnamdata", "5e8d4e7408e1b3e422cde2f9f356240c6a50408b",
     "data-raw/PAPI/", "CC0-1.0", "CECODES, VFF-CRT and UNDP, PAPI 2011-2016 (via mdtrinh/vietnamdata)"),
    ("papi/vietnam_elections/", "mdtrinh/vietnam_elections", "2b8c1f148361f63a9b2f87e217a6c9221283dc37",
     "Data/PAPI/", "none stated (publisher's download)",
     "CECODES, VFF-CRT and UNDP, PAPI data files (via mdtrinh/vietnam_elections)"),
    ("fdi/fia_quick_reports/", "HungNT1st/CS571_Project", "7d6415f82851f9c024dd4a540064472727c8dfe2",
     "data/", "none stated (official statistics)",
     "Foreign Investment Agency (MPI), year-end quick reports on FDI"),
    ("fdi/gso_yearbook_2016/", "choisy/gso", "50040d2c4b4f8b8a92f6e236c3a7ebd15fc6a058",
     None, "GPL-3.0", "General Statistics Office of Vietnam, web tables (via choisy/gso, zip member)"),
    ("population/", "choisy/gso", "50040d2c4b4f8b8a92f6e236c3a7ebd15fc6a058", None, "GPL-3.0",
     "General Statistics Office of Vietnam, web tables (via choisy/gso, zip member)"),
    ("gso_statistics_snapshot/gso_21092018.zip", "choisy/gso", "50040d2c4b4f8b8a92f6e236c3a7ebd15fc6a058",
     "data-raw/gso_21092018.zip", "GPL-3.0", "General Statistics Office of Vietnam, web tables"),
    ("grdp/", "mdtrinh/vietnam_elections", "84348767096a193634f9d4fb6c4116dbf4789a05", "Data/Covariates/",
     "none stated (GSO yearbook figures)", "Minh D. Trinh, vietnam_elections; data: GSO statistical yearbooks"),
    ("grdp_secondary/Dataset.dta",
     "tnguyentranphuoc-commits/ENTREPRENEURSHIP-INVESTMENT-AND-REGIONAL-ECONOMIC-DEVELOPMENT-IN-VIETNAM-A-PANEL-APPROACH",
     "7ed8cec06e43317ff4916526f61895c40d3f1a2b", "Dataset.dta", "MIT per README (no LICENSE file)",
     "Toan N.T.P. et al. (2024), CELG 2024, UEH; data: GSO, VCCI"),
    ("budget/vietnam_elections_2021/provincial_expenditure_compiled/MOF", "mdtrinh/vietnam_elections",
     "84348767096a193634f9d4fb6c4116dbf4789a05", None, "none stated",
     "Minh D. Trinh, vietnam_elections (hand-compiled provincial budget files)"),
    ("budget/vietnam_elections_2021/provincial_expenditure_compiled/GSO", "mdtrinh/vietnam_elections",
     "84348767096a193634f9d4fb6c4116dbf4789a05", None, "none stated",
     "Minh D. Trinh, vietnam_elections (hand-compiled from GSO yearbooks)"),
    ("budget/vietnam_elections_2021/", "mdtrinh/vietnam_elections", "84348767096a193634f9d4fb6c4116dbf4789a05",
     "Data/Vietnam National Budget/", "none stated (Ministry of Finance publications)",
     "Ministry of Finance of Vietnam, budget disclosure (via mdtrinh/vietnam_elections)"),
    ("budget/raw_mof/", "mdtrinh/vietnamdata", "be581b8d5b1f0c6a747199fe23d8a77e55396e17", "data-raw/Budget/",
     "CC0-1.0", "Ministry of Finance of Vietnam, budget disclosure (via mdtrinh/vietnamdata)"),
    ("budget/VNbudget", "mdtrinh/vietnamdata", "be581b8d5b1f0c6a747199fe23d8a77e55396e17", "data/VNbudget",
     "CC0-1.0", "Minh D. Trinh (2018), vietnamdata"),
    ("budget/", "mdtrinh/vietnamdata", "be581b8d5b1f0c6a747199fe23d8a77e55396e17", "data-raw/Budget/",
     "CC0-1.0", "Minh D. Trinh (2018), vietnamdata; data: Ministry of Finance"),
    ("boundaries/crosswalk_63_to_34/crosswalk_63_to_34_long.csv", None, None, None, "MIT (derived)",
     "Derived from ura8107/vnmap provinces_63.csv and provinces_34.csv; Resolution 202/2025/QH15"),
    ("boundaries/crosswalk_63_to_34/", "ura8107/vnmap", "dfc51f8c1db56151b34a2fe983914ee1b848143b",
     "data-raw/", "MIT", "Yuki Matsuura (2026), vnmap; Resolution 202/2025/QH15, Decision 19/2025/QD-TTg"),
    ("boundaries/vn34_vnmap_dissolved_geoboundaries/vietnam-provinces-34", "ura8107/vnmap",
     "dfc51f8c1db56151b34a2fe983914ee1b848143b", "app-assets/vietnam-calendar/vietnam-provinces-34",
     "CC-BY-4.0 (geoBoundaries derivative; vnmap MIT)",
     "Yuki Matsuura (2026), vnmap; boundaries courtesy of geoBoundaries.org (Runfola et al. 2020)"),
    ("boundaries/vn34_vnmap_dissolved_geoboundaries/", "ura8107/vnmap",
     "dfc51f8c1db56151b34a2fe983914ee1b848143b", None, "MIT", "Yuki Matsuura (2026), vnmap"),
    ("boundaries/vn63_geoboundaries_gbopen_2008/geoBoundaries-VNM-ADM1_simplified", "nhdthnh/GeoJson",
     "69e777fc1fbc348adba0b7a14ab1f78ef119bf66", None, "CC-BY-4.0",
     "Runfola et al. (2020) geoBoundaries, PLoS ONE 15(4): e0231866"),
    ("boundaries/vn63_geoboundaries_gbopen_2008/", "nhdthnh/GeoJson",
     "f643645457b621b86ce18c954ee7a5ae4dd74ab3", None, "CC-BY-4.0",
     "Runfola et al. (2020) geoBoundaries, PLoS ONE 15(4): e0231866"),
    ("boundaries/vn63_odm_diaphantinh_topojson/diaphantinh.json", "phamductu/vietnamese-provincial-icons",
     "8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd", "data/diaphantinh.json", "CC-BY-SA-4.0",
     "Open Development Mekong / Open Development Vietnam, 'Dia phan tinh' (via phamductu)"),
    ("boundaries/vn63_odm_diaphantinh_topojson/", "phamductu/vietnamese-provincial-icons",
     "8eb9ac1c0bec06cbc4e3311dfc430da8a67375cd", None, "MIT (repository files)",
     "phamductu/vietnamese-provincial-icons"),
    ("boundaries/vn34_sapnhap_thanglequoc/", "thanglequoc/vietnamese-provinces-database",
     "cd58063299585146ded3981f2272946ef19ced54", "json/geojson/",
     "MIT (repository); geometry from sapnhap.bando.com.vn, terms unverified",
     "Thang Le Quoc, vietnamese-provinces-database; Vietnam Administrative Units Reference Map"),
    ("pci_web/", None, None, None, "facts quoted from the publisher's pages (VCCI)",
     "VCCI, PCI province pages (pcivietnam.vn), copied into the shared mirror"),
    ("par_index_facts/facts_round2.csv", None, None, None,
     "facts quoted from public pages, each with its URL",
     "Second collection for par-analysis from public pages (2026); each row keeps its source_url, "
     "quote and a verified flag"),
    ("par_index_facts/", None, None, None, "facts quoted from public pages, each with its URL",
     "Compiled for par-analysis from public news pages; each row keeps its source_url and quote"),
    ("reform_adoption/", None, None, None, "facts quoted from public pages, each with its URL",
     "First-pass collection of reform-adoption dates for par-analysis from public pages (unverified); "
     "each row keeps its source_url and quote"),
    ("", None, None, None, "documentation of the mirror", "par-analysis shared data mirror"),
]


def rule_for(rel: str):
    """Return the first rule whose prefix the mirror-relative path starts with."""
    if Path(rel).name.startswith("SOURCE"):  # SOURCE.md, SOURCE_round2.md
        return RULES[-1]
    for rule in RULES:
        if rel.startswith(rule[0]):
            return rule
    raise SystemExit(f"no origin rule for {rel}: add one to RULES")


def main(mirror: str) -> None:
    """Scan the mirror and write the registry CSV."""
    root = Path(mirror)
    rows = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(root).as_posix()
        if rel == "README.md":  # the mirror's catalogue; data/raw/README.md is ours
            continue
        prefix, repo, commit, repo_prefix, licence, citation = rule_for(rel)
        origin = url = ""
        if repo:
            repo_path = (repo_prefix + rel[len(prefix):]) if repo_prefix is not None else ""
            origin = f"github:{repo}@{commit}" + (f":{repo_path}" if repo_path else "")
            if repo_path:
                url = GH.format(repo=repo, commit=commit, path=repo_path.replace(" ", "%20"))
        else:
            origin = "shared mirror (no public download)"
        rows.append({
            "path": rel,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "size": path.stat().st_size,
            "source": rel.split("/")[0] if "/" in rel else "mirror",
            "origin": origin,
            "url": url,
            "licence": licence,
            "citation": citation,
        })
    out = Path(__file__).resolve().parents[1] / "par_analysis" / "_data" / "registry.csv"
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} files -> {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
