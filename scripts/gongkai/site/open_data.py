"""Open data: every report as a row (site/data/reports.csv and reports.json), with its public front matter, its
addresses and what gongkai.site.compliance measured. Each province build writes its rows to <code>/data-segment/,
already written as they stand in the merged files; the last step joins them (as the search segments), so a
sharded build and a one-process build write the same files, and a province reused from the cache costs the
merge no parsing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gongkai.model import FrontMatter, ReportMeta
from gongkai.site.compression import DOWNLOAD_LEVEL, gzipped
from gongkai.store import atomic_write

FOLDER = "data"
SEGMENT = "data-segment"  # <code>/data-segment/: the province's part of each merged file
_PARTS = ("reports.jsonl", "reports.csv", "compliance.csv")
# Front matter that is the clerks' working notes, not the report's: left out of the public data.
PRIVATE = frozenset({"review"})
COLUMNS = [
    *(name for name in FrontMatter.model_fields if name not in PRIVATE),
    "page_url",
    "original_url",
    "publication_status",
    "deadline",
    "days_late",
    "working_days_written_to_published",
    "parts_present",
    "parts_missing",
    "repeat_share_previous_year",
    "repeat_share_same_county_year",
]


# What each column holds, for the 数据下载 page (front-matter fields by their labels in gongkai.model.LABELS).
EXTRA_COLUMNS = {
    "province_code": "省级行政区划代码（GB/T 2260，6 位）",
    "prefecture_code": "地级行政区划代码（6 位）",
    "county_code": "县级行政区划代码（6 位）",
    "town_code": "乡镇（街道）统计用区划代码（9 位）",
    "source_sha256": "原件的 SHA-256 校验值（核对下载的原件是否与收录时一致）",
    "source_format": "原件格式（docx、pdf、pdf-ocr 为经文字识别的扫描件……）",
    "source_encoding": "文本类原件的字符编码（如 gb18030）",
    "page_url": "报告在本站的网址",
    "original_url": "原件的下载网址（原件含个人信息、尚未核准公开时为空）",
    "publication_status": "公开情况：按时公开 / 逾期公开 / 日期不详（按发布日期与公开期限比较）",
    "deadline": "公开期限（此日期及以前发布为按时）",
    "days_late": "逾期天数（按时为 0，日期不详为空）",
    "working_days_written_to_published": "成文日期至发布日期的工作日数（不计周末，不计法定节假日调整）",
    "parts_present": "报告具备的规定内容（主要举措和成效、不足和原因、第一责任人职责情况、下一年度安排）",
    "parts_missing": "报告未见的规定内容",
    "repeat_share_previous_year": "与同一机关上一年度报告相同的语句所占比例（0–1；未收录上一年度报告时为空）",
    "repeat_share_same_county_year": "与同地区同年度其他报告相同的语句所占的最大比例（0–1）",
}


def data_page(labels: dict[str, str]) -> str:
    """The 数据下载 page: the files, the licence, and every column in Chinese."""
    rows = "\n".join(f"| `{name}` | {labels.get(name) or EXTRA_COLUMNS.get(name, '')} |" for name in COLUMNS)
    return f"""# 数据下载

本站收录的全部报告信息，每篇报告一行，每次更新网站时重新生成：

- <a href="reports.csv">reports.csv</a>（UTF-8 编码，可用 Excel、WPS 打开）
- <a href="reports.json">reports.json</a>（同样内容的 JSON）
- <a href="compliance.csv">compliance.csv</a>（本站收录了报告的每个县、每个年度：各乡镇、街道及县级机关的公开情况，
  一行一个单位；“未收录”只表示本站尚未收集到该报告）
- text/省级代码.jsonl.gz（每个省一份全文包：每行一篇报告的报告信息和 Markdown 正文，gzip 压缩，如 text/500000.jsonl.gz）
- <a href="front-matter.schema.json">front-matter.schema.json</a>（报告信息字段的 JSON Schema）

使用说明：报告本身是各级政府依《政府信息公开条例》主动公开的政府信息。本站整理的数据可以自由复制、使用和转载，
请注明来源“{{site}}”；“公开情况”“规定内容”“相同语句比例”是本站按公开规定自动计算的结果，引用前请对照报告原文核实。

