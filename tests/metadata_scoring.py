"""How a metadata prediction is scored against a page of the real-report corpus (tests/corpus/pages.json): what
counts as the same title, publisher, place or 文号. bench/eval_metadata.py scores with it; tests/test_corpus.py
holds it to its rules.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from gongkai import gazetteer
from gongkai.script import simplified

PLACE_FIELDS = ("province", "prefecture", "county", "town")
# The manifest's organ levels, top down: finer than the front matter's OrganLevel, which has no 省级 or 地级.
ORGAN_LEVELS = ("省级政府", "省级部门", "地级政府", "地级部门", "县级政府", "县级部门", "乡镇", "其他")

Outcome = Literal["right", "wrong", "unknown", "invented"]
Prediction = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    file: str
    path: Path
    url: str
    organ_level: str
    expected: dict[str, Any]


def load_manifest(paths: Sequence[Path]) -> list[Page]:
    """Entries of every manifest in order; `file` is relative to the manifest's folder (tests/corpus/)."""
    pages: list[Page] = []
    for manifest in paths:
        for entry in json.loads(manifest.read_text("utf-8")):
            path = manifest.resolve().parent / entry["file"]
            pages.append(Page(entry["file"], path, entry["url"], entry["organ_level"], entry["expected"]))
    return pages


# --- Comparison rules ---------------------------------------------------------------------------------------------

_FOLD = str.maketrans(
    {**dict.fromkeys("〔【[(", "("), **dict.fromkeys("〕】])", ")"), **dict.fromkeys("“”‘’「」『』'", '"')}
)


def fold(text: str) -> str:
    """NFKC, all whitespace removed, 〔【[( and 〕】]) and quotes each folded to one form (［］（） via NFKC), and
    traditional characters read as simplified (OpenCC t2s).

    Portals re-type brackets, quotes and spaces at will (全角/半角, 〔〕 → [ ]), and a 繁體 view writes the same
    title in the other script; none of that changes the answer.
    """
    return simplified("".join(unicodedata.normalize("NFKC", text).split())).translate(_FOLD)


def same_text(expected: str, predicted: str) -> bool:
    """Place names and 文号: equal after fold()."""
    return fold(expected) == fold(predicted)


def same_title(expected: Mapping[str, Any], predicted: str) -> bool:
    """Equal after fold() to `title` or to any of `title_alternatives` (a page may carry two honest titles)."""
    return any(same_text(title, predicted) for title in [expected["title"], *expected.get("title_alternatives", [])])


_HIGHER: tuple[tuple[gazetteer.Level, tuple[gazetteer.Level, ...]], ...] = (
    ("province", ("prefecture", "county")),
    ("prefecture", ("county",)),
)


@cache
def _leading(level: gazetteer.Level) -> re.Pattern[str]:
    names = sorted({fold(place.name) for place in gazetteer.places_at(level)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def _without_higher_places(name: str) -> str:
    """Drops a leading province name, then a leading prefecture name, each only where a lower place follows.

    The guard keeps the organ's own place: 湖北省人民政府 stays whole (else it would equal 河南省人民政府).
    """
    for level, lower in _HIGHER:
        match = _leading(level).match(name)
        if match and any(_leading(below).match(name, match.end()) for below in lower):
            name = name[match.end() :]
    return name


def same_publisher(expected: str, predicted: str) -> bool:
    """Equal after fold() and after dropping a leading province and then prefecture name from both.

    重庆市开州区铁桥镇人民政府 = 开州区铁桥镇人民政府: a portal may or may not prefix the higher places. The county
    is not optional (铁桥镇人民政府 alone is wrong: township names repeat across counties).
    """
    return _without_higher_places(fold(expected)) == _without_higher_places(fold(predicted))


def same_value(expected: object, predicted: object) -> bool:
    """report_year and published_date: plain equality (an int, a YYYY-MM-DD string)."""
    return expected == predicted


def score(field: str, expected: Mapping[str, Any], predicted: Prediction | None) -> Outcome | None:
    """One field of one page: None if the manifest does not score it, else right, wrong, unknown or invented.

    unknown: predicted null where the answer is not null (honest, needs a human), or the tool could not read the
    file at all (predicted None: every scored field). wrong: predicted non-null and different, including where the
    answer is null. invented: a 文号 predicted where the answer is null (counted apart from wrong: a made-up
    文号 is the worst thing a disclosure catalogue can show).
    """
    if field not in expected:
        return None
    if predicted is None:
        return "unknown"
    want, got = expected[field], predicted.get(field)
    if got is None:
        return "right" if want is None else "unknown"
    if want is None:
        return "invented" if field == "doc_number" else "wrong"
    if field == "title":
        right = same_title(expected, got)
    elif field == "publisher":
        right = same_publisher(want, got)
    elif field in ("report_year", "published_date"):
        right = same_value(want, got)
    else:
        right = same_text(want, got)
    return "right" if right else "wrong"
