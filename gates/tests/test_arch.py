"""Layering rules over include edges, and reading the compiler's dependency output."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gates.cache import ToolVersions
from gates.report import Outcome
from gates.stages import arch, ctree
from gates.stages.base import Log, StageContext, Workspace

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rules() -> list[arch.Rule]:
    return arch.load_rules(REPO)  # the shipped rules, so a change to them shows here


def broken(rules: list[arch.Rule], source: str, header: str) -> list[str]:
    return arch.violations([arch.Edge(source, header)], rules)


@pytest.mark.parametrize(
    ("source", "header"),
    [
        ("kernel/smp.c", "kernel/include/cairn/smp.h"),
        ("kernel/smp.c", "build/gen/cairn/build_id.h"),
        ("services/log/main.c", "services/log/ring.h"),
        ("services/log/main.c", "userspace/lib/ipc.h"),
        ("services/log/main.c", "kernel/abi/syscall.h"),
        ("services/log/main.c", "build/gen/cairn/build_id.h"),
        ("userspace/lib/fmt.c", "kernel/abi/syscall.h"),
        ("services/testinit/main.c", "services/init/graph.h"),
        ("services/testinit/main.c", "build/gen/cairn/markers.h"),
        ("kernel/selftest_mm.c", "build/gen/cairn/markers.h"),
        ("kernel/image_test.c", "build/gen/cairn/markers.h"),
    ],
)
def test_allowed_edges(rules, source, header):
    assert broken(rules, source, header) == []


@pytest.mark.parametrize(
    ("source", "header", "rule"),
    [
        ("kernel/smp.c", "userspace/lib/ipc.h", "kernel-stands-alone"),
        ("kernel/smp.c", "services/log/ring.h", "kernel-stands-alone"),
        ("services/log/main.c", "services/net/socket.h", "service-keeps-to-itself"),
        ("services/log/main.c", "kernel/include/cairn/smp.h", "service-keeps-to-itself"),
        ("userspace/lib/fmt.c", "services/log/ring.h", "userspace-below-services"),
        ("services/testinit/main.c", "services/shell/shell.h", "testinit-is-init-with-proofs"),
        ("services/init/main.c", "services/testinit/testinit.h", "service-keeps-to-itself"),
        ("services/init/main.c", "build/gen/cairn/markers.h", "markers-only-in-test-code"),
        ("kernel/sched/sched.c", "build/gen/cairn/markers.h", "markers-only-in-test-code"),
        ("services/shell/main.c", "build/gen/cairn/markers.h", "markers-only-in-test-code"),
    ],
)
def test_forbidden_edges_name_source_header_and_rule(rules, source, header, rule):
    assert broken(rules, source, header) == [f"{source}: includes {header}, which rule '{rule}' forbids"]


def test_rules_need_exactly_one_of_allow_and_deny(tmp_path):
    (tmp_path / "gates").mkdir()
    (tmp_path / arch.LAYERING).write_text("rules:\n  - {name: r, from: 'a/**', allow: [], deny: []}\n")
    with pytest.raises(arch.LayeringError, match="exactly one of allow or deny"):
        arch.load_rules(tmp_path)


def test_except_takes_sources_out_of_a_rule(tmp_path):
    (tmp_path / "gates").mkdir()
    (tmp_path / arch.LAYERING).write_text(
        "rules:\n  - {name: r, from: 'a/**', except: ['a/b/**'], deny: ['c/**']}\n")
    rules = arch.load_rules(tmp_path)
    assert broken(rules, "a/x.c", "c/y.h") == ["a/x.c: includes c/y.h, which rule 'r' forbids"]
    assert broken(rules, "a/b/x.c", "c/y.h") == []


def test_except_must_be_a_list_of_globs(tmp_path):
    (tmp_path / "gates").mkdir()
    (tmp_path / arch.LAYERING).write_text("rules:\n  - {name: r, from: 'a/**', except: 'a/b', deny: []}\n")
    with pytest.raises(arch.LayeringError, match="except must be a list"):
        arch.load_rules(tmp_path)


def test_make_rules_with_continuations_give_prerequisites():
    text = "smp.o: kernel/smp.c kernel/include/cairn/smp.h \\\n kernel/include/cairn/lock.h \\\n build/gen/cairn/markers.h\n"
    assert arch.parse_make_rule(text) == [
        "kernel/smp.c", "kernel/include/cairn/smp.h", "kernel/include/cairn/lock.h", "build/gen/cairn/markers.h",
    ]


def test_the_dependency_command_swaps_compile_for_mm():
    args = ("gcc", "-Iinc", "-MMD", "-MP", "-MF", "x.d", "-O2", "-c", "a.c", "-o", "a.o")
    assert arch.dependency_command(args, "a.c") == ["gcc", "-Iinc", "-O2", "-MM", "a.c"]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs the host compiler")
def test_the_stage_reads_edges_from_the_compiler(tmp_path, monkeypatch):
    for rel, text in {
        "kernel/a.c": '#include "kernel/a.h"\n',
        "kernel/a.h": '#include "userspace/u.h"\n',  # reached only through another header
        "userspace/u.h": "int u;\n",
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    (tmp_path / "gates").mkdir()
    (tmp_path / arch.LAYERING).write_text((REPO / arch.LAYERING).read_text())
    entry = ctree.CompileEntry(tmp_path, "kernel/a.c", ("gcc", "-I.", "-c", "kernel/a.c"))
    monkeypatch.setattr(ctree, "load_compdb", lambda ctx: [entry])
    folder = tmp_path / "build" / "gates" / "run"
    ctx = StageContext(tmp_path, Workspace(tmp_path), ToolVersions(), Log(folder / "arch.log"), folder)
    verdict = arch.run(ctx)
    assert verdict.outcome is Outcome.FAIL
    assert verdict.summary == "arch: 1 files, 2 include edges (0 to generated headers), 1 problems"
    assert verdict.messages == ("kernel/a.c: includes userspace/u.h, which rule 'kernel-stands-alone' forbids",)
    assert json.dumps(verdict.messages)  # messages stay plain strings for report.json


def test_inline_assembly_is_allowed_only_in_riscv_h(tmp_path):
    from gates.stages.arch import ASM_HOME, inline_asm_problems

    files = {
        "kernel/sched/sched.c": "/* asm in a comment is fine */\nint x;\n__asm__ volatile(\"wfi\");\n",
        "kernel/include/cairn/spinlock.h": "// asm(\"nop\") in a comment\nstatic int y;\n",
        ASM_HOME: "static inline void f(void) { __asm__ volatile(\"nop\"); }\n",
        "kernel/tests/test_x.c": "void g(void) { asm(\"nop\"); }\n",
        "kernel/arch/riscv/entry.S": "csrw sscratch, zero\n",
        "kernel/mm/kvm.c": "/* a\n * multi-line comment */ void h(void) { asm volatile(\"fence\"); }\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    problems = inline_asm_problems(tmp_path, sorted(files))
    assert [p.split(": ")[0] for p in problems] == ["kernel/mm/kvm.c:2", "kernel/sched/sched.c:3"]


def test_the_real_kernel_keeps_its_assembly_in_riscv_h():
    from pathlib import Path

    from gates.stages.arch import ASM_SCOPE, inline_asm_problems
    from gates import globs

    root = Path(__file__).resolve().parents[2]
    files = [str(p.relative_to(root)) for p in root.glob("kernel/**/*") if p.is_file()]
    assert inline_asm_problems(root, globs.select(files, list(ASM_SCOPE))) == []


def test_two_headers_with_one_guard_are_named(tmp_path):
    from gates.stages.arch import guard_problems

    files = {
        "kernel/include/cairn/ipc.h": "/* x */\n#ifndef CAIRN_IPC_H\n#define CAIRN_IPC_H\n#endif\n",
        "userspace/libcairn/include/cairn/ipc.h": "#ifndef CAIRN_IPC_H\n#define CAIRN_IPC_H\n#endif\n",
        "userspace/libcairn/include/cairn/sys.h": "#ifndef LIBCAIRN_SYS_H\n#define LIBCAIRN_SYS_H\n#endif\n",
        "kernel/include/cairn/sys.h": "#ifndef CAIRN_SYS_H\n#define CAIRN_SYS_H\n#endif\n",
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    problems = guard_problems(tmp_path, sorted(files))
    assert problems == ["userspace/libcairn/include/cairn/ipc.h:1: include guard CAIRN_IPC_H is also "
                        "kernel/include/cairn/ipc.h's"]


def test_every_library_has_an_allow_list(rules):
    """A new library under userspace/ gets its allow-list with it (RFC-0011)."""
    libraries = sorted(p.name for p in (REPO / "userspace").iterdir() if p.is_dir() and p.name.startswith("lib"))
    listed = {r.source for r in rules if r.allow}
    assert libraries and [lib for lib in libraries if f"userspace/{lib}/**" not in listed] == []


def test_a_library_outside_its_allow_list_is_named(rules):
    assert broken(rules, "userspace/libuart/uart16550.c", "userspace/libregistry/include/registry.h") == [
        "userspace/libuart/uart16550.c: includes userspace/libregistry/include/registry.h, "
        "which rule 'libuart-allow-list' forbids"]
