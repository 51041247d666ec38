"""Stage 2: one normalisation for every format. RawDocument → Document.

Rejoins hard-broken lines, cleans typography, recognises the anatomy of an official document (GB/T 9704:
版头, 标题, 主送机关, 正文, 署名, 成文日期, contact line) and levels body headings from the official numbering,
because township files mark headings by 黑体 or bold numbering, almost never with Word heading styles.
"""

from __future__ import annotations

import re

from gongkai.document import Block, Closing, Document, Front, Heading, Inline, Paragraph, RawDocument, Table
from gongkai.furniture import strip_furniture
from gongkai.textrules import (
    COMPLETE_TITLE,
    DATE_PATTERN,
    DOC_NUMBER,
    SENTENCE_END,
    TITLE_WORD,
    clean_text,
    numbering_level,
)

# A heading line is short; a longer numbered paragraph is a heading sentence followed by running text.
MAX_HEADING_CHARS = 60
MAX_FRONT_LINE_CHARS = 70

# Traditional forms (委員會, 辦公室, 報告 …) are listed too: Big5 submissions keep their own script.
ORGAN_SUFFIX = re.compile(
    r"(?:人民政府|政府|党委|黨委|镇委|鎮委|乡委|鄉委|街道工委|工委|委员会|委員會|办公室|辦公室|办事处|辦事處|人大|政协|政協"
    r"|局|委|厅|廳|署|所|院|中心|站|队|隊)(?:文件)?$"
)
SIGNER = re.compile(r"签发人[:：]\s*(.+)$")
# 主送机关: organ names only ("沈丘县人民政府：", "县委、县人民政府：", "区委依法治区办："), never a sentence.
RECIPIENT = re.compile(r"^[^。，；！？]{1,40}(?:政府|委|委员会|办|办公室|局|人大|政协|党组|部门|单位|各位)[：:]$")
# A party committee and a government addressed together (县委、县政府, 区委区政府, 盟委、行署): the body a report
# goes to, even without its colon; never the organ that issues it, which does not write its own 党委 so.
_RECIPIENT_LIST = re.compile(
    r"^[\u4e00-\u9fff]{0,12}?[省市州县区旗盟]委[、，,]?[\u4e00-\u9fff]{0,12}?(?:政府|行署)[：:]?$"
)
# A date in brackets after the title ("…的情况报告（2021年02月10日）"): when it was written, not part of the title.
_TITLE_DATE = re.compile(rf"\s*[（(]\s*{DATE_PATTERN.pattern}\s*[）)]$")
_YEAR_PREFIX = re.compile(r"^(?:19|20)\d\d年度?")
_TITLE_HEAD = re.compile(r"关于|(?:19|20)\d\d")
# A line naming only a place: the first line of a title set on two lines (大方县黄泥塘镇 / 2022年度…报告).
PLACE_LINE = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道)$")
CONTACT = re.compile(r"^[（(]?\s*(?:联系人|联系电话|联系方式|联系单位)")
SIGNED_DATE = re.compile(rf"^(.{{2,40}}?)\s*({DATE_PATTERN.pattern})$")
COLOPHON = re.compile(r"^(?:抄送|抄报|印发|分送)[:：]|印发$|共印\d+份")


def _line_text(runs: list[Inline]) -> str:
    return "".join(run.text for run in runs)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip("”’）)」』")[-1:] in SENTENCE_END + "：:"


def _starts_block(text: str) -> bool:
    return bool(
        numbering_level(text)
        or DATE_PATTERN.fullmatch(text.strip())
        or CONTACT.match(text)
        or ORGAN_SUFFIX.search(text)
    )


def _split_lines(paragraph: Paragraph) -> list[Paragraph]:
    """Rejoin lines broken inside a sentence; keep a break after a finished sentence or before a new block."""
    result: list[list[list[Inline]]] = []
    for line in paragraph.lines:
        text = _line_text(line).strip()
        if not text:
            continue
        if result:
            previous = "".join(_line_text(previous_line) for previous_line in result[-1])
            if not _ends_sentence(previous) and not _starts_block(text) and not _starts_block(previous):
                result[-1].append(line)
                continue
        result.append([line])
    return [
        Paragraph(lines=[[run for line in lines for run in line]], heading_hint=paragraph.heading_hint)
        for lines in result
    ]


