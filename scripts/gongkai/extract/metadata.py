"""The front matter of one report, assembled from the normalised document and what is known of its source.

Evidence is read in order of trust: the document's own title, letterhead, issuers, signature, recipient, its first
sentence, then the page's catalogue and meta tags, where staff filed it, the body, and last the address it was
saved from. What is not found stays null and is named in `review` (plain Chinese for the clerk), never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gongkai import gazetteer
from gongkai.document import Document, Heading, Paragraph
from gongkai.extract import fields, hosts, organs
from gongkai.extract.places import NO_COUNTY, PlaceEvidence, ResolvedPlace, resolve_place
from gongkai.model import ABOVE_COUNTY, DocType, FrontMatter
from gongkai.normalise import ORGAN_SUFFIX
from gongkai.script import simplified
from gongkai.textrules import COMPLETE_TITLE


@dataclass(frozen=True)
class Source:
    """Provenance of the submitted file, known before reading it."""

    file_name: str
    sha256: str
    url: str | None = None
    place_hint: str | None = None  # where staff filed it (inbox/重庆市/大足区/…) or the site's configured place


def _body_start(document: Document, paragraphs: int = 3, headings: bool = False) -> str:
    kinds = (Paragraph, Heading) if headings else (Paragraph,)
    texts = [block.text for block in document.body if isinstance(block, kinds)]
    return "\n".join(texts[:paragraphs])


def _body_text(document: Document) -> str:
    return "\n".join(block.text for block in document.body if isinstance(block, Paragraph | Heading))


_ATTACHMENT = re.compile(r"^附件\s*\d?\s*[:：]?$")


def _attached_title(document: Document) -> str:
    """The title of a report sent with a cover letter (生态环境部： … 现将《…的报告》报上 … 附件 / 某局关于…的报告):
    the title line right after the 附件 line, the first one in the body."""
    texts = [block.text.strip() for block in document.body if isinstance(block, Paragraph | Heading)]
    for index, text in enumerate(texts[:-1]):
        following = texts[index + 1]
        if _ATTACHMENT.match(text) and len(following) <= 60 and COMPLETE_TITLE.search(following):
            return following
    return ""


def _organ_candidates(document: Document, title: str) -> list[tuple[str, str]]:
    """Names of the issuing organ, most trusted first, each with where it was read ("" where it needs no note)."""
    front, meta = document.front, document.page_meta
    own = list(front.issuer_line) or [part.removesuffix("文件") for line in front.letterhead for part in line.split()]
    candidates: list[tuple[str, str]] = []
    if own:
        government = next((organ for organ in own if re.search(r"人民政府|办事处$", organ)), own[0])
        candidates.append(("".join(own) if len(own) > 1 and government != own[0] else government, ""))
    candidates.append((organs.title_organ(title) or "", ""))
    candidates += [(signature, "") for signature in document.closing.signatures if ORGAN_SUFFIX.search(signature)]
    paragraphs = [block.text for block in document.body[:12] if isinstance(block, Paragraph)]
    candidates.append((organs.lead_organ_of(paragraphs) or "", "正文首句"))
    candidates.append((organs.title_place_organ(title) or "", "标题中的地名"))
    candidates.append((meta.get("发布机构", ""), "网页目录信息的“发布机构”"))
    return candidates


def _place_evidence(
    document: Document, title: str, candidates: list[tuple[str, str]], url: str | None, place_hint: str | None
) -> list[PlaceEvidence]:
    front, meta = document.front, document.page_meta
    evidence = [PlaceEvidence("title", title)]
    evidence += [PlaceEvidence("letterhead", line) for line in front.letterhead]
    evidence += [PlaceEvidence("issuer", issuer) for issuer in front.issuer_line]
    evidence += [PlaceEvidence("signature", line) for line in document.closing.signatures]
    evidence += [PlaceEvidence("lead", name) for name, where in candidates if name and where == "正文首句"]
    if front.recipient:
        evidence.append(PlaceEvidence("recipient", front.recipient))
    for key in ("ContentSource", "发布机构", "来源", "Author", "ArticleTitle", "标题", "SiteName"):
        if meta.get(key):
            evidence.append(PlaceEvidence("meta", meta[key]))
    if place_hint:
        evidence.append(PlaceEvidence("staff", place_hint))
    if meta.get("主办单位"):
        evidence.append(PlaceEvidence("site", meta["主办单位"]))
    first = next((block.text for block in document.body if isinstance(block, Paragraph)), "")
    if organs.speaks_for_a_province(first):
        evidence.append(PlaceEvidence("scope", "省"))
    evidence.append(PlaceEvidence("body", _body_start(document)))
    if organs.speaks_as_township(_body_start(document, 6)):
        evidence.append(PlaceEvidence("township", _body_text(document)))
    address = url or meta.get("Url") or meta.get("canonical")
    if address:
        evidence.append(PlaceEvidence("url", address))
    return evidence


def _catalogue_date(meta: dict[str, str], *keys: str) -> dt.date | None:
    """A date from the page's catalogue or bar, as portals write it (2025-03-28 10:12, 2024- 02- 05, 2025年02月27日)."""
    for key in keys:
        if meta.get(key):
            value = fields.parse_date(_GAPS.sub("", meta[key]))
            if value is not None:
                return value
    return None


