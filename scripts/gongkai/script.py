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


def simplified(text: str) -> str:
    """`text` in simplified characters (already simplified text comes back unchanged)."""
    if text.isascii():
        return text
    converted: str = _converter().convert(text)
    return converted
