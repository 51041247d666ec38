"""Candidate places named by a page's address: jiangle.gov.cn is 将乐县, cqfd.gov.cn is 重庆 + 丰都.

County portals spell their place in the hostname, and a saved page often keeps no other place evidence. The
spellings are ambiguous (lushan is 鲁山县, 庐山市 and 芦山县; initials collide far more), so this module never
decides: it lists every place the registrable label (the one before .gov.cn) can spell, with the rule that
read it, strongest rule first, and the place resolver takes one only where the text agrees. Readings come
from the gazetteer's reviewed pinyin.tsv; nothing is transliterated here.

Only government hosts are read. A news site, a 文库 or a mirror that copied a portal's page says nothing about
the place, and neither does an IP address.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal
from urllib.parse import urlsplit

from gongkai import gazetteer
from gongkai.gazetteer import Place, Reading

HostKind = Literal["government", "ip", "other"]

# The rules, strongest first; a candidate's `strength` is its rule's rank.
SUBDOMAIN = 0  # a county's letters before its prefecture's or province's domain: ljx.fuzhou.gov.cn (连江县)
PORTAL = 1  # a province government's own label: sc.gov.cn, gxzf.gov.cn
FULL = 2  # full pinyin, with or without the unit word: jiangle, xunxian
HEAD_FULL = 3  # a province's or prefecture's letters, then a county's full pinyin: cqfengdu
HEAD_INITIALS = 4  # the same, then the county's initials: cqfd, nbjb (宁波 江北区), kman (昆明 安宁市)
# Initials, with the unit word's or without: ybq (渝北区), ya (永安市). One rank for both, because the letters do
# not say which they are: pds is 平顶山 (p-d-s) and 平度市 (p-d + s) alike. These collide most.
INITIALS = 5
PROVINCE_ONLY = 6  # a province's letters and a rest no rule reads: cqrd (重庆市人大)

_FULL_KINDS = ("全拼", "全拼带单位", "本族语转写")
_LEVEL_WORDS = {"province": "省", "prefecture": "地市"}
_DIGRAPHS = ("zh", "ch", "sh")  # bjxch.gov.cn is 北京 西城区: some hosts keep the two letters


@dataclass(frozen=True)
class HostCandidate:
    place: Place
    rule: str  # how the label spells the place, for a clerk: "省简称 cq + 首字母 fd"
    label: str  # the host label that was read
    strength: int  # rank of the rule: SUBDOMAIN (strongest) … PROVINCE_ONLY


@dataclass(frozen=True)
class HostEvidence:
    hostname: str
    kind: HostKind  # "ip" and "other" hosts are no evidence of a place
    candidates: tuple[HostCandidate, ...]  # strongest rule first; one per place
    unexplained: tuple[str, ...]  # labels no rule read: a town's or department's letters, an unknown spelling
    department: str | None = None  # the department a subdomain names (sthjj.xam.gov.cn: 生态环境局 of 兴安盟)

    @property
    def government(self) -> bool:
        return self.kind == "government"

    @property
    def strongest(self) -> tuple[Place, ...]:
        """The places read by the strongest rule that matched: a weaker rule's places are less likely."""
        if not self.candidates:
            return ()
        best = self.candidates[0].strength
        return tuple(c.place for c in self.candidates if c.strength == best)

    @property
    def unique(self) -> Place | None:
        """The one place of the strongest rule, if it read only one; still a candidate the text must confirm."""
        strongest = self.strongest
        return strongest[0] if len(strongest) == 1 else None


@dataclass(frozen=True)
class _Spelling:
    place: Place
    kind: str  # 全拼, 全拼带单位, 首字母, 首字母带单位, 简称


@dataclass(frozen=True)
class _Index:
    spellings: dict[str, tuple[_Spelling, ...]]  # every place's spellings
    heads: dict[str, tuple[_Spelling, ...]]  # provinces' and prefectures' spellings and provinces' abbreviations
    portals: dict[str, Place]
    government_suffixes: tuple[str, ...]
    service_labels: frozenset[str]
    departments: dict[str, str]  # subdomain label → the department it names ("" for a service: xxgk, zwgk)
    prefixes: dict[str, str]
    suffixes: dict[str, str]


def _spell(reading: Reading) -> Iterator[tuple[str, str]]:
    """Every way a host may spell one place: full pinyin (ü as v or u) and initials, each with or without the unit."""
    unit = "".join(reading.unit)
    full = "".join(reading.syllables)
    for spelled in dict.fromkeys([full, full.replace("v", "u")]):
        yield spelled, "全拼"
        if unit:
            yield spelled + unit, "全拼带单位"
    unit_initials = "".join(syllable[0] for syllable in reading.unit)
    plain = "".join(syllable[0] for syllable in reading.syllables)
    digraphs = "".join(s[:2] if s.startswith(_DIGRAPHS) else s[0] for s in reading.syllables)
    for initials in dict.fromkeys([plain, digraphs]):
        if len(initials) >= 2:  # one letter (单县's s) names nothing
            yield initials, "首字母"
        if unit_initials:
            yield initials + unit_initials, "首字母带单位"


