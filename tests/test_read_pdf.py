"""The PDF reader: paragraphs rebuilt from line geometry, page furniture dropped, unreadable PDFs refused.

Synthetic PDFs are typeset here with reportlab the GB/T 9704 way (fixed margins, two-character first-line
indent, page numbers "— N —"), so each rule is tested on layouts other than the one sample file.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Table as PlatypusTable
from reportlab.platypus import TableStyle

from gongkai.document import Paragraph, Table
from gongkai.read import pdf as pdf_reader
from gongkai.read import read_file
from gongkai.read.base import InputError

read = functools.partial(pdf_reader.read, kind="pdf")  # the reader as read_file calls it

SAMPLES = Path(__file__).parent.parent / "samples"
SONG = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(SONG))

SIZE = 16.0
LEFT = 80.0
RIGHT = LEFT + 25 * SIZE
PITCH = 29.0
FIRST_BASELINE = 740.0
PAGE_NUMBER_BASELINE = 60.0
HEADER_BASELINE = 790.0
LINES_PER_PAGE = 10
CJK = "法治政府建设年度报告依法行政推进工作规范执法监督普法宣传基层治理矛盾纠纷化解"


@dataclass(frozen=True)
class Row:
    """One printed line: its text, where it starts, and its font."""

    text: str
    x: float = LEFT
    size: float = SIZE
    font: str = SONG


def width(text: str, size: float = SIZE, font: str = SONG) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def chinese(length: int, end: str = "。") -> str:
    """Deterministic filler text of `length` characters ending a sentence; texts of other lengths start elsewhere,
    so that no two pages begin with the same line (which would be a running header)."""
    return "".join(CJK[(length + index) % len(CJK)] for index in range(length - len(end))) + end


def body(text: str, indent: int = 2) -> list[Row]:
    """Wrap `text` between LEFT and RIGHT with a first-line indent of `indent` characters, as Word justifies it."""
    rows: list[Row] = []
    x = LEFT + indent * SIZE
    line = ""
    for char in text:
        if x + width(line + char) > RIGHT + 0.01:
            rows.append(Row(line, x))
            x, line = LEFT, ""
        line += char
    rows.append(Row(line, x))
    return rows


def centred(text: str, size: float = 22.0) -> list[Row]:
    rows: list[Row] = []
    line = ""
    for char in text:
        if width(line + char, size) > RIGHT - LEFT + 0.01:
            rows.append(Row(line, (LEFT + RIGHT - width(line, size)) / 2, size))
            line = ""
        line += char
    rows.append(Row(line, (LEFT + RIGHT - width(line, size)) / 2, size))
    return rows


def paginate(rows: Sequence[Row | None], per_page: int = LINES_PER_PAGE) -> list[list[Row | None]]:
    return [list(rows[start : start + per_page]) for start in range(0, len(rows), per_page)]


def render(
    pages: Sequence[Sequence[Row | None]],
    page_number: str | None = "— {n} —",
    header: str | None = None,
    page_number_at_top: bool = False,
    encrypt: str | None = None,
) -> bytes:
    """Typeset rows onto pages (None is a blank line); page numbers alternate sides as GB/T 9704 asks."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1, encrypt=encrypt)
    for number, rows in enumerate(pages, 1):
        if header is not None:
            pdf.setFont(SONG, 10.5)
            pdf.drawCentredString((LEFT + RIGHT) / 2, HEADER_BASELINE, header)
        for index, row in enumerate(rows):
            if row is not None:
                pdf.setFont(row.font, row.size)
                pdf.drawString(row.x, FIRST_BASELINE - index * PITCH, row.text)
        if page_number is not None:
            label = page_number.format(n=number, total=len(pages))
            pdf.setFont(SONG, 14)
            baseline = HEADER_BASELINE if page_number_at_top else PAGE_NUMBER_BASELINE
            if number % 2:
                pdf.drawRightString(RIGHT - SIZE, baseline, label)
            else:
                pdf.drawString(LEFT + SIZE, baseline, label)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def paragraphs(data: bytes, name: str = "report.pdf") -> list[str]:
    return [block.text for block in read(Path(name), data).blocks if isinstance(block, Paragraph)]


# --- the sample report: printed version of the Word original --------------------------------------------------


