"""The fuzz stage: reading libFuzzer's output, judging a target, and a missing runtime."""

from __future__ import annotations

from pathlib import Path

import pytest

from gates.cache import ToolVersions
from gates.stages import fuzz
from gates.stages.base import Completed, InfraError, Log, StageContext, Workspace

CLEAN = """\
INFO: Seed: 1234
#2\tINITED cov: 40 ft: 41 corp: 3/12Kb exec/s: 0 rss: 30Mb
#524288\tpulse  cov: 90 ft: 200 corp: 60/3Kb lim: 4096 exec/s: 262144 rss: 60Mb
Done 5758242 runs in 16 second(s)
stat::number_of_executed_units: 5758242
stat::average_exec_per_sec:     359890
stat::peak_rss_mb:              75
"""

CRASHED = """\
#1000\tNEW    cov: 91 ft: 201 corp: 61/3Kb
==17873== ERROR: libFuzzer: deadly signal
    #0 0x4f2e31 in __sanitizer_print_stack_trace
SUMMARY: libFuzzer: deadly signal
MS: 2 ChangeByte-CopyPart-; base unit: 0000
artifact_prefix='x/'; Test unit written to x/crash-90e6
stat::number_of_executed_units: 1234
"""


def test_executions_come_from_the_final_stats():
    assert fuzz.parse_executions(CLEAN) == 5758242


def test_executions_fall_back_to_the_done_line_and_else_zero():
    assert fuzz.parse_executions("Done 77 runs in 1 second(s)\n") == 77
    assert fuzz.parse_executions("INFO: Seed: 1\n") == 0


def test_sanitizer_and_libfuzzer_reports_are_found_once():
    out = CRASHED + "==1== ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\n"
    out += "kernel/loader/elf.c:90:7: runtime error: shift exponent 64 is too large\n"
    out += "==2==ERROR: LeakSanitizer: detected memory leaks\n"
    out += "ALARM: working on the last Unit for 11 seconds\n"
    reports = fuzz.find_reports(out)
    assert reports[0] == "==17873== ERROR: libFuzzer: deadly signal"
    assert "SUMMARY: libFuzzer: deadly signal" in reports
    assert any("heap-buffer-overflow" in r for r in reports)
    assert any("runtime error: shift exponent" in r for r in reports)
    assert any("LeakSanitizer" in r for r in reports)
    assert any(r.startswith("ALARM:") for r in reports)
    assert fuzz.find_reports(CLEAN) == []


def test_a_clean_run_has_no_problems():
    result = fuzz.judge("elf", "kernel/tests/fuzz/fuzz_elf.c", Completed(0, CLEAN), [])
    assert result == fuzz.TargetResult("elf", 5758242, (), 200)


def test_a_crash_is_reported_with_the_kept_input():
    result = fuzz.judge("elf", "src.c", Completed(1, CRASHED), ["build/gates/r/fuzz/elf/crash-90e6"])
    assert result.executions == 1234
    assert "src.c:1: elf: ==17873== ERROR: libFuzzer: deadly signal" in result.problems
    assert result.problems[-1] == "src.c:1: elf: input kept at build/gates/r/fuzz/elf/crash-90e6"


def test_a_kept_input_fails_even_with_a_zero_exit():
    result = fuzz.judge("elf", "src.c", Completed(0, CLEAN), ["leak-1"])
    assert result.problems == ("src.c:1: elf: input kept at leak-1",)


def test_a_silent_non_zero_exit_fails():
    result = fuzz.judge("elf", "src.c", Completed(77, CLEAN), [])
    assert result.problems == ("src.c:1: elf: exited 77 without a report (see log)",)


def test_a_run_of_zero_inputs_fails():
    result = fuzz.judge("elf", "src.c", Completed(0, "INFO: Seed: 1\n"), [])
    assert result.problems == ("src.c:1: elf: executed no inputs",)


def test_only_finding_files_count_as_artifacts(tmp_path: Path):
    for name in ("crash-1", "leak-2", "timeout-3", "oom-4", "fuzz.log"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    assert [p.name for p in fuzz.artifacts(tmp_path)] == ["crash-1", "leak-2", "oom-4", "timeout-3"]
    assert fuzz.artifacts(tmp_path / "absent") == []


def test_target_names_drop_the_prefix():
    assert fuzz.target_name("build/fuzz/fuzz_bootimg") == "bootimg"


def test_sources_are_found_in_the_kernel_and_the_service_libraries(tmp_path: Path):
    for path in ("kernel/tests/fuzz/fuzz_elf.c", "userspace/libpolicy/fuzz/fuzz_policy.c"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("", encoding="utf-8")
    assert fuzz.source_of(tmp_path, "build/fuzz/fuzz_elf") == "kernel/tests/fuzz/fuzz_elf.c"
    assert fuzz.source_of(tmp_path, "build/fuzz/fuzz_policy") == "userspace/libpolicy/fuzz/fuzz_policy.c"
    assert fuzz.source_of(tmp_path, "build/fuzz/fuzz_gone") == "kernel/tests/fuzz/fuzz_gone.c"


class ListedFiles(Workspace):
    """A work tree given as its file list, without git."""

    def __init__(self, files: list[str]) -> None:
        super().__init__(Path("."))
        self.listed = sorted(files)

    def files(self) -> list[str]:
        return self.listed


def test_the_fingerprint_covers_both_trees_and_nothing_else():
    read = (
        "kernel/loader/elf.c",
        "kernel/tests/fuzz/fuzz.mk",
        "userspace/fuzz.mk",
        "userspace/libmanifest/manifest.c",
        "userspace/libpolicy/fuzz/seeds.txt",
        "userspace/libjournal/journal.c",
        "userspace/libregistry/fuzz/fuzz_registry.c",
        "userspace/libsvc/log.c",
    )
    ignored = ("userspace/libcairn/print.c", "services/init/main.c", "docs/fuzz.md")
    files = set(fuzz.inputs(ListedFiles([*read, *ignored])).files)
    assert set(read) <= files
    assert not set(ignored) & files


class FakeMake(StageContext):
    """A context whose commands print canned output instead of running."""

    def __init__(self, root: Path, replies: dict[str, Completed]) -> None:
        super().__init__(root, Workspace(root), ToolVersions(), Log(root / "fuzz.log"), root)
        self.replies = replies

    def run(self, cmd, timeout, cwd=None):  # type: ignore[no-untyped-def,override]
        return self.replies[cmd[-1]]


def test_a_missing_fuzzer_runtime_is_an_infra_error(tmp_path: Path):
    link_error = "/usr/bin/ld: cannot find /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a\n"
    ctx = FakeMake(tmp_path, {"fuzz-targets": Completed(2, link_error + "make: *** [fuzz.mk:30] Error 1\n")})
    with pytest.raises(InfraError, match="libFuzzer runtime"):
        fuzz.run(ctx)


def test_a_build_failure_fails(tmp_path: Path):
    ctx = FakeMake(tmp_path, {"fuzz-targets": Completed(2, "fuzz_elf.c:3: error: oops\nmake: *** Error 1\n")})
    verdict = fuzz.run(ctx)
    assert verdict.outcome.value == "fail"
    assert "make fuzz-targets failed" in verdict.messages[0]


def test_no_targets_fails(tmp_path: Path):
    replies = {"fuzz-targets": Completed(0, ""), "print-fuzz-targets": Completed(0, "\n")}
    verdict = fuzz.run(FakeMake(tmp_path, replies))
    assert verdict.outcome.value == "fail"
    assert verdict.summary == "fuzz: 0 targets"
