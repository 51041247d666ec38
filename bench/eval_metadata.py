"""Per-field accuracy of gongkai's metadata against the naive pandoc + regex baseline, on real report pages.

Usage: .venv/bin/python bench/eval_metadata.py [--manifest FILE ...] [--details] [--json]
(default tests/corpus/pages.json; run from the project root). The manifest says what each page's right answers are
(see tests/test_corpus.py); a field missing from `expected` is not scored. Prints a Markdown table of figures,
--details adds every miss with expected vs gongkai vs naive, --json prints the figures as one object instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "tests"))

from gongkai import config as settings  # noqa: E402
from gongkai.pipeline import convert_file  # noqa: E402
from gongkai.read import InputError  # noqa: E402
from metadata_scoring import ORGAN_LEVELS, PLACE_FIELDS, Page, Prediction, load_manifest, score  # noqa: E402
from naive_metadata import naive  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "corpus" / "pages.json"
TOOLS = ("gongkai", "naive")
# Scored fields in table order, with their row labels; prefecture and town close the table.
FIELDS: dict[str, str] = {
    "title": "title",
    "publisher": "publisher, the issuing organ's full name",
    "province": "province",
    "county": "county",
    "report_year": "report_year",
    "published_date": "published_date",
    "doc_number": "文号, none invented",
    "prefecture": "prefecture",
    "town": "town",
}


@dataclass(frozen=True)
class Result:
    page: Page
    predictions: dict[str, Prediction | None]  # by tool; None where gongkai could not read the file
    error: str | None  # gongkai's InputError (the baseline has no error handling: if it crashes, so does the bench)


# --- Running and counting -----------------------------------------------------------------------------------------


def run(pages: Sequence[Page]) -> list[Result]:
    """Both tools on every page; gongkai gets the page address as it does on ingest (dates, places from the URL)."""
    config = settings.load(ROOT)
    results = []
    for page in pages:
        predictions: dict[str, Prediction | None] = {"naive": naive(page.path)}
        try:
            front_matter = convert_file(page.path, config, source_url=page.url).front_matter
        except InputError as error:
            results.append(Result(page, {**predictions, "gongkai": None}, str(error)))
            continue
        results.append(Result(page, {**predictions, "gongkai": front_matter.model_dump(mode="json")}, None))
    return results


def _tally(results: Sequence[Result], field: str) -> dict[str, Any]:
    """Outcome counts of both tools on one field; accuracy = right / scored (None when nothing is scored)."""
    counts = {tool: Counter(score(field, r.page.expected, r.predictions[tool]) for r in results) for tool in TOOLS}
    scored = sum(1 for r in results if field in r.page.expected)
    tally: dict[str, Any] = {"scored": scored}
    for tool in TOOLS:
        outcomes = {outcome: counts[tool][outcome] for outcome in ("right", "wrong", "unknown", "invented")}
        tally[tool] = {**outcomes, "accuracy": round(outcomes["right"] / scored, 4) if scored else None}
    return tally


def figures(results: Sequence[Result]) -> dict[str, Any]:
    """Everything the table shows, as plain data (--json prints it; tests read it)."""
    levels = [level for level in ORGAN_LEVELS if any(r.page.organ_level == level for r in results)]
    levels += sorted({r.page.organ_level for r in results} - set(ORGAN_LEVELS))
    by_level = {}
    for level in levels:
        subset = [r for r in results if r.page.organ_level == level]
        by_level[level] = {"pages": len(subset), "fields": {field: _tally(subset, field) for field in PLACE_FIELDS}}
    return {
        "pages": len(results),
        "hostnames": len({urlsplit(r.page.url).hostname for r in results}),
        "failed": [{"file": r.page.file, "error": r.error} for r in results if r.error],
        "fields": {field: _tally(results, field) for field in FIELDS},
        "by_organ_level": by_level,
    }


# --- Printing -----------------------------------------------------------------------------------------------------


def _cell(field: str, tally: Mapping[str, Any]) -> str:
    if tally["accuracy"] is None:
        return "—"
    cell = f"{tally['accuracy']:.0%}"
    if field in PLACE_FIELDS:
        cell += f", {tally['wrong']} wrong"
    elif field == "doc_number":
        cell += f", {tally['invented']} invented"
    return cell


def _fractions(tally: Mapping[str, Any]) -> str:
    scored = tally["scored"]
    return " · ".join(f"{tally[t]['right']}/{scored}, {tally[t]['wrong']} wrong" for t in TOOLS) if scored else "—"


def print_table(data: Mapping[str, Any]) -> None:
    print(f"{data['pages']} pages from {data['hostnames']} hostnames\n")
    print("| field (cases scored) | gongkai | naive script |\n|---|---|---|")
    for field, label in FIELDS.items():
        tally = data["fields"][field]
        print(f"| {label} ({tally['scored']}) | {_cell(field, tally['gongkai'])} | {_cell(field, tally['naive'])} |")
    print("\nPlace fields by organ level (right/scored, wrong): gongkai · naive\n")
    print(f"| organ_level (pages) | {' | '.join(PLACE_FIELDS)} |\n|---|{'---|' * len(PLACE_FIELDS)}")
    for level, block in data["by_organ_level"].items():
        cells = " | ".join(_fractions(block["fields"][field]) for field in PLACE_FIELDS)
        print(f"| {level} ({block['pages']}) | {cells} |")
    if data["failed"]:
        print("\ngongkai could not read (InputError, counted unknown in every field):")
    for failure in data["failed"]:
        print(f"- {failure['file']}: {failure['error']}")


def _shown(value: object) -> str:
    return "null" if value is None else str(value)


def print_details(results: Sequence[Result]) -> None:
    """Every field one of the tools missed, page by page: what to fix in gongkai, and where naive does better."""
    for result in results:
        expected = result.page.expected
        lines = []
        for field in FIELDS:
            outcomes = {tool: score(field, expected, result.predictions[tool]) for tool in TOOLS}
            if None in outcomes.values() or set(outcomes.values()) == {"right"}:
                continue
            answers = [expected[field], *(expected.get("title_alternatives", []) if field == "title" else [])]
            got = [
                f"{tool} {'✓' if outcomes[tool] == 'right' else '✗ ' + str(outcomes[tool])}: "
                f"{_shown((result.predictions[tool] or {}).get(field))}"
                for tool in TOOLS
            ]
            lines.append(f"- {field}: expected {' / '.join(map(_shown, answers))} | {' | '.join(got)}")
        if lines:
            print(f"\n## {result.page.file}  {result.page.url}")
            print("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--manifest", type=Path, action="append", help="default: tests/corpus/pages.json")
    parser.add_argument("--details", action="store_true", help="every miss: expected vs gongkai vs naive")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args(argv)
    results = run(load_manifest(args.manifest or [MANIFEST]))
    data = figures(results)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return
    print_table(data)
    if args.details:
        print_details(results)


if __name__ == "__main__":
    main()
