"""Full-text search: a static index written by the build, queried in the reader's browser by assets/search.js.

Why our own index and not Pagefind (measured with bench/bench_site.py on 10,000 synthetic reports, 2 cores):
Pagefind's extended build cut Chinese with jieba while the browser cut the query with ICU, so 邮亭镇 and 普法
found nothing or the wrong reports (Pagefind issue #659); indexing character pairs instead fixed that but took
69 s and 8.6 GB of memory (Pagefind keeps every word position of every page in memory), and even its own
segmentation took 38 s and 4.2 GB. Search needs neither positions nor a stemmer here, so:

- Terms: Chinese as overlapping character pairs (邮亭镇 → 邮亭 亭镇), the classic CJK bigram scheme, which
  needs no dictionary on either side; other words (numbers, Latin) whole. Text is NFKC-folded and lower-cased
  first, so ＰＤＦ and pdf, ２０２５ and 2025 are one word. A query matches a report holding all its terms; a
  result is shown only if its text really holds each phrase the reader typed (search.js checks the fragment).
- Each province's reports are one segment, written by the MkDocs build that rendered them (a shard, or one
  worker of a whole build) into <code>/search-index/: a fragment per report (what a result shows, with the
  report's text for the snippet) and `segment.bin`, the postings of every term.
- The portal build merges the segments into search-index/: terms are hashed (CRC-32) into 2^b chunk files, each
  holding every segment's postings for its terms, so one query term costs one small file however many
  provinces there are; `docs.json.gz` holds each report's province/county/year/type for the filters, and is
  fetched only when the reader filters. Merging copies byte ranges: no term is decoded again.

File formats (all integers little-endian or LEB128 varints; every served file but index.json is gzip):
  segment.bin  = b"GKSEG1" u32:header_length header_json  u32[FINE + 1]:bucket_offsets  bucket_data
  bucket_data  = per fine bucket, its terms in order: varint:len utf8_term varint:len postings
  postings     = per report in id order: varint:id_delta u8:weight (weight = min(tf, 127) * 2 + in_fields)
  t/<k>.bin.gz = per segment holding terms of chunk k: varint:segment varint:len bucket_data_range
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import operator
import os
import re
import shutil
import struct
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

import numpy as np
from numpy.typing import NDArray

from gongkai import script
from gongkai.site.compression import gzipped
from gongkai.store import atomic_write, link_or_copy

# Han characters (and 〇 of 二〇二五年); as HAN in site_overrides/assets/search-terms.js (tests/data/search_terms.json).
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Characters term_counts cuts alike before and after NFKC: ASCII and unified Han, which it leaves as they are, and
# the CJK and full-width punctuation of every report, which it leaves or turns into other punctuation (，→ ,).
_TERM_STABLE = "\x00-\x7f\u2010-\u2027\u3000-\u3011\u3014-\u301f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff0f\uff1a-\uff20"
_UNSTABLE_RUN = re.compile(rf"[^{_TERM_STABLE}]+")
_HAN_RUNS = re.compile(rf"[{_HAN}]+")
_RUN_SEPARATOR = "\x00"  # no Han character, and no term holds it
_OTHER_WORDS = re.compile(rf"[^\W_{_HAN}]+")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|div|table|blockquote)>|<br\s*/?>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")

FOLDER = "search-index"  # in the site root (the merged index) and in each province folder (its segment)
SEGMENT = "segment.bin"
_MAGIC = b"GKSEG1"
INDEX_VERSION = 2  # the index format; search.js refuses another (say "search unavailable", never misread it)
FINE_BITS = 12  # buckets in a segment; a served chunk is 2**(FINE_BITS - bits) consecutive buckets
_CHUNK_TARGET = 16 * 1024  # bytes of postings a served chunk aims at, before gzip
FILTERS = ("province", "county", "year", "doc_type")
_MAX_TF = 127
# The year of a 文号 in any bracket (［］ [] （） () 〔〕): folded to 〔〕 on both sides.
_DOC_NUMBER_YEAR = re.compile(r"[\[(（［〔]\s*((?:19|20)\d\d)\s*[\])）］〕]")


def fold(text: str) -> str:
    """Text as terms are cut from it, as site_overrides/assets/search-terms.js folds a query (tests/data/
    search_terms.json holds the shared vectors): compatibility characters folded (NFKC), lower case, a 文号's year
    in 〔〕 whatever its brackets, traditional characters simplified (OpenCC's character table). Only runs of
    characters outside _TERM_STABLE are normalised (a fifth of indexing went into NFKC over whole reports), each
    with the character before it, which a following mark may combine with."""
    if unicodedata.is_normalized("NFKC", text):  # the quick check is a fraction of normalising
        folded = text.lower()
    else:
        pieces: list[str] = []
        done = 0
        for run in _UNSTABLE_RUN.finditer(text):
            start = max(run.start() - 1, done)
            pieces += (text[done:start], unicodedata.normalize("NFKC", text[start : run.end()]))
            done = run.end()
        pieces.append(text[done:])
        folded = "".join(pieces).lower()
    folded = _DOC_NUMBER_YEAR.sub(r"〔\1〕", folded)
    return folded.translate(_traditional()[1]) if _has_traditional(folded) else folded  # most reports have none


def _has_traditional(text: str) -> bool:
    """Whether `text` holds a character the t2s map changes: looked up by code point in a table, all at once (a
    report of 10,000 characters in 25 µs; testing each against a set of the 4,500 took 0.1–0.3 ms, a third of
    indexing a report, as every character became a str object of its own)."""
    if text.isascii():
        return False
    changed = _traditional()[0]
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)  # a lone surrogate too
    return bool(changed[np.minimum(points, len(changed) - 1)].any())  # the table's last entry is False


@cache
def _traditional() -> tuple[NDArray[np.bool_], dict[int, str]]:
    """Whether the t2s map changes each code point up to the highest it changes (one more, False, for every code
    point above), and the map as str.translate takes it."""
    characters = script.character_map()
    changed = np.zeros(max(map(ord, characters), default=0) + 2, dtype=np.bool_)
    changed[[ord(character) for character in characters]] = True
    return changed, str.maketrans(characters)


def character_pairs() -> str:
    """The t2s map as search.js reads it (search-index/t2s.json.gz): one string of (traditional, simplified) pairs."""
    return "".join(char + simple for char, simple in sorted(script.character_map().items()))


def term_counts(text: str) -> Counter[str]:
    """Index terms of already folded text with how often each occurs, character pairs first, then other words:
    开展普法 → 开展 展普 普法; 〔2025〕1号 → 2025 1 (a lone 号 is no term)."""
    # The Han runs joined by a separator and cut into pairs in one pass: pairs holding the separator are dropped.
    joined = _RUN_SEPARATOR.join(_HAN_RUNS.findall(text))
    counts = Counter(map(operator.add, joined, joined[1:]))
    for pair in [pair for pair in counts if _RUN_SEPARATOR in pair]:
        del counts[pair]
    counts.update(_other_words(text))
    return counts


def plain_text(page_html: str) -> str:
    """A report page's body as text: one line per paragraph, heading or table row (cells apart)."""
    text = _TAG.sub("", _CELL_END.sub(" ", _BLOCK_END.sub("\n", page_html)))
    return _LINES.sub("\n", _BLANKS.sub(" ", html.unescape(text))).strip()


def _bucket(term: bytes) -> int:
    return zlib.crc32(term) >> (32 - FINE_BITS)


def _varint(number: int, out: bytearray) -> None:
    while number >= 0x80:
        out.append(number & 0x7F | 0x80)
        number >>= 7
    out.append(number)


@dataclass(frozen=True)
class SearchRecord:
    """What search knows of one report besides its text."""

    url: str  # site-relative, e.g. 500000/500111/2024/500111116-fzzf/
    shown: Mapping[str, str]  # title, place, year, doc_number: what a result shows
    filters: Mapping[str, str]  # province, county, year, doc_type
    fields: str  # title, place, organs, 文号: a match here ranks first (a town's own report before mentions)


# A posting of a character pair as one 64-bit integer, sortable in place: the pair (each Han character by its place
# among the Han characters, 17 bits), the report's id (22 bits: 4 million reports a province), its weight (8 bits).
_CHARACTER_BITS = 17
_ID_BITS = 22
_POSTING_BITS = _ID_BITS + 8  # what a posting holds below its pair: id << 8 | weight
_SLICE = 1 << 20  # postings encoded at once when a segment is written
_HAN_RANGES = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


@cache
def _han_numbers() -> tuple[NDArray[np.uint64], list[int]]:
    """Each code point's number among the Han characters of _HAN (from 1; 0 for any other), and the code point of
    each number."""
    points = [point for first, last in _HAN_RANGES for point in range(first, last + 1)]
    numbers = np.zeros(_HAN_RANGES[-1][1] + 1, dtype=np.uint64)
    numbers[points] = np.arange(1, len(points) + 1, dtype=np.uint64)
    return numbers, [0, *points]


def _pair_counts(folded: str) -> tuple[NDArray[np.uint64], NDArray[np.int64]]:
    """The character pairs of term_counts, as integers in ascending order, and how often each occurs: counted by
    numpy, as indexing was a sixth of the build with a dict entry per pair of every report."""
    text = _RUN_SEPARATOR.join(_HAN_RUNS.findall(folded))
    numbers = _han_numbers()[0][np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)]
    first, second = numbers[:-1], numbers[1:]
    within = (first != 0) & (second != 0)  # the separator is no Han character
    return np.unique(first[within] << np.uint64(_CHARACTER_BITS) | second[within], return_counts=True)


