"""Which province, prefecture, county and township a report comes from, judged from the places its texts name.

Conservative on purpose: a report filed under the wrong government is worse than an empty field a clerk fills
in. So names match in full only (鲁山县, never 鲁山); a county name found in several places needs a province or
prefecture named in the evidence; a township is looked up only inside the chosen county; and every doubt
becomes a plain-Chinese `review` line.

"url" evidence: portal hosts spell their place in pinyin or initials (dazu, cqfd; lushan is 鲁山, 庐山 or 芦山), so
an address gives candidates (gongkai.extract.hosts), never a place by itself. A candidate is taken only where the
text agrees and nothing contradicts it: a county the text already chose must be among the candidates or the
conflict is named; a county the text did not settle is taken from the address when the address reads one place
by a strong rule (full pinyin, a province's letters plus the county's), or when the text names a township that
only one candidate holds. Bare initials (ybq) collide too often to be taken without such a township.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from gongkai import gazetteer
from gongkai.extract import hosts
from gongkai.gazetteer import Place
from gongkai.textrules import CJK

SOURCE_LABELS = {
    "title": "标题",
    "letterhead": "版头",
    "issuer": "发文机关",
    "signature": "署名",
    "recipient": "主送机关",
    "meta": "网页元数据",
    "lead": "正文首句",
    "staff": "收件箱文件夹或站点设置",
    "site": "网站主办单位",
    "scope": "正文以“全省”“我省”为主语",
    "body": "正文",
    "township": "正文（以本乡镇自称）",
    "url": "网址",
}
# The organ that wrote the report names itself in these; a recipient names its superior, so no township there.
_TOWN_SOURCES = frozenset({"title", "letterhead", "issuer", "signature", "meta", "lead"})
_WEAK_SOURCES = frozenset({"body"})
# Where the organ states its own place; any other source of the county is named in `review`.
_OWN_WORDS = frozenset({"title", "letterhead", "issuer", "signature", "lead", "recipient"})
# What may stand right before a bare name ("中共鲁山县委", "关于鲁山县…", "2024年背孜乡…"); any other
# character may make the name half of a longer word.
_OPENERS = ("中共", "关于", "年", "年度")
# A township also starts after its county's government: 鲤城区人民政府金龙街道办事处. (Not a county: 省人民政府和县委.)
_TOWN_OPENERS = (*_OPENERS, "人民政府", "政府")
_CJK = re.compile(f"[{CJK}]")
# Letterheads are often spaced for layout (鲁 山 县 人 民 政 府) and PDFs break lines inside names.
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# County names built only from these are everyday words too (城区, 郊区, 老城区, 市中区, 城关区); they count only
# after their prefecture (阳泉市城区) or at the start of a self-naming text. 上城区 is caught too: 杭州市上城区.
_GENERIC = frozenset("城郊矿东西南北中市新老关上下")


@dataclass(frozen=True)
class PlaceEvidence:
    source: str  # "title", "letterhead", "issuer", "recipient", "signature", "body", "meta", "url"
    text: str


@dataclass
class ResolvedPlace:
    province: str | None = None
    province_code: str | None = None
    prefecture: str | None = None
    prefecture_code: str | None = None
    county: str | None = None
    county_code: str | None = None
    town: str | None = None
    town_code: str | None = None
    review: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str
    places: tuple[Place, ...]


class _Scanner:
    """Finds gazetteer names ending at each possible last character (省, 市, 县, 镇 …), leftmost-longest.

    A regex alternation of 40,000 names would try every name at every position; this costs one dict lookup per
    name length at the few positions that can end a name.
    """

    def __init__(self, places: Iterable[Place], aliases: Iterable[tuple[str, Place]] = ()) -> None:
        names: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            names[place.name].append(place)
        self.aliases_of: dict[str, tuple[Place, ...]] = {}
        for alias, place in aliases:
            if place not in names[alias]:
                names[alias].append(place)
            self.aliases_of[alias] = (*self.aliases_of.get(alias, ()), place)
        self.with_alias = frozenset(place.name for places in self.aliases_of.values() for place in places)
        self._names = {name: tuple(found) for name, found in names.items()}
        self._lengths = sorted({len(name) for name in names}, reverse=True)
        self._last = re.compile("[" + "".join(sorted({re.escape(name[-1]) for name in names})) + "]")
        self._tails = {name[-2:] for name in names}  # every name has two characters or more

    def scan(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        for hit in self._last.finditer(text):
            end = hit.end()
            if text[end - 2 : end] not in self._tails:  # 、县 or 全县 ends no name: skip the lookups
                continue
            for length in self._lengths:
                places = self._names.get(text[end - length : end]) if length <= end else None
                if places:
                    found.append(_Mention(end - length, end, text[end - length : end], places))
        kept: list[_Mention] = []
        for mention in sorted(found, key=lambda m: (m.start, -m.end)):  # leftmost, then longest: 河东区 over 东区
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept

    def named(self, name: str) -> tuple[Place, ...]:
        return self._names.get(name, ())


@dataclass(frozen=True)
class _Names:
    regions: _Scanner  # provinces, prefectures, counties
    towns: _Scanner
    countyless: frozenset[str]  # 东莞市, 中山市, 儋州市, 嘉峪关市: prefecture-level cities that are their own county


# Township-level units the resolver names: the statistics code also lists 农场, 林业局, 工业园区 and
# 开发区管理委员会, which are everyday organ names in a county department's title.
_TOWN_SUFFIXES = ("镇", "乡", "街道", "苏木")


def _without_peoples(name: str, peoples: tuple[str, ...]) -> str:
    while name.endswith(peoples):
        name = name[: -len(next(people for people in peoples if name.endswith(people)))]
    return name


def _region_aliases(regions: list[Place]) -> Iterator[tuple[str, Place]]:
    """黔西南州, 张家川县, 广西, 巴州: the short forms of autonomous units that texts use as names
    (data/place_aliases.toml)."""
    data = tomllib.loads(resources.files("gongkai.data").joinpath("place_aliases.toml").read_text("utf-8"))
    peoples = tuple(sorted(data["peoples"], key=len, reverse=True))
    for place in regions:
        for full, short in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if place.name.endswith(full):
                stem = _without_peoples(place.name.removesuffix(full), peoples)
                if len(stem) >= 2 and stem != place.name.removesuffix(full):
                    yield stem + short, place
    for alias, code in {**data["regions"], **data["prefectures"]}.items():
        region = gazetteer.lookup(code)
        if region is not None:
            yield alias, region


def is_place_name(name: str) -> bool:
    """A province, prefecture, county or township name (or a short form texts use) of the gazetteer."""
    names = _names()
    return bool(names.regions.named(name) or names.towns.named(name))


def short_forms(name: str) -> list[str]:
    """The short forms texts use for the place of this full name (黔西南布依族苗族自治州 → 黔西南州)."""
    regions = _names().regions
    return (
        [alias for alias, places in regions.aliases_of.items() if any(place.name == name for place in places)]
        if name in regions.with_alias
        else []
    )


_ETHNIC_TOWN = re.compile(r"^(?P<head>[\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+(?P<unit>乡|镇)$")


def ethnic_short_form(name: str) -> str | None:
    """铁石乡 for 铁石苗族彝族乡: how an ethnic township's own reports often write it."""
    match = _ETHNIC_TOWN.match(name)
    return match["head"] + match["unit"] if match else None


