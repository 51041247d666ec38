"""Decode text that arrives as UTF-8 (with or without BOM), GB2312/GBK/GB18030, Big5 or UTF-16.

GB18030 can decode almost any byte string, so "it decoded" proves nothing: candidates are compared by how
much of the result is common Chinese text. A declared charset (HTML meta) is trusted only if it decodes, and
never when it is a Western single-byte one: ISO-8859-1 decodes every byte string, and Chinese portals that
declare it (a CMS default) serve GBK or UTF-8 all the same.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from gongkai.read.base import InputError, utf16_codec

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Real Chinese text is mostly common characters: GB2312 level-1 hanzi (simplified) or Big5 常用字 (traditional),
# plus CJK punctuation. Text decoded with the wrong codec is full of kana, Greek, box drawing and rare hanzi.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5-hkscs": "big5"}


def _is_common(char: str) -> bool:
    if "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef" or char in "“”‘’—…·":
        return True
    for codec, low, high in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            encoded = char.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(encoded) == 2 and low <= encoded[0] <= high:
            return True
    return False


def _common_ratio(text: str) -> float:
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return 1.0
    return sum(1 for char in wide if _is_common(char)) / len(wide)


def _single_byte_western(name: str) -> bool:
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return False
    return codec in ("ascii", "latin-1") or codec.startswith(("iso8859", "cp125", "cp437", "cp850", "mac-"))


def canonical(name: str) -> str:
    name = name.strip().lower()
    return _ALIASES.get(name, name)


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises InputError when no candidate decodes cleanly."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decoded(path, data, name), "utf-8" if name == "utf-8-sig" else name
    wide = utf16_codec(data)
    if wide is not None:
        return _decoded(path, data, wide), "utf-16"
    candidates = ["utf-8"]
    if declared and not _single_byte_western(canonical(declared)):
        try:
            codecs.lookup(canonical(declared))
            candidates.insert(0, canonical(declared))
        except LookupError:
            pass
    candidates += ["gb18030", "big5"]
    decoded: dict[str, str] = {}
    for name in dict.fromkeys(candidates):
        try:
            decoded[name] = data.decode(name)
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise InputError(path, "无法识别文字编码（不是 UTF-8、GBK/GB18030 或 Big5），请另存为 UTF-8 文本")
    if "utf-8" in decoded:
        return decoded["utf-8"], "utf-8"
    if declared and canonical(declared) in decoded:
        return decoded[canonical(declared)], canonical(declared)
    best = max(decoded, key=lambda name: _common_ratio(decoded[name]))
    return decoded[best], best


def _decoded(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise InputError(
            path, f"文件声明为 {codec.upper()} 编码，但内容无法按此解码（文件可能已损坏），请另存为 UTF-8 后再提交"
        ) from None