def _other_words(folded: str) -> Counter[str]:
    """The terms of term_counts that are not character pairs."""
    return Counter(_OTHER_WORDS.findall(folded))


@dataclass
class Segment:
    """One province's reports, gathered while MkDocs renders them, then written to <code>/search-index/.

    A posting is id << 8 | weight: of other words in a dict by term; of character pairs (nearly all terms) with
    the pair above it in one 64-bit integer, an array per report, sorted in place when the segment is written."""

    urls: list[str]  # every report of the province in scope, in id order
    ids: dict[str, int] = field(init=False)
    records: dict[int, SearchRecord] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)  # other words → values
    pairs: list[NDArray[np.uint64]] = field(default_factory=list)  # pair << 30 | id << 8 | weight, per report

    def __post_init__(self) -> None:
        if len(self.urls) >= 1 << _ID_BITS:
            raise ValueError(f"一个省的报告超过 {1 << _ID_BITS} 篇，检索分段无法容纳")
        self.ids = {url: number for number, url in enumerate(self.urls)}

    def add(self, record: SearchRecord, text: str, folder: Path, fragment: Path | None = None) -> None:
        """The report's postings, and its fragment written to `folder` (linked from `fragment`, one an earlier
        build wrote of the same record and text)."""
        number = self.ids[record.url]
        self.records[number] = record
        if fragment is None:
            shown = {"url": record.url, **record.shown, "fields": record.fields, "text": text}
            (folder / f"{number}.json.gz").write_bytes(gzipped(json.dumps(shown, ensure_ascii=False).encode()))
        else:
            link_or_copy(fragment, folder / f"{number}.json.gz")
        base = number << 8
        folded, folded_fields = fold(text), fold(record.fields)
        keys, counts = _pair_counts(folded)
        posting = np.uint64(base)
        weights = np.minimum(counts, _MAX_TF).astype(np.uint64) << np.uint64(1)
        field_keys, _ = _pair_counts(folded_fields)
        # Each pair of the fields looked up among the text's (both sorted and unique): np.isin and np.setdiff1d sort
        # both again, a tenth of indexing a report.
        places = np.searchsorted(keys, field_keys)
        held = places < len(keys)
        held[held] = keys[places[held]] == field_keys[held]
        weights[places[held]] |= np.uint64(1)  # a match in the fields ranks first
        only_in_fields = field_keys[~held]
        self.pairs.append(keys << np.uint64(_POSTING_BITS) | posting | weights)
        self.pairs.append(only_in_fields << np.uint64(_POSTING_BITS) | posting | np.uint64(1))
        words = _other_words(folded)
        for term, count in words.items():
            self.postings.setdefault(term, []).append(base | min(count, _MAX_TF) << 1)
        for term in _other_words(folded_fields):
            if term in words:
                self.postings[term][-1] |= 1
            else:
                self.postings.setdefault(term, []).append(base | 1)

    def write(self, folder: Path) -> None:
        if len(self.records) != len(self.urls):
            missing = [url for number, url in enumerate(self.urls) if number not in self.records]
            raise RuntimeError(f"检索索引缺少已渲染报告：{'、'.join(missing[:5])}")
        by_bucket: list[list[tuple[bytes, bytes]]] = [[] for _ in range(1 << FINE_BITS)]
        for term, postings in [*self._pair_postings(), *self._word_postings()]:
            encoded = term.encode()
            by_bucket[_bucket(encoded)].append((encoded, postings))
        data = bytearray()
        offsets = array("I")
        for bucket in by_bucket:
            offsets.append(len(data))
            for encoded, postings in sorted(bucket):
                _varint(len(encoded), data)
                data += encoded
                _varint(len(postings), data)
                data += postings
        offsets.append(len(data))
        header = json.dumps(
            {"docs": [dict(self.records[number].filters) for number in range(len(self.urls))]},
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        _atomic_write(
            folder / SEGMENT, b"".join([_MAGIC, struct.pack("<I", len(header)), header, offsets.tobytes(), bytes(data)])
        )

    def _word_postings(self) -> Iterator[tuple[str, bytes]]:
        for term, values in self.postings.items():
            yield term, bytes(_encode_postings(sorted(values)))

    def _pair_postings(self) -> Iterator[tuple[str, bytes]]:
        """Each character pair and its encoded postings (varint id gaps, one byte nearly always, and weights), in
        slices of about _SLICE postings so that what encoding holds beside them stays small."""
        every = np.concatenate([*self.pairs, np.zeros(0, dtype=np.uint64)])
        self.pairs = []
        every.sort()  # by pair, then id
        start = 0
        while start < len(every):
            end = min(start + _SLICE, len(every))
            last_pair = int(every[end - 1]) >> _POSTING_BITS
            end = int(np.searchsorted(every, np.uint64((last_pair + 1) << _POSTING_BITS)))  # a pair's all
            yield from _encoded_pairs(every[start:end])
            start = end


def _encoded_pairs(postings: NDArray[np.uint64]) -> Iterator[tuple[str, bytes]]:
    """The terms and encoded postings of sorted pair postings that hold each of their pairs' postings whole."""
    pairs = postings >> np.uint64(_POSTING_BITS)
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])  # where each pair's postings begin
    ids = (postings >> np.uint64(8)).astype(np.int64) & ((1 << _ID_BITS) - 1)
    gaps = ids - np.r_[0, ids[:-1]]
    gaps[starts] = ids[starts]  # a pair's first posting counts from 0
    lengths = 1 + (gaps >= 1 << 7) + (gaps >= 1 << 14) + (gaps >= 1 << 21)
    ends = np.cumsum(lengths + 1)  # each posting: its varint, then its weight byte
    out = np.zeros(int(ends[-1]), dtype=np.uint8)
    begins = ends - lengths - 1
    for place in range(int(lengths.max())):
        writing = lengths > place
        more = (lengths[writing] > place + 1).astype(np.int64) << 7
        out[begins[writing] + place] = (gaps[writing] >> 7 * place) & 0x7F | more
    out[ends - 1] = (postings & np.uint64(0xFF)).astype(np.uint8)
    encoded = out.tobytes()
    bounds = [*begins[starts].tolist(), len(encoded)]
    points = _han_numbers()[1]
    mask = (1 << _CHARACTER_BITS) - 1
    for index, pair in enumerate(pairs[starts].tolist()):
        term = chr(points[pair >> _CHARACTER_BITS]) + chr(points[pair & mask])
        yield term, encoded[bounds[index] : bounds[index + 1]]