def _town_aliases(towns: list[Place]) -> Iterator[tuple[str, Place]]:
    """胡家园街 and 胡家园办事处 for 胡家园街道: how streets' offices are often written (only where no township has
    that name); 铁石乡 for 铁石苗族彝族乡: an ethnic township as its own reports write it (only where no township of
    its county has that name; elsewhere in the country one may, and the county tells them apart)."""
    names = {town.name for town in towns}
    in_county = {(town.parent_code, town.name) for town in towns}
    for town in towns:
        short = town.name.removesuffix("道")
        if town.name.endswith("街道") and len(short) >= 3 and short not in names:
            yield short, town
            yield town.name.removesuffix("街道") + "办事处", town  # 燕子矶办事处 (栖霞区人民政府燕子矶办事处)
        ethnic = ethnic_short_form(town.name)
        if ethnic and (town.parent_code, ethnic) not in in_county:
            yield ethnic, town


@cache
def _names() -> _Names:
    towns = [town for town in gazetteer.places_at("town") if town.name.endswith(_TOWN_SUFFIXES)]
    regions = [*gazetteer.places_at("province"), *gazetteer.places_at("prefecture"), *gazetteer.places_at("county")]
    countyless = frozenset(p.code for p in gazetteer.places_at("prefecture") if gazetteer.without_counties(p.code))
    return _Names(_Scanner(regions, _region_aliases(regions)), _Scanner(towns, _town_aliases(towns)), countyless)


