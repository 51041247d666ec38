"""The corpus of real report pages (tests/corpus/pages.json) and the scoring rules bench/eval_metadata.py applies
(metadata_scoring.py).

The manifest is the answer key of the metadata benchmark: a wrong key (a misspelt county, a county in the wrong
province, two pages of one portal) would silently move the figures, so it is checked here before anyone reads them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import metadata_scoring
from gongkai import gazetteer
from gongkai.model import DocType

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
MANIFEST = CORPUS / "pages.json"

ENTRY_KEYS = {"file", "url", "doc_type", "organ_level", "expected", "published_date_source", "notes"}
TEXT_KEYS = ("title", "publisher", "province", "prefecture", "county", "town", "doc_number")
DATE_KEYS = ("published_date", "written_date")
EXPECTED_KEYS = {*TEXT_KEYS, *DATE_KEYS, "title_alternatives", "report_year"}


@pytest.fixture(scope="module")
def pages() -> list[dict[str, Any]]:
    if not MANIFEST.exists():
        pytest.skip("tests/corpus/pages.json not merged yet (from pages-north.json and pages-south.json)")
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text("utf-8"))
    return entries


# --- The manifest -------------------------------------------------------------------------------------------------


def test_manifest_has_enough_pages(pages: list[dict[str, Any]]) -> None:
    assert len(pages) >= 80


def _is_text(value: object) -> bool:
    return isinstance(value, str) and value == value.strip() and value != "" and "\n" not in value


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _type_problems(entry: dict[str, Any]) -> list[str]:
    """Everything wrong with one entry's keys and value types (null is a scored answer for every expected key)."""
    problems = [f"unknown key {key}" for key in sorted(set(entry) - ENTRY_KEYS)]
    problems += [f"missing {key}" for key in ("file", "url", "doc_type", "organ_level", "expected") if key not in entry]
    if entry.get("doc_type") not in {member.value for member in DocType}:
        problems.append(f"doc_type {entry.get('doc_type')!r}")
    if entry.get("organ_level") not in metadata_scoring.ORGAN_LEVELS:
        problems.append(f"organ_level {entry.get('organ_level')!r}")
    if entry.get("published_date_source", "url") != "url":
        problems.append(f"published_date_source {entry['published_date_source']!r}")
    if not isinstance(entry.get("notes", ""), str):
        problems.append("notes not a string")
    expected = entry.get("expected")
    if not isinstance(expected, dict):
        return [*problems, "expected not an object"]
    problems += [f"unknown expected key {key}" for key in sorted(set(expected) - EXPECTED_KEYS)]
    for keys, valid in ((TEXT_KEYS, _is_text), (DATE_KEYS, _is_date)):
        problems += [
            f"{key} {expected[key]!r}" for key in keys if expected.get(key) is not None and not valid(expected[key])
        ]
    year = expected.get("report_year")
    if year is not None and (type(year) is not int or not 1990 <= year <= 2100):
        problems.append(f"report_year {year!r}")
    if "title_alternatives" in expected:
        alternatives = expected["title_alternatives"]
        if not isinstance(alternatives, list) or not alternatives or not all(map(_is_text, alternatives)):
            problems.append(f"title_alternatives {alternatives!r}")
        if not _is_text(expected.get("title")):
            problems.append("title_alternatives without a title")
    return problems


def test_entries_have_known_keys_of_the_right_type(pages: list[dict[str, Any]]) -> None:
    problems = [f"{entry.get('file')}: {problem}" for entry in pages for problem in _type_problems(entry)]
    assert problems == []


def test_files_exist_as_utf8_text(pages: list[dict[str, Any]]) -> None:
    problems = []
    for entry in pages:
        name = entry["file"]
        path = CORPUS / name
        if not re.fullmatch(r"pages/[^/]+\.txt", name) or not path.is_file():
            problems.append(f"{name}: no such file under tests/corpus/pages/")
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(f"{name}: not UTF-8 ({error})")
            continue
        if not text.strip() or "\x00" in text:
            problems.append(f"{name}: empty or binary")
    assert problems == []
    assert len({entry["file"] for entry in pages}) == len(pages), "a file is listed twice"


