"""Golden values for the news-quoted PAR INDEX / SIPAS / service-index facts (facts.csv quotes)."""

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.sources.facts import load_facts, pick, undated_facts


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
    rounding = c.query("kind == 'rounding' and province_code == '48' and year == 2013")
    assert sorted(rounding["value"]) == [87.0, 87.02]


def test_pick_is_unique_and_flags_conflicts(par):
    assert not par.duplicated(["province_code", "layout", "year", "indicator"]).any()
    assert par.query("province_code == '31' and year == 2023 and indicator == 'par_index'")[
        "conflict"].item()
    assert (par["source"] == "news_facts").all()
    assert par["quote"].notna().all() and par["source_url"].notna().all()


def test_load_facts_keeps_every_row():
    facts = load_facts()
    raw = pd.read_csv(pa.raw_path("par_index_facts/facts.csv"), dtype=str,
                      keep_default_na=False)
    lines = set(facts["row"]) | set(undated_facts()["line"])
    assert lines == set(range(2, len(raw) + 2))
    assert len(undated_facts()) == 1
    # row is the CSV line: the quote of the row matches the file
    one = facts.query("province_code == '48' and year == 2012 and indicator == 'par_index'")
    assert one["quote"].item() == raw.iloc[one["row"].item() - 2]["quote"]


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
