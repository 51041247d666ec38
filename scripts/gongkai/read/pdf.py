"""PDFs: rebuild paragraphs from where the printed lines sit, read from the text layer, or by OCR for pages that
have none (a scan, or a page of a mixed PDF; gongkai.read.ocr).

A PDF keeps positioned glyphs, not paragraphs. Official documents are set the GB/T 9704 way: justified lines
between fixed margins, a paragraph opening with a two-character indent, titles centred. So a line that fills
the text block wraps into the next flush-left line, and a line that stops short, or a line that is indented
or centred, ends or starts a paragraph. The margins are measured per document, never assumed.

Chosen behaviours: page breaks are resolved here from geometry (a paragraph ending at the foot of a page is
known to end, which a punctuation test could not know); a space glyph that the PDF really prints is kept ("签发人：杜 韧"), while the gaps that extraction
would turn into spaces are dropped between CJK characters ("2024 年" → "2024年").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.page import Page
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from gongkai.document import Block, Inline, Paragraph, RawDocument, Table
from gongkai.read.base import DEFAULT_OCR_MAX_PAGES, InputError, scan_too_long

Char = dict[str, Any]
BBox = tuple[float, float, float, float]

# A page "has text" from this many glyphs on: a scan may still carry a page number or a scanner app's mark.
MIN_PAGE_CHARS = 10
# Glyphs without a Unicode mapping come out as "(cid:123)"; past this share the text layer is unreadable.
MAX_UNMAPPED_SHARE = 0.3

# Page numbers as printed at the head or foot of a page: "— 3 —", "- 3 -", "3", "第 3 页 共 9 页", "3/9", "ii".
_PAGE_NUMBER = re.compile(
    r"[\s\-—–－~～·•一_]*\d{1,4}[\s\-—–－~～·•一_]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|[ivxlc]{1,7}|[IVXLC]{1,7}"  # front matter numbered in Roman numerals
)
# Fonts that mark a heading in Chinese official documents: bold, 黑体 (any CJK sans), 楷体.
_EMPHASIS_FONT = re.compile(
    r"bold|black|heavy|demi|hei|黑|sans[\s_-]?(?:cjk|sc|tc|cn)|hans?sans|思源黑|kai|楷", re.IGNORECASE
)
_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
# Fonts draw some ideographs with the glyph of a look-alike radical or compatibility ideograph, and their
# Unicode map then names that code point: Chrome and Source Han/Noto CJK give "⼈⺠政府" for "人民政府".
_UNIFIED = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2F00, 0x2FD6), *range(0xF900, 0xFB00))
    if unicodedata.normalize("NFKC", chr(code)) != chr(code)
} | str.maketrans(
    "⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰", "民西见角贝车长门青韦页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙"
)
# Punctuation that may not end a line (opening) or start one (closing): line breaking moves it with its neighbour.
_OPENING = "“‘（《〈「『【〔［｛([{"
_CLOSING = "”’）》〉」』】〕］｝)]}，。、；：！？,.;:!?…—%％·"
_SENTENCE_END = "。！？；：.!?;:"

# Tolerances, in units of the line's font size (one CJK character width).
_FLUSH = 0.4  # a line starting this close to the left margin is flush left
_CENTRED = 0.75  # a centred line's middle is this close to the middle of the text block
_LATIN_SPACE = 0.15  # a gap this wide between two Latin characters is a word space
_WIDE_GAP = 1.5  # a gap this wide is a space even between CJK characters (distributed or tabbed text)
_BLANK_LINE = 1.5  # a line advance this many times the usual one means a blank line (paragraph break)


@dataclass(frozen=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    strong: bool
    # Width that would have had to fit at the end of the previous line for this line not to exist:
    # the first word, or the first character with the punctuation that line breaking keeps beside it.
    lead_width: float


@dataclass(frozen=True)
class _TableItem:
    top: float
    rows: list[list[str]]


PageItem = _Line | _TableItem


@dataclass(frozen=True)
class _RawPage:
    chars: list[Char]
    tables: list[tuple[BBox, list[list[BBox | None]]]]  # each ruled table's box and its grid of cells
    has_images: bool


@dataclass(frozen=True)
class _Layout:
    """Where the text block of this document sits, measured from its own lines."""

    left: float
    right: float
    body_size: float
    pitch: float  # usual distance between the tops of consecutive body lines

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2

    def flush_left(self, line: _Line) -> bool:
        return line.x0 - self.left <= _FLUSH * self.body_size

    def middled(self, line: _Line) -> bool:
        return abs((line.x0 + line.x1) / 2 - self.middle) <= _CENTRED * line.size

    def centred(self, line: _Line) -> bool:
        return not self.flush_left(line) and self.middled(line)

    def fills(self, line: _Line, following: _Line) -> bool:
        """True when `following`'s first word could not have fitted after `line`: the break was forced."""
        return self.right - line.x1 < following.lead_width - 0.25 * following.size


