"""The parallel build's helpers (gongkai.site.build): work forked beside the builds hands back its result, its
error, or says that it ended without either."""

from __future__ import annotations

import os

import pytest

from gongkai.site.build import _Forked


def _answer(number: int) -> dict[str, list[int]]:
    return {"found": [number, number * 2]}


def _fail() -> None:
    raise ValueError("第 3 行有误")


def _vanish() -> None:
    os._exit(7)


def test_forked_work_hands_back_its_result() -> None:
    assert _Forked(_answer, 21).result() == {"found": [21, 42]}


def test_forked_work_raises_its_error_again_in_the_parent() -> None:
    with pytest.raises(ValueError, match="第 3 行有误"):
        _Forked(_fail).result()


def test_forked_work_that_ends_without_a_result_is_an_error_naming_its_exit() -> None:
    with pytest.raises(RuntimeError, match="退出码 7"):
        _Forked(_vanish).result()
