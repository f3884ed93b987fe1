"""Tests of the PCI loader: golden publisher values for every edition, coverage, bad inputs.

Golden values come from the publisher: the VCCI province pages on pcivietnam.vn (quoted in
data/pci/SOURCE.md, or printed in the stored page tables of pci_web/), and for 2005, which no web
page covers, VCCI's own ranking sheet of the 2005 workbook.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.errors import RawDataError
from par_analysis.sources import pci
from par_analysis.sources._common import read_sheet


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return pa.load_pci()


@pytest.fixture(scope="module")
def workbook(table) -> pd.DataFrame:
    return table[table["source"] == "vcci_workbook"]


def value(df, name, year, indicator="pci", source="vcci_workbook"):
    code = pa.resolve(name, layout="64" if year <= 2008 else "63")
    hit = df[(df.province_code == code) & (df.year == year) & (df.indicator == indicator)
             & (df.source == source)]
    assert len(hit) == 1, (name, year, indicator, source, len(hit))
    return hit["value"].iat[0]


# (province, edition, PCI composite, where the publisher prints it)
GOLDEN_PCI = [
    ("Bình Dương", 2005, 76.82, "PCI_2005.xls ranking sheet (VCCI), rank 1"),
    ("Đà Nẵng", 2005, 70.67, "PCI_2005.xls ranking sheet (VCCI), rank 2"),
    ("Bình Phước", 2006, 46.29, "pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md)"),
    ("Bình Phước", 2007, 50.38, "pci_web/pages/binh-phuoc.txt"),
    ("Bình Phước", 2008, 53.71, "pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md)"),
    ("Vĩnh Phúc", 2008, 69.37, "pcivietnam.vn/en/provinces/vinh-phuc (SOURCE.md)"),
    ("Bình Phước", 2009, 56.15, "pci_web/pages/binh-phuoc.txt"),
    ("Bình Phước", 2010, 57.24, "pci_web/pages/binh-phuoc.txt"),
    ("Bình Phước", 2011, 65.87, "pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md)"),
    ("Vĩnh Phúc", 2012, 55.15, "pcivietnam.vn/en/provinces/vinh-phuc (SOURCE.md)"),
    ("Bình Phước", 2013, 57.47, "pci_web/pages/binh-phuoc.txt"),
    ("Vĩnh Phúc", 2014, 61.81, "pci_web/pages/vinh-phuc.txt"),
    ("Bình Phước", 2015, 56.41, "pci_web/pages/binh-phuoc.txt"),
    ("Bình Phước", 2016, 56.21, "pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md)"),
    ("Vĩnh Phúc", 2017, 64.90, "pcivietnam.vn/en/provinces/vinh-phuc (SOURCE.md)"),
    ("An Giang", 2017, 62.16, "shrc.agu.edu.vn (SOURCE.md)"),
    ("Vĩnh Phúc", 2018, 64.55, "pci_web/pages/vinh-phuc.txt"),
    ("Quảng Ninh", 2019, 73.40, "pcivietnam.vn/en/pci-subindices-of-63-provincescities"),
    ("Đồng Tháp", 2019, 72.10, "pcivietnam.vn/en/pci-subindices-of-63-provincescities"),
    ("Bình Phước", 2019, 62.21, "pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md)"),
    ("Vĩnh Phúc", 2019, 66.75, "pcivietnam.vn/en/provinces/vinh-phuc (SOURCE.md)"),
    ("TP.HCM", 2019, 67.16, "SOURCE.md spot-check 3 (xlsx; the web page shows N/A)"),
]


@pytest.mark.parametrize(("name", "year", "expected", "where"), GOLDEN_PCI)
def test_golden_composite(workbook, name, year, expected, where):
    assert value(workbook, name, year) == pytest.approx(expected, abs=0.006), where


def test_every_edition_has_a_golden_value():
    assert {year for _, year, _, _ in GOLDEN_PCI} == set(range(2005, 2020))


@pytest.mark.parametrize(("name", "year", "rank"), [
    ("An Giang", 2017, 32), ("TP.HCM", 2019, 14), ("Quảng Ninh", 2019, 1), ("Bình Dương", 2005, 1),
])
def test_golden_rank(workbook, name, year, rank):
    assert value(workbook, name, year, "pci_rank") == rank


SUB_2019 = ["pci_entry_costs", "pci_land_access", "pci_transparency", "pci_time_costs",
            "pci_informal_charges", "pci_policy_bias", "pci_proactivity",
            "pci_business_support", "pci_labour_training", "pci_legal_institutions"]


def test_golden_subindices_quang_ninh_2019(workbook):
    # pcivietnam.vn/en/pci-subindices-of-63-provincescities; 2017-2019 order: 6 policy bias,
    # 7 proactivity, 8 BSS, 9 labour, 10 law & order
    expected = [7.16, 7.00, 7.20, 7.89, 7.10, 7.69, 7.96, 6.68, 7.95, 7.58]
    got = [value(workbook, "Quảng Ninh", 2019, ind) for ind in SUB_2019]
    assert got == pytest.approx(expected, abs=0.006)


def test_golden_subindices_binh_phuoc_2006(workbook):
    # pcivietnam.vn/en/provinces/binh-phuoc (SOURCE.md spot-check 1)
    order = ["pci_entry_costs", "pci_land_access", "pci_transparency", "pci_time_costs",
             "pci_informal_charges", "pci_soe_bias", "pci_proactivity", "pci_business_support",
             "pci_labour_training", "pci_legal_institutions"]
    expected = [4.96, 6.82, 4.36, 5.28, 6.12, 6.37, 4.72, 4.36, 4.13, 2.52]
    got = [value(workbook, "Bình Phước", 2006, ind) for ind in order]
    assert got == pytest.approx(expected, abs=0.006)


def test_provinces_per_edition(workbook):
    counts = workbook[workbook.indicator == "pci"].groupby("year")["province_code"].nunique()
    expected = {2005: 42, 2006: 64, 2007: 64, 2008: 64} | {y: 63 for y in range(2009, 2020)}
    assert counts.to_dict() == expected


def test_layouts_and_ha_tay(workbook):
    layouts = workbook.groupby("year")["layout"].unique().map(list).to_dict()
    assert all(layouts[y] == (["64"] if y <= 2008 else ["63"]) for y in layouts)
    ha_tay = workbook[(workbook.province_code == "28") & (workbook.indicator == "pci")]
    assert sorted(ha_tay["year"]) == [2005, 2006, 2007, 2008]


def test_subindices_by_era(workbook):
    def years(indicator):
        return set(workbook.loc[workbook.indicator == indicator, "year"])

    assert years("pci_policy_bias") == set(range(2013, 2020))
    assert years("pci_soe_bias") == {2005, 2006, 2007, 2008}
    assert years("pci_implementation") == {2005}
    assert years("pci_labour_training") == set(range(2006, 2020))
    assert years("pci_unweighted") == {2007, 2008, 2010}


def test_2014_to_2016_not_the_stale_english_summary(workbook):
    assert set(workbook.loc[workbook.year.between(2014, 2016), "sheet"]) == {"Summary_VN"}
    wide = workbook[workbook.indicator == "pci"].pivot(
        index="province_code", columns="year", values="value")
    for year in (2014, 2015, 2016):
        assert (wide[year] - wide[2013]).abs().min() > 0


def test_2005_summary_agrees_with_ranking_sheet(workbook):
    cells = read_sheet("pci/vietnamdata/PCI_2005.xls", "Xếp hạng theo chỉ số PCI")
    ranking = pd.Series(cells.iloc[1:43, 1].astype(float).values,
                        index=pa.resolve(list(cells.iloc[1:43, 0]), layout="64"))
    summary = workbook[(workbook.year == 2005) & (workbook.indicator == "pci")]
    summary = summary.set_index("province_code")["value"]
    assert (summary - ranking[summary.index]).abs().max() < 0.01


def test_table_is_valid_and_keyed_by_source(table):
    pa.validate_tidy(table, pci.INDICATORS)
    assert set(table.source) == {"vcci_workbook", "pci_web", "grdp_secondary", "news_facts"}
    assert table.loc[table.source == "vcci_workbook", "raw_file"].str.startswith("pci/").all()


def test_grdp_secondary_covers_63_and_matches_web(table):
    grdp = table[table.source == "grdp_secondary"]
    assert grdp.groupby("year")["province_code"].nunique().to_dict() == {
        y: 63 for y in range(2016, 2023)}
    web = table[(table.source == "pci_web") & (table.indicator == "pci")]
    both = grdp.merge(web, on=["province_code", "year"], suffixes=("_grdp", "_web"))
    assert len(both) > 100
    assert (both.value_grdp - both.value_web).abs().max() < 0.006


def test_grdp_secondary_abbreviations_resolve_one_per_id():
    from par_analysis.sources._common import read_grdp_secondary

    raw = read_grdp_secondary(["year"])
    assert raw["province_code"].nunique() == 63
    assert pa.resolve(["LAN", "NAN", "SLA", "THOA", "KHOA"]) == ["80", "40", "14", "38", "56"]


def test_web_is_the_source_for_2020_to_2024(table):
    web = table[table.source == "pci_web"]
    assert web.loc[web.year.between(2020, 2022), "indicator"].nunique() == 12
    assert set(web.loc[web.year >= 2023, "year"]) == {2023, 2024}
    ranks = web.loc[(web.year >= 2023) & (web.indicator == "pci_rank"), "value"]
    assert (ranks <= 30).all()
    assert pci.PUBLISHED_TOP_N == {2023: 30, 2024: 30}


def test_web_comparison_reports_real_disagreements():
    diff = pa.pci_web_comparison()
    assert (diff.difference.abs() > 0.01).all()
    informal_2013 = diff[(diff.year == 2013) & (diff.indicator == "pci_informal_charges")]
    bp = informal_2013[informal_2013.province_code == "70"].iloc[0]
    assert bp.web_value == pytest.approx(4.50)
    assert bp.workbook_value == pytest.approx(6.838, abs=1e-3)
    assert set(diff.columns) >= {"province_code", "year", "indicator", "web_value",
                                 "workbook_value", "difference"}


# ---- bad inputs -------------------------------------------------------------------------------

def _patched(monkeypatch, edit):
    """Make parse_table read an edited copy of the sheet."""
    def fake(relpath, sheet):
        cells = read_sheet(relpath, sheet).copy()
        edit(cells)
        return cells
    monkeypatch.setattr(pci, "read_sheet", fake)


def test_wrong_sheet_name_names_file_and_sheet():
    bad = dataclasses.replace(pci.MANIFEST[2009][0], sheet="Tong Hop 2009")
    with pytest.raises(RawDataError) as err:
        pci.parse_table(bad, 2009)
    assert err.value.file == "pci/vietnamdata/PCI_2009.xls"
    assert err.value.sheet == "Tong Hop 2009"


def test_misspelled_province_names_file_sheet_row_value(monkeypatch):
    _patched(monkeypatch, lambda cells: cells.iat.__setitem__((9, 0), "Vinh Phucc"))
    with pytest.raises(RawDataError) as err:
        pci.parse_table(pci.MANIFEST[2019][0], 2019)
    e = err.value
    assert (e.file, e.sheet, e.row, e.value) == ("pci/vietnam_elections/PCI 2019.xlsx",
                                                 "Summary", 10, "Vinh Phucc")


def test_out_of_range_score(monkeypatch):
    _patched(monkeypatch, lambda cells: cells.iat.__setitem__((4, 5), 12.5))
    with pytest.raises(RawDataError, match="out of range") as err:
        pci.parse_table(pci.MANIFEST[2017][0], 2017)
    assert err.value.row == 5 and err.value.value == 12.5


def test_duplicate_province_with_other_values(monkeypatch):
    def edit(cells):
        dup = cells.index[cells[0].astype("string").str.strip() == "Ha Noi"][-1]
        cells.iat[dup, 3] = 1.23

    _patched(monkeypatch, edit)
    with pytest.raises(RawDataError, match="duplicate province row") as err:
        pci.parse_table(pci.MANIFEST[2018][0], 2018)
    assert err.value.row == 66 and err.value.value == "Ha Noi"


def test_duplicate_rows_repeat_the_table(workbook):
    # parse_table raises when the duplicate Ha Noi of 2017-2019 differs; it parsed, so they agree
    for year in (2017, 2018, 2019):
        cells = read_sheet(f"pci/vietnam_elections/PCI {year}.xlsx", "Summary")
        assert (cells[0].astype("string").str.strip() == "Ha Noi").sum() == 2


def test_shifted_column_fails_header_check():
    table = pci.MANIFEST[2017][0]
    shifted = dict(table.columns, pci_policy_bias=(0, 9))
    with pytest.raises(RawDataError, match=r"column 9 header does not match .*\(pci_policy_bias\)"):
        pci.parse_table(dataclasses.replace(table, columns=shifted), 2017)


def test_web_policy_bias_before_2009_is_soe_bias(table):
    web = table[table.source == "pci_web"]
    assert set(web.loc[web.indicator == "pci_policy_bias", "year"]).isdisjoint(range(2006, 2013))
    # Binh Phuoc 2006 "Policy Bias" row on pcivietnam.vn = the SOE-bias sub-index 6.37
    assert value(table, "Bình Phước", 2006, "pci_soe_bias", "pci_web") == 6.37


def test_news_figures_for_2023_and_2024_keep_their_quote():
    import par_analysis as pa

    news = pa.load_pci().query("source == 'news_facts'")
    hp = news.query("province_code == '31' and year == 2024 and indicator == 'pci'")
    assert hp["value"].item() == pytest.approx(74.84)  # Hai Phong first in PCI 2024
    assert news["quote"].notna().all() and news["source_url"].notna().all()
    qn = news.query("province_code == '22' and year == 2023 and indicator == 'pci'")
    assert qn["value"].item() == pytest.approx(71.25)
