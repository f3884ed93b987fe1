"""Fault injection: every broken input ends in the package's own error, naming what is wrong.

Each case injects one fault (an empty, truncated, re-encoded or renamed raw file, a damaged
cache, a bad table passed to the API, a full disk) and checks the error's type and that its
message names the file, row and value or the path. Never a traceback from deep inside a parsing
library, a silent wrong answer or a hang.
"""

from __future__ import annotations

import errno
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import par_analysis as pa
from par_analysis import boundaries, cli, province_table, reforms, report
from par_analysis._files import atomic_write
from par_analysis.errors import (
    DiskFullError,
    FetchError,
    ParAnalysisError,
    RawDataError,
    UnknownProvinceError,
)
from par_analysis.registry import raw_path
from par_analysis.sources import _common, controls, facts, papi, pci
from par_analysis.sources._common import GRDP_SECONDARY, read_grdp_secondary, read_sheet

# ---------------------------------------------------------------------------------------------
# raw files: one reader per format and publisher, fed a broken copy

PAPI_2015 = papi.CSV.format(year=2015)
POPULATION = controls.POPULATION_FILES["average"]
PCI_XLS = "pci/vietnamdata/PCI_2009.xls"
PCI_XLSX = "pci/vietnamdata/PCI_2014.xlsx"

# name -> (mirror-relative path, the loader step that reads it, 1-based header line)
CSV_READERS = {
    "papi_codebook": (papi.CODEBOOK, lambda: papi._province_codes(), 1),
    "papi_year": (PAPI_2015, lambda: papi._read_year(2015, papi._province_codes()), 1),
    "facts": (facts.FACTS, lambda: facts._read_one(facts.FACTS), 1),
    "pci_web": (pci.WEB_FILE, lambda: pci._web_rows(), 1),
    "reform_mirror": (reforms.MIRROR, lambda: reforms.load_reforms(), 1),
    "area_63": (boundaries.AREA_63, lambda: boundaries.official_areas("63"), 3),
    "area_34": (boundaries.AREA_34, lambda: boundaries.official_areas("34"), 1),
    "gso_population": (POPULATION, lambda: _common.read_gso_csv(POPULATION), 3),
}
OTHER_READERS = {
    "pci_xls": (PCI_XLS, lambda: read_sheet(PCI_XLS, "Tong Hop"), "workbook"),
    "pci_xlsx": (PCI_XLSX, lambda: read_sheet(PCI_XLSX, "Summary"), "workbook"),
    "papi_official_xlsx": (papi.OFFICIAL, lambda: papi._official_sheet(2015), "workbook"),
    "grdp_rdata": (controls.GRDP_RDATA,
                   lambda: controls._read_r(controls.GRDP_RDATA, "gdp_clean"), "R data"),
    "grdp_secondary_dta": (GRDP_SECONDARY, lambda: read_grdp_secondary(["year", "pci"]),
                           "Stata"),
    "odm_topojson": (boundaries.ODM_63, lambda: boundaries._read_odm63(), "map layer"),
    "geoboundaries_geojson": (boundaries.GB_63, lambda: boundaries._read_geoboundaries63(),
                              "map layer"),
}
ALL_READERS = {**{k: v[:2] for k, v in CSV_READERS.items()},
               **{k: v[:2] for k, v in OTHER_READERS.items()}}


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """Return ``inject(relpath, data)``: the readers then see ``data`` as that raw file."""
    copies: dict[str, Path] = {}

    def fake_raw_path(relpath):
        return copies[relpath] if relpath in copies else raw_path(relpath)

    for module in (_common, controls, boundaries):
        monkeypatch.setattr(module, "raw_path", fake_raw_path)
    _common.sheet_names.cache_clear()

    def inject(relpath: str, data: bytes) -> Path:
        copy = tmp_path / "broken" / relpath
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(data)
        copies[relpath] = copy
        return copy

    yield inject
    _common.sheet_names.cache_clear()  # no sheet list of a broken copy outlives the test


def _raises_naming(call, relpath: str, *words: str) -> RawDataError:
    with pytest.raises(RawDataError) as info:
        call()
    err = info.value
    assert err.file == relpath and relpath in str(err), str(err)
    for word in words:
        assert word in str(err), str(err)
    return err