def _clean_paragraph(paragraph: Paragraph) -> Paragraph | None:
    runs: list[Inline] = []
    for run in paragraph.lines[0]:
        if run.text:
            runs.append(run)
    raw_text = "".join(run.text for run in runs)
    if _is_organ_line(raw_text.strip()) and len(raw_text.split()) > 1:
        # A joint 发文机关 line ("中共XX镇委 XX镇人民政府"): the spaces separate organs, keep one each.
        whole = " ".join(clean_text(part) for part in raw_text.split())
        return Paragraph(lines=[[Inline(whole)]], heading_hint=paragraph.heading_hint)
    # Clean per run but judge spacing on the whole text, so a space between two runs is seen in context.
    whole = clean_text(raw_text)
    if not whole:
        return None
    if len(runs) <= 1 or not any(run.strong or run.href for run in runs):
        return Paragraph(
            lines=[[Inline(whole, strong=bool(runs) and runs[0].strong)]], heading_hint=paragraph.heading_hint
        )
    cleaned: list[Inline] = []
    for run in runs:
        text = clean_text(run.text)
        if text:
            cleaned.append(Inline(text, run.strong, run.href))
    return Paragraph(lines=[cleaned], heading_hint=paragraph.heading_hint)


def _flatten(raw_blocks: list[Block]) -> list[Block]:
    blocks: list[Block] = []
    for block in raw_blocks:
        if isinstance(block, Paragraph):
            for piece in _split_lines(block):
                cleaned = _clean_paragraph(piece)
                if cleaned is not None:
                    blocks.append(cleaned)
        else:
            rows = [[clean_text(cell) for cell in row] for row in block.rows]
            if any(any(row) for row in rows):
                blocks.append(Table(rows=rows))
    return blocks


def _is_organ_line(text: str) -> bool:
    parts = text.split()  # "各县政府", "各乡镇人民政府" address many organs: a menu item or a recipient, not an organ
    return 0 < len(text) <= 40 and all(ORGAN_SUFFIX.search(part) and not part.startswith("各") for part in parts)


def _column_name(text: str) -> bool:
    return len(text) <= 12 and not TITLE_WORD.search(text) and not any(mark in text for mark in "：:，。；")


# A copy site's first line naming the report in 《》: "《某市人民政府2018年度法治政府建设工作报告》是2019年某市人民政府
# 发布的通知。", "《民政部2021年法治政府建设年度报告》（全文）": the title is what the brackets hold.
_QUOTED_TITLE = re.compile(r"^《(?P<title>[^《》]{6,80})》(?:[（(]全文[）)]|是[^。]{0,60}。)?$")


# A title's first line broken after its year: "某区退役军人事务局2024年度", "某镇2023年".
_ENDS_WITH_YEAR = re.compile(r"(?:19|20)\d\d年度?$")