def test_urls_are_http_and_one_page_per_portal(pages: list[dict[str, Any]]) -> None:
    hosts = [urlsplit(entry["url"]).hostname for entry in pages]
    assert [entry["url"] for entry in pages if urlsplit(entry["url"]).scheme not in ("http", "https")] == []
    assert None not in hosts
    assert sorted(host for host in set(hosts) if hosts.count(host) > 1) == []


def _place_problems(expected: dict[str, Any]) -> list[str]:
    """Each place name exists at its level, lies within the places above it, and a null prefecture is really none."""
    province, prefecture, county, town = (expected.get(level) for level in metadata_scoring.PLACE_FIELDS)
    problems = []
    provinces = gazetteer.provinces_named(province) if province else []
    if province and not provinces:
        problems.append(f"no province {province}")

    def within(places: list[gazetteer.Place], parents: list[gazetteer.Place]) -> list[gazetteer.Place]:
        return [place for place in places if any(gazetteer.contains(parent.code, place.code) for parent in parents)]

    prefectures = gazetteer.prefectures_named(prefecture) if prefecture else []
    if prefecture and provinces:
        prefectures = within(prefectures, provinces)
    if prefecture and not prefectures:
        problems.append(f"no prefecture {prefecture} in {province}")
    counties = gazetteer.counties_named(county) if county else []
    for parents in (provinces, prefectures):
        if county and parents:
            counties = within(counties, parents)
    if county and not counties:
        problems.append(f"no county {county} in {prefecture or province}")
    if "prefecture" in expected and prefecture is None and counties:
        if all(gazetteer.prefecture_of(place.code) for place in counties):
            problems.append(f"prefecture null, but {county} lies in a prefecture")
    towns = [place for place in gazetteer.places_at("town") if place.name == town] if town else []
    if town and not within(towns, counties or prefectures or provinces):
        problems.append(f"no town {town} in {county or prefecture}")
    return problems


def test_places_exist_in_the_gazetteer(pages: list[dict[str, Any]]) -> None:
    problems = [f"{entry['file']}: {problem}" for entry in pages for problem in _place_problems(entry["expected"])]
    assert problems == []


# --- The scoring rules --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expected", "predicted", "outcome"),
    [
        ("开州区铁桥镇人民政府", "重庆市开州区铁桥镇人民政府", "right"),
        ("重庆市开州区铁桥镇人民政府", "开州区铁桥镇人民政府", "right"),
        ("江岸区人民政府", "湖北省武汉市江岸区人民政府", "right"),
        ("内蒙古自治区呼和浩特市新城区人民政府", "新城区人民政府", "right"),
        ("武汉市司法局", "湖北省武汉市司法局", "right"),
        ("开州区铁桥镇人民政府", "重庆市开州区 铁桥镇人民政府", "right"),
        ("开州区铁桥镇人民政府", "铁桥镇人民政府", "wrong"),  # the county is not optional
        ("湖北省人民政府", "河南省人民政府", "wrong"),  # the organ's own province is not a prefix
        ("武汉市人民政府", "湖北省人民政府", "wrong"),
        ("开州区铁桥镇人民政府", None, "unknown"),
    ],
)
def test_publisher_without_or_with_higher_places(expected: str, predicted: str | None, outcome: str) -> None:
    assert metadata_scoring.score("publisher", {"publisher": expected}, {"publisher": predicted}) == outcome


@pytest.mark.parametrize(
    ("expected", "predicted", "outcome"),
    [
        ("鲁山县", "鲁山县", "right"),
        ("鲁山县", "郏县", "wrong"),
        ("鲁山县", None, "unknown"),
        (None, "郏县", "wrong"),  # a county for a city-level report is a wrong answer, not a bonus
        (None, None, "right"),
    ],
)
def test_county_wrong_or_unknown(expected: str | None, predicted: str | None, outcome: str) -> None:
    assert metadata_scoring.score("county", {"county": expected}, {"county": predicted}) == outcome


@pytest.mark.parametrize(
    ("expected", "predicted", "outcome"),
    [
        (None, "邮亭委文〔2025〕1号", "invented"),
        (None, None, "right"),
        ("邮亭委文〔2025〕1号", "邮亭委文[2025]1号", "right"),
        ("邮亭委文〔2025〕1号", "邮亭委文（2025）1号", "right"),
        ("邮亭委文〔2025〕1号", "邮亭委文〔2025〕2号", "wrong"),
        ("邮亭委文〔2025〕1号", None, "unknown"),
    ],
)
def test_doc_number_invented(expected: str | None, predicted: str | None, outcome: str) -> None:
    assert metadata_scoring.score("doc_number", {"doc_number": expected}, {"doc_number": predicted}) == outcome


