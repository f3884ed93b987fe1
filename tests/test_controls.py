"""Tests of the controls loaders: population, GRDP (two series) and budget."""

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.sources import controls


@pytest.fixture(scope="module")
def pop():
    return pa.load_population()


@pytest.fixture(scope="module")
def grdp():
    return pa.load_grdp()


@pytest.fixture(scope="module")
def budget():
    return pa.load_budget()


def one(df, code, year, indicator, **where):
    sel = df[(df.province_code == code) & (df.year == year) & (df.indicator == indicator)]
    for col, val in where.items():
        sel = sel[sel[col] == val]
    assert len(sel) == 1, (code, year, indicator, len(sel))
    return sel.iloc[0]


def test_population_golden(pop):
    # census 2009 check in population/SOURCE.md
    assert one(pop, "40", 2009, "population_thousand_gso2016").value == 2914.5
    assert one(pop, "40", 2011, "area_km2_gso2016").value == pytest.approx(16493.7)
    assert one(pop, "40", 2016, "population_thousand_gso2016").note == "preliminary"


def test_population_ha_tay_layouts(pop):
    ha_tay = pop[(pop.province_code == "28") & (pop.indicator == "population_thousand_gso2016")]
    assert ha_tay.year.max() == 2007 and set(ha_tay.layout) == {"64"}
    ha_noi_07 = one(pop, "01", 2007, "population_thousand_gso2016")
    ha_noi_08 = one(pop, "01", 2008, "population_thousand_gso2016")
    assert (ha_noi_07.layout, ha_noi_07.value) == ("64", 3228.5)
    assert (ha_noi_08.layout, ha_noi_08.value) == ("63", 6381.8)
    assert set(pop.loc[pop.year >= 2008, "layout"]) == {"63"}


def test_grdp_yearbooks_latest_vintage(grdp):
    row = one(grdp, "40", 2010, "grdp_current_bn_vnd_pre2019rev", source="grdp_yearbooks")
    assert row.value == pytest.approx(42168.5, abs=0.05)
    const = one(grdp, "40", 2010, "grdp_const2010_bn_vnd_pre2019rev", source="grdp_yearbooks")
    assert const.value == pytest.approx(row.value)
    hn = one(grdp, "01", 2011, "grdp_current_bn_vnd_pre2019rev", source="grdp_yearbooks")
    assert hn.value == pytest.approx(365239, abs=1)
    older = pa.load_grdp(vintage=2014)
    assert one(older, "01", 2011, "grdp_current_bn_vnd_pre2019rev").value == pytest.approx(
        318312, abs=1)


def test_grdp_revision_is_a_break_not_a_splice(grdp):
    sec = grdp[grdp.source == "grdp_secondary"]
    rev = sec[sec.indicator == "grdp_current_bn_vnd_rev2019"]
    assert rev.year.min() == 2016  # 2016 in Dataset.dta mixes bases (test below)
    assert not rev.query("year == 2016")["province_code"].isin(["01"]).any()
    assert one(sec, "01", 2016, "grdp_current_bn_vnd_pre2019rev").value == 599178
    assert one(sec, "01", 2017, "grdp_current_bn_vnd_rev2019").value == 843508
    # Nghe An 2020-2022 vs the provincial Statistics Office (grdp_secondary/SOURCE.md)
    for year, published in [(2020, 144523), (2021, 155441)]:
        got = one(sec, "40", year, "grdp_current_bn_vnd_rev2019").value
        assert abs(got / published - 1) < 0.003
    assert one(sec, "40", 2019, "population_thousand_rev2019").value == pytest.approx(3337.2,
                                                                                         abs=0.05)
    assert one(sec, "01", 2022, "new_enterprises").value == 29720


def test_kon_tum_2022_typo_excluded_and_flagged(grdp):
    flags = controls.grdp_flags()
    assert list(zip(flags.province_code, flags.year, strict=True)) == [("62", 2022)]
    assert flags.grdp.item() == 54.0
    assert not ((grdp.province_code == "62") & (grdp.year == 2022)
                & (grdp.indicator == "grdp_current_bn_vnd_rev2019")).any()
    # the rest of the Kon Tum 2022 row is kept
    assert one(grdp, "62", 2022, "population_thousand_rev2019").value > 0


