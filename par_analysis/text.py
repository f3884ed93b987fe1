"""Figures researchers track, found in news text on provincial administrative reform.

:func:`extract_figures` reads one article (Vietnamese, English or Thai) and returns one row per
figure: index scores and ranks (PAR INDEX, PCI, PAPI, SIPAS, the Decision 766 service index
``SQI766``, FDI attraction), rank changes, rates (on time, online, digitised, e-signed, ...), counts
(applications, procedures, online services, ...), ratios (``121/133`` tasks), top-N groups and
amounts (USD, VND). It is a rule-based reader: every row keeps its span and matched text so a
researcher can check it against the article, and a number it cannot classify is not reported.

Number conventions: Vietnamese writes ``84,2`` and ``31.022`` (decimal comma, thousands dot);
English and Thai write ``84.2`` and ``31,022``. Thai digits (``๐``-``๙``) are read, and Thai
Buddhist-era years (``2567``) become Common Era years (2024).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from pathlib import Path

import pandas as pd

from .errors import UnknownProvinceError
from .province_table import provinces, resolve

__all__ = ["extract_figures", "detect_lang", "seed_texts", "THAI_PROVINCES"]

COLUMNS = [
    "kind", "index", "value", "scale", "rank", "rank_of", "rate_kind", "item", "numerator",
    "denominator", "qualifier", "province_code", "layout", "place", "year", "start", "end", "text",
    "lang",
]

# Thai spellings of province (and city) names -> the Vietnamese name. The first group is attested
# in the seed articles; the second holds common spellings of the largest cities and provinces.
THAI_PROVINCES = {
    "อานเจียง": "An Giang", "เหงะอาน": "Nghệ An", "กวางนาม": "Quảng Nam", "กวางตรี": "Quảng Trị",
    "ฮานอย": "Hà Nội", "โฮจิมินห์": "Hồ Chí Minh", "ดานัง": "Đà Nẵng", "ไฮฟอง": "Hải Phòng",
    "เกิ่นเทอ": "Cần Thơ", "กวางนิญ": "Quảng Ninh", "เถื่อเทียนเว้": "Thừa Thiên Huế",
}
# towns met in the texts, reported with their province (``place`` keeps the town)
PLACES = {"Hội An": "Quảng Nam", "Hoi An": "Quảng Nam", "ฮอยอัน": "Quảng Nam",
          "หอยอัน": "Quảng Nam"}

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_LATIN = r"0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF"
_NUM = r"\d+(?:[.,]\d+)*"
_TOKEN = re.compile(
    rf"(?<![{_LATIN}/.,\-])(?P<a>{_NUM})(?P<ord>st|nd|rd|th)?(?:\s*/\s*(?P<b>{_NUM}))?"
    rf"(?![{_LATIN}]|[.,]\d|-[A-Za-zĐđ]|/\s*[A-Za-zĐđ\d])"
)
_THAI_MONTHS = ("มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม"
                "|พฤศจิกายน|ธันวาคม")
_EN_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November"
              "|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_DATE_AFTER = re.compile(rf"^\s*(?:{_THAI_MONTHS}|tháng|{_EN_MONTHS})\b")
_DATE_BEFORE = re.compile(rf"(?:\b(?:{_EN_MONTHS})|ngày|วันที่|on|date)\s*$", re.IGNORECASE)

_INDEXES = [
    ("PAR_INDEX", r"PAR\s*INDEX|PAR\s*Index|PAR\s*index|ดัชนี\s*PAR|การจัดอันดับ\s*PAR|[Cc]hỉ số CCHC"
                  r"|[Cc]hỉ số [Cc]ải cách hành chính|(?:Public )?Administrative Reform Index"
                  r"|Public Administration Reform Index"),
    ("SIPAS", r"SIPAS|[Cc]hỉ số hài lòng|[Ss]atisfaction [Ii]ndex"),
    ("PAPI", r"PAPI"),
    ("PCI", r"PCI|[Nn]ăng lực cạnh tranh|[Cc]ompetitiveness [Ii]ndex|ความสามารถในการแข่งขัน"),
    ("SQI766", r"[Bb]ộ chỉ số phục vụ|[Cc]hỉ số phục vụ người dân|[Ss]ervice [Ii]ndex"
               r"|Decision 766|Quyết định 766|คุณภาพการบริการ(?:สำหรับ)?ประชาชน"),
    ("FDI", r"FDI|[Đđ]ầu tư trực tiếp nước ngoài|[Ff]oreign (?:direct )?investment"
            r"|ลงทุนโดยตรงจากต่างประเทศ|การลงทุนจากต่างประเทศ"),
]
_RATE_KINDS = [
    ("on_time", r"đúng hạn|đúng hẹn|on[ -]time|ตรงเวลา|ทันเวลา"),
    ("early", r"trước hạn|ahead of (?:schedule|time)|early|ล่วงหน้า"),
    ("e_signed", r"ký số|chữ ký số|digital signature|digitally signed|e-sign|ลายเซ็นดิจิทัล"),
    ("online", r"trực tuyến|online|ออนไลน์"),
    ("digitised", r"số hóa|số hoá|digiti[sz]|เป็นดิจิทัล"),
    ("e_documents", r"văn bản điện tử|electronic documents?|อิเล็กทรอนิกส์"),
    ("satisfaction", r"hài lòng|satisf|ความพึงพอใจ"),
    ("progress", r"tiến độ|progress|ความคืบหน้า"),
    ("time_reduction", r"thời gian giải quyết|processing time|ระยะเวลาการดำเนินการ"),
    ("task_completion", r"nhiệm vụ|tasks?\b|ภารกิจ"),
]
_ITEMS = [
    ("online_services", r"dịch vụ công trực tuyến|online (?:public )?services?|บริการสาธารณะออนไลน์"),
    ("applications", r"hồ sơ|applications?|dossiers?|files?\b|ใบสมัคร|ไฟล์"),
    ("procedures", r"thủ tục|TTHC|procedures?|ขั้นตอน"),
    ("tasks", r"nhiệm vụ|tasks?\b|ภารกิจ"),
    ("initiatives", r"sáng kiến|initiatives?|ริเริ่ม"),
    ("models", r"mô hình|models?\b|โมเดล|รูปแบบ"),
    ("id_cards", r"căn cước|CCCD|ID cards?|identity cards?|บัตรประจำตัว"),
    ("accounts", r"tài khoản|accounts?\b|บัญชี"),
    ("results", r"kết quả|results?\b|ผลลัพธ์"),
    ("records", r"bản ghi|records?\b|บันทึก|ข้อมูล"),
    ("districts", r"huyện|districts?\b|อำเภอ"),
    ("units", r"đơn vị|cơ quan|units?\b|agencies|หน่วย|แห่ง"),
]
_DURATION = re.compile(r"^\s*(?:ngày|tháng|năm|giờ|phút|days?|months?|years?|hours?|minutes?"
                       r"|วัน|เดือน|ปี|ชั่วโมง|นาที|ระยะ|ระดับ)")
_PERCENT_AFTER = re.compile(r"^\s*(?:%|phần trăm|per ?cent|เปอร์เซ็นต์)")
_PERCENT_BEFORE = re.compile(r"ร้อยละ\s*$")
_RANK_BEFORE = re.compile(
    r"(?:(?<!lần )(?<!lần\s)\bthứ|xếp\s*(?:hạng|vị trí)?|đứng\s*(?:ở\s*)?(?:vị trí)?|vị trí|hạng"
    r"|rank(?:ed|s|ing)?(?:\s+(?:at|in|as|No\.?))?|placed|placing|position(?:ed)?(?:\s+at)?"
    r"|No\.|อันดับ(?:ที่)?|ลำดับที่)\s*(?:thứ\s*)?$", re.IGNORECASE)
_RANK_OF_AFTER = re.compile(
    rf"^\s*(?:/|trên|out of(?: the)?|of(?: the)?|among(?: the)?|จาก(?:ทั้งหมด)?)\s*(?P<n>{_NUM})")
_DATE_YEAR = re.compile(r"(?<!\d)\d{1,2}[/.-]\d{1,2}[/.-](?P<y>\d{4})(?!\d)")
_CLAUSE = re.compile(r"[,;:()]|\.\s|\band\b|\bvà\b", re.IGNORECASE)
_RANK_TOTALS = (34.0, 61.0, 62.0, 63.0, 64.0)
_CHANGE_AFTER = re.compile(r"^\s*(?:bậc|hạng|places?|positions?|ranks?|spots?|levels?|notches"
                           r"|อันดับ)")
_UP = (r"tăng|lên|cao hơn|เพิ่มขึ้น|ขยับขึ้น|\b(?:higher than|up|rose|climbed|jumped|gained|improved"
       r"|increase[ds]? (?:of|by))\b")
_DOWN = (r"giảm|xuống|thấp hơn|ลดลง|ตกลง|\b(?:lower than|down|dropped|fell|lost"
         r"|decrease[ds]? (?:of|by))\b")
_DIRECTION = re.compile(rf"(?P<up>{_UP})|(?P<down>{_DOWN})", re.IGNORECASE)
_ALL_OF = re.compile(r"(?:ทั้ง|cả|all|the)\s*$", re.IGNORECASE)  # "all six areas": not a figure
_TOP_AFTER = re.compile(rf"^\s*(?:ใน|trong)\s*(?P<n>{_NUM})")
_TOP_BEFORE = re.compile(r"(?:top|tốp|nhóm)\s*$", re.IGNORECASE)
_TOP_AFTER_N = re.compile(r"^\s*(?:อันดับแรก|tỉnh dẫn đầu|provinces? at the top)")
_SCORE_BEFORE = re.compile(r"(?:đạt|scored?|score of|reached|with|ได้คะแนน|คะแนน|ได้รับคะแนน)\s*$",
                           re.IGNORECASE)
_SCORE_AFTER = re.compile(r"^\s*(?:điểm|points?|คะแนน)")
_QUALIFIERS = [
    ("at_least", r"ít nhất|at least|อย่างน้อย"),
    ("nearly", r"gần|nearly|almost|เกือบ"),
    ("more_than", r"hơn|trên|more than|over|above|กว่า|เกิน"),
    ("about", r"khoảng|about|around|approximately|ประมาณ"),
]
_MULTIPLIERS = [
    (r"พันล้าน|tỷ|tỉ|billion|bn", 1e9), (r"ล้าน|triệu|million|mn", 1e6),
    (r"พัน|nghìn|ngàn|thousand", 1e3),
]
_CURRENCY = re.compile(r"^\s*(?:USD|US\$|\$|đô la(?: Mỹ)?|dollars?|ดอลลาร์(?:สหรัฐ)?)"
                       r"|^\s*(?P<vnd>đồng|VND|VNĐ|ดอง)")
_COMPARE_BEFORE = re.compile(r"(?:so với(?: năm)?|compared (?:to|with)|than|เมื่อเทียบกับ(?:ปี)?|from)"
                             r"\s*$", re.IGNORECASE)
_YEAR_WORD = re.compile(r"(?:năm|year|in|ปี|พ\.ศ\.|ค\.ศ\.)\s*$", re.IGNORECASE)
_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ" "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def detect_lang(text: str) -> str:
    """Return ``"th"``, ``"vi"`` or ``"en"`` from the script of a text, ``"other"`` for the rest.

    Text mostly in another script (Chinese, Japanese, Cyrillic, ...) is ``"other"``:
    :func:`extract_figures` does not read it.

    Parameters
    ----------
    text : str
        The text; one without letters is ``"en"``.

    Examples
    --------
    >>> detect_lang("Chỉ số PAR INDEX năm 2023"), detect_lang("ดัชนี PAR"), detect_lang("PAR Index")
    ('vi', 'th', 'en')
    >>> detect_lang("岘港市行政改革指数")
    'other'
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    thai = sum("\u0e00" <= c <= "\u0e7f" for c in letters)
    if thai / len(letters) > 0.2:
        return "th"
    latin = sum(c < "\u0250" or "\u1e00" <= c <= "\u1eff" for c in letters)
    if latin / len(letters) < 0.5:
        return "other"
    vi = sum(c in _VI_LETTERS for c in letters)
    return "vi" if vi / len(letters) > 0.02 else "en"


