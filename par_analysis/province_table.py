"""The canonical province table: codes, names, layouts, regions and the 2008 and 2025 crosswalks.

Vietnam had 64 provinces until 31 July 2008 (layout ``"64"``, with Ha Tay), 63 until 30 June 2025
(layout ``"63"``) and 34 units since 1 July 2025 (layout ``"34"``, Resolution 202/2025/QH15). A GSO
code can mean different land in different layouts (``"79"`` is Ho Chi Minh City before and the
merged city with Binh Duong and Ba Ria - Vung Tau after), so every function takes a layout.

The table is a packaged CSV of facts we own (``_data/provinces.csv``); spellings met in raw files
are in ``_data/province_aliases.csv``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache
from importlib import resources

import pandas as pd

from .errors import ParAnalysisError, UnknownProvinceError
from .paths import packaged_rows
from .vocab import check_choice

REGIONS = {
    "R-NMM": ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains"),
    "R-RRD": ("Đồng bằng sông Hồng", "Red River Delta"),
    "R-NCC": ("Bắc Trung Bộ và Duyên hải miền Trung", "North Central and Central Coast"),
    "R-CH": ("Tây Nguyên", "Central Highlands"),
    "R-SE": ("Đông Nam Bộ", "Southeast"),
    "R-MD": ("Đồng bằng sông Cửu Long", "Mekong River Delta"),
}

# Units that are not provinces but appear in the data: the whole country, the six regions and the
# offshore oil and gas "province" of the FDI tables.
SPECIAL_UNITS = {
    "VN": (
        "Toàn quốc",
        "Vietnam (whole country)",
        "Cả nước|Toàn quốc|Tổng số|Whole country|Vietnam|Viet Nam|National|WHOLE COUNTRY",
    ),
    "OG": ("Dầu khí", "Offshore oil and gas", "Dầu khí|Dầu khí ngoài khơi|Oil and gas|Oil & gas"),
    "R-NMM": (
        *REGIONS["R-NMM"],
        "Trung du miền núi phía Bắc|Miền núi phía Bắc|TDMNPB|"
        "Northern midlands and mountain areas|Northern Midlands and Mountains",
    ),
    "R-RRD": (*REGIONS["R-RRD"], "ĐBSH|Đồng bằng Bắc Bộ|Red River Delta"),
    "R-NCC": (
        *REGIONS["R-NCC"],
        "Bắc Trung Bộ và DHMT|Bắc Trung Bộ & DHMT|Bắc Trung Bộ và duyên hải "
        "Trung Bộ|North Central and Central coastal areas|North Central Coast and South "
        "Central Coast|North Central area and Central coastal area|Northern Central area "
        "and Central coastal area",
    ),
    "R-CH": (*REGIONS["R-CH"], "Central Highlands"),
    "R-SE": (*REGIONS["R-SE"], "Đông Nam Bộ|ĐNB|South East|Southeast"),
    "R-MD": (*REGIONS["R-MD"], "ĐBSCL|Mekong River Delta|Mekong Delta"),
}

_PREFIXES = ("thudo", "thanhpho", "tinh", "tp")


def fold_diacritics(text: str) -> str:
    """Return ``text`` without its diacritics (whatever its Unicode form), with đ/Đ as d/D.

    Parameters
    ----------
    text : str
        Any text; case and every other character are kept.

    Examples
    --------
    >>> from par_analysis.province_table import fold_diacritics
    >>> fold_diacritics("Đắk Lắk, Thừa Thiên Huế")
    'Dak Lak, Thua Thien Hue'
    """
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def normalize_name(name: str) -> str:
    """Fold a province name to the key used for matching.

    Case, diacritics (including đ/Đ and the old or new tone placement, ``Hòa``/``Hoà``), spaces,
    punctuation and the prefixes *Tỉnh*, *Thành phố*, *TP*, *Thủ đô* do not matter.

    Parameters
    ----------
    name : str
        A province name as written in a source (other objects are converted with ``str``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> [pa.normalize_name(name) for name in ["TP. Hồ Chí Minh", "Khánh Hoà", "Đăk Lăk"]]
    ['hochiminh', 'khanhhoa', 'daklak']
    """
    text = re.sub(r"[^a-z0-9]+", "", fold_diacritics(str(name)).lower())
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix) + 2:
            return text[len(prefix) :]
    return text


@cache
def _table() -> pd.DataFrame:
    text = resources.files("par_analysis").joinpath("_data/provinces.csv").read_text("utf-8")
    return pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)


@cache
def _file_aliases() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["code"], r["layout"], r["alias"])
                 for r in packaged_rows("province_aliases.csv"))


def provinces(layout: str | None = "63") -> pd.DataFrame:
    """Return the province table for one layout (or every layout with ``layout=None``).

    Columns: ``code`` (GSO two-digit string), ``layout``, ``name_vi`` (with diacritics),
    ``name_ascii``, ``name_en``, ``type`` (city/province), ``region`` (code of the six
    socio-economic regions, see :func:`regions`), ``valid_from``, ``valid_to``, ``successor_code``
    (the code in the next layout), ``pci_id``, ``papi_id``, ``iso`` and ``aliases``.

    Parameters
    ----------
    layout : {"63", "64", "34"} or None
        The layout to return (an int such as ``63`` is accepted); None returns the rows of
        every layout.

    Examples
    --------
    >>> import par_analysis as pa
    >>> len(pa.provinces("64")), len(pa.provinces("63")), len(pa.provinces("34"))
    (64, 63, 34)
    """
    if layout is None:
        return _table().copy()
    _check_layout(layout)
    return _layout_table(str(layout)).copy()


@cache
def _layout_table(layout: str) -> pd.DataFrame:
    table = _table()
    return table[table["layout"] == layout].reset_index(drop=True)


def regions() -> pd.DataFrame:
    """Return the six socio-economic regions used for PAR INDEX regional means.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.regions().set_index("code").loc["R-MD", "name_en"]
    'Mekong River Delta'
    """
    return pd.DataFrame(
        [(code, vi, en) for code, (vi, en) in REGIONS.items()],
        columns=["code", "name_vi", "name_en"],
    )


def _check_layout(layout) -> None:
    check_choice(layout, "Layout")


def known_codes(layout: str) -> set[str]:
    """Return the province codes of a layout plus the special unit codes (``VN``, ``OG``, regions).

    Parameters
    ----------
    layout : {"63", "64", "34"}
        The layout whose province codes are returned.

    Examples
    --------
    >>> "28" in known_codes("64"), "28" in known_codes("63"), "OG" in known_codes("34")
    (True, False, True)
    """
    return set(provinces(layout)["code"]) | set(SPECIAL_UNITS)


def is_province(code) -> bool:
    """Tell a province code from a special unit code (whole country, region, oil and gas).

    Parameters
    ----------
    code : str
        A province or special unit code (other objects are converted with ``str``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.is_province("40"), pa.is_province("VN"), pa.is_province("R-MD")
    (True, False, False)
    """
    return str(code) not in SPECIAL_UNITS


def province_mask(codes) -> pd.Series:
    """Return a boolean Series: True where a code is a province, False for special units.

    The one vectorised form of :func:`is_province`: whole country ``VN``, offshore oil and gas
    ``OG`` and the six regions ``R-...`` are not provinces.

    Parameters
    ----------
    codes : pandas.Series or iterable of str
        Province codes (a tidy frame's ``province_code``); the result keeps a Series' index.

    Examples
    --------
    >>> import pandas as pd
    >>> import par_analysis as pa
    >>> pa.province_mask(pd.Series(["40", "VN", "R-MD", "OG"])).tolist()
    [True, False, False, False]
    """
    codes = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype="string")
    return (~codes.astype("string").isin(list(SPECIAL_UNITS))).astype(bool)


# the layout in force on a day: 64 provinces to 31 Jul 2008, 63 to 30 Jun 2025, then 34
LAYOUT_STARTS = (("64", "1900-01-01"), ("63", "2008-08-01"), ("34", "2025-07-01"))
# annual series are dated by a day of their year, named for the reason:
YEAR_DAYS = {
    # GSO annual tables restate a year on the layout in force at its end (2008 has 63 provinces)
    "year_end": "12-31",
    # a survey fielded in the first half scores the provinces of that time (PCI 2008 scored Ha Tay;
    # a 2025 survey scored the 63 provinces)
    "mid_year": "06-30",
}


def layout_on(date) -> str:
    """Return the layout in force on a date.

    Parameters
    ----------
    date : str, datetime.date or pandas.Timestamp
        The day, in any form :class:`pandas.Timestamp` accepts (``"2008-08-01"``).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.layout_on("2008-07-31"), pa.layout_on("2008-08-01"), pa.layout_on("2025-07-01")
    ('64', '63', '34')
    """
    day = pd.Timestamp(date)
    return [lay for lay, start in LAYOUT_STARTS if day >= pd.Timestamp(start)][-1]


def layout_of_year(year: int, as_of: str = "year_end") -> str:
    """Return the layout an annual value of ``year`` belongs to.

    Parameters
    ----------
    year : int
    as_of : {"year_end", "mid_year"}
        Which day of the year dates the value (:data:`YEAR_DAYS`): ``"year_end"`` for tables
        restated on the layout in force at the end of the year (GSO annual figures),
        ``"mid_year"`` for surveys fielded in the first half (PCI editions).

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.layout_of_year(2008), pa.layout_of_year(2025)
    ('63', '34')
    >>> pa.layout_of_year(2008, as_of="mid_year")
    '64'
    """
    if as_of not in YEAR_DAYS:
        raise ValueError(f"as_of must be one of {tuple(YEAR_DAYS)}, got {as_of!r}")
    return layout_on(f"{int(year)}-{YEAR_DAYS[as_of]}")


def province_rows(data: pd.DataFrame, layout: str = "63") -> pd.DataFrame:
    """Keep the rows of a tidy table that are provinces of one layout.

    Drops the whole-country, regional and oil-and-gas rows, and rows of other layouts.

    Parameters
    ----------
    data : pandas.DataFrame
        A tidy table with ``province_code`` and ``layout`` columns.
    layout : {"63", "64", "34"}
        The layout whose province rows are kept.

    Examples
    --------
    >>> import par_analysis as pa
    >>> tidy = pa.tidy_frame([
    ...     {"province_code": c, "layout": lay, "year": 2020, "source": "x", "indicator": "a",
    ...      "value": 1.0, "unit": "u", "raw_file": "f"}
    ...     for c, lay in [("40", "63"), ("VN", "63"), ("40", "34")]])
    >>> pa.province_rows(tidy)[["province_code", "layout"]].values.tolist()
    [['40', '63']]
    """
    _check_layout(layout)
    keep = province_mask(data["province_code"]) & (data["layout"] == str(layout))
    return data[keep]


@cache
def _lookup(layout: str, special: bool) -> dict[str, str]:
    keys: dict[str, str] = {}
    for row in provinces(layout).itertuples():
        names = [row.code, row.name_vi, row.name_ascii, row.name_en,
                 *filter(None, row.aliases.split("|"))]
        for name in names:
            keys[normalize_name(name)] = row.code
    for code, lay, alias in _file_aliases():
        key = normalize_name(alias)
        if lay == layout and keys.get(key, code) != code:
            raise ParAnalysisError(
                f"the alias {alias!r} for {_display(code, layout)} in province_aliases.csv "
                f"(layout {layout}) is already a name of {_display(keys[key], layout)}: "
                "remove or correct that row")
        if lay == layout:
            keys[key] = code
    if special:
        for code, (vi, en, aliases) in SPECIAL_UNITS.items():
            for name in (code, vi, en, *aliases.split("|")):
                keys.setdefault(normalize_name(name), code)
    return keys


def _hint(name: str, layout: str) -> str:
    key = normalize_name(name)
    for other in ("63", "34", "64"):
        if other != layout and key in _lookup(other, False):
            return f" (a province of layout {other}; use crosswalk() to move between layouts)"
    return ""


def resolve(names, layout: str = "63", *, special: bool = False):
    """Return the GSO codes of province names.

    Parameters
    ----------
    names : str, iterable of str or pandas.Series
        Names as written in a source: case, diacritics, spacing, punctuation and the usual
        abbreviations (``TP.HCM``, ``HCMC``, ``BRVT``, ``TT-Huế``, ``Bắc Cạn``) do not matter.
        A GSO code of the layout (``"40"``) is returned as it is, so a command or widget can
        take either.
    layout : {"63", "64", "34"}
        The layout the names belong to.
    special : bool
        Also accept the non-province units: whole country (``VN``), the six regions (``R-...``)
        and offshore oil and gas (``OG``).

    Returns
    -------
    str, list of str or pandas.Series
        Same shape as ``names``.

    Raises
    ------
    UnknownProvinceError
        Listing every name that did not resolve with its nearest candidates; never a silent NaN,
        never a guess.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.resolve(["TP.HCM", "Thua Thien-Hue", "Bắc Cạn", "Đăk Lăk", "BRVT"])
    ['79', '46', '06', '66', '77']
    >>> pa.resolve("Hà Tây", layout="64")
    '28'
    >>> pa.resolve(["Nghệ An", "40"])
    ['40', '40']
    """
    _check_layout(layout)
    layout = str(layout)
    lookup = _lookup(layout, special)
    if isinstance(names, str):
        values, shape = [names], "str"
    elif isinstance(names, pd.Series):
        values, shape = list(names), "series"
    else:
        values, shape = list(names), "list"
    codes, unresolved = [], {}
    for name in values:
        code = None if (name is None or pd.isna(name)) else lookup.get(normalize_name(name))
        if code is None:
            key = normalize_name(name) if isinstance(name, str) else ""
            near = difflib.get_close_matches(key, list(lookup), n=3, cutoff=0.6)
            unresolved[name] = [_display(lookup[k], layout) for k in near]
        codes.append(code)
    if unresolved:
        lines = [
            f"  {name!r}{_hint(str(name), layout)}: nearest "
            + (", ".join(cands) if cands else "none")
            for name, cands in unresolved.items()
        ]
        raise UnknownProvinceError(
            f"{len(unresolved)} province name(s) not found in layout {layout}:\n"
            + "\n".join(lines)
            + "\nIf a name is a real spelling from a source, add it to "
            "par_analysis/_data/province_aliases.csv.",
            {name: cands for name, cands in unresolved.items()},
        )
    if shape == "str":
        return codes[0]
    if shape == "series":
        return pd.Series(codes, index=names.index, dtype="string", name=names.name)
    return codes


def _display(code: str, layout: str) -> str:
    if code in SPECIAL_UNITS:
        return f"{SPECIAL_UNITS[code][0]} ({code})"
    row = provinces(layout).set_index("code").loc[code]
    return f"{row['name_vi']} ({code})"


def name_of(codes, layout: str = "63", *, lang: str = "vi"):
    """Return display names for codes (``lang`` "vi", "ascii" or "en").

    Parameters
    ----------
    codes : str or iterable of str
        Province codes of ``layout`` or special unit codes (``VN``, ``OG``, ``R-...``); a single
        code returns a single name, an iterable a list.
    layout : {"63", "64", "34"}
        The layout the codes belong to.
    lang : {"vi", "ascii", "en"}
        Vietnamese with diacritics, Vietnamese without diacritics, or English.

    Examples
    --------
    >>> import par_analysis as pa
    >>> pa.name_of(["40", "79"], lang="en")
    ['Nghe An', 'Ho Chi Minh City']
    """
    column = {"vi": "name_vi", "ascii": "name_ascii", "en": "name_en"}[lang]
    table = provinces(layout).set_index("code")[column].to_dict()
    table.update({c: (v[1] if lang == "en" else v[0]) for c, v in SPECIAL_UNITS.items()})
    if isinstance(codes, str):
        return table[codes]
    return [table[c] for c in codes]


def crosswalk(from_layout: str = "63", to_layout: str = "34") -> pd.DataFrame:
    """Return one row per unit of ``from_layout`` with the unit it belongs to in ``to_layout``.

    Supported: ``"64"`` -> ``"63"`` (Ha Tay to Ha Noi, 1 August 2008), ``"63"`` -> ``"34"``
    (Resolution 202/2025/QH15, 1 July 2025) and ``"64"`` -> ``"34"``. Every old unit maps to
    exactly one new unit: both reforms merged whole provinces.

    Parameters
    ----------
    from_layout : {"64", "63"}
        The layout of the old units.
    to_layout : {"63", "34"}
        The layout of the new units; a later layout than ``from_layout``, else ``ValueError``.

    Returns
    -------
    pandas.DataFrame
        ``old_code, old_name, new_code, new_name, n_members`` (old units in the new one).

    Examples
    --------
    >>> import par_analysis as pa
    >>> cw = pa.crosswalk("63", "34")
    >>> cw.loc[cw.old_code == "74", "new_code"].item()  # Binh Duong joined Ho Chi Minh City
    '79'
    >>> pa.crosswalk("64", "63").query("old_code == '28'")["new_code"].item()
    '01'
    """
    steps = {("64", "63"), ("63", "34"), ("64", "34")}
    if (str(from_layout), str(to_layout)) not in steps:
        raise ValueError(
            f"no crosswalk from layout {from_layout} to {to_layout}; have {sorted(steps)}"
        )
    old = provinces(from_layout)[["code", "name_vi", "successor_code"]]
    old = old.rename(
        columns={"code": "old_code", "name_vi": "old_name", "successor_code": "new_code"}
    )
    if (str(from_layout), str(to_layout)) == ("64", "34"):
        nxt = provinces("63").set_index("code")["successor_code"]
        old["new_code"] = old["new_code"].map(nxt)
    new_names = provinces(to_layout).set_index("code")["name_vi"]
    old["new_name"] = old["new_code"].map(new_names)
    old["n_members"] = old.groupby("new_code")["old_code"].transform("size").astype("int64")
    return old.reset_index(drop=True)