def test_budget_golden_against_mof_workbooks(budget):
    # budget/SOURCE.md spot-check 1 (Nghe An, values printed in the MOF workbooks)
    row = one(budget, "40", 2006, "budget_final_revenue_mvnd")
    assert (row.value, row.raw_file, row.sheet, row.row) == (
        1834046, "budget/raw_mof/Final_2006.xls", "Sheet1", 45)  # STT 28
    assert one(budget, "40", 2006, "budget_final_expenditure_mvnd").value == 4495568
    assert one(budget, "40", 2006, "budget_final_transfer_total_mvnd").value == 2568410
    assert one(budget, "40", 2006, "budget_final_transfer_targeted_mvnd").value == 1329571
    assert one(budget, "40", 2011, "budget_final_revenue_mvnd").value == 11164160
    assert one(budget, "40", 2011, "budget_final_expenditure_mvnd").value == pytest.approx(
        18304814, abs=1)
    assert one(budget, "40", 2011, "budget_final_transfer_balancing_mvnd").value == (
        pytest.approx(4989163, abs=1))
    plan = {"revenue_mvnd": 5770000, "expenditure_mvnd": 10381915,
            "transfer_total_mvnd": 6633504, "transfer_targeted_mvnd": 1494667}
    for name, published in plan.items():
        row = one(budget, "40", 2012, f"budget_plan_{name}")
        assert row.value == pytest.approx(published, abs=1), name
        assert row.sheet == "M08"
    # national totals in Final_2011.xls sheet M09+ (whole-country row)
    assert one(budget, "VN", 2011, "budget_final_revenue_mvnd").value == pytest.approx(
        824316744, abs=1)


def test_budget_transfer_columns_by_heading(budget):
    # plan 2013-2016 print balancing, wage and targeted transfers but no total: the total is
    # recomputed (the .rda balance.trans is the balancing column in these years)
    bal = one(budget, "40", 2013, "budget_plan_transfer_balancing_mvnd")
    assert bal.value == pytest.approx(5138837, abs=1)
    wage = one(budget, "40", 2013, "budget_plan_transfer_wage_mvnd")
    targeted = one(budget, "40", 2013, "budget_plan_transfer_targeted_mvnd")
    total = one(budget, "40", 2013, "budget_plan_transfer_total_mvnd")
    assert total.value == pytest.approx(bal.value + wage.value + targeted.value)
    assert total.note.startswith("recomputed")
    # where MOF prints the total, it is read, not recomputed, and its parts add up
    printed = one(budget, "40", 2012, "budget_plan_transfer_total_mvnd")
    assert pd.isna(printed.note)
    parts = sum(one(budget, "40", 2012, f"budget_plan_transfer_{p}_mvnd").value
                for p in ("balancing", "targeted"))
    assert printed.value == pytest.approx(parts, abs=1)
    # final 2011 onwards: targeted = foreign funds + missions sub-columns
    fin = one(budget, "40", 2011, "budget_final_transfer_targeted_mvnd")
    assert fin.note.startswith("recomputed")
    assert fin.value == pytest.approx(
        one(budget, "40", 2011, "budget_final_transfer_total_mvnd").value - 4989163, abs=1)


def test_budget_years_and_layouts(budget):
    assert one(budget, "28", 2008, "budget_plan_revenue_mvnd").layout == "64"
    assert not ((budget.province_code == "28") & (budget.year > 2008)).any()
    assert not ((budget.province_code == "28") & (budget.source == "mof_final_workbook")
                & (budget.year == 2008)).any()
    assert set(budget.loc[budget.year >= 2009, "layout"]) == {"63"}
    years = budget.groupby("source").year.agg(["min", "max"])
    assert tuple(years.loc["mof_plan_workbook"]) == (2005, 2020)
    assert tuple(years.loc["mof_final_workbook"]) == (2004, 2016)
    # plan 2018-2020 print no targeted transfers, so no total is made up
    assert not ((budget.year >= 2018) & budget.indicator.str.contains("total|targeted")).any()
    rev = budget[budget.indicator.str.endswith("revenue_mvnd")]
    counts = rev[rev.province_code != "VN"].groupby(["source", "year"]).size()
    assert set(counts) <= {63, 64}


