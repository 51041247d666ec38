"""Word (.docx), OpenDocument (.odt) and RTF through pandoc's AST."""

from __future__ import annotations

from pathlib import Path

from gongkai.document import RawDocument
from gongkai.read.pandoc_ast import blocks_from_ast, run_pandoc


def read(path: Path, data: bytes, kind: str) -> RawDocument:
    nodes = run_pandoc(path, data, kind)
    return RawDocument(blocks=blocks_from_ast(nodes, office_numbering=True), source_format=kind)
