"""The host stage's floors: every Check test source is in a binary that runs, a binary that
runs zero tests fails, every pytest file is collected and not skipped whole, and every skip
has a reason. Each hole is reproduced through host.run() with make and the binaries faked;
the pytest cases run a real pytest over a small tree."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

from gates.cache import ToolVersions
from gates.report import Outcome
from gates.stages import host
from gates.stages.base import Completed, Log, StageContext, Workspace

READELF = """\
Contents of the .debug_info section:

  Compilation Unit @ offset 0:
 <0><c>: Abbrev Number: 29 (DW_TAG_compile_unit)
    <d>   DW_AT_producer    : (indirect string, offset: 0x0): GNU C11 12.2.0
    <12>   DW_AT_name        : (indirect line string, offset: 0): ../../../../src/libsanitizer/asan/asan_preinit.cpp
 <0><afe>: Abbrev Number: 39 (DW_TAG_compile_unit)
    <b04>   DW_AT_name        : (indirect line string, offset: 0x14c): {first}
    <b08>   DW_AT_comp_dir    : (indirect line string, offset: 0x0): {root}
 <0><8851>: Abbrev Number: 36 (DW_TAG_partial_unit)
    <8857>   DW_AT_name        : (indirect line string, offset: 0x2a3): kernel/tests/not_a_unit.c
 <0><8860>: Abbrev Number: 36 (DW_TAG_compile_unit)
    <8861>   DW_AT_name        : {second}