def _front(blocks: list[Block], page: bool = False) -> tuple[Front, int]:
    """Recognise 版头, 标题 and 主送 at the start; return them and the index where the body starts. On a portal
    `page`, a short column name may stand above the title and is left out."""
    quoted = _QUOTED_TITLE.match(blocks[0].text) if blocks and isinstance(blocks[0], Paragraph) else None
    if quoted and COMPLETE_TITLE.search(quoted["title"]):
        blocks = [Paragraph([[Inline(quoted["title"])]]), *blocks[1:]]
    front = Front()
    organ_lines: list[str] = []
    title_lines: list[str] = []
    heading: list[str] = []  # a portal's heading set aside for the document's own title that may follow
    repeated = ""  # the first line of the title set again under the portal's heading
    skipped = 0
    index = 0
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            break
        text = block.text
        if (
            len(text) > MAX_FRONT_LINE_CHARS
            or numbering_level(text)
            or (_ends_sentence(text) and not text.endswith(("：", ":")))
        ):
            break
        signer = SIGNER.search(text)
        number = DOC_NUMBER.match(text)
        if number or signer:
            if number:
                front.doc_number = number.group(0)
            if signer:
                front.signer = signer.group(1).strip()
            front.letterhead.extend(organ_lines)
            organ_lines = []
            continue
        if text.endswith(("：", ":")):
            if RECIPIENT.match(text):
                front.recipient = text.rstrip("：:")
                index += 1
            break
        if title_lines and COMPLETE_TITLE.search("".join(title_lines)) and _RECIPIENT_LIST.match(text):
            front.recipient = text  # 宣州区委、区政府 under the title, its colon lost: to whom it reports
            index += 1
            break
        if _is_organ_line(text) and not TITLE_WORD.search(text.replace("工作委员会", "")):
            if title_lines and COMPLETE_TITLE.search("".join(title_lines)):
                # The portal's heading, then maybe the document's own organ + title: kept if no title follows.
                heading, title_lines, organ_lines = title_lines, [], []
            elif title_lines:
                break
            organ_lines.append(text)
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            not title_lines
            and PLACE_LINE.match(text)
            and isinstance(following, Paragraph)
            and following.text.startswith("关于")
            and TITLE_WORD.search(following.text)
        ):
            title_lines = [text]  # "酉阳土家族苗族自治县可大乡" over "关于2023年…的报告": one title on two lines
            continue
        if (
            not title_lines
            and _ENDS_WITH_YEAR.search(text)
            and isinstance(following, Paragraph)
            and TITLE_WORD.search(following.text)
            and COMPLETE_TITLE.search(text + following.text)
        ):
            title_lines = [text]  # "某区退役军人事务局2024年度" over "法治政府建设工作报告": one title on two lines
            continue
        if (title_lines or heading) and _TITLE_DATE.fullmatch(text):
            # 题注: the title, maybe its organ as a byline, then the date in brackets (GB/T 9704): the body follows. A
            # bare date there may be a portal's or a newspaper's own.
            front.date_text = text
            index += 1
            break
        if page and not title_lines and _column_name(text) and skipped < 4:
            # A column's or menu's names above the article (司法信息, 政府工作部门, 各县政府): page furniture, and the
            # organ line among them was the site's name.
            skipped += 1
            organ_lines = []
            continue
        if block.heading_hint == 1 or TITLE_WORD.search(text) or title_lines:
            whole = "".join(title_lines)
            if title_lines and COMPLETE_TITLE.search(whole):
                if whole.startswith(text) and len(text) >= 0.6 * len(whole):
                    repeated = text
                    continue  # the title again, cut short (a page's excerpt ends there), or its first line
                if repeated and COMPLETE_TITLE.search(repeated + text):
                    # The heading's title again, set on two lines, or the document's own title so set, which differs
                    # from the heading ("…2022年法治政府建设" / "报 告" under "…2022年法治政府建设工作报告"): the document's.
                    if "".join((repeated + text).split()) != "".join(whole.split()):
                        title_lines = [repeated, text]
                    continue
                if TITLE_WORD.search(text) or PLACE_LINE.match(text):
                    title_lines = [text]  # two titles (the portal's heading, then the document's): the document's
                    continue
                break
            if len(title_lines) >= 3:
                break
            title_lines.append(text)
            continue
        break
    else:
        index = len(blocks)
    if not title_lines and heading:
        title_lines = heading  # the organ line under the heading was a signature-like line, not a second title
    if not title_lines:
        # Organ lines without a title were the letterhead of a text whose title is missing.
        front.letterhead.extend(organ_lines)
        return front, index
    title = "".join(title_lines)
    # Organ lines are those after any 文号 line (the ones before it went to the letterhead): the title's first line.
    if title.startswith("关于") and organ_lines and not front.letterhead:
        # "中共某镇委员会" / "某镇人民政府" / "关于2025年…的报告": a joint title set on three lines.
        front.issuer_line = [part for line in organ_lines for part in line.split()]
        front.title = ("".join(front.issuer_line) + title).rstrip("。")
        return front, index
    if len(organ_lines) == 1 and len(organ_lines[0].split()) == 1 and not front.letterhead:
        # "鲁山县背孜乡人民政府" over "关于2024年法治政府建设情况的报告": one title split over two lines.
        organ = organ_lines[0]
        named = _TITLE_HEAD.split(title, 1)[0]  # the organs a title names before 关于 or its year
        title = title if title.startswith(organ) or organ in named else organ + title
        front.issuer_line = [_YEAR_PREFIX.sub("", organ)]  # "2023年度某镇人民政府" / "法治政府建设情况报告"
    else:
        if organ_lines and front.doc_number is None and not front.letterhead and len(organ_lines) > 1:
            front.letterhead = organ_lines[:-1]
            organ_lines = organ_lines[-1:]
        front.issuer_line = [part for line in organ_lines for part in line.split()]
    half = len(title) // 2
    if page and half >= 8 and title[:half] == title[half:]:  # the same title twice on one line of a pasted page
        title = title[:half]
    front.title = _TITLE_DATE.sub("", title).rstrip("。")
    return front, index


