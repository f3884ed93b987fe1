"""One look for every report: readable text, integer years, tidy tables.

Reports are read on screens and printed. :func:`use_report_style` sets matplotlib so that no text
is smaller than :data:`MIN_POINTS` (9 pt at 100 dpi); :func:`integer_years` keeps year axes on
whole years ("2005 2010", never "2005.0 2007.5"); :func:`styled_table` shows a frame with empty
cells as "–", ranks and counts as integers and a horizontal scroll bar instead of a cut table.
:func:`small_text` lists what would break the rule, for tests.
"""

from __future__ import annotations

import re

import pandas as pd

MIN_POINTS = 9
DPI = 100
EMPTY = "–"
RC: dict[str, object] = {
    "figure.dpi": DPI, "savefig.dpi": DPI,
    "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10,
    "xtick.labelsize": MIN_POINTS, "ytick.labelsize": MIN_POINTS,
    "legend.fontsize": MIN_POINTS, "legend.title_fontsize": MIN_POINTS,
    "figure.titlesize": 12,
}


def use_report_style() -> None:
    """Set matplotlib's text sizes and resolution for reports (no text under 9 pt).

    Examples
    --------
    >>> import matplotlib
    >>> import par_analysis as pa
    >>> pa.use_report_style()
    >>> matplotlib.rcParams["xtick.labelsize"], matplotlib.rcParams["figure.dpi"]
    (9.0, 100.0)
    """
    import matplotlib

    matplotlib.rcParams.update(RC)  # type: ignore[arg-type]


def integer_years(ax, axis: str = "x"):
    """Put ticks on whole years only, labelled without decimals.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes whose year axis to fix.
    axis : {"x", "y"}
        Which axis holds the years.

    Returns
    -------
    matplotlib.axes.Axes
        The same axes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2019, 2020, 2021, 2022], [1, 2, 3, 2])
    >>> _ = pa.integer_years(ax)
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels() if 2019 <= t.get_position()[0] <= 2022]
    ['2019', '2020', '2021', '2022']
    >>> plt.close(fig)
    """
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))
    target.set_major_formatter(FormatStrFormatter("%d"))
    return ax


def small_text(fig, minimum: float = MIN_POINTS) -> list[str]:
    """Return the visible texts of a figure set smaller than ``minimum`` points.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A drawn or undrawn figure (it is drawn first, so tick labels exist).
    minimum : float
        Smallest size allowed, in points.

    Returns
    -------
    list of str
        ``"<text> (<size> pt)"`` for each offender; empty when the figure is readable.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import par_analysis as pa
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("tiny", fontsize=6)
    >>> pa.small_text(fig)
    ['tiny (6.0 pt)']
    >>> plt.close(fig)
    """
    from matplotlib.text import Text

    fig.canvas.draw()
    return [f"{t.get_text()} ({t.get_fontsize():.1f} pt)" for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < minimum]


class _Scrolling:
    """A styled table inside a box that scrolls sideways when the table is wider than the page."""

    def __init__(self, styler):
        self.styler = styler

    def _repr_html_(self) -> str:
        return f'<div style="overflow-x:auto; max-width:100%">{self.styler.to_html()}</div>'


def styled_table(data: pd.DataFrame, decimals: int = 2, integers=None, index: bool = False):
    """Return a frame ready to display in a report: "–" for empty cells, integer ranks.

    Parameters
    ----------
    data : pandas.DataFrame
        The table.
    decimals : int
        Decimals shown for non-integer numbers.
    integers : list of str, optional
        Columns shown without decimals; default every numeric column whose values are all whole
        numbers, and those whose name ends in ``rank``, ``year`` or ``count`` or starts with
        ``n_`` (``pci_rank``, ``n_provinces``; not ``mean rank difference``).
    index : bool
        Show the index.

    Returns
    -------
    object
        Displays as HTML (``display(...)`` in a notebook) inside a box that scrolls sideways;
        its ``styler`` attribute is the :class:`pandas.io.formats.style.Styler`.

    Examples
    --------
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> frame = pd.DataFrame({"province": ["Huế", "Cà Mau"], "rank": [20.0, None],
    ...                       "pci": [66.123, None]})
    >>> html = pa.styled_table(frame)._repr_html_()
    >>> ">20<" in html, "20.0" in html, "–" in html, "66.12" in html, "<NA>" in html
    (True, False, True, True, False)
    >>> rank_gap = pd.DataFrame({"mean rank difference": [1.0, 1.53], "n_units": [3.0, 4.0]})
    >>> html = pa.styled_table(rank_gap)._repr_html_()
    >>> "1.53" in html, ">3<" in html
    (True, True)
    """
    numeric = data.select_dtypes("number").columns
    if integers is None:
        words = {c: re.split(r"[_\s]+", str(c).lower()) for c in numeric}
        named = [c for c in numeric
                 if words[c][-1] in {"rank", "year", "count"} or words[c][0] == "n"]
        whole = [c for c in numeric if data[c].dropna().mod(1).eq(0).all()]
        integers = sorted(set(named) | set(whole), key=list(data.columns).index)
    formats = {c: ("{:.0f}" if "year" in str(c) else "{:,.0f}" if c in integers
                   else f"{{:,.{decimals}f}}") for c in numeric}
    styler = data.style.format(formats, na_rep=EMPTY).format(na_rep=EMPTY, subset=[
        c for c in data.columns if c not in numeric])
    if not index:
        styler = styler.hide(axis="index")
    return _Scrolling(styler)
