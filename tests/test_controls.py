"""Tests of the controls loaders: population, GRDP (two series) and budget."""

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
    assert rev.year.min() == 2017  # 2016 in Dataset.dta is pre-revision
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
    # budget/SOURCE.md spot-check 1 (values identical to the raw MOF xls)
    assert one(budget, "40", 2011, "budget_final_revenue_mvnd").value == 11164160
    assert one(budget, "40", 2011, "budget_final_expenditure_mvnd").value == pytest.approx(
        18304814, abs=1)
    assert one(budget, "40", 2006, "budget_final_transfer_total_mvnd").value == 2568410
    assert one(budget, "40", 2006, "budget_final_transfer_targeted_mvnd").value == 1329571
    assert one(budget, "40", 2012, "budget_plan_transfer_total_mvnd").value == pytest.approx(
        6633504, abs=1)


def test_budget_balance_trans_meaning_change(budget):
    bal = one(budget, "40", 2013, "budget_plan_transfer_balancing_mvnd")
    assert bal.value == pytest.approx(5138837, abs=1)
    total = one(budget, "40", 2013, "budget_plan_transfer_total_mvnd")
    targeted = one(budget, "40", 2013, "budget_plan_transfer_targeted_mvnd")
    assert total.value == bal.value + targeted.value
    assert total.note.startswith("recomputed")
    assert not ((budget.indicator == "budget_plan_transfer_balancing_mvnd")
                & (budget.year < 2013)).any()
    transfers = budget.indicator.str.contains("transfer_t|transfer_b")
    assert not ((budget.year == 2017) & transfers).any()


def test_budget_layouts(budget):
    assert one(budget, "28", 2008, "budget_plan_revenue_mvnd").layout == "64"
    assert set(budget.loc[budget.year >= 2009, "layout"]) == {"63"}


def test_load_controls_concatenates():
    df = pa.load_controls()
    assert {"gso_web", "grdp_yearbooks", "grdp_secondary", "mof_plan_vietnamdata",
            "mof_final_vietnamdata"} == set(df.source)
    assert {"note", "vintage"} <= set(df.columns)
