"""Tests of the FIA FDI loader: printed totals, publisher spot-checks, manifest traps."""

import pytest

import par_analysis as pa
from par_analysis.sources import fdi as fdi_mod

# printed "Tổng" rows of every file (fdi/SOURCE.md), million USD
FLOW_TOTALS = {2015: 24115.0, 2016: 24372.7, 2017: 35883.8, 2018: 35465.6, 2019: 38019.1,
               2020: 28530.1, 2021: 31153.3, 2022: 27718.1, 2023: 36607.6, 2024: 15185.2}
STOCK_TOTALS = {2015: 281882, 2016: 293247, 2017: 318723, 2018: 340159, 2019: 362580,
                2020: 384044, 2021: 408093, 2022: 438692, 2023: 468918, 2024: 484774}


@pytest.fixture(scope="module")
def fdi():
    return pa.load_fdi()


def value(df, code, year, indicator):
    sel = df[(df.province_code == code) & (df.year == year) & (df.indicator == indicator)]
    assert len(sel) == 1, (code, year, indicator, len(sel))
    return float(sel["value"].item())


@pytest.mark.parametrize("year", sorted(FILES := fdi_mod.FILES))
def test_province_rows_plus_og_sum_to_printed_total(fdi, year):
    rows = fdi[(fdi.year == year) & (fdi.province_code != "VN")]
    totals = fdi[(fdi.year == year) & (fdi.province_code == "VN")].set_index("indicator")["value"]
    sums = rows.groupby("indicator")["value"].sum()
    for indicator, printed in totals.items():
        assert sums[indicator] == pytest.approx(printed, abs=0.01), indicator
    assert totals["fdi_registered_total_musd"] == pytest.approx(FLOW_TOTALS[year], abs=0.06)
    assert totals["fdi_stock_capital_musd"] == pytest.approx(STOCK_TOTALS[year], abs=0.6)


def test_golden_nghe_an_2023_value_and_rank(fdi):
    assert value(fdi, "40", 2023, "fdi_registered_total_musd") == pytest.approx(1603.3, abs=0.05)
    flows = fdi[(fdi.year == 2023) & (fdi.indicator == "fdi_registered_total_musd")
                & fdi.province_code.map(pa.is_province)]
    ranks = flows.set_index("province_code")["value"].rank(ascending=False)
    assert ranks["40"] == 8
    assert value(fdi, "40", 2023, "fdi_stock_projects") == 150


def test_golden_2021(fdi):
    assert value(fdi, "31", 2021, "fdi_registered_total_musd") == pytest.approx(5262.2, abs=0.05)
    assert value(fdi, "VN", 2021, "fdi_stock_projects") == 34527
    assert value(fdi, "VN", 2021, "fdi_stock_capital_musd") == pytest.approx(408093, abs=0.5)


def test_golden_2020_top10(fdi):
    flows = fdi[(fdi.year == 2020) & (fdi.indicator == "fdi_registered_total_musd")
                & fdi.province_code.map(pa.is_province)]
    top = flows.nlargest(10, "value")
    expected = ["TP.HCM", "Bạc Liêu", "Hà Nội", "BRVT", "Bình Dương", "Hải Phòng", "Đồng Nai",
                "Bắc Ninh", "Bắc Giang", "Long An"]
    assert list(top["province_code"]) == pa.resolve(expected)
    assert list(top["value"].round(1)) == [4355.9, 4000.0, 3585.5, 2173.8, 1883.7, 1510.6, 928.3,
                                           901.2, 894.7, 810.3]


def test_negative_totals_kept(fdi):
    assert value(fdi, "58", 2020, "fdi_registered_total_musd") == pytest.approx(-135.3, abs=0.05)
    assert value(fdi, "95", 2022, "fdi_registered_total_musd") == pytest.approx(-60.9, abs=0.05)


def test_oil_and_gas_kept_every_year(fdi):
    og = fdi[(fdi.province_code == "OG") & (fdi.indicator == "fdi_stock_capital_musd")]
    assert sorted(og.year) == list(range(2015, 2025))