def read(path: Path, data: bytes, kind: str, ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES) -> RawDocument:
    """Paragraphs and ruled tables of a PDF's text layer, its pages without one read by OCR (at most
    `ocr_max_pages`); InputError for blank, locked or damaged files."""
    with _complaints() as damage:
        pages = _load(path, data)
    scanned = _pages_to_read_by_ocr(path, pages, ocr_max_pages)
    emphasis = _emphasis_fonts([page for number, page in enumerate(pages) if number not in scanned])
    recognised = _recognise(path, data, scanned)
    if scanned and len(scanned) == len(pages) and not any(recognised.values()):
        raise InputError(path, "PDF 的扫描页中识别不出文字（可能是空白页或扫描不清楚），请重新扫描或提交 Word 原件")
    page_items = [
        recognised[number] if number in scanned else _page_items(page, emphasis) for number, page in enumerate(pages)
    ]
    return RawDocument(blocks=assemble(path, page_items), source_format="pdf-ocr" if scanned else "pdf", damage=damage)


class _Complaints(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _complaints() -> Iterator[list[str]]:
    """pdfminer's warnings while it parses, collected instead of printed: what it found broken in the file and read
    past (a corrupted stream, an unreadable font or colour), each a place where text may be missing."""
    logger = logging.getLogger("pdfminer")
    handler = _Complaints()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def assemble(path: Path, page_items: list[list[PageItem]]) -> list[Block]:
    """Paragraphs from the lines of every page (page numbers and running heads dropped first)."""
    _drop_page_furniture(page_items)
    lines = [item for items in page_items for item in items if isinstance(item, _Line)]
    if not lines:
        raise InputError(path, "文件中只有页码、页眉或表格线，没有可提取的正文文字，请提交 Word 原件")
    return _assemble(page_items, _measure(lines))


def _load(path: Path, data: bytes) -> list[_RawPage]:
    """Everything taken from pdfplumber, so that only pdfminer's own failures are reported as the file's fault."""
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            return [
                _RawPage(
                    chars=[char for char in page.chars if char["upright"] and char["text"]],  # no rotated watermarks
                    tables=_ruled_tables(page),
                    has_images=bool(page.images),
                )
                for page in pdf.pages
            ]
    except PdfminerException as error:
        # pdfplumber wraps whatever pdfminer raised while parsing; the cause says what is wrong with the file.
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFEncryptionError):
            raise InputError(path, "PDF 设有打开密码（已加密），请取消密码后重新导出再提交") from None
        if isinstance(cause, MemoryError) or "allocate" in str(cause):  # zlib's MemoryError, under our memory cap
            raise InputError(
                path, "PDF 中的数据解压后超过内存上限，已中止（文件内容异常庞大，可能是压缩炸弹），请重新导出后再提交"
            ) from None
        raise InputError(path, f"PDF 文件已损坏或不完整，无法读取（{cause}），请重新导出后再提交") from None
    except MalformedPDFException as error:
        raise InputError(path, f"PDF 文件结构有误，无法读取（{error}），请重新导出后再提交") from None


def _ruled_tables(page: Page) -> list[tuple[BBox, list[list[BBox | None]]]]:
    """Tables drawn with rules; pdfplumber finds those reliably. Unruled text is left to the paragraph rules."""
    if len(page.lines) + len(page.rects) < 4:
        return []
    tables = []
    for table in page.find_tables():
        cells = [list(row.cells) for row in table.rows]
        if len(cells) >= 2 and max(len(row) for row in cells) >= 2:
            tables.append((table.bbox, cells))
    return tables


