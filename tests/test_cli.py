"""The par-analysis command: names as well as codes, codebook search, exports, clean errors."""

import pandas as pd
import pyreadstat
import pytest

from par_analysis import cli


@pytest.mark.slow
def test_profile_accepts_a_name(tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_REPORTS", str(tmp_path))
    assert cli.main(["profile", "Nghệ An"]) == 0
    assert (tmp_path / "profiles").is_dir()
    assert any("40" in p.name for p in (tmp_path / "profiles").glob("*.html"))


def test_profile_with_an_unknown_name_says_so_without_a_traceback(capsys):
    assert cli.main(["profile", "Nghe Anh"]) == 2
    err = capsys.readouterr().err
    assert "Nghe Anh" in err and "Nghệ An (40)" in err and "Traceback" not in err


def test_indicators_searches_the_codebook(capsys):
    assert cli.main(["indicators", "thu", "tuc", "hanh", "chinh"]) == 0
    out = capsys.readouterr().out
    assert "papi_public_administrative_procedures" in out
    assert cli.main(["indicators", "no such thing at all"]) == 1


def test_export_a_panel_for_stata(tmp_path, capsys):
    target = tmp_path / "panel.dta"
    assert cli.main(["export", str(target), "--indicators", "pci", "par_index"]) == 0
    data, meta = pyreadstat.read_dta(target)
    assert {"province_code", "year", "pci", "par_index"} <= set(data.columns)
    assert dict(zip(meta.column_names, meta.column_labels, strict=True))["pci"].startswith("PCI")
    captured = capsys.readouterr()
    assert "wrote" in captured.out and "par_index covers under half" in captured.err
    assert pd.read_csv(tmp_path / "panel.codebook.csv")["name"].tolist()[:2] == \
        ["province_code", "year"]


def test_export_with_a_misspelt_indicator_suggests_names(tmp_path, capsys):
    assert cli.main(["export", str(tmp_path / "p.csv"), "--indicators", "papi"]) == 1
    assert "papi_total_6dim" in capsys.readouterr().err