@pytest.fixture(scope="module")
def sample_blocks() -> list[Paragraph | Table]:
    path = SAMPLES / "002-dazu-youting.pdf"
    return read(path, path.read_bytes()).blocks  # type: ignore[return-value]


def test_sample_paragraphs_are_the_word_originals(sample_blocks: list[Paragraph]) -> None:
    word = read_file(SAMPLES / "002-dazu-youting.docx")
    # The Word file keeps 署名 and 成文日期 as one paragraph with a line break; in print they are two lines.
    expected = ["".join(run.text for run in line) for block in word.blocks for line in block.lines]  # type: ignore[union-attr]
    assert [block.text for block in sample_blocks] == expected


def test_sample_has_no_page_numbers_or_page_breaks(sample_blocks: list[Paragraph]) -> None:
    assert all(isinstance(block, Paragraph) for block in sample_blocks)
    assert not [block.text for block in sample_blocks if re.search(r"—\s*\d+\s*—", block.text)]


def test_sample_headings_in_heiti_are_strong(sample_blocks: list[Paragraph]) -> None:
    strong = [block.text for block in sample_blocks if block.all_strong]
    assert strong == [
        "一、学习宣传贯彻落实习近平法治思想。",
        "二、党领导法治建设制度和工作机制贯彻落实、发挥作用情况。",
        "三、深入推进依法行政、加快法治政府建设。",
        "四、存在的问题",
        "五、下步工作打算",
    ]


def test_sample_reads_the_same_twice(sample_blocks: list[Paragraph]) -> None:
    path = SAMPLES / "002-dazu-youting.pdf"
    assert read(path, path.read_bytes()).blocks == sample_blocks


def test_read_file_routes_pdf_bytes_here() -> None:
    document = read_file(SAMPLES / "002-dazu-youting.pdf")
    assert document.source_format == "pdf"


# --- paragraphs from geometry -----------------------------------------------------------------------------------


def test_paragraphs_rejoined_across_lines_and_pages(tmp_path: Path) -> None:
    title = "关于某某镇法治政府建设情况的报告"
    first = chinese(23 + 25 * 2 + 10)  # 4 lines
    ends_page = chinese(23 + 25 * 3 + 7)  # 5 lines: ends on page 1's last line, short of the margin
    whole_page = chinese(23 + 25 * 4 + 12)  # 6 lines
    split = chinese(23 + 25 * 5 + 9)  # 7 lines: 4 at the foot of page 2, 3 overleaf
    last = chinese(30)
    rows = centred(title) + body(first) + body(ends_page) + body(whole_page) + body(split) + body(last)
    pages = paginate(rows)
    assert pages[1][-1] is not None and pages[1][-1].x == LEFT and width(pages[1][-1].text) == RIGHT - LEFT
    path = tmp_path / "report.pdf"
    path.write_bytes(render(pages, header="某某镇人民政府"))
    assert paragraphs(path.read_bytes()) == [title, first, ends_page, whole_page, split, last]


def test_heading_at_the_foot_of_a_page_stays_a_heading() -> None:
    heading = "二、存在的不足"
    rows: list[Row | None] = [*body(chinese(23 + 25 * 7 + 5)), *body(heading)]
    rows += body(chinese(60))
    assert len(rows[:LINES_PER_PAGE]) == LINES_PER_PAGE and rows[LINES_PER_PAGE - 1] == Row(heading, LEFT + 2 * SIZE)
    assert paragraphs(render(paginate(rows))) == [chinese(23 + 25 * 7 + 5), heading, chinese(60)]


def test_unfinished_sentence_at_the_foot_of_a_page_goes_on_overleaf() -> None:
    # A wrapped paragraph whose last line on the page stops short without 。 continues, e.g. after a manual break.
    rows: list[Row | None] = [*body(chinese(23 + 25 * 8, end="")), Row("依法行政", LEFT), Row("工作取得成效。", LEFT)]
    text = "".join(row.text for row in rows if row is not None)
    assert paragraphs(render(paginate(rows))) == [text]


def test_line_short_by_a_pushed_character_still_wraps() -> None:
    # Line breaking may not start a line with "，", so the last character moves down with it.
    lead = chinese(23 + 25 * 3)
    pushed = [Row(chinese(22, end=""), LEFT + 2 * SIZE), Row("治，建设。", LEFT)]
    assert width(pushed[0].text) == RIGHT - LEFT - 3 * SIZE
    assert paragraphs(render([[*body(lead), *pushed]])) == [lead, chinese(22, end="") + "治，建设。"]


