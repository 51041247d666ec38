"""Formats beyond the fixtures: ODT and RTF through pandoc, Markdown with front matter, legacy Word, Big5 text."""

from __future__ import annotations

import datetime as dt
import quopri
import shutil
from pathlib import Path

import pypandoc
import pytest

from gongkai import config as settings
from gongkai.pipeline import convert_file
from gongkai.read import InputError
from ole import compound_file, word_header

CASES = Path(__file__).resolve().parent / "cases"
DOCX = CASES / "004-lushan-beizi" / "input.docx"
EXPECTED_BODY = (CASES / "004-lushan-beizi" / "expected.md").read_text("utf-8").split("\n---\n", 1)[1]


@pytest.mark.parametrize("fmt", ["odt", "rtf"])
def test_odt_and_rtf_convert_like_the_word_original(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"report.{fmt}"
    pypandoc.convert_file(str(DOCX), fmt, outputfile=str(target), extra_args=["--standalone"])
    conversion = convert_file(target, settings.load(tmp_path))
    assert conversion.front_matter.source_format == fmt
    assert conversion.front_matter.title == "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告"
    body = conversion.markdown.split("\n---\n", 1)[1]
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [line for line in EXPECTED_BODY.splitlines() if line.startswith("#")]
    assert "| 1 | 领导班子集体学法 | 4次 | — |" in body


def test_markdown_with_front_matter_passes_through_and_a_person_wins(tmp_path: Path) -> None:
    source = tmp_path / "report.md"
    source.write_text(
        "---\ntitle: 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\ndoc_number: 鲁背政〔2025〕3号\ntopic: 法治建设\n---\n\n"
        "# 鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n\n2024年,在县委、县政府的坚强领导下,背孜乡坚持依法行政。\n\n"
        "一、主要举措和成效\n\n全年开展普法活动 12 场。\n",
        "utf-8",
    )
    conversion = convert_file(source, settings.load(tmp_path))
    fm = conversion.front_matter
    assert (fm.doc_number, fm.topic, fm.county, fm.report_year) == ("鲁背政〔2025〕3号", "法治建设", "鲁山县", 2024)
    assert "2024年，在县委、县政府的坚强领导下，背孜乡坚持依法行政。" in conversion.markdown
    assert "\n## 一、主要举措和成效\n" in conversion.markdown and "普法活动12场" in conversion.markdown


def test_markdown_with_broken_front_matter_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "bad.md"
    source.write_text("---\ntitle: [unclosed\n---\n\n正文。\n", "utf-8")
    with pytest.raises(InputError, match="YAML"):
        convert_file(source, settings.load(tmp_path))


def test_markdown_front_matter_dates_are_read_as_the_check_reads_them(tmp_path: Path) -> None:
    """A date that does not exist is its field's error (was a traceback of PyYAML's date reading); a title that
    looks like a date is the title declared."""
    source = tmp_path / "dates.md"
    source.write_text(
        "---\ntitle: 2025-13-45\npublished_date: 2025-02-30\n---\n\n# 某镇2024年法治政府建设工作报告\n\n正文。\n",
        "utf-8",
    )
    with pytest.raises(InputError, match="published_date.*2025-02-30"):
        convert_file(source, settings.load(tmp_path))
    source.write_text(source.read_text("utf-8").replace("2025-02-30", "2025-02-03"), "utf-8")
    fm = convert_file(source, settings.load(tmp_path)).front_matter
    assert (fm.title, fm.published_date) == ("2025-13-45", dt.date(2025, 2, 3))


def test_legacy_word_needs_libreoffice_or_says_how_to_save_as_docx(tmp_path: Path) -> None:
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(compound_file({"WordDocument": word_header()}))  # a Word container with no document in it
    if shutil.which("soffice") or shutil.which("libreoffice"):
        with pytest.raises(InputError, match="LibreOffice"):  # a fake .doc: LibreOffice cannot convert it either
            convert_file(legacy, settings.load(tmp_path))
    else:
        with pytest.raises(InputError, match="另存为"):
            convert_file(legacy, settings.load(tmp_path))


def test_big5_text_is_detected(tmp_path: Path) -> None:
    source = tmp_path / "big5.txt"
    source.write_bytes(
        "魯山縣背孜鄉人民政府\n關於2024年法治政府建設情況的報告\n2024年，我鄉堅持依法行政，紮實推進法治政府建設。\n".encode(
            "big5"
        )
    )
    conversion = convert_file(source, settings.load(tmp_path))
    assert conversion.front_matter.source_encoding == "big5"
    assert "魯山縣背孜鄉人民政府關於2024年法治政府建設情況的報告" in conversion.markdown


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    source = tmp_path / "bom.txt"
    source.write_bytes(
        "\ufeff丰都县双路镇人民政府\r\n2024年法治政府建设情况报告\r\n\r\n　　2024年，我镇坚持依法行政。\r\n".encode(
            "utf-8"
        )
    )
    conversion = convert_file(source, settings.load(tmp_path))
    assert conversion.front_matter.title == "丰都县双路镇人民政府2024年法治政府建设情况报告"
    assert conversion.front_matter.source_encoding == "utf-8"
    assert "\r" not in conversion.markdown and "\ufeff" not in conversion.markdown


def _numbered_docx(path: Path) -> None:
    """A Word file whose headings are numbered by Word itself (chineseCounting, 一、 and （一）), not typed."""
    import zipfile

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="{text}"/></w:lvl>'
        for level, text in enumerate(("%1、", "（%2）"))
    )

    def para(text: str, level: int | None = None) -> str:
        numbering = (
            f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
            if level is not None
            else ""
        )
        return f"<w:p>{numbering}<w:r><w:t>{text}</w:t></w:r></w:p>"

    body = (
        para("某某镇人民政府")
        + para("关于2024年法治政府建设情况的报告")
        + para("2024年，我镇坚持依法行政。")
        + para("主要举措和成效", 0)
        + para("推进依法行政", 1)
        + para("正文一。")
        + para("存在的不足", 0)
        + para("正文二。")
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>'
            ),
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/_rels/document.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId5" Type="{rel}/numbering" Target="numbering.xml"/></Relationships>',
        )
        archive.writestr(
            "word/numbering.xml",
            f'<?xml version="1.0"?><w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="0">{levels}'
            '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>',
        )
        archive.writestr(
            "word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
        )