@pytest.mark.parametrize("name", sorted(ALL_READERS))
def test_an_empty_raw_file_is_named(broken, name):
    relpath, read = ALL_READERS[name]
    broken(relpath, b"")
    kind = OTHER_READERS.get(name, (None, None, "empty"))[2]
    err = _raises_naming(read, relpath, kind)
    assert "Traceback" not in str(err)


@pytest.mark.parametrize("name", sorted(CSV_READERS))
def test_a_csv_cut_down_to_its_header_is_refused(broken, name):
    relpath, read, header_line = CSV_READERS[name]
    lines = raw_path(relpath).read_bytes().splitlines(keepends=True)
    broken(relpath, b"".join(lines[:header_line]))
    err = _raises_naming(read, relpath)
    assert "row" in str(err) and err.row == header_line + 1, str(err)


@pytest.mark.parametrize("name", sorted(OTHER_READERS))
def test_a_binary_file_cut_in_half_is_named(broken, name):
    relpath, read, kind = OTHER_READERS[name]
    data = raw_path(relpath).read_bytes()
    broken(relpath, data[: len(data) // 2])
    err = _raises_naming(read, relpath, kind, "truncated or damaged")
    assert err.__cause__ is not None  # the library's own error is kept for whoever debugs it


def test_a_workbook_damaged_after_its_sheets_were_listed_names_the_sheet(broken):
    # the sheet list is cached per file: a later read still meets the damage and names the sheet
    _common.sheet_names(PCI_XLS)
    data = raw_path(PCI_XLS).read_bytes()
    broken(PCI_XLS, data[: len(data) // 2])
    err = _raises_naming(lambda: read_sheet(PCI_XLS, "Tong Hop"), PCI_XLS, "workbook")
    assert err.sheet == "Tong Hop" and "'Tong Hop'" in str(err)


def test_a_csv_truncated_inside_a_quoted_field_is_named(broken):
    data = raw_path(facts.FACTS).read_bytes()
    cut = data.index(b',"', len(data) // 2) + 2  # just after an opening quote
    broken(facts.FACTS, data[:cut])
    _raises_naming(lambda: facts._read_one(facts.FACTS), facts.FACTS, "cannot be parsed",
                   "truncated")


def _first_high_line(data: bytes) -> int:
    """1-based line of the first byte outside ASCII (a UTF-8 byte-order mark aside)."""
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    first = next(i for i in range(start, len(data)) if data[i] >= 0x80)
    return data.count(b"\n", 0, first) + 1


@pytest.mark.parametrize(("name", "codepage"), [
    ("pci_web", "cp1258"), ("facts", "cp1258"), ("facts", "cp1252"),
    ("reform_mirror", "cp1258"), ("area_34", "cp1252"),
])
def test_a_csv_saved_in_a_windows_code_page_is_named_with_its_line(broken, name, codepage):
    relpath, read, _ = CSV_READERS[name]
    text = raw_path(relpath).read_bytes().decode("utf-8-sig")
    data = text.encode(codepage, errors="replace")  # what Excel's plain "CSV" save writes
    broken(relpath, data)
    err = _raises_naming(read, relpath, "not UTF-8", "CSV UTF-8")
    assert err.row == _first_high_line(data), str(err)
    assert isinstance(err.__cause__, UnicodeDecodeError)


def test_a_gso_table_edited_in_a_windows_code_page_is_named(broken):
    data = raw_path(POPULATION).read_bytes()
    edited = data.replace(b'"Ha Noi"', '"Hà Nội"'.encode("cp1258", errors="replace"), 1)
    assert edited != data
    broken(POPULATION, edited)
    err = _raises_naming(lambda: _common.read_gso_csv(POPULATION), POPULATION, "not UTF-8")
    assert err.row == _first_high_line(edited) == 6  # the line of Ha Noi


# name -> (old header, new header, row of the header)
RENAMES = {
    "papi_codebook": ("Variable_Name", "Name"),
    "papi_year": ("Province", "Tinh"),
    "facts": ("score", "diem"),
    "pci_web": ("value", "score"),
    "reform_mirror": ('"province"', '"tinh"'),
    "area_63": ('"2015 Area (Km2)"', '"2015 Area (km2)"'),
    "area_34": ("tentinh", "ten_tinh"),
}


@pytest.mark.parametrize("name", sorted(RENAMES))
def test_a_renamed_column_is_an_unexpected_header(broken, name):
    relpath, read, header_line = CSV_READERS[name]
    old, new = RENAMES[name]
    lines = raw_path(relpath).read_bytes().splitlines(keepends=True)
    header = lines[header_line - 1]
    assert old.encode() in header
    lines[header_line - 1] = header.replace(old.encode(), new.encode(), 1)
    broken(relpath, b"".join(lines))
    err = _raises_naming(read, relpath, "unexpected header", old.strip('"'), new.strip('"'))
    assert err.row == header_line


def test_a_renamed_stata_variable_is_named(broken, tmp_path):
    data = pd.read_stata(raw_path(GRDP_SECONDARY), convert_categoricals=False)
    target = tmp_path / "renamed.dta"
    data.rename(columns={"pci": "pci_score"}).to_stata(target, write_index=False, version=118)
    broken(GRDP_SECONDARY, target.read_bytes())
    _raises_naming(lambda: read_grdp_secondary(["year", "pci"]), GRDP_SECONDARY, "Stata",
                   "pci")


def test_a_renamed_property_of_the_official_34_layer_is_named(broken):
    import json

    relpath = boundaries._official_34_files()[0]
    layer = json.loads(raw_path(relpath).read_text("utf-8"))
    for feature in layer["features"]:
        feature["properties"]["ma"] = feature["properties"].pop("code")
    broken(relpath, json.dumps(layer).encode())
    _raises_naming(boundaries._read_official34, relpath, "'code' property", "ma")


def test_a_non_number_in_the_pci_web_table_names_its_row(broken):
    lines = raw_path(pci.WEB_FILE).read_bytes().splitlines(keepends=True)
    cells = lines[9].split(b",")
    assert len(cells) == 7  # province,slug,page,year,indicator,value,source_url
    cells[5] = b"n.a."
    lines[9] = b",".join(cells)
    broken(pci.WEB_FILE, b"".join(lines))
    err = _raises_naming(lambda: pci._web_rows(), pci.WEB_FILE, "not a number")
    assert err.row == 10 and err.value == "n.a."


# registered files: hash check and fetch, in a scratch data folder


@pytest.fixture
def scratch(tmp_path, monkeypatch, shared_mirror):
    """A scratch data folder; its raw/ is filled from the mirror on demand."""
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path / "data"))
    _common.sheet_names.cache_clear()
    yield tmp_path / "data"
    _common.sheet_names.cache_clear()


@pytest.mark.parametrize("name", ["papi_codebook", "pci_xls", "grdp_secondary_dta"])
def test_a_raw_file_changed_in_place_is_refused_by_its_reader(scratch, name):
    relpath, read = ALL_READERS[name]
    local = raw_path(relpath)  # fetched into the scratch folder
    data = bytearray(local.read_bytes())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256  # one byte: same size, other content
    local.write_bytes(bytes(data))
    with pytest.raises(FetchError) as info:
        read()
    text = str(info.value)
    assert relpath in text and "does not match the registry" in text
    assert "fetch --force" in text


def test_a_registered_file_missing_from_the_mirror_is_named(scratch, tmp_path, monkeypatch):
    empty = tmp_path / "empty_mirror"
    empty.mkdir()
    monkeypatch.setenv("PAR_ANALYSIS_MIRROR", str(empty))

    def no_network(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    with pytest.raises(FetchError) as info:
        papi._province_codes()
    assert papi.CODEBOOK in str(info.value) and "--mirror" in str(info.value)
    assert not (scratch / "raw" / papi.CODEBOOK).exists()


# ---------------------------------------------------------------------------------------------
# cache: a real loader's parquet damaged between sessions


def _damage(processed: Path, name: str, how: str) -> None:
    target, record = processed / f"{name}.parquet", processed / f"{name}.json"
    data = bytearray(target.read_bytes())
    if how == "zeroed":
        data[len(data) // 3: len(data) // 3 + 256] = bytes(256)
        target.write_bytes(bytes(data))
    elif how == "truncated":
        target.write_bytes(bytes(data[: len(data) // 2]))
    elif how == "other_frame":  # a valid parquet file, but not the one recorded
        pd.read_parquet(target).head(10).to_parquet(target, index=False)
    elif how == "deleted_parquet":
        target.unlink()
    elif how == "deleted_record":
        record.unlink()
    elif how == "garbled_record":
        record.write_text("{not json", encoding="utf-8")
    elif how == "record_of_other_rows":
        import json

        meta = json.loads(record.read_text("utf-8"))
        meta["file"]["rows"] += 1
        record.write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize(("how", "reason"), [
    ("zeroed", "damaged"), ("truncated", "damaged"), ("other_frame", "damaged"),
    ("deleted_parquet", "no cache yet"), ("deleted_record", "no cache yet"),
    ("garbled_record", "unreadable"),
    ("record_of_other_rows", "rows, its record says"),
])
def test_a_damaged_loader_cache_is_rebuilt_with_its_reason(scratch, caplog, how, reason):
    first = facts.load_facts()
    processed = scratch / "processed"
    names = [p.stem for p in processed.glob("*.parquet")]
    assert len(names) == 1
    _damage(processed, names[0], how)
    with caplog.at_level(logging.INFO, logger="par_analysis.cache"):
        again = facts.load_facts()
    assert f"rebuilt {names[0]}: " in caplog.text and reason in caplog.text, caplog.text
    pd.testing.assert_frame_equal(again, first)  # the same answer, not a damaged one


# ---------------------------------------------------------------------------------------------
# API: bad tables and impossible designs


@pytest.fixture(scope="module")
def tidy():
    return pa.example_tidy()


@pytest.fixture
def out_of_range(tidy):
    bad = tidy.copy()
    where = bad.index[bad["indicator"] == "pci"][3]
    bad.loc[where, "value"] = 750.0
    return bad, bad.loc[where]


@pytest.mark.parametrize(("function", "call"), [
    ("harmonize", lambda d: pa.harmonize(d, weights="equal")),
    ("build_panel", lambda d: pa.build_panel(["pci"], data=d)),
    ("coverage", lambda d: pa.coverage(d)),
    ("choropleth", lambda d: pa.choropleth(d, "pci", 2018)),
    ("rank", lambda d: pa.metrics.rank(d[d["indicator"] == "pci"])),
    ("zscore", lambda d: pa.metrics.zscore(d)),
    ("correlations", lambda d: pa.metrics.correlations(d, n_boot=9)),
])
def test_an_out_of_range_value_is_refused_by_name(out_of_range, function, call):
    bad, row = out_of_range
    err = _raises_naming(lambda: call(bad), row["raw_file"], f"{function}(): pci out of range",
                         "750.0", f"row {row['row']}")
    assert err.value == 750.0


def test_harmonize_names_the_repeated_cell(tidy):
    twice = pd.concat([tidy, tidy.iloc[[5]]], ignore_index=True)
    first = tidy.iloc[5]
    with pytest.raises(ValueError, match="rows repeat a cell") as info:
        pa.harmonize(twice, weights="equal")
    for key in ("province_code", "year", "indicator", "source"):
        assert f"{key}={first[key]}" in str(info.value)


def test_harmonize_refuses_a_code_outside_the_claimed_layout(tidy):
    foreign = tidy.copy()
    foreign.loc[0, "province_code"] = "28"  # Ha Tay: a unit of layout 64 only
    with pytest.raises(ValueError, match=r"codes \['28'\] are not units of layout 63"):
        pa.harmonize(foreign, weights="equal")


@pytest.fixture(scope="module")
def fe_panel():
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"province_code": np.repeat([f"{i:02d}" for i in range(20)], 5),
                       "year": np.tile(range(2015, 2020), 20), "x": rng.normal(size=100)})
    df["y"] = 2 * df["x"] + rng.normal(size=100)
    df["constant"] = 1.0
    df["area"] = df["province_code"].astype(int) * 10.0  # constant within each province
    return df


@pytest.mark.parametrize("regressor", ["constant", "area"])
def test_panel_fe_refuses_a_regressor_absorbed_by_the_fixed_effects(fe_panel, regressor):
    with pytest.raises(ValueError, match=rf"regressors \['{regressor}'\] are absorbed") as info:
        pa.panel_fe(fe_panel, "y", ["x", regressor])
    text = str(info.value)
    assert "deprecated" not in text  # pyfixest's note on the drop, not an unrelated notice
    assert "multicollinearity" in text


def test_panel_fe_refuses_too_few_clusters(fe_panel):
    few = fe_panel[fe_panel["province_code"] < "05"]
    with pytest.raises(ValueError, match="has 5 clusters: cluster-robust inference needs"):
        pa.panel_fe(few, "y", "x")


def test_staggered_did_with_everyone_adopting_at_once_says_why():
    units = [f"u{i:02d}" for i in range(12)]
    panel = pd.DataFrame({"province_code": np.repeat(units, 6),
                          "year": np.tile(range(2015, 2021), 12),
                          "y": np.random.default_rng(1).normal(size=72)})
    dates = pd.DataFrame({"province_code": units, "year": [2018] * 12})
    with pytest.raises(ValueError, match="no treated unit-year") as info:
        pa.staggered_did(panel, "y", dates)
    assert "fewer than two untreated units" in str(info.value)


def test_resolve_lists_every_unknown_name_with_its_nearest():
    with pytest.raises(UnknownProvinceError) as info:
        pa.resolve(["Atlantis", "Hà Nội", "Nghe Ann"])
    err = info.value
    assert set(err.unresolved) == {"Atlantis", "Nghe Ann"}
    assert "Nghệ An (40)" in err.unresolved["Nghe Ann"] and "Nghệ An (40)" in str(err)


@pytest.fixture
def colliding_alias(monkeypatch):
    real = province_table._file_aliases()
    monkeypatch.setattr(province_table, "_file_aliases",
                        lambda: (*real, ("01", "63", "Nghệ An")))
    province_table._lookup.cache_clear()
    yield
    monkeypatch.undo()
    province_table._lookup.cache_clear()


def test_an_alias_that_is_another_provinces_name_is_refused(colliding_alias):
    with pytest.raises(ParAnalysisError) as info:
        pa.resolve("Hà Nội")
    text = str(info.value)
    assert "Nghệ An" in text and "Hà Nội (01)" in text and "(40)" in text


def test_an_unknown_indicator_gets_suggestions(tidy):
    with pytest.raises(ValueError, match=r"'pcii': did you mean \['pci'\]"):
        pa.build_panel(["pci", "pcii"], data=tidy)


@pytest.mark.parametrize(("target", "make", "message"), [
    ("panel.sav", lambda t: t, r"cannot export to 'panel.sav'"),
    ("panel.csv", lambda t: t.iloc[:0], "nothing to export"),
    ("exists.csv", lambda t: t, r"exists\.csv exists \(pass overwrite=True"),
])
def test_export_refuses_what_it_cannot_write(tidy, tmp_path, target, make, message):
    (tmp_path / "exists.csv").write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        pa.export(make(tidy), tmp_path / target, overwrite=False)
    assert (tmp_path / "exists.csv").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists.csv"]


# ---------------------------------------------------------------------------------------------
# facts: the same line twice does not change the value chosen


@pytest.fixture(scope="module")
def par_facts():
    table = facts.load_facts(index="PAR_INDEX")
    return table, facts.pick(table)


@pytest.mark.parametrize("which", ["chosen", "competitor"])
def test_a_duplicated_fact_does_not_change_the_pick(par_facts, which):
    table, chosen = par_facts
    cell = facts._CELL
    contested = chosen[(chosen["n_values"] > 1) & (chosen["support"] == 1)].iloc[0]
    in_cell = (table[cell] == contested[cell]).all(axis=1)
    same = table["value"] == contested["value"]
    row = table[in_cell & (same if which == "chosen" else ~same)].iloc[[0]]
    again = facts.pick(pd.concat([table, row], ignore_index=True))
    keep = [*cell, "value", "raw_file", "row", "source_url"]
    pd.testing.assert_frame_equal(again[keep], chosen[keep])


# ---------------------------------------------------------------------------------------------
# command line


def test_cli_profile_with_unknown_names_in_layout_34(capsys):
    assert cli.main(["profile", "Hà Nội", "Hà Tây", "--layout", "34"]) == 2
    err = capsys.readouterr().err
    assert "'Hà Tây'" in err and "layout 34" in err and "Traceback" not in err


def test_cli_export_with_a_misspelt_indicator(tmp_path, capsys):
    target = tmp_path / "panel.csv"
    assert cli.main(["export", str(target), "--indicators", "pci", "papi_totl_8dim"]) == 1
    err = capsys.readouterr().err
    assert "export failed" in err and "did you mean" in err and "papi_total_8dim" in err
    assert "Traceback" not in err and not target.exists()


def _notebook(folder: Path, name: str, cells=()) -> Path:
    import nbformat  # imported here: with jsonschema it takes about 2 s

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(f"# {name}\n\nA tiny story."), *cells]), path)
    return path


@pytest.mark.slow
def test_cli_report_of_a_notebook_that_does_not_exist(tmp_path, monkeypatch, capsys):
    nbdir = tmp_path / "notebooks"
    _notebook(nbdir, "01_tiny")
    monkeypatch.setattr(report, "notebooks_dir", lambda: nbdir)
    monkeypatch.setenv("PAR_ANALYSIS_REPORTS", str(tmp_path / "reports"))
    assert cli.main(["report", "99_missing"]) == 2
    err = capsys.readouterr().err
    assert "99_missing" in err and "01_tiny" in err and "Traceback" not in err


# ---------------------------------------------------------------------------------------------
# a full disk


def _full_disk_after(nbytes: int):
    """Return a writer that writes ``nbytes`` to the temporary file, then finds the disk full."""

    def write(tmp, *args, **kwargs):
        Path(tmp).write_bytes(b"x" * nbytes)
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp))

    return write


def _full_disk_method(nbytes: int):
    """The same, as a DataFrame method (``to_csv``, ``to_parquet``) taking the path first."""
    write = _full_disk_after(nbytes)
    return lambda frame, tmp, *args, **kwargs: write(tmp)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if ".tmp" in p.name or ".fetch-" in p.name)


