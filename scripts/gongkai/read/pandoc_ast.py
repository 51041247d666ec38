"""Run pandoc and turn its JSON AST into our blocks.

Reading pandoc's AST instead of its Markdown avoids its Markdown traps: first-line indents that become `>`
blockquotes, hard breaks printed as a trailing backslash, `[]{#_GoBack .anchor}` spans, escaped punctuation
and Word auto-numbering rendered as "1." lists. Raw HTML/OpenXML fragments are dropped here, never passed on.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import pypandoc  # type: ignore[import-untyped]

from gongkai.document import Block, Inline, Paragraph, Table
from gongkai.read.base import InputError
from gongkai.read.external import MEMORY_LIMIT_BYTES, exceeded_memory, run_limited

Node = dict[str, Any]

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@functools.cache
def _pandoc() -> str:
    return str(pypandoc.get_pandoc_path())


def run_pandoc(path: Path, source: bytes, pandoc_format: str) -> list[Node]:
    """Convert `source` with pandoc to its JSON AST; any pandoc warning fails the file (InputError).

    Warnings are fatal because pandoc's silent fallbacks are how mojibake and lost text get published. Pandoc's
    own heap is capped below the process ceiling, so a bomb ends in "Heap exhausted", not in the kernel's kill.
    """
    heap = f"-M{MEMORY_LIMIT_BYTES * 3 // 4 // 1048576}m"
    result = run_limited(
        path,
        [_pandoc(), "+RTS", heap, "-RTS", "--from", pandoc_format, "--to", "json", "--fail-if-warnings"],
        input_bytes=source,
        what="pandoc",
    )
    if exceeded_memory(result):
        raise InputError(path, "pandoc 读取此文件时内存超过上限，已中止（文件内容异常庞大，可能是压缩炸弹）")
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {result.returncode}"
        raise InputError(path, f"pandoc 无法读取此文件（{reason[:200]}）")
    blocks: list[Node] = json.loads(result.stdout)["blocks"]
    return blocks


def _join_soft(left: str, right: str) -> str:
    """A soft line break is a space between Latin words and nothing between CJK characters."""
    if left and right and (_CJK.match(left[-1]) or _CJK.match(right[0])):
        return ""
    return " "


class _InlineCollector:
    """Flattens pandoc inlines into lines of Inline runs, split at hard line breaks."""

    def __init__(self) -> None:
        self.lines: list[list[Inline]] = [[]]

    def add(self, nodes: list[Node], strong: bool = False, href: str | None = None) -> None:
        for index, node in enumerate(nodes):
            kind = node["t"]
            content: Any = node.get("c")
            if kind == "Str":
                self._text(content, strong, href)
            elif kind == "Space":
                self._text(" ", strong, href)
            elif kind == "SoftBreak":
                before = self._last_char()
                after = _first_char(nodes[index + 1 :])
                self._text(_join_soft(before, after), strong, href)
            elif kind == "LineBreak":
                self.lines.append([])
            elif kind == "Strong":
                self.add(content, True, href)
            elif kind in ("Emph", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
                self.add(content, strong, href)
            elif kind == "Span":
                self.add(content[1], strong, href)
            elif kind == "Quoted":
                opening, closing = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
                self._text(opening, strong, href)
                self.add(content[1], strong, href)
                self._text(closing, strong, href)
            elif kind == "Link":
                self.add(content[1], strong, content[2][0])
            elif kind == "Cite":
                self.add(content[1], strong, href)
            elif kind in ("Code", "Math"):
                self._text(content[1], strong, href)
            # Image, Note, RawInline: dropped. Raw fragments could carry markup; images are not text.

    def _text(self, text: str, strong: bool, href: str | None) -> None:
        if not text:
            return
        line = self.lines[-1]
        if line and line[-1].strong == strong and line[-1].href == href:
            line[-1] = Inline(line[-1].text + text, strong, href)
        else:
            line.append(Inline(text, strong, href))

    def _last_char(self) -> str:
        line = self.lines[-1]
        return line[-1].text[-1] if line and line[-1].text else ""


def _first_char(nodes: list[Node]) -> str:
    for node in nodes:
        if node["t"] == "Str":
            return str(node["c"])[:1]
        if node["t"] in ("Strong", "Emph", "Underline"):
            found = _first_char(node["c"])
            if found:
                return found
    return ""


def _paragraph(inlines: list[Node], heading_hint: int | None = None, prefix: str = "") -> Paragraph:
    collector = _InlineCollector()
    if prefix:
        collector.lines[0].append(Inline(prefix))
    collector.add(inlines)
    return Paragraph(lines=collector.lines, heading_hint=heading_hint)


def _cell_text(blocks: list[Node]) -> str:
    return " ".join(block.text for block in blocks_from_ast(blocks) if isinstance(block, Paragraph)).strip()


def _table(content: list[Any]) -> Table:
    _attr, _caption, _colspecs, head, bodies, foot = content
    row_nodes = list(head[1])
    for body in bodies:
        row_nodes.extend(body[2])
        row_nodes.extend(body[3])
    row_nodes.extend(foot[1])
    rows = [[_cell_text(cell[4]) for cell in row[1]] for row in row_nodes]
    return Table(rows=[row for row in rows if any(row)])


_LIST_NUMBER = {"Period": "{}.", "OneParen": "{})", "TwoParens": "（{}）", "DefaultDelim": "{}."}
# Word numbering pandoc cannot name (chineseCounting and kin arrive as DefaultStyle/DefaultDelim) is, in a
# Chinese official document, the GB/T 9704 sequence by list depth: 一、 → （一） → 1. → （1）.
_OFFICIAL_NUMBER = ("{chinese}、", "（{chinese}）", "{number}.", "（{number}）")
_CHINESE_DIGITS = "〇一二三四五六七八九"


def _chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (list numbers stay far below 100)."""
    if number < 10:
        return _CHINESE_DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")


