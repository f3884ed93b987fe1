import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.errors import UnknownProvinceError
from par_analysis.registry import raw_path

SPELLINGS = Path(__file__).parent / "data" / "province_spellings.csv"


def test_layout_sizes_and_codes():
    assert [len(pa.provinces(lay)) for lay in ("64", "63", "34")] == [64, 63, 34]
    t63 = pa.provinces("63")
    assert t63["code"].str.fullmatch(r"\d\d").all()
    assert t63["code"].is_unique
    assert set(pa.provinces("64")["code"]) - set(t63["code"]) == {"28"}
    assert t63.set_index("code").loc["40", "name_vi"] == "Nghệ An"
    assert t63["region"].value_counts().to_dict() == {
        "R-NMM": 14,
        "R-RRD": 11,
        "R-NCC": 14,
        "R-MD": 13,
        "R-SE": 6,
        "R-CH": 5,
    }


@pytest.mark.parametrize(
    "name, code",
    [
        ("TP.HCM", "79"),
        ("Tp.HCM", "79"),
        ("HCMC", "79"),
        ("TP. Hồ Chí Minh", "79"),
        ("TT-Huế", "46"),
        ("Thua Thien-Hue", "46"),
        ("Bắc Kạn", "06"),
        ("Bắc Cạn", "06"),
        ("Đắk Lắk", "66"),
        ("Đăk Lăk", "66"),
        ("Dak Lak", "66"),
        ("BRVT", "77"),
        ("Bà Rịa - Vũng Tàu", "77"),
        ("Hòa Bình", "17"),
        ("Hoà Bình", "17"),
        ("KHÁNH HOÀ", "56"),
        ("  quang   ninh ", "22"),
        ("Tỉnh Nghệ An", "40"),
        ("Thành phố Hà Nội", "01"),
    ],
)
def test_resolve_issue_spellings(name, code):
    assert pa.resolve(name) == code


def test_every_spelling_in_the_shared_data_resolves():
    rows = list(csv.DictReader(SPELLINGS.open(encoding="utf-8")))
    assert len(rows) > 300
    got = [pa.resolve(r["spelling"], layout=r["layout"], special=True) for r in rows]
    wrong = [
        (r["spelling"], r["code"], g) for r, g in zip(rows, got, strict=True) if g != r["code"]
    ]
    assert wrong == []


def test_resolve_shapes():
    assert pa.resolve("Nghe An") == "40"
    assert pa.resolve(["Nghe An", "Ha Noi"]) == ["40", "01"]
    s = pd.Series(["Nghe An", "Ha Noi"], index=[10, 20])
    out = pa.resolve(s)
    assert list(out.index) == [10, 20] and list(out) == ["40", "01"]


def test_unknown_names_fail_loudly_with_candidates():
    with pytest.raises(UnknownProvinceError) as info:
        pa.resolve(["Nghe An", "Ngh An", "Atlantis"])
    message = str(info.value)
    assert "'Ngh An'" in message and "Nghệ An (40)" in message and "'Atlantis'" in message
    assert set(info.value.unresolved) == {"Ngh An", "Atlantis"}


def test_layout_matters():
    assert pa.resolve("Hà Tây", layout="64") == "28"
    with pytest.raises(UnknownProvinceError, match="layout 64"):
        pa.resolve("Hà Tây", layout="63")
    with pytest.raises(UnknownProvinceError, match="crosswalk"):
        pa.resolve("Bình Dương", layout="34")
    assert pa.resolve("Huế", layout="34") == "46"
    with pytest.raises(UnknownProvinceError):
        pa.resolve("Dầu khí")  # not a province unless special=True
    assert pa.resolve("Dầu khí", special=True) == "OG"


def test_crosswalk_64_to_63():
    cw = pa.crosswalk("64", "63")
    assert len(cw) == 64
    assert cw.set_index("old_code").loc["28", "new_code"] == "01"
    assert (cw.query("old_code != '28'").eval("old_code == new_code")).all()


def test_crosswalk_63_to_34_matches_the_shared_crosswalk():
    ours = pa.crosswalk("63", "34").set_index("old_code")["new_code"]
    path = raw_path("boundaries/crosswalk_63_to_34/crosswalk_63_to_34_long.csv")
    theirs = pd.read_csv(path, dtype=str).set_index("old_code")["new_code"]
    assert len(ours) == 63
    assert ours.sort_index().equals(theirs.sort_index())
    assert ours.nunique() == 34
    # 23 merged units and 11 unchanged ones (Resolution 202/2025/QH15)
    sizes = ours.value_counts()
    assert (sizes == 1).sum() == 11 and (sizes > 1).sum() == 23


def test_crosswalk_63_to_34_matches_vietnamadminunits():
    vau = pytest.importorskip("vietnamadminunits")
    data = Path(vau.__file__).parent / "data"
    convert = json.loads((data / "converter_2025.json").read_text("utf-8"))["DICT_PROVINCE"]
    legacy = json.loads((data / "parser_legacy.json").read_text("utf-8"))["DICT_PROVINCE"]
    new = json.loads((data / "parser_from_2025.json").read_text("utf-8"))["DICT_PROVINCE"]
    pairs = {
        legacy[old]["provinceCode"]: new[new_key]["provinceCode"]
        for new_key, olds in convert.items()
        for old in olds
    }
    ours = pa.crosswalk("63", "34").set_index("old_code")["new_code"].to_dict()
    assert pairs == ours


def test_names_for_display():
    assert pa.name_of("79", layout="34", lang="en") == "Ho Chi Minh City"
    assert pa.name_of(["OG"], lang="vi") == ["Dầu khí"]
    assert pa.regions()["code"].tolist() == ["R-NMM", "R-RRD", "R-NCC", "R-CH", "R-SE", "R-MD"]
