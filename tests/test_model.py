"""The one front-matter schema: exported JSON Schema is fresh, YAML round-trips, the order is fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai import store
from gongkai.model import FrontMatter, ReportMeta, json_schema
from gongkai.write import render

ROOT = Path(__file__).resolve().parent.parent


def _front_matter(**changes: object) -> FrontMatter:
    data: dict[str, object] = {
        "title": "某镇2024年法治政府建设情况报告",
        "doc_type": "法治政府建设年度报告",
        "report_year": 2024,
        "issuers": ["某镇人民政府"],
        "publisher": "某镇人民政府",
        "province": "重庆市",
        "province_code": "500000",
        "county": "大足区",
        "county_code": "500111",
        "organ_level": "乡镇",
        "source_file": "a.docx",
        "source_sha256": "0" * 64,
        "source_format": "docx",
    }
    data.update(changes)
    return FrontMatter.model_validate(data)


def test_committed_json_schema_is_fresh() -> None:
    committed = json.loads((ROOT / "schema" / "front-matter.schema.json").read_text("utf-8"))
    assert committed == json_schema(), "run `gongkai schema --write` and commit schema/front-matter.schema.json"


@pytest.mark.parametrize(
    "title",
    [
        "标题: 带冒号",
        "带'单引号'与\"双引号\"",
        "---",
        "- 列表样",
        "#号开头",
        "yes",
        "2024",
        "null",
        "@at",
        "&anchor *alias",
        "末尾空格 ",
    ],
)
def test_titles_round_trip_through_yaml(title: str) -> None:
    front_matter = _front_matter(title=title)
    data, _raw, _body = store.split(render(front_matter, "# x\n"))
    assert FrontMatter.model_validate(data) == front_matter


def test_fields_are_written_in_schema_order() -> None:
    _data, raw, _body = store.split(render(_front_matter(), "# x\n"))
    keys = [line.split(":")[0] for line in raw.splitlines() if line and not line.startswith((" ", "-"))]
    assert keys == list(FrontMatter.model_fields)


def test_rendering_is_deterministic() -> None:
    assert render(_front_matter(), "# x\n") == render(_front_matter(), "# x\n")


def test_unknown_fields_and_bad_codes_are_rejected() -> None:
    with pytest.raises(ValueError):
        _front_matter(cuonty="大足区")
    with pytest.raises(ValueError):
        _front_matter(county_code="50011")
    with pytest.raises(ValueError):
        _front_matter(source_url="javascript:alert(1)")


def test_the_sites_typed_front_matter_has_the_models_fields() -> None:
    """ReportMeta (what the site reads, typed for mypy) and FrontMatter (what is written and checked) agree."""
    assert list(ReportMeta.__annotations__) == list(FrontMatter.model_fields)