_GAPS = re.compile(r"\s+")


def _published_date(document: Document, url: str | None, written: dt.date | None, review: list[str]) -> dt.date | None:
    """The page's 发布日期, else the date its address carries, unless that is earlier than the report was
    written (a content system's id date, not the day it published the report)."""
    published = _catalogue_date(document.page_meta, "PubDate", "发布时间")
    if published is not None:
        return published
    meta = document.page_meta
    for address in (url, meta.get("Url"), meta.get("canonical")):
        if address:
            value = fields.date_from_url(address)
            if value is not None and written is not None and value < written:
                review.append(f"网页地址中的日期 {value.isoformat()} 早于成文日期，不作为发布日期")
                return None
            if value is not None:
                review.append("发布日期取自网页地址，请核对")
                return value
    return None


def _report_year(
    title: str, document: Document, written: dt.date | None, published: dt.date | None, review: list[str]
) -> int | None:
    """The year covered: from the title, else the opening sentence, else the writing or publication date
    (reports are written and published in the first months of the following year)."""
    from_title = fields.year_in_title(title)
    from_lead = fields.year_in_lead(_body_start(document, 2)) or fields.year_in_lead(
        _body_start(document, 12, headings=True)  # "一、2023年法治政府建设情况" after an opening without a year
    )
    if from_title is not None:
        if written and from_title == written.year and written.month <= 4 and from_lead == from_title - 1:
            review.append(
                f"标题年份 {from_title} 是成文年份，正文说明报告的是 {from_lead} 年，报告年度取 {from_lead}，请核对"
            )
            return from_lead
        return from_title
    if from_lead is not None:
        review.append("报告年度由正文推断（标题中没有年份）")
        return from_lead
    for date, source in ((written, "成文日期"), (published, "发布日期")):
        if date is not None:
            review.append(f"报告年度由{source}推断（标题和正文开头都没有年份）")
            return date.year - 1 if date.month <= 6 else date.year
    mentioned = fields.first_year_mentioned(_body_start(document, 20))
    if mentioned is not None:
        review.append(f"报告年度取自正文中第一次出现的年份 {mentioned}，请核对")
        return mentioned
    review.append("未能确定报告年度")
    return None


def _fallback_title(publisher: str | None, year: int | None, doc_type: DocType, review: list[str]) -> str:
    review.append("文中没有标题行，标题由系统按发文机关和年度生成，请核对")
    organ = publisher or ""
    period = f"{year}年" if year else ""
    kind = "法治政府建设情况报告" if doc_type == DocType.RULE_OF_LAW else "工作报告"
    return f"{organ}{period}{kind}" or "未命名报告"


