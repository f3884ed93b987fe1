"""The reform-adoption table: schema errors by row, the first pass taken in, rules, panels.

Pinned rows were read on their pages (the sentence in the ``quote`` column; three of them were
looked up again for this test, see the search log's lead audit lines).
"""

from __future__ import annotations

import csv

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.errors import RawDataError
from par_analysis.reforms import (
    COLUMNS,
    KINDS,
    adoption_dates,
    adoption_panel,
    load_reforms,
    reform_coverage,
    search_log,
)


@pytest.fixture(scope="module")
def table():
    return load_reforms()


def _row(**changes) -> dict:
    row = {"id": "sc-01-established-1", "kind": "service_centre", "province": "Hà Nội",
           "layout": "63", "event": "established", "date": "2024-10-15", "date_precision": "day",
           "date_basis": "sentence", "document": "5390/QĐ-UBND",
           "source_url": "https://example.org/a", "source_date": "", "quote": "A sentence that "
           "states the founding of the centre.", "quote_language": "vi", "verified": "yes",
           "verify_note": "", "origin": "collection:test", "note": ""}
    return {**row, **changes}


def _write(tmp_path, *rows):
    path = tmp_path / "reforms.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_good_draft_loads(tmp_path):
    df = load_reforms(_write(tmp_path, _row()))
    assert df.loc[0, "province_code"] == "01" and df.loc[0, "year"] == 2024


@pytest.mark.parametrize("change, message", [
    ({"date": "2024-13-01"}, "not a calendar date"),
    ({"date": "15/10/2024"}, "precision 'day' is written"),
    ({"date": "2024", "date_precision": "month"}, "precision 'month' is written"),
    ({"province": "Atlantis"}, "unknown province"),
    ({"quote": ""}, "empty quote"),
    ({"source_url": ""}, "empty source_url"),
    ({"event": "first_assessment"}, "event of kind service_centre must be one of"),
    ({"kind": "tax_amnesty"}, "kind must be one of"),
    ({"verified": "probably"}, "verified must be one of"),
    ({"layout": "34"}, "the 34 units exist from 1 July 2025"),
    ({"date": "2025-08-01"}, "the 34 units exist from 1 July 2025"),
])
def test_the_schema_rejects_bad_rows_naming_the_line(tmp_path, change, message):
    path = _write(tmp_path, _row(id="sc-01-established-0"), _row(**change))
    with pytest.raises(RawDataError, match=message) as info:
        load_reforms(path)
    assert "row 3" in str(info.value)


def test_duplicate_ids_are_refused(tmp_path):
    with pytest.raises(RawDataError, match="duplicate id"):
        load_reforms(_write(tmp_path, _row(), _row()))


def test_every_row_has_a_quote_a_parsed_date_and_a_province(table):
    assert table["quote"].str.len().min() >= 15
    assert table["date_start"].notna().all() and table["province_code"].notna().all()
    assert set(table["kind"]) <= set(KINDS)
    assert table["id"].is_unique


def test_every_first_pass_row_is_taken_in_once(table, shared_mirror):
    first_pass = pd.read_csv(shared_mirror / "reform_adoption/collected.csv", dtype=str)
    origins = table["origin"][table["origin"].str.startswith("mirror:")]
    assert sorted(int(o.split(":")[1]) for o in origins) == list(range(2, len(first_pass) + 2))
    # rows whose page did not come up again are kept, flagged, and never used as dates
    unverified = table[table["verified"] != "yes"]
    assert len(unverified) > 0
    assert not set(unverified["id"]) & set(adoption_dates("service_centre")["id"])


def test_a_first_pass_row_changed_without_a_note_is_refused(monkeypatch, table):
    from par_analysis import reforms

    rows = reforms.REGISTER.read()
    target = next(r for r in rows if r["origin"] == "mirror:51")
    target["source_url"] = "https://example.org/elsewhere"
    monkeypatch.setattr(reforms.Register, "read", lambda self: rows)
    with pytest.raises(RawDataError, match="differs from reform_adoption/collected.csv line 51"):
        reforms.load_reforms()


# (kind, province code, event, date, document) read on the pages
PINNED = [
    ("secretary_chairs_par", "40", "established", "2023-03-06", "1830-QĐ/TU"),
    ("service_centre", "27", "established", "2017-03-15", "99/QĐ-UBND"),
    ("service_centre", "91", "established", "2018-11-02", "2468/QĐ-UBND"),
    ("service_centre", "92", "established", "2023-03-06", "595/QD-UBND"),
    ("ddci", "46", "first_assessment", "2018", None),
    ("ioc", "31", "launched", "2021-11-25", None),
]