@pytest.mark.parametrize("written", [0, 4096])
def test_atomic_write_on_a_full_disk_keeps_the_old_file(tmp_path, written):
    target = tmp_path / "note.txt"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(DiskFullError) as info:
        atomic_write(target, _full_disk_after(written), needed=10_000)
    err = info.value
    assert err.errno == errno.ENOSPC and str(target) in str(err) and "10,000 bytes" in str(err)
    assert target.read_text(encoding="utf-8") == "previous" and not _leftovers(tmp_path)


def test_atomic_write_passes_other_errors_on_and_cleans_up(tmp_path):
    def denied(tmp):
        Path(tmp).write_text("half")
        raise PermissionError(errno.EACCES, "Permission denied", tmp)

    with pytest.raises(PermissionError):
        atomic_write(tmp_path / "x.txt", denied)
    assert not list(tmp_path.iterdir())


def test_export_on_a_full_disk_keeps_the_previous_export(tidy, tmp_path, monkeypatch):
    target = tmp_path / "panel.csv"
    target.write_text("previous export", encoding="utf-8")
    monkeypatch.setattr(pd.DataFrame, "to_csv", _full_disk_method(1000))
    with pytest.raises(DiskFullError, match="panel.csv"):
        pa.export(tidy, target)
    assert target.read_text(encoding="utf-8") == "previous export"
    assert not _leftovers(tmp_path)


