"""Scans made from text PDFs, as a township's signed and sealed copy arrives: each page rendered as an image at
`dpi`, turned a little, speckled, a red seal stamped over the signature, saved as an image-only PDF. Used by
tests/test_ocr.py and bench/bench_ocr.py (which puts this folder on its path)."""

from __future__ import annotations

import io
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


def scanned_pdf(text_pdf: bytes, pages: list[int] | None = None, dpi: int = 170, seed: int = 1) -> bytes:
    """An image-only PDF of these pages (all by default) of `text_pdf`, as a scanner would make it."""
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(text_pdf)
    images = []
    for number in pages if pages is not None else range(len(document)):
        page = document[number].render(scale=dpi / 72).to_pil().convert("RGB")
        if number == len(document) - 1:  # the signature page
            _seal(page, rng)
        page = page.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor=(255, 255, 255))
        noise = Image.effect_noise(page.size, 18).convert("RGB")
        page = Image.blend(page, noise, 0.06).filter(ImageFilter.SMOOTH)
        images.append(page)
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
