"""The lock files make installs repeatable: every package pinned with hashes, every range of pyproject.toml met by its
pin, and the two files agreeing on what they share (README, Dependencies; `make lock` writes them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def locked(name: str) -> dict[str, tuple[str, int]]:
    """Package → (version, number of hashes) as one lock file holds them."""
    pins: dict[str, tuple[str, int]] = {}
    for entry in re.split(r"\n(?=\S)", (ROOT / name).read_text("utf-8")):
        if match := PIN.match(entry):
            pins[canonicalize_name(match[1])] = (match[2], entry.count("--hash=sha256:"))
    return pins


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return [
        Requirement(line) for line in (project["optional-dependencies"][extra] if extra else project["dependencies"])
    ]


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_is_one_version_with_hashes(lock: str) -> None:
    pins = locked(lock)
    assert len(pins) > 50
    assert [name for name, (_, hashes) in pins.items() if hashes == 0] == []
    assert not re.search(r"^-(r|e) ", (ROOT / lock).read_text("utf-8"), re.M)  # pip's hash mode takes no includes


@pytest.mark.parametrize(("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")])
def test_every_declared_range_is_met_by_its_pin(lock: str, extra: str | None) -> None:
    pins = locked(lock)
    unmet = [
        str(req)
        for req in declared(extra)
        if canonicalize_name(req.name) not in pins or pins[canonicalize_name(req.name)][0] not in req.specifier
    ]
    assert unmet == []


def test_the_dev_lock_pins_the_run_time_packages_as_the_run_time_lock_does() -> None:
    runtime, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    assert {name: dev.get(name, ("missing",))[0] for name in runtime} == {name: pin[0] for name, pin in runtime.items()}
