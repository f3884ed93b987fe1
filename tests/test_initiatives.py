"""The register of reform initiatives: every seed initiative present, quotes exact, errors by row.

The expected ids, provinces and dates below were written by hand from reading the five seed
articles (../shared/seeds), not from the register.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.errors import RawDataError
from par_analysis.initiatives import (
    KINDS,
    PAR_AREAS,
    event_dates,
    initiative_counts,
    load_initiatives,
    years_since_first,
)
from par_analysis.text import seed_texts

# (id, province_code, date, kind, words the title must contain) read from the seeds by hand
SEED_INITIATIVES = [
    # 000 An Giang (34-province layout: the article is of December 2025)
    ("ag-plan02-completed", "91", "2025-12-12", "resolution_or_plan", "02-KH/BCĐTW"),
    ("ag-procedure-simplification", "91", "2025-01-01", "procedure_simplification", "30%"),
    ("ag-online-services-portal", "91", "2025-01-01", "digital_channel", "1,000+"),
    ("ag-data-linking", "91", "2025-01-01", "data_integration", "fishing-vessel"),
    ("vn-resolution-57-nq-tw", "VN", "2025-12-12", "resolution_or_plan", "57-NQ/TW"),
    # 001 Nghe An
    ("na-steering-committee", "40", "2023-03-06", "steering_body", "1830"),
    ("na-report-02-bc-bcd", "40", "2024-01-26", "resolution_or_plan", "02-BC/BCĐ"),
    ("na-focal-units-2024", "40", "2024-01-25", "focal_point_selection", "05-CV/BCĐ"),
    ("na-ppc-focal-tasks-2024", "40", "2024-01-01", "resolution_or_plan", "2024"),
    ("na-slogan-2024", "40", "2024-01-01", "annual_theme", "Choose key tasks"),
    ("vn-decree-29-2023", "VN", "2023-06-03", "resolution_or_plan", "29/2023"),
    ("vn-resolution-117-nq-cp", "VN", "2023-07-30", "resolution_or_plan", "117/NQ-CP"),
    # 002 Quang Nam (Hoi An is a city of Quang Nam)
    ("qn-clean-admin-environment", "49", "2024-01-01", "campaign", "clean, safe"),
    ("qn-replicate-16-models", "49", "2024-01-01", "replication_of_model", "16 models"),
    ("qn-hoian-zalo-oa", "49", "2024-01-01", "digital_channel", "Zalo OA"),
    ("qn-hoian-market-payment", "49", "2024-01-01", "digital_channel", "market"),
    ("qn-hoian-par-appraisal", "49", "2024-01-01", "evaluation_mechanism", "PAR rankings"),
    ("qn-construction-initiatives", "49", "2024-01-01", "sector_initiatives", "9 new"),
    ("qn-construction-internal-control", "49", "2024-01-01", "internal_control", "cross control"),
    ("qn-construction-digitisation", "49", "2024-01-01", "digitisation", "52,000"),
    ("qn-2025-key-tasks", "49", "2025-01-01", "resolution_or_plan", "14 key"),
    ("qn-internal-procedure-plans", "49", "2025-01-01", "resolution_or_plan", "50%"),
    ("qn-90-day-database-campaign", "49", "2025-01-01", "campaign", "90-day"),
    ("qn-20-day-civil-status-campaign", "49", "2025-01-01", "campaign", "20-day"),
    ("qn-proactive-administration-pilot", "49", "2025-06-15", "pilot_model", "proactive"),
    # 003 Quang Tri: the national Plan 02 and the two-tier local government
    ("vn-plan02-digital-transformation", "VN", "2025-01-01", "resolution_or_plan", "Plan 02"),
    ("qt-plan02-conference", "45", "2025-01-01", "conference", "Plan 02"),
    ("vn-two-tier-local-government", "VN", "2025-07-01", "structural_reform", "Two-tier"),
    # 004 the province the article does not name
    ("p004-resolution-08-nq-tu", None, "2016-09-23", "resolution_or_plan", "08-NQ/TU"),
    ("p004-resolution-17-nq-tu", None, "2021-09-15", "resolution_or_plan", "17-NQ/TU"),
]


@pytest.fixture(scope="module")
def register():
    return load_initiatives()


@pytest.fixture(scope="module")
def seed_register(register):
    """The rows read from the five seed articles: the expectations below were counted on them."""
    return register[register["source"].str.startswith("seeds/")]


@pytest.fixture(scope="module")
def seeds():
    try:
        return seed_texts()
    except FileNotFoundError:
        pytest.skip("seed articles not available (no data mirror)")


def test_every_seed_initiative_is_present(register):
    reg = register.set_index("id")
    missing = [i for i, *_ in SEED_INITIATIVES if i not in reg.index]
    assert not missing
    for ident, code, date, kind, words in SEED_INITIATIVES:
        row = reg.loc[ident]
        got = None if pd.isna(row["province_code"]) else row["province_code"]
        assert (got, row["date"], row["kind"]) == (code, date, kind), ident
        assert words in row["title"], (ident, row["title"])


def test_schema_and_dtypes(register):
    assert list(register.columns[:3]) == ["id", "province_code", "layout"]
    assert register["id"].is_unique
    assert set(register["par_area"]) <= set(PAR_AREAS)
    assert set(register["kind"]) <= set(KINDS)
    assert str(register["year"].dtype) == "int64"
    assert (register["year"] == register["date"].str.slice(0, 4).astype(int)).all()


def test_quotes_are_exact_text_of_their_seed(register, seeds):
    from_seeds = register[register["source"].str.startswith("seeds/")]
    assert len(from_seeds) >= len(SEED_INITIATIVES)
    for row in from_seeds.itertuples():
        text = seeds[row.source.removeprefix("seeds/")]
        assert row.quote in text, row.id


def test_seed_004_province_is_left_empty_with_the_reason(register):
    rows = register[register["id"].str.startswith("p004-")]
    assert rows["province_code"].isna().all()
    assert rows["note"].str.contains("31/63").all() and rows["note"].str.contains("Hà Nam").all()


def test_year_precision_dates_are_first_of_january(register):
    yearly = register[register["date_precision"] == "year"]
    assert yearly["date"].str.endswith("-01-01").all()


def _write(tmp_path, edit):
    rows = list(csv.DictReader(io.StringIO(
        (pa.paths.project_root() / "par_analysis/_data/initiatives.csv").read_text("utf-8"))))
    edit(rows)
    path = tmp_path / "register.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("edit", "message", "line"),
    [
        (lambda rows: rows[3].update(province="Atlantis"), "unknown province", 5),
        (lambda rows: rows[0].update(date="2025-13-40"), "ISO date", 2),
        (lambda rows: rows[6].update(date_precision="year"), "1 January", 8),
        (lambda rows: rows[2].update(kind="miracle"), "kind must be one of", 4),
        (lambda rows: rows[9].update(id=rows[8]["id"]), "duplicate id", 11),
        (lambda rows: rows[5].update(quote=""), "empty quote", 7),
        (lambda rows: rows[5].update(layout="34"), "layout 34", 7),
    ],
)
def test_bad_rows_raise_naming_the_csv_line(tmp_path, edit, message, line):
    path = _write(tmp_path, edit)
    with pytest.raises(RawDataError, match=message) as info:
        load_initiatives(path)
    assert info.value.row == line


def test_initiative_counts_keep_layout_and_drop_national_rows(seed_register):
    counts = initiative_counts(seed_register, by=("province_code", "year"))
    assert {"layout", "province_code", "year", "n_initiatives"} <= set(counts.columns)
    assert "VN" not in set(counts["province_code"])
    nghe_an = counts.query("province_code == '40'").set_index("year")["n_initiatives"]
    assert nghe_an.to_dict() == {2023: 1, 2024: 4}  # read from seed 001
    by_area = initiative_counts(seed_register)
    assert by_area["n_initiatives"].sum() == counts["n_initiatives"].sum()


def test_event_dates_skip_as_of_dates_and_other_layouts(register, seed_register):
    events = event_dates(seed_register)
    assert events.to_dict("list") == {
        "province_code": ["40", "49"], "layout": ["63", "63"], "year": [2023, 2024],
        "id": ["na-steering-committee", "qn-hoian-par-appraisal"],
    }
    assert event_dates(seed_register, kind="pilot_model")["year"].tolist() == [2025]
    assert "91" in set(event_dates(register, layout=None, date_roles=("as_of",))["province_code"])
    with pytest.raises(ValueError, match="unknown kind"):
        event_dates(register, kind="miracle")


def test_years_since_first(seed_register):
    frame = years_since_first(seed_register, kind="steering_body", years=range(2020, 2026))
    assert frame["province_code"].unique().tolist() == ["40"]
    assert frame["years_since"].tolist() == [-3, -2, -1, 0, 1, 2]
    assert frame["treated"].tolist() == [False, False, False, True, True, True]


# (id, province_code, year, kind, words the quote must contain) read by hand from the public
# pages found with the search tool (the quote is the page's own text, in its language)
WEB_INITIATIVES = [
    ("qnh-public-admin-centre-2013", "22", 2013, "pilot_model", "thành lập từ năm 2013"),
    ("lc-ddci-2013", "10", 2013, "evaluation_mechanism", "Ủy ban Nhân dân tỉnh Lào Cai"),
    ("bt-public-admin-centre-2019", "83", 2019, "structural_reform", "6-5-2019"),
    ("hn-zalo-feedback-channel-2023", "01", 2023, "digital_channel", "ứng dụng Zalo"),
    ("hcm-public-admin-centre-2025", "79", 2025, "structural_reform", "Ngày 31/12/2025"),
]


def test_rows_from_public_reports(register):
    reg = register.set_index("id")
    for ident, code, year, kind, words in WEB_INITIATIVES:
        row = reg.loc[ident]
        assert (row["province_code"], row["year"], row["kind"]) == (code, year, kind), ident
        assert words in row["quote"], ident
    assert reg.loc["hcm-public-admin-centre-2025", "layout"] == "34"  # after the 2025 merger
    web = register[~register["source"].str.startswith("seeds/")]
    assert len(web) >= len(WEB_INITIATIVES)
    assert web["source"].str.match(r"^https?://\S+$").all()
    assert (web["source_url"] == web["source"]).all()


def test_seed_quotes_are_marked_as_translations():
    reg = load_initiatives()
    seeds = reg[reg["source"].str.startswith("seeds/")]
    assert (seeds["quote_language"] == "th").all()
    assert (seeds["quote_is_translation"] == "yes").all()
    assert (reg.loc[~reg.index.isin(seeds.index), "quote_is_translation"] == "no").all()
    # every seed row cites its Vietnamese original where the seed prints it, else says why not
    printed = seeds["source"].isin(["seeds/000_69e30bdf02ca85fc.txt",
                                    "seeds/002_3bf77a156d363bc2.txt",
                                    "seeds/003_554e94d6ea16f3ba.txt"])
    assert seeds.loc[printed, "source_url"].str.startswith("https://bao").all()
    assert seeds.loc[~printed, "note"].str.contains("prints no address").all()


def test_a_province_is_found_by_its_pre_merger_code():
    from par_analysis.initiatives import find_initiatives

    reg = load_initiatives()
    merged = reg.query("id == 'ag-data-linking'")
    assert merged["layout"].item() == "34" and merged["codes_63"].item() == "89|91"
    assert "ag-data-linking" in set(find_initiatives("91")["id"])   # Kien Giang (63)
    assert "ag-data-linking" in set(find_initiatives("An Giang")["id"])
    assert "na-steering-committee" in set(find_initiatives("Nghe An")["id"])