def test_2015_total_excludes_share_purchases_and_says_so(fdi):
    rows = fdi[(fdi.year == 2015) & (fdi.indicator == "fdi_registered_total_musd")]
    assert rows["note"].str.contains("share purchases are not").all()
    assert not ((fdi.year == 2015) & (fdi.indicator == "fdi_share_purchase_musd")).any()
    later = fdi[(fdi.year == 2016) & (fdi.indicator == "fdi_registered_total_musd")]
    assert later["note"].isna().all()


def test_2024_is_half_year(fdi):
    assert set(fdi.loc[fdi.year == 2024, "period"]) == {"H1"}
    assert set(fdi.loc[fdi.year < 2024, "period"]) == {"FY"}
    assert set(fdi.loc[(fdi.year == 2024), "window_end"]) == {"2024-06-20"}
    assert set(fdi.loc[(fdi.year == 2016) & (fdi.indicator == "fdi_new_projects"),
                       "window_end"]) == {"2016-12-26"}


def test_consistent_series_is_new_plus_adjusted(fdi):
    wide = fdi[fdi.province_code == "VN"].pivot(index="year", columns="indicator", values="value")
    assert (wide["fdi_new_adjusted_capital_musd"]
            == wide["fdi_new_capital_musd"] + wide["fdi_adjusted_capital_musd"]).all()
    # 2015 printed total is new + increased
    assert wide.loc[2015, "fdi_registered_total_musd"] == pytest.approx(
        wide.loc[2015, "fdi_new_adjusted_capital_musd"], abs=0.01)


def test_usd_conversion_and_cross_check(fdi):
    assert fdi_mod.usd_to_musd(2_982_736_274) == pytest.approx(2982.736274)
    # HCMC 2015 new capital printed as 2982736274 USD and 2982.736274 million USD
    assert value(fdi, "79", 2015, "fdi_new_capital_musd") == pytest.approx(2982.736274)
    assert set(fdi_mod._USD_COLUMNS) == {2015, 2016, 2017, 2018, 2019}


def test_absent_province_is_missing_not_zero(fdi):
    # Dien Bien has no valid project in the 2015-2016 stock tables
    assert not ((fdi.province_code == "11") & (fdi.year == 2015)).any()
    n_2024 = fdi[(fdi.year == 2024) & (fdi.indicator == "fdi_new_projects")
                 & fdi.province_code.map(pa.is_province)].shape[0]
    assert n_2024 < 63
    full = pa.fill_zero_flows(fdi)
    sel = full[(full.year == 2024) & (full.indicator == "fdi_new_projects")
               & full.province_code.map(pa.is_province)]
    assert sel.shape[0] == 63
    added = sel[sel.note.fillna("").str.startswith("filled zero")]
    assert len(added) == 63 - n_2024 and (added["value"] == 0).all()
    # stocks untouched
    assert len(full[full.indicator == "fdi_stock_projects"]) == len(
        fdi[fdi.indicator == "fdi_stock_projects"])


def test_manifest_mismatch_raises(monkeypatch):
    broken = {**fdi_mod._FLOW_COLUMNS, 2021: {**fdi_mod._COLS_2020, "fdi_new_projects": 3}}
    monkeypatch.setattr(fdi_mod, "_FLOW_COLUMNS", broken)
    with pytest.raises(pa.RawDataError, match="FDI.2021.xlsx"):
        fdi_mod._flows(2021)


def test_gso_comparison_2016(fdi):
    cmp = pa.fdi_gso_comparison(fdi)
    stock = cmp[cmp.measure == "stock_capital_musd"].set_index("province_code")
    assert stock.loc["42", "fia"] == pytest.approx(11593.1, abs=0.05)
    assert stock.loc["42", "gso"] == pytest.approx(11593.0)
    assert stock.loc["31", "gso"] == pytest.approx(14464.5)
    assert stock["rel_diff"].abs().median() < 0.02
    reg = cmp[cmp.measure == "registered_vs_total_musd"].set_index("province_code")
    assert reg.loc["01", "gso"] == pytest.approx(3390.0)
    assert reg.loc["01", "fia"] == pytest.approx(2794.4, abs=0.05)
    assert "OG" in stock.index
    gso = fdi_mod.load_fdi_gso2016()
    assert set(gso.source) == {"gso_web"}
    # Ha Giang: capital printed, projects '..' -> missing
    assert not ((gso.province_code == "02") & (gso.indicator == "fdi_new_projects")).any()