def test_title_alternatives_year_and_unscored_fields() -> None:
    expected = {"title": "关于“八五”普法的报告", "title_alternatives": ["垡头街道2023年度报告"], "report_year": 2023}
    assert metadata_scoring.score("title", expected, {"title": "垡头街道 2023 年度报告"}) == "right"
    assert metadata_scoring.score("title", expected, {"title": '关于"八五"普法的报告'}) == "right"
    assert metadata_scoring.score("title", expected, {"title": "关于八五普法的报告"}) == "wrong"
    assert metadata_scoring.score("report_year", expected, {"report_year": 2022}) == "wrong"
    assert metadata_scoring.score("county", expected, {"county": "朝阳区"}) is None  # not in expected: not scored


def test_a_file_that_could_not_be_read_scores_nothing() -> None:
    expected = {"county": None, "doc_number": None, "report_year": 2024}
    assert [metadata_scoring.score(field, expected, None) for field in expected] == ["unknown"] * 3


def test_json_figures_of_a_tiny_manifest(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(
        "鲁山县背孜乡人民政府关于2024年法治政府建设情况的报告\n"
        "按照《关于做好法治政府建设年度报告工作的通知》（鲁政办〔2024〕3号）要求，现将有关情况报告如下。\n"
        "鲁山县背孜乡人民政府\n2025年1月8日\n",
        "utf-8",
    )
    entry = {
        "file": "pages/a.txt",
        "url": "https://www.example.gov.cn/a.html",
        "doc_type": "法治政府建设年度报告",
        "organ_level": "乡镇",
        "expected": {"county": "鲁山县", "town": "背孜乡", "doc_number": None},
    }
    (tmp_path / "pages.json").write_text(json.dumps([entry], ensure_ascii=False), "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "eval_metadata.py"),
            "--manifest",
            str(tmp_path / "pages.json"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    data = json.loads(result.stdout)
    assert (data["pages"], data["hostnames"], data["failed"]) == (1, 1, [])
    assert data["fields"]["title"]["scored"] == 0 and data["fields"]["title"]["gongkai"]["accuracy"] is None
    assert data["fields"]["county"]["naive"] == {"right": 1, "wrong": 0, "unknown": 0, "invented": 0, "accuracy": 1.0}
    assert data["fields"]["town"]["naive"]["unknown"] == 1  # the baseline does not look for townships
    assert data["fields"]["doc_number"]["naive"]["invented"] == 1  # the cited notice's 文号
    assert data["by_organ_level"]["乡镇"]["pages"] == 1


# Converts every corpus page, in the manifest's order or reversed, and prints each one's Markdown as gongkai would
# write it (front matter and body), keyed by file.
_CONVERT_ALL = """
import json, sys
from pathlib import Path
from gongkai import config as settings
from gongkai.write import render
from gongkai.pipeline import convert_file
from gongkai.read import InputError
manifest, order = Path(sys.argv[1]), sys.argv[2]
entries = json.loads(manifest.read_text("utf-8"))
config = settings.load(manifest.parent)
written = {}
for entry in entries if order == "forward" else entries[::-1]:
    try:
        conversion = convert_file(manifest.parent / entry["file"], config, source_url=entry["url"])
        written[entry["file"]] = render(conversion.front_matter, conversion.body)
    except InputError as error:
        written[entry["file"]] = str(error)
print(json.dumps(written, ensure_ascii=False))
"""


@pytest.mark.slow
def test_every_page_converts_to_the_same_bytes_whatever_the_process_did_before(pages: list[dict[str, Any]]) -> None:
    """Deterministic output on real pages: the corpus converted in two processes, in opposite orders and with
    different hash seeds, gives byte-identical Markdown for every page (a set's order once leaked into a review
    line, and which order depended on what the process had converted before)."""
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _CONVERT_ALL, str(MANIFEST), order],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
        )
        for order, seed in (("forward", "1"), ("reversed", "2"))
    ]
    forward, backward = (json.loads(run.communicate(timeout=600)[0]) for run in runs)
    assert len(forward) == len(pages)
    assert [name for name in forward if forward[name] != backward[name]] == []
