"""Plain text as staff receive it: any Chinese encoding, CRLF, one paragraph per line or hard-wrapped.

A paragraph starts after a blank line or at a line indented with the customary two ideographic spaces.
Lines of a hard-wrapped file (most lines the same width) are kept together so normalisation can rejoin them;
otherwise every line is its own paragraph, which is how Word's "save as text" writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from gongkai.document import Inline, Paragraph, RawDocument
from gongkai.read.encoding import decode

# Debris of Word → text exports: bookmarks, field codes.
_DEBRIS = re.compile(r"\[bookmark:[^\]]*\]|\[(?:anchor|_GoBack)[^\]]*\]")
_INDENT = re.compile(r"^(?:[\u3000\t]|  )")


def _display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


def _hard_wrapped(lines: list[str]) -> bool:
    """True when most non-final lines share one width, as in text wrapped at a fixed column, and hardly any is
    wider (a title repeated twice shares a width too, beside paragraphs ten times as wide)."""
    widths = [_display_width(line.strip()) for line in lines if line.strip()]
    if len(widths) < 5:
        return False
    common_width, _ = Counter(widths).most_common(1)[0]
    near = sum(1 for width in widths if abs(width - common_width) <= 2)
    wider = sum(1 for width in widths if width > common_width + 2)
    return common_width >= 40 and near >= 0.5 * len(widths) and wider <= 0.1 * len(widths)


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    text, encoding = decode(path, data)
    text = _DEBRIS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    wrapped = _hard_wrapped(lines)
    groups: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        starts_new = not line.strip() or _INDENT.match(line) or not wrapped
        if starts_new and current:
            groups.append(current)
            current = []
        if line.strip():
            current.append(line.strip())
    if current:
        groups.append(current)
    blocks = [Paragraph(lines=[[Inline(line)] for line in group]) for group in groups]
    return RawDocument(blocks=list(blocks), source_format="txt", encoding=encoding)
