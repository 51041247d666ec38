"""Pure text rules shared by normalisation and metadata extraction: typography, numbering, dates, 文号.

Every function here is total (never raises on any string) and idempotent, which the property tests check.
"""

from __future__ import annotations

import re
import unicodedata

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK characters plus full-width punctuation: what counts as "Chinese context" for spacing and punctuation.
CJK_WIDE = CJK + r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·"

# Zero-width and direction marks, soft hyphens, and control characters (NUL, bell, C1…): invisible on the page,
# dangerous in files (a NUL ends a string in C tools) and never meant by the author. Tabs are spacing.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_BETWEEN_WIDE = re.compile(rf"(?<=[{CJK_WIDE}]) +(?=[{CJK_WIDE}])")
_SPACE_WIDE_DIGIT = re.compile(rf"(?<=[{CJK_WIDE}]) +(?=\d)|(?<=\d) +(?=[{CJK_WIDE}])")
_SPACE_AROUND_WIDE_PUNCT = re.compile(r" +(?=[，。、；：！？）》」』】〕”’])|(?<=[，。、；：！？（《「『【〔“‘]) +")
_ASCII_TO_WIDE = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
# An ASCII mark right after a CJK character and before CJK text (or the end) is Chinese punctuation typed
# on an English keyboard. After a digit or Latin letter it is left alone (3,500 / 10:30 / http://).
_ASCII_PUNCT = re.compile(rf"(?<=[{CJK}”’）》])([,:;?!])(?=[{CJK}“‘（《]|$|\s)")
_ASCII_PARENS = re.compile(rf"\(([^()\n]*[{CJK}][^()\n]*)\)")
# A 文号 as GB/T 9704 writes it: organ's code, the year in 〔〕, the number, 号 (normalisation makes every bracket 〔〕).
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}〔(?:19|20)\d\d〕\d{1,5}号")
_DOCNO_BRACKETS = re.compile(rf"([{CJK}]{{1,16}})\s*[\[【（(［〔]\s*((?:19|20)\d\d)\s*[\]】）)］〕]\s*(\d{{1,5}})\s*号")


# Copy sites defeat scrapers by writing a character's pinyin after it: 內(nèi)蒙古自治區(qū). A tone-marked syllable in
# brackets right after a Han character is never the author's text.
_PINYIN_NOTE = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*[)）]")


def without_pinyin_notes(text: str) -> str:
    return _PINYIN_NOTE.sub("", text)


def clean_text(text: str) -> str:
    """Typographic clean-up of one paragraph of Chinese text; numbers, dates, URLs and 文号 are kept."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = without_pinyin_notes(text)
    text = _SPACES.sub(" ", text).strip()
    # Each rule can create the context of another (a converted bracket makes the colon before it Chinese),
    # so apply them until nothing changes: that is what makes the clean-up idempotent.
    for _ in range(8):
        before = text
        text = _ASCII_PUNCT.sub(lambda match: _ASCII_TO_WIDE[match.group(1)], text)
        text = _ASCII_PARENS.sub(r"（\1）", text)
        text = _SPACE_BETWEEN_WIDE.sub("", text)
        text = _SPACE_WIDE_DIGIT.sub("", text)
        text = _SPACE_AROUND_WIDE_PUNCT.sub("", text)
        text = normalise_doc_numbers(text)
        if text == before:
            break
    return text


def normalise_doc_numbers(text: str) -> str:
    """邮亭委文[2025]1号, 【2025】, （2025） → 邮亭委文〔2025〕1号 (GB/T 9704 brackets)."""
    return _DOCNO_BRACKETS.sub(r"\1〔\2〕\3号", text)


# Words of a report's title line, and how a whole title ends ("…人民政府关于" continues on the next line).
TITLE_WORD = re.compile(r"报告|報告|总结|總結|情况|情況|年报|年報|要点|要點|关于|關於|法治|政府信息|政府資訊")
COMPLETE_TITLE = re.compile(r"(?:报告|報告|总结|總結|情况|情況|年报|年報|报告书|報告書)$")

CHINESE_NUMERAL = "一二三四五六七八九十"
# Official body numbering, GB/T 9704 order: 一、 → （一） → 1. → （1）. Level = Markdown heading level.
NUMBERING = (
    (2, re.compile(rf"^[{CHINESE_NUMERAL}]{{1,3}}、")),
    (2, re.compile(rf"^第[{CHINESE_NUMERAL}]{{1,3}}[部章]分?")),
    (3, re.compile(rf"^[（(][{CHINESE_NUMERAL}]{{1,3}}[）)]")),
    (4, re.compile(r"^\d{1,2}(?:[、．]|\.(?!\d))")),
    (5, re.compile(r"^[（(]\d{1,2}[）)]")),
)


def numbering_level(text: str) -> int | None:
    """Heading level implied by the official numbering at the start of `text`, or None."""
    for level, pattern in NUMBERING:
        if pattern.match(text):
            return level
    return None


SENTENCE_END = "。！？；…"
_CHINESE_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "Ｏ": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """二〇二五 → 2025 (digit by digit), 十二 → 12, 二十八 → 28, 三十一 → 31."""
    if not text:
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        tens_value = _CHINESE_DIGITS.get(tens, -1) if tens else 1
        units_value = _CHINESE_DIGITS.get(units, -1) if units else 0
        if tens_value < 0 or units_value < 0 or len(units) > 1:
            return None
        return tens_value * 10 + units_value
    digits = [_CHINESE_DIGITS.get(char) for char in text]
    if any(digit is None for digit in digits):
        return None
    return int("".join(str(digit) for digit in digits))


DATE_PATTERN = re.compile(
    r"((?:19|20)\d\d|[〇○零一二三四五六七八九OＯ]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
ISO_DATE_PATTERN = re.compile(r"((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})")
