"""Golden values for the news-quoted PAR INDEX / SIPAS / service-index facts (facts.csv quotes)."""

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.sources.facts import (
    CHECKS,
    FACTS,
    FACTS_ROUND2,
    FILES,
    load_facts,
    pick,
    undated_facts,
    unverified_facts,
)


@pytest.fixture(scope="module")
def par():
    return pa.load_par_index()


@pytest.fixture(scope="module")
def sipas():
    return pa.load_sipas()


def value(df, code, year, indicator, layout="63"):
    hit = df.query("province_code == @code and year == @year and indicator == @indicator "
                   "and layout == @layout")
    assert len(hit) == 1, (code, year, indicator)
    return hit["value"].item()


@pytest.mark.parametrize("code, year, indicator, expected", [
    ("48", 2012, "par_index", 87.14),        # Da Nang first, VietnamPlus
    ("48", 2012, "par_index_rank", 1),
    ("83", 2019, "par_index", 73.87),        # Ben Tre last, news.gov.vn
    ("83", 2019, "par_index_rank", 63),
    ("02", 2021, "par_index", 86.77),        # Ha Giang 28/63, +5
    ("02", 2021, "par_index_rank_change", 5),
    ("48", 2013, "par_index", 87.02),        # 87.02% preferred to the rounded "87 per cent"
    ("VN", 2019, "par_index", 81.15),        # national mean
    ("R-SE", 2019, "par_index", 82.02),      # regional mean
])
def test_par_index_golden(par, code, year, indicator, expected):
    assert value(par, code, year, indicator) == expected


@pytest.mark.parametrize("code, year, indicator, expected", [
    ("35", 2021, "sipas", 88.38),            # Ha Nam, printed "88,38 điểm"
    ("35", 2021, "sipas_rank", 19),
    ("01", 2020, "sipas", 85.15),            # not the rounded "85%"
    ("82", 2018, "sipas_rank", 51),          # Tien Giang
])
def test_sipas_golden(sipas, code, year, indicator, expected):
    assert value(sipas, code, year, indicator) == expected


def test_sqi766_layout_34():
    sqi = pa.load_sqi766()
    assert value(sqi, "91", 2025, "sqi766", layout="34") == 94.62  # An Giang (new), 4/34
    rank = sqi.query("province_code == '91' and layout == '34' and indicator == 'sqi766_rank'")
    assert rank["rank_of"].item() == 34


def test_known_conflicts_are_surfaced():
    c = pa.conflicts()
    khanh_hoa = c.query("province_code == '56' and year == 2024 and indicator == "
                        "'sipas_rank_change'")
    assert sorted(khanh_hoa["value"]) == [10, 13]
    assert set(khanh_hoa["kind"]) == {"conflict"}
    hai_phong = c.query("province_code == '31' and year == 2024 and indicator == 'sipas'")
    assert sorted(hai_phong["value"]) == [90.59, 91.10]
    assert hai_phong["chosen"].sum() == 1
    rank_32 = c.query("kind == 'shared_rank' and year == 2023 and value == 32")
    assert set(rank_32["province_code"]) == {"96", "75"}  # Ca Mau and Dong Nai both "32nd"
    # Ca Mau's other page says 34th, which fits Ho Chi Minh City's 86.97 at 33rd
    assert value(pa.load_par_index(), "96", 2023, "par_index_rank") == 34
    rounding = c.query("kind == 'rounding' and province_code == '48' and year == 2013")
    assert sorted(rounding["value"]) == [87.0, 87.02]


def test_pick_is_unique_and_flags_conflicts(par):
    assert not par.duplicated(["province_code", "layout", "year", "indicator"]).any()
    assert par.query("province_code == '31' and year == 2023 and indicator == 'par_index'")[
        "conflict"].item()
    assert (par["source"] == "news_facts").all()
    assert par["quote"].notna().all() and par["source_url"].notna().all()


def test_load_facts_keeps_every_row_that_counts():
    facts = load_facts()
    for relpath in FILES:
        raw = pd.read_csv(pa.raw_path(relpath), dtype=str, keep_default_na=False)
        mine = facts[facts["raw_file"] == relpath]
        left_out = pd.concat([undated_facts(), unverified_facts()])
        left_out = left_out[left_out["raw_file"] == relpath]
        assert set(mine["row"]) | set(left_out["line"]) == set(range(2, len(raw) + 2))
        assert not set(mine["row"]) & set(left_out["line"])
    assert len(undated_facts()) == 1
    # row is the CSV line: the quote of the row matches the file
    raw = pd.read_csv(pa.raw_path(FACTS), dtype=str, keep_default_na=False)
    one = facts.query("province_code == '48' and year == 2012 and indicator == 'par_index'")
    assert one["quote"].item() == raw.iloc[one["row"].item() - 2]["quote"]


