"""Expected shape per source: a vanished year, a deleted province line or boundary feature is an
error naming what is missing, unless the caller accepts the gap explicitly."""

import warnings

import pytest

import par_analysis as pa
from par_analysis.shapes import check_shape, shortfalls


@pytest.mark.parametrize("source", ["pci", "papi", "fdi", "population", "grdp", "budget"])
def test_every_real_source_has_its_declared_shape(source):
    from par_analysis.sources.catalog import SOURCES

    assert shortfalls(source, SOURCES[source].load()) == []


def test_a_header_only_papi_year_vanishes_loudly():
    papi = pa.load_papi()
    with pytest.raises(pa.IncompleteDataError, match=r"papi_participation \(papi_mlmcdm\) 2016: "
                                                     r"no rows at all"):
        check_shape("papi", papi[papi["year"] != 2016], "load_papi")


def test_a_deleted_population_line_names_the_province():
    pop = pa.load_population()
    gone = pop[~((pop["province_code"] == "40") & (pop["year"] == 2010))]
    with pytest.raises(pa.IncompleteDataError, match=r"2010: 1 of 63 provinces missing: Nghệ An"):
        check_shape("population", gone, "load_population")


def test_documented_absences_are_not_shortfalls():
    papi = pa.load_papi()
    assert set(papi.loc[papi["year"] == 2014, "province_code"]).isdisjoint({"24", "87"})
    assert shortfalls("papi", papi) == []


@pytest.mark.parametrize("layout", ["63", "34"])
def test_a_deleted_boundary_feature_is_refused(layout):
    layer = pa.load_boundaries(layout)
    with pytest.raises(pa.IncompleteDataError, match=rf"boundaries layer \({layout} units\): 1 of"):
        check_shape("boundaries", layer[layer["province_code"] != layer["province_code"].iloc[0]])


def test_fdi_years_need_rows_not_every_province():
    fdi = pa.load_fdi()
    assert shortfalls("fdi", fdi) == []
    few = fdi[~((fdi["year"] == 2019) & ~fdi["province_code"].isin(["01", "79"]))]
    assert shortfalls("fdi", few) == ["fdi_registered_total_musd (fia_quick_report) 2019: 2 "
                                      "provinces, expected >=40 (the quick reports list only "
                                      "provinces with a registration (absent means zero), so a "
                                      "year needs rows, not every province)"]


def test_the_loaders_check_what_the_cache_returns(monkeypatch):
    from par_analysis import cache

    real = cache.cached

    def losing_a_province(name, *args, **kwargs):
        frame = real(name, *args, **kwargs)
        return frame[frame["province_code"] != "40"] if name == "controls_population" else frame

    monkeypatch.setattr(cache, "cached", losing_a_province)
    with pytest.raises(pa.IncompleteDataError, match="load_population: .*Nghệ An \\(40\\)"):
        pa.load_population()
    with pa.allow_incomplete("population"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert "40" not in set(pa.load_population()["province_code"])
    assert any("Nghệ An (40)" in str(w.message) for w in caught)
    with pytest.raises(pa.IncompleteDataError):  # the allowance ended with the block
        pa.load_population()
