"""The build stage's reading of make's output: what failed, where, in `path:line:` form."""

from __future__ import annotations

import re
from pathlib import Path

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

    assert qemu.TEST_KERNEL in build.STAGE.outputs
    assert bench.BENCH_KERNEL in build.STAGE.outputs  # a missing bench kernel makes build run again


def images(tmp_path):
    for image in build.IMAGES:
        (tmp_path / image).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / image).write_bytes(b"\x7fELF made by make build")
    build.vouch(tmp_path)
    return tmp_path


def test_an_image_the_build_stage_made_is_vouched_for(tmp_path):
    root = images(tmp_path)
    assert [build.unvouched(root, image) for image in build.IMAGES] == [None] * len(build.IMAGES)


def test_an_image_changed_after_the_build_is_not(tmp_path):
    root = images(tmp_path)
    (root / build.KERNEL_ELF).write_bytes(b"\x7fELF made by hand")
    assert build.unvouched(root, build.KERNEL_ELF) == (
        f"{build.KERNEL_ELF}:1: differs from the image the build stage made; run `just gate build --no-cache`")


def test_without_a_build_pass_nothing_is_vouched_for(tmp_path):
    (tmp_path / "build").mkdir()
    assert "no build stage pass vouches for it" in build.unvouched(tmp_path, build.KERNEL_ELF)


def test_qemu_and_bench_refuse_to_boot_an_image_the_build_did_not_make(tmp_path, monkeypatch):
    from gates.cache import ToolVersions
    from gates.report import Outcome
    from gates.stages import bench, qemu
    from gates.stages.base import Log, StageContext, Workspace

    repo = Path(__file__).resolve().parents[2]
    root = images(tmp_path)
    for rel in ("gates/markers.yaml", "gates/profiles/smp1.yaml", qemu.RUN_QEMU):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes((repo / rel).read_bytes())
    for image in build.IMAGES:
        (root / image).write_bytes(b"\x7fELF made by hand")
    monkeypatch.setattr("shutil.which", lambda _tool: "/usr/bin/true")
    ctx = StageContext(root, Workspace(root), ToolVersions(), Log(tmp_path / "log"), tmp_path)
    for stage, summary in ((qemu, "qemu: an image is not the build stage's"),
                           (bench, "bench: the image is not the build stage's")):
        verdict = stage.run(ctx)
        assert verdict.outcome is Outcome.FAIL and verdict.summary == summary, verdict


def test_the_product_may_carry_no_marker_of_any_source(tmp_path):
    from gates import markers

    registry = markers.Registry(convention=re.compile(".*"), markers=(
        markers.Marker("boot_nonce", "KBOOT: nonce {nonce} ok", "", "kernel"),
        markers.Marker("init_handles", "INIT: handles ok", "", "init"),
        markers.Marker("shell_ps", "SHELL: ps ok", "", "console", retired="TASK-0029"),
    ))
    image = tmp_path / build.KERNEL_ELF
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x7fELF ... Cairn shell: type help for the commands ... Cairn banner")
    assert build.product_marker_problems(tmp_path, registry) == []

    def problem(text: str, source: str) -> str:
        return (f"{build.KERNEL_ELF}:1: the product (kernel and boot image) holds the text of marker "
                f"'{text}' (printed by {source}); proofs belong to the test image (RFC-0011)")

    image.write_bytes(b"\x7fELF ... KBOOT: nonce %s ok\n ...")
    assert build.product_marker_problems(tmp_path, registry) == [problem("KBOOT: nonce {nonce} ok", "kernel")]
    image.write_bytes(b"\x7fELF ... boot image: init ... INIT: handles ok ... SHELL: ps ok")
    assert build.product_marker_problems(tmp_path, registry) == [
        problem("INIT: handles ok", "init"), problem("SHELL: ps ok", "console")]