def test_round2_rows_count_only_when_checked():
    facts = load_facts()
    round2 = facts[facts["raw_file"] == FACTS_ROUND2]
    assert set(round2["verified"]) <= {"yes", "year_from_page", "publisher_file_agrees"}
    bad = unverified_facts()
    assert set(bad["raw_file"]) == {FACTS_ROUND2}
    assert (bad["status_note"].str.len() > 0).all()  # every exclusion says why
    # a PAPI figure whose digits differ from the publisher's file does not count
    typo = bad.query("index == 'PAPI' and line == 20")
    assert typo["status"].item() == "publisher_file_differs"
    assert "46.66" in typo["status_note"].item()


def test_publisher_file_record_is_true():
    """Every round-2 PCI/PAPI row marked as agreeing with a file does agree with it."""
    checks = pd.DataFrame(CHECKS.read())
    agree = checks[checks["status"] == "publisher_file_agrees"]
    facts = load_facts(index=("PCI", "PAPI"))
    facts = facts[(facts["raw_file"] == FACTS_ROUND2) & facts["row"].isin(
        agree["line"].astype(int)) & ~facts["indicator"].str.contains("rank")]
    files = pd.concat([pa.pci_main_series().query("indicator == 'pci'"),
                       pa.load_papi().query("indicator.str.startswith('papi_total')")])
    merged = facts.merge(files, on=["province_code", "year", "indicator"],
                         suffixes=("", "_file"))
    assert len(merged) > 100
    rounded = [round(v, d) for v, d in zip(merged["value_file"], merged["decimals"], strict=True)]
    assert (merged["value"] - rounded).abs().max() <= 0.0151


def test_typos_lose_to_checked_values():
    par = pa.load_par_index()
    # Da Nang 2023: 87.68 (baodanang) is out of rank order and of its own printed change
    # (+1.14 on 87.54); 88.68 (cadn) is chosen
    assert value(par, "48", 2023, "par_index") == 88.68
    why = pa.conflicts("PAR_INDEX").query(
        "province_code == '48' and year == 2023 and indicator == 'par_index' and value == 87.68")
    assert "rank order" in why["check"].item() and "printed change" in why["check"].item()
    # Dong Thap 2020: the provincial portal's 88.77 ranked 5th lies above Thua Thien Hue
    # (88.47, 3rd) and Binh Duong (86.93, 4th); the table of the ranking (86.77, whose
    # components add up) wins although the portal is official, and its two copies count once
    assert value(par, "87", 2020, "par_index") == 86.77
    dong_thap = pa.conflicts("PAR_INDEX").query(
        "province_code == '87' and year == 2020 and indicator == 'par_index'")
    assert dong_thap.query("value == 88.77")["check"].item().startswith("rank order")
    assert set(dong_thap["support"]) == {1}  # one page entered twice is one piece of evidence


def test_papi_before_2018_is_the_6_dimension_total():
    papi = pick(load_facts(index="PAPI"))
    early = papi[(papi["year"] < 2018) & papi["indicator"].str.startswith("papi_total")]
    assert set(early["indicator"]) == {"papi_total_6dim"}
    assert value(papi, "40", 2015, "papi_total_6dim") == 36.36  # Nghe An, 36.36 points


def test_service_index_latest_snapshot():
    sqi = pa.load_sqi766()
    # Dong Nai: 90.34 on 10 Oct 2025, 90.62 on 17 Oct 2025 -> the later one
    row = sqi.query("province_code == '75' and layout == '34' and indicator == 'sqi766'")
    assert row["value"].item() == 90.62 and row["as_of"].item() == "2025-10-17"
    assert {"online_application_rate", "ontime_resolution_rate"} <= set(sqi["indicator"])


def test_pci_facts_for_the_pci_helper():
    pci = load_facts(index="PCI")
    assert set(pci["index"]) == {"PCI"}
    assert value(pick(pci), "31", 2024, "pci") == 74.84  # Hai Phong first, 74,84 điểm


def test_papi_facts_agree_with_papi_loader():
    papi = pa.load_papi().query("indicator == 'papi_total_8dim'")
    facts = load_facts(index="PAPI").query("indicator == 'papi_total_8dim' and decimals == 4")
    merged = facts.merge(papi, on=["province_code", "year"], suffixes=("", "_papi"))
    assert len(merged) >= 6
    # nine 4-decimal news totals; Yen Bai 2023 (42.4909 printed, 42.49076 summed) is the largest gap
    assert (merged["value"] - merged["value_papi"]).abs().max() < 2e-4


def test_unknown_index_rejected():
    with pytest.raises(ValueError):
        load_facts(index="PGI")