def _county_level(place: Place) -> bool:
    return place.level == "county" or place.code in _names().countyless


def _at_word_start(text: str, start: int, openers: tuple[str, ...] = _OPENERS) -> bool:
    return start == 0 or not _CJK.match(text[start - 1]) or text.endswith(openers, 0, start)


@dataclass(frozen=True)
class _Found:
    source: str
    mention: _Mention
    parent: Place | None  # the province or prefecture written right before it, as in 福州市鼓楼区


def _regions_in(source: str, text: str) -> list[_Found]:
    """Names of provinces, prefectures and counties in one text, with the traps filtered out."""
    found: list[_Found] = []
    previous: _Mention | None = None
    for mention in _names().regions.scan(text):
        parent = None
        if previous and previous.end == mention.start and previous.places[0].level in ("province", "prefecture"):
            parent = previous.places[0]
        previous = mention
        name = mention.name
        if name.endswith("区") and text.startswith("域", mention.end):  # 中原区域, 河北区域
            continue
        if any(_county_level(p) for p in mention.places) and parent is None:
            if set(name[:-1]) <= _GENERIC and (source in _WEAK_SOURCES or not _at_word_start(text, mention.start)):
                continue
            if len(name) == 2 and not _at_word_start(text, mention.start):  # 管理县 is not 理县
                continue
        found.append(_Found(source, mention, parent))
    return found


def _path(place: Place) -> str:
    """重庆市大足区, 河南省平顶山市鲁山县: enough for a clerk to tell namesakes apart."""
    parts = [gazetteer.province_of(place.code), gazetteer.prefecture_of(place.code), place]
    names = [part.name for part in parts if part is not None]
    return "".join(dict.fromkeys(names))


def _elsewhere(places: Sequence[Place]) -> str:
    shown = "、".join(_path(gazetteer.county_of(p.code) or p) for p in places[:3])
    return shown + (f"等{len(places)}处" if len(places) > 3 else "")


def _ambiguity(name: str, candidates: Sequence[Place]) -> str:
    provinces = {gazetteer.province_of(c.code) for c in candidates}
    if len(provinces) == 1 and (province := provinces.pop()) is not None:
        return f"县名“{name}”在{province.name}有多处同名，未能确定所属地市"
    return f"县名“{name}”有多处同名，未能确定所属省份"


def _common_region(places: Sequence[Place]) -> Place | None:
    """The prefecture, else the province, that holds all of several same-named counties (市中区 ×2 in 山东省)."""
    first = places[0]
    for region in (gazetteer.prefecture_of(first.code), gazetteer.province_of(first.code)):
        if region is not None and all(gazetteer.contains(region.code, p.code) for p in places):
            return region
    return None


NO_COUNTY = "未能确定所属县（区）"


