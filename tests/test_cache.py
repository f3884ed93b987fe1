import pandas as pd

from par_analysis.cache import cached


def test_cache_rebuilds_when_version_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return pd.DataFrame({"a": [1.0, 2.0]})

    first = cached("demo", ["province_codes/regex.csv"], build, "1")
    second = cached("demo", ["province_codes/regex.csv"], build, "1")
    assert len(calls) == 1 and first.equals(second)
    cached("demo", ["province_codes/regex.csv"], build, "2")
    assert len(calls) == 2
    assert not list((tmp_path / "processed").glob("*.tmp"))


def test_cache_rebuilds_when_a_raw_file_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path))
    calls = []
    build = lambda: calls.append(1) or pd.DataFrame({"a": [1]})  # noqa: E731
    cached("demo", ["province_codes/regex.csv"], build)
    raw = tmp_path / "raw" / "province_codes" / "regex.csv"
    raw.write_bytes(raw.read_bytes().replace(b"Ha Noi", b"Ha Nox"))
    cached("demo", ["province_codes/regex.csv"], build)
    assert len(calls) == 2