"""

PASSING_CHECK = "Running suite(s): a\n100%: Checks: 4, Failures: 0, Errors: 0\n"
EMPTY_CHECK = "Running suite(s): a\n100%: Checks: 0, Failures: 0, Errors: 0\n"
GOOD_PYTEST = "def test_ok():\n    assert True\n"


class Tree(Workspace):
    """The work tree is whatever files exist under root (no git needed)."""

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file() and "build" not in p.parts and "__pycache__" not in p.parts)


class FakeHost(StageContext):
    """make, the Check binaries and readelf answer from `reply`; pytest really runs."""

    def __init__(self, root: Path, reply: Callable[[list[str]], Completed | None]) -> None:
        folder = root / "build" / "run"
        super().__init__(root, Tree(root), ToolVersions(), Log(folder / "host.log"), folder)
        self.reply = reply

    def run(self, cmd, timeout, cwd=None):  # type: ignore[no-untyped-def,override]
        answer = self.reply(list(cmd))
        return super().run(cmd, timeout, cwd) if answer is None else answer


def write(root: Path, files: dict[str, str]) -> None:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(textwrap.dedent(text), encoding="utf-8")


def fake_tools(root: Path, binaries: dict[str, tuple[str, list[str]]]) -> Callable[[list[str]], Completed | None]:
    """make builds and lists `binaries` (name -> (Check output, linked sources))."""

    def reply(cmd: list[str]) -> Completed | None:
        if cmd[0] == "make":
            return Completed(0, " ".join(binaries) if "print-host-tests" in cmd else "")
        if cmd[0] == "readelf":
            name = Path(cmd[-1]).relative_to(root).as_posix()
            first, second = (binaries[name][1] + ["", ""])[:2]
            return Completed(0, READELF.format(first=first, second=second or first, root=root))
        if cmd[0].startswith(str(root)):
            return Completed(0, binaries[Path(cmd[0]).relative_to(root).as_posix()][0])
        return None  # pytest: run it

    return reply


def judge(root: Path, binaries: dict[str, tuple[str, list[str]]]):  # type: ignore[no-untyped-def]
    return host.run(FakeHost(root, fake_tools(root, binaries)))


def test_a_sound_tree_passes_and_counts_its_skips(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST + textwrap.dedent("""\
            import pytest
            def test_later():
                pytest.skip("needs a second hart")
            """),
    })
    verdict = judge(tmp_path, {"build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"])})
    assert verdict.messages == ()
    assert verdict.outcome is Outcome.PASS
    assert verdict.summary == "host: 4 Check tests in 1 binaries, 1 pytest tests (1 skipped)"


def test_a_test_source_in_no_binary_fails(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "kernel/tests/test_orphan.c": "START_TEST(b) { ck_abort(); } END_TEST\n",
        "userspace/libx/tests/test_x.c": "int x;\n",
        "services/y/helpers.c": "START_TEST(c) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST,
    })
    verdict = judge(tmp_path, {"build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"])})
    assert verdict.outcome is Outcome.FAIL
    assert [m.split(": ")[0] for m in verdict.messages] == [
        "kernel/tests/test_orphan.c:1", "services/y/helpers.c:1", "userspace/libx/tests/test_x.c:1",
    ]
    assert "linked into no binary" in verdict.messages[0]


def test_compile_units_are_read_from_readelf(tmp_path: Path) -> None:
    out = READELF.format(first="kernel/tests/test_a.c", second=f"{tmp_path}/kernel/fmt.c", root=tmp_path)
    assert host.parse_units(out, tmp_path) == {
        "../../../../src/libsanitizer/asan/asan_preinit.cpp", "kernel/tests/test_a.c", "kernel/fmt.c",
    }


def test_a_binary_that_runs_zero_tests_fails(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "kernel/tests/test_b.c": "START_TEST(b) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST,
    })
    verdict = judge(tmp_path, {
        "build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"]),
        "build/host/test_b": (EMPTY_CHECK, ["kernel/tests/test_b.c"]),
    })
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == ("build/host/test_b:1: ran zero Check tests",)


def test_a_conftest_that_leaves_a_failing_file_out_fails(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST,
        "gates/tests/test_broken.py": "def test_broken():\n    assert False\n",
        "gates/tests/conftest.py": 'collect_ignore = ["test_broken.py"]\n',
    })
    verdict = judge(tmp_path, {"build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"])})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "gates/tests/test_broken.py:1: pytest collected no test from it (a conftest.py or an option left it out)",
    )


def test_a_conftest_that_skips_a_whole_file_fails(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST,
        "gates/tests/test_broken.py": "def test_one():\n    assert False\n\ndef test_two():\n    assert False\n",
        "gates/tests/conftest.py": """\
            import pytest
            def pytest_collection_modifyitems(items):
                for item in items:
                    if "test_broken" in item.nodeid:
                        item.add_marker(pytest.mark.skip(reason="flaky on CI"))
            """,
    })
    verdict = judge(tmp_path, {"build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"])})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == ("gates/tests/test_broken.py:1: every one of its 2 tests was skipped",)
    assert verdict.summary.endswith("(2 skipped)")


def test_a_skip_without_a_reason_fails(tmp_path: Path) -> None:
    write(tmp_path, {
        "kernel/tests/test_a.c": "START_TEST(a) {} END_TEST\n",
        "gates/tests/test_ok.py": GOOD_PYTEST + textwrap.dedent("""\
            import pytest
            @pytest.mark.skip
            def test_marked():
                assert False
            def test_bare():
                pytest.skip()
            @pytest.mark.skipif("1 == 1")
            def test_conditional():
                assert False
            @pytest.mark.xfail
            def test_expected():
                assert False
            @pytest.mark.skip(reason="the fixture needs QEMU 8")
            def test_with_reason():
                assert False
            """),
    })
    verdict = judge(tmp_path, {"build/host/test_a": (PASSING_CHECK, ["kernel/tests/test_a.c"])})
    assert verdict.outcome is Outcome.FAIL
    assert [m.split(": ", 1)[1] for m in verdict.messages] == [
        "test_marked was skipped without a reason",
        "test_bare was skipped without a reason",
        "test_conditional was skipped without a reason",
        "test_expected was skipped without a reason",
    ]
    assert verdict.messages[1].startswith("gates/tests/test_ok.py:8: ")  # the skip call
    assert verdict.summary.endswith("(5 skipped)")


def test_deselected_tests_fail() -> None:
    counts = host.parse_pytest("3 passed, 2 deselected in 0.1s\n")
    assert counts == host.PytestCounts(3, 0, 0, 2)
