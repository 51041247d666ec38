"""Traditional and simplified characters: metadata is read in simplified form, text is shown as written.

Portals offer a 繁體 view, and Big5 or copied pages arrive in traditional characters: their place names, organ
names and labels must still match the gazetteer and the label tables, which are simplified. OpenCC's maintained
t2s table does the conversion (the character mapping is not one-to-one, so no hand-made table).
"""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Where Han characters are encoded (the basic block, extension A, the compatibility block, extension B).
_HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2A6DF))


@cache
def character_map() -> dict[str, str]:
    """OpenCC's t2s for single characters (們 → 们, 設 → 设): what search folds on both sides, the index in Python
    and the query in the browser (gongkai.site.search_index writes it for search.js). A character OpenCC maps to
    itself, or to more than one character, is not in it."""
    chars = [chr(code) for first, last in _HAN_BLOCKS for code in range(first, last + 1)]
    converted = _converter().convert("\n".join(chars)).split("\n")  # one call: 0.03 s instead of 0.1
    return {char: simple for char, simple in zip(chars, converted, strict=True) if simple != char and len(simple) == 1}


def simplified(text: str) -> str:
    """`text` in simplified characters (already simplified text comes back unchanged)."""
    if text.isascii():
        return text
    converted: str = _converter().convert(text)
    return converted
