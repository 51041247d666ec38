"""Synthetic submissions for benchmarks: real fixture paragraphs recombined, real places from the gazetteer.

Each report gets a township (or county) from the gazetteer, a title and letterhead in the usual shapes, body
paragraphs and numbered headings drawn from the real reports, and a signature and date. Deterministic per seed.
Written as minimal .docx files (WordprocessingML written directly, bold headings as township files do) or .txt.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from gongkai import gazetteer
from gongkai.gazetteer import Place

REFERENCE = Path(__file__).resolve().parent.parent / "tests" / "reference-text"
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraphs() -> tuple[list[str], list[str]]:
    """(body paragraphs, heading texts without their numbers) from the real reports."""
    body: list[str] = []
    headings: list[str] = []
    for path in sorted(REFERENCE.glob("*.txt")):
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if _HEADING.match(line) and len(line) < 60:
                headings.append(_HEADING.sub("", line))
            elif len(line) > 60 and "bookmark" not in line:
                body.append(line)
    return body, headings


def _docx(blocks: list[tuple[str, bool]]) -> bytes:
    runs = []
    for text, bold in blocks:
        properties = "<w:rPr><w:b/><w:rFonts w:eastAsia=\"黑体\"/></w:rPr>" if bold else ""
        runs.append(f"<w:p><w:r>{properties}<w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{_W}"><w:body>{"".join(runs)}</w:body></w:document>'
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


YEARS = (2020, 2021, 2022, 2023, 2024)
LAYOUTS = ("county", "scattered")
_TOWN_SUFFIXES = ("镇", "乡", "街道")


def places(rng: random.Random, count: int, years: tuple[int, ...] = YEARS,
           layout: str = "county") -> Iterator[tuple[Place, Place, int]]:
    """`count` distinct (county, town, year) triples from the whole country.

    "county": as a county portal publishes, every township of a county for every year, county after county
    (a national collection is many such archives). "scattered": each report in a county and year of its own
    draw, the worst case for index pages (nearly one county-year page per report)."""
    towns = {county.code: [town for town in gazetteer.towns_in(county.code) if town.name.endswith(_TOWN_SUFFIXES)]
             for county in gazetteer.places_at("county")}
    counties = [county for county in gazetteer.places_at("county") if towns[county.code]]
    rng.shuffle(counties)
    seen: set[tuple[str, int]] = set()
    while len(seen) < count:
        if layout == "county":
            county = counties.pop()
            batch = [(town, year) for year in years for town in towns[county.code]]
        else:
            county = rng.choice(counties)
            batch = [(rng.choice(towns[county.code]), rng.choice(years))]
        for town, year in batch:
            if len(seen) < count and (town.code, year) not in seen:
                seen.add((town.code, year))
                yield county, town, year


def make_corpus(out_dir: Path, count: int, fmt: str = "docx", seed: int = 2024, layout: str = "scattered") -> list[Path]:
    """Write `count` synthetic reports into `out_dir`; return their paths."""
    rng = random.Random(seed)
    body, headings = _paragraphs()
    numerals = "一二三四五六七八九十"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index, (county, town, year) in enumerate(places(rng, count, layout=layout)):
        organ = f"{county.name}{town.name}人民政府"
        blocks: list[tuple[str, bool]] = [(organ, False), (f"关于{year}年法治政府建设情况的报告", False)]
        blocks.append((f"{year}年，在{county.name}委、{county.name}政府的坚强领导下，{town.name}坚持依法行政。现将{year}年法治政府建设情况报告如下：", False))
        for section in range(rng.randint(3, 5)):
            blocks.append((f"{numerals[section]}、{rng.choice(headings)}", True))
            for sub in range(rng.randint(1, 3)):
                blocks.append((f"（{numerals[sub]}）{rng.choice(headings)}", False))
                blocks.extend((rng.choice(body), False) for _ in range(rng.randint(2, 4)))
        blocks += [(organ, False), (f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日", False)]
        path = out_dir / f"report-{index:05d}.{fmt}"
        if fmt == "docx":
            path.write_bytes(_docx(blocks))
        else:
            path.write_text("\n".join(text for text, _bold in blocks) + "\n", "utf-8")
        paths.append(path)
    return paths
