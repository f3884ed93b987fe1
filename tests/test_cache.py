import logging

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


@pytest.mark.parametrize("damage", ["zeroed", "truncated", "deleted_record"])
def test_a_damaged_cache_file_is_rebuilt_with_its_reason(tmp_path, monkeypatch, caplog, damage):
    monkeypatch.setenv("PAR_ANALYSIS_DATA", str(tmp_path))
    calls = []
    build = lambda: calls.append(1) or pd.DataFrame({"a": [float(i) for i in range(500)]})  # noqa: E731,E501
    cached("demo", ["province_codes/regex.csv"], build)
    target = tmp_path / "processed" / "demo.parquet"
    data = bytearray(target.read_bytes())
    if damage == "zeroed":
        data[len(data) // 3: len(data) // 3 + 64] = bytes(64)
        target.write_bytes(bytes(data))
    elif damage == "truncated":
        target.write_bytes(bytes(data[: len(data) // 2]))
    else:
        (tmp_path / "processed" / "demo.json").unlink()
    with caplog.at_level(logging.INFO, logger="par_analysis.cache"):
        again = cached("demo", ["province_codes/regex.csv"], build)
    assert len(calls) == 2 and again["a"].sum() == sum(range(500))
    expected = "no cache yet" if damage == "deleted_record" else "damaged"
    assert "rebuilt demo: " in caplog.text and expected in caplog.text