def _choose_county(found: list[_Found], named: list[Place], review: list[str]) -> tuple[Place | None, list[Place]]:
    """The county-level unit named by the most trusted evidence, else the same-named candidates left over.

    `named` are the provinces and prefectures written in trusted evidence: the only context allowed to pick
    one of several same-named counties.
    """
    votes: list[tuple[str, Place]] = []
    ambiguous: list[tuple[str, str, list[Place]]] = []
    for item in found:
        candidates = [p for p in item.mention.places if _county_level(p)]
        if not candidates:
            continue
        if item.parent is not None:
            candidates = [c for c in candidates if gazetteer.contains(item.parent.code, c.code)]
            if not candidates:
                review.append(
                    f"{SOURCE_LABELS[item.source]}中的“{item.parent.name}{item.mention.name}”前后不符，未采用"
                )
                continue
        if len(candidates) > 1:
            candidates = [c for c in candidates if any(gazetteer.contains(n.code, c.code) for n in named)] or candidates
        if len(candidates) == 1:
            votes.append((item.source, candidates[0]))
        else:
            ambiguous.append((item.source, item.mention.name, candidates))

    trusted = [(source, place) for source, place in votes if source not in _WEAK_SOURCES]
    if trusted:
        source, chosen = trusted[0]
        label = SOURCE_LABELS[source]
        if source not in _OWN_WORDS:  # not the document's own title, letterhead or signature: say where it came from
            review.append(f"县级“{_path(chosen)}”取自{label}，请核对")
        other = next(((s, p) for s, p in trusted if p != chosen), None)
        if other is not None:
            review.append(
                f"{label}写作“{chosen.name}”，{SOURCE_LABELS[other[0]]}写作“{other[1].name}”，已采用{label}，请核实所属县（区）"
            )
        for source, name, candidates in ambiguous:
            if source not in _WEAK_SOURCES and chosen not in candidates:
                review.append(f"{SOURCE_LABELS[source]}中的“{name}”与所属县（区）“{_path(chosen)}”不符，请核实")
                break
        return chosen, []

    trusted_ambiguous = [(name, candidates) for source, name, candidates in ambiguous if source not in _WEAK_SOURCES]
    # The body may settle which 鼓楼区, or which county of the province named in the title; nothing else.
    in_body = list(dict.fromkeys(place for _, place in votes))
    if trusted_ambiguous:
        in_body = [place for place in in_body if place in trusted_ambiguous[0][1]]
    elif named:
        in_body = [place for place in in_body if any(gazetteer.contains(n.code, place.code) for n in named)]
    if len(in_body) == 1:
        review.append(f"所属县（区）“{_path(in_body[0])}”仅见于正文，请核实")
        return in_body[0], []
    if trusted_ambiguous:
        name, candidates = trusted_ambiguous[0]
        # Which 宝山区: the one inside the only province or prefecture the body names that holds any of them.
        regions = {
            place
            for item in found
            if item.source in _WEAK_SOURCES
            for place in item.mention.places[:1]
            if place.level in ("province", "prefecture") and len(item.mention.places) == 1
        }
        holding = [  # by code, the province before its prefecture: a set's order changes from process to process
            region
            for region in sorted(regions, key=lambda region: region.code)
            if any(gazetteer.contains(region.code, c.code) for c in candidates)
        ]
        inside = [c for c in candidates if holding and all(gazetteer.contains(r.code, c.code) for r in holding)]
        if len(holding) >= 1 and len(inside) == 1:
            review.append(
                f"县名“{name}”有多处同名，由正文提到的“{'、'.join(r.name for r in holding)}”确定为“{_path(inside[0])}”，请核实"
            )
            return inside[0], []
        review.append(_ambiguity(name, candidates))
        return None, candidates
    if in_body:
        review.append(f"正文提到多个县（区）（{'、'.join(p.name for p in in_body[:5])}），未能确定所属县（区）")
    else:
        review.append(NO_COUNTY)
    return None, []


def _region_without_county(named: list[Place], candidates: list[Place], review: list[str]) -> Place | None:
    """Province or prefecture when no county could be chosen: common to the candidates, or as written."""
    if candidates:
        return _common_region(candidates)
    if not named:
        return None
    deepest = max(named, key=lambda place: place.level == "prefecture")
    if all(gazetteer.contains(place.code, deepest.code) for place in named):
        return deepest
    review.append(f"发文信息提到的地区不一致（{'、'.join(p.name for p in named)}），未能确定所属省份")
    return None


