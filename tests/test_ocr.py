"""Scanned PDFs and images read by OCR (gongkai.read.ocr): the text as the text layer gives it, headings as
headings, no seal debris, and the report says its text was recognised."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

import pypdfium2  # type: ignore[import-untyped]
import pytest

from gongkai import config as settings
from gongkai.pipeline import convert_file
from gongkai.read.base import InputError
from scans import SEAL_TEXT, scanned_pdf

pytestmark = pytest.mark.slow

SOURCE = Path(__file__).resolve().parent / "cases" / "002-dazu-youting-pdf" / "input.pdf"
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]")


def _pages(numbers: list[int]) -> bytes:
    """These pages of the sample PDF (-1: the last, signed and sealed) as a PDF of their own, text layer kept."""
    source = pypdfium2.PdfDocument(SOURCE.read_bytes())
    target = pypdfium2.PdfDocument.new()
    target.import_pages(source, [number % len(source) for number in numbers])
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def recall(reference: str, recognised: str) -> float:
    """The share of the reference's Han characters found, in order, in the recognised text."""
    want, got = _NOT_HAN.sub("", reference), _NOT_HAN.sub("", recognised)
    matched = sum(
        block.size for block in difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
    )
    return matched / max(len(want), 1)


def _body(markdown: str) -> str:
    return markdown.split("\n---\n", 1)[1]


def debris(reference: str, recognised: str) -> list[str]:
    """Lines of the recognised text that the reference does not hold: what a seal or a signature left behind.

    A line passes if at least 80 % of its Han characters are found, in order, in the reference, or (a line without
    Han characters: a page number, a date, a phone number) if the reference holds it with its spaces removed."""
    flat = "".join(reference.split())
    found = []
    for line in recognised.splitlines():
        line = line.strip()
        if not line or line.startswith("{:") or line == "---":
            continue
        han = _NOT_HAN.sub("", line)
        if han and recall(han, flat) >= 0.8 or not han and "".join(line.split()) in flat:
            continue
        found.append(line)
    return found


def test_debris_is_what_the_reference_does_not_hold() -> None:
    reference = "## 一、主要成效\n\n全年办结行政复议案件12件。\n\n— 9 —\n"
    recognised = "## 一、主要成效\n\n全年办结行政复议案件12件。\n\n乙了\n\n~~/\n\n— 9 —\n{: .closing }\n"
    assert debris(reference, recognised) == ["乙了", "~~/"]


def test_a_scanned_pdf_reads_as_its_text_layer_does(tmp_path: Path) -> None:
    text_pdf = tmp_path / "text.pdf"
    text_pdf.write_bytes(_pages([0, -1]))  # the letterhead and title, and the signature under the seal
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(text_pdf.read_bytes()))
    reference = convert_file(text_pdf, settings.load(tmp_path))
    recognised = convert_file(scan, settings.load(tmp_path))
    assert recall(_body(reference.markdown), _body(recognised.markdown)) >= 0.97
    headings = [line for line in _body(reference.markdown).splitlines() if line.startswith("#")]
    found = [line for line in _body(recognised.markdown).splitlines() if line.startswith("#")]
    assert sum(1 for heading in headings if heading in found) >= 0.9 * len(headings), (headings, found)
    assert SEAL_TEXT not in recognised.markdown
    assert debris(_body(reference.markdown), _body(recognised.markdown)) == []  # nor anything of the signature
    fm = recognised.front_matter
    assert fm.source_format == "pdf-ocr" and "正文由 OCR 识别，请对照原件核对" in fm.review
    assert (fm.title, fm.town, fm.doc_number) == (
        reference.front_matter.title,
        reference.front_matter.town,
        reference.front_matter.doc_number,
    )


def test_a_page_photographed_as_an_image_is_read(tmp_path: Path) -> None:
    scan = pypdfium2.PdfDocument(scanned_pdf(_pages([0])))
    image = tmp_path / "page.png"
    scan[0].render(scale=1).to_pil().save(image)  # the image the PDF holds, at its own resolution
    recognised = convert_file(image, settings.load(tmp_path))
    assert recognised.front_matter.source_format == "image-ocr"
    assert "邮亭镇" in recognised.markdown and recognised.front_matter.town == "邮亭镇"


def test_a_page_photographed_upside_down_is_read_the_right_way_up(tmp_path: Path) -> None:
    scan = pypdfium2.PdfDocument(scanned_pdf(_pages([0])))
    image = tmp_path / "page.png"
    scan[0].render(scale=1).to_pil().rotate(180).save(image)
    recognised = convert_file(image, settings.load(tmp_path))
    assert "邮亭镇" in recognised.markdown and recognised.front_matter.town == "邮亭镇"


def test_a_page_pdfium_cannot_load_is_an_input_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A damaged file can have a page pdfplumber reads (no text: a scan) and pdfium, which renders it for OCR,
    refuses ("Failed to load page", found by tests/test_faults.py's mutants): an error naming the file and the
    page, never a traceback."""
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scanned_pdf(_pages([0])))

    def refuse(document: object, index: int) -> None:
        raise pypdfium2.PdfiumError("Failed to load page.")

    monkeypatch.setattr(pypdfium2.PdfDocument, "__getitem__", refuse)
    with pytest.raises(InputError, match="第 1 页无法渲染") as raised:
        convert_file(scan, settings.load(tmp_path))
    assert raised.value.path == str(scan)
