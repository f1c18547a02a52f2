"""The glob dialect shared by scopes, RFC gating, layering rules and stage inputs."""

from __future__ import annotations

import pytest

from gates import globs


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("kernel/**", "kernel/smp.c", True),
        ("kernel/**", "kernel/arch/riscv/entry.S", True),
        ("kernel/**", "kernelx/smp.c", False),
        ("kernel/**", "userspace/kernel/a.c", False),
        ("kernel/*.c", "kernel/smp.c", True),
        ("kernel/*.c", "kernel/arch/trap.c", False),
        ("**/*.mk", "kernel.mk", True),
        ("**/*.mk", "kernel/tests/tests.mk", True),
        ("kernel/**/*.h", "kernel/x.h", True),
        ("kernel/**/*.h", "kernel/include/cairn/x.h", True),
        ("tasks/TASK-000?-*.md", "tasks/TASK-0003-boot.md", True),
        ("Makefile", "Makefile", True),
        ("Makefile", "kernel/Makefile", False),
        ("a.b", "axb", False),
    ],
)
def test_matches(glob, path, expected):
    assert globs.matches(glob, path) is expected


def test_a_capture_binds_exactly_one_segment():
    assert globs.match("services/{name}/**", "services/log/src/main.c") == {"name": "log"}
    assert globs.match("services/{name}/**", "services/main.c") is None


def test_a_bound_capture_must_repeat_the_same_segment():
    bound = {"name": "log"}
    assert globs.matches_bound("services/{name}/**", "services/log/x.h", bound)
    assert not globs.matches_bound("services/{name}/**", "services/net/x.h", bound)
    assert globs.matches_bound("userspace/**", "userspace/lib/x.h", bound)


def test_helpers_pick_and_filter():
    assert globs.first_match(["docs/**", "kernel/**"], "kernel/a.c") == "kernel/**"
    assert globs.first_match(["docs/**"], "kernel/a.c") is None
    assert globs.select(["a.c", "b.h", "c.c"], ["*.c"]) == ["a.c", "c.c"]


@pytest.mark.parametrize("bad", ["services/{name/**", "a/{x}/{x}"])
def test_malformed_globs_are_refused(bad):
    with pytest.raises(globs.GlobError):
        globs.compile_glob(bad)


def test_select_agrees_with_matching_each_glob_alone():
    paths = ["a/b.c", "a/x/b.c", "kernel/sys/sys.c", "services/log/main.c", "x.py", "a", "ab/c", "(?P<x>"]
    rules = ["a/*.c", "kernel/**", "services/{name}/main.c", "?.py", "(?P<x>"]
    assert globs.select(paths, rules) == [p for p in paths if globs.matches_any(rules, p)]
    assert globs.select(paths, rules) == ["a/b.c", "kernel/sys/sys.c", "services/log/main.c", "x.py", "(?P<x>"]
    assert globs.select(paths, []) == []