# (kind, year, field): the whole-country row exceeds the province sum because MOF keeps part
# of the amount unallocated (plan targeted transfers; plan revenue 2015-2020, whose national
# total includes revenue not assigned to provinces), or prints it in another row (plan
# 2008-2009 balancing: "(1)" in the total row, the figure one row below). Final 2004-2005
# print no whole-country row.
BUDGET_NATIONAL_EXCEPTIONS = {
    ("plan", 2006, "total"), ("plan", 2006, "targeted"), ("plan", 2007, "total"),
    ("plan", 2007, "targeted"), ("plan", 2008, "targeted"), ("plan", 2009, "targeted"),
    ("plan", 2010, "total"), ("plan", 2010, "targeted"), ("plan", 2011, "total"),
    ("plan", 2015, "revenue"), ("plan", 2016, "revenue"), ("plan", 2017, "revenue"),
    ("plan", 2018, "revenue"), ("plan", 2019, "revenue"), ("plan", 2020, "revenue"),
    ("plan", 2008, "balancing"), ("plan", 2009, "balancing"),
}


def test_budget_provinces_add_up_to_whole_country():
    mismatches = set()
    without_national = set()
    for (kind, year), table in controls.budget_tables().items():
        if table.province_code.iloc[0] != "VN":
            without_national.add((kind, year))
            continue
        national, provinces = table.iloc[0], table.iloc[1:]
        for field in ("revenue", "expenditure", "total", "balancing", "wage", "targeted"):
            if field not in table:
                continue
            total = provinces[field].sum()
            if pd.isna(national[field]) or abs(total - national[field]) > 10:  # rounding
                mismatches.add((kind, year, field))
                if pd.notna(national[field]):
                    assert total < national[field]  # unallocated part, never the reverse
    assert mismatches == BUDGET_NATIONAL_EXCEPTIONS
    assert without_national == {("final", 2004), ("final", 2005)}


def test_budget_equals_author_rda_where_both_exist():
    cmp = controls.budget_rda_comparison()
    assert len(cmp) > 6000
    differ = cmp[cmp["diff"].abs() > 0.5]
    assert differ.empty, differ.head(20).to_string()


def test_budget_header_shift_and_unknown_name_raise(monkeypatch):
    from par_analysis.errors import RawDataError

    key = ("final", 2006)
    import dataclasses

    table = controls.BUDGET_MANIFEST[key]
    relpath, sheet = table.file, table.sheet
    shifted = {c + 1: f for c, f in table.columns.items()}
    monkeypatch.setitem(controls.BUDGET_MANIFEST, key,
                        dataclasses.replace(table, columns=shifted))
    with pytest.raises(RawDataError, match="header does not match"):
        controls._budget_table(*key)
    monkeypatch.setitem(controls.BUDGET_MANIFEST, key, table)
    cells = controls.read_sheet(relpath, sheet)
    cells.iat[44, 1] = "NGHỆ ÁNN"
    monkeypatch.setattr(controls, "read_sheet", lambda *a: cells)
    with pytest.raises(RawDataError) as err:
        controls._budget_table(*key)
    assert (err.value.file, err.value.sheet, err.value.row, err.value.value) == (
        relpath, sheet, 45, "NGHỆ ÁNN")


def test_load_controls_concatenates():
    df = pa.load_controls()
    assert {"gso_web", "grdp_yearbooks", "grdp_secondary", "mof_plan_workbook",
            "mof_final_workbook"} == set(df.source)
    assert {"note", "vintage"} <= set(df.columns)
    # the parts are validated on their own; together they still pass every check
    pa.validate_tidy(df, controls.INDICATORS)


def test_grdp_2016_basis_classified_province_by_province():
    """The secondary panel's 2016 GRDP mixes bases: pre-revision only where it equals a yearbook."""
    grdp = pa.load_grdp()
    sec = grdp.query("source == 'grdp_secondary' and year == 2016 and indicator.str.startswith("
                     "'grdp_current')")
    # one value, on one basis, per province-year
    assert sec["province_code"].is_unique and len(sec) == 63
    basis = sec.set_index("province_code")["indicator"]
    pre = set(basis[basis == "grdp_current_bn_vnd_pre2019rev"].index)
    assert pre == {"01", "12", "22", "42", "51"}  # equal to a pre-revision yearbook value
    assert sec.set_index("province_code").loc["01", "value"] == 599178.0
    assert basis["02"] == "grdp_current_bn_vnd_rev2019"  # 18,002.6 vs yearbook 17,033.7
