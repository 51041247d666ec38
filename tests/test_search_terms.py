"""One tokenizer contract: the index (Python) and the query (search-terms.js in the browser) cut text the same way.

tests/data/search_terms.json holds the shared vectors; this file runs them on the Python side and runs
tests/js/search-terms.test.mjs with `node --test` on the real search-terms.js.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gongkai.site.search_index import character_pairs, fold, term_counts

ROOT = Path(__file__).resolve().parent.parent
VECTORS: dict[str, Any] = json.loads((ROOT / "tests" / "data" / "search_terms.json").read_text("utf-8"))


@pytest.mark.parametrize("vector", VECTORS["texts"], ids=[repr(vector["text"]) for vector in VECTORS["texts"]])
def test_the_index_cuts_each_text_into_the_shared_terms(vector: dict[str, Any]) -> None:
    assert sorted(term_counts(fold(vector["text"])).elements()) == sorted(Counter(vector["terms"]).elements())


def test_the_browser_cuts_them_the_same_way(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the browser side of the search contract runs with `node --test`")
    pairs = tmp_path / "t2s.json"
    pairs.write_text(json.dumps(character_pairs(), ensure_ascii=False), "utf-8")
    result = subprocess.run(
        [node, "--test", str(ROOT / "tests" / "js" / "search-terms.test.mjs")],
        capture_output=True,
        text=True,
        env={"T2S_PAIRS": str(pairs), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
