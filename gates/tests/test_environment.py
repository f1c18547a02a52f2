"""The environment rules, and a check that every variable the tree reads has one."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from gates import environment, runner
from gates.cache import Inputs
from gates.environment import Rule, Var
from gates.report import Verdict
from gates.stages import all_stages
from gates.stages.base import Stage, StageContext

REPO = Path(__file__).resolve().parents[2]
DECLARED = (Var("CK_*", Rule.REFUSE, "chooses tests"), Var("CROSS", Rule.KEY, "toolchain", "{}gcc"),
            Var("MAKEFLAGS", Rule.CLEAR, "make's flags"), Var("HOSTCC", Rule.KEY, "host compiler", "{}"))


def test_a_refused_variable_is_named_with_what_it_changes():
    lines = environment.refusals(DECLARED, {"CK_RUN_SUITE": "fdt", "CK_FORK": "no", "PATH": "/bin"})
    assert lines == [
        "CK_FORK is set (CK_FORK='no'): it chooses tests; unset it to run the gate",
        "CK_RUN_SUITE is set (CK_RUN_SUITE='fdt'): it chooses tests; unset it to run the gate",
    ]
    assert environment.refusals(DECLARED, {"PATH": "/bin", "CKX": "1"}) == []


def test_keyed_variables_count_when_set_and_when_unset():
    assert environment.keyed(DECLARED, {}) == ("CROSS unset", "HOSTCC unset")
    assert environment.keyed(DECLARED, {"CROSS": "x-"}) == ("CROSS=x-", "HOSTCC unset")
    assert environment.keyed(DECLARED, {"CROSS": ""}) != environment.keyed(DECLARED, {})


def test_a_keyed_variable_that_names_a_program_keys_that_program():
    assert environment.programs(DECLARED, {"CROSS": "riscv64-linux-gnu-", "HOSTCC": "clang"}) == (
        "riscv64-linux-gnu-gcc", "clang")
    assert environment.programs(DECLARED, {}) == ()


def test_cleared_variables_are_left_out_of_the_commands_environment():
    assert environment.cleared(DECLARED, {"MAKEFLAGS": "-i", "PATH": "/bin", "CROSS": "x-"}) == {
        "PATH": "/bin", "CROSS": "x-"}


def stand_in(name: str, run: object, env: tuple[Var, ...]) -> Stage:
    return Stage(name, name, (), lambda ws: Inputs(), run, Path(__file__), env=env)  # type: ignore[arg-type]


def test_the_runner_refuses_before_the_cache_and_records_keyed_values(tmp_path):
    calls: list[str] = []

    def counted(ctx: StageContext) -> Verdict:
        calls.append("ran")
        return Verdict.passed("ok")

    stages = [stand_in("a", counted, DECLARED)]

    def execute(env: dict[str, str]) -> tuple[str, dict[str, object]]:
        report = runner.Run(tmp_path, stages, True, io.StringIO(), env=env).execute(["a"])
        data = json.loads((tmp_path / report.folder / "report.json").read_text())
        return report.results[0].outcome.value, data

    outcome, data = execute({"CROSS": "x-", "PATH": "/usr/bin:/bin"})
    assert outcome == "pass" and data["environment"] == {"CROSS": "x-"}
    assert execute({"CROSS": "x-", "PATH": "/usr/bin:/bin"})[0] == "cached"
    assert execute({"PATH": "/usr/bin:/bin"})[0] == "pass"
    outcome, data = execute({"PATH": "/usr/bin:/bin", "CK_RUN_SUITE": "fdt"})
    assert outcome == "infra-error" and data["stages"][0]["messages"][0].startswith("CK_RUN_SUITE is set")
    assert calls == ["ran", "ran"]


def test_every_stage_is_refused_a_python_path(tmp_path):
    """PYTHONPATH could put a stand-in jsonschema before Debian's, and the gate judges in Python."""
    stages = [stand_in("a", lambda ctx: Verdict.passed("ok"), ())]
    report = runner.Run(tmp_path, stages, False, io.StringIO(), env={"PYTHONPATH": "/tmp"}).execute(["a"])
    assert report.results[0].outcome.value == "infra-error" and "PYTHONPATH is set" in report.results[0].summary


# --- every variable the tree reads from the environment has a rule --------------------------

def declared_names() -> set[str]:
    return {v.name for s in all_stages() for v in (*environment.EVERY_STAGE, *s.env)}


def is_declared(name: str) -> bool:
    return any(Var(d, Rule.KEY, "").matches(name) for d in declared_names())


def tracked(pattern: str) -> list[Path]:
    return sorted(p for p in REPO.glob(pattern) if "build" not in p.relative_to(REPO).parts)


def test_every_conditional_make_variable_has_a_rule():
    """`NAME ?= default` lets the environment set NAME; each such variable is keyed or refused,
    or shown here to be out of the gate's reach."""
    makefiles = [REPO / "Makefile", *tracked("**/*.mk"), *tracked("examples/**/Makefile")]
    found = {m[1] for f in makefiles for m in re.finditer(r"^\s*'?([A-Z_][A-Z0-9_]*)\s*\?=", f.read_text(), re.M)}
    assert {"CROSS", "HOSTCC", "QEMU", "OPENSBI", "EXTRA", "FUZZ_CC", "BOOT_PROGRAMS"} <= found
    # `make run` alone reads SMP and MEM, and no stage runs it.
    assert all("run-qemu.sh" in line for line in (REPO / "Makefile").read_text().splitlines()
               if "$(SMP)" in line or "$(MEM)" in line)
    # The SDK's example is built with both set on the sub-make's command line.
    sdk = (REPO / "tools/sdk/sdk.mk").read_text()
    assert re.search(r"\$\(MAKE\)[^\n]*CAIRN_SDK=[^\n]*\\\n\s*O=", sdk)
    out_of_reach = {"SMP", "MEM", "CAIRN_SDK", "O"}
    assert sorted(n for n in found - out_of_reach if not is_declared(n)) == []


def test_every_variable_a_tool_script_defaults_has_a_rule():
    scripts = tracked("tools/**/*.sh")
    found = {m[1] for f in scripts for m in re.finditer(r"\$\{([A-Z_][A-Z0-9_]*):?-", f.read_text())}
    assert {"QEMU", "OPENSBI"} <= found
    # tools/setup.sh runs before the gate (make test), never inside a stage.
    out_of_reach = {"CAIRN_SETUP_BINDIR"}
    assert not [p for p in (REPO / "gates" / "stages").glob("*.py") if "setup.sh" in p.read_text()]
    assert sorted(n for n in found - out_of_reach if not is_declared(n)) == []


def test_every_variable_a_test_program_reads_has_a_rule():
    sources = [*tracked("kernel/tests/**/*.c"), *tracked("userspace/**/tests/**/*.c"), *tracked("userspace/**/fuzz/**/*.c")]
    found = {m[1] for f in sources for m in re.finditer(r"getenv\(\s*\"([^\"]+)\"", f.read_text(errors="replace"))}
    assert sorted(n for n in found if not is_declared(n)) == []


def test_no_python_tool_reads_a_variable_without_a_rule():
    sources = [*tracked("tools/**/*.py"), *(p for p in tracked("gates/**/*.py") if "tests" not in p.parts)]
    pattern = r"(?:os\.environ\.get|os\.getenv|os\.environ\[)\(?\s*[\"']([^\"']+)[\"']"
    found = {m[1] for f in sources for m in re.finditer(pattern, f.read_text())}
    assert sorted(n for n in found if not is_declared(n)) == []
