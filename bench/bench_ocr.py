"""OCR of scanned reports: CJK recall, headings recovered, seconds per page and peak memory.

Usage: .venv/bin/python bench/bench_ocr.py
The sample reports' text PDFs (002 as published; 000 and 004 exported from their .docx by LibreOffice) are turned
into scans as a township sends them (tests/scans.py: 170 dpi, turned up to 0.6°, speckled, a handwritten signature
and a red seal over the signature on the last page, image-only PDF), converted by gongkai, and compared with
tests/data/reference-text/.
Recall: the share of the reference's Han characters found in order; headings: the reference's 一、 and （一）
lines that the Markdown has as headings. Figures, not a timed test.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gongkai import config as settings  # noqa: E402
from gongkai.pipeline import convert_file  # noqa: E402
from scans import scanned_pdf  # noqa: E402
from test_ocr import recall  # noqa: E402

SAMPLES = {
    "000-fengdu-shuanglu": "samples/000-fengdu-shuanglu.docx",
    "002-dazu-youting": "samples/002-dazu-youting.pdf",
    "004-lushan-beizi": "samples/004-lushan-beizi.docx",
}
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）)")


def _text_pdf(source: Path, folder: Path) -> bytes:
    if source.suffix == ".pdf":
        return source.read_bytes()
    profile = folder / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / f"{source.stem}.pdf").read_bytes()


def main() -> None:
    print("| report | pages | CJK recall | headings recovered | s per page |")
    print("|---|---|---|---|---|")
    totals = [0, 0.0]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, sample in SAMPLES.items():
            scan = folder / f"{name}-scan.pdf"
            scan.write_bytes(scanned_pdf(_text_pdf(ROOT / sample, folder)))
            started = time.perf_counter()
            conversion = convert_file(scan, settings.load(folder))
            elapsed = time.perf_counter() - started
            pages = scan.read_bytes().count(b"/Type /Page") - scan.read_bytes().count(b"/Type /Pages")
            reference = (ROOT / "tests" / "data" / "reference-text" / f"{name}.txt").read_text("utf-8")
            body = conversion.markdown.split("\n---\n", 1)[1]
            wanted = [_HEADING.match(line).group(0).strip() for line in reference.splitlines() if _HEADING.match(line)]
            shown = [line.lstrip("# ") for line in body.splitlines() if line.startswith("#")]
            found = sum(1 for head in wanted if any(line.startswith(head) for line in shown))
            print(
                f"| {name} | {pages} | {recall(reference, body):.1%} | {found}/{len(wanted)} | {elapsed / pages:.2f} |"
            )
            totals[0] += pages
            totals[1] += elapsed
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nall pages: {totals[1] / totals[0]:.2f} s per page; peak memory of this process {peak:.0f} MB "
        f"(soffice, a separate process, not counted)"
    )
    if not shutil.which("soffice"):
        print("(LibreOffice missing: the .docx samples could not be exported to PDF)")


if __name__ == "__main__":
    main()
