"""Scans made from text PDFs, as a township's signed and sealed copy arrives: each page rendered as an image at
`dpi`, turned a little, speckled, a handwritten signature scrawled and a red seal stamped over the signature block,
saved as an image-only PDF. Used by
tests/test_ocr.py and bench/bench_ocr.py (which puts this folder on its path)."""

from __future__ import annotations

import io
import math
import random

import pypdfium2  # type: ignore[import-untyped]
from PIL import Image, ImageDraw, ImageFilter, ImageFont

SEAL_TEXT = "印章样例字"  # drawn in the seal's red: never to appear in the text read


def _seal(page: Image.Image, rng: random.Random) -> None:
    """A red circular seal with its text, over the lower right of the page (where the signature is)."""
    draw = ImageDraw.Draw(page)
    size = page.width // 5
    x, y = int(page.width * 0.6), int(page.height * 0.72) + rng.randint(-20, 20)
    red = (220, 30, 40)
    draw.ellipse((x, y, x + size, y + size), outline=red, width=max(4, size // 40))
    try:
        font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", size // 8)
    except OSError:
        font = ImageFont.load_default()
    draw.text((x + size // 5, y + size // 2 - size // 16), SEAL_TEXT, fill=red, font=font)
    draw.regular_polygon((x + size // 2, y + size // 3, size // 10), 5, fill=red)


def _signature(page: Image.Image, rng: random.Random) -> None:
    """A handwritten signature in dark ink over the signature block: a few fast, looping strokes of uneven width,
    as a leader signs (no characters a reader, or an OCR engine, could take for text)."""
    draw = ImageDraw.Draw(page)
    x, y = int(page.width * 0.55), int(page.height * 0.74) + rng.randint(-15, 15)
    ink = (25, 30, 60)
    for _stroke in range(3):
        points = []
        px, py = x + rng.randint(0, page.width // 10), y + rng.randint(-20, 20)
        for step in range(40):
            px += rng.randint(4, 14)
            py += int(28 * math.sin(step / 2.2 + rng.uniform(-0.4, 0.4))) // 4 + rng.randint(-3, 3)
            points.append((px, py))
        draw.line(points, fill=ink, width=rng.randint(3, 6), joint="curve")


def scanned_pdf(text_pdf: bytes, pages: list[int] | None = None, dpi: int = 170, seed: int = 1) -> bytes:
    """An image-only PDF of these pages (all by default) of `text_pdf`, as a scanner would make it."""
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(text_pdf)
    images = []
    for number in pages if pages is not None else range(len(document)):
        page = document[number].render(scale=dpi / 72).to_pil().convert("RGB")
        if number == len(document) - 1:  # the signature page
            _signature(page, rng)
            _seal(page, rng)
        page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        noise = Image.effect_noise(page.size, 18).convert("RGB")
        page = Image.blend(page, noise, 0.06).filter(ImageFilter.SMOOTH)
        images.append(page)
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
