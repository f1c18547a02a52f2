"""Console provenance (RFC-0006): every marker comes from the one source the registry names.

The kernel starts each line it writes with the tag byte and `[source] `; uartd never
sends the byte, so an untagged line is the firmware's or a uartd client's (`console`).
These tests drive the qemu stage's judge and a fake QEMU with tagged and forged lines.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gates import markers
from gates.report import Outcome
from gates.stages import qemu

FAKE = Path(__file__).parent / "fixtures" / "qemu" / "fake_qemu.py"
T = qemu.TAG_BYTE
REGISTRY = """\
convention: '^[A-Z][A-Z0-9]*: [a-z0-9][a-z0-9 ._/-]* ok$'
markers:
  - {id: boot_nonce, text: "KBOOT: nonce {nonce} ok", source: kernel, proves: nonce echoed}
  - {id: init_a, text: "INIT: a ok", source: init, proves: a}
  - {id: shell_svc, text: "SHELL: svc ok", source: console, proves: the shell listed the registry}
"""
TEXTS = ("KBOOT: nonce {nonce} ok", "INIT: a ok", "SHELL: svc ok")


@pytest.fixture()
def registry(tmp_path: Path) -> markers.Registry:
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "markers.yaml").write_text(REGISTRY, encoding="utf-8")
    return markers.load(tmp_path)


def profile() -> qemu.Profile:
    return qemu.Profile(name="p", harts=1, memory="128M", icount=False,
                        markers=tuple(qemu.Expect(t, 2.0) for t in TEXTS),
                        forbidden=("PANIC",), settle=0.2, exit_code=0)


def boot(tmp_path: Path, registry: markers.Registry, lines: list[str]) -> qemu.BootResult:
    script = tmp_path / "script.json"
    script.write_text(json.dumps([["print", line] for line in lines] + [["exit", 0]]), encoding="utf-8")
    launch = lambda _p, nonce: [sys.executable, "-S", str(FAKE), str(script), nonce]  # noqa: E731
    return qemu.boot(tmp_path, profile(), registry, launch, tmp_path / "console.log")


GOOD = [f"{T}[kernel] KBOOT: nonce {{nonce}} ok", f"{T}[init] INIT: a ok", "SHELL: svc ok"]


class TestAttribute:
    def test_an_untagged_line_is_the_console(self):
        assert qemu.attribute("cairn> ps") == [qemu.ConsoleLine("console", "cairn> ps")]

    def test_a_tagged_line_names_its_source(self):
        assert qemu.attribute(f"{T}[kernel] KSELFTEST: sbi ok\r") == [qemu.ConsoleLine("kernel", "KSELFTEST: sbi ok")]
        assert qemu.attribute(f"{T}[init] INIT: a ok") == [qemu.ConsoleLine("init", "INIT: a ok")]

    def test_a_tag_byte_mid_line_starts_the_kernel_part(self):
        # uartd left "cairn> " open; the kernel's line follows on the same console line
        assert qemu.attribute(f"cairn> {T}[init] INIT: a ok") == [
            qemu.ConsoleLine("console", "cairn>"), qemu.ConsoleLine("init", "INIT: a ok")]

    def test_a_malformed_tag_is_no_source_a_marker_may_name(self):
        assert qemu.attribute(f"{T}init INIT: a ok")[0].source == qemu.MALFORMED

    def test_an_empty_line_is_one_empty_console_part(self):
        assert qemu.attribute("") == [qemu.ConsoleLine("console", "")]


class TestJudge:
    def judge(self, registry: markers.Registry) -> qemu.ConsoleJudge:
        return qemu.ConsoleJudge(profile(), registry, "feedface")

    def test_each_marker_from_its_own_source_advances(self, registry):
        j = self.judge(registry)
        for line in (f"{T}[kernel] KBOOT: nonce feedface ok", f"{T}[init] INIT: a ok", "SHELL: svc ok"):
            assert j.feed(line) is None
        assert j.waiting_for is None

    def test_a_program_printing_the_shells_marker_fails(self, registry):
        # the attack: a program started with EXTRA printed the shell's markers over debug_write
        j = self.judge(registry)
        j.feed(f"{T}[kernel] KBOOT: nonce feedface ok")
        j.feed(f"{T}[init] INIT: a ok")
        assert j.feed(f"{T}[hello] SHELL: svc ok") == "marker 'SHELL: svc ok' printed by hello; only console may print it"

    def test_the_console_printing_a_kernel_marker_fails(self, registry):
        assert self.judge(registry).feed("KBOOT: nonce feedface ok") == (
            "marker 'KBOOT: nonce feedface ok' printed by console; only kernel may print it")

    def test_another_process_printing_inits_marker_fails_even_when_not_awaited(self, registry):
        j = self.judge(registry)
        assert j.feed(f"{T}[sysfuzz] INIT: a ok") == "marker 'INIT: a ok' printed by sysfuzz; only init may print it"

    def test_a_malformed_tag_cannot_carry_a_marker(self, registry):
        assert self.judge(registry).feed(f"{T}[kernel]KBOOT: nonce feedface ok") == (
            "a line the kernel began has no [source] tag: [kernel]KBOOT: nonce feedface ok")


def test_a_boot_with_every_marker_from_its_source_passes(tmp_path, registry):
    result = boot(tmp_path, registry, GOOD)
    assert result.outcome is Outcome.PASS, result.reason


def test_a_boot_where_a_program_forges_a_marker_fails(tmp_path, registry):
    forged = [GOOD[0], GOOD[1], f"{T}[hello] SHELL: svc ok"]
    result = boot(tmp_path, registry, forged)
    assert result.outcome is Outcome.FAIL
    assert result.reason == "marker 'SHELL: svc ok' printed by hello; only console may print it"


def test_every_registered_marker_names_a_source(tmp_path):
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "markers.yaml").write_text(REGISTRY.replace(", source: init", ""), encoding="utf-8")
    with pytest.raises(markers.RegistryError, match="'INIT: a ok' names no source"):
        markers.load(tmp_path)


def test_the_real_registry_names_known_sources():
    registry = markers.load(Path(__file__).resolve().parents[2])
    sources = {m.source for m in registry.markers}
    assert sources <= {"kernel", "console", "init", "sysfuzz", "hostile", "latency", "hog", "blkbench",
                       "keyprobe", "keybench", "rtcprobe", "hostedprobe", "filesprobe"}, sources


@pytest.mark.parametrize("name", ["kernel", "console"])
def test_a_program_cannot_take_a_reserved_source_name(name):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
    import mkbootimg  # noqa: PLC0415 - tools/ is not a package

    with pytest.raises(mkbootimg.PackError, match=f"program name '{name}' is reserved"):
        mkbootimg.check_name(name)
    mkbootimg.check_name("kernels")  # only the exact names are reserved
