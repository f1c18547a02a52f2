"""gates/contracts*.py: one must-fail fixture per rule, a good tree, and the real repo.

Each folder under fixtures/contracts/must-fail/ is a small repository tree with an
expect.txt holding the exact `path:line: message` lines check() must print for it;
adding a folder adds a test.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gates.contracts import check, load_adrs, load_rfcs, load_tasks
from gates.contracts_links import find_cycles
from gates.contracts_schema import load_schemas, where
from gates.findings import Finding, sorted_findings

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "contracts"
GOOD = FIXTURES / "good"
MUST_FAIL = sorted(p for p in (FIXTURES / "must-fail").iterdir() if p.is_dir())
REPO = Path(__file__).resolve().parents[2]

# The rules the contract gate promises to catch; each needs its must-fail folder.
PROMISED = {
    "status-not-in-enum", "unknown-key", "dangling-rfc-link", "id-not-matching-file-name",
    "dependency-cycle", "self-dependency", "unquoted-date", "malformed-date",
    "missing-section", "duplicate-number", "superseded-without-successor",
    "done-marker-not-in-profile", "profile-marker-not-in-registry", "profile-name-mismatch",
    "bad-governance-baseline", "bad-exceptions-entry", "unterminated-front-matter",
    "yaml-syntax-error", "stray-file", "task-marker-not-in-registry", "bad-file-name",
    "required-profile-missing", "required-profiles-unnamed", "profile-deadline-over-ceiling",
    "done-task-empty-evidence", "done-task-template-evidence", "done-task-placeholder-evidence",
    "done-task-without-markers", "no-markers-reason-beside-markers", "bad-fuzz-floors",
}


@pytest.mark.parametrize("case", MUST_FAIL, ids=[p.name for p in MUST_FAIL])
def test_must_fail_fixture(case: Path) -> None:
    expected = (case / "expect.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{case.name}/expect.txt is empty"
    assert [str(f) for f in check(case)] == expected


def test_every_promised_rule_has_a_fixture() -> None:
    assert PROMISED <= {p.name for p in MUST_FAIL}


def test_good_tree_has_no_findings() -> None:
    assert check(GOOD) == []


def test_real_repository_passes() -> None:
    if not (REPO / "tasks").is_dir():
        pytest.skip("this checkout has no tasks/ yet")
    assert [str(f) for f in check(REPO)] == []


def test_loaders_key_by_file_id() -> None:
    assert sorted(load_tasks(GOOD)) == ["TASK-0001", "TASK-0002", "TASK-0003"]
    assert sorted(load_rfcs(GOOD)) == ["RFC-0001", "RFC-0002"]
    assert load_adrs(GOOD)["ADR-0001"].data["status"] == "accepted"
    assert load_tasks(GOOD)["TASK-0002"].data["scope"] == ["services/pager/**"]


def tracked(root: Path) -> None:
    """Make `root` a repository tracking every file in it: the checker reads what git tracks."""
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)


def test_unreadable_input_becomes_findings(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "tasks" / "TASK-0009-binary.md").write_bytes(b"---\n\xff\xfe\x00\n---\n")
    (tmp_path / "rfcs" / "RFC-0009-tabs.md").write_text("---\n\tid: x\n---\n")
    (tmp_path / "gates" / "layering.yaml").write_text("- not a mapping\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    found = [str(f) for f in check(tmp_path)]
    assert len(found) == 3
    assert found[0].startswith("gates/layering.yaml:1: the file must be a mapping")
    assert found[1].startswith("rfcs/RFC-0009-tabs.md:2: YAML syntax error")
    assert found[2].startswith("tasks/TASK-0009-binary.md:1: cannot read the file")


DONE_WITHOUT_MARKERS = """\
---
id: TASK-0004
title: Check the gate's own data
status: done
created: "2026-10-14"
rfcs: []
depends_on: []
scope: [gates/**]
proof:
  commands: [make test]
  markers: []
  no_markers: the change is to the gate, which its own tests prove; nothing boots differently
---

## Goal

The gate checks its data files.

## Non-goals

Booting.

## Stop conditions

None.

## Evidence

`make test` passed; the new must-fail fixtures failed before the rule and pass after it.
"""


def test_a_done_task_may_say_why_it_has_no_markers(tmp_path: Path) -> None:
    shutil.copytree(GOOD, tmp_path, dirs_exist_ok=True)
    (tmp_path / "tasks" / "TASK-0004-check-the-gate.md").write_text(DONE_WITHOUT_MARKERS)
    tracked(tmp_path)
    assert check(tmp_path) == []


def test_deleting_a_required_profile_fails(tmp_path: Path) -> None:
    shutil.copytree(REPO / "gates", tmp_path / "gates",
                    ignore=shutil.ignore_patterns("tests", "__pycache__"))
    (tmp_path / "gates" / "profiles" / "smp2.yaml").unlink()
    tracked(tmp_path)
    found = [str(f) for f in check(tmp_path)]
    assert any(f.startswith("gates/governance.yaml:") and "'smp2' names no profile" in f
               for f in found), found


def test_findings_sorted_deduplicated_and_one_line() -> None:
    a, b = Finding("b.md", 2, "x"), Finding("a.md", 9, "y")
    assert sorted_findings([a, b, a]) == [b, a]
    assert str(Finding("a.md", 3, "two\nlines")) == "a.md:3: two lines"


def test_find_cycles() -> None:
    graph = {"T1": ["T2"], "T2": ["T1", "T9"], "T3": ["T3"], "T4": ["T1"]}
    assert find_cycles(graph) == [["T1", "T2"], ["T3"]]
    assert find_cycles({"T1": ["T2"], "T2": []}) == []


def test_long_dependency_chain_does_not_recurse() -> None:
    chain = {f"T{i:05d}": [f"T{i + 1:05d}"] for i in range(5000)}
    chain["T05000"] = ["T00000"]
    assert len(find_cycles(chain)[0]) == 5001


def test_schema_helpers() -> None:
    schemas = load_schemas()
    assert schemas.enum("task_status")[0] == "draft"
    assert where(("proof", "markers", 0)) == "proof.markers[0]"
    assert where(()) == ""