@cache
def _index() -> _Index:
    """All spellings of the 3,214 provinces, prefectures and counties, built once per process (~40 ms)."""
    spellings: dict[str, list[_Spelling]] = defaultdict(list)
    heads: dict[str, list[_Spelling]] = defaultdict(list)
    portals: dict[str, Place] = {}
    for province in gazetteer.province_hosts():
        place = gazetteer.lookup(province.code)
        if place is None:
            raise LookupError(f"province_abbreviations.tsv names {province.code}, which the gazetteer lacks")
        for prefix in province.host_prefixes:  # first, so that cq reads as 省简称 rather than as initials
            heads[prefix].append(_Spelling(place, "简称"))
        portals |= dict.fromkeys(province.portal_labels, place)
    for place, spelled, kind in _place_spellings():
        spellings[spelled].append(_Spelling(place, kind))
        if place.level != "county":
            heads[spelled].append(_Spelling(place, kind))
    words = tomllib.loads(resources.files("gongkai.data").joinpath("hosts.toml").read_text("utf-8"))
    return _Index(
        {key: tuple(found) for key, found in spellings.items()},
        {key: tuple(dict.fromkeys(found)) for key, found in heads.items()},
        portals,
        tuple(words["government_suffixes"]),
        frozenset(words["service_labels"]),
        dict(words["departments"]),
        dict(words["affixes"]["prefixes"]),
        dict(words["affixes"]["suffixes"]),
    )


def _place_spellings() -> Iterator[tuple[Place, str, str]]:
    """(place, spelling, kind) for every province, prefecture and county by its pinyin (_spell), then the places
    whose portals spell them in their own language (ordos.gov.cn: 鄂尔多斯市 in Mongolian), read as full pinyin is."""
    for reading in gazetteer.readings():
        place = gazetteer.lookup(reading.code)
        if place is None:
            raise LookupError(
                f"pinyin.tsv names {reading.code}, which the gazetteer lacks: rerun tools/gazetteer/pinyin_build.py"
            )
        yield from ((place, spelled, kind) for spelled, kind in dict.fromkeys(_spell(reading)))
    for code, spelled in gazetteer.romanised_names():
        place = gazetteer.lookup(code)
        if place is None:
            raise LookupError(f"romanised_names.tsv names {code}, which the gazetteer lacks")
        yield place, spelled, "本族语转写"


def _inside(region: Place, place: Place) -> bool:
    return region != place and gazetteer.contains(region.code, place.code)


def _read(label: str) -> Iterator[tuple[Place, str, int]]:
    """Places one label spells, by the whole label or split into a province's or prefecture's letters and the rest."""
    index = _index()
    if label in index.portals:
        yield index.portals[label], f"省级门户 {label}", PORTAL
    for spelling in index.spellings.get(label, ()):
        yield spelling.place, f"{spelling.kind} {label}", FULL if spelling.kind in _FULL_KINDS else INITIALS
    for cut in range(2, len(label) - 1):
        head, tail = label[:cut], label[cut:]
        for region in index.heads.get(head, ()):
            for spelling in index.spellings.get(tail, ()):
                if _inside(region.place, spelling.place):
                    rank = HEAD_FULL if spelling.kind in _FULL_KINDS else HEAD_INITIALS
                    rule = f"{_LEVEL_WORDS[region.place.level]}{region.kind} {head} + {spelling.kind} {tail}"
                    yield spelling.place, rule, rank


def _variants(label: str) -> Iterator[tuple[str, str, str]]:
    """(core, before, after): the label, and the label without a word portals put around the place (cnlongxi)."""
    index = _index()
    yield label, "", ""
    for prefix, word in index.prefixes.items():
        if label.startswith(prefix) and len(label) - len(prefix) >= 2:
            yield label[len(prefix) :], f"{word} {prefix} + ", ""
    for suffix, word in index.suffixes.items():
        if label.endswith(suffix) and len(label) - len(suffix) >= 2:
            yield label[: -len(suffix)], "", f" + {word} {suffix}"


