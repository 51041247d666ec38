"""Synthetic reports for the benchmarks (bench/) and the site tests: real fixture paragraphs recombined, real places
from the gazetteer, and the throw-away project they go into.

As submissions (make_corpus), each report gets a township (or county) from the gazetteer, a title and letterhead in the usual shapes, body
paragraphs and numbered headings drawn from the real reports, and a signature and date. Deterministic per seed.
Written as minimal .docx files (WordprocessingML written directly, bold headings as township files do) or .txt.
As ingested reports (write_corpus): Markdown with front matter written straight into content/, for large N.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

from gongkai import gazetteer, store
from gongkai.gazetteer import Place

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference-text"
SAMPLES = sorted((ROOT / "content").glob("*/*/*/*.md"))
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
        properties = '<w:rPr><w:b/><w:rFonts w:eastAsia="黑体"/></w:rPr>' if bold else ""
        runs.append(f'<w:p><w:r>{properties}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>')
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


def places(
    rng: random.Random, count: int, years: tuple[int, ...] = YEARS, layout: str = "county"
) -> Iterator[tuple[Place, Place, int]]:
    """`count` distinct (county, town, year) triples from the whole country.

    "county": as a county portal publishes, every township of a county for every year, county after county
    (a national collection is many such archives). "scattered": each report in a county and year of its own
    draw, the worst case for index pages (nearly one county-year page per report)."""
    towns = {
        county.code: [town for town in gazetteer.towns_in(county.code) if town.name.endswith(_TOWN_SUFFIXES)]
        for county in gazetteer.places_at("county")
    }
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


def make_corpus(
    out_dir: Path, count: int, fmt: str = "docx", seed: int = 2024, layout: str = "scattered"
) -> list[Path]:
    """Write `count` synthetic reports into `out_dir`; return their paths."""
    rng = random.Random(seed)
    body, headings = _paragraphs()
    numerals = "一二三四五六七八九十"
    out_dir.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for index, (county, town, year) in enumerate(places(rng, count, layout=layout)):
        organ = f"{county.name}{town.name}人民政府"
        blocks: list[tuple[str, bool]] = [(organ, False), (f"关于{year}年法治政府建设情况的报告", False)]
        blocks.append(
            (
                f"{year}年，在{county.name}委、{county.name}政府的坚强领导下，{town.name}坚持依法行政。现将{year}年法治政府建设情况报告如下：",
                False,
            )
        )
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


def _samples() -> list[tuple[dict[str, Any], list[str]]]:
    """(front matter, body paragraphs) of every shipped sample report."""
    found = []
    for path in SAMPLES:
        meta, _raw, body = store.split(path.read_text("utf-8"))
        blocks = body.split("\n\n")  # headings and paragraphs; the title and the closing/contact blocks are re-made
        kept = [block for block in blocks if block.strip() and not block.startswith("# ") and "{:" not in block]
        found.append((meta, kept))
    return found


def write_corpus(
    content_dir: Path, count: int, years: tuple[int, ...] = YEARS, seed: int = 1, layout: str = "scattered"
) -> list[Path]:
    """Write `count` synthetic reports (Markdown + a .txt original) under content_dir/<province>/<county>/<year>/."""
    rng = random.Random(seed)
    samples = _samples()
    written = []
    for county, town, year in places(rng, count, years, layout):
        meta, paragraphs = dict(samples[rng.randrange(len(samples))][0]), samples[rng.randrange(len(samples))][1]
        province = gazetteer.province_of(county.code)
        prefecture = gazetteer.prefecture_of(county.code)
        assert province is not None
        organ = f"{county.name}{town.name}人民政府"
        title = f"{organ}关于{year}年法治政府建设情况的报告"
        written_date = dt.date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
        meta.update(
            title=title,
            report_year=year,
            issuers=[organ],
            publisher=organ,
            doc_number=f"{town.name[:2]}府发〔{year + 1}〕{rng.randint(1, 40)}号" if rng.random() < 0.5 else None,
            written_date=written_date,
            published_date=written_date + dt.timedelta(days=rng.randint(0, 60)),
            province=province.name,
            province_code=province.code,
            prefecture=prefecture.name if prefecture else None,
            prefecture_code=prefecture.code if prefecture else None,
            county=county.name,
            county_code=county.code,
            town=town.name,
            town_code=town.code,
            keywords=["法治政府建设", "年度报告", town.name],
            source_file=f"{town.code}-fzzf.txt",
            source_format="txt",
            source_encoding="utf-8",
            source_url=None,
            personal_data_masked=0,
            review=[],
        )
        meta["collected_date"] = meta["published_date"] + dt.timedelta(days=3)  # the day the site took it in
        # Neighbouring townships named in the text give the index a national vocabulary, as real reports do.
        towns = gazetteer.towns_in(county.code)
        neighbours = "、".join(place.name for place in rng.sample(towns, k=min(4, len(towns))))
        body = [
            f"# {title}",
            f"{year}年，{town.name}会同{neighbours}扎实推进法治政府建设。现将有关情况报告如下：",
            *rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 30))),
            f"{organ}\n{{: .closing }}",
            f"{written_date.year}年{written_date.month}月{written_date.day}日\n{{: .closing }}",
        ]
        folder = content_dir / province.code / county.code / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(body) + "\n"
        meta["source_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()  # the original is the text itself
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / f"{town.code}-fzzf.md").write_text(f"---\n{front}---\n\n{text}", "utf-8")
        (folder / f"{town.code}-fzzf.txt").write_text(text, "utf-8")
        written.append(folder / f"{town.code}-fzzf.md")
    return written


def copy_project(root: Path, with_content: bool = True) -> Path:
    """A throw-away project like the repository (mkdocs.yml, pyproject.toml, site_overrides/, and content/ with
    its reports or empty), at `root`."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "site_overrides", root / "site_overrides")
    if with_content:
        shutil.copytree(ROOT / "content", root / "content", ignore=shutil.ignore_patterns(".*"))
    else:
        (root / "content").mkdir()
    return root


def run_gongkai(root: Path, *args: str) -> str:
    """`gongkai ARGS…` in the project at `root` (GONGKAI_ROOT), as staff run it; its stderr, where it reports.
    A non-zero exit fails the caller with both outputs."""
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gongkai"), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GONGKAI_ROOT": str(root)},
        check=False,
    )
    assert result.returncode == 0, f"gongkai {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stderr
