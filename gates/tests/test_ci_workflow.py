"""The CI workflow (.github/workflows/ci.yml): one run per change, evidence without corpora."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "ci.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def test_a_pull_request_runs_ci_once():
    triggers = workflow()["on"]
    assert set(triggers) == {"push", "pull_request"}
    assert triggers["push"] == {"branches": ["main"]}


def test_the_checkout_has_the_history_the_scope_gate_walks():
    checkout = next(s for s in workflow()["jobs"]["gate"]["steps"] if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_the_uploaded_evidence_is_the_gate_reports_without_fuzz_corpora():
    upload = next(s for s in workflow()["jobs"]["gate"]["steps"]
                  if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()"
    assert upload["with"]["path"].split() == ["build/gates/", "!build/gates/**/corpus/**"]