def _choose_town(texts: list[tuple[str, str, list[_Found]]], county: Place | None, review: list[str]) -> Place | None:
    """A township of the chosen county named where the organ names itself; other townships only warn."""
    names = _names()
    votes: list[tuple[str, Place]] = []
    warned: set[str] = set()
    for source, text, regions in texts:
        if source not in _TOWN_SOURCES:
            continue
        ends = {f.mention.end for f in regions}
        for mention in names.towns.scan(text):
            if any(f.mention.start <= mention.start and mention.end <= f.mention.end for f in regions):
                continue  # 东城区 and 滨海新区 are township names too
            if mention.start not in ends and (
                len(mention.name) == 2 or not _at_word_start(text, mention.start, _TOWN_OPENERS)
            ):
                continue  # 街道 and 新镇 are township names and everyday words; 建设镇 hides in 法治建设镇村
            in_county = [town for town in mention.places if county and gazetteer.contains(county.code, town.code)]
            if len(in_county) == 1:
                votes.append((source, in_county[0]))
                continue
            if mention.name in warned or (len(mention.name) == 2 and not in_county):
                continue  # a two-character name (街道, 城区) names a township only where one exists
            warned.add(mention.name)
            elsewhere = [t for t in names.towns.named(mention.name) if t not in in_county]
            where = f"（同名乡镇见于{_elsewhere(elsewhere)}）" if elsewhere else ""
            if county is None:
                review.append(f"{SOURCE_LABELS[source]}提到乡镇“{mention.name}”，但所属县（区）未定{where}")
            elif in_county:
                review.append(f"乡镇名“{mention.name}”在{county.name}有多处，未能确定")
            else:
                review.append(f"乡镇“{mention.name}”不在{county.name}，未采用{where}")
    if not votes:
        return None
    source, chosen = votes[0]
    other = next(((s, t) for s, t in votes if t != chosen), None)
    if other is not None:
        label = SOURCE_LABELS[source]
        review.append(
            f"{label}写作“{chosen.name}”，{SOURCE_LABELS[other[0]]}写作“{other[1].name}”，已采用{label}，请核实所属乡镇"
        )
    return chosen


