"""Site-building benchmark: N synthetic reports → `gongkai build` → sizes, time, memory, search bytes.

    .venv/bin/python bench/bench_site.py 1000 [10000 …] [--keep DIR]

Reports are made from the shipped samples (their front matter and paragraphs), placed in real counties and
townships drawn from the gazetteer, so place names, codes, nav depth and index sizes look like a national site.
The search figure is what a reader's browser downloads for one query: it drives Debian's chromium over the
built site and sums every /pagefind/ response.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import http.server
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from gongkai import gazetteer, store
from gongkai.gazetteer import Place

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "content").glob("*/*/*/*.md"))
YEARS = (2020, 2021, 2022, 2023, 2024)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _samples() -> list[tuple[dict[str, Any], list[str]]]:
    """(front matter, body paragraphs) of every shipped sample report."""
    found = []
    for path in SAMPLES:
        meta, _raw, body = store.split(path.read_text("utf-8"))
        blocks = body.split("\n\n")  # headings and paragraphs; the title and the closing/contact blocks are re-made
        kept = [block for block in blocks if block.strip() and not block.startswith("# ") and "{:" not in block]
        found.append((meta, kept))
    return found


def _places(rng: random.Random, count: int, years: tuple[int, ...]) -> Iterator[tuple[Place, Place, int]]:
    """`count` distinct (county, town, year) triples, counties drawn uniformly from the whole country."""
    counties = [county for county in gazetteer.places_at("county") if gazetteer.towns_in(county.code)]
    seen: set[tuple[str, int]] = set()
    while len(seen) < count:
        county = rng.choice(counties)
        town = rng.choice(gazetteer.towns_in(county.code))
        year = rng.choice(years)
        if (town.code, year) not in seen:
            seen.add((town.code, year))
            yield county, town, year


def write_corpus(content_dir: Path, count: int, years: tuple[int, ...] = YEARS, seed: int = 1) -> list[Path]:
    """Write `count` synthetic reports (Markdown + a .txt original) under content_dir/<province>/<county>/<year>/."""
    rng = random.Random(seed)
    samples = _samples()
    written = []
    for county, town, year in _places(rng, count, years):
        meta, paragraphs = dict(samples[rng.randrange(len(samples))][0]), samples[rng.randrange(len(samples))][1]
        province = gazetteer.province_of(county.code)
        prefecture = gazetteer.prefecture_of(county.code)
        assert province is not None
        organ = f"{county.name}{town.name}人民政府"
        title = f"{organ}关于{year}年法治政府建设情况的报告"
        written_date = dt.date(year + 1, rng.randint(1, 3), rng.randint(1, 28))
        meta.update(
            title=title, report_year=year, issuers=[organ], publisher=organ,
            doc_number=f"{town.name[:2]}府发〔{year + 1}〕{rng.randint(1, 40)}号" if rng.random() < 0.5 else None,
            written_date=written_date, published_date=written_date + dt.timedelta(days=rng.randint(0, 60)),
            province=province.name, province_code=province.code,
            prefecture=prefecture.name if prefecture else None, prefecture_code=prefecture.code if prefecture else None,
            county=county.name, county_code=county.code, town=town.name, town_code=town.code,
            keywords=["法治政府建设", "年度报告", town.name], source_file=f"{town.code}-fzzf.txt", source_format="txt",
            source_encoding="utf-8", source_url=None, personal_data_masked=0, review=[],
        )
        # Neighbouring townships named in the text give the index a national vocabulary, as real reports do.
        towns = gazetteer.towns_in(county.code)
        neighbours = "、".join(place.name for place in rng.sample(towns, k=min(4, len(towns))))
        body = [f"# {title}", f"{year}年，{town.name}会同{neighbours}扎实推进法治政府建设。现将有关情况报告如下：",
                *rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(12, 30))), f"{organ}\n{{: .closing }}",
                f"{written_date.year}年{written_date.month}月{written_date.day}日\n{{: .closing }}"]
        folder = content_dir / province.code / county.code / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(body) + "\n"
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / f"{town.code}-fzzf.md").write_text(f"---\n{front}---\n\n{text}", "utf-8")
        (folder / f"{town.code}-fzzf.txt").write_text(text, "utf-8")
        written.append(folder / f"{town.code}-fzzf.md")
    return written


def make_project(root: Path, count: int) -> None:
    """A project like the repository's (mkdocs.yml, site_overrides/, content/assets/) with a synthetic corpus."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "site_overrides", root / "site_overrides")
    shutil.copytree(ROOT / "content" / "assets", root / "content" / "assets")
    write_corpus(root / "content", count)


def _search_bytes(site: Path, query: str) -> tuple[int, int]:
    """(bytes of /pagefind/ responses, result count) when a reader searches `query` on the search page."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda reply: fetched.append(len(reply.body())) if "/pagefind/" in reply.url else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search/?q={quote(query)}")
            page.wait_for_selector(".gk-results[aria-busy=false]", state="attached", timeout=120_000)
            page.wait_for_load_state("networkidle")
            results = page.locator(".gk-results__item").count()
            browser.close()
    finally:
        server.shutdown()
    return sum(fetched), results


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the base class's signature
        pass


def bench(count: int, keep: Path | None, query: str) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix=f"gongkai-bench-{count}-") as scratch:
        root = (keep / str(count)) if keep else Path(scratch)
        if keep and root.exists():
            shutil.rmtree(root)
        make_project(root, count)
        started = time.perf_counter()
        log = root / "build.log"
        with log.open("w") as output:
            build = subprocess.Popen([str(Path(sys.executable).parent / "gongkai"), "build"], stdout=output,
                                     stderr=subprocess.STDOUT, env={**os.environ, "GONGKAI_ROOT": str(root)})
            # wait4: this build's own peak (MkDocs and the Pagefind process it ran), not the whole bench's.
            _pid, status, usage = os.wait4(build.pid, 0)
        seconds = time.perf_counter() - started
        build.returncode = os.waitstatus_to_exitcode(status)
        if build.returncode != 0:
            sys.exit(f"gongkai build failed for N={count}:\n{log.read_text()[-3000:]}")
        site = root / "site"
        pages = [path.stat().st_size for path in site.rglob("*.html")]
        search_bytes, results = _search_bytes(site, query)
        return {
            "N": str(count),
            "build s": f"{seconds:.1f}",
            "peak RSS MB": f"{usage.ru_maxrss / 1024:.0f}",
            "site MB": f"{sum(path.stat().st_size for path in site.rglob('*') if path.is_file()) / 1048576:.1f}",
            "pages": str(len(pages)),
            "largest page KB": f"{max(pages) / 1024:.1f}",
            "median page KB": f"{statistics.median(pages) / 1024:.1f}",
            f"search {query} KB": f"{search_bytes / 1024:.0f} ({results} shown)",
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000])
    parser.add_argument("--keep", type=Path, help="build under DIR/<N>/ and keep it (default: a temp dir)")
    parser.add_argument("--query", default="普法")
    args = parser.parse_args()
    rows = [bench(count, args.keep, args.query) for count in args.counts]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