def _parse_number(token: str, lang: str) -> float:
    """Read a number written in the convention of ``lang`` (see the module docstring)."""
    dots, commas = token.count("."), token.count(",")
    if dots and commas:  # both: the last separator is the decimal one
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
    elif dots or commas:
        sep = "." if dots else ","
        groups = token.split(sep)[1:]
        thousands = all(len(g) == 3 for g in groups)
        if lang == "vi":
            decimal = "," if sep == "," and not (commas > 1 and thousands) else (
                "." if not thousands else ",")
        else:
            decimal = "." if sep == "." and not (dots > 1 and thousands) else (
                "," if not thousands else ".")
    else:
        return float(token)
    thousands_sep = "." if decimal == "," else ","
    return float(token.replace(thousands_sep, "").replace(decimal, "."))


def _as_year(token: str, lang: str, before: str) -> int | None:
    if not re.fullmatch(r"\d{4}", token):
        return None
    value = int(token)
    if 1975 <= value <= 2100:
        return value
    if 2518 <= value <= 2643 and (lang == "th" or re.search(r"พ\.ศ\.\s*$", before)):
        return value - 543
    return None


def _closest(patterns, before: str, after: str):
    """Return the name of the pattern matched nearest the number.

    That is the match ending last in ``before``, else the first match in ``after``.
    """
    best, best_pos = None, -1
    for name, pattern in patterns:
        for m in re.finditer(pattern, before):
            if m.end() > best_pos:
                best, best_pos = name, m.end()
    if best is not None:
        return best
    best_pos = len(after) + 1
    for name, pattern in patterns:
        found = re.search(pattern, after)
        if found and found.start() < best_pos:
            best, best_pos = name, found.start()
    return best


