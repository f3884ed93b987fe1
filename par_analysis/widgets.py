"""An ipywidgets explorer of the tidy data for JupyterLab.

Pick an indicator, a year and a layout; see a map, a ranked table and one province's trajectory,
all updating together.

>>> import par_analysis as pa
>>> # not run: loads every explorer source and draws the maps, about 7 s
>>> pa.explore()  # doctest: +SKIP

The explorer is a small class (:class:`Explorer`) whose widgets are attributes, so code and tests
can set values and read what is shown. Figures are static PNGs (matplotlib Agg) in ``Image``
widgets; the map is :func:`par_analysis.choropleth` (``use_map=False``: a ranked bar chart, for
data without boundaries). A loader, :func:`par_analysis.harmonize` or the map failing raises.

Rows of earlier layouts are harmonised into the selected layout, except ranks (units ``"rank"``
and ``"rank_change"``, whose :data:`par_analysis.schema.UNITS` rule is ``"error"``): a rank
among 63 provinces is no rank among 34 units, so only the ranks a source publishes for the
selected layout are shown, and the status line says so. Unit-years that
:func:`par_analysis.harmonize` leaves out because a member province has no value are counted in
the status line.
"""

from __future__ import annotations

import io

import pandas as pd

from .harmonization import harmonize
from .maps import choropleth
from .province_table import province_mask, provinces, resolve
from .schema import check_values, unit_of
from .sources import load_tidy
from .sources.catalog import choose_source, tagged


def _load_explorer_sources() -> pd.DataFrame:
    """Concatenate the tidy frames of every source the catalogue tags ``explorer``."""
    return load_tidy([s.key for s in tagged("explorer")])