def _list_number(number: int, style: str, delim: str, depth: int, office_numbering: bool) -> str:
    if office_numbering and style == "DefaultStyle" and delim == "DefaultDelim":
        pattern = _OFFICIAL_NUMBER[min(depth, len(_OFFICIAL_NUMBER) - 1)]
        return pattern.format(chinese=_chinese_numeral(number), number=number)
    return _LIST_NUMBER.get(delim, "{}.").format(number)


def _list_items(content: list[Any], ordered: bool, depth: int, office_numbering: bool) -> list[Block]:
    """Word auto-numbering arrives as a list: keep its number as text, as the printed document shows it."""
    blocks: list[Block] = []
    start, style, delim = content[0] if ordered else (1, {"t": "DefaultStyle"}, {"t": "DefaultDelim"})
    items = content[1] if ordered else content
    for offset, item in enumerate(items):
        prefix = _list_number(start + offset, style["t"], delim["t"], depth, office_numbering) if ordered else ""
        for position, node in enumerate(item):
            if position == 0 and node["t"] in ("Para", "Plain"):
                blocks.append(_paragraph(node["c"], prefix=prefix))
            else:
                blocks.extend(blocks_from_ast([node], list_depth=depth + 1, office_numbering=office_numbering))
    return blocks


def blocks_from_ast(nodes: list[Node], *, list_depth: int = 0, office_numbering: bool = False) -> list[Block]:
    """Our blocks from pandoc block nodes; containers (quotes, divs, lists) are flattened.

    `office_numbering`: the nodes come from a word processor file, whose unnamed list numbering is official."""
    blocks: list[Block] = []
    for node in nodes:
        kind = node["t"]
        content: Any = node.get("c")
        if kind in ("Para", "Plain"):
            blocks.append(_paragraph(content))
        elif kind == "Header":
            blocks.append(_paragraph(content[2], heading_hint=content[0]))
        elif kind == "LineBlock":
            collector = _InlineCollector()
            for number, line in enumerate(content):
                if number:
                    collector.lines.append([])
                collector.add(line)
            blocks.append(Paragraph(lines=collector.lines))
        elif kind == "BlockQuote":
            blocks.extend(blocks_from_ast(content, list_depth=list_depth, office_numbering=office_numbering))
        elif kind == "Div":
            blocks.extend(blocks_from_ast(content[1], list_depth=list_depth, office_numbering=office_numbering))
        elif kind in ("OrderedList", "BulletList"):
            blocks.extend(_list_items(content, kind == "OrderedList", list_depth, office_numbering))
        elif kind == "DefinitionList":
            for term, definitions in content:
                blocks.append(_paragraph(term))
                for definition in definitions:
                    blocks.extend(blocks_from_ast(definition))
        elif kind == "Table":
            blocks.append(_table(content))
        elif kind == "Figure":
            blocks.extend(blocks_from_ast(content[2]))
        elif kind == "CodeBlock":
            blocks.append(Paragraph(lines=[[Inline(line)] for line in content[1].splitlines()]))
        # RawBlock and HorizontalRule carry no report text.
    return blocks
