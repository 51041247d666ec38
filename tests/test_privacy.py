"""Personal data (个人信息保护法): ID-card numbers, private mobiles and private e-mail are masked in published
text; official numbers, dates, 文号, extensions and statistics are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai import config as settings
from gongkai.pipeline import convert_file
from gongkai.privacy import Policy, mask, valid_id_card

POLICY = Policy()


def _id_number(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]


ID_NUMBER = _id_number("50011119850317123")  # valid checksum, real-looking region and birth date


def test_id_checksum() -> None:
    assert valid_id_card(ID_NUMBER)
    assert not valid_id_card(ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1"))


@pytest.mark.parametrize(
    "text",
    [
        f"身份证号{ID_NUMBER}。",
        f"{ID_NUMBER}为当事人身份证号",
        f"当事人（身份证号：{ID_NUMBER}）已到场",
        f"ID {ID_NUMBER.lower()} end",
    ],
)
def test_id_numbers_are_masked_wherever_they_stand(text: str) -> None:
    masked, count = mask(text, POLICY)
    assert count == 1 and ID_NUMBER not in masked and ID_NUMBER[:6] + "********" in masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系电话：15923252937", "联系电话：159****2937"),
        ("15923252937（张琼）", "159****2937（张琼）"),
        ("电话159-2325-2937或", "电话159****2937或"),
        ("手机+86 159 2325 2937。", "手机159****2937。"),
        ("(联系人：张琼；联系电话：15923252937)", "(联系人：张琼；联系电话：159****2937)"),
    ],
)
def test_mobiles_are_masked(text: str, expected: str) -> None:
    assert mask(text, POLICY) == (expected, 1)


@pytest.mark.parametrize(
    "text",
    [
        "邮亭委文〔2025〕1号",
        "2025年1月8日",
        "办公电话：023-43711234",
        "联系电话：023-43711234转8012",
        "服务热线12345",
        "共培训7500余人，发放资料35000份",
        "统计编码500111116000",
        "索引号：11500111008662187N/2025-00012",
        "投入资金13800000000元",  # a mobile's shape, but a sum of money
        "政务邮箱：sfj@dazu.gov.cn",
        f"错误校验位的号码{ID_NUMBER[:-1]}{'1' if ID_NUMBER[-1] != '1' else '2'}",
    ],
)
def test_official_numbers_and_statistics_are_untouched(text: str) -> None:
    assert mask(text, POLICY) == (text, 0)


def test_private_email_is_masked_and_office_mail_kept() -> None:
    masked, count = mask("请发送至zhangqiong@163.com或sfj@dazu.gov.cn", POLICY)
    assert count == 1 and masked == "请发送至z***@163.com或sfj@dazu.gov.cn"


def test_the_policy_can_turn_a_kind_off() -> None:
    assert mask("15923252937", Policy(mask_mobiles=False)) == ("15923252937", 0)


@given(st.text(max_size=200))
def test_masking_never_raises_and_never_grows_the_count_on_a_second_pass(text: str) -> None:
    once, _count = mask(text, POLICY)
    assert mask(once, POLICY)[1] == 0


def test_a_report_with_a_mobile_records_the_count_and_withholds_the_original(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(
        f"丰都县双路镇人民政府2024年法治政府建设情况报告\n2024年，我镇坚持依法行政。当事人身份证号{ID_NUMBER}。\n"
        "丰都县双路镇人民政府\n2025年1月8日\n（联系人：张琼；联系电话：15923252937）\n",
        "utf-8",
    )
    conversion = convert_file(source, settings.load(tmp_path))
    assert conversion.front_matter.personal_data_masked == 2
    assert conversion.front_matter.original_download_confirmed is False
    assert any("个人信息" in item for item in conversion.front_matter.review)
    assert "15923252937" not in conversion.markdown and ID_NUMBER not in conversion.markdown