def _png_bytes(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


class Explorer:
    """Indicator dropdown, year slider, 63/34 layout toggle, map, ranked table, province picker.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        A tidy frame (:mod:`par_analysis.schema`); default: every source the catalogue tags
        ``explorer`` (:mod:`par_analysis.sources.catalog`), concatenated. Only province rows of
        period ``"FY"`` are shown.
    use_map : bool
        Draw a choropleth with :func:`par_analysis.choropleth`; ``False`` draws a ranked bar chart
        (no boundaries needed).
    indicator : str, optional
        Indicator to open on (default ``pci``).
    province : str, optional
        Province to open on, by name or GSO code.

    Attributes
    ----------
    indicator, year, layout, province : ipywidgets widgets
        The controls; setting ``.value`` updates the outputs.
    map, trajectory : ipywidgets.Image
        PNG of the map (or bar chart) and of the selected province's trajectory.
    table : ipywidgets.HTML
        The ranked table of the selected indicator, year and layout.
    status : ipywidgets.HTML
        What is shown, with the notes on the data (:attr:`notes`).
    notes : list of str
        Ranks not harmonised and unit-years left out by :func:`par_analysis.harmonize`, per
        indicator and layout viewed so far.
    widget : ipywidgets.VBox
        Everything, laid out; displaying the explorer displays it.

    Examples
    --------
    >>> import par_analysis as pa
    >>> from par_analysis.widgets import Explorer
    >>> ex = Explorer(pa.load_pci(), use_map=False)
    >>> ex.year.value = 2015
    >>> ex.ranked().loc[0, ["province_code", "name"]].tolist()
    ['48', 'Đà Nẵng']
    """

    def __init__(self, data: pd.DataFrame | None = None, use_map: bool = True,
                 indicator: str | None = None, province: str | None = None):
        import ipywidgets as w

        data = _load_explorer_sources() if data is None else check_values(data, "explore")
        keep = province_mask(data["province_code"]) & data["value"].notna()
        if "period" in data.columns:
            keep &= data["period"].fillna("FY") == "FY"
        self.data = data[keep]
        self.notes: list[str] = []
        self.use_map = use_map
        self._frames: dict[tuple[str, str], pd.DataFrame] = {}
        indicators = sorted(self.data["indicator"].unique())
        if not indicators:
            raise ValueError("no province data to explore")
        if indicator is not None and indicator not in indicators:
            from .codebook import suggest

            raise ValueError(f"no province data for indicator {indicator!r}; nearest: "
                             f"{suggest(indicator, indicators)}")
        default = indicator or ("pci" if "pci" in indicators else indicators[0])
        self.indicator = w.Dropdown(options=indicators, value=default, description="Indicator")
        self.layout = w.ToggleButtons(options=[("63 provinces", "63"), ("34 units", "34")],
                                      value="63", description="Layout")
        self.year = w.IntSlider(description="Year", continuous_update=False)
        self.province = w.Dropdown(description="Province")
        self.map = w.Image(format="png")
        self.trajectory = w.Image(format="png")
        self.table = w.HTML()
        self.status = w.HTML()
        self._busy = False
        self.indicator.observe(self._on_indicator, names="value")
        self.layout.observe(self._on_indicator, names="value")
        self.year.observe(self._on_year, names="value")
        self.province.observe(self._on_province, names="value")
        self.widget = w.VBox([
            w.HBox([self.indicator, self.layout]), self.year, self.status,
            w.HBox([self.map, w.Box([self.table], layout=w.Layout(max_height="520px",
                                                                   overflow="auto"))]),
            self.province, self.trajectory,
        ])
        self._on_indicator()
        if province is not None:  # a name or a code, as everywhere (pa.resolve)
            self.province.value = resolve(province, layout=self.layout.value)

    # data -----------------------------------------------------------------------------------
    def frame(self) -> pd.DataFrame:
        """Return the rows of the selected indicator on the selected layout's units.

        Rows of earlier layouts are aggregated with :func:`par_analysis.harmonize` (into the 34
        units; for ``"63"``, Ha Tay's pre-August-2008 rows into Ha Noi); rows a source reports
        for the layout itself win. Ranks are not aggregated (module docstring). One source per
        unit-year, by the package's rule (:func:`par_analysis.choose_source`).
        """
        key = (self.indicator.value, self.layout.value)
        if key not in self._frames:
            layout = self.layout.value
            rows = choose_source(self.data[self.data["indicator"] == key[0]])
            own = rows[rows["layout"] == layout]
            older = rows[rows["layout"].isin(["64", "63"] if layout == "34" else ["64"])]
            if older.empty:
                new = older
            elif {unit_of(u).rule for u in older["unit"].unique()} == {"error"}:
                self.notes.append(f"{key[0]}: ranks are not aggregated across merged provinces; "
                                  f"only ranks published for layout {layout} are shown")
                new = older.iloc[0:0]
            else:
                new = harmonize(older, to_layout=layout, warn=False)  # counted in the notes
                if new.attrs["incomplete"]:
                    self.notes.append(
                        f"layout {layout}, {key[0]}: {len(new.attrs['incomplete'])} unit-years "
                        "left out because a member province has no value")
            both = pd.concat([own, new], ignore_index=True)
            self._frames[key] = both.drop_duplicates(["province_code", "year"])
        return self._frames[key]

    def ranked(self) -> pd.DataFrame:
        """Return the ranked table of the selected year: ``rank, province_code, name, value``."""
        rows = self.frame()
        rows = rows[rows["year"] == self.year.value]
        names = provinces(self.layout.value).set_index("code")["name_vi"]
        out = pd.DataFrame({"province_code": rows["province_code"].to_numpy(),
                            "value": rows["value"].to_numpy()})
        out["name"] = out["province_code"].map(names)
        out = out.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
        out.insert(0, "rank", out["value"].rank(ascending=False, method="min").astype("int64"))
        return out[["rank", "province_code", "name", "value"]]

    # callbacks ------------------------------------------------------------------------------
    def _on_indicator(self, change=None):
        rows = self.frame()
        counts = rows.groupby("year").size()
        years = sorted(counts.index)
        units = provinces(self.layout.value)
        self._busy = True
        try:
            if years:
                old = self.year.value
                # widen first so that min <= max holds at every step, then narrow
                self.year.max = max(years[-1], self.year.max)
                self.year.min = years[0]
                self.year.max = years[-1]
                # a new layout keeps the year; a new indicator opens on its fullest (latest) year
                keep = change is not None and change.owner is self.layout and old in counts.index
                self.year.value = old if keep else int(counts[counts == counts.max()].index.max())
            choice = self.province.value
            self.province.options = [(f"{r.name_vi} ({r.code})", r.code)
                                     for r in units.itertuples()]
            self.province.value = choice if choice in set(units["code"]) else units["code"][0]
        finally:
            self._busy = False
        self._refresh()

    def _on_year(self, change=None):
        if not self._busy:
            self._refresh(trajectory=False)

    def _on_province(self, change=None):
        if not self._busy:
            self._draw_trajectory()

    def _refresh(self, trajectory: bool = True):
        ranked = self.ranked()
        label = f"{self.indicator.value}, {self.year.value}, layout {self.layout.value}"
        self.status.value = (f"<b>{label}</b>: {len(ranked)} units with a value"
                             + "".join(f"<br><small>{n}</small>" for n in self.notes))
        self.table.value = ranked.to_html(index=False, float_format=lambda v: f"{v:,.2f}",
                                          border=0, classes="par-ranked")
        self._draw_map(ranked)
        if trajectory:
            self._draw_trajectory()

    # drawing --------------------------------------------------------------------------------
    def _draw_map(self, ranked: pd.DataFrame):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        if ranked.empty:  # e.g. a rank no source publishes for this layout (module docstring)
            fig, ax = plt.subplots(figsize=(4.2, 1.0))
            ax.text(0.5, 0.5, f"no values of {self.indicator.value} in {self.year.value}, "
                    f"layout {self.layout.value}", ha="center", va="center", fontsize=9)
            ax.axis("off")
            self.map.value = _png_bytes(fig)
            return
        if self.use_map:
            fig, _ = choropleth(self.frame(), self.indicator.value, year=self.year.value,
                                layout=self.layout.value)
            self.map.value = _png_bytes(fig)
            return
        top = ranked.head(63).iloc[::-1]
        fig, ax = plt.subplots(figsize=(4.2, max(2.0, 0.16 * len(top) + 0.6)))
        ax.barh(top["name"].fillna(top["province_code"]), top["value"], color="#1d4e89")
        ax.tick_params(labelsize=9)
        ax.set_title(f"{self.indicator.value}, {self.year.value}", fontsize=9, loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        self.map.value = _png_bytes(fig)

    def _draw_trajectory(self):
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        rows = self.frame()
        mine = rows[rows["province_code"] == self.province.value].sort_values("year")
        mean = rows.groupby("year")["value"].mean()
        fig, ax = plt.subplots(figsize=(6, 2.6))
        ax.plot(mean.index, mean.values, ":", color="#52606d", label="mean of units")
        ax.plot(mine["year"], mine["value"], "-o", ms=3, color="#c0392b",
                label=str(self.province.label))
        if mine.empty:
            ax.text(0.5, 0.5, "no data for this unit", transform=ax.transAxes, ha="center")
        ax.set_title(self.indicator.value, fontsize=9, loc="left")
        ax.legend(fontsize=9, frameon=False)
        ax.spines[["top", "right"]].set_visible(False)
        self.trajectory.value = _png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explore(data: pd.DataFrame | None = None, use_map: bool = True,
            indicator: str | None = None, province: str | None = None) -> Explorer:
    """Open the interactive explorer in JupyterLab.

    Parameters
    ----------
    data : pandas.DataFrame, optional
        A tidy frame; default: every source the catalogue tags ``explorer`` (PCI, PAPI, PAR
        INDEX, SIPAS, the service index, FDI).
    use_map : bool
        Draw a choropleth (:func:`par_analysis.choropleth`, needs the boundaries); ``False``
        shows ranked bars instead.
    indicator : str, optional
        Indicator to open on (default ``pci``); an unknown one raises with the nearest names.
    province : str, optional
        Province to open on, by name (``"Nghệ An"``) or GSO code (``"40"``).

    Returns
    -------
    Explorer
        Displaying it shows the widgets; its attributes are the controls and outputs.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.explore(pa.example_tidy(), use_map=False, province="Nghệ An").province.value
    '40'
    >>> ex = pa.explore(pa.example_tidy(), use_map=False)
    >>> ex.indicator.value, ex.year.value, ex.layout.value
    ('pci', 2022, '63')
    >>> ex.indicator.value = "papi_total_8dim"
    >>> ex.ranked()["province_code"].tolist()[:3]
    ['22', '01', '40']
    >>> # not run: loads every explorer source and draws the maps, about 7 s
    >>> ex = pa.explore()  # doctest: +SKIP
    """
    return Explorer(data, use_map=use_map, indicator=indicator, province=province)
