"""README.md's account of the gate: stage names, their order, the closing count, bench figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from gates.contracts_readme import check_readme

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["contracts", "host", "bench"]
RECORD = """\
figures:
  ipc_roundtrip: {instructions: 516, batches: 21, per_batch: 100, target: 300}
"""
README = """\
# A project

| stage | checks |
| --- | --- |
| contracts | the documents |
| host | the tests |
| bench | the figures |

```
stage      outcome  seconds  summary
contracts  pass         0.2  contracts: 12 documents, 0 findings
host       pass        43.7  host: 328 Check tests in 19 binaries
bench      pass         0.6  bench: ipc_roundtrip 516 instructions
gates: 3 passed, 0 failed
```

```
bench: ipc_roundtrip instructions=516 (median of 21 batches of 100; min 516, max 516)
bench: ipc_roundtrip 516 vs recorded 516 (+0.0%, fails above 567; target <= 300: not met): ok
```
"""


def tree(tmp_path: Path, readme: str) -> Path:
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "bench.yaml").write_text(RECORD, encoding="utf-8")
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    return tmp_path


def messages(tmp_path: Path, readme: str) -> list[str]:
    return [str(f) for f in check_readme(tree(tmp_path, readme), STAGES)]


def test_a_readme_that_agrees_has_no_findings(tmp_path):
    assert messages(tmp_path, README) == []


def test_a_stage_missing_from_the_table(tmp_path):
    assert messages(tmp_path, README.replace("| host | the tests |\n", "")) == [
        "README.md:3: the stage table names contracts bench; the gate runs contracts host bench"]


def test_stages_out_of_order_in_the_sample_run(tmp_path):
    swapped = README.replace("contracts  pass         0.2  contracts: 12 documents, 0 findings\n", "")
    swapped = swapped.replace("gates: 3 passed", "contracts  pass         0.2  contracts: 1 documents\ngates: 3 passed")
    assert messages(tmp_path, swapped) == [
        "README.md:11: the sample run names host bench contracts; the gate runs contracts host bench"]


def test_a_closing_count_of_another_gate(tmp_path):
    assert messages(tmp_path, README.replace("gates: 3 passed", "gates: 10 passed")) == [
        "README.md:14: the sample run closes 'gates: 10 passed, 0 failed', but the gate has 3 stages"]


@pytest.mark.parametrize("stale", ["instructions=529", "ipc_roundtrip 529 vs recorded 516", "ipc_roundtrip 529 instructions"])
def test_a_stale_bench_figure(tmp_path, stale):
    fresh = {"instructions=529": "instructions=516",
             "ipc_roundtrip 529 vs recorded 516": "ipc_roundtrip 516 vs recorded 516",
             "ipc_roundtrip 529 instructions": "ipc_roundtrip 516 instructions"}[stale]
    found = messages(tmp_path, README.replace(fresh, stale))
    assert len(found) == 1 and found[0].endswith("quotes ipc_roundtrip 529; gates/bench.yaml records 516"), found


def test_the_real_readme_agrees_with_the_real_gate():
    from gates.stages import all_stages

    assert [str(f) for f in check_readme(ROOT, [s.name for s in all_stages()])] == []