def test_cache_on_a_full_disk_keeps_serving_the_previous_frame(tmp_path, monkeypatch):
    from par_analysis.cache import cached

    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return pd.DataFrame({"a": [1.0, 2.0, 3.0]})

    cached("demo", [], build, "1")
    target = tmp_path / "processed" / "demo.parquet"
    before = target.read_bytes()
    with monkeypatch.context() as full:
        full.setattr(pd.DataFrame, "to_parquet", _full_disk_method(100))
        with pytest.raises(DiskFullError, match="demo.parquet"):
            cached("demo", [], build, "2")
    assert target.read_bytes() == before and not _leftovers(tmp_path)
    assert cached("demo", [], build, "1")["a"].tolist() == [1.0, 2.0, 3.0]
    assert len(calls) == 2  # the version-1 frame is served again without a third build


@pytest.mark.slow
def test_a_report_on_a_full_disk_fails_without_a_stale_page(tmp_path, monkeypatch):
    import nbformat

    from par_analysis import _files

    path = _notebook(tmp_path / "notebooks", "01_tiny",
                     [nbformat.v4.new_code_cell("print(6 * 7)")])
    out = tmp_path / "reports"
    out.mkdir()
    (out / "01_tiny.html").write_text("stale report", encoding="utf-8")
    monkeypatch.setattr(report, "write_text",
                        lambda target, text: _files.atomic_write(target, _full_disk_after(512)))
    result = report.execute_notebook(path, out)
    assert not result.ok and "01_tiny.ipynb" in result.error
    assert "no space left" in result.error.lower()
    assert not (out / "01_tiny.html").exists() and not _leftovers(out)
