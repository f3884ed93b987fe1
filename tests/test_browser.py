"""Generated HTML opened in headless Chromium: a non-blank screenshot and the expected elements."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import numpy as np
import pytest

from par_analysis import profiles, report

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium(tmp_path, *args) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (scripts/ensure_chromium.sh installs it)")
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


WIDTH = 1280  # the narrowest screen a report must fit (issue 15)
MEASURE = ("<script>document.body.dataset.overflow = String("
           "document.documentElement.scrollWidth > document.documentElement.clientWidth);</script>")


def _check_page(tmp_path, page):
    """Screenshot at 1280 px (not blank), and the page must not scroll sideways as a whole."""
    png = tmp_path / f"{page.stem}.png"
    _chromium(tmp_path, f"--screenshot={png}", f"--window-size={WIDTH},900", page.as_uri())
    from PIL import Image

    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    assert pixels.shape == (900, WIDTH)
    assert pixels.std() > 5, "screenshot is blank"
    measured = tmp_path / f"measured_{page.name}"
    measured.write_text(page.read_text("utf-8").replace("</body>", f"{MEASURE}</body>"), "utf-8")
    dom = _chromium(tmp_path, f"--window-size={WIDTH},900", "--dump-dom", measured.as_uri()).stdout
    assert 'data-overflow="false"' in dom, f"{page.name} is wider than {WIDTH} px"
    return dom


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nb")
    out = tmp_path_factory.mktemp("reports")
    cells = [nbformat.v4.new_markdown_cell("# Browser check\n\nA figure and a table."),
             nbformat.v4.new_code_cell(
                 "import matplotlib.pyplot as plt\n"
                 "from IPython.display import display\nimport pandas as pd\n"
                 "fig, ax = plt.subplots(figsize=(4, 3)); ax.plot([1, 3, 2]); display(fig)\n"
                 "plt.close(fig)\n"
                 "display(pd.DataFrame({'province': ['Hà Nội', 'Huế'], 'pci': [66.1, 64.2]}))")]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "01_check.ipynb")
    results = report.execute_all(folder=folder, out_dir=out, jobs=1)
    assert results[0].ok, results[0].error
    return out / "01_check.html"


def test_report_renders(tmp_path, report_page):
    dom = _check_page(tmp_path, report_page)
    assert "<img" in dom and "data:image/png;base64" in dom
    assert "<table" in dom and "Hà Nội" in dom
    assert "plt.subplots" not in dom  # code hidden


def test_profile_renders(tmp_path):
    import par_analysis as pa

    pci = pa.tidy_frame([{"province_code": c, "layout": "63", "year": y, "source": "t",
                          "indicator": "pci", "value": 50 + int(c) / 10 + y % 5,
                          "unit": "index_0_100", "raw_file": "pci/t.xlsx", "row": 3}
                         for y in range(2015, 2020) for c in pa.provinces("63")["code"]])
    page = profiles.write_profiles(["79"], out_dir=tmp_path / "profiles", data={"pci": pci})[0]
    dom = _check_page(tmp_path, page)
    assert "<img" in dom and "data:image/svg+xml;base64" in dom
    assert dom.count("<table") >= 1 and "pci/t.xlsx" in dom
    assert "Hồ Chí Minh" in dom


@pytest.mark.parametrize("name", ["03_fdi", "07_merger_2025"])
def test_real_report_fits_1280_px(tmp_path, name):
    """A report with wide tables: they scroll inside their box, the page itself does not."""
    out = tmp_path / "reports"
    results = report.execute_all(only=[name], out_dir=out, jobs=1)
    assert results[0].ok, results[0].error
    dom = _check_page(tmp_path, out / f"{name}.html")
    assert "overflow-x:auto" in dom and "<NA>" not in dom