| 字段 | 含义 |
|---|---|
{rows}
"""


def public(meta: ReportMeta) -> dict[str, Any]:
    """A report's front matter as the open data and the text bundles publish it: without the clerks' notes."""
    return {key: cell(value) for key, value in meta.items() if key not in PRIVATE}


def cell(value: Any) -> Any:
    """A value as JSON holds it: dates as ISO text, lists as they are."""
    return value.isoformat() if isinstance(value, dt.date) else value


# compliance.csv: one row per township (乡、镇、街道) of each covered county and year, and per county-level organ's
# report: who published, on time or late, with which parts; 未收录 means not in this collection.
COMPLIANCE_COLUMNS = [
    "province_code",
    "county_code",
    "town_code",
    "organ",
    "organ_kind",
    "report_year",
    "publication_status",
    "published_date",
    "days_late",
    "parts_present",
    "page_url",
]


def write_segment(folder: Path, rows: list[dict[str, Any]], coverage: list[dict[str, Any]]) -> None:
    """One province's rows in the order of the merged files: reports by page address (which begins with the
    province's folder), coverage by county (whose code begins with its province's), year, town and organ; so
    the provinces' parts, joined in the order of their folders, are the whole files in order."""
    target = folder / SEGMENT
    target.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda row: str(row["page_url"]))
    coverage = sorted(coverage, key=_coverage_order)
    # One report per line: readable and diffable like an indented file, written by json's C encoder (indent
    # makes it use the Python one: a second at 10,000 reports).
    parts = (
        "\n".join(json.dumps(row, ensure_ascii=False) for row in rows),
        _csv(rows, COLUMNS),
        _csv(coverage, COMPLIANCE_COLUMNS),
    )
    for name, text in zip(_PARTS, parts, strict=True):
        atomic_write(target / name, text.encode(), durable=False)


def _coverage_order(row: dict[str, Any]) -> tuple[str, int, str, str]:
    return row["county_code"], row["report_year"], row["town_code"] or "", row["organ"]


TEXTS = "text.jsonl.gz"  # <code>/text.jsonl.gz while building; data/text/<code>.jsonl.gz when merged


def write_texts(folder: Path, lines: list[str]) -> None:
    """One province's full-text bundle: a JSON line per report (public front matter, page, Markdown body)."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write(folder / TEXTS, gzipped(("\n".join(lines) + "\n").encode(), DOWNLOAD_LEVEL), durable=False)


def merge(site_dir: Path, keep_segments: bool) -> int:
    """site_dir/data/reports.{json,csv} and compliance.csv joined from every province's segment; the number of
    reports. Joined as bytes, as the segments are written in UTF-8: the merge is in the part of the build that
    waits for nothing else (decoding and encoding again was a third of it)."""
    segments = sorted(site_dir.glob(f"*/{SEGMENT}"))
    lines, reports_csv, compliance_csv = (
        [data for segment in segments if (data := (segment / name).read_bytes())] for name in _PARTS
    )
    target = site_dir / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    listed = b",\n".join(data.replace(b"\n", b",\n") for data in lines)  # JSON escapes a newline in a value
    atomic_write(target / "reports.json", b"[\n" + listed + b"\n]\n" if listed else b"[]\n", durable=False)
    for name, columns, parts in (
        ("reports.csv", COLUMNS, reports_csv),
        ("compliance.csv", COMPLIANCE_COLUMNS, compliance_csv),
    ):
        header = _csv([], columns, header=True).encode("utf-8-sig")  # Excel: the BOM
        atomic_write(target / name, b"".join([header, *parts]), durable=False)
    (target / "text").mkdir(exist_ok=True)
    for bundle in sorted(site_dir.glob(f"*/{TEXTS}")):
        merged = target / "text" / f"{bundle.parent.name}.jsonl.gz"
        if keep_segments:
            shutil.copyfile(bundle, merged)
        else:
            os.replace(bundle, merged)  # a province restored from the cache keeps its own link to the file
    if not keep_segments:
        for segment in segments:
            shutil.rmtree(segment)
    return sum(data.count(b"\n") + 1 for data in lines)


def _csv(rows: Iterable[dict[str, Any]], columns: list[str], header: bool = False) -> str:
    """The rows' `columns` (lists joined by 、; other keys left out), as csv.writer writes them (RFC 4180: a field
    holding a comma, a quote or a line break quoted, its quotes doubled), in a third of its instructions: it looks
    at each character of each field from Python's side (the row's fields were a quarter of the open data's cost).
    A line is looked at whole, and only a line holding a quote, a line break or more commas than its fields are
    apart is written again field by field. The header line alone with `header`."""
    lines = [",".join(map(_csv_field, columns))] if header else []
    separators = len(columns) - 1
    for row in rows:
        fields = [
            value
            if value.__class__ is str
            else ""
            if value is None
            else "、".join(map(str, value))
            if isinstance(value, list)
            else str(value)
            for value in map(row.get, columns)
        ]
        line = ",".join(fields)
        if '"' in line or "\n" in line or "\r" in line or line.count(",") != separators:
            line = ",".join(map(_csv_field, fields))
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def _csv_field(text: str) -> str:
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text