def test_flush_left_paragraphs_separated_by_blank_lines() -> None:
    first, second = chinese(50), chinese(40)
    rows: list[Row | None] = [*body(first, indent=0), None, *body(second, indent=0)]
    assert rows[1] is not None and width(rows[1].text) == RIGHT - LEFT
    assert paragraphs(render([rows])) == [first, second]


def test_wrapped_centred_title_is_one_paragraph_and_separate_titles_are_not() -> None:
    long_title = "中共某某县某某镇委员会 某某县某某镇人民政府关于二〇二四年度法治政府建设情况的报告"
    text = chinese(23 + 25 * 3 + 10)
    rows: list[Row | None] = [*centred(long_title), *centred("（二〇二四年度）", 16.0), *body(text)]
    assert len(centred(long_title)) == 3
    assert paragraphs(render([rows])) == [long_title, "（二〇二四年度）", text]


def test_latin_words_keep_their_spaces_across_a_line_break() -> None:
    words = "the rule of law is the basic way of governing the country and this report covers it"
    rows: list[Row | None] = []
    line = ""
    for word in words.split():
        candidate = f"{line} {word}".strip()
        if width(candidate, font="Helvetica") > RIGHT - LEFT:
            rows.append(Row(line, font="Helvetica"))
            candidate = word
        line = candidate
    rows.append(Row(line, font="Helvetica"))
    assert len(rows) == 2
    lead = chinese(23 + 25 * 2 + 5)
    assert paragraphs(render([[*body(lead), *rows]])) == [lead, words]


# --- spaces -----------------------------------------------------------------------------------------------------


