"""The one front-matter schema: conversion writes it, `gongkai check` validates it, the site renders it.

Field order here is the order in every written file, so diffs stay readable. `schema/front-matter.schema.json`
is exported from this model (`gongkai schema`) and a test keeps it fresh. Chinese labels live in LABELS only.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

SCHEMA_VERSION = 1


class DocType(str, Enum):
    RULE_OF_LAW = "法治政府建设年度报告"
    DISCLOSURE = "政府信息公开工作年度报告"
    OTHER = "其他"


class OrganLevel(str, Enum):
    TOWNSHIP = "乡镇"
    COUNTY_GOVERNMENT = "县级政府"
    COUNTY_DEPARTMENT = "县级部门"
    PREFECTURE_GOVERNMENT = "地级政府"
    PREFECTURE_DEPARTMENT = "地级部门"
    PROVINCE_GOVERNMENT = "省级政府"
    PROVINCE_DEPARTMENT = "省级部门"
    OTHER = "其他"


# Organs above the counties: their reports have no county (and provinces' no prefecture), and that is no gap.
ABOVE_COUNTY = frozenset(
    {
        OrganLevel.PREFECTURE_GOVERNMENT,
        OrganLevel.PREFECTURE_DEPARTMENT,
        OrganLevel.PROVINCE_GOVERNMENT,
        OrganLevel.PROVINCE_DEPARTMENT,
    }
)


class SourceFormat(str, Enum):
    DOCX = "docx"
    DOC = "doc"
    WPS = "wps"
    ODT = "odt"
    RTF = "rtf"
    PDF = "pdf"
    PDF_OCR = "pdf-ocr"  # a PDF some of whose pages were read by OCR
    IMAGE_OCR = "image-ocr"  # a photograph or scan sent as an image, read by OCR
    HTML = "html"
    MHTML = "mhtml"
    TXT = "txt"
    MD = "md"


class SectionKey(str, Enum):
    MEASURES = "measures"
    LEADERSHIP = "leadership"
    SHORTCOMINGS = "shortcomings"
    NEXT_YEAR = "next_year"
    OTHER = "other"


# One line of text: no line breaks, no control characters (a NUL or an escape code in a title is never meant).
OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]
Code6 = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]
Code9 = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


# The front matter's dates are days of China's calendar (UTC+8, no daylight saving): a page saved at 07:00 Beijing
# time on 3 December was saved on the 3rd, whatever the clock of the machine that ingests it says.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8))


def china_today() -> dt.date:
    return dt.datetime.now(CHINA_TIME).date()


class FrontMatter(BaseModel):
    """Metadata of one report (政府信息公开 metadata plus provenance and review notes).

    Conversion never fails for want of metadata: what it could not find stays null and is named in `review`.
    Publication is stricter: `gongkai check` requires every field in REQUIRED_FOR_PUBLICATION.
    """

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    title: OneLine
    doc_type: DocType
    report_year: int | None = Field(default=None, ge=1990, le=2100)
    issuers: list[OneLine] = Field(default_factory=list)
    publisher: OneLine | None = None
    doc_number: OneLine | None = None
    signer: OneLine | None = None
    recipient: OneLine | None = None
    written_date: dt.date | None = None
    published_date: dt.date | None = None
    province: OneLine | None = None
    province_code: Code6 | None = None
    prefecture: OneLine | None = None
    prefecture_code: Code6 | None = None
    county: OneLine | None = None
    county_code: Code6 | None = None
    town: OneLine | None = None
    town_code: Code9 | None = None
    organ_level: OrganLevel
    index_no: OneLine | None = None
    topic: OneLine = "综合政务"
    keywords: list[OneLine] = Field(default_factory=list)
    sections: list[SectionKey] = Field(default_factory=list)
    source_file: OneLine
    source_sha256: Sha256
    source_format: SourceFormat
    source_encoding: OneLine | None = None
    source_url: OneLine | None = None
    # When this copy was collected: the day a page was saved (an .mhtml's Date), else the day `gongkai ingest` stored
    # it. Conversion alone leaves it null, so the same file always converts to the same Markdown.
    collected_date: dt.date | None = None
    personal_data_masked: int = Field(default=0, ge=0)
    original_download_confirmed: bool = False
    review: list[OneLine] = Field(default_factory=list)

    @field_validator("source_url")
    @classmethod
    def _http_only(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("http://", "https://")):
            raise ValueError("来源网址只能是 http:// 或 https:// 开头的网址")
        return value

    def to_yaml_dict(self) -> dict[str, Any]:
        """Plain values in schema order; dates stay dates so YAML writes them unquoted (2025-01-08)."""
        return self.model_dump(mode="python")


LABELS: dict[str, str] = {
    "title": "标题",
    "doc_type": "文种",
    "report_year": "报告年度",
    "issuers": "发文机关",
    "publisher": "发布机构",
    "doc_number": "发文字号",
    "signer": "签发人",
    "recipient": "主送机关",
    "written_date": "成文日期",
    "published_date": "发布日期",
    "province": "省级",
    "prefecture": "地级",
    "county": "县级",
    "town": "乡镇（街道）",
    "organ_level": "机关层级",
    "index_no": "索引号",
    "topic": "主题分类",
    "keywords": "关键词",
    "sections": "报告结构",
    "source_file": "原件",
    "source_url": "来源网址",
    "collected_date": "收录日期",
    "personal_data_masked": "已遮盖个人信息",
    "original_download_confirmed": "原件可公开下载",
    "review": "待核实",
}

REQUIRED_FOR_PUBLICATION = (
    "title",
    "doc_type",
    "report_year",
    "issuers",
    "publisher",
    "province",
    "province_code",
    "county",
    "county_code",
    "organ_level",
    "source_file",
    "source_sha256",
    "source_format",
)


def json_schema() -> dict[str, Any]:
    schema = FrontMatter.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"gongkai/front-matter/v{SCHEMA_VERSION}"
    return schema


_PATTERN_HINTS = {
    "province_code": "6 位数字的行政区划代码，例如 500000",
    "prefecture_code": "6 位数字的行政区划代码",
    "county_code": "6 位数字的行政区划代码，例如 500111",
    "town_code": "9 位数字的统计用区划代码，例如 500111116",
    "source_sha256": "64 位十六进制的 SHA-256 值（由系统计算，请勿手改）",
}


def _problem(name: str, kind: str, context: dict[str, Any]) -> str:
    label = f"{LABELS[name]}（{name}）" if name in LABELS else name
    if kind == "missing":
        return f"缺少必填项 {label}"
    if kind == "extra_forbidden":
        return f"未知字段 {name}（拼写错误？字段表见 schema/front-matter.schema.json）"
    if kind == "list_type":
        return f"{label} 应为列表：没有内容时写 {name}: []，否则每项一行，以“- ”开头"
    if kind in ("string_type", "string_too_short"):
        return (
            f"{label} 应为非空的文字；不知道时写 {name}: null"
            if name not in REQUIRED_FOR_PUBLICATION
            else f"{label} 应为非空的文字"
        )
    if kind == "string_pattern_mismatch":
        return (
            f"{label} 应为{_PATTERN_HINTS[name]}"
            if name in _PATTERN_HINTS
            else f"{label} 只能写一行，不能含换行或控制字符"
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{label} 应为整数，例如 2024"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        return f"{label} 应{'不小于' if kind == 'greater_than_equal' else '不大于'} {bound}"
    if kind.startswith("date"):
        return f"{label} 应为日期，格式 YYYY-MM-DD，例如 2025-01-08"
    if kind.startswith("bool"):
        return f"{label} 只能是 true 或 false"
    if kind == "enum":
        choices = str(context.get("expected", "")).replace("' or '", "'、'").replace("', '", "'、'")
        return f"{label} 只能是：{choices}"
    if kind == "value_error":
        return f"{label} 无效：{context.get('error', '')}"
    return f"{label} 的值无效"


def explain(error: ValidationError) -> list[tuple[str, str]]:
    """(field name, problem in plain Chinese naming the field and the fix) for each error pydantic found:
    its English messages ("Input should be a valid list") mean nothing to a clerk."""
    problems = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        message = _problem(name, item["type"], dict(item.get("ctx") or {}))
        if len(item["loc"]) > 1 and isinstance(item["loc"][1], int):
            message += f"（第 {item['loc'][1] + 1} 项）"
        if item["type"] not in ("missing", "extra_forbidden"):
            message += f"；现为 {item.get('input')!r}"
        problems.append((name, message))
    return problems


class ReportMeta(TypedDict, total=False):
    """A report's front matter as the site reads it from YAML (dates as dt.date, enums as their strings): the
    fields of FrontMatter, typed so that mypy checks every lookup the site makes (tests/test_model.py keeps the
    two in step)."""

    title: str
    doc_type: str
    report_year: int | None
    issuers: list[str]
    publisher: str | None
    doc_number: str | None
    signer: str | None
    recipient: str | None
    written_date: dt.date | None
    published_date: dt.date | None
    province: str | None
    province_code: str | None
    prefecture: str | None
    prefecture_code: str | None
    county: str | None
    county_code: str | None
    town: str | None
    town_code: str | None
    organ_level: str
    index_no: str | None
    topic: str
    keywords: list[str]
    sections: list[str]
    source_file: str
    source_sha256: str
    source_format: str
    source_encoding: str | None
    source_url: str | None
    collected_date: dt.date | None
    personal_data_masked: int
    original_download_confirmed: bool
    review: list[str]


PlaceLevel = Literal["province", "prefecture", "county", "town"]