@cache
def _province_pattern() -> tuple[re.Pattern, dict[str, str]]:
    names: dict[str, str] = {}
    for layout in ("63", "34"):
        for row in provinces(layout).itertuples():
            for name in (row.name_vi, row.name_ascii, row.name_en, *row.aliases.split("|")):
                if len(name) > 3:
                    names.setdefault(name, row.name_vi)
    names.update(THAI_PROVINCES)
    names.update(PLACES)
    ordered = sorted(names, key=len, reverse=True)
    alternatives = "|".join(
        re.escape(n) if re.match(r"[\u0e00-\u0e7f]", n) else
        rf"(?<![{_LATIN}]){re.escape(n)}(?![{_LATIN}])" for n in ordered
    )
    return re.compile(alternatives), names


def _provinces_in(text: str, layout: str) -> list[tuple[int, str, str, str]]:
    """Return (position, code, layout, name as written) of province mentions."""
    pattern, names = _province_pattern()
    found = []
    for m in pattern.finditer(text):
        vi_name = names[m.group(0)]
        for lay in (layout, "63"):
            try:
                found.append((m.start(), resolve(vi_name, lay), lay, m.group(0)))
                break
            except UnknownProvinceError:
                continue
    return found


def _rate_kind(before: str, after: str, lang: str) -> str | None:
    """Name what a percentage is a rate of, from the words of its own clause."""
    whole = before
    if lang != "th":  # Thai marks clauses with spaces only: keep the window to the last number
        cuts = list(_CLAUSE.finditer(before))
        before = before[cuts[-1].end():] if cuts else before
        end = _CLAUSE.search(after)
        after = after[:end.start()] if end else after
    after = after[:40]
    if lang == "en":
        found = _closest(_RATE_KINDS, "", after) or _closest(_RATE_KINDS, before, "")
    else:
        found = _closest(_RATE_KINDS, before, "") or _closest(_RATE_KINDS, "", after[:25])
    # "121/133 nhiệm vụ, đạt 91,67%": the clause names no kind, the words since the last number do
    return found or _closest(_RATE_KINDS, whole, "")