def resolve_place(evidence: Sequence[PlaceEvidence]) -> ResolvedPlace:
    """Resolve the report's place from evidence ordered by trust (title, letterhead, issuers, signature, recipient,
    meta tags, body, url); the first trusted source wins a conflict, and the conflict is named in `review`."""
    unknown = {item.source for item in evidence} - SOURCE_LABELS.keys()
    if unknown:
        raise ValueError(f"unknown evidence source {sorted(unknown)}; use one of {', '.join(SOURCE_LABELS)}")
    texts = [
        (item.source, text, _regions_in(item.source, text))
        for item in evidence
        if item.source not in ("url", "site", "scope", "township")
        for text in [_CJK_GAP.sub("", item.text)]
    ]
    found = [f for _, _, regions in texts for f in regions]
    named = list(
        dict.fromkeys(
            f.mention.places[0]
            for f in found
            if f.source not in _WEAK_SOURCES and f.mention.places[0].level in ("province", "prefecture")
        )
    )
    result = ResolvedPlace()
    address = next((item.text for item in evidence if item.source == "url"), None)
    host = hosts.host_evidence(address) if address else None
    county, candidates = _choose_county(found, named, result.review)
    body_only = county is not None and not any(
        f.source not in _WEAK_SOURCES and county in f.mention.places for f in found
    )
    if (
        host is not None
        and host.government
        and body_only
        and host.candidates
        and county not in [c.place for c in host.candidates]
    ):
        # A county seen only in the body ("…省人民政府和县委…") gives way to the page's own address.
        result.review = [line for line in result.review if "仅见于正文" not in line]
        county = None
    above = organ_above_county(texts)
    province_speaks = any(item.source == "scope" for item in evidence)
    if above is None and province_speaks and county is None:
        above = _province_of_host(host, result.review)
    if host is not None and (county is not None or above is None):
        # A province's or prefecture's own report reposted on a county portal belongs to the province.
        county = _with_host(host, county, candidates, named, texts, result.review)
    owner = next((item.text for item in evidence if item.source == "site"), None)
    if county is None and above is None and owner:
        county = _county_of_the_site(owner, named, result.review)
    if county is None and above is None and not candidates:
        county = _county_of_unique_town(texts, named, host, result.review)
    if county is None and host is not None:
        # A prefecture's or province's portal (wuhan.gov.cn, hunan.gov.cn) places a report the text does not, or
        # places it more precisely (a prefecture inside the province the text names), never elsewhere.
        region_candidates = [
            place
            for place in host.strongest
            if place.level in ("province", "prefecture")
            and all(gazetteer.contains(region.code, place.code) for region in named)
        ]
        if above is not None and above.level == "province":
            region_candidates = []  # a province's own report: no prefecture, whichever portal carries it
        written = _written_in([c.place for c in host.candidates], texts) if host.government else []
        if (
            not (len(region_candidates) == 1 and host.candidates[0].strength <= hosts.HEAD_INITIALS)
            and len(written) == 1
            and written[0][0].level in ("prefecture", "province")
            and above is None
        ):
            region_candidates = [written[0][0]]  # sx.gov.cn, and the text writes 绍兴 (and no other 's x' place)
        if (
            len(region_candidates) == 1
            and (host.candidates[0].strength <= hosts.HEAD_INITIALS or written)
            and region_candidates[0] not in named
        ):
            named = [*named, region_candidates[0]]
            result.review.append(
                f"所属{'省' if region_candidates[0].level == 'province' else '市'}“{region_candidates[0].name}”取自网址 {host.hostname}，请核对"
            )
    if county is not None:
        region: Place | None = county
        clash = next((place for place in named if not gazetteer.contains(place.code, county.code)), None)
        if clash is not None:
            result.review.append(f"发文信息中的“{clash.name}”与所属县（区）“{_path(county)}”不符，请核实")
    else:
        region = _region_without_county(named, candidates, result.review)
    if region is None and above is not None:
        region = above
    if region is None and not candidates:
        region = _province_of_the_body(found, result.review)
    if region is not None:
        province = gazetteer.province_of(region.code)
        prefecture = gazetteer.prefecture_of(region.code)
        result.province, result.province_code = (province.name, province.code) if province else (None, None)
        result.prefecture, result.prefecture_code = (prefecture.name, prefecture.code) if prefecture else (None, None)
    if county is not None:
        result.county, result.county_code = county.name, county.code
        result.review = [line for line in result.review if line != NO_COUNTY]  # the address or a township settled it
    town = _choose_town(texts, county, result.review)
    own_voice = next((item.text for item in evidence if item.source == "township"), None)
    if town is None and county is not None and own_voice is not None:
        town = _town_of_the_speaker(_CJK_GAP.sub("", own_voice), county, result.review)
    if town is not None:
        result.town, result.town_code = town.name, town.code
    return result


_ORGAN_SOURCES = frozenset({"title", "issuer", "letterhead", "signature", "lead"})


def organ_above_county(texts: list[tuple[str, str, list[_Found]]]) -> Place | None:
    """The province or prefecture the organ names itself after (山西省…报告, 鹤岗市人民政府), when the organ's own
    texts name no county: a report of that level, whichever portal carries it."""
    organ_texts = [regions for source, _text, regions in texts if source in _ORGAN_SOURCES and regions]
    if any(_county_level(place) for regions in organ_texts for found in regions for place in found.mention.places):
        return None
    for regions in organ_texts:
        first = regions[0].mention.places[0]
        if first.level in ("province", "prefecture"):
            return first
    return None


def _towns_named_in(texts: list[tuple[str, str, list[_Found]]], county: Place) -> list[Place]:
    """Townships of `county` named anywhere in the texts (the body included): evidence that a candidate is right."""
    names = _names()
    found = []
    for _source, text, _regions in texts:
        for mention in names.towns.scan(text):
            if len(mention.name) > 2 or _at_word_start(text, mention.start):  # aliases too: 松洲街 is 松洲街道
                found += [town for town in mention.places if gazetteer.contains(county.code, town.code)]
    return list(dict.fromkeys(found))