def _encode_postings(values: Iterable[int]) -> bytearray:
    out = bytearray()
    previous = 0
    for value in values:
        number = value >> 8
        if number - previous < 0x80:  # nearly always: one byte, without a call
            out.append(number - previous)
        else:
            _varint(number - previous, out)
        out.append(value & 0xFF)
        previous = number
    return out


@dataclass
class SiteIndexer:
    """Routes each rendered report to its province's segment; writes them all when the build ends."""

    site_dir: Path
    segments: dict[str, Segment] = field(default_factory=dict)
    urls: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.urls = {url for segment in self.segments.values() for url in segment.urls}

    @classmethod
    def for_reports(cls, site_dir: Path, urls: Iterable[str]) -> SiteIndexer:
        by_province: dict[str, list[str]] = {}
        for url in sorted(urls):
            by_province.setdefault(PurePosixPath(url).parts[0], []).append(url)
        for code in by_province:  # MkDocs has cleaned site_dir before on_files, which calls this
            (site_dir / code / FOLDER).mkdir(parents=True, exist_ok=True)
        return cls(site_dir, {code: Segment(found) for code, found in by_province.items()})

    def add(self, record: SearchRecord, page_html: str) -> None:
        code = PurePosixPath(record.url).parts[0]
        self.segments[code].add(record, plain_text(page_html), self.site_dir / code / FOLDER)

    def add_kept(self, record: SearchRecord, fragment: Path) -> None:
        """A report whose page an earlier build rendered: indexed from the text of the fragment it wrote."""
        code = PurePosixPath(record.url).parts[0]
        text = json.loads(gzip.decompress(fragment.read_bytes()))["text"]
        self.segments[code].add(record, text, self.site_dir / code / FOLDER, fragment)

    def numbers(self) -> dict[str, int]:
        """Each report's number in its segment (by address): its fragment's name."""
        return {url: number for segment in self.segments.values() for url, number in segment.ids.items()}

    def write(self) -> None:
        for code, segment in self.segments.items():
            segment.write(self.site_dir / code / FOLDER)