def _signed_change(before: str) -> float | None:
    tail = before[-40:]
    last = None
    for m in _DIRECTION.finditer(tail):
        last = m
    if last is None:
        return None
    return -1.0 if last.group("down") else 1.0


class _Article:
    """One article prepared for reading: numbers, years, provinces, indices, paragraphs.

    Every lookup a figure needs (its paragraph, the index named near it, the year and province in
    force at it) is a binary search over positions sorted once, so reading is linear in the text
    up to a logarithm.
    """

    def __init__(self, text: str, lang: str):
        self.text, self.lang = text, lang
        self.norm = norm = text.translate(_THAI_DIGITS)
        self.years: list[tuple[int, int, bool]] = []  # (position, year, comparison year)
        self.figure_tokens: list[re.Match[str]] = []
        for m in _DATE_YEAR.finditer(norm):
            self.years.append((m.start("y"), int(m.group("y")), False))
        for m in _TOKEN.finditer(norm):
            self._classify_token(m)
        self.years.sort()
        self.year_pos = [p for p, _, _ in self.years]
        self.layout = "34" if (re.search(r"\b34\s*(?:tỉnh|provinces|จังหวัด|units)", norm)
                               or re.search(r"(?:/|จาก|of|trên)\s*34\b", norm)
                               or any(y > 2025 for _, y, _ in self.years)) else "63"
        mentions = _provinces_in(norm, self.layout)
        self.provinces = [m for m in mentions if m[3] not in PLACES]
        self.towns = [m for m in mentions if m[3] in PLACES]
        self.province_pos = [m[0] for m in self.provinces]
        self.town_pos = [m[0] for m in self.towns]
        self.indices = sorted((m.start(), m.end(), name) for name, pattern in _INDEXES
                              for m in re.finditer(pattern, norm))
        self.index_pos = [s for s, _, _ in self.indices]
        self.paragraphs = [m.start() for m in re.finditer(r"(?:^|\n)", norm)]
        self.opens = [m.start() for m in re.finditer(r"\(", norm)]
        self.closes = [m.start() for m in re.finditer(r"\)", norm)]

    def _classify_token(self, m) -> None:
        """File a number as a year, a date part (skipped) or a candidate figure."""
        norm, lang = self.norm, self.lang
        before = norm[max(0, m.start() - 30):m.start()]
        year = _as_year(m.group("a"), lang, before) if m.group("b") is None else None
        if year is not None:
            self.years.append((m.start(), year, bool(_COMPARE_BEFORE.search(before))))
        elif m.group("b") is None and _DATE_AFTER.match(norm[m.end():m.end() + 15]):
            pass  # "12 tháng", "5 ธันวาคม": part of a date
        elif _DATE_BEFORE.search(before) and (m.group("b") is None or
                                              _parse_number(m.group("b"), lang) <= 12):
            pass  # "ngày 12/5": a date
        else:
            self.figure_tokens.append(m)

    def paragraph_of(self, pos: int) -> int:
        return bisect_right(self.paragraphs, pos) - 1

    def index_for(self, start: int, end: int) -> str | None:
        """Return the index named right after a number, else the last one named before it."""
        for k in range(bisect_left(self.index_pos, end), len(self.indices)):
            s, _, name = self.indices[k]
            if s > end + 30:
                break
            if not re.search(r"[\d;]|\.\s", self.norm[end:s]):
                return name
        # the last mention ending before the number (in the order of the sorted mentions)
        for k in range(bisect_left(self.index_pos, start) - 1, -1, -1):
            s, e, name = self.indices[k]
            if e <= start:
                para = self.paragraph_of(start)
                return name if self.paragraph_of(s) in (para, para - 1) else None
        return None

    def in_scope(self, p: int, pos: int) -> bool:
        """Tell whether a year named at ``p`` still holds at ``pos`` (parentheses close it)."""
        k_open = bisect_left(self.opens, p) - 1
        k_close = bisect_left(self.closes, p) - 1
        opened = self.opens[k_open] if k_open >= 0 else -1
        closed = self.closes[k_close] if k_close >= 0 else -1
        k_after = bisect_left(self.closes, p)
        close_after = self.closes[k_after] if k_after < len(self.closes) else -1
        return not (opened > closed and -1 < close_after < pos)

    def year_for(self, pos: int) -> int | None:
        """Return the year a figure at ``pos`` refers to (see :func:`extract_figures`)."""
        here = bisect_left(self.year_pos, pos)
        for k in range(here - 1, bisect_left(self.year_pos, pos - 20) - 1, -1):
            p, y, compare = self.years[k]
            if compare and 0 < pos - p <= 20:  # "so với năm 2022 (53/63)"
                return y
        para, fallback = self.paragraph_of(pos), None
        for k in range(here - 1, -1, -1):
            p, y, compare = self.years[k]
            if compare or not self.in_scope(p, pos):
                continue
            if self.paragraph_of(p) == para:
                return y
            fallback = y
            break
        sentence_end = re.search(r"[;\n]|\.(?:\s|$)", self.norm[pos:])
        stop = pos + (sentence_end.start() if sentence_end else len(self.norm))
        for k in range(bisect_right(self.year_pos, pos), len(self.years)):
            p, y, compare = self.years[k]
            if p >= stop:
                break
            if not compare:
                return y
        return fallback

    def province_for(self, pos: int):
        """Last province named before ``pos``; a town only counts within its paragraph."""
        k = bisect_left(self.province_pos, pos) - 1
        province = self.provinces[k] if k >= 0 else None
        t = bisect_left(self.town_pos, pos) - 1
        town = self.towns[t] if t >= 0 else None
        if town and self.paragraph_of(town[0]) == self.paragraph_of(pos) and (
                province is None or town[0] > province[0]):
            return town[1], town[2], town[3]
        if province is None:
            return None, None, None
        return province[1], province[2], None


