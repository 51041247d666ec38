"""What a report page shows besides its text: the 政府信息公开 metadata table, the original for download,
the 政府网站发展指引 <meta> tags and a QR code leading back to the online page.

Every value is escaped here (markupsafe), because the theme's templates print values unescaped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

# The metadata table of a disclosure portal, in its customary order; a row is shown only when known.
TABLE_ROWS = (
    ("index_no", "索引号"),
    ("publisher", "发布机构"),
    ("issuers", "发文机关"),
    ("written_date", "成文日期"),
    ("published_date", "发布日期"),
    ("doc_number", "发文字号"),
    ("topic", "主题分类"),
    ("report_year", "报告年度"),
)
FORMAT_NAMES = {"docx": "Word 文档", "doc": "Word 文档", "wps": "WPS 文档", "odt": "ODT 文档", "rtf": "RTF 文档",
                "pdf": "PDF 文档", "html": "网页（文本形式）", "txt": "文本文件", "md": "Markdown 文本"}


@dataclass(frozen=True)
class Download:
    href: str
    name: str
    format_name: str
    size: str


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


def _download(meta: dict[str, Any], folder: Path, inert_suffixes: tuple[str, ...]) -> Download | None:
    name = str(meta.get("source_file") or "")
    path = folder / name
    if not name or not path.is_file():
        return None
    href = name + ".txt" if name.lower().endswith(inert_suffixes) else name
    return Download(href=f"../{href}", name=name, format_name=FORMAT_NAMES.get(str(meta.get("source_format")), "原件"), size=_size(path.stat().st_size))


def _qr_svg(url: str) -> Markup:
    qr = segno.make(url, error="m")
    return Markup(qr.svg_inline(scale=3, title="用手机扫码打开本页", dark="#000", light="#fff"))


def gov_meta_tags(page: Page, config: MkDocsConfig) -> list[tuple[str, str]]:
    meta = page.meta
    site = (config.extra or {}).get("gov_site", {}) or {}
    date = meta.get("published_date") or meta.get("written_date")
    tags = [
        ("SiteName", site.get("SiteName") or ""),
        ("SiteDomain", site.get("SiteDomain") or ""),
        ("SiteIDCode", site.get("SiteIDCode") or ""),
        ("ColumnName", _text(meta.get("doc_type") or "")),
        ("ArticleTitle", _text(meta.get("title") or "")),
        ("PubDate", date.isoformat() if isinstance(date, dt.date) else ""),
        ("ContentSource", _text(meta.get("publisher") or "")),
        ("Keywords", ",".join(str(word) for word in meta.get("keywords") or [])),
        ("Description", _text(meta.get("title") or "")),
        ("Url", page.canonical_url or ""),
    ]
    return [(name, str(escape(value))) for name, value in tags if value]


def report_view(page: Page, config: MkDocsConfig, folder: Path, inert_suffixes: tuple[str, ...]) -> dict[str, Any]:
    meta = page.meta
    rows = [(label, escape(_text(meta[key]))) for key, label in TABLE_ROWS if meta.get(key) not in (None, "", [])]
    place = "".join(str(meta.get(key) or "") for key in ("province", "prefecture", "county", "town"))
    if place:
        rows.append(("所属地区", escape(place)))
    withheld = bool(meta.get("personal_data_masked")) and not meta.get("original_download_confirmed")
    return {
        "rows": rows,
        "download": None if withheld else _download(meta, folder, inert_suffixes),
        "withheld": withheld,
        "qr": _qr_svg(page.canonical_url) if page.canonical_url else None,
        "gov_meta": gov_meta_tags(page, config),
    }
