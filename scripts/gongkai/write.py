"""Stage 4: Document + FrontMatter → Markdown text with YAML front matter.

The Markdown must be safe as it stands, because MkDocs passes raw HTML through: text is escaped so that no
character sequence from a submission can open an HTML tag, a link or an attribute list, and the only links
written are http(s), mailto and relative ones. Output is deterministic: same input, same bytes.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from gongkai.document import Document, Heading, Inline, Paragraph, Table
from gongkai.model import FrontMatter

# Characters that can start Markdown or HTML syntax anywhere in a line. Chinese text almost never contains
# them, so escaping them all costs nothing in readability.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}])")
_AMPERSAND_ENTITY = re.compile(r"&(?=#?\w+;)")
# Line starts that Markdown reads as block syntax: headings, quotes, lists, rules, setext underlines.
_BLOCK_START = re.compile(r"^(\s*)([#+-](?=\s|$)|#|\d+(?=[.)]\s))")


# A line of tildes (a separator in text exports) opens a fenced code block wherever a fence extension is on (the
# Material and Zensical defaults are): its first tilde is written as an entity, shown the same.
_TILDE_FENCE = re.compile(r"^(\s*)~(?=~~)")


def escape(text: str) -> str:
    text = _AMPERSAND_ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _TILDE_FENCE.sub(r"\1&#126;", text)
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    # "1. text" would become a list item: escape the dot after the number, not the number.
    return f"{indent}\\{marker}" if not marker.isdigit() else f"{indent}{marker}\\"


def safe_href(href: str) -> str | None:
    """http(s), mailto and relative links survive; javascript:, data:, vbscript: and the rest do not."""
    cleaned = href
    for _ in range(5):  # "javascript&amp;colon;" decodes in two steps; a browser would decode both
        decoded = html.unescape(cleaned)
        if decoded == cleaned:
            break
        cleaned = decoded
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", cleaned)
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme not in ("", "http", "https", "mailto") or cleaned.startswith("//") and not scheme:
        return None
    if ":" in cleaned.split("/")[0] and scheme == "":
        return None
    return quote(cleaned, safe="/:?#[]@!$&'*+,;=%~.-_")


def _inline(runs: list[Inline]) -> str:
    parts: list[str] = []
    for run in runs:
        text = escape(run.text)
        if run.strong and text.strip():
            text = f"**{text}**"
        href = safe_href(run.href) if run.href else None
        if href:
            text = f"[{text}](<{href}>)" if " " in href else f"[{text}]({href})"
        parts.append(text)
    return "".join(parts)


def _table(table: Table) -> str:
    width = max(len(row) for row in table.rows)
    rows = [row + [""] * (width - len(row)) for row in table.rows]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(escape(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"

    header, *body = rows
    return "\n".join([line(header), "|" + "|".join(["---"] * width) + "|", *(line(row) for row in body)])


def _closing_lines(document: Document) -> list[str]:
    closing = document.closing
    lines = [*closing.signatures, *([closing.date_text] if closing.date_text else [])]
    blocks = [f"{escape(line)}\n{{: .closing }}" for line in lines]
    if closing.contact:
        blocks.append(f"{escape(closing.contact)}\n{{: .contact }}")
    blocks.extend(f"{escape(line)}\n{{: .colophon }}" for line in closing.colophon)
    return blocks


def _letterhead_lines(document: Document) -> list[str]:
    """版头 as printed: 发文机关标志, 发文字号 with 签发人."""
    front = document.front
    blocks = [f"{escape(line)}\n{{: .letterhead }}" for line in front.letterhead]
    number_line = "\u3000".join(
        part for part in (front.doc_number, f"签发人：{front.signer}" if front.signer else None) if part
    )
    if number_line:
        blocks.append(f"{escape(number_line)}\n{{: .doc-number }}")
    return blocks


def _title_lines(document: Document, title: str) -> list[str]:
    """The title with its issuers line where the title does not name them: above it, or under it with the date
    (题注: the title, the organ as a byline, the date in brackets)."""
    front = document.front
    heading = f"# {escape(title)}"
    issuers = []
    if front.issuer_line and not title.startswith(front.issuer_line[0]):
        issuers = [f"{escape(chr(0x3000).join(front.issuer_line))}\n{{: .issuers }}"]
    if front.date_text is None:
        return [*issuers, heading]
    return [heading, *issuers, f"{escape(front.date_text)}\n{{: .title-date }}"]


def body_markdown(document: Document, title: str) -> str:
    blocks = [*_letterhead_lines(document), *_title_lines(document, title)]
    if document.front.recipient:
        blocks.append(escape(document.front.recipient + "："))
    for block in document.body:
        if isinstance(block, Heading):
            blocks.append(f"{'#' * block.level} {escape(block.text)}")
        elif isinstance(block, Table):
            blocks.append(_table(block))
        elif isinstance(block, Paragraph):
            blocks.append(_inline(block.lines[0]))
    blocks.extend(_closing_lines(document))
    return "\n\n".join(blocks) + "\n"


class _Dumper(yaml.SafeDumper):
    """Safe emitter that writes multi-item lists in block style and never folds long lines."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def front_matter_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def render(front_matter: FrontMatter, body: str) -> str:
    return f"---\n{front_matter_yaml(front_matter.to_yaml_dict())}---\n\n{body}"