def _pages_to_read_by_ocr(path: Path, pages: Sequence[_RawPage], max_pages: int = DEFAULT_OCR_MAX_PAGES) -> list[int]:
    """The (0-based) pages without a usable text layer: scanned pages, or every page when the text layer cannot
    be decoded. A PDF of blank pages is refused, and so is one with more scanned pages than `max_pages`."""
    if not pages:
        raise InputError(path, "PDF 文件中没有任何页面（文件可能已损坏），请重新导出后再提交")
    glyphs = [char for page in pages for char in page.chars if not char["text"].isspace()]
    unmapped = sum(1 for char in glyphs if char["text"].startswith("(cid:"))
    textless = [number for number, page in enumerate(pages) if _glyph_count(page) < MIN_PAGE_CHARS]
    if glyphs and unmapped > MAX_UNMAPPED_SHARE * len(glyphs):  # 乱码: the page images are what a reader sees
        scanned = list(range(len(pages)))
    else:
        scanned = [number for number in textless if pages[number].has_images]
    if not scanned and len(textless) * 2 > len(pages):
        raise InputError(
            path, f"PDF 是空白页（共 {len(pages)} 页，其中 {len(textless)} 页既没有文字也没有图像），请提交报告原件"
        )
    if len(scanned) > max_pages:
        raise InputError(
            path, scan_too_long(f"PDF 有 {len(scanned)} 页扫描页", max_pages) + "：请提交 Word 原件或有文字层的 PDF"
        )
    return scanned


def _recognise(path: Path, data: bytes, numbers: list[int]) -> dict[int, list[_Line | _TableItem]]:
    """The lines OCR reads on these pages, rendered at ocr.DPI."""
    if not numbers:
        return {}
    import numpy as np
    import pypdfium2  # type: ignore[import-untyped]  # ships no py.typed

    from gongkai.read import ocr

    found: dict[int, list[_Line | _TableItem]] = {}
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        raise InputError(path, f"PDF 的页面无法渲染，不能做文字识别（{error}），请重新导出后再提交") from None
    try:
        for number in numbers:
            try:  # pdfplumber read the page; pdfium may still find it damaged (a broken transfer)
                image = document[number].render(scale=ocr.DPI / 72).to_pil().convert("RGB")
            except pypdfium2.PdfiumError as error:
                raise InputError(
                    path,
                    f"PDF 第 {number + 1} 页无法渲染，不能做文字识别（{error}），文件可能已损坏，请重新导出后再提交",
                ) from None
            found[number] = list(ocr_lines(ocr.read_image(np.asarray(image))))
    finally:
        document.close()
    return found


def ocr_lines(lines: Iterable[Any]) -> Iterable[_Line]:
    """OCR lines as text-layer lines: the font size from the line's height (rounded, so that the body has one
    size), a character's width as the first word's."""
    for line in lines:
        size = float(max(round(line.height), 1))
        yield _Line(text=line.text, x0=line.x0, x1=line.x1, top=line.top, size=size, strong=False, lead_width=size)


def _glyph_count(page: _RawPage) -> int:
    return sum(1 for char in page.chars if not char["text"].isspace())


def _font_name(raw: str) -> str:
    """pdfminer gives a GBK-encoded font name (黑体 as b'\\xba\\xda\\xcc\\xe5') as the repr of its bytes."""
    if raw.startswith(("b'", 'b"')):
        try:
            raw = bytes(raw[2:-1], "ascii").decode("unicode_escape").encode("latin-1").decode("gbk")
        except (UnicodeError, ValueError):
            pass
    return _SUBSET_PREFIX.sub("", raw)


def _emphasis_fonts(pages: Sequence[_RawPage]) -> frozenset[str]:
    """Fonts that stand out from the body font as bold, 黑体 or 楷体; none when the body itself is set in one."""
    names = {char["fontname"] for page in pages for char in page.chars}
    emphatic = frozenset(name for name in names if _EMPHASIS_FONT.search(_font_name(name)))
    usage = Counter(char["fontname"] for page in pages for char in page.chars if _wide(char["text"]))
    usage = usage or Counter(char["fontname"] for page in pages for char in page.chars)
    if not usage:  # every page is read by OCR
        return frozenset()
    body_font = usage.most_common(1)[0][0]
    return frozenset() if body_font in emphatic else emphatic


def _wide(text: str) -> bool:
    """CJK characters and punctuation, between which a line break or a gap never means a space."""
    return bool(text) and unicodedata.east_asian_width(text[0]) in ("W", "F", "A")


def _size(char: Char) -> float:
    return float(char["size"]) if char["size"] > 0 else float(char["bottom"] - char["top"])


def _page_items(page: _RawPage, emphasis: frozenset[str]) -> list[_Line | _TableItem]:
    items: list[_Line | _TableItem] = []
    free = page.chars
    for bbox, cells in page.tables:
        inside = [char for char in free if _within(char, bbox)]
        free = [char for char in free if not _within(char, bbox)]
        rows = [[_cell_text(inside, cell) for cell in row] for row in cells]
        items.append(_TableItem(top=bbox[1], rows=rows))
    for chars in _group_lines(free):
        line = _make_line(chars, emphasis)
        if line is not None:
            items.append(line)
    items.sort(key=lambda item: item.top)
    return items


