"""A clean build of this code against another commit's, taking turns on the same machine: the issues' targets were
set against builds of an earlier day ("10,000 in ≤ 30 s, today 39.9 s"), and this machine's speed has since moved
by half between days and by a third within minutes, so a target is read as the share of that commit's build it
asks for (30 of 39.9 s: 0.75), measured here with both builds minutes apart.

Usage: .venv/bin/python bench/bench_against.py [N] [--rev bc21e81] [--builds 3] [--keep DIR]
`--rev` (default bc21e81, the code of issue 18's 39.9 s; a67d4f2 for its 172 s at 50,000) is checked out in a
worktree and builds its own project, written by its own `bench/bench_site.py` (`make_project(root, N, "county")`,
synthetic reports straight into content/, as its figures were taken); this code builds `N` reports of
tests/synthetic.py, county layout, with `gongkai build --clean`. Both run with this .venv. After one build of each
that is not counted (the checks' memo, the compiled templates and the file system's cache warm), `--builds` rounds:
site/ deleted (untimed), a pause for the last build's detached deletions, then the build timed; the order within a
round alternates. Prints each build's wall clock and CPU seconds, the ratio of each pair and of the medians.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from synthetic import copy_project, write_corpus  # noqa: E402
from turns import Build, take_turns  # noqa: E402

PAUSE = 20  # seconds before each build (turns.take_turns)


def _their_project(code: Path, root: Path, count: int) -> None:
    """`count` reports written by the other commit's own bench into a project at `root`."""
    script = (
        "import sys; from pathlib import Path; import bench_site; "
        f"bench_site.make_project(Path({str(root)!r}), {count}, 'county')"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code / "scripts"), str(code / "bench")])}
    subprocess.run([sys.executable, "-c", script], cwd=code, env=environment, check=True)


def _build(root: Path, code: Path, *arguments: str) -> Build:
    """`gongkai build ARGUMENTS` of the project at `root` by the package of the checkout at `code`."""
    environment = {**os.environ, "GONGKAI_ROOT": str(root), "PYTHONPATH": str(code / "scripts")}
    return Build([sys.executable, "-m", "gongkai.cli", "build", *arguments], environment, root)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--rev", default="bc21e81", help="the commit to compare with")
    parser.add_argument("--builds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a folder to keep both projects in (written again each run)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-against-") as scratch:
        place = arguments.keep or Path(scratch)
        theirs, ours = place / f"theirs-{arguments.count}", place / f"ours-{arguments.count}"
        for root in (theirs, ours):
            shutil.rmtree(root, ignore_errors=True)
        code = Path(scratch) / "code"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(code), arguments.rev], check=True
        )
        try:
            _their_project(code, theirs, arguments.count)
            write_corpus(copy_project(ours, with_content=False) / "content", arguments.count, layout="county")
            builds = {arguments.rev: _build(theirs, code), "this code": _build(ours, ROOT, "--clean")}
            runs = take_turns(builds, arguments.builds, PAUSE)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(code)], check=False)
    theirs_wall = [wall for wall, _cpu in runs[arguments.rev]]
    ours_wall = [wall for wall, _cpu in runs["this code"]]
    print(f"| {arguments.count:,} reports | wall clock, median (min–max) | CPU s, median |")
    print("|---|---|---|")
    for name, found in runs.items():
        walls = [wall for wall, _cpu in found]
        cpu = statistics.median(cpu for _wall, cpu in found)
        print(f"| {name} | {statistics.median(walls):.1f} s ({min(walls):.1f}–{max(walls):.1f}) | {cpu:.0f} |")
    pairs = ", ".join(f"{mine / other:.3f}" for mine, other in zip(ours_wall, theirs_wall, strict=True))
    ratio = statistics.median(ours_wall) / statistics.median(theirs_wall)
    print(f"\nThis code's build takes {ratio:.3f} of {arguments.rev}'s by the medians ({pairs} by pair).")


if __name__ == "__main__":
    main()