@dataclass(frozen=True)
class _SegmentFile:
    path: str  # the province folder, e.g. 500000/
    docs: list[dict[str, str]]
    offsets: array[int]
    data: bytes

    @classmethod
    def read(cls, site_dir: Path, code: str) -> _SegmentFile:
        raw = (site_dir / code / FOLDER / SEGMENT).read_bytes()
        if not raw.startswith(_MAGIC):
            raise ValueError(f"{code}/{FOLDER}/{SEGMENT}: 不是 gongkai 检索分段文件")
        (length,) = struct.unpack_from("<I", raw, len(_MAGIC))
        start = len(_MAGIC) + 4
        header = json.loads(raw[start : start + length])
        offsets = array("I")
        offsets.frombytes(raw[start + length : start + length + 4 * ((1 << FINE_BITS) + 1)])
        return cls(f"{code}/", header["docs"], offsets, raw[start + length + len(offsets) * 4 :])


def segments_in(site_dir: Path) -> list[str]:
    """Province folders of site_dir holding a segment, in code order (the order of report ids)."""
    return sorted(path.parent.parent.name for path in site_dir.glob(f"*/{FOLDER}/{SEGMENT}"))


def merge(site_dir: Path, codes: list[str]) -> int:
    """Write site_dir/search-index/ from the segments of these provinces; returns the number of reports."""
    segments = [_SegmentFile.read(site_dir, code) for code in codes]
    target = site_dir / FOLDER
    shutil.rmtree(target / "t", ignore_errors=True)  # then written afresh: no file needs replacing atomically
    (target / "t").mkdir(parents=True)
    total = sum(len(segment.data) for segment in segments)
    bits = min(FINE_BITS, max(0, math.ceil(math.log2(max(total, 1) / _CHUNK_TARGET))))
    shift = FINE_BITS - bits

    def write_chunk(chunk: int) -> bytes:
        out = bytearray()
        for number, segment in enumerate(segments):
            start, end = segment.offsets[chunk << shift], segment.offsets[(chunk + 1) << shift]
            if end > start:
                _varint(number, out)
                _varint(end - start, out)
                out += segment.data[start:end]
        # Written even when empty, so that search.js takes a missing chunk for the failure it is, never for "none".
        (target / "t" / f"{chunk}.bin.gz").write_bytes(gzipped(out))
        return hashlib.blake2b(out, digest_size=16).digest()

    # Compressing and writing thousands of chunks is most of the merge, and both let other threads run.
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        digests = list(pool.map(write_chunk, range(1 << bits)))
    docs = [doc for segment in segments for doc in segment.docs]
    table = json.dumps(_filter_table(docs), ensure_ascii=False).encode()
    _write_gzip(target / "docs.json.gz", table)
    pairs = character_pairs().encode()
    _write_gzip(target / "t2s.json.gz", json.dumps(pairs.decode(), ensure_ascii=False).encode())
    listed = [{"path": segment.path, "docs": len(segment.docs)} for segment in segments]
    # Which build wrote this index: search.js asks for every other file with ?v=<build>, so a browser never mixes
    # a chunk or fragment cached from an earlier deploy with this index.
    build = hashlib.blake2b(b"".join([*digests, table, pairs, json.dumps(listed).encode()]), digest_size=8).hexdigest()
    index = {
        "version": INDEX_VERSION,
        "build": build,
        "bits": bits,
        "docs": len(docs),
        "filters": list(FILTERS),
        "segments": listed,
    }
    _atomic_write(target / "index.json", json.dumps(index, ensure_ascii=False).encode())
    return len(docs)


def _filter_table(docs: list[dict[str, str]]) -> dict[str, dict[str, list[str] | list[int]]]:
    """Per filter, its values and each report's value as runs [value, count, …]: reports are in place order,
    so a province or county is one run."""
    table: dict[str, dict[str, list[str] | list[int]]] = {}
    for key in FILTERS:
        values: list[str] = sorted({doc.get(key, "") for doc in docs})
        numbers = {value: number for number, value in enumerate(values)}
        runs: list[int] = []
        for doc in docs:
            number = numbers[doc.get(key, "")]
            if runs and runs[-2] == number:
                runs[-1] += 1
            else:
                runs += [number, 1]
        table[key] = {"values": values, "runs": runs}
    return table


def _write_gzip(path: Path, data: bytes) -> None:
    _atomic_write(path, gzipped(data))


def _atomic_write(path: Path, data: bytes) -> None:
    """Build output, not a person's file: no fsync, but never a half-written index for a concurrent reader."""
    atomic_write(path, data, durable=False)