def test_word_auto_numbering_in_chinese_becomes_official_headings(tmp_path: Path) -> None:
    source = tmp_path / "numbered.docx"
    _numbered_docx(source)
    body = convert_file(source, settings.load(tmp_path)).body
    headings = [line for line in body.splitlines() if line.startswith("#")]
    assert headings == [
        "# 某某镇人民政府关于2024年法治政府建设情况的报告",
        "## 一、主要举措和成效",
        "### （一）推进依法行政",
        "## 二、存在的不足",
    ]


def test_text_with_one_paragraph_per_line_is_never_read_as_hard_wrapped(tmp_path: Path) -> None:
    """A title printed twice shares one width, but paragraphs ten times as wide show the file is not wrapped."""
    title = "区司法局关于2025年法治政府建设情况的报告"
    body = [
        "2025年，区司法局党组坚持以习近平新时代中国特色社会主义思想为指导，" * 4 + "推动工作。",
        "一、主要举措",
        "（一）加强组织领导。" + "全年召开专题会议研究法治政府建设工作。" * 8,
    ]
    path = tmp_path / "report.txt"
    path.write_text("\n".join([title, title, *body]), "utf-8")
    conversion = convert_file(path, settings.load(tmp_path))
    assert conversion.front_matter.title == title
    assert "报告区司法局" not in conversion.markdown and "报告2025年" not in conversion.markdown
    wrapped = tmp_path / "wrapped.txt"  # a file wrapped at 21 characters is still rejoined
    sentence = "2025年，区司法局党组坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，扎实推进法治政府建设工作"
    text = "；".join([sentence] * 4) + "。"
    wrapped.write_text(title + "\n\n" + "\n".join(text[i : i + 21] for i in range(0, len(text), 21)), "utf-8")
    assert text in convert_file(wrapped, settings.load(tmp_path)).markdown


def _mhtml(page: bytes, charset: str, location: str) -> bytes:
    """A page as Chrome saves it as 网页，单个文件: MIME headers, then the page quoted-printable in its charset."""
    boundary = "----MultipartBoundary--gongkai----"
    head = (
        f"From: <Saved by Blink>\r\nSnapshot-Content-Location: {location}\r\nSubject: report\r\n"
        "Date: Tue, 1 Apr 2025 23:30:00 -0000\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n\r\n'
        f"--{boundary}\r\nContent-Type: text/html; charset={charset}\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {location}\r\n\r\n"
    )
    return head.encode("ascii") + quopri.encodestring(page).replace(b"\n", b"\r\n") + f"\r\n--{boundary}--\r\n".encode()


def test_a_page_saved_as_one_file_reads_like_the_page(tmp_path: Path) -> None:
    """An .mhtml of the GBK portal page: the same report, its address from Snapshot-Content-Location."""
    page = (CASES / "003-taoyuan-jiaqiao-gbk" / "input.html").read_bytes()
    as_html = convert_file(CASES / "003-taoyuan-jiaqiao-gbk" / "input.html", settings.load(tmp_path)).front_matter
    location = "http://www.taoyuan.gov.cn/zwgk/fzzfjs/202503/t20250328_1.html"
    saved = tmp_path / "report.mhtml"
    saved.write_bytes(_mhtml(page, "gbk", location))
    conversion = convert_file(saved, settings.load(tmp_path))
    fm = conversion.front_matter
    assert (fm.title, fm.publisher, fm.county, fm.town, fm.report_year) == (
        as_html.title,
        as_html.publisher,
        as_html.county,
        as_html.town,
        as_html.report_year,
    )
    assert fm.source_format == "mhtml" and fm.source_url == (as_html.source_url or location)
    assert fm.collected_date == dt.date(2025, 4, 2) and as_html.collected_date is None  # saved at 07:30 Beijing time
    assert (
        conversion.markdown.split("---", 2)[2]
        == convert_file(CASES / "003-taoyuan-jiaqiao-gbk" / "input.html", settings.load(tmp_path)).markdown.split(
            "---", 2
        )[2]
    )


def test_an_mhtml_without_a_page_and_a_saved_from_comment(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mhtml"
    empty.write_bytes(
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: image/png\r\n\r\nxx\r\n--b--\r\n"
    )
    with pytest.raises(InputError, match="没有网页正文"):
        convert_file(empty, settings.load(tmp_path))
    page = tmp_path / "saved.html"
    paragraphs = "".join(
        f"<p>{number}、2024年，背孜乡坚持以习近平法治思想为指导，扎实推进法治政府建设，全年开展普法宣传活动十二场次，"
        "重大行政决策合法性审查全覆盖，依法行政水平持续提升。</p>"
        for number in "一二三四"
    )
    page.write_text(
        '<!-- saved from url=(0040)http://www.lushan.gov.cn/zwgk/a/t1.html -->\n<html><body><div class="article">'
        f"<h1>鲁山县背孜乡人民政府2024年法治政府建设情况报告</h1>{paragraphs}</div></body></html>",
        "utf-8",
    )
    assert (
        convert_file(page, settings.load(tmp_path)).front_matter.source_url == "http://www.lushan.gov.cn/zwgk/a/t1.html"
    )
