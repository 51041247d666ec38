"""What each site feature costs a build, counted in instructions: the same project built with one feature off at a
time, each build in a child process run by valgrind's callgrind (an instruction count does not move with the
machine's load, as the wall clock does here by ±15 %).

Usage: .venv/bin/python bench/bench_feature_cost.py [--reports 400] [--wall [--side-by-side] | --build]
       [--repeat 3] [--variants all,none] [--keep DIR]
Writes `--reports` synthetic reports (tests/synthetic.py, county layout: every township of a few counties, five
years) into a throw-away project and builds it with plain `mkdocs build` (one process) once per variant; prints
instructions (or, with --wall, CPU seconds, the median of --repeat builds) and each feature's share. About 5
minutes a variant under callgrind on the 2-core machine, two at a time. With --wall --side-by-side the variants of
a round are built at the same time, one process each (two variants for two cores), so that a change in the
machine's speed falls on both; each round's shares are printed too. With --build each variant is built as users
build it, `gongkai build --clean` (from 1,000 reports the province groups in processes of their own beside the
portal, then the merges), and its wall-clock seconds are measured, the variants taking turns: the "≤ 10 % of build
time at 10,000" of issue 17. The switches reach every process of such a build through a sitecustomize module put on
PYTHONPATH (_HOOK).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import copy_project, write_corpus  # noqa: E402
from turns import Build, take_turns  # noqa: E402

VARIANTS = {
    "all": "every feature",
    "no-organ-pages": "without the 本机关历年报告 pages",
    "no-open-data": "without open-data rows, text bundles and place feeds",
    "no-compliance-section": "without the compliance section of report pages",
    "no-coverage": "without the townships' coverage on county-year pages",
    "no-statistics": "without the statistics pages and their charts",
    "no-repetition": "without the repeat shares (sentence fingerprints, comparisons)",
    "none": "without any of the above (the site before issue 17)",
}
# Each variant switches off the features named here; "none" every one of them at once (so the whole cost is
# measured, not summed from parts that overlap).
SWITCHED_OFF = {variant: {variant} for variant in VARIANTS if variant not in ("all", "none")}
SWITCHED_OFF["none"] = set().union(*SWITCHED_OFF.values())
SWITCHED_OFF["all"] = set()


def _child(variant: str, root: Path) -> None:
    """One build of `root` with `variant`'s features switched off (in this process)."""
    os.chdir(root)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    switch_off(variant)
    build(load_config("mkdocs.yml", site_dir=str(root / "site")))


def switch_off(variant: str) -> None:
    """`variant`'s features switched off in this process (its modules patched)."""
    from gongkai.site import compliance, organ_pages, pages, plugin, statistics

    off = SWITCHED_OFF[variant]
    if "no-organ-pages" in off:
        organ_pages.organ_history = lambda reports: {}
    if "no-open-data" in off:
        plugin.GongkaiPlugin._place_feeds = lambda self, config: None
        plugin.GongkaiPlugin._open_data = lambda self, config: {}
        plugin.GongkaiPlugin._coverage_rows = lambda self, config: {}
    if "no-compliance-section" in off:
        plugin.GongkaiPlugin._compliance_view = lambda self, uri, page_url, meta: ""
    if "no-coverage" in off:
        pages.coverage = lambda folder, county, year, reports, deadline: ""
    if "no-statistics" in off:
        # the page alone, as other pages link to it; no figures, no charts
        plugin.statistics_files = lambda catalog, deadline, whole: iter([(statistics.PAGE, "# 统计\n")])
    if "no-repetition" in off:
        compliance.fingerprints_of = lambda bodies: [frozenset()] * len(bodies)
        compliance.repetition = lambda reports: {}


# Put on PYTHONPATH by --build and so run by every process of `gongkai build` (the command, its group processes,
# their forks): once gongkai.site.plugin is loaded, the variant named in GONGKAI_BENCH_VARIANT is switched off.
_HOOK = """
import importlib.abc, importlib.machinery, os, sys

class _Loader(importlib.abc.Loader):
    def __init__(self, inner):
        self.inner = inner
    def create_module(self, spec):
        return self.inner.create_module(spec)
    def exec_module(self, module):
        self.inner.exec_module(module)
        sys.path.insert(0, {bench!r})
        import bench_feature_cost
        bench_feature_cost.switch_off(os.environ["GONGKAI_BENCH_VARIANT"])

class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "gongkai.site.plugin":
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        spec.loader = _Loader(spec.loader)
        return spec

sys.meta_path.insert(0, _Finder())
"""


def _gongkai_builds(chosen: list[str], roots: dict[str, Path], rounds: int, scratch: Path) -> dict[str, list[float]]:
    """Wall-clock seconds of `gongkai build --clean` of each variant, `rounds` times, the variants taking turns
    (turns.take_turns), 10 s apart."""
    hook = scratch / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(_HOOK.format(bench=str(Path(__file__).resolve().parent)), "utf-8")
    gongkai = str(Path(sys.executable).parent / "gongkai")
    builds = {
        variant: Build(
            [gongkai, "build", "--clean"],
            {
                **os.environ,
                "GONGKAI_ROOT": str(roots[variant]),
                "GONGKAI_BENCH_VARIANT": variant,
                "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")])),
            },
            roots[variant],
        )
        for variant in chosen
    }
    return {variant: [wall for wall, _cpu in found] for variant, found in take_turns(builds, rounds, 10).items()}


