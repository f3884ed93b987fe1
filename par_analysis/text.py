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
    """Return ``"th"``, ``"vi"`` or ``"en"`` from the script of a text.

    Examples
    --------
    >>> detect_lang("Chỉ số PAR INDEX năm 2023"), detect_lang("ดัชนี PAR"), detect_lang("PAR Index")
    ('vi', 'th', 'en')
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    thai = sum("\u0e00" <= c <= "\u0e7f" for c in letters)
    if thai / len(letters) > 0.2:
        return "th"
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
        m = re.search(pattern, after)
        if m and m.start() < best_pos:
            best, best_pos = name, m.start()
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


def extract_figures(text: str, lang: str | None = None) -> pd.DataFrame:
    """Find the figures researchers track in a news text.

    Parameters
    ----------
    text : str
        One article.
    lang : {"vi", "en", "th"}, optional
        Language of the text, which fixes the number convention; detected from the script when
        omitted (:func:`detect_lang`).

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
    lang = lang or detect_lang(text)
    if lang not in ("vi", "en", "th"):
        raise ValueError(f"lang must be 'vi', 'en' or 'th', got {lang!r}")
    norm = text.translate(_THAI_DIGITS)
    tokens = list(_TOKEN.finditer(norm))

    # years named in the text (dates included), minus comparison years
    years: list[tuple[int, int, bool]] = []  # (position, year, is a comparison year)
    figure_tokens = []
    for m in _DATE_YEAR.finditer(norm):
        years.append((m.start("y"), int(m.group("y")), False))
    for m in tokens:
        before = norm[max(0, m.start() - 30):m.start()]
        year = _as_year(m.group("a"), lang, before) if m.group("b") is None else None
        if year is not None:
            years.append((m.start(), year, bool(_COMPARE_BEFORE.search(before))))
            continue
        if m.group("b") is None and _DATE_AFTER.match(norm[m.end():m.end() + 15]):
            continue
        if _DATE_BEFORE.search(before) and (m.group("b") is None or
                                            _parse_number(m.group("b"), lang) <= 12):
            continue
        figure_tokens.append(m)

    years.sort()
    layout = "34" if (re.search(r"\b34\s*(?:tỉnh|provinces|จังหวัด|units)", norm)
                      or re.search(r"(?:/|จาก|of|trên)\s*34\b", norm)
                      or any(y > 2025 for _, y, _ in years)) else "63"
    mentions = _provinces_in(norm, layout)
    index_mentions = sorted((m.start(), m.end(), name) for name, pattern in _INDEXES
                            for m in re.finditer(pattern, norm))
    paragraphs = [m.start() for m in re.finditer(r"(?:^|\n)", norm)]

    def paragraph_of(pos: int) -> int:
        return sum(1 for p in paragraphs if p <= pos) - 1

    def index_for(start: int, end: int) -> str | None:
        for s, _, name in index_mentions:
            if end <= s <= end + 30 and not re.search(r"[\d;]|\.\s", norm[end:s]):
                return name
        para = paragraph_of(start)
        preceding = [(s, name) for s, e, name in index_mentions if e <= start]
        for s, name in reversed(preceding):
            if paragraph_of(s) in (para, para - 1):
                return name
            break
        return None

    def in_scope(p: int, pos: int) -> bool:
        """Tell whether a year named at ``p`` still holds at ``pos`` (parentheses close it)."""
        opened, closed = norm.rfind("(", 0, p), norm.rfind(")", 0, p)
        close_after = norm.find(")", p)
        return not (opened > closed and -1 < close_after < pos)

    def year_for(pos: int) -> int | None:
        para = paragraph_of(pos)
        near = [y for p, y, compare in years if compare and 0 < pos - p <= 20]
        if near:  # "so với năm 2022 (53/63)", "compared to 2023 (57/63)"
            return near[-1]
        before = [(p, y) for p, y, compare in years if p < pos and not compare
                  and in_scope(p, pos)]
        same = [y for p, y in before if paragraph_of(p) == para]
        if same:
            return same[-1]
        sentence_end = re.search(r"[;\n]|\.(?:\s|$)", norm[pos:])
        stop = pos + (sentence_end.start() if sentence_end else len(norm))
        after = [y for p, y, compare in years if pos < p < stop and not compare]
        if after:
            return after[0]
        return before[-1][1] if before else None

    def province_for(pos: int):
        """Last province named before ``pos``; a town only counts within its paragraph."""
        before = [m for m in mentions if m[0] < pos]
        provinces_before = [m for m in before if m[3] not in PLACES]
        towns = [m for m in before if m[3] in PLACES and paragraph_of(m[0]) == paragraph_of(pos)]
        if towns and (not provinces_before or towns[-1][0] > provinces_before[-1][0]):
            _, code, lay, written = towns[-1]
            return code, lay, written
        if not provinces_before:
            return None, None, None
        _, code, lay, _ = provinces_before[-1]
        return code, lay, None

    rows = []
    consumed: set[int] = set()
    prev_end = 0
    for i, m in enumerate(figure_tokens):
        if m.start() in consumed:
            prev_end = m.end()
            continue
        start, end = m.start(), m.end()
        before = norm[max(prev_end, start - 100):start]
        nxt = figure_tokens[i + 1].start() if i + 1 < len(figure_tokens) else len(norm)
        after = norm[end:end + 60]  # may reach into the next number (``/63``, ``จาก 34``)
        near = norm[end:min(nxt, end + 60)]  # words up to the next number
        a = _parse_number(m.group("a"), lang)
        b = _parse_number(m.group("b"), lang) if m.group("b") else None
        row = {"kind": None, "index": None, "value": a, "scale": None, "rank": None,
               "rank_of": None, "rate_kind": None, "item": None, "numerator": None,
               "denominator": None, "qualifier": None}
        qual_tail = re.sub(r"(?:ร้อยละ|USD|US\$|\$)\s*$", "", before)[-20:]
        for name, pattern in _QUALIFIERS:
            if re.search(rf"(?:{pattern})\s*(?:ถึง|đạt|to)?\s*$", qual_tail, re.IGNORECASE):
                row["qualifier"] = name
                break

        rank_kw = _RANK_BEFORE.search(before)
        change = _signed_change(norm[max(0, start - 40):start])
        if _CHANGE_AFTER.match(after) and change is not None:
            row.update(kind="rank_change", value=change * a)
            end += _CHANGE_AFTER.match(after).end()
        elif _TOP_AFTER.match(after) and a == 1 and rank_kw is None or (
                _TOP_AFTER.match(after) and re.search(r"ติดอันดับ\s*$", before)):
            n = _TOP_AFTER.match(after)
            row.update(kind="top_group", value=_parse_number(n.group("n"), lang))
            end += n.end()
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
            if b in _RANK_TOTALS and index_for(start, end) and (
                    re.match(r"^\s*(?:\)|tỉnh|provinces|จังหวัด)", after)):
                row.update(kind="index_rank", rank=a, value=a, rank_of=b)
            elif b == 100:
                row.update(kind="index_score", scale="/100")
            else:
                row.update(kind="ratio", numerator=a, denominator=b, value=a / b)
                row["item"] = _closest(_ITEMS, "", near[:30])
        elif (pct := _PERCENT_AFTER.match(after)) or _PERCENT_BEFORE.search(before):
            row["scale"] = "%"
            if pct:
                end += pct.end()
            else:
                start = start - len(_PERCENT_BEFORE.search(before).group(0))
            row["rate_kind"] = _rate_kind(before, near[pct.end() if pct else 0:], lang)
            direct = _signed_change(before[-18:])
            if row["rate_kind"] is None and direct is not None:
                row.update(kind="score_change", value=direct * a)
            elif row["rate_kind"] is None and index_for(start, end):
                row["kind"] = "index_score"
            else:
                row["kind"] = "rate"
        elif (of := _RANK_OF_AFTER.match(after)) and not re.match(r"^\s*/", after):
            denominator = _parse_number(of.group("n"), lang)
            row.update(kind="ratio", numerator=a, denominator=denominator, value=a / denominator)
            end += of.end()
            row["item"] = _closest(_ITEMS, "", norm[end:end + 30])
        else:
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
                                               and index_for(start, end)):
                direct = _signed_change(before[-18:])
                if direct is not None:
                    row.update(kind="score_change", value=direct * a)
                else:
                    row.update(kind="index_score")
            elif not _DURATION.match(rest) and not _ALL_OF.search(before):
                lead = before if lang == "th" else before[-12:]
                item = _closest(_ITEMS, "", rest[:25]) if lang != "th" else None
                item = item or _closest(_ITEMS, lead[-45:], rest[:12])
                if item is not None:
                    row.update(kind="count", value=a * multiplier, item=item)
                    end += mult_end
        # numbers a trailing pattern used (``/63``, ``จาก 34``) are not figures of their own
        consumed.update(t.start() for t in figure_tokens[i + 1:] if t.start() < end)
        prev_end = end
        if row["kind"] is None:
            continue
        if row["kind"] in ("index_score", "index_rank", "rank_change", "score_change", "top_group"):
            row["index"] = index_for(m.start(), end)
        code, lay, place = province_for(start)
        row.update(province_code=code, layout=lay, place=place, year=year_for(start),
                   start=start, end=end, text=text[start:end], lang=lang)
        rows.append(row)
    return _frame(rows)


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