def _with_host(
    host: hosts.HostEvidence,
    county: Place | None,
    candidates: list[Place],
    named: list[Place],
    texts: list[tuple[str, str, list[_Found]]],
    review: list[str],
) -> Place | None:
    """The county once the page address is weighed (see the module docstring); every use of it is in `review`."""
    if not host.government:
        what = "是 IP 地址，没有域名" if host.kind == "ip" else "不是政府网站域名"
        review.append(f"网址 {host.hostname} {what}，不作为地区依据")
        return county
    counties = [c.place for c in host.candidates if _county_level(c.place)]
    if county is not None:
        regions = [c.place for c in host.candidates if not _county_level(c.place)]
        agrees = county in counties or any(gazetteer.contains(region.code, county.code) for region in regions)
        if host.candidates and not agrees:
            review.append(
                f"网址 {host.hostname} 指向{_elsewhere([c.place for c in host.candidates][:3])}，与文中的“{_path(county)}”不符，请核实"
            )
        return county
    pool = [place for place in (candidates or counties) if place in counties]
    if named:  # the province or prefecture the text names rules out candidates elsewhere
        pool = [place for place in pool if any(gazetteer.contains(region.code, place.code) for region in named)]
    with_towns = [place for place in pool if _towns_named_in(texts, place)]
    if len(with_towns) == 1:
        chosen = with_towns[0]
        rule = next(c.rule for c in host.candidates if c.place == chosen)
        review.append(f"县级“{_path(chosen)}”取自网址 {host.hostname}（{rule}），文中的乡镇名与之相符")
        return chosen
    written = _written_in(pool, texts)
    if len(written) == 1 and not _written_in([c.place for c in host.candidates if c.place not in pool], texts):
        chosen, form = written[0]
        rule = next(c.rule for c in host.candidates if c.place == chosen)
        review.append(f"县级“{_path(chosen)}”取自网址 {host.hostname}（{rule}），文中写有“{form}”，请核对")
        return chosen
    strong = [c for c in host.candidates if c.place in pool and c.strength <= hosts.HEAD_INITIALS]
    if (
        strong
        and len({c.place for c in strong if c.strength == strong[0].strength}) == 1
        and strong[0] == host.candidates[0]
    ):
        chosen = strong[0].place
        review.append(f"县级“{_path(chosen)}”取自网址 {host.hostname}（{strong[0].rule}），请核对")
        return chosen
    if pool:
        review.append(f"网址 {host.hostname} 可能指{_elsewhere(pool)}，文中没有足以确定的依据，未采用")
    return None


# After a township's name, these make it part of a longer word: 法治建设镇村, 美丽乡村, 镇区, 镇级.
_NOT_A_NAME_END = frozenset("村区级域街民")


def _town_of_the_speaker(text: str, county: Place, review: list[str]) -> Place | None:
    """The township of a report that speaks as one (我镇, 镇党委…) and names, anywhere in its text, exactly one
    township of its county: in full (蔡家桥镇), or by its short form in a slogan (“法治东里”, 法治舒桥, 鱼复法治建设)."""
    named = []
    for town in gazetteer.towns_in(county.code):
        short = town.name.removesuffix("街道").removesuffix("镇").removesuffix("乡").removesuffix("苏木")
        whole = len(town.name) >= 3 and any(
            text[end : end + 1] not in _NOT_A_NAME_END for end in _ends_of(text, town.name)
        )
        slogan = len(short) >= 2 and (
            any(f"{before}{short}" in text for before in ("法治", "“", "平安")) or f"{short}法治建设" in text
        )
        if whole or slogan:
            named.append(town)
    if len(named) != 1:
        return None
    review.append(f"乡镇“{named[0].name}”由正文推定（正文以本乡镇自称，只提到{county.name}的这一个乡镇），请核对")
    return named[0]


def _ends_of(text: str, name: str) -> Iterator[int]:
    start = text.find(name)
    while start >= 0:
        yield start + len(name)
        start = text.find(name, start + 1)


