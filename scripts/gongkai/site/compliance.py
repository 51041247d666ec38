"""What the rules ask of each report, measured: published on time, the five parts present, how much it repeats.

The rules, cited on the site as rules: 《法治政府建设与责任落实督察工作规定》(2019) has 地方各级政府 and 县级以上
政府部门 publish their 法治政府建设年度报告 before 1 April each year, with five parts (上一年度的主要举措和成效；存在
的不足和原因；党政主要负责人履行推进法治建设第一责任人职责的情况；下一年度的主要安排；其他需要报告的情况);
《政府信息公开条例》第二十六条 has information made public within 20 working days of being formed. Both clocks are
shown, labelled; the deadline a site holds its reports to is configurable (mkdocs.yml, plugin option `deadline`).

Repetition is measured on sentences: each sentence of 8 or more characters, its digits folded (a copied report
changes its years), is hashed; a report's share of sentences found in the same publisher's report of the year
before, and its largest share found in another report of the same county and year. Linear in the corpus: each
report is compared within its publisher and within its county-year only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, pairwise

import numpy as np
from numpy.typing import NDArray

from gongkai import gazetteer
from gongkai.gazetteer import Place
from gongkai.model import ReportMeta
from gongkai.site.catalog import Report, shard_of

# The parts the rules require, in their order, as the front matter's `sections` name them; 其他 is optional.
PARTS = (
    ("measures", "主要举措和成效"),
    ("shortcomings", "存在的不足和原因"),
    ("leadership", "党政主要负责人履行第一责任人职责情况"),
    ("next_year", "下一年度的主要安排"),
)
WORKING_DAYS = 20  # 《政府信息公开条例》第二十六条
_SENTENCE_ENDS = "。！？；\n"
_SENTENCE_END = re.compile(rf"[{_SENTENCE_ENDS}]+")
_NOT_TEXT = re.compile(rf"[^\w{_SENTENCE_ENDS}]+")  # and "_", a word character: both dropped, sentence ends kept
_DIGITS = re.compile(r"\d+")
MIN_SENTENCE = 8
# What fingerprints makes of each UTF-16 code unit (as Python's regular expressions class characters: \d is a
# decimal digit, \w a letter or digit of any kind, or "_"): 0 dropped, # a digit, a line end a sentence end, a letter
# itself. "#" and the line end are dropped characters themselves, so nothing else becomes them.
_FOLDED_DIGIT, _SENTENCE_CUT = ord("#"), ord("\n")
_TEXT_CUT = 1  # what the line end joining two texts is folded to (fingerprints_of): no character folds to it
# Sentences are hashed as polynomials in _BASE modulo 2**64 (numpy's unsigned arithmetic wraps): an odd base, so
# that its powers are invertible and a sentence hashes the same wherever it stands in its report.
_BASE = 0x9E3779B97F4A7C15
BATCH_UNITS = 1 << 18  # fingerprints_of's texts hashed at once: 2 MB of powers of _BASE, 0.1 MB of text each


@dataclass(frozen=True)
class Timeliness:
    status: str  # 按时公开, 逾期公开, 日期不详
    deadline: dt.date | None
    days_late: int | None
    working_days: int | None  # from 成文日期 to 发布日期, weekends excluded (holidays are not known)


def deadline_for(report_year: int | None, month_day: tuple[int, int]) -> dt.date | None:
    """The last day a report of `report_year` is on time: the day before `month_day` of the following year."""
    if report_year is None:
        return None
    return dt.date(report_year + 1, *month_day) - dt.timedelta(days=1)


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Monday-to-Friday days after `start` up to and including `end` (0 when published the day it was written)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + dt.timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count


def timeliness(meta: ReportMeta, month_day: tuple[int, int] = (4, 1)) -> Timeliness:
    published, written = meta.get("published_date"), meta.get("written_date")
    return _timeliness(
        meta.get("report_year"),
        published if isinstance(published, dt.date) else None,
        written if isinstance(written, dt.date) else None,
        month_day,
    )


@lru_cache(maxsize=1 << 16)  # a report's page, its organ's, its county's and three data files each ask
def _timeliness(
    report_year: int | None, published: dt.date | None, written: dt.date | None, month_day: tuple[int, int]
) -> Timeliness:
    deadline = deadline_for(report_year, month_day)
    working = working_days_between(written, published) if written is not None and published is not None else None
    if published is None or deadline is None:
        return Timeliness("日期不详", deadline, None, working)
    late = (published - deadline).days
    return Timeliness("按时公开" if late <= 0 else "逾期公开", deadline, max(late, 0), working)


def status_text(status: Timeliness) -> str:
    """按时公开 / 逾期公开，逾期 N 天 / 日期不详, as the site's lists write it."""
    return status.status + (f"，逾期 {status.days_late} 天" if status.days_late else "")


