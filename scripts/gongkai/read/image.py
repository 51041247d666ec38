"""Photographs and scans sent as images (.jpg, .png, .tif, a multi-page TIFF too), read by OCR (gongkai.read.ocr)
and put back into paragraphs as a scanned PDF is (gongkai.read.pdf)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from gongkai.document import RawDocument
from gongkai.read import ocr, pdf
from gongkai.read.base import DEFAULT_OCR_MAX_PAGES, InputError, scan_too_long

A4_WIDTH_INCHES = 8.27


def read(path: Path, data: bytes, kind: str, ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES) -> RawDocument:
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        picture = Image.open(BytesIO(data))
        frames = [frame.convert("RGB") for frame in ImageSequence.Iterator(picture)]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise InputError(path, f"图片无法读取（{type(error).__name__}），请重新扫描或导出后再提交") from None
    if len(frames) > ocr_max_pages:
        raise InputError(path, scan_too_long(f"图片有 {len(frames)} 页", ocr_max_pages))
    pages: list[list[pdf.PageItem]] = []
    width = round(A4_WIDTH_INCHES * ocr.DPI)  # a scan of any resolution brought to the one OCR reads best
    for frame in frames:
        if abs(frame.width - width) > width * 0.1:
            frame = frame.resize((width, round(frame.height * width / frame.width)))
        pages.append(list(pdf.ocr_lines(ocr.read_image(np.asarray(frame)))))
    if not any(pages):
        raise InputError(path, "图片中识别不出文字（可能是空白页或照片不清楚），请重新扫描后再提交")
    return RawDocument(blocks=pdf.assemble(path, pages), source_format="image-ocr")