def _apply_place(data: dict[str, object], place: ResolvedPlace) -> None:
    for name in ("province", "prefecture", "county", "town"):
        data[name] = getattr(place, name)
        data[f"{name}_code"] = getattr(place, f"{name}_code")


def _with_catalogue_organ(title: str | None, catalogue: str | None) -> str | None:
    """The catalogue's 标题 where it is the document's title with the organ's name before it, as a citation names
    it (河南省人民政府 + 关于2023年度法治政府建设情况的报告, the organ printed as a letterhead above); else the
    document's title."""
    if not title or not catalogue:
        return title
    catalogue = "".join(catalogue.split())
    organ = catalogue.removesuffix("".join(title.split()))
    if organ != catalogue and organ and ORGAN_SUFFIX.search(organ) and title.startswith("关于"):
        return catalogue
    return title


def _organ(
    document: Document, candidates: list[tuple[str, str]], place: ResolvedPlace, url: str | None
) -> organs.Organ:
    """The issuing organ from the organs the document names (`candidates`, best first), and where it names none
    itself, from how it speaks (我市, 全县), from the page address's department, from the 我局 it calls itself
    (the site's name, the one department it names, the portal's column), or from the one department of its county
    it names; never a county government assumed where the text speaks as someone else."""
    first = next((block.text for block in document.body if isinstance(block, Paragraph)), "")
    pronoun = organs.pronoun_organ(first, place)
    named_organ = any(name for name, where in candidates if where in ("", "正文首句", "标题中的地名"))
    if pronoun is not None and not named_organ:
        candidates = [pronoun, *candidates]
    host = hosts.host_evidence(url) if url else None
    if host is not None and host.department and pronoun is None and not named_organ and place.province:
        candidates = [(host.department, f"网址 {host.hostname} 中的部门代号"), *candidates]  # sthjj.xam.gov.cn: 我局
    speaker = organs.self_reference(first) if pronoun is None else None
    text = _body_text(document)
    if speaker and not named_organ and not (host and host.department):
        column = hosts.path_department(url) if url else None
        spoken = organs.speaker_organ(speaker, document.page_meta.get("站点"), text, place, column)
        candidates = [spoken or ("", ""), *candidates]
    if pronoun is None and not speaker and place.county and not any(name for name, _where in candidates):
        # Nothing names the organ, so the county government would be assumed: unless the text names one of its
        # departments as its own (《余杭区农业农村局2020年法治工作要点》, 区农业农村局 again and again).
        department = organs.named_department(text, place)
        if department is not None:
            candidates = [(department, f"正文中的“{department}”（文中未写明发文机关，只提到本地的这一个部门）")]
    return organs.identify(candidates, place, speaker)