def _new_row(a: float) -> dict:
    return {"kind": None, "index": None, "value": a, "scale": None, "rank": None,
            "rank_of": None, "rate_kind": None, "item": None, "numerator": None,
            "denominator": None, "qualifier": None}


def _qualifier(before: str) -> str | None:
    tail = re.sub(r"(?:ร้อยละ|USD|US\$|\$)\s*$", "", before)[-20:]
    for name, pattern in _QUALIFIERS:
        if re.search(rf"(?:{pattern})\s*(?:ถึง|đạt|to)?\s*$", tail, re.IGNORECASE):
            return name
    return None


def _read_ratio(art, row, a, b, start, end, after, near):
    """``a/b``: a rank among the provinces, a score out of 100, or a ratio of items."""
    if b in _RANK_TOTALS and art.index_for(start, end) and (
            re.match(r"^\s*(?:\)|tỉnh|provinces|จังหวัด)", after)):
        row.update(kind="index_rank", rank=a, value=a, rank_of=b)
    elif b == 100:
        row.update(kind="index_score", scale="/100")
    else:
        row.update(kind="ratio", numerator=a, denominator=b, value=a / b)
        row["item"] = _closest(_ITEMS, "", near[:30])
    return start, end


def _read_percent(art, row, a, start, end, before, after, near):
    """Read a percentage: a rate of something, an index score, or a change of one."""
    pct = _PERCENT_AFTER.match(after)
    row["scale"] = "%"
    if pct:
        end += pct.end()
    else:
        start -= len(_PERCENT_BEFORE.search(before).group(0))
    row["rate_kind"] = _rate_kind(before, near[pct.end() if pct else 0:], art.lang)
    direct = _signed_change(before[-18:])
    if row["rate_kind"] is None and direct is not None:
        row.update(kind="score_change", value=direct * a)
    elif row["rate_kind"] is None and art.index_for(start, end):
        row["kind"] = "index_score"
    else:
        row["kind"] = "rate"
    return start, end


