"""The build stage's reading of make's output: what failed, where, in `path:line:` form."""

from __future__ import annotations

from gates.stages import build

MANIFEST_FAILURE = """\
/usr/bin/python3 tools/manifest.py --output build/bootimg/files/manifest.txt services/manifest.txt
services/manifest.txt:13: restart: 'sometimes' is not one of ['never', 'always', 'on-crash']
make: *** [services/services.mk:45: build/bootimg/files/manifest.txt] Error 1
"""


def test_a_build_tools_error_comes_first_with_its_path_and_line():
    assert build.diagnostics(MANIFEST_FAILURE) == [
        "services/manifest.txt:13: restart: 'sometimes' is not one of ['never', 'always', 'on-crash']",
        "Makefile:1: make: [services/services.mk:45: build/bootimg/files/manifest.txt] Error 1",
    ]


def test_compiler_diagnostics_are_lifted_once():
    out = "kernel/main.c:12:5: error: unused variable 'x' [-Werror=unused-variable]\nmake: *** [x] Error 1\n"
    assert build.diagnostics(out) == [
        "kernel/main.c:12: error: unused variable 'x' [-Werror=unused-variable]",
        "Makefile:1: make: [x] Error 1",
    ]


def test_a_command_line_is_not_a_diagnostic():
    assert build.diagnostics("riscv64-unknown-elf-gcc -c kernel/main.c -o build/kernel/main.c.o\n") == []


def test_every_image_a_later_stage_boots_is_an_output_of_build():
    from gates.stages import bench, qemu

    assert qemu.KERNEL_ELF in build.STAGE.outputs
    assert bench.BENCH_KERNEL in build.STAGE.outputs  # a missing bench kernel makes build run again