def _written_in(places: Sequence[Place], texts: list[tuple[str, str, list[_Found]]]) -> list[tuple[Place, str]]:
    """The places among an address's candidates that the texts write, in full or in the short form texts use
    (绍兴 for 绍兴市, 鲁山 for 鲁山县 where that short form is safe), with the form found."""
    joined = "\n".join(text for _source, text, _regions in texts)
    found = []
    for place in places:
        short = (
            gazetteer.short_name(place.code)
            if place.level == "county"
            else place.name.removesuffix("市")
            if place.level == "prefecture" and len(place.name) >= 3
            else None
        )
        form = next((form for form in (place.name, short) if form and len(form) >= 2 and form in joined), None)
        if form is not None:
            found.append((place, form))
    return found


def _county_of_unique_town(
    texts: list[tuple[str, str, list[_Found]]], named: list[Place], host: hosts.HostEvidence | None, review: list[str]
) -> Place | None:
    """The county of a township the organ names itself after (title, issuer, first sentence…) when no other
    township in the country has that name, and nothing the text or the address says contradicts it."""
    names = _names()
    for source, text, regions in texts:
        if source not in _TOWN_SOURCES:
            continue
        for mention in names.towns.scan(text):
            if len(mention.name) <= 2 or not _at_word_start(text, mention.start, _TOWN_OPENERS):
                continue
            if any(f.mention.start <= mention.start and mention.end <= f.mention.end for f in regions):
                continue
            towns = names.towns.named(mention.name)
            if len(towns) != 1:
                continue
            county = gazetteer.county_of(towns[0].code)
            if county is None or any(not gazetteer.contains(region.code, county.code) for region in named):
                continue
            if (
                host is not None
                and host.government
                and host.candidates
                and not any(gazetteer.contains(candidate.place.code, county.code) for candidate in host.candidates)
            ):
                continue
            review.append(
                f"县级“{_path(county)}”由{SOURCE_LABELS[source]}中的乡镇名“{mention.name}”推定（全国仅此一处），请核对"
            )
            review[:] = [
                line for line in review if not line.startswith(f"{SOURCE_LABELS[source]}提到乡镇“{mention.name}”")
            ]
            return county
    return None


def _province_of_the_body(found: list[_Found], review: list[str]) -> Place | None:
    """The province when only the body names places and they all lie in one province ("在中共江苏省委领导下…"):
    the province alone, never a county."""
    provinces = {
        gazetteer.province_of(place.code)
        for item in found
        if item.source in _WEAK_SOURCES
        for place in item.mention.places[:1]
        if len(item.mention.places) == 1
    }
    provinces.discard(None)
    if len(provinces) != 1:
        return None
    province = provinces.pop()
    assert province is not None
    review.append(f"所属省份“{province.name}”仅见于正文，请核对")
    return province


def _county_of_the_site(owner: str, named: list[Place], review: list[str]) -> Place | None:
    """The county whose portal carries the page, from its footer's 主办单位 (a portal reached by IP address has no
    name to read): like the address, taken only when one county is named and the text does not contradict it."""
    counties = list(
        dict.fromkeys(
            place
            for found in _regions_in("site", _CJK_GAP.sub("", owner))
            for place in found.mention.places
            if _county_level(place)
        )
    )
    counties = [place for place in counties if all(gazetteer.contains(region.code, place.code) for region in named)]
    if len(counties) != 1:
        return None
    review.append(f"县级“{_path(counties[0])}”取自网站主办单位“{owner}”，请核对")
    return counties[0]


def _province_of_host(host: hosts.HostEvidence | None, review: list[str]) -> Place | None:
    """A province's report ("全省…") reposted on a county's portal: the address names the province (through any
    of its candidates, if they all lie in one province), never the county."""
    provinces = {gazetteer.province_of(candidate.place.code) for candidate in (host.candidates if host else ())}
    provinces.discard(None)
    if len(provinces) != 1:
        review.append("正文以“全省”或“我省”为主语，是省级报告：不从网址取县级")
        return None
    province = provinces.pop()
    assert province is not None
    review.append(f"正文以“全省”或“我省”为主语，是省级报告：只从网址取省份“{province.name}”，请核对")
    return province
