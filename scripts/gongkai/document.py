"""The typed intermediate document that every reader produces and every later stage consumes.

Readers know nothing about metadata; they only say what text there is and how it was laid out.
Normalisation turns a `RawDocument` into a `Document` whose parts follow the anatomy of an official
document (GB/T 9704-2012): letterhead and title in front, body blocks, closing block.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Inline:
    """A run of text; `strong` when the source set it bold, `href` for a link target."""

    text: str
    strong: bool = False
    href: str | None = None


@dataclass
class Paragraph:
    """One source paragraph. `lines` are split at hard line breaks, which normalisation may rejoin."""

    lines: list[list[Inline]]
    heading_hint: int | None = None  # a Word heading style or an HTML <hN> said this is a heading

    @property
    def text(self) -> str:
        return "".join(run.text for line in self.lines for run in line)

    @property
    def all_strong(self) -> bool:
        runs = [run for line in self.lines for run in line if run.text.strip()]
        return bool(runs) and all(run.strong for run in runs)


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Table:
    rows: list[list[str]]


# What readers produce. Page breaks are resolved by the PDF reader from the page geometry, headings by
# normalisation from numbering and hints: neither is a reader's block.
Block = Paragraph | Table


@dataclass
class RawDocument:
    """What a reader saw: blocks in order plus facts about the file (never interpreted metadata)."""

    blocks: list[Block]
    source_format: str
    encoding: str | None = None
    # Values found outside the text body: portal <meta> tags (ArticleTitle, PubDate, ContentSource, …),
    # the 来源/发布时间 bar of a saved page, its canonical URL. Keys are the portal's own names.
    page_meta: dict[str, str] = field(default_factory=dict)
    # Front matter a Markdown submission carries: a person's statement, which wins over extraction.
    declared: dict[str, object] = field(default_factory=dict)
    # What the reader found broken in a file it could still read (a PDF's corrupted streams): text may be missing.
    damage: list[str] = field(default_factory=list)


@dataclass
class Closing:
    """署名 and 成文日期 at the end of the text, plus the contact line (联系人/联系电话) and 版记 if any."""

    signatures: list[str] = field(default_factory=list)
    date_text: str | None = None
    contact: str | None = None
    colophon: list[str] = field(default_factory=list)  # 版记: 抄送, 印发机关和印发日期


@dataclass
class Front:
    """Everything before the body: 版头 (发文机关标志, 发文字号, 签发人), 标题, 主送机关."""

    letterhead: list[str] = field(default_factory=list)
    doc_number: str | None = None
    signer: str | None = None
    issuer_line: list[str] = field(default_factory=list)
    title: str | None = None
    date_text: str | None = None  # 题注: the date set under the title, "（2025年2月20日）"
    recipient: str | None = None


@dataclass
class Document:
    """A normalised document: anatomy recognised, body headings levelled, typography cleaned."""

    front: Front
    body: list[Paragraph | Heading | Table]
    closing: Closing
    source_format: str
    encoding: str | None
    page_meta: dict[str, str]
    declared: dict[str, object]
    damage: list[str] = field(default_factory=list)  # RawDocument.damage
