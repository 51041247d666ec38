"""The national gazetteer: provinces, prefectures, counties (GB/T 2260) and townships (统计用区划代码).

Read from data/gazetteer/*.tsv (see SOURCES.md there; tools/gazetteer/gazetteer_build.py regenerates them) once per
process, on first use. Nothing is fetched at run time. Codes are the keys everywhere: names repeat (29 county
names, thousands of township names), codes do not.

The pinyin readings (pinyin.tsv) and the provinces' host abbreviations are read only by the functions that
return them, on their first call: converting a report that never looks at a hostname does not pay for them.

Four prefecture-level cities have no counties (东莞市, 中山市, 儋州市, 嘉峪关市): their townships belong directly
to the city, so `county_of` a 虎门镇 is 东莞市 with level "prefecture".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Level = Literal["province", "prefecture", "county", "town"]


@dataclass(frozen=True)
class Place:
    code: str  # 6 digits (9 for towns)
    name: str
    level: Level
    parent_code: str | None  # None for provinces; a province for 直辖市 districts and 省直辖县级行政单位


@dataclass(frozen=True)
class Reading:
    """A place's reviewed pinyin, for matching hostnames: 将乐县 reads ("jiang", "le") + ("xian",).

    `syllables` spell the name without its unit word (ü as v: 吕梁 lv-liang); `unit` spells the unit word as
    hosts write it (县 xian, 地区 di-qu; an autonomous county is a 县), empty for 香港 and 澳门.
    """

    code: str
    syllables: tuple[str, ...]
    unit: tuple[str, ...]


@dataclass(frozen=True)
class ProvinceHosts:
    """How hostnames name a province: 川 is written sc in front of a county (scxxx), and sc.gov.cn is its portal."""

    code: str
    abbreviation: str  # 简称: 川
    host_prefixes: tuple[str, ...]  # what stands before a county's letters: sc; 河南 is hn or ha
    portal_labels: tuple[str, ...]  # the label before .gov.cn of the province government's own sites


@dataclass(frozen=True)
class _Index:
    places: dict[str, Place]
    children: dict[str, list[Place]]
    by_name: dict[tuple[Level, str], list[Place]]
    short_names: dict[str, str]


def _rows(name: str) -> Iterator[dict[str, str]]:
    """Plain split, not csv: the files hold no quotes or tabs inside fields, and this is twice as fast."""
    header, *lines = (
        resources.files("gongkai.data").joinpath("gazetteer").joinpath(name).read_text("utf-8").splitlines()
    )
    columns = header.split("\t")
    for line in lines:
        yield dict(zip(columns, line.split("\t"), strict=True))


@cache
def _index() -> _Index:
    """All four files parsed into plain dicts: ~45,000 places, loaded once per process."""
    places: list[Place] = [Place(r["code"], r["name"], "province", None) for r in _rows("provinces.tsv")]
    places += [Place(r["code"], r["name"], "prefecture", r["province_code"]) for r in _rows("prefectures.tsv")]
    short_names: dict[str, str] = {}
    for row in _rows("counties.tsv"):
        places.append(Place(row["code"], row["name"], "county", row["prefecture_code"] or row["province_code"]))
        if row["short_name"]:
            short_names[row["code"]] = row["short_name"]
    places += [Place(r["code"], r["name"], "town", r["county_code"]) for r in _rows("towns.tsv")]

    children: dict[str, list[Place]] = defaultdict(list)
    by_name: dict[tuple[Level, str], list[Place]] = defaultdict(list)
    for place in places:
        if place.parent_code:
            children[place.parent_code].append(place)
        if place.level != "town":
            by_name[(place.level, place.name)].append(place)
    return _Index({p.code: p for p in places}, dict(children), dict(by_name), short_names)


def lookup(code: str) -> Place | None:
    return _index().places.get(code)


def _ancestors(code: str) -> Iterator[Place]:
    """The place itself, then its parent, up to the province."""
    place = lookup(code)
    while place is not None:
        yield place
        place = lookup(place.parent_code) if place.parent_code else None


def _ancestor_at(code: str, level: Level) -> Place | None:
    return next((place for place in _ancestors(code) if place.level == level), None)


def province_of(code: str) -> Place | None:
    return _ancestor_at(code, "province")


def prefecture_of(code: str) -> Place | None:
    """None for 直辖市 districts and 省直辖县级行政单位 (济源市, 仙桃市 …), which have no prefecture."""
    return _ancestor_at(code, "prefecture")


def county_of(town_code: str) -> Place | None:
    """The unit a township belongs to: a county, or one of the four prefecture-level cities without counties."""
    town = lookup(town_code)
    if town is None or town.level != "town" or town.parent_code is None:
        return None
    return lookup(town.parent_code)


def contains(parent_code: str, child_code: str) -> bool:
    """True when child lies within parent at any depth (a town in its province too); a place contains itself."""
    return any(place.code == parent_code for place in _ancestors(child_code))


def places_at(level: Level) -> list[Place]:
    """Every place of one level, in code order (the resolver builds its name scanner from these)."""
    return [place for place in _index().places.values() if place.level == level]


def counties_named(name: str) -> list[Place]:
    """Counties with this full name (鼓楼区 gives four); short names are not matched here."""
    return list(_index().by_name.get(("county", name), []))


def prefectures_named(name: str) -> list[Place]:
    return list(_index().by_name.get(("prefecture", name), []))


def provinces_named(name: str) -> list[Place]:
    return list(_index().by_name.get(("province", name), []))


def short_name(county_code: str) -> str | None:
    """鲁山县 → 鲁山, 石柱土家族自治县 → 石柱; None where no short form is safe (泾县, 朝阳县 beside 朝阳市)."""
    return _index().short_names.get(county_code)


def provinces() -> list[Place]:
    return places_at("province")


def prefectures_in(province_code: str) -> list[Place]:
    return [place for place in _index().children.get(province_code, []) if place.level == "prefecture"]


def without_counties(code: str) -> bool:
    """东莞市, 中山市, 儋州市, 嘉峪关市: prefecture-level cities whose townships lie directly under them. Their reports
    have no county (the city is no county), and are filed under the city."""
    place = lookup(code)
    return (
        place is not None
        and place.level == "prefecture"
        and not any(child.level == "county" for child in _index().children.get(code, []))
    )


def counties_in(code: str) -> list[Place]:
    """Counties of a province (including those without prefecture) or of a prefecture, in code order."""
    found: list[Place] = []
    for child in _index().children.get(code, []):
        if child.level == "county":
            found.append(child)
        elif child.level == "prefecture":
            found += counties_in(child.code)
    return sorted(found, key=lambda place: place.code)


def towns_in(code: str) -> list[Place]:
    """Townships directly under a county (or under a prefecture-level city without counties)."""
    return [place for place in _index().children.get(code, []) if place.level == "town"]


def _syllables(text: str) -> tuple[str, ...]:
    return tuple(text.split("-")) if text else ()


@cache
def readings() -> tuple[Reading, ...]:
    """Every province, prefecture and county with its reading, in code order (data/gazetteer/pinyin.tsv)."""
    return tuple(Reading(r["code"], _syllables(r["pinyin"]), _syllables(r["unit_pinyin"])) for r in _rows("pinyin.tsv"))


@cache
def romanised_names() -> tuple[tuple[str, str], ...]:
    """(code, host label) of places whose portals spell them in their own language's romanisation, not in pinyin:
    ordos.gov.cn is 鄂尔多斯市 (data/gazetteer/romanised_names.tsv)."""
    return tuple((r["code"], r["spelling"]) for r in _rows("romanised_names.tsv"))


@cache
def province_hosts() -> tuple[ProvinceHosts, ...]:
    """The 31 mainland provinces' host letters and portal labels (data/gazetteer/province_abbreviations.tsv)."""
    return tuple(
        ProvinceHosts(
            r["code"], r["abbreviation"], tuple(r["host_prefixes"].split()), tuple(r["portal_labels"].split())
        )
        for r in _rows("province_abbreviations.tsv")
    )
