"""Pages without a text layer (scans of the signed and sealed copy, photographs) read by OCR: RapidOCR, PP-OCR's
Chinese detection and recognition models run offline by onnxruntime on the CPU; the models ship inside the pinned
wheel (rapidocr-onnxruntime), so nothing is downloaded at run time.

Each recognised line becomes a line of the page in PDF points, so gongkai.read.pdf rebuilds paragraphs, drops page
numbers and running heads, and rejoins sentences across pages exactly as for a text layer. What a seal or a
signature leaves is dropped: text in red ink (the seal's ring of characters), lines set at a slant (a seal's text,
handwriting), and what the recogniser itself doubts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

DPI = 170  # enough for 三号/四号 仿宋 (16 pt, 14 pt); every doubling costs four times the time
MIN_SCORE = 0.6  # the recogniser's confidence below which a line is more likely debris than text
MAX_SLANT_DEGREES = 6.0  # a scan is a little rotated; a seal's text and a signature are far more
RED_SHARE = 0.5  # of a line's ink: above it the line is the seal's
LETTERHEAD_SIZE = 1.4  # red lines this much taller than the body's are the 红头 letterhead, not a seal
UPRIGHT_SCORE = 0.8  # a page read with less confidence than this (per character) is tried upside down too


@dataclass(frozen=True)
class OcrLine:
    """One recognised line, in PDF points from the page's top left."""

    text: str
    x0: float
    x1: float
    top: float
    height: float


@cache
def _engine() -> Any:
    """Loaded on first use: a PDF with a text layer never loads onnxruntime or OpenCV."""
    from rapidocr_onnxruntime import RapidOCR  # type: ignore[import-untyped]

    return RapidOCR()


def _slant(box: list[list[float]]) -> float:
    (x1, y1), (x2, y2) = box[0], box[1]
    return abs(math.degrees(math.atan2(y2 - y1, x2 - x1)))


def _red(image: Any, box: list[list[float]]) -> bool:
    """Whether most of the ink inside `box` is red (a seal printed or stamped over the text)."""
    import numpy as np

    xs = [int(point[0]) for point in box]
    ys = [int(point[1]) for point in box]
    region = image[max(min(ys), 0) : max(ys), max(min(xs), 0) : max(xs)].astype(np.int16)
    if region.size == 0:
        return False
    red, green, blue = region[..., 0], region[..., 1], region[..., 2]
    ink = (red < 150) | (green < 150) | (blue < 150)  # anything clearly darker than paper
    seal = (red > 150) & (green < 130) & (blue < 130) & (red - np.maximum(green, blue) > 60)
    inked = int(ink.sum())
    return inked > 0 and int(seal.sum()) > RED_SHARE * inked


def _recognise(image: Any) -> list[Any]:
    """(box, text, score) of each line, read as set. PP-OCR's per-line 180° classifier is left out: it turned a
    legible line of quotes and figures (“4.25世界土地日”、“6.5世界环境日”…) upside down into debris, 2.4 % of one
    sample's text; a page scanned upside down is turned whole instead (read_image)."""
    result, _elapsed = _engine()(image, use_cls=False)
    return list(result or [])


def _confidence(result: list[Any]) -> float:
    """The recogniser's mean confidence per character over a page."""
    characters = sum(len(str(text)) for _box, text, _score in result)
    return sum(len(str(text)) * float(score) for _box, text, score in result) / characters if characters else 0.0


def read_image(image: Any) -> list[OcrLine]:
    """The lines of one page image (an RGB array at DPI), top to bottom; a page scanned or photographed upside down
    is read the right way up."""
    result = _recognise(image)
    if _confidence(result) < UPRIGHT_SCORE:
        turned = image[::-1, ::-1].copy()
        other = _recognise(turned)
        if _confidence(other) > _confidence(result):
            image, result = turned, other
    scale = 72 / DPI
    found: list[tuple[OcrLine, bool]] = []
    for box, text, score in result:
        text = str(text).strip()
        if not text or float(score) < MIN_SCORE or _slant(box) > MAX_SLANT_DEGREES:
            continue
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        line = OcrLine(text, min(xs) * scale, max(xs) * scale, min(ys) * scale, (max(ys) - min(ys)) * scale)
        found.append((line, _red(image, box)))
    # Red ink is a seal's, except the large red letterhead of a 红头文件: kept when set larger than the body.
    heights = sorted(line.height for line, red in found if not red)
    body = heights[len(heights) // 2] if heights else 0.0
    lines = [line for line, red in found if not red or line.height >= LETTERHEAD_SIZE * body > 0]
    return _rows(sorted(lines, key=lambda line: (line.top, line.x0)))


def _rows(lines: list[OcrLine]) -> list[OcrLine]:
    """Pieces of one printed line (a detector splits at wide gaps) joined left to right into one line."""
    rows: list[OcrLine] = []
    for line in lines:
        last = rows[-1] if rows else None
        middle = line.top + line.height / 2
        if last is not None and last.top <= middle <= last.top + last.height and line.x0 >= last.x1 - line.height:
            gap = " " if line.x0 - last.x1 > 1.5 * line.height else ""
            rows[-1] = OcrLine(
                last.text + gap + line.text,
                last.x0,
                line.x1,
                min(last.top, line.top),
                max(last.top + last.height, line.top + line.height) - min(last.top, line.top),
            )
        else:
            rows.append(line)
    return rows