def _read_plain(art, row, a, start, end, before, after, near):
    """Read a plain number: an amount of money, an index score, or a count of items."""
    multiplier, mult_end = 1.0, 0
    for pattern, factor in _MULTIPLIERS:
        if mm := re.match(rf"^\s*(?:{pattern})", after):
            multiplier, mult_end = factor, mm.end()
            break
    rest = near[mult_end:]
    cur_before = re.search(r"(?:USD|US\$|\$)\s*$", before)
    if cur_before and mult_end:  # "USD 1.6 billion", "$1.6 bn"
        row.update(kind="amount", value=a * multiplier / 1e6, scale="musd")
        start -= len(cur_before.group(0))
        end += mult_end
    elif cur := _CURRENCY.match(rest):
        vnd = cur.group("vnd") is not None
        row.update(kind="amount", value=a * multiplier / (1e9 if vnd else 1e6),
                   scale="bn_vnd" if vnd else "musd")
        end += mult_end + cur.end()
    elif _SCORE_AFTER.match(after) or (_SCORE_BEFORE.search(before)
                                       and art.index_for(start, end)):
        direct = _signed_change(before[-18:])
        if direct is not None:
            row.update(kind="score_change", value=direct * a)
        else:
            row.update(kind="index_score")
    elif not _DURATION.match(rest) and not _ALL_OF.search(before):
        lead = before if art.lang == "th" else before[-12:]
        item = _closest(_ITEMS, "", rest[:25]) if art.lang != "th" else None
        item = item or _closest(_ITEMS, lead[-45:], rest[:12])
        if item is not None:
            row.update(kind="count", value=a * multiplier, item=item)
            end += mult_end
    return start, end


