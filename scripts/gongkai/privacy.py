"""Mask personal data (个人信息保护法) in published text: ID-card numbers, private mobiles, private e-mail.

Office landlines, official addresses and government mailboxes stay: they are how the public reaches an
office. Which kinds are masked is configured once, in `[tool.gongkai.privacy]` of pyproject.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.document import Document, Inline, Paragraph, Table

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Digits glued to other digits are statistics, 文号 or phone extensions, never a whole ID or mobile number.
ID_CARD = re.compile(
    r"(?<![\dA-Za-z])([1-9]\d{5})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3})([\dXx])(?![\dA-Za-z])"
)
# A number followed by a unit (元, 人, 份 …) is a statistic even when it has a mobile's shape.
MOBILE = re.compile(
    r"(?<![\d\-－])(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?![\d\-－]|[元万亿人份次件个项户名余多%])"
)
EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})(?![A-Za-z0-9-])")


@dataclass(frozen=True)
class Policy:
    mask_id_cards: bool = True
    mask_mobiles: bool = True
    mask_private_email: bool = True
    # Mail providers of private persons; an address at any other domain (gov.cn, an organ's own) is kept.
    private_email_domains: tuple[str, ...] = field(
        default=(
            "qq.com",
            "163.com",
            "126.com",
            "yeah.net",
            "sina.com",
            "sina.cn",
            "sohu.com",
            "139.com",
            "189.cn",
            "foxmail.com",
            "gmail.com",
            "hotmail.com",
            "outlook.com",
            "yahoo.com",
            "aliyun.com",
            "icloud.com",
        )
    )


def valid_id_card(number: str) -> bool:
    """GB 11643-1999 checksum of an 18-character resident ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask(text: str, policy: Policy) -> tuple[str, int]:
    """(masked text, number of items masked)."""
    count = 0

    def id_card(match: re.Match[str]) -> str:
        nonlocal count
        if not valid_id_card(match.group(0)):
            return match.group(0)
        count += 1
        return match.group(1) + "********" + match.group(3)[1:] + match.group(4)

    def mobile(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return f"{match.group(1)}****{match.group(3)}"

    def email(match: re.Match[str]) -> str:
        nonlocal count
        domain = match.group(2).lower()
        if not any(domain == private or domain.endswith("." + private) for private in policy.private_email_domains):
            return match.group(0)
        count += 1
        return f"{match.group(1)[:1]}***@{match.group(2)}"

    if policy.mask_id_cards:
        text = ID_CARD.sub(id_card, text)
    if policy.mask_mobiles:
        text = MOBILE.sub(mobile, text)
    if policy.mask_private_email:
        text = EMAIL.sub(email, text)
    return text, count


def mask_document(document: Document, policy: Policy) -> int:
    """Mask every published text of `document` in place; return how many items were masked."""
    total = 0

    def masked(text: str) -> str:
        nonlocal total
        text, count = mask(text, policy)
        total += count
        return text

    for block in document.body:
        if isinstance(block, Paragraph):
            block.lines = [[Inline(masked(run.text), run.strong, run.href) for run in line] for line in block.lines]
        elif isinstance(block, Table):
            block.rows = [[masked(cell) for cell in row] for row in block.rows]
        else:
            block.text = masked(block.text)
    closing = document.closing
    closing.signatures = [masked(line) for line in closing.signatures]
    closing.contact = masked(closing.contact) if closing.contact else None
    closing.colophon = [masked(line) for line in closing.colophon]
    if document.front.recipient:
        document.front.recipient = masked(document.front.recipient)
    return total
