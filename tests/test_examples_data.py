"""The packaged example dataset is what the loaders give today, not a stale copy."""

import pandas as pd
import pytest

import par_analysis as pa
from par_analysis.examples import EXAMPLE_PROVINCES, expected_example


@pytest.mark.slow  # loads every tidy source
def test_example_equals_the_loaders():
    pd.testing.assert_frame_equal(pa.example_tidy(), expected_example(), check_exact=False,
                                  rtol=1e-12)


def test_example_panel_is_the_full_grid_of_the_example():
    panel = pa.example_panel()
    assert panel.index.get_level_values("province_code").unique().tolist() == \
        list(EXAMPLE_PROVINCES)
    assert panel.notna().sum().sum() == pa.example_tidy()["value"].notna().sum()
