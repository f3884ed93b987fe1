import pandas as pd
import pytest

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


def test_a_raw_file_changed_without_changing_its_size_is_refused(tmp_path, monkeypatch):
    from par_analysis.errors import FetchError

    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path))
    build = lambda: pd.DataFrame({"a": [1]})  # noqa: E731
    cached("demo", ["province_codes/regex.csv"], build)
    raw = tmp_path / "raw" / "province_codes" / "regex.csv"
    raw.write_bytes(raw.read_bytes().replace(b"Ha Noi", b"Ha Nox"))
    with pytest.raises(FetchError, match=r"regex\.csv does not match the registry.*fetch --force"):
        cached("demo", ["province_codes/regex.csv"], build)
