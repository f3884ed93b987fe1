import pytest

from par_analysis.errors import RawDataError
from par_analysis.schema import TIDY_COLUMNS, Indicator, tidy_frame, validate_tidy

INDICATORS = {"pci": Indicator(unit="index_0_100", lo=0, hi=100)}


def _row(**kw):
    base = {"province_code": "40", "layout": "63", "year": 2019, "source": "vcci_workbook",
            "indicator": "pci", "value": 62.0, "unit": "index_0_100",
            "raw_file": "pci/x.xlsx", "sheet": "Summary", "row": 12}
    return {**base, **kw}


def test_tidy_frame_columns_and_dtypes():
    df = tidy_frame([_row(), _row(province_code="01", row=13)])
    assert list(df.columns) == TIDY_COLUMNS
    assert str(df["year"].dtype) == "int64" and str(df["row"].dtype) == "Int64"
    assert df["period"].tolist() == ["FY", "FY"]
    assert validate_tidy(df, INDICATORS) is df


@pytest.mark.parametrize(
    "rows, match",
    [
        ([_row(value=120.0)], r"out of range .*pci/x.xlsx.*row 12.*120"),
        ([_row(), _row(row=40)], r"duplicate observation.*row 40"),
        ([_row(province_code="28")], r"unknown province code '28' for layout 63"),
        ([_row(indicator="pci_new")], r"undeclared indicator.*pci_new"),
        ([_row(layout="65")], r"schema"),
    ],
)
def test_validate_tidy_names_file_row_and_value(rows, match):
    with pytest.raises(RawDataError, match=match):
        validate_tidy(tidy_frame(rows), INDICATORS)


def test_ha_tay_is_valid_in_layout_64_and_special_units_everywhere():
    df = tidy_frame([_row(province_code="28", layout="64"), _row(province_code="VN"),
                     _row(province_code="R-MD")])
    validate_tidy(df, INDICATORS)
