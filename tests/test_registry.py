import hashlib
import shutil

import pytest

import par_analysis as pa
from par_analysis.errors import FetchError
from par_analysis.registry import fetch, raw_files

SAMPLE = "province_codes/regex.csv"


def test_registry_lists_every_mirror_file(shared_mirror):
    reg = raw_files()
    assert reg["path"].is_unique
    on_disk = {
        p.relative_to(shared_mirror).as_posix() for p in shared_mirror.rglob("*") if p.is_file()
    }
    # the mirror's own catalogue is not a raw file, and would land on data/raw/README.md
    assert set(reg["path"]) == on_disk - {"README.md"}
    assert reg["sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert (reg["licence"].str.len() > 0).all() and (reg["citation"].str.len() > 0).all()
    pci = reg.set_index("path").loc["pci/vietnamdata/PCI_2005.xls"]
    assert pci["origin"].startswith("github:mdtrinh/vietnamdata@5e8d4e74")
    assert pci["licence"] == "CC0-1.0"
    round2 = reg.set_index("path").loc["par_index_facts/facts_round2.csv"]
    assert "verified flag" in round2["citation"]
    assert reg.set_index("path").loc["reform_adoption/SOURCE.md", "licence"] == (
        "documentation of the mirror"
    )


def test_registry_hashes_match_the_mirror(shared_mirror):
    for row in raw_files().itertuples():
        digest = hashlib.sha256((shared_mirror / row.path).read_bytes()).hexdigest()
        assert digest == row.sha256, row.path


def _copy_mirror(shared_mirror, tmp_path, rel=SAMPLE):
    mirror = tmp_path / "mirror"
    (mirror / rel).parent.mkdir(parents=True)
    shutil.copy(shared_mirror / rel, mirror / rel)
    return mirror


def test_fetch_copies_and_checks(shared_mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path / "data"))
    mirror = _copy_mirror(shared_mirror, tmp_path)
    assert fetch(mirror=mirror, paths=[SAMPLE]) == {SAMPLE: "mirror"}
    assert fetch(mirror=mirror, paths=[SAMPLE]) == {SAMPLE: "present"}
    assert (tmp_path / "data" / "raw" / SAMPLE).read_bytes() == (
        shared_mirror / SAMPLE
    ).read_bytes()


def test_one_changed_byte_fails_naming_the_file(shared_mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path / "data"))
    mirror = _copy_mirror(shared_mirror, tmp_path)
    data = bytearray((mirror / SAMPLE).read_bytes())
    data[10] ^= 0x01
    (mirror / SAMPLE).write_bytes(bytes(data))
    with pytest.raises(FetchError, match="hash mismatch for province_codes/regex.csv"):
        fetch(mirror=mirror, paths=[SAMPLE])
    target_dir = tmp_path / "data" / "raw" / "province_codes"
    assert not any(target_dir.iterdir()), "no partly written file may stay behind"


def test_missing_file_without_network_names_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path / "data"))
    (tmp_path / "empty").mkdir()

    def no_network(*args, **kwargs):
        raise OSError("network unreachable")

    monkeypatch.setattr("urllib.request.urlopen", no_network)
    with pytest.raises(FetchError, match=r"regex\.csv.*--mirror"):
        fetch(mirror=tmp_path / "empty", paths=[SAMPLE])
    with pytest.raises(FetchError, match="no public download"):
        fetch(mirror=tmp_path / "empty", paths=["par_index_facts/facts.csv"])


def test_unregistered_path_is_refused():
    with pytest.raises(FetchError, match="not in the raw-data registry"):
        pa.raw_path("pci/not_a_file.xls")


def test_cli_fetch_reports(shared_mirror, tmp_path, monkeypatch, capsys):
    from par_analysis.cli import main

    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path / "data"))
    mirror = _copy_mirror(shared_mirror, tmp_path)
    only = {SAMPLE: pa.registry.entry(SAMPLE)}
    monkeypatch.setattr("par_analysis.registry._entries", lambda: only)
    assert main(["fetch", "--mirror", str(mirror)]) == 0
    assert "1 raw files checked" in capsys.readouterr().out


def test_no_raw_file_lands_on_a_tracked_file():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=root, capture_output=True,
                             text=True).stdout.split()
    targets = {f"data/raw/{p}" for p in raw_files()["path"]}
    assert targets.isdisjoint(tracked)


def test_cli_build_runs_every_cached_loader(monkeypatch, capsys):
    import par_analysis as pa
    from par_analysis.cli import main
    from par_analysis.sources.catalog import tagged

    steps = [s.loader for s in tagged("build")]
    assert {"load_pci", "load_facts", "load_fdi", "load_boundaries"} <= set(steps)
    calls = []
    for name in steps:
        monkeypatch.setattr(pa, name, lambda refresh, name=name: calls.append((name, refresh))
                            or pa.tidy_frame([]))
    assert main(["build", "--refresh"]) == 0
    assert calls == [(name, True) for name in steps]
    assert "load_fdi" in capsys.readouterr().out