def _within(char: Char, bbox: BBox) -> bool:
    middle_x = float(char["x0"] + char["x1"]) / 2
    middle_y = float(char["top"] + char["bottom"]) / 2
    return bbox[0] <= middle_x <= bbox[2] and bbox[1] <= middle_y <= bbox[3]


def _cell_text(chars: list[Char], cell: BBox | None) -> str:
    """A merged cell is None in pdfplumber's grid; its text sits in the cell that spans it."""
    if cell is None:
        return ""
    texts = [_line_text(line) for line in _group_lines([char for char in chars if _within(char, cell)])]
    return _join_texts(text for text in texts if text)


def _group_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Glyphs whose vertical middles fall within one line's height, in reading order, overprints removed."""
    lines: list[list[Char]] = []
    bottom = float("-inf")
    for char in sorted(chars, key=lambda char: (char["top"], char["x0"])):
        if lines and (char["top"] + char["bottom"]) / 2 <= bottom:
            lines[-1].append(char)
            bottom = max(bottom, char["bottom"])
        else:
            lines.append([char])
            bottom = char["bottom"]
    return [_without_overprint(sorted(line, key=lambda char: char["x0"])) for line in lines]


def _without_overprint(chars: list[Char]) -> list[Char]:
    """Some producers fake bold by printing each glyph twice, slightly shifted; keep one of them."""
    kept: list[Char] = []
    for char in chars:
        shift = abs(char["x0"] - kept[-1]["x0"]) if kept else None
        # Shifted by a fraction of the glyph: "ll" or "//" are two glyphs a whole glyph width apart.
        if shift is not None and char["text"] == kept[-1]["text"] and shift < 0.3 * (char["x1"] - char["x0"]):
            continue
        kept.append(char)
    return kept


def _line_text(chars: Sequence[Char]) -> str:
    """Glyph texts with the spaces the PDF prints, plus word spaces it only shows as gaps between Latin words."""
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        text = char["text"]
        if text.isspace():
            if parts and not parts[-1].isspace():
                parts.append(text)
            previous = None
            continue
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = _size(char)
            latin_pair = not _wide(previous["text"][-1]) and not _wide(text)
            if gap > _WIDE_GAP * size or (latin_pair and gap > _LATIN_SPACE * size):
                parts.append(" ")
        parts.append(text)
        previous = char
    return "".join(parts).strip().translate(_UNIFIED)


def _make_line(chars: list[Char], emphasis: frozenset[str]) -> _Line | None:
    glyphs = [char for char in chars if not char["text"].isspace()]
    if not glyphs:
        return None
    sizes = Counter(round(_size(char) * 2) / 2 for char in glyphs)
    wide = [char for char in glyphs if _wide(char["text"])] or glyphs
    return _Line(
        text=_line_text(chars),
        x0=glyphs[0]["x0"],
        x1=max(char["x1"] for char in glyphs),
        top=min(char["top"] for char in glyphs),
        size=max(sizes, key=lambda size: (sizes[size], size)),
        strong=bool(emphasis) and all(char["fontname"] in emphasis for char in wide),
        lead_width=_lead_width(chars),
    )


def _lead_width(chars: list[Char]) -> float:
    start = next(index for index, char in enumerate(chars) if not char["text"].isspace())
    last = start
    while last + 1 < len(chars) and chars[last]["text"] in _OPENING:
        last += 1
    if _wide(chars[last]["text"]):
        while last + 1 < len(chars) and chars[last + 1]["text"] in _CLOSING:
            last += 1
        return float(chars[last]["x1"] - chars[start]["x0"])
    size = _size(chars[start])
    while (
        last + 1 < len(chars)
        and not _wide(chars[last + 1]["text"])
        and not chars[last + 1]["text"].isspace()
        and chars[last + 1]["x0"] - chars[last]["x1"] <= _LATIN_SPACE * size
    ):
        last += 1
    # A Latin word also needs the space before it.
    return float(chars[last]["x1"] - chars[start]["x0"]) + 0.25 * size


def _page_key(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"\d+", "#", text))


