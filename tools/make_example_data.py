"""Write ``par_analysis/_data/example_tidy.csv``: the packaged example dataset.

Real rows, with their provenance, of four indicators for six provinces, 2018-2023: the value
:func:`par_analysis.build_panel` chooses for each cell (the source-preference rule of the
catalogue). Docstring examples run on it without raw data; ``tests/test_examples_data.py``
checks that it still equals what the loaders give. Run after a loader change:
``.venv/bin/python tools/make_example_data.py``.
"""

from __future__ import annotations

from pathlib import Path

from par_analysis.examples import EXAMPLE_FILE, expected_example

if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "par_analysis" / "_data" / EXAMPLE_FILE
    table = expected_example()
    table.to_csv(out, index=False)
    print(f"{out}: {len(table)} rows")
