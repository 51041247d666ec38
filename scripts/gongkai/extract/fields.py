"""Rules for single fields: dates, 发文字号, report year, document type, organs, sections.

Pure functions over strings and the normalised Document, table-driven where the rule is data.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from importlib import resources

from gongkai.document import Document, Heading
from gongkai.model import DocType, SectionKey
from gongkai.script import simplified
from gongkai.textrules import DATE_PATTERN, DOC_NUMBER, ISO_DATE_PATTERN, chinese_number, normalise_doc_numbers

_PLACEHOLDER_DOCNO = re.compile(r"^(?:无|暂无|/|—+|-+|〔\s*〕\s*号?|[\u4e00-\u9fff]*〔\s*〕\s*号)$")


def parse_date(text: str) -> dt.date | None:
    """A date written 2025年1月8日, 二〇二五年一月八日 or 2025-01-08; None if absent or impossible."""
    match = DATE_PATTERN.search(text)
    if match:
        parts = [chinese_number(part) if not part.isdigit() else int(part) for part in match.groups()]
    else:
        iso = ISO_DATE_PATTERN.search(text)
        if not iso:
            return None
        parts = [int(part) for part in iso.groups()]
    year, month, day = parts
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_URL_DATE = re.compile(r"(?:^|[/_])t?((?:19|20)\d\d)(\d\d)(\d\d)(?:_|\.|/|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)(\d\d)/")


# …/art/2025/2/26/art_48383_10307655.html: the dated folders of a CMS many provinces' portals run on; other
# systems date the folder …/202210/11/…, …/c/2025-02-06/…, …/2026/02-02/…, …/2024-03/06/…
_URL_ART_DATE = re.compile(
    r"/art/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/art_|/((?:19|20)\d\d)(\d\d)/(\d\d)/|/((?:19|20)\d\d)-(\d\d)-(\d\d)/"
    r"|/((?:19|20)\d\d)/(\d\d)-(\d\d)/|/((?:19|20)\d\d)-(\d\d)/(\d\d)/"
)


# …/2026022609184018471/index.shtml, …/article_2024030619160550349.html: an article id that is the moment it was
# published (year, month, day, hour, minute, second, then a serial number).
_URL_STAMP = re.compile(r"/(?:[a-z]+_)?((?:19|20)\d\d)(\d\d)(\d\d)(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d*(?:/|\.|$)")


def date_from_url(url: str) -> dt.date | None:
    """Portal article paths carry the publication date (…/202503/t20250328_3821947.html, …/art/2025/2/26/art_…);
    1970 is a CMS default."""
    match = _URL_DATE.search(url) or _URL_ART_DATE.search(url) or _URL_STAMP.search(url)
    if not match:
        return None
    try:
        value = dt.date(*(int(part) for part in match.groups() if part is not None))
    except ValueError:
        return None
    if value.year < 2000 or value > dt.date.today():
        return None
    month = _URL_MONTH.search(url)
    if month and (int(month.group(1)), int(month.group(2))) != (value.year, value.month):
        return None
    return value


def doc_number(candidate: str | None) -> str | None:
    """This report's own 文号 from the letterhead; placeholders like 无 or 〔〕号 mean none."""
    if not candidate:
        return None
    value = normalise_doc_numbers(candidate.strip().removeprefix("文号").lstrip("：: "))
    if _PLACEHOLDER_DOCNO.match(value):
        return None
    match = DOC_NUMBER.search(value)
    return match.group(0) if match else None


# A title carrying its own 文号 in brackets, before or after it: "[天政发〔2026〕7号]天水市人民政府关于…",
# "…工作报告（潭县自然资字〔2025〕79号）".
_TITLE_DOC_NUMBER = re.compile(r"^[\[【（(]([^\]】）)]{4,30}号)[\]】）)]|[（(]([^（()）]{4,30}号)[）)]$")


def doc_number_of_title(title: str) -> str | None:
    match = _TITLE_DOC_NUMBER.search(simplified(title))
    return doc_number(match.group(1) or match.group(2)) if match else None


_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年度?")
_YEAR_CHINESE = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")
# How a report states the year it covers: "现将2024年法治政府建设工作报告如下", "2024年以来", "2024年，我镇…".
_YEAR_IN_LEAD = re.compile(
    # …or a line of its own: the body's first numbered heading, "一、2023年法治政府建设情况"
    r"(?:现将|现就|^|。|\n)[^。\n]{0,12}?((?:19|20)\d\d)\s*年度?(?:以来|，|,|法治|依法|度|全年|工作|我|是|在|各项)"
)


def year_in_title(title: str) -> int | None:
    match = _YEAR_IN_TITLE.search(title)
    if match:
        return int(match.group(1))
    chinese = _YEAR_CHINESE.search(title)
    return chinese_number(chinese.group(1)) if chinese else None


_YEAR_MENTION = re.compile(r"(?<![\d—–\-－~～至到])((?:19|20)\d\d)\s*年")  # never a range's end: (2021—2025年)


def first_year_mentioned(text: str) -> int | None:
    """The first year the text names that is not in the future (a report covers a past year)."""
    for match in _YEAR_MENTION.finditer(text):
        if int(match.group(1)) <= dt.date.today().year:
            return int(match.group(1))
    return None


def year_in_lead(body_start: str) -> int | None:
    match = _YEAR_IN_LEAD.search(body_start)
    return int(match.group(1)) if match else None


def doc_type(title: str, body_start: str) -> DocType:
    text = title or body_start[:200]
    if re.search(r"政府信息公开|政府資訊公開|政府信息公開", text) and re.search(r"报告|報告", text):
        return DocType.DISCLOSURE
    if re.search(r"法治(?:政府)?建[设設]", text) and re.search(r"报告|報告|总结|總結|情况|情況", text):
        return DocType.RULE_OF_LAW
    if not title and re.search(r"法治政府建[设設]", body_start[:400]):
        return DocType.RULE_OF_LAW
    return DocType.OTHER


@cache
def _section_rules() -> list[tuple[SectionKey, list[list[str]]]]:
    data = tomllib.loads(resources.files("gongkai.data").joinpath("sections.toml").read_text("utf-8"))
    return [(SectionKey(key), alternatives) for key, alternatives in data["sections"].items()]


def section_key(heading: str) -> SectionKey | None:
    for key, alternatives in _section_rules():
        if any(all(word in heading for word in words) for words in alternatives):
            return key
    return None


def sections(document: Document) -> list[SectionKey]:
    """Outline keys of the report, in the order its level-2 headings give them, each once."""
    found: list[SectionKey] = []
    for block in document.body:
        if isinstance(block, Heading) and block.level == 2:
            key = section_key(block.text)
            if key is not None and key not in found:
                found.append(key)
    return found
