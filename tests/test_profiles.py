"""Province profiles: pages from injected tidy frames (fast), one real page, the index."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis import profiles

P63 = pa.provinces("63")


def _pci() -> pd.DataFrame:
    """PCI-like rows for every province, 2017-2019: value = 50 + code / 10 + year offset."""
    records = [{"province_code": c, "layout": "63", "year": y, "source": "vcci_workbook",
                "indicator": "pci", "value": 50 + int(c) / 10 + (y - 2017), "unit": "index_0_100",
                "raw_file": f"pci/test/PCI_{y}.xlsx", "sheet": "Summary", "row": i + 2}
               for y in (2017, 2018, 2019) for i, c in enumerate(P63["code"])]
    records.append({"province_code": "VN", "layout": "63", "year": 2019, "source": "vcci_workbook",
                    "indicator": "pci", "value": 99.0, "unit": "index_0_100",
                    "raw_file": "pci/test/PCI_2019.xlsx", "sheet": "Summary", "row": 99})
    return pa.tidy_frame(records)


def _sipas(codes=("74", "77", "79")) -> pd.DataFrame:
    """SIPAS-like rows of 2023, by default for the three members of Ho Chi Minh City (34)."""
    return pa.tidy_frame([{"province_code": c, "layout": "63", "year": 2023,
                           "source": "news_facts", "indicator": "sipas", "value": 80.0 + i,
                           "unit": "percent", "raw_file": "par_index_facts/facts.csv",
                           "row": 7 + i, "source_url": f"https://example.org/sipas-{c}"}
                          for i, c in enumerate(codes)])


@pytest.fixture
def data():
    return {"pci": _pci(), "sipas": _sipas(),
            "initiatives": pd.DataFrame({"province_code": ["79", "01"], "year": [2020, 2021],
                                         "title": ["One-stop shop online", "Other"],
                                         "source_url": ["https://example.org/i", None]})}


def test_panels_ranks_and_means(data):
    ctx = profiles.load_context(data)
    pci = next(p for p in ctx.histories["63"] if p.indicator == "pci")
    t = pci.table.set_index(["province_code", "year"])
    top = P63["code"].astype(int).max()
    assert t.loc[(f"{top}", 2019), "rank"] == 1  # highest code has the highest synthetic value
    assert t.loc[("01", 2019), "rank"] == 63 and t.loc[("01", 2019), "n"] == 63
    assert "VN" not in pci.table["province_code"].values  # the country line is computed, not read
    expected = 50 + P63["code"].astype(int).mean() / 10 + 2
    assert t.loc[("01", 2019), "country_mean"] == pytest.approx(expected)
    se = P63.loc[P63["region"] == "R-SE", "code"].astype(int)
    assert t.loc[("79", 2019), "region_mean"] == pytest.approx(50 + se.mean() / 10 + 2)
    assert any("PAPI: not provided" in n for n in ctx.notes)


def test_write_pages(tmp_path, data):
    pages = profiles.write_profiles(["79", "1"], out_dir=tmp_path, data=data)
    assert [p.name for p in pages] == ["63-79.html", "63-01.html", "index.html"]
    page = (tmp_path / "63-79.html").read_text()
    assert "Hồ Chí Minh" in page and "data:image/svg+xml;base64," in page
    assert "pci/test/PCI_2019.xlsx" in page and "sheet Summary" in page  # provenance per row
    assert "https://example.org/sipas-79" in page  # a web source is linked
    assert "https://example.org/sipas-74" not in page
    assert "One-stop shop online" in page and "Other" not in page  # only its own initiatives
    assert "PAPI: not provided" in page  # a missing dataset is named, not a crash
    assert re.search(r"2019.*?\d+ / 63", page, re.S)
    assert 'href="34-79.html"' in page  # successor unit of 2025
    index = (tmp_path / "index.html").read_text()
    assert 'href="63-79.html"' in index and 'href="63-02.html"' not in index  # only pages written


def test_layout_34_page_lists_members(tmp_path, data):
    profiles.write_profiles(["79"], layout="34", out_dir=tmp_path, data=data)
    page = (tmp_path / "34-79.html").read_text()
    for member in ("74", "77", "79"):
        assert f'href="63-{member}.html"' in page
    assert "harmonize()" in page or "harmonize" in page.lower()


def test_member_missing_is_named_on_the_unit_page(tmp_path, data):
    """A 34-unit year with a member province missing is left out and named from the flag."""
    pci = data["pci"]
    data["pci"] = pci[~((pci["province_code"] == "77") & (pci["year"] == 2018))]
    profiles.write_profiles(["79"], layout="34", out_dir=tmp_path, data=data)
    page = (tmp_path / "34-79.html").read_text()
    assert "left out because a member province has no value: 2018 (only 74, 79 of 3)" in page
    ctx = profiles.load_context(data)
    pci34 = next(p for p in ctx.histories["34"] if p.indicator == "pci").table
    assert set(pci34.loc[pci34["province_code"] == "79", "year"]) == {2017, 2019}


def test_series_with_no_complete_unit(data):
    data["sipas"] = _sipas(codes=("79",))
    ctx = profiles.load_context(data)
    assert not any(p.indicator == "sipas" for p in ctx.histories["34"])
    assert any("SIPAS satisfaction (%), 34 units: no unit-year with every member province "
               "present (1 left out)" in n for n in ctx.notes)


def test_failing_loader_raises(monkeypatch, tmp_path):
    """A loader's error propagates: it is never turned into a note on the page."""
    def broken():
        raise RuntimeError("broken loader")

    monkeypatch.setattr(pa, "load_pci", broken, raising=False)
    with pytest.raises(RuntimeError, match="broken loader"):
        profiles.write_profiles(["40"], out_dir=tmp_path)


def test_unknown_code_raises(tmp_path):
    with pytest.raises(ValueError, match="no unit"):
        profiles.write_profiles(["28"], out_dir=tmp_path, data={})


@pytest.mark.slow
def test_real_profile_page(tmp_path):
    """One real page from the library's loaders, boundaries and initiatives."""
    pages = profiles.write_profiles(["40"], out_dir=tmp_path)
    page = pages[0].read_text()
    assert "Nghệ An" in page and "<table>" in page
    assert pages[0].stat().st_size < 1_000_000