@dataclass(frozen=True)
class Township:
    town: Place
    report: Report | None  # its report of the year, None: not in this collection (未收录)
    timeliness: Timeliness | None

    @property
    def kind(self) -> str:
        return "街道" if self.town.name.endswith("街道") else "乡镇"


def townships(county: str, reports: Iterable[Report], month_day: tuple[int, int] = (4, 1)) -> list[Township]:
    """Every township the gazetteer holds for `county`, in its order, with its report among `reports` (one
    county's reports of one year) and that report's timeliness."""
    held = {str(report.meta.get("town_code")): report for report in reports if report.meta.get("town_code")}
    return [
        Township(town, held.get(town.code), timeliness(held[town.code].meta, month_day) if town.code in held else None)
        for town in gazetteer.towns_in(county)
    ]


def parts_present(meta: ReportMeta) -> list[tuple[str, bool]]:
    sections = set(meta.get("sections") or [])
    return [(label, key in sections) for key, label in PARTS]


def fingerprints(markdown: str) -> frozenset[int]:
    """The hashed sentences of a report's Markdown body (fingerprints_of, for one)."""
    return fingerprints_of([markdown])[0]


def fingerprints_of(bodies: Sequence[str]) -> list[frozenset[int]]:
    """The hashed sentences of each report's Markdown body: cut at 。！？； and line ends, what is not a letter or
    digit dropped (and "_"), each run of digits folded to #, sentences under MIN_SENTENCE characters left out.

    Worked on the texts' UTF-16 code units with numpy, many reports at once (joined by line ends, which end a
    sentence): a table folds each unit, and each sentence's hash is a difference of prefix sums (sentence_hash's
    polynomial). Texts are hashed in batches of about BATCH_UNITS units, which spares numpy's cost per call but
    not the work per unit, most of the cost: 0.062 → about 0.053 ms a report. A text beyond the Basic Multilingual
    Plane (two units a character) is done alone by the regular expressions that say the same (_folded_sentences)."""
    found: list[frozenset[int]] = []
    batch: list[str] = []
    size = 0
    for body in bodies:
        if size + len(body) > BATCH_UNITS and batch:
            found += _fingerprinted(batch)
            batch, size = [], 0
        batch.append(body)
        size += len(body) + 1
    return found + _fingerprinted(batch) if batch else found


def _fingerprinted(bodies: list[str]) -> list[frozenset[int]]:
    joined = "\n".join(bodies)
    encoded = joined.encode("utf-16-le")
    if len(encoded) != 2 * len(joined):  # a character beyond the BMP somewhere: each text on its own
        if len(bodies) > 1:
            return [found for body in bodies for found in _fingerprinted([body])]
        return [frozenset(sentence_hash(text) for text in _folded_sentences(joined))]
    units = np.take(_folding(), np.frombuffer(encoded, dtype=np.uint16))
    joins = np.cumsum(np.fromiter(map(len, bodies), dtype=np.intp, count=len(bodies)))[:-1]
    joins += np.arange(len(joins))  # where the line ends that join the texts stand
    units[joins] = _TEXT_CUT
    units = units[units != 0]
    digits = units == _FOLDED_DIGIT
    later_digits = np.zeros_like(digits)  # a digit after a digit: its run is one #
    later_digits[1:] = digits[1:] & digits[:-1]
    units = units[~later_digits]
    count = len(units)
    powers, inverses = _powers(max(12, count.bit_length()))
    prefix = np.zeros(count + 1, dtype=np.uint64)
    np.cumsum(np.multiply(units, powers[:count]), out=prefix[1:])
    cuts = np.flatnonzero((units == _SENTENCE_CUT) | (units == _TEXT_CUT))
    bounds = np.empty(len(cuts) + 2, dtype=np.intp)  # each sentence runs from after a cut to the next
    bounds[0], bounds[1:-1], bounds[-1] = -1, cuts, count
    starts, stops = bounds[:-1] + 1, bounds[1:]
    long_enough = stops - starts >= MIN_SENTENCE
    starts, stops = starts[long_enough], stops[long_enough]
    hashes = ((prefix[stops] - prefix[starts]) * inverses[starts]).tolist()
    # The sentences are in the texts' order: where each text's end stands among them.
    ends = np.searchsorted(starts, np.append(np.flatnonzero(units == _TEXT_CUT), count)).tolist()
    return [frozenset(hashes[begin:end]) for begin, end in pairwise([0, *ends])]


def _folded_sentences(markdown: str) -> list[str]:
    """fingerprints' sentences, by regular expressions: the body folded whole, then cut."""
    folded = _DIGITS.sub("#", _NOT_TEXT.sub("", markdown).replace("_", ""))
    return [text for text in _SENTENCE_END.split(folded) if len(text) >= MIN_SENTENCE]


@cache
def _folding() -> NDArray[np.uint16]:
    folding = np.zeros(0x10000, dtype=np.uint16)
    for point in range(0x10000):
        character = chr(point)
        if character in _SENTENCE_ENDS:
            folding[point] = _SENTENCE_CUT
        elif character.isdecimal():  # \d
            folding[point] = _FOLDED_DIGIT
        elif character.isalnum():  # \w, but for "_"
            folding[point] = point
    return folding


