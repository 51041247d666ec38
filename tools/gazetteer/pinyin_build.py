"""Regenerate data/gazetteer/pinyin.tsv: a reviewed pinyin reading of every province, prefecture and county.

    .venv/bin/python tools/gazetteer/pinyin_build.py            (also run at the end of gazetteer_build.py)
    .venv/bin/python tools/gazetteer/pinyin_build.py --review   the readings a person must check after a rebuild

Reads the committed provinces/prefectures/counties.tsv, so it needs no download: pypinyin (a dev-only pin, its
dictionary ships in the wheel) reads each name, then the reviewed corrections in pinyin_overrides.tsv replace
its misreadings (丰都 is feng-du, not feng-dou; 单县 is shan-xian). Nothing reads pinyin at run time: the
readings are data, like the names. How the overrides were reviewed is in data/gazetteer/SOURCES.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from pypinyin.pinyin_dict import pinyin_dict

from gazetteer_build import OUT, strip_nationalities  # beside this file

PINYIN = OUT / "pinyin.tsv"
OVERRIDES = OUT / "pinyin_overrides.tsv"
HEADER = ["code", "name", "base", "pinyin", "unit_pinyin"]

# Unit words, longest first, and the word a host spells for them: an autonomous county is a 县 in a hostname
# (石柱土家族自治县 → 石柱 + 县).
UNIT_WORDS = {
    "特别行政区": "",
    "自治区": "区",
    "自治州": "州",
    "自治县": "县",
    "自治旗": "旗",
    "地区": "地区",
    "新区": "新区",
    "矿区": "矿区",
    "林区": "林区",
    "特区": "特区",
    "省": "省",
    "市": "市",
    "县": "县",
    "区": "区",
    "旗": "旗",
    "州": "州",
    "盟": "盟",
}
# Only the gazetteer's short name may split off 林区 or 特区: 万柏林区 is 万柏林 + 区 (gazetteer_build.COUNTY_SUFFIXES).
SPLIT_WITHOUT_SHORT_NAME = [suffix for suffix in UNIT_WORDS if suffix not in ("林区", "特区")]


def split_name(name: str, short: str = "") -> tuple[str, str]:
    """(base, unit word): 将乐县 → (将乐, 县), 单县 → (单, 县), 瀍河回族区 → (瀍河, 区), 香港特别行政区 → (香港, "").

    The gazetteer's short name wins where it has one, because it knows 林区 from 区; unlike it, a base may be
    a single character here (单县 is spelled shanxian on its portal).
    """
    base = short
    if not base:
        suffix = next((s for s in SPLIT_WITHOUT_SHORT_NAME if name.endswith(s) and len(name) > len(s)), "")
        base = name[: len(name) - len(suffix)]
        if suffix.startswith("自治"):  # 博尔塔拉蒙古自治州 → 博尔塔拉
            base = strip_nationalities(base)
    if base.endswith("族"):  # 管城回族区 → 管城
        base = strip_nationalities(base)
    rest = name[len(base) :]
    unit = next((word for suffix, word in UNIT_WORDS.items() if rest.endswith(suffix)), "")
    return base, unit


def syllables(text: str) -> str:
    """pypinyin's reading, hyphen-joined, ü written v as hosts write it (吕梁 lv-liang)."""
    return "-".join(lazy_pinyin(text, style=Style.NORMAL))


def read_tsv(path: Path) -> list[dict[str, str]]:
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    columns = header.split("\t")
    return [dict(zip(columns, line.split("\t"), strict=True)) for line in lines]


def read_overrides(names: dict[str, tuple[str, str]]) -> dict[str, str]:
    """code → reviewed reading of the base; a row that names no place or miscounts syllables stops the build."""
    overrides: dict[str, str] = {}
    for number, row in enumerate(read_tsv(OVERRIDES), start=2):
        where = f"{OVERRIDES.name} line {number}"
        if row["code"] not in names or names[row["code"]][0] != row["name"]:
            raise SystemExit(f"{where}: no place {row['code']} {row['name']} in the gazetteer; fix the code or name")
        base = names[row["code"]][1]
        if len(row["pinyin"].split("-")) != len(base):
            raise SystemExit(f"{where}: {row['pinyin']} needs one syllable per character of {base}")
        if row["code"] in overrides:
            raise SystemExit(f"{where}: {row['code']} is overridden twice; keep one row")
        if not row["note"]:
            raise SystemExit(f"{where}: say where the reading comes from in the note column")
        overrides[row["code"]] = row["pinyin"]
    return overrides


def render() -> str:
    """The whole of pinyin.tsv, sorted by code: the build writes it, a test compares it with the committed file."""
    places = [(r["code"], r["name"], "") for r in read_tsv(OUT / "provinces.tsv")]
    places += [(r["code"], r["name"], "") for r in read_tsv(OUT / "prefectures.tsv")]
    places += [(r["code"], r["name"], r["short_name"]) for r in read_tsv(OUT / "counties.tsv")]
    split = {code: (name, *split_name(name, short)) for code, name, short in places}
    overrides = read_overrides({code: (name, base) for code, (name, base, _) in split.items()})
    rows = sorted(
        [code, name, base, overrides.get(code) or syllables(base), syllables(unit)]
        for code, (name, base, unit) in split.items()
    )
    return "\n".join("\t".join(row) for row in [HEADER, *rows]) + "\n"


def build() -> None:
    text = render()
    PINYIN.write_text(text, encoding="utf-8")
    print(f"{text.count(chr(10)) - 1} readings written to {PINYIN.name}")


def review() -> None:
    """What a reviewer reads: each character pypinyin knows several readings of, the reading chosen in pinyin.tsv,
    and the names that use it (overridden readings marked *). A wrong pair goes into pinyin_overrides.tsv."""
    overridden = {row["code"] for row in read_tsv(OVERRIDES)}
    several = {chr(point) for point, readings in pinyin_dict.items() if "," in readings}
    pairs: dict[tuple[str, str], list[str]] = {}
    for row in read_tsv(PINYIN):
        for character, syllable in zip(row["base"], row["pinyin"].split("-"), strict=True):
            if character in several:
                mark = "*" if row["code"] in overridden else ""
                pairs.setdefault((character, syllable), []).append(row["base"] + mark)
    for (character, syllable), bases in sorted(pairs.items(), key=lambda item: (-len(item[1]), item[0])):
        print(f"{character}\t{syllable}\t{len(bases)}\t{' '.join(dict.fromkeys(bases))}")
    print(f"{len(pairs)} character readings in {sum(map(len, pairs.values()))} uses", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--review", action="store_true", help="print the readings a person must check, not build")
    if parser.parse_args().review:
        review()
    else:
        build()


if __name__ == "__main__":
    main()