def _registrable(label: str) -> list[HostCandidate]:
    found = [
        HostCandidate(place, before + rule + after, label, rank)
        for core, before, after in _variants(label)
        for place, rule, rank in _read(core)
    ]
    if found:
        return found
    # Nothing else read it: a province's letters may still lead an organ's own words (cqrd is 重庆市人大).
    index = _index()
    return [
        HostCandidate(region.place, f"省{region.kind} {label[:cut]}（其余 {label[cut:]} 未解释）", label, PROVINCE_ONLY)
        for cut in range(2, len(label))
        for region in index.heads.get(label[:cut], ())
        if region.place.level == "province"
    ]


def _subdomain(label: str, regions: tuple[Place, ...]) -> list[HostCandidate]:
    """A place inside the province or prefecture the registrable label named: ljx.fuzhou.gov.cn is 连江县.

    Initials must have three letters here: two-letter department and town abbreviations would find a county in
    almost any province.
    """
    return [
        HostCandidate(
            spelling.place, f"子域 {before}{spelling.kind} {core}{after}（{region.name}下）", label, SUBDOMAIN
        )
        for core, before, after in _variants(label)
        for spelling in _index().spellings.get(core, ())
        if spelling.kind in _FULL_KINDS or len(core) >= 3
        for region in regions
        if _inside(region, spelling.place)
    ]


_LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


def _ordered(candidates: list[HostCandidate]) -> tuple[HostCandidate, ...]:
    """Strongest rule first, then the larger unit, then code order; a place keeps only its strongest reading."""
    best: dict[Place, HostCandidate] = {}
    for candidate in sorted(candidates, key=lambda c: (c.strength, _LEVEL_ORDER[c.place.level], c.place.code)):
        best.setdefault(candidate.place, candidate)
    return tuple(best.values())


def _government_labels(hostname: str) -> list[str] | None:
    """The labels before the government suffix, hyphens dropped (jiang-le → jiangle); None for other hosts."""
    index = _index()
    for suffix in index.government_suffixes:
        if hostname == suffix or hostname.endswith("." + suffix):
            labels = hostname.removesuffix(suffix).removesuffix(".").split(".")
            return [label.replace("-", "") for label in labels if label and label not in index.service_labels]
    return None


@lru_cache(maxsize=4096)
def _evidence(hostname: str) -> HostEvidence:
    try:
        ipaddress.ip_address(hostname)
        return HostEvidence(hostname, "ip", (), ())
    except ValueError:
        pass
    labels = _government_labels(hostname)
    if labels is None:
        return HostEvidence(hostname, "other", (), ())
    if not labels:  # www.gov.cn, the central government
        return HostEvidence(hostname, "government", (), ())
    *subdomains, main = labels
    candidates = _registrable(main)
    unexplained = [] if candidates else [main]
    ordered = _ordered(candidates)
    regions = tuple(c.place for c in ordered if c.strength == ordered[0].strength and c.place.level != "county")
    named = tuple(c.place for c in ordered)
    for label in subdomains:
        if _department_of(label, named) is not None:
            continue
        inside = _subdomain(label, regions)
        candidates += inside
        if not inside:
            unexplained.append(label)
    department = next((name for label in subdomains if (name := _department_of(label, named))), None)
    return HostEvidence(hostname, "government", _ordered(candidates), tuple(unexplained), department)


def _department_of(label: str, places: tuple[Place, ...]) -> str | None:
    """The department a subdomain label names ("" for a service such as xxgk), also after the letter of its
    level or the letters of the place the domain names: ssfj.suining.gov.cn is 市司法局, qsfj and xsfj a
    district's or county's, zssl.zhoushan.gov.cn 舟山's 水利局. None: not a department's."""
    index = _index()
    if label in index.departments:
        return index.departments[label]
    for cut in range(1, len(label) - 1):
        head, name = label[:cut], index.departments.get(label[cut:])
        spelled = (s.place for s in index.spellings.get(head, ()) + index.heads.get(head, ()))
        if name and (head in ("s", "q", "x") or any(place in places for place in spelled)):
            return name
    return None


def hostname_of(url: str) -> str:
    """The lower-case host of a URL or bare host name, Chinese labels as punycode (将乐.政务 → xn--….xn--zfr164b)."""
    host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    host = host.rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def host_evidence(url: str) -> HostEvidence:
    """Read the places a page address names; a URL, or a bare host such as www.jiangle.gov.cn."""
    return _evidence(hostname_of(url))


_PATH_PIECE = re.compile(r"[/_\-.]")


def path_department(url: str) -> str | None:
    """The department a column of a government portal's address names (/zfbm/gaj/…, zfxxgk_xglls_lyhcyj/): weaker
    than a subdomain, as a county's 司法局 column also carries other organs' reports."""
    parts = urlsplit(url if "//" in url else "//" + url)
    if _government_labels(hostname_of(url)) is None:
        return None
    departments = _index().departments
    return next((name for piece in _PATH_PIECE.split(parts.path) if (name := departments.get(piece))), None)
