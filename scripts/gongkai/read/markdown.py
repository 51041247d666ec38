"""Markdown with optional YAML front matter: the body goes through pandoc's AST like every other format.

Raw HTML inside the Markdown becomes pandoc RawBlock/RawInline nodes, which the AST reader drops, so a
Markdown submission cannot smuggle markup into the site. Front matter values are passed on as declared
metadata; the front matter schema decides later which of them are valid.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from gongkai.document import RawDocument
from gongkai.read.base import InputError
from gongkai.read.encoding import decode
from gongkai.read.pandoc_ast import blocks_from_ast, run_pandoc
from gongkai.store import FRONT_MATTER, FRONT_MATTER_YAML


def split_front_matter(path: Path, text: str) -> tuple[dict[str, object], str]:
    """(front matter mapping, body). Loaded as `gongkai check` loads front matter (a safe loader: no YAML tags, no
    objects; dates as text, which the schema reads, so a date that does not exist is its field's error, not the
    reader's)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        loaded = FRONT_MATTER_YAML.load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"第 {mark.line + 2} 行" if mark is not None else "front matter"
        raise InputError(path, f"{line}：YAML 格式错误（{getattr(error, 'problem', error)}）") from None
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InputError(path, "front matter 必须是“字段: 值”形式的键值表")
    return {str(key): value for key, value in loaded.items()}, text[match.end() :]


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    text, encoding = decode(path, data)
    declared, body = split_front_matter(path, text.replace("\r\n", "\n"))
    blocks = blocks_from_ast(run_pandoc(path, body.encode("utf-8"), "gfm"))
    return RawDocument(blocks=blocks, source_format="md", encoding=encoding, declared=declared)