def _read_figure(art: _Article, m, prev_end: int, next_start: int):
    """Classify one number; return (row, start, end) with row["kind"] None for no figure."""
    norm, lang = art.norm, art.lang
    start, end = m.start(), m.end()
    before = norm[max(prev_end, start - 100):start]
    after = norm[end:end + 60]  # may reach into the next number (``/63``, ``จาก 34``)
    near = norm[end:min(next_start, end + 60)]  # words up to the next number
    a = _parse_number(m.group("a"), lang)
    b = _parse_number(m.group("b"), lang) if m.group("b") else None
    row = _new_row(a)
    row["qualifier"] = _qualifier(before)
    rank_kw = _RANK_BEFORE.search(before)
    change = _signed_change(norm[max(0, start - 40):start])
    top = _TOP_AFTER.match(after)
    if (moved := _CHANGE_AFTER.match(after)) and change is not None:
        row.update(kind="rank_change", value=change * a)
        end += moved.end()
    elif top and ((a == 1 and rank_kw is None) or re.search(r"ติดอันดับ\s*$", before)):
        row.update(kind="top_group", value=_parse_number(top.group("n"), lang))
        end += top.end()
    elif _TOP_BEFORE.search(before) or _TOP_AFTER_N.match(after):
        row.update(kind="top_group", value=a)
    elif rank_kw or (m.group("ord") and not re.match(r"^\s*(?:consecutive|time)", after)):
        row.update(kind="index_rank", rank=a, value=a, rank_of=b)
        if rank_kw:
            start = max(prev_end, start - 100) + rank_kw.start()
        if b is None and (of := _RANK_OF_AFTER.match(after)):
            row["rank_of"] = _parse_number(of.group("n"), lang)
            end += of.end()
    elif b is not None:
        start, end = _read_ratio(art, row, a, b, start, end, after, near)
    elif _PERCENT_AFTER.match(after) or _PERCENT_BEFORE.search(before):
        start, end = _read_percent(art, row, a, start, end, before, after, near)
    elif (of := _RANK_OF_AFTER.match(after)) and not re.match(r"^\s*/", after):
        denominator = _parse_number(of.group("n"), lang)
        row.update(kind="ratio", numerator=a, denominator=denominator, value=a / denominator)
        end += of.end()
        row["item"] = _closest(_ITEMS, "", norm[end:end + 30])
    else:
        start, end = _read_plain(art, row, a, start, end, before, after, near)
    return row, start, end


def extract_figures(text: str, lang: str | None = None) -> pd.DataFrame:
    """Find the figures researchers track in a news text.

    Parameters
    ----------
    text : str
        One article.
    lang : {"vi", "en", "th"}, optional
        Language of the text, which fixes the number convention; detected from the script when
        omitted (:func:`detect_lang`). Text in another script gives no figures.

    Returns
    -------
    pandas.DataFrame
        One row per figure, in text order:

        ``kind``
            ``index_score``, ``index_rank``, ``rank_change``, ``score_change``, ``rate``,
            ``count``, ``ratio``, ``top_group`` (``1 ใน 10``, top 10) or ``amount``.
        ``index``
            ``PAR_INDEX``, ``PCI``, ``PAPI``, ``SIPAS``, ``SQI766``, ``FDI`` or NA: the index named
            right after the number, else the last one named before it in the paragraph, else in
            the previous paragraph (scores, ranks and their changes only).
        ``value``, ``scale``
            The number; ``scale`` is ``"/100"``, ``"%"``, ``"musd"`` (amounts in USD, in
            millions), ``"bn_vnd"`` or NA. Ratios give ``numerator / denominator``; rank changes
            are signed.
        ``rank``, ``rank_of``, ``rate_kind``, ``item``, ``numerator``, ``denominator``
            ``rate_kind``: on_time, early, online, digitised, e_signed, e_documents,
            satisfaction, progress, time_reduction, task_completion. ``item``: what a count or
            ratio counts (applications, procedures, online_services, tasks, ...).
        ``qualifier``
            ``more_than``, ``nearly``, ``about``, ``at_least`` or NA.
        ``province_code``, ``layout``, ``place``
            The last province (or town, ``place``) named before the figure; layout ``"34"``
            when the text speaks of 34 provinces or of years after 2025.
        ``year``
            The last year named before the figure in its paragraph (else earlier in the text),
            skipping comparison years ("so với năm 2021"); Buddhist-era years converted.
        ``start``, ``end``, ``text``
            Span of the figure in ``text`` and the matched characters.
        ``lang``
            The language used.

    Examples
    --------
    >>> import par_analysis as pa
    >>> f = pa.extract_figures("Chỉ số PAR INDEX năm 2023 của tỉnh đạt 87,45%, xếp thứ 7/63, "
    ...                        "tăng 5 bậc")
    >>> f[["kind", "index", "value", "rank_of", "year"]].values.tolist()
    [['index_score', 'PAR_INDEX', 87.45, nan, 2023], ['index_rank', 'PAR_INDEX', 7.0, 63.0, 2023], ['rank_change', 'PAR_INDEX', 5.0, nan, 2023]]
    """  # noqa: E501
    return _frame(figure_rows(text, lang))


