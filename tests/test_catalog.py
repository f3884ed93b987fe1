"""The source catalogue against the modules: every loader listed, every source id ranked, every
unit known, every raw file owned by a source, one rule for choosing among sources."""

from __future__ import annotations

import importlib
import inspect

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.schema import UNITS
from par_analysis.sources import catalog
from par_analysis.sources.catalog import SOURCE_IDS, SOURCES, choose_source, rank_of, tagged

SOURCE_MODULES = ["sources.pci", "sources.papi", "sources.facts", "sources.fdi",
                  "sources.controls", "boundaries", "initiatives"]


def test_every_public_loader_of_a_source_module_is_in_the_catalogue():
    listed = set(catalog.api())
    for name in SOURCE_MODULES:
        module = importlib.import_module(f"par_analysis.{name}")
        loaders = {n for n, f in inspect.getmembers(module, inspect.isfunction)
                   if n.startswith("load_") and f.__module__ == module.__name__}
        assert loaders <= listed, f"{name}: {sorted(loaders - listed)} not in the catalogue"
    for source in SOURCES.values():
        module = importlib.import_module(f"par_analysis.{source.module}")
        for name in source.api:
            assert callable(getattr(module, name)), (source.key, name)
            assert getattr(pa, name) is getattr(module, name)
        if source.indicators:
            assert isinstance(getattr(module, source.indicators), dict)


def test_source_ids_are_unique_and_emitted_ids_ranked():
    ids = [s.id for s in SOURCE_IDS]
    assert len(ids) == len(set(ids))
    for source in SOURCES.values():
        assert set(source.emits) <= set(ids), source.key


@pytest.mark.parametrize("source", [s for s in SOURCES.values() if "tidy" in s.tags],
                         ids=lambda s: s.key)
def test_tidy_loaders_emit_what_the_catalogue_says(source):
    df = source.load()
    assert set(df["source"]) <= set(source.emits)
    unknown_units = set(df["unit"]) - set(UNITS)
    assert not unknown_units, f"{source.loader} emits units {unknown_units} not in schema.UNITS"
    module = importlib.import_module(f"par_analysis.{source.module}")
    assert set(df["indicator"]) <= set(getattr(module, source.indicators))
    for headline in source.headline:
        assert headline.indicator in set(df["indicator"]), headline


def test_every_raw_file_belongs_to_a_source():
    prefixes = [p for s in SOURCES.values() for p in s.raw]
    for path in pa.raw_files()["path"]:
        if path.rsplit("/", 1)[-1].startswith("SOURCE"):
            continue
        assert any(path.startswith(p) for p in prefixes), f"{path}: no catalogue entry reads it"


def test_sqi766_reaches_the_panel_through_the_catalogue():
    panel = pa.build_panel("sqi766", layout="34")
    assert panel["sqi766"].notna().sum() > 0


def test_choose_source_is_the_one_rule():
    rows = pa.tidy_frame([
        {"province_code": "01", "layout": "63", "year": 2020, "source": s, "indicator": "pci",
         "value": v, "unit": "index_0_100", "raw_file": "f"}
        for s, v in [("news_facts", 1.0), ("pci_web", 2.0), ("grdp_secondary", 3.0),
                     ("my_own", 4.0)]])
    assert choose_source(rows)["value"].tolist() == [3.0]
    assert choose_source(rows, among=["pci_web", "news_facts"])["value"].tolist() == [2.0]
    assert rank_of("my_own") == len(SOURCE_IDS)
    with pytest.raises(ValueError, match="gives two values"):
        choose_source(pd.concat([rows, rows]))


def test_tags_drive_the_default_views():
    assert [s.key for s in tagged("explorer")] == ["pci", "papi", "par_index", "sipas",
                                                   "sqi766", "fdi"]
    assert "load_boundaries" in [s.loader for s in tagged("build")]