def _closing(body: list[Paragraph | Table]) -> tuple[Closing, list[Paragraph | Table]]:
    """Recognise 署名, 成文日期, the contact line and 版记 at the end of the text."""
    closing = Closing()
    end = len(body)
    while end > 0:
        block = body[end - 1]
        if not isinstance(block, Paragraph):
            break
        text = block.text
        signed = SIGNED_DATE.match(text)
        if CONTACT.match(text) and closing.contact is None and closing.date_text is None:
            closing.contact = text
        elif COLOPHON.search(text) and closing.date_text is None:
            closing.colophon.insert(0, text)
        elif DATE_PATTERN.fullmatch(text.strip("（）() ")) and closing.date_text is None:
            closing.date_text = text
        elif signed and closing.date_text is None and _is_organ_line(signed.group(1)):
            # "某某镇人民政府 2025年1月8日" on one line, as text exports and flattened PDFs give it.
            closing.signatures.insert(0, signed.group(1))
            closing.date_text = signed.group(2)
        elif closing.date_text is not None and _is_organ_line(text) and len(closing.signatures) < 3:
            closing.signatures.insert(0, text)
        else:
            break
        end -= 1
    return closing, body[:end]


def _split_heading(paragraph: Paragraph, level: int) -> list[Paragraph | Heading]:
    """A numbered paragraph becomes a heading; a heading sentence with running text after it is split."""
    text = paragraph.text
    if len(text) <= MAX_HEADING_CHARS and not any(mark in text[:-1] for mark in "。！？"):
        return [Heading(level, text.rstrip("。；;"))]
    lead = re.match(rf"^(.{{2,{MAX_HEADING_CHARS}}}?[。！？；：])(.+)$", text)
    if lead is None:
        return [paragraph]
    heading_text, rest = lead.group(1), lead.group(2)
    return [Heading(level, heading_text.rstrip("。；;")), Paragraph(lines=[[Inline(rest)]])]


def _levelled(body: list[Paragraph | Table]) -> list[Paragraph | Heading | Table]:
    result: list[Paragraph | Heading | Table] = []
    for block in body:
        if not isinstance(block, Paragraph):
            result.append(block)
            continue
        text = block.text
        level = numbering_level(text)
        standalone = len(text) <= MAX_HEADING_CHARS and not any(mark in text[:-1] for mark in "。！？")
        if level in (2, 3):
            result.extend(_split_heading(block, level))
        elif level is not None and (standalone or block.all_strong):
            result.append(Heading(level, text.rstrip("。；;")))
        elif block.heading_hint is not None and standalone:
            result.append(Heading(min(block.heading_hint + 1, 6), text.rstrip("。")))
        else:
            result.append(block)
    return result


# The head of a text whose line breaks were lost (a page copied as one run): its title, then a space, maybe the
# recipient with its colon, then the body: "某镇人民政府关于2024年度法治政府建设的报告 中共某市委、某市人民政府: 2024年，…".
_RUN_TOGETHER_HEAD = re.compile(r"^(?P<title>\S{8,80}?)\s+(?:(?P<recipient>[^\s。，；！？:：]{2,40}[：:])\s*)?(?=\S)")


# Such a title names the report as one (…的报告, …工作总结), without a mark that ends or splits a sentence: a first
# sentence broken by a stray space ("今年以来我镇法治政府建设情况 良好，…") is no title.
_RUN_TOGETHER_TITLE = re.compile(r"^[^，。；！？、：:,;]+(?:报告|報告|总结|總結)$")


def _unflattened(blocks: list[Block]) -> list[Block]:
    """A first line too long for a head line that starts with a complete title set apart by a space: the title,
    the recipient (if a line of its own would be one) and the rest as separate paragraphs. Read before cleaning,
    which drops the spaces between Chinese characters that tell the parts apart."""
    first = blocks[0] if blocks else None
    if not isinstance(first, Paragraph) or not first.lines:
        return blocks
    line = "".join(run.text for run in first.lines[0]).strip()
    head = _RUN_TOGETHER_HEAD.match(line) if len(line) > MAX_FRONT_LINE_CHARS else None
    if head is None or not _RUN_TOGETHER_TITLE.search(head["title"]) or not TITLE_WORD.search(head["title"][:-2]):
        return blocks
    parts = [head["title"]]
    if head["recipient"] and RECIPIENT.match(head["recipient"]):
        parts.append(head["recipient"])
    elif head["recipient"]:
        return blocks
    rest = Paragraph([[Inline(line[head.end() :])], *first.lines[1:]], heading_hint=first.heading_hint)
    return [*(Paragraph([[Inline(part)]]) for part in parts), rest, *blocks[1:]]


def normalise(raw: RawDocument) -> Document:
    head, furniture, page = strip_furniture(raw.blocks)
    blocks = _flatten(_unflattened(head))
    front, start = _front(blocks, page)
    closing, body = _closing(blocks[start:])
    return Document(
        front=front,
        body=_levelled(body),
        closing=closing,
        source_format=raw.source_format,
        encoding=raw.encoding,
        page_meta={**furniture, **raw.page_meta},
        declared=dict(raw.declared),
        damage=list(raw.damage),
    )
