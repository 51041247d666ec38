"""What the build's direct readers of the writer's own syntax save: report bodies through
gongkai.site.written_markdown against Python-Markdown (the site's extensions, one reused converter), front matter
through gongkai.written_yaml against PyYAML's libyaml loader; median ms a report over --repeat passes, and how many
each declined (left to Python-Markdown or PyYAML).

Usage: .venv/bin/python bench/bench_written.py [--reports 1000] [--repeat 5]
Reports: tests/synthetic.py's corpus (county layout) and the sample content in content/.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from gongkai import store  # noqa: E402
from gongkai.site.anchors import NumberedAnchors  # noqa: E402
from gongkai.site.plain_inline import PlainTextInline  # noqa: E402
from gongkai.site.written_markdown import WrittenMarkdown  # noqa: E402
from synthetic import write_corpus  # noqa: E402


def _median_ms(function: Callable[[str], object], inputs: list[str], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in inputs:
            function(text)
        runs.append((time.perf_counter() - started) * 1000 / len(inputs))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = write_corpus(Path(folder), args.reports, layout="county")
        texts = [path.read_text("utf-8") for path in [*paths, *sorted((ROOT / "content").glob("*/*/*/*.md"))]]
    matches = [store.FRONT_MATTER.match(text) for text in texts]
    front_matters = [match.group(1) for match in matches if match]
    bodies = [text[match.end() :] for text, match in zip(texts, matches, strict=True) if match]

    converter = markdown.Markdown(
        extensions=["toc", "tables", "fenced_code", "attr_list", PlainTextInline(), NumberedAnchors()],
        extension_configs={"toc": {"permalink": False, "toc_depth": "2-4"}},
    )
    written = WrittenMarkdown(converter)

    def python_markdown(body: str) -> str:
        converter.reset()
        return converter.convert(body)

    def pyyaml(text: str) -> object:
        return yaml.load(text, Loader=store._Loader)  # noqa: S506 - a safe loader

    declined_bodies = sum(written.render(body) is None for body in bodies)
    declined_yaml = sum(store.FRONT_MATTER_YAML.read(text) is None for text in front_matters)
    print(f"{len(bodies)} reports ({args.reports} synthetic and the sample content), median of {args.repeat} passes")
    print("| reader | ms a report | declined |")
    print("|---|---|---|")
    print(f"| Python-Markdown | {_median_ms(python_markdown, bodies, args.repeat):.3f} | – |")
    print(f"| written_markdown | {_median_ms(written.render, bodies, args.repeat):.3f} | {declined_bodies} |")
    print(f"| PyYAML (libyaml) | {_median_ms(pyyaml, front_matters, args.repeat):.3f} | – |")
    print(
        f"| written_yaml | {_median_ms(store.FRONT_MATTER_YAML.read, front_matters, args.repeat):.3f} | {declined_yaml} |"
    )


if __name__ == "__main__":
    main()