def draw_pieces(pieces: list[tuple[str, str, float]]) -> bytes:
    """Draw text pieces one after another on one line, each followed by a gap (points), without space glyphs."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    x = LEFT + 2 * SIZE
    for text, font, gap in pieces:
        pdf.setFont(font, SIZE)
        pdf.drawString(x, FIRST_BASELINE, text)
        x += width(text, font=font) + gap
    pdf.setFont(SONG, SIZE)
    pdf.drawString(LEFT + 2 * SIZE, FIRST_BASELINE - PITCH, chinese(20))
    pdf.save()
    return buffer.getvalue()


def test_gaps_between_cjk_and_digits_are_not_spaces() -> None:
    data = draw_pieces([("2024", "Times-Roman", 3.2), ("年", SONG, 2.0), ("法", SONG, 3.0), ("治建设", SONG, 0)])
    assert paragraphs(data)[0] == "2024年法治建设"


def test_gaps_between_latin_words_are_spaces() -> None:
    data = draw_pieces(
        [("依法", SONG, 3.2), ("rule", "Helvetica", 4.5), ("of", "Helvetica", 4.5), ("law", "Helvetica", 0)]
    )
    assert paragraphs(data)[0] == "依法rule of law"


def test_a_printed_space_between_cjk_is_kept() -> None:
    data = draw_pieces([("签发人：杜 韧", SONG, 0)])
    assert paragraphs(data)[0] == "签发人：杜 韧"


def test_radical_code_points_become_the_ideographs_they_look_like() -> None:
    # Source Han/Noto CJK fonts map some ideographs to radicals or compatibility ideographs in their Unicode map.
    data = draw_pieces([("人⺠政府⻔前⻛险樂", SONG, 0)])
    assert paragraphs(data)[0] == "人民政府门前风险樂"


# --- page furniture ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "style", ["— {n} —", "- {n} -", "–{n}–", "{n}", "第{n}页", "第 {n} 页 共 {total} 页", "{n}/{total}"]
)
@pytest.mark.parametrize("at_top", [False, True])
@pytest.mark.parametrize("per_page", [5, 20])  # on one page no repetition helps: the pattern alone decides
def test_page_numbers_are_dropped(style: str, at_top: bool, per_page: int) -> None:
    texts = [chinese(90), chinese(120), chinese(70), chinese(40)]
    rows: list[Row | None] = [row for text in texts for row in body(text)]
    data = render(paginate(rows, per_page=per_page), page_number=style, page_number_at_top=at_top)
    assert paragraphs(data) == texts


def test_running_header_and_footer_are_dropped() -> None:
    texts = [chinese(23 + 25 * 6), "依法" + chinese(23 + 25 * 6 - 2), "行政" + chinese(23 + 25 * 6 - 2)]
    rows: list[Row | None] = [row for text in texts for row in body(text)]
    pages = paginate(rows, per_page=7)
    for number, page in enumerate(pages, 1):
        page.append(None)
        page.append(Row(f"某某镇人民政府办公室印发 第{number}页", LEFT, 10.5))
    assert paragraphs(render(pages, header="某某镇2024年法治政府建设年度报告")) == texts


# --- emphasis and tables ----------------------------------------------------------------------------------------


def test_a_line_in_a_bold_font_is_strong() -> None:
    rows: list[Row | None] = [Row("Part One", LEFT + 2 * SIZE, font="Helvetica-Bold"), *body(chinese(60))]
    blocks = read(Path("report.pdf"), render([rows])).blocks
    assert [(block.text, block.all_strong) for block in blocks if isinstance(block, Paragraph)] == [
        ("Part One", True),
        (chinese(60), False),
    ]


def test_overprinted_fake_bold_is_read_once() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setFont(SONG, SIZE)
    for shift in (0.0, 0.3):
        pdf.drawString(LEFT + 2 * SIZE + shift, FIRST_BASELINE, "一、总体情况")
    for index, row in enumerate(body(chinese(60)), 1):
        pdf.drawString(row.x, FIRST_BASELINE - index * PITCH, row.text)
    pdf.save()
    assert paragraphs(buffer.getvalue()) == ["一、总体情况", chinese(60)]


def test_table_rows_are_read_once() -> None:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for index, row in enumerate(body(chinese(40))):
        pdf.setFont(SONG, SIZE)
        pdf.drawString(row.x, FIRST_BASELINE - index * PITCH, row.text)
    cells = [["项目", "数量", "备注"], ["行政复议案件", "12", "依法办结"], ["行政诉讼案件", "3", "败诉0件"]]
    table = PlatypusTable(cells, colWidths=[150, 100, 150])
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SONG, 12), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    table.wrapOn(pdf, RIGHT - LEFT, 400)
    table.drawOn(pdf, LEFT, 500)
    pdf.setFont(SONG, SIZE)
    pdf.drawString(LEFT + 2 * SIZE, 440, chinese(20))
    pdf.save()
    blocks = read(Path("table.pdf"), buffer.getvalue()).blocks
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert blocks[1] == Table(rows=cells)
    assert blocks[2].text == chinese(20)  # type: ignore[union-attr]


def test_table_continued_overleaf_is_one_table() -> None:
    header = ["项目", "数量"]
    pages = [[header, ["行政复议案件", "12"]], [header, ["行政诉讼案件", "3"], ["行政调解案件", "8"]]]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for number, cells in enumerate(pages):
        pdf.setFont(SONG, SIZE)
        if number == 0:
            for index, row in enumerate(body(chinese(60))):
                pdf.drawString(row.x, FIRST_BASELINE - index * PITCH, row.text)
        table = PlatypusTable(cells, colWidths=[200, 200])
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), SONG, 12), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        _, height = table.wrapOn(pdf, RIGHT - LEFT, 400)
        table.drawOn(pdf, LEFT, 100 if number == 0 else FIRST_BASELINE + SIZE - height)
        pdf.showPage()
    pdf.save()
    blocks = read(Path("table.pdf"), buffer.getvalue()).blocks
    assert blocks[1:] == [Table(rows=[header, ["行政复议案件", "12"], ["行政诉讼案件", "3"], ["行政调解案件", "8"]])]


# --- files that cannot be read ----------------------------------------------------------------------------------


def _blank_scan(folder: Path, pages: int) -> bytes:
    """An image-only PDF of `pages` white pages, as a scanner makes of blank sheets."""
    from PIL import Image

    scan = folder / "scan.png"
    Image.new("L", (200, 280), 255).save(scan)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for _ in range(pages):
        pdf.drawImage(str(scan), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_a_scan_of_blank_pages_says_nothing_was_recognised(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="识别不出文字"):
        read(tmp_path / "scan.pdf", _blank_scan(tmp_path, 2))


def test_blank_pdf_is_refused() -> None:
    with pytest.raises(InputError, match="空白页"):
        read(Path("blank.pdf"), render([[]], page_number=None))


def test_a_text_layer_without_unicode_mapping_is_read_by_ocr_instead() -> None:
    from gongkai.read.pdf import _pages_to_read_by_ocr, _RawPage

    garbled = _RawPage(chars=[{"text": f"(cid:{code})"} for code in range(40)], tables=[], has_images=False)
    readable = _RawPage(chars=[{"text": "字"} for _ in range(40)], tables=[], has_images=False)
    scan = _RawPage(chars=[], tables=[], has_images=True)
    assert _pages_to_read_by_ocr(Path("cid.pdf"), [garbled, garbled]) == [0, 1]
    assert _pages_to_read_by_ocr(Path("mixed.pdf"), [readable, scan, readable]) == [1]  # only the scanned page
    with pytest.raises(InputError, match="超过文字识别"):
        _pages_to_read_by_ocr(Path("long.pdf"), [scan] * 61)


def test_encrypted_pdf_asks_for_the_password_to_be_removed() -> None:
    data = render([body(chinese(60))], encrypt="secret")
    with pytest.raises(InputError, match="密码"):
        read(Path("locked.pdf"), data)


@pytest.mark.parametrize("cut", [0.5, 0.99])
def test_truncated_pdf_is_reported_damaged(cut: float) -> None:
    data = (SAMPLES / "002-dazu-youting.pdf").read_bytes()
    with pytest.raises(InputError, match="损坏"):
        read(Path("cut.pdf"), data[: int(len(data) * cut)])


def test_a_pdf_read_past_a_corrupted_stream_says_so_for_review_and_prints_nothing(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """A stream damaged in transfer that pdfminer decodes only in part: the text it could read is kept, the damage
    goes to `review` (the text may be incomplete), and pdfminer's own English warnings stay off the terminal."""
    from gongkai import config as settings
    from gongkai.pipeline import convert_file

    data = bytearray((SAMPLES / "002-dazu-youting.pdf").read_bytes())
    for start in [match.end() for match in re.finditer(rb"(?<!end)stream\r?\n", data)]:
        end = data.index(b"endstream", start)
        if end - start > 1500:  # a page's text: zeroed in its middle, as a broken transfer leaves it
            middle = start + (end - start) // 2
            data[middle : middle + 16] = bytes(16)
            break
    (tmp_path / "damaged.pdf").write_bytes(data)
    (tmp_path / "whole.pdf").write_bytes((SAMPLES / "002-dazu-youting.pdf").read_bytes())
    capfd.readouterr()
    damaged = convert_file(tmp_path / "damaged.pdf", settings.load(tmp_path)).front_matter
    whole = convert_file(tmp_path / "whole.pdf", settings.load(tmp_path)).front_matter
    assert any("文件有损坏的部分" in line and "可能不全" in line for line in damaged.review)
    assert not any("损坏" in line for line in whole.review)
    assert capfd.readouterr() == ("", "")


def test_gbk_font_names_are_decoded() -> None:
    from gongkai.read.pdf import _font_name

    assert _font_name(str(b"ABCDEF+\xba\xda\xcc\xe5")) == "黑体"
    assert _font_name("BAAAAA+NotoSerifCJKjp-Regular") == "NotoSerifCJKjp-Regular"


def test_a_scan_longer_than_the_configured_limit_is_refused_naming_it(tmp_path: Path) -> None:
    from gongkai import config as settings
    from gongkai.pipeline import convert_file

    (tmp_path / "report.pdf").write_bytes(_blank_scan(tmp_path, 3))
    (tmp_path / "pyproject.toml").write_text("[tool.gongkai]\nocr_max_pages = 2\n", "utf-8")
    with pytest.raises(InputError, match="3 页扫描页.*上限 2 页.*ocr_max_pages"):
        convert_file(tmp_path / "report.pdf", settings.load(tmp_path))


def test_an_ofd_file_is_refused_saying_what_to_send() -> None:
    from gongkai.read.base import unsupported_type

    assert "OFD" in str(unsupported_type(Path("report.ofd"), ".ofd")) and "PDF" in str(
        unsupported_type(Path("a.ofd"), ".ofd")
    )
