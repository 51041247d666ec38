"""The baseline gongkai must beat by a wide margin: metadata by "pandoc + regex", as an outsider would write it.

Deliberately naive (that is its point): first line with 报告 as title, first 20xx年 as year, first gazetteer
name anywhere in the text as place, first date, first 文号. No layout, no context, no checking.
Usage: .venv/bin/python bench/naive_metadata.py FILE   (prints the dict as JSON); eval_metadata.py scores it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

import pdfplumber
import pypandoc  # type: ignore[import-untyped]
from charset_normalizer import from_bytes

GAZETTEER = Path(__file__).resolve().parent.parent / "scripts" / "gongkai" / "data" / "gazetteer"


def _table(name: str) -> list[dict[str, str]]:
    header, *lines = (GAZETTEER / name).read_text("utf-8").splitlines()
    return [dict(zip(header.split("\t"), line.split("\t"), strict=True)) for line in lines]


PROVINCES = {row["code"]: row["name"] for row in _table("provinces.tsv")}
PREFECTURES = {row["code"]: row["name"] for row in _table("prefectures.tsv")}
COUNTIES: dict[str, dict[str, str]] = {}
for _row in _table("counties.tsv"):
    COUNTIES.setdefault(_row["name"], _row)  # a repeated name (鼓楼区 ×4) is taken as its first row

PROVINCE = re.compile("|".join(sorted(PROVINCES.values(), key=len, reverse=True)))
COUNTY = re.compile("|".join(sorted(COUNTIES, key=len, reverse=True)))  # longest first: 朝阳区 before 朝阳
YEAR = re.compile(r"(20\d\d)年")
PUBLISHER = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]*?(?:人民政府|办事处|委员会|局)")
DATE = re.compile(r"(?<!\d)(\d{4})(?:年(\d{1,2})月(\d{1,2})日|([-/.])(\d{1,2})\4(\d{1,2})(?!\d))")
DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,10})[〔\[【（(]\s*(\d{4})\s*[〕\]】）)]\s*(\d+)\s*号")


def text_of(path: Path) -> str:
    if path.suffix.lower() == ".txt":
        return str(from_bytes(path.read_bytes()).best() or "")
    if path.suffix.lower() == ".pdf":
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return str(pypandoc.convert_file(str(path), "plain", extra_args=["--wrap=none"]))


def first_date(text: str) -> str | None:
    """Skips impossible dates (2023.13.45), which a version number or a decimal can look like."""
    for match in DATE.finditer(text):
        year, month, day = match[1], match[2] or match[5], match[3] or match[6]
        try:
            return dt.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def naive(path: Path) -> dict[str, str | int | None]:
    text = text_of(path)
    title = next((line.strip() for line in text.splitlines() if "报告" in line), None)
    year = YEAR.search(text)
    county = COUNTY.search(text)
    row = COUNTIES[county[0]] if county else None
    province = PROVINCE.search(text)
    publisher = next((match[0] for match in PUBLISHER.finditer(text) if len(match[0]) <= 25), None)
    number = DOC_NUMBER.search(text)
    return {
        "title": title,
        "publisher": publisher,
        "province": province[0] if province else PROVINCES[row["province_code"]] if row else None,
        "prefecture": PREFECTURES.get(row["prefecture_code"]) if row else None,
        "county": row["name"] if row else None,
        "report_year": int(year[1]) if year else None,
        "published_date": first_date(text),
        "doc_number": f"{number[1]}〔{number[2]}〕{number[3]}号" if number else None,
    }


if __name__ == "__main__":
    print(json.dumps(naive(Path(sys.argv[1])), ensure_ascii=False, indent=1))
