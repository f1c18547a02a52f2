"""report.json against schemas/report.schema.json: every field a run writes is described."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import jsonschema
import pytest

from gates import runner
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages.base import Stage, ToolMissing

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schemas" / "report.schema.json").read_text())


def missing_tool(ctx: object) -> Verdict:
    raise ToolMissing("frob is not installed")


def a_report(root: Path) -> dict[str, object]:
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    inputs = lambda ws: Inputs(tools=("sh",), packages=("no-such-package-here",))  # noqa: E731
    stages = [
        Stage("a", "a", (), inputs, lambda ctx: Verdict.passed("fine"), Path(__file__)),
        Stage("b", "b", (), inputs, lambda ctx: Verdict.failed("broken", ["x.c:1: wrong"]), Path(__file__)),
        Stage("c", "c", ("b",), inputs, lambda ctx: Verdict.passed("never"), Path(__file__)),
        Stage("d", "d", (), inputs, missing_tool, Path(__file__)),
    ]
    report = runner.Run(root, stages, True, io.StringIO(), env={"PATH": "/usr/bin:/bin", "CROSS": "x-"}).execute(
        ["a", "b", "c", "d"])
    return json.loads((root / report.folder / "report.json").read_text())


def test_a_run_writes_a_report_the_schema_accepts(tmp_path):
    data = a_report(tmp_path)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert [s["outcome"] for s in data["stages"]] == ["pass", "fail", "skipped", "infra-error"]
    assert data["tools"]["sh"]["path"] and data["packages"] == {"no-such-package-here": "missing"}


@pytest.mark.parametrize("field", ["dirty", "tools", "packages", "python", "git_head"])
def test_a_report_without_its_provenance_is_refused(tmp_path, field):
    data = a_report(tmp_path)
    del data[field]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(SCHEMA).validate(data)