def figure_rows(text: str, lang: str | None = None) -> list[dict]:
    """Return the figures of :func:`extract_figures` as plain dicts, without building a frame.

    For callers that read thousands of sentences (the facts checks): building a DataFrame costs
    more than finding the figures.

    Parameters
    ----------
    text : str
        One article.
    lang : {"vi", "en", "th"}, optional
        As in :func:`extract_figures`.

    Examples
    --------
    >>> from par_analysis.text import figure_rows
    >>> [(r["kind"], r["value"]) for r in figure_rows("PAR INDEX 2023 đạt 87,45%, tăng 1,2 điểm")]
    [('index_score', 87.45), ('score_change', 1.2)]
    """
    lang = lang or detect_lang(text)
    if lang == "other":  # a script it does not read: no figures rather than wrong ones
        return []
    if lang not in ("vi", "en", "th"):
        raise ValueError(f"lang must be 'vi', 'en' or 'th', got {lang!r}")
    art = _Article(text, lang)
    tokens = art.figure_tokens
    rows, prev_end, skip_until = [], 0, -1
    for i, m in enumerate(tokens):
        if m.start() < skip_until:  # used by the figure before (``/63``, ``จาก 34``)
            prev_end = m.end()
            continue
        nxt = tokens[i + 1].start() if i + 1 < len(tokens) else len(art.norm)
        row, start, end = _read_figure(art, m, prev_end, nxt)
        skip_until = max(skip_until, end)
        prev_end = end
        if row["kind"] is None:
            continue
        if row["kind"] in ("index_score", "index_rank", "rank_change", "score_change", "top_group"):
            row["index"] = art.index_for(m.start(), end)
        code, lay, place = art.province_for(start)
        row.update(province_code=code, layout=lay, place=place, year=art.year_for(start),
                   start=start, end=end, text=text[start:end], lang=lang)
        rows.append(row)
    return rows


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("value", "rank", "rank_of", "numerator", "denominator"):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    for col in ("year", "start", "end"):
        df[col] = df[col].astype("Int64")
    for col in ("kind", "index", "scale", "rate_kind", "item", "qualifier", "province_code",
                "layout", "place", "text", "lang"):
        df[col] = df[col].astype("string")
    return df


def seed_texts(folder=None) -> dict[str, str]:
    """Return the seed articles (``{file name: text}``) shipped beside the data mirror.

    Parameters
    ----------
    folder : path-like, optional
        Folder of the ``*.txt`` seeds; by default ``seeds/`` next to the data mirror
        (:func:`par_analysis.paths.default_mirror`).

    Raises
    ------
    FileNotFoundError
        When the folder cannot be found; set ``PAR_ANALYSIS_MIRROR`` or pass ``folder``.

    Examples
    --------
    >>> import par_analysis as pa
    >>> # not run: needs the seeds/ folder beside the data mirror, which an install may lack
    >>> sorted(pa.text.seed_texts())[0]  # doctest: +SKIP
    '000_69e30bdf02ca85fc.txt'
    """
    from .paths import default_mirror

    if folder is None:
        mirror = default_mirror()
        if mirror is None:
            raise FileNotFoundError("no data mirror found, so no seeds/ folder beside it; "
                                    "set PAR_ANALYSIS_MIRROR or pass folder=")
        folder = Path(mirror).parent / "seeds"
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"seed folder {folder} does not exist")
    return {p.name: p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))}
