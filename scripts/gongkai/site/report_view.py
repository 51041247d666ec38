"""What a report page shows besides its text: the 政府信息公开 metadata table, the original for download,
the 政府网站发展指引 <meta> tags, the search index's filters and a QR code leading back to the online page.

Every value is escaped here (markupsafe), because MkDocs renders templates without autoescaping.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

import numpy as np
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gongkai.model import LABELS, ReportMeta
from gongkai.site import qr
from gongkai.site.catalog import place_of
from gongkai.site.compliance import WORKING_DAYS, Repetition, Timeliness
from gongkai.site.originals import original_withheld, published_name, readable_copy
from gongkai.site.search_index import SearchRecord

# The metadata table of a disclosure portal (政府信息公开目录), its rows fixed and in its customary order; a value
# not known reads 未注明, as the portals write it, so a reader sees what is missing rather than a missing row.
TableKey = Literal[
    "index_no", "publisher", "doc_number", "written_date", "published_date", "topic", "issuers", "report_year"
]
TABLE_KEYS: tuple[TableKey, ...] = (
    "index_no",
    "publisher",
    "doc_number",
    "written_date",
    "published_date",
    "topic",
    "issuers",
    "report_year",
)
UNKNOWN = "未注明"
FORMAT_NAMES = {
    "docx": "Word 文档",
    "doc": "Word 文档",
    "wps": "WPS 文档",
    "odt": "ODT 文档",
    "rtf": "RTF 文档",
    "pdf": "PDF 文档",
    "pdf-ocr": "PDF 扫描件",
    "image-ocr": "扫描图片",
    "html": "网页（文本形式）",
    "mhtml": "单文件网页（文本形式）",
    "txt": "文本文件",
    "md": "Markdown 文本",
}
DESCRIPTION_CHARS = 120
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
QR_SCALE = 3  # pixels a module
QR_BORDER = 4  # modules of quiet zone, as the standard asks


@dataclass(frozen=True)
class Download:
    href: str
    name: Markup  # what the browser saves it as: the report's title and the original's extension
    format_name: str
    size: str
    text_href: str | None = None  # the UTF-8 copy of a text original in another encoding (GBK, GB18030)


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}年" if value > 1900 else str(value)
    return str(value)


def _size(byte_count: int) -> str:
    return f"{byte_count / 1048576:.1f} MB" if byte_count >= 1048576 else f"{max(byte_count // 1024, 1)} KB"


def _download(meta: ReportMeta, folder: Path, page_file: str) -> Download | None:
    name = str(meta.get("source_file") or "")
    path = folder / name
    if not name or name == page_file or not path.is_file():
        return None
    format_name = FORMAT_NAMES.get(str(meta.get("source_format")), "原件")
    published = published_name(name)
    title = _NOT_IN_FILE_NAMES.sub("_", str(meta.get("title") or "")).strip(" ._")[:80] or PurePosixPath(name).stem
    copy = readable_copy(meta)
    extension = PurePosixPath(name).suffix + (".txt" if published != name else "")  # .html.txt: served as text
    return Download(
        href=f"../{published}",
        name=escape(title + extension),
        format_name=format_name,
        size=_size(path.stat().st_size),
        text_href=f"../{copy}" if copy else None,
    )


def _source_link(meta: ReportMeta) -> str | None:
    """The page the report was collected from, if it is a web address (never a javascript: or file: one)."""
    url = str(meta.get("source_url") or "")
    return str(escape(url)) if url.startswith(("https://", "http://")) else None


def qr_svg(url: str) -> Markup:
    """The markup segno's `svg_inline(scale=3, title=…, dark="#000", light="#fff")` writes, drawn here from the
    module matrix (gongkai.site.qr, segno's code computed faster): segno's general writer took 0.9 ms a page.
    One horizontal stroke for each run of dark modules, each move relative to the end of the last; the runs found
    and the moves formatted all at once (a loop over the ~350 runs took 0.24 ms)."""
    rows = qr.matrix(url)
    width = len(rows) + 1  # a light module after each row: no run reaches into the next
    modules = np.frombuffer(b"\x00".join(rows) + b"\x00", dtype=np.uint8).astype(np.int64)
    edges = np.diff(modules, prepend=0)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    row, column, end_column = starts // width, starts % width, ends % width
    moves = np.stack([column[1:] - end_column[:-1], row[1:] - row[:-1], ends[1:] - starts[1:]], axis=1)
    first = f"M{QR_BORDER + column[0]} {QR_BORDER + row[0]}.5h{ends[0] - starts[0]}"
    path = first + ("m%d %dh%d" * len(moves)) % tuple(moves.ravel().tolist())
    side = width - 1 + 2 * QR_BORDER
    return Markup(
        f'<svg width="{side * QR_SCALE}" height="{side * QR_SCALE}" class="segno">'
        f'<title>用手机扫码打开本页</title><g transform="scale({QR_SCALE})">'
        f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/>'
        f'<path class="qrline" stroke="#000" d="{path}"/></g></svg>'
    )


def description(page_html: str) -> str:
    """The opening of the text (first paragraph after the title), for <meta> Description."""
    match = _FIRST_PARAGRAPH.search(page_html)
    text = _TAG.sub("", match.group(1)).strip() if match else ""
    return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS] + "……"


def gov_meta_tags(page: Page, meta: ReportMeta, config: MkDocsConfig, summary: str) -> list[tuple[str, str]]:
    """政府网站发展指引 tags; site identifiers only from mkdocs.yml extra.gov_site, never invented."""
    extra: Mapping[str, Any] = config.extra or {}
    site: Mapping[str, Any] = extra.get("gov_site") or {}
    date = meta.get("published_date") or meta.get("written_date")
    tags = [
        ("SiteName", site.get("SiteName") or ""),
        ("SiteDomain", site.get("SiteDomain") or ""),
        ("SiteIDCode", site.get("SiteIDCode") or ""),
        ("ColumnName", _text(meta.get("doc_type") or "")),
        ("ArticleTitle", _text(meta.get("title") or "")),
        # The guideline's format carries a time; the documents give only a day.
        ("PubDate", f"{date.isoformat()} 00:00" if isinstance(date, dt.date) else ""),
        ("ContentSource", _text(meta.get("publisher") or "")),
        ("Keywords", ",".join(str(word) for word in meta.get("keywords") or [])),
        ("Author", _text(meta.get("publisher") or "")),
        ("Description", summary),
        ("Url", page.canonical_url or ""),
    ]
    return [(name, str(escape(value))) for name, value in tags if value]


def search_record(meta: ReportMeta, url: str) -> SearchRecord:
    """What the search index keeps of a report besides its text (see gongkai.site.search_index)."""
    year = f"{meta['report_year']}年" if meta.get("report_year") else ""
    county = place_of(meta, ("prefecture", "county"))  # 鼓楼区 alone is four places
    filters = {"province": meta.get("province"), "county": county, "year": year, "doc_type": meta.get("doc_type")}
    # What a reader may look a report up by besides its text: matched and ranked first, never shown.
    fields = [
        meta.get("title"),
        place_of(meta),
        meta.get("publisher"),
        *(meta.get("issuers") or []),
        meta.get("doc_number"),
    ]
    shown = {"title": meta.get("title"), "place": place_of(meta), "year": year, "doc_number": meta.get("doc_number")}
    return SearchRecord(
        url=url,
        shown={key: str(value) for key, value in shown.items() if value},
        filters={key: str(value or "") for key, value in filters.items()},
        fields=" ".join(str(value) for value in fields if value),
    )


def report_view(page: Page, meta: ReportMeta, config: MkDocsConfig, folder: Path) -> dict[str, Any]:
    """What the report page template shows besides the text, from the report's front matter."""
    rows = [
        (LABELS[key], escape(_text(meta.get(key))) if meta.get(key) not in (None, "", []) else UNKNOWN)
        for key in TABLE_KEYS
    ]
    rows.append(("所属地区", escape(place_of(meta)) if place_of(meta) else "待确认"))
    withheld = original_withheld(meta)
    summary = description(page.content or "")
    return {
        "rows": rows,
        "download": None if withheld else _download(meta, folder, PurePosixPath(page.file.src_uri).name),
        "withheld": withheld,
        "source_url": _source_link(meta),
        "collected": meta.get("collected_date"),
        "qr": qr_svg(page.canonical_url) if page.canonical_url else None,
        "gov_meta": gov_meta_tags(page, meta, config, summary),
        "description": escape(summary),
    }


_RULES_CITED = (
    "依据：《法治政府建设与责任落实督察工作规定》（每年4月1日之前公开；报告内容五个方面）；《政府信息公开条例》"
    "第二十六条（自形成之日起20个工作日内公开）。工作日不计法定节假日调整。"
)


def compliance_section(
    timeliness: Timeliness,
    parts: list[tuple[str, bool]],
    repeat: Repetition | None,
    history_url: str | None,
    peer: tuple[str, str] | None,
) -> Markup:
    """What the rules ask of this report, as its page prints it below the text: when it was published against the
    deadline of 《法治政府建设与责任落实督察工作规定》 and the 20 working days of 《政府信息公开条例》第二十六条,
    which required parts it has (in words, never colour alone), and how much it repeats; `peer`: the address and
    title of the report of its county and year it shares most with. Written here, not by a Jinja partial:
    an include copies the whole template context, twice the cost of the section itself on each report page."""
    deadline = timeliness.deadline
    limit = f"（期限：{deadline.year}年{deadline.month}月{deadline.day}日前）" if deadline else ""
    if timeliness.status == "按时公开":
        published = f"按时公开{limit}"
    elif timeliness.status == "逾期公开":
        published = f"逾期 {timeliness.days_late} 天公开{limit}"
    else:
        published = "发布日期不详，无法判断"
    rows = [("按期公开", published)]
    if timeliness.working_days is not None:
        within = timeliness.working_days <= WORKING_DAYS
        rows.append(
            (
                "成文至发布",
                f"{timeliness.working_days} 个工作日（{'在' if within else '超过'} {WORKING_DAYS} 个工作日"
                f"{'内' if within else ''}）",
            )
        )
    listed = "".join(f"<li>{'有' if present else '未见'}：{label}</li>" for label, present in parts)
    rows.append(("规定内容", f'<ul class="report-compliance__parts">{listed}</ul>'))
    if history_url:
        rows.append(("本机关历年报告", f'<a href="{escape(history_url)}">查看本机关各年度的报告及公开情况</a>'))
    previous = repeat.previous_share if repeat else None
    rows.append(
        (
            "与上一年度报告",
            f"相同的语句占 {round(previous * 100)}%" if previous is not None else "本站未收录该机关上一年度的报告",
        )
    )
    if repeat and repeat.peer_share is not None:
        which = f'（<a href="{escape(peer[0])}">{escape(peer[1])}</a>）' if peer else ""
        rows.append(("与同地区同年度报告", f"相同的语句最多占 {round(repeat.peer_share * 100)}%{which}"))
    listing = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return Markup(
        '<section class="report-compliance" aria-labelledby="report-compliance-title">'
        '<h2 id="report-compliance-title" class="report-compliance__title">公开与内容情况</h2>'
        f'<dl>{listing}</dl><p class="report-compliance__rule">{_RULES_CITED}</p></section>'
    )
