"""Exports: every format reads back with its labels, codebook and provenance."""

import pandas as pd
import pyreadstat
import pytest

import par_analysis as pa

LONG = ["papi_vertical_accountability_community_investment_supervision_boards",
        "papi_vertical_accountability_interactions_with_local_authorities"]


@pytest.fixture
def tidy():
    # a Vietnamese quote and an all-empty sheet column: both used to break to_stata
    return pa.example_tidy()


def test_stata_names_are_short_unique_and_stable():
    names = pa.stata_names(["year", *LONG, "Tỉnh thành", "2025_units"])
    assert all(len(n) <= 32 for n in names.values())
    assert len(set(names.values())) == len(names)
    assert names["year"] == "year" and names["Tỉnh thành"] == "Tinh_thanh"
    assert names["2025_units"] == "_2025_units"
    assert pa.stata_names(LONG[::-1]) == {k: names[k] for k in LONG[::-1]}


def test_dta_of_a_tidy_table_keeps_text_labels_and_the_name_map(tmp_path, tidy):
    data_file, book_file = pa.export(tidy, tmp_path / "tidy.dta")
    back, meta = pyreadstat.read_dta(data_file)
    assert len(back) == len(tidy)
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["province_code"].startswith("GSO province code")
    assert "par-analysis" in meta.file_label and pa.registry_version() in meta.file_label
    quoted = tidy["quote"].dropna()
    assert set(back.loc[back["quote"] != "", "quote"]) == set(quoted)
    book = pd.read_csv(book_file)
    assert {"pci", "par_index"} <= set(book.loc[book["kind"] == "indicator", "name"])


def test_dta_of_a_panel_with_long_names(tmp_path):
    panel = pa.example_panel().assign(**{name: 1.0 for name in LONG})
    data_file, book_file = pa.export(panel, tmp_path / "panel.dta")
    back, meta = pyreadstat.read_dta(data_file)
    book = pd.read_csv(book_file).set_index("name")
    short = [book.loc[name, "stata_name"] for name in LONG]
    assert len(set(short)) == 2 and set(short) <= set(back.columns)
    labels = dict(zip(meta.column_names, meta.column_labels, strict=True))
    assert labels["pci"] == "PCI composite (weighted) [index 0-100]"
    assert labels[short[0]].startswith(book.loc[LONG[0], "label"][:40])
    assert back["province_code"].tolist()[:2] == ["01", "01"]


def test_xlsx_has_codebook_provenance_and_about_sheets(tmp_path, tidy):
    (path,) = pa.export(tidy, tmp_path / "tidy.xlsx")
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert list(sheets) == ["data", "codebook", "provenance", "about"]
    assert len(sheets["data"]) == len(tidy)
    provenance = sheets["provenance"]
    assert provenance["n_values"].sum() == tidy["value"].notna().sum()
    assert provenance["licence"].notna().all()
    assert pa.registry_version() in sheets["about"]["value"].tolist()


def test_csv_writes_the_codebook_beside_it(tmp_path, tidy):
    data_file, book_file = pa.export(tidy, tmp_path / "tidy.csv")
    assert book_file.name == "tidy.codebook.csv"
    back = pd.read_csv(data_file, dtype={"province_code": str})
    assert back["province_code"].str.len().eq(2).all()


def test_parquet_round_trips_with_metadata(tmp_path):
    panel = pa.example_panel()
    (path,) = pa.export(panel, tmp_path / "panel.parquet")
    back = pd.read_parquet(path)
    assert back["pci"].sum() == pytest.approx(panel["pci"].sum())
    meta = pa.read_export_metadata(path)
    assert meta["about"]["data_registry"] == pa.registry_version()
    assert {r["name"] for r in meta["codebook"]} >= {"pci", "province_code", "year"}


def test_provenance_survives_a_merge(tmp_path):
    panel = pa.example_panel()
    merged = panel.reset_index().merge(
        pd.DataFrame({"province_code": ["01"], "note": ["capital"]}), how="left")
    assert merged.attrs == {}
    provenance = pa.provenance_of(merged)
    assert set(provenance["column"]) == {"pci", "papi_total_8dim", "par_index",
                                         "fdi_registered_total_musd"}
    assert provenance.set_index("column").loc["pci", "n_values"] == panel["pci"].notna().sum()


@pytest.mark.parametrize(("name", "message"), [("panel.sav", "use one of"),
                                               ("panel.xls", "use one of")])
def test_unknown_formats_are_refused(tmp_path, name, message):
    with pytest.raises(ValueError, match=message):
        pa.export(pa.example_panel(), tmp_path / name)


def test_empty_tables_and_existing_files_are_refused(tmp_path):
    with pytest.raises(ValueError, match="no rows"):
        pa.export(pa.example_tidy().iloc[0:0], tmp_path / "x.csv")
    (tmp_path / "x.csv").write_text("keep me")
    with pytest.raises(ValueError, match="exists"):
        pa.export(pa.example_tidy(), tmp_path / "x.csv", overwrite=False)
    assert (tmp_path / "x.csv").read_text() == "keep me"