@pytest.mark.parametrize("kind, code, event, date, document", PINNED)
def test_pinned_rows(table, kind, code, event, date, document):
    rows = table.query("kind == @kind and province_code == @code and event == @event "
                       "and date == @date and verified == 'yes'")
    assert len(rows) >= 1
    if document:
        assert document in set(rows["document"])


def test_adoption_rule_prefers_the_founding_decision_and_names_the_rest():
    sc = adoption_dates("service_centre").set_index("province_code")
    assert sc.loc["27", "event"] == "established" and sc.loc["27", "year"] == 2017
    assert "began_operation 2017" in sc.loc["27", "other_events"]
    assert "earliest `established`" in adoption_dates("service_centre").attrs["rule"]
    late = adoption_dates("service_centre", event="began_operation").set_index("province_code")
    assert late.loc["27", "event"] == "began_operation"


def test_conflicting_pages_are_kept_and_surfaced():
    ddci = adoption_dates("ddci").set_index("province_code")
    son_la = ddci.loc["14"]  # two pages: DDCI built "from 2019" and "from 2020"
    assert son_la["conflict"] and son_la["dates_stated"] == "2019|2020" and son_la["year"] == 2019
    # annual DDCI plans of different numbers are not a conflict
    assert not ddci.drop(index="14")["conflict"].any() or ddci["conflict"].sum() <= 2
    bac_ninh = pa.load_reforms().query("province_code == '27' and event == 'began_operation' "
                                       "and kind == 'service_centre'")
    assert {"2017-05-17", "2017-06-15"} <= set(bac_ninh["date"])  # both pages kept


def test_strict_date_basis_drops_years_taken_from_the_page_date():
    loose = adoption_dates("service_centre")
    strict = adoption_dates("service_centre", date_basis=("sentence",))
    assert (strict["date_basis"] == "sentence").all()
    assert len(strict) < len(loose)


def test_adoption_panel_63_and_34():
    dates = pd.DataFrame({"province_code": ["74", "77", "79"], "year": [2018, 2020, 2017]})
    p63 = adoption_panel("service_centre", range(2016, 2019), dates=dates)
    row = p63.query("province_code == '74'").set_index("year")
    assert row["treated"].tolist() == [False, False, True]
    assert row["years_since"].tolist() == [-2, -1, 0]
    assert p63.query("province_code == '01'")["status"].unique().tolist() == ["not_found"]
    assert p63.query("province_code == '01'")["treated"].isna().all()
    first = adoption_panel("service_centre", [2019], layout="34", dates=dates)
    hcm = first.set_index("province_code").loc["79"]
    assert hcm["adoption_year"] == 2017 and hcm["n_members"] == 3 and hcm["n_members_dated"] == 3
    last = adoption_panel("service_centre", [2019], layout="34", dates=dates, merged="last")
    assert last.set_index("province_code").loc["79", "adoption_year"] == 2020
    part = adoption_panel("service_centre", [2019], layout="34", dates=dates.iloc[:2],
                          merged="last")
    assert pd.isna(part.set_index("province_code").loc["79", "adoption_year"])


def test_coverage_distinguishes_not_found_from_not_searched(table):
    cov = reform_coverage(table)
    assert set(cov["status"]) <= {"dated", "evidence_only", "not_found", "not_searched"}
    ioc = cov[cov["kind"] == "ioc"]
    assert (ioc["n_queries"] > 0).all()  # every province tried for the IOC
    assert (cov.query("status == 'not_found'")["n_queries"] > 0).all()
    log = search_log()
    assert {"query", "outcome", "provinces", "collector"} <= set(log.columns)
    assert (log["outcome"] == "nothing_relevant").sum() > 100


def test_adoption_map_and_timeline():
    from par_analysis.reforms import plot_adoption_map, plot_adoption_timeline

    fig, axes = plot_adoption_map(("service_centre", "ddci"))
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "no date found" in labels
    fig, ax = plot_adoption_timeline(("service_centre",))
    assert ax.get_lines()[0].get_ydata()[-1] == len(adoption_dates("service_centre"))


def test_readme_states_the_coverage_reached():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    stated = [tuple(int(n) for n in m) for m in
              re.findall(r"^\| [^|]+ \| (\d+) of 63[^|]*\| (\d+) \| (\d+) \|$", readme, re.M)]
    counts = pa.reform_coverage().groupby(["kind", "status"]).size().unstack(fill_value=0)
    order = ["service_centre", "ddci", "ioc", "secretary_chairs_par"]
    assert stated == [(counts.at[k, "dated"], counts.at[k, "evidence_only"],
                       counts.at[k, "not_found"]) for k in order]
