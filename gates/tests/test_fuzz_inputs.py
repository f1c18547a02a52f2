"""The fuzz stage's cached inputs hold every file a fuzz target or its seeds are built from.

A file the stage does not read into its key could change without the stage running again:
a pass served without being earned (RFC-0006, "Complete keys"). make knows what each target
and seed is built from; this walks make's own rules from `fuzz-targets` down to the files of
the repository and asks that each one match the stage's READS.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from gates import globs
from gates.stages import fuzz

REPO = Path(__file__).resolve().parents[2]
RULE = re.compile(r"^([^:#\s][^:]*?)::?(?:\s+(.*))?$")


def make_rules(root: Path) -> dict[str, list[str]]:
    """target -> prerequisites (order-only included), from `make -pnq` (nothing is built)."""
    printed = subprocess.run(["make", "-pnq", "--no-print-directory", "fuzz-targets"], cwd=root,
                             capture_output=True, text=True, check=False).stdout
    rules: dict[str, list[str]] = {}
    for line in printed.splitlines():
        head = line.split(":", 1)[0]
        if "=" in head or ":=" in line:
            continue  # a variable, not a rule
        m = RULE.match(line)
        if m is None:
            continue
        prereqs = (m.group(2) or "").replace("|", " ").split()
        for target in m.group(1).split():
            rules.setdefault(target, []).extend(prereqs)
    return rules


def source_files(root: Path, rules: dict[str, list[str]], goal: str) -> set[str]:
    """The repository files `goal` is built from, through every intermediate target."""
    seen: set[str] = set()
    files: set[str] = set()
    todo = [goal]
    while todo:
        target = todo.pop()
        if target in seen:
            continue
        seen.add(target)
        for prereq in rules.get(target, []):
            if not prereq.startswith("build/") and (root / prereq).is_file():
                files.add(prereq)
            todo.append(prereq)
    return files


def test_every_file_a_target_is_built_from_is_a_cached_input() -> None:
    files = source_files(REPO, make_rules(REPO), "fuzz-targets")
    assert "kernel/tests/fuzz/fuzz_spawn.c" in files  # the walk reaches the targets' sources
    assert "userspace/user.ld" in files  # and through the spawn seeds' built image
    missing = sorted(f for f in files if not globs.matches_any(fuzz.READS, f))
    assert missing == []


def test_the_walk_sees_a_file_the_inputs_miss(tmp_path: Path) -> None:
    """The check can fail: a prerequisite outside READS is named."""
    (tmp_path / "kernel").mkdir()
    (tmp_path / "kernel" / "stray.c").write_text("")
    rules = {"fuzz-targets": ["build/fuzz/fuzz_x"], "build/fuzz/fuzz_x": ["kernel/stray.c"]}
    files = source_files(tmp_path, rules, "fuzz-targets")
    assert files == {"kernel/stray.c"}
    assert not globs.matches_any(fuzz.READS, "kernel/stray.c")