def extract(document: Document, source: Source) -> FrontMatter:
    review: list[str] = []
    if document.source_format.endswith("-ocr"):
        review.append("正文由 OCR 识别，请对照原件核对")
    if document.damage:
        review.append(
            f"文件有损坏的部分（{document.damage[0][:80]}），读出的正文可能不全：请对照原件核对，或重新导出后再提交"
        )
    front, meta = document.front, document.page_meta
    title = _with_catalogue_organ(front.title, meta.get("标题")) or meta.get("标题") or meta.get("ArticleTitle") or ""
    if not front.title and title:
        review.append("标题取自网页的目录信息或元数据，文中未找到标题行")
    if not title and (title := _attached_title(document)):
        review.append("文首是报送函，标题取自其后“附件”的标题，请核对")
    candidates = _organ_candidates(document, title)
    date_text = document.closing.date_text or document.front.date_text  # signed at the end, else under the title
    written = fields.parse_date(date_text or "")
    if date_text and written is None:
        review.append(f"成文日期“{date_text}”无法识别")
    if written is None and (written := _catalogue_date(meta, "成文日期")) is not None:
        review.append("成文日期取自网页的目录信息")
    body_start = _body_start(document)
    kind = fields.doc_type(title, body_start)
    published = _published_date(document, source.url, written, review)
    year = _report_year(title, document, written, published, review)
    place = resolve_place(
        [
            PlaceEvidence(item.source, simplified(item.text))
            for item in _place_evidence(document, title, candidates, source.url, source.place_hint)
        ]
    )
    review.extend(place.review)
    organ = _organ(document, candidates, place, source.url)
    review.extend(organ.review)
    if place.county_code is not None and gazetteer.without_counties(place.county_code):
        # 中山市, 东莞市: the city stood in for a county while the place and organ were read; it is no county.
        place.county = place.county_code = None
    if organ.level in ABOVE_COUNTY:
        # 梧州市人民政府's report naming 万秀区 in passing: a prefecture's or province's report has no county, and
        # the lack of one is no gap for the clerk.
        dropped = (place.county, place.town)
        place.county = place.county_code = place.town = place.town_code = None
        review[:] = [
            line for line in review if line != NO_COUNTY and not any(name and name in line for name in dropped)
        ]
    issuers, publisher = organ.issuers, organ.publisher
    if not title:
        title = _fallback_title(publisher, year, kind, review)
    if written is None:
        review.append("未找到成文日期")
    if written is not None and year is not None and written.year > year + 1:
        review.append(f"成文日期 {written.isoformat()} 晚于报告年度 {year} 的次年，请核对报告年度")
    data: dict[str, object] = {
        "title": title,
        "doc_type": kind,
        "report_year": year,
        "issuers": issuers,
        "publisher": publisher,
        "doc_number": fields.doc_number(front.doc_number)
        or fields.doc_number(meta.get("发文字号"))
        or fields.doc_number_of_title(title),
        "index_no": meta.get("索引号") or None,
        "signer": front.signer,
        "recipient": front.recipient,
        "written_date": written,
        "published_date": published,
        "sections": fields.sections(document),
        "source_file": source.file_name,
        "source_sha256": source.sha256,
        "source_format": document.source_format,
        "source_encoding": document.encoding,
        "source_url": source.url or meta.get("Url") or meta.get("canonical") or None,
        "collected_date": fields.parse_date(meta.get("SavedDate") or ""),
    }
    _apply_place(data, place)
    data["organ_level"] = organ.level
    data["keywords"] = _keywords(kind, place)
    declared = {key: value for key, value in document.declared.items() if key in DECLARABLE}
    ignored = sorted(key for key in document.declared if key in FrontMatter.model_fields and key not in DECLARABLE)
    if ignored:
        review.append(f"提交文件自带的 {'、'.join(ignored)} 由系统计算，已忽略")
    data.update(declared)
    data["review"] = list(dict.fromkeys(review))
    return FrontMatter.model_validate(_printable(data))


# What a Markdown submission may say about itself. Provenance, privacy and review are always computed: a declared
# source_sha256 made a later real report look like a duplicate (and leave the inbox), and a declared
# original_download_confirmed released an original holding personal data.
DECLARABLE = frozenset(FrontMatter.model_fields) - {
    "source_file",
    "source_sha256",
    "source_format",
    "source_encoding",
    "source_url",
    "personal_data_masked",
    "original_download_confirmed",
    "review",
    "sections",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def _printable(value: object) -> object:
    """Strings without control characters (page meta tags and declared values are not cleaned text)."""
    if isinstance(value, str):
        return _CONTROL.sub(" ", value).strip()
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value


def _keywords(kind: DocType, place: ResolvedPlace) -> list[str]:
    subject = {DocType.RULE_OF_LAW: "法治政府建设", DocType.DISCLOSURE: "政府信息公开"}.get(kind)
    words = [subject, "年度报告" if subject else None, place.town or place.county]
    return [word for word in words if word]