@cache
def _powers(bits: int) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """_BASE to the powers 0 … 2**bits − 1, and its inverse's, modulo 2**64."""
    powers = np.full(1 << bits, _BASE, dtype=np.uint64)
    inverses = np.full(1 << bits, pow(_BASE, -1, 1 << 64), dtype=np.uint64)
    powers[0] = inverses[0] = 1
    return np.cumprod(powers, dtype=np.uint64), np.cumprod(inverses, dtype=np.uint64)


def sentence_hash(sentence: str) -> int:
    """A folded sentence's fingerprint: the sum of its UTF-16 code units times _BASE to the power of their place,
    modulo 2**64. The same text gives the same number in every process (readings keep them from build to build);
    only sentences of one province's reports are compared, so a chance match of 64 bits is not to be feared."""
    found, power = 0, 1
    for unit in np.frombuffer(sentence.encode("utf-16-le"), dtype=np.uint16).tolist():
        found, power = (found + unit * power) % (1 << 64), power * _BASE % (1 << 64)
    return found


@dataclass(frozen=True)
class Repetition:
    previous_share: float | None  # of sentences also in the same publisher's previous-year report; None: none held
    peer_share: float | None  # the largest share found in another report of the same county and year
    peer: str | None  # that report's src_uri


def repetition(reports: Iterable[tuple[str, ReportMeta, frozenset[int]]]) -> dict[str, Repetition]:
    """Each report's repetition, comparing only within its publisher and within its county and year, and only
    within its province's folder: each province's figures are the same whichever others a build holds."""
    items = list(reports)
    prints = {uri: sentences for uri, _meta, sentences in items}
    organ_years: dict[tuple[object, ...], str] = {}  # (province, publisher, document type, year) → its report
    by_place_year: dict[tuple[object, ...], list[str]] = defaultdict(list)
    previous_keys: list[tuple[object, ...] | None] = []  # of each report, its organ's report of the year before
    for uri, meta, _sentences in items:
        province, year = shard_of(uri), meta.get("report_year")
        organ = (province, meta.get("publisher"), meta.get("doc_type"))
        organ_years[(*organ, year)] = uri
        previous_keys.append((*organ, year - 1) if year and meta.get("publisher") else None)
        place = meta.get("county_code") or meta.get("prefecture_code") or meta.get("province_code")
        if place:
            by_place_year[(province, place, year)].append(uri)
    peers = {uri: best for group in by_place_year.values() for uri, best in _closest_peers(group, prints).items()}
    result: dict[str, Repetition] = {}
    for (uri, _meta, sentences), previous_key in zip(items, previous_keys, strict=True):
        previous = organ_years.get(previous_key) if previous_key else None
        peer_share, peer = peers.get(uri, (None, None))
        result[uri] = Repetition(_share(sentences, prints[previous]) if previous else None, peer_share, peer)
    return result


def _closest_peers(group: list[str], prints: Mapping[str, frozenset[int]]) -> dict[str, tuple[float, str]]:
    """Each report of `group` (one county and year) → the largest share of its sentences found in another of the
    group, and that other (of equal shares, the greatest src_uri). Every pair's shared sentences are counted at once:
    a matrix of which report holds which sentence, times itself transposed (counts in float32 are exact below 2**24)."""
    if len(group) < 2:
        return {}
    group = sorted(group)
    sizes = np.array([len(prints[uri]) for uri in group])
    hashes = np.fromiter(chain.from_iterable(prints[uri] for uri in group), dtype=np.uint64, count=int(sizes.sum()))
    _, sentence = np.unique(hashes, return_inverse=True)
    holds = np.zeros((len(group), int(sentence.max(initial=-1)) + 1), dtype=np.float32)
    holds[np.repeat(np.arange(len(group)), sizes), sentence] = 1
    shared = (holds @ holds.T).astype(np.float64)
    shares = np.divide(shared, sizes[:, None], out=np.zeros_like(shared), where=sizes[:, None] > 0)
    np.fill_diagonal(shares, -1)
    last = len(group) - 1 - np.argmax(shares[:, ::-1], axis=1)  # of equal shares, the greatest src_uri
    return {
        uri: (float(shares[index, peer]), group[peer])
        for index, (uri, peer) in enumerate(zip(group, last.tolist(), strict=True))
    }


def previous_shares(repeats: Mapping[str, Repetition]) -> dict[str, float]:
    """src_uri → the share of its sentences repeated from its organ's previous-year report, where one is held: what
    a province build hands the portal's statistics (catalog.handover)."""
    return {uri: repeat.previous_share for uri, repeat in repeats.items() if repeat.previous_share is not None}


def _share(sentences: frozenset[int], other: frozenset[int]) -> float:
    return len(sentences & other) / len(sentences) if sentences else 0.0
