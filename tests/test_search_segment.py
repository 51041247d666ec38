"""A province's search segment holds, for every term term_counts cuts from a report, that report's posting.

Segment counts character pairs with numpy and encodes their postings all at once; this checks the file it writes
against one built term by term from term_counts (the definition search.js shares), on made-up texts of every kind
of character the index folds.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import script
from gongkai.site import search_index
from gongkai.site.search_index import SearchRecord, Segment, fold, term_counts

# Han (simplified and traditional), CJK and full-width punctuation, full-width digits, Latin, separators.
_CHARACTERS = st.sampled_from(list("开展普法宣传邮亭镇法治政府建設報告〇一二，。、（）〔〕２０２５ＰＤＦpdf2025 \n-_"))
_TEXTS = st.text(_CHARACTERS, max_size=80)


def _by_term(texts: list[tuple[str, str]]) -> bytes:
    """The segment's bucket data built the plain way: a dict entry per term of each report."""
    postings: dict[str, list[int]] = {}
    for number, (text, fields) in enumerate(texts):
        counts = term_counts(fold(text))
        for term, count in counts.items():
            postings.setdefault(term, []).append(number << 8 | min(count, 127) << 1)
        for term in term_counts(fold(fields)):
            if term in counts:
                postings[term][-1] |= 1
            else:
                postings.setdefault(term, []).append(number << 8 | 1)
    buckets: list[list[tuple[bytes, bytes]]] = [[] for _ in range(1 << search_index.FINE_BITS)]
    for term, values in postings.items():
        encoded = term.encode()
        buckets[search_index._bucket(encoded)].append((encoded, bytes(search_index._encode_postings(sorted(values)))))
    data = bytearray()
    for bucket in buckets:
        for encoded, encoded_postings in sorted(bucket):
            search_index._varint(len(encoded), data)
            data += encoded
            search_index._varint(len(encoded_postings), data)
            data += encoded_postings
    return bytes(data)


def _written(site_dir: Path, texts: list[tuple[str, str]], rendered: list[int]) -> bytes:
    """The bucket data of the segment of these (text, fields) reports, added in `rendered` order."""
    folder = site_dir / "500000" / search_index.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    urls = [f"500000/{number:04d}/" for number in range(len(texts))]
    segment = Segment(urls)
    for number in rendered:
        text, fields = texts[number]
        segment.add(SearchRecord(urls[number], {"title": "x"}, {"province": "500000"}, fields), text, folder)
    segment.write(folder)
    return search_index._SegmentFile.read(site_dir, "500000").data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_TEXTS, _TEXTS), min_size=1, max_size=200), st.randoms())
def test_the_segment_holds_every_term_of_every_report(
    tmp_path: Path, texts: list[tuple[str, str]], order: random.Random
) -> None:
    rendered = list(range(len(texts)))
    order.shuffle(rendered)  # MkDocs renders reports in its own order, not in id order
    assert _written(tmp_path, texts, rendered) == _by_term(texts)


def test_reports_far_apart_take_a_longer_gap(tmp_path: Path) -> None:
    """A term in reports 0 and 200: the gap, 200, is a two-byte varint."""
    texts = [("普法" if number in (0, 200) else "", "") for number in range(201)]
    data = _written(tmp_path, texts, list(range(len(texts))))
    assert data == _by_term(texts)
    assert "普法".encode() + b"\x05\x00\x02\xc8\x01\x02" in data  # 5 bytes: id 0, weight 2; gap 200, weight 2


def test_postings_encoded_in_slices_keep_each_pairs_postings_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slices of a few postings, so that a pair's postings would straddle a slice's end: each is written whole."""
    monkeypatch.setattr(search_index, "_SLICE", 3)
    texts = [("开展普法宣传，普法进村", "普法"), ("普法宣传", ""), ("邮亭镇开展普法", "邮亭镇"), ("", "")] * 5
    assert _written(tmp_path, texts, list(range(len(texts)))[::-1]) == _by_term(texts)


@given(st.text(st.one_of(_CHARACTERS, st.sampled_from([*"們設𠀾𪚥é", "\ud800"]), st.characters()), max_size=60))
def test_traditional_characters_are_found_by_the_table_as_by_the_map(text: str) -> None:
    """fold() simplifies a text only if it holds a character OpenCC's t2s map changes: the table lookup it uses
    (code points, in and beyond the Basic Multilingual Plane and above the highest the map changes) agrees with
    the map itself."""
    changed = set(script.character_map())
    assert search_index._has_traditional(text) == (not changed.isdisjoint(text))