def _drop_page_furniture(page_items: list[list[_Line | _TableItem]]) -> None:
    """Remove page numbers and running headers/footers: the same text at the top or foot of most pages."""
    edge = 2  # furniture is within the first or last two lines of a page
    tops: Counter[str] = Counter()
    feet: Counter[str] = Counter()
    for items in page_items:
        lines = [item for item in items if isinstance(item, _Line)]
        tops.update({_page_key(line.text) for line in lines[:edge]})
        feet.update({_page_key(line.text) for line in lines[-edge:]})
    quorum = max(2, len(page_items) // 2 + 1)
    running_tops = {key for key, count in tops.items() if count >= quorum}
    running_feet = {key for key, count in feet.items() if count >= quorum}
    for items in page_items:
        for _ in range(edge):
            if items and _is_furniture(items[0], running_tops):
                del items[0]
            if items and _is_furniture(items[-1], running_feet):
                del items[-1]


def _is_furniture(item: _Line | _TableItem, running: set[str]) -> bool:
    return isinstance(item, _Line) and (
        _PAGE_NUMBER.fullmatch(item.text) is not None or _page_key(item.text) in running
    )


def _measure(lines: Sequence[_Line]) -> _Layout:
    """The text block: the body font size, the left edge most lines start at, the right edge full lines reach."""
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0]
    body = [line for line in lines if line.size == body_size]
    starts = _clusters([line.x0 for line in body])
    # The leftmost edge shared by enough lines: indented first lines and centred lines lie to its right.
    common = [edge for edge, count in starts if count >= max(2, 0.05 * len(body))]
    left = min(common) if common else min(line.x0 for line in body)
    ends = _clusters([line.x1 for line in body])
    right = max(ends, key=lambda cluster: (cluster[1], cluster[0]))[0]
    advances = [b.top - a.top for a, b in pairwise(body) if 0 < b.top - a.top < 4 * body_size]
    pitch = sorted(advances)[len(advances) // 2] if advances else 2 * body_size
    return _Layout(left=left, right=right, body_size=body_size, pitch=pitch)


def _clusters(values: Sequence[float], tolerance: float = 1.0) -> list[tuple[float, int]]:
    """Group nearly equal coordinates: (the group's median, how many) for each group."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][0] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [(group[len(group) // 2], len(group)) for group in groups]


def _continues(opening: _Line, previous: _Line, line: _Line, layout: _Layout, new_page: bool) -> bool:
    """Whether `line` goes on with the paragraph that `opening` began and `previous` last extended."""
    if abs(previous.size - line.size) > 0.1 * line.size:
        return False
    if layout.flush_left(line):
        if not new_page and previous.size == layout.body_size and line.top - previous.top > _BLANK_LINE * layout.pitch:
            return False
        if layout.fills(previous, line):
            return True
        # At the foot of a page a wrapped paragraph that has not finished its sentence goes on overleaf.
        unfinished = previous.text.rstrip("”’）)」』》")[-1:] not in _SENTENCE_END
        return new_page and unfinished and previous is not opening and layout.flush_left(previous)
    # A centred paragraph too long for one line (a title) fills the width, then wraps into a centred line.
    return (
        layout.middled(opening) and layout.middled(previous) and layout.centred(line) and layout.fills(previous, line)
    )


def _join_texts(texts: Iterable[str]) -> str:
    joined = ""
    for text in texts:
        if joined and not _wide(joined[-1]) and not _wide(text[0]):
            joined += " "
        joined += text
    return joined


def _paragraph(lines: list[_Line]) -> Paragraph:
    """Strong only when every line is set in an emphasis font: judged line by line, a wrapped paragraph whose
    楷体 lead-in ends mid-line would come out bold up to an arbitrary line end."""
    text = _join_texts(line.text for line in lines)
    return Paragraph(lines=[[Inline(text, strong=all(line.strong for line in lines))]])


def _assemble(page_items: list[list[_Line | _TableItem]], layout: _Layout) -> list[Block]:
    blocks: list[Block] = []
    current: list[_Line] = []
    last_table: Table | None = None  # a table that ended its page may go on at the top of the next one

    def flush() -> None:
        if current:
            blocks.append(_paragraph(current))
            current.clear()

    for items in page_items:
        new_page = True
        for item in items:
            if isinstance(item, _TableItem):
                flush()
                if new_page and last_table is not None and len(item.rows[0]) == len(last_table.rows[0]):
                    repeated_header = item.rows[0] == last_table.rows[0]
                    last_table.rows.extend(item.rows[1:] if repeated_header else item.rows)
                else:
                    last_table = Table(rows=item.rows)
                    blocks.append(last_table)
            else:
                if current and not _continues(current[0], current[-1], item, layout, new_page):
                    flush()
                current.append(item)
                last_table = None
            new_page = False
    flush()
    return blocks