def _project(scratch: Path, variant: str, reports: int) -> Path:
    root = copy_project(scratch / variant, with_content=False)
    write_corpus(root / "content", reports, layout="county")
    return root


def _measure(variant: str, root: Path, wall: bool) -> float:
    command = [sys.executable, __file__, "--child", variant, str(root)]
    if wall:  # the CPU seconds of the build (user + system), which moves less with the machine's load than its wall
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        print(
            f"{variant}: {time.perf_counter() - started:.1f} s wall clock, {cpu:.1f} s CPU", file=sys.stderr, flush=True
        )
        return cpu
    out = root.parent / f"{variant}.callgrind"
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
        env={**os.environ, "PYTHONMALLOC": "malloc", "PYTHONHASHSEED": "0"},  # the same work in every run
        check=True,
        capture_output=True,
        text=True,
    )
    return float(re.findall(r"I\s+refs:\s+([\d,]+)", result.stderr)[-1].replace(",", ""))


def _side_by_side(chosen: list[str], roots: dict[str, Path], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of each variant's build, `rounds` times, the variants of a round built at the same time (started
    in turn first); each round's share of every variant against `all` printed as it ends."""
    runs: dict[str, list[float]] = {variant: [] for variant in chosen}
    for round_number in range(rounds):
        started = {}
        for variant in chosen if round_number % 2 == 0 else chosen[::-1]:
            shutil.rmtree(roots[variant] / "site", ignore_errors=True)
            command = [sys.executable, __file__, "--child", variant, str(roots[variant])]
            quiet = subprocess.DEVNULL
            started[variant] = subprocess.Popen(
                command, env={**os.environ, "PYTHONHASHSEED": "0"}, stdout=quiet, stderr=quiet
            )
        for variant, process in started.items():
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                sys.exit(f"{variant}: the build failed (exit {process.returncode})")
            runs[variant].append(usage.ru_utime + usage.ru_stime)
        shares = {
            variant: f"{(runs['all'][-1] - runs[variant][-1]) / runs['all'][-1]:.1%}"
            for variant in chosen
            if "all" in runs and variant != "all"
        }
        print(
            f"round {round_number + 1}: CPU s",
            {v: round(found[-1], 1) for v, found in runs.items()},
            shares,
            file=sys.stderr,
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--wall", action="store_true", help="CPU seconds of a build instead of instructions")
    parser.add_argument("--repeat", type=int, default=1, help="with --wall: builds of each variant, the median kept")
    parser.add_argument("--variants", help="a comma-separated subset of: " + ", ".join(VARIANTS))
    parser.add_argument("--side-by-side", action="store_true", help="with --wall: the variants of a round at once")
    parser.add_argument("--build", action="store_true", help="wall clock of `gongkai build --clean`, taking turns")
    parser.add_argument("--keep", type=Path, help="a folder to keep each variant's callgrind file in")
    parser.add_argument("--child", nargs=2, metavar=("VARIANT", "ROOT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        _child(arguments.child[0], Path(arguments.child[1]))
        return
    if not (arguments.wall or arguments.build) and shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt install valgrind), or use --wall")
    with tempfile.TemporaryDirectory(prefix="gongkai-feature-cost-") as scratch:
        chosen = arguments.variants.split(",") if arguments.variants else list(VARIANTS)
        roots = {variant: _project(Path(scratch), variant, arguments.reports) for variant in chosen}
        if arguments.build:
            runs = _gongkai_builds(chosen, roots, arguments.repeat, Path(scratch))
            figures = {variant: statistics.median(found) for variant, found in runs.items()}
        elif arguments.wall and arguments.side_by_side:
            runs = _side_by_side(chosen, roots, arguments.repeat)
            figures = {variant: statistics.median(found) for variant, found in runs.items()}
        elif arguments.wall:  # one build at a time, the variants taking turns
            runs = {variant: [] for variant in chosen}
            for _round in range(arguments.repeat):
                for variant in chosen:
                    shutil.rmtree(roots[variant] / "site", ignore_errors=True)
                    runs[variant].append(_measure(variant, roots[variant], wall=True))
            figures = {variant: statistics.median(found) for variant, found in runs.items()}
        else:
            with ThreadPoolExecutor(max_workers=2) as pool:
                measured = pool.map(lambda variant: _measure(variant, roots[variant], wall=False), chosen)
                figures = dict(zip(chosen, measured, strict=True))
        if arguments.keep and not (arguments.wall or arguments.build):
            arguments.keep.mkdir(parents=True, exist_ok=True)
            for variant in chosen:
                shutil.copy(Path(scratch) / f"{variant}.callgrind", arguments.keep)
    unit = (
        f"s of `gongkai build --clean` (median of {arguments.repeat})"
        if arguments.build
        else f"CPU s (median of {arguments.repeat})"
        if arguments.wall
        else "G instructions"
    )
    scale = 1.0 if arguments.wall or arguments.build else 1e-9
    print(f"| build ({arguments.reports} reports) | {unit} | the feature's share of the whole |")
    print("|---|---|---|")
    whole = figures.get("all")
    for variant, figure in figures.items():
        share = "–" if variant == "all" or whole is None else f"{(whole - figure) / whole:.1%}"
        print(f"| {VARIANTS[variant]} | {figure * scale:.2f} | {share} |")
    if whole is not None and "none" in figures:
        added = (whole - figures["none"]) / figures["none"]
        print(f"\nEvery feature above together adds {added:.1%} to the build without them.")


if __name__ == "__main__":
    main()
