"""The scale benchmark: N synthetic reports → `gongkai ingest` (-j1, -j2) → `gongkai build` → one table.

    .venv/bin/python bench/bench_site.py [N …] [--layout county|scattered] [--no-ingest] [--builds 3] [--keep DIR]

Default N: 1,000 and 10,000. Reports are .docx files recombining the real fixtures' paragraphs, placed in real
townships from the gazetteer (tests/synthetic.py, which the site tests share), ingested as staff would, then built. --no-ingest writes the
Markdown directly instead (from the shipped samples' front matter and paragraphs): quicker for large N.
Columns: ingest seconds with -j1 and -j2; build seconds (wall: the median of --builds builds, with the fastest
and slowest) and CPU seconds (user + system, every process); peak memory (the sum over every process of the build
at its highest, sampled every 0.1 s); site size; largest index page and largest and median report
page (whose size is its text's); what a reader's browser downloads for a first search (search.js and the index
files), driving Debian's chromium over the built site, for a typical query and for a word every report holds.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from gongkai import config as settings
from gongkai.ingest import ingest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import chromium  # noqa: E402
from synthetic import LAYOUTS, copy_project, make_corpus, write_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {"typical": "行政复议", "common": "法治"}


def _search_bytes(site: Path, query: str) -> tuple[int, int]:
    """(bytes of search.js and index responses, results shown) when a reader searches `query` on the search page."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fetched: list[int] = []
    try:
        with sync_playwright() as playwright:
            browser = chromium.launch(playwright)
            page = browser.new_page()
            page.on(
                "response",
                lambda reply: (
                    fetched.append(len(reply.body()))
                    if "/search-index/" in reply.url or reply.url.endswith("/search.js")
                    else None
                ),
            )
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


def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants now (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def _timed(command: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak summed RSS) of a command and its descendants; exits if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)  # descendants count once their parents have waited
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.1)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{log.read_text()[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, peak


def _ingest_seconds(root: Path, sources: list[Path], workers: int) -> float:
    config = settings.load(root)
    started = time.perf_counter()
    outcomes = ingest(sources, config, workers=workers, keep=True)
    seconds = time.perf_counter() - started
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    if failed:
        sys.exit(f"ingest failed for {len(failed)} files, e.g. {failed[0]}")
    return seconds


def bench(count: int, keep: Path | None, layout: str, with_ingest: bool, builds: int) -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix=f"gongkai-bench-{count}-") as scratch:
        root = (keep / str(count)) if keep else Path(scratch) / "project"
        if root.exists():
            shutil.rmtree(root)
        row = {"N": f"{count:,}", "layout": layout}
        if with_ingest:
            copy_project(root, with_content=False)
            sources = make_corpus(Path(scratch) / "submissions", count, layout=layout)
            copy_project(Path(scratch) / "ingest-j1", with_content=False)
            row["ingest -j1 s"] = f"{_ingest_seconds(Path(scratch) / 'ingest-j1', sources, 1):.0f}"
            shutil.rmtree(Path(scratch) / "ingest-j1")
            row["ingest -j2 s"] = f"{_ingest_seconds(root, sources, 2):.0f}"
        else:
            write_corpus(copy_project(root, with_content=False) / "content", count, layout=layout)
            row["ingest -j1 s"] = row["ingest -j2 s"] = "–"
        env = {**os.environ, "GONGKAI_ROOT": str(root)}
        site = root / "site"
        runs = []  # this machine's timings vary by ±15 % from run to run: the median of several builds
        for _ in range(builds):  # each from scratch: --clean, or the second build would reuse the first's provinces
            shutil.rmtree(site, ignore_errors=True)
            command = [str(Path(sys.executable).parent / "gongkai"), "build", "--clean"]
            runs.append(_timed(command, env, root / "build.log"))
        seconds = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        peak = max(run[2] for run in runs)
        pages = {path: path.stat().st_size for path in site.rglob("*.html")}
        reports = [size for path, size in pages.items() if "fzzf" in path.parent.name]  # 500111116-fzzf, fzzf-<hash>
        others = [size for path, size in pages.items() if "fzzf" not in path.parent.name]
        row |= {
            "build s": f"{seconds:.1f} ({min(run[0] for run in runs):.1f}–{max(run[0] for run in runs):.1f})"
            if builds > 1
            else f"{seconds:.1f}",
            "build CPU s": f"{cpu:.0f}",
            "peak memory": f"{peak / 2**30:.2f} GB",
            "pages": f"{len(pages):,}",
            "site": f"{sum(path.stat().st_size for path in site.rglob('*') if path.is_file()) / 2**20:.0f} MB",
            # Index pages are what grows with N; a report page is as long as its text.
            "largest index page": f"{max(others) / 1024:.1f} KB",
            "largest / median report page": f"{max(reports) / 1024:.1f} / {statistics.median(reports) / 1024:.1f} KB",
        }
        for kind, query in QUERIES.items():
            fetched, shown = _search_bytes(site, query)
            row[f"search {query} ({kind})"] = f"{fetched / 1024:.0f} KB"
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--layout", choices=LAYOUTS, default="county", help="how reports fall on counties and years")
    parser.add_argument("--no-ingest", action="store_true", help="write Markdown directly instead of ingesting .docx")
    parser.add_argument("--keep", type=Path, help="build under DIR/<N>/ and keep it (default: a temp dir)")
    parser.add_argument("--builds", type=int, default=3, help="builds to take the median of (default: 3)")
    args = parser.parse_args()
    rows = [bench(count, args.keep, args.layout, not args.no_ingest, args.builds) for count in args.counts]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + "---|" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
