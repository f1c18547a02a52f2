"""Plain output in a profile (RFC-0011): lines a person reads, judged instead of markers.

An `output` expectation is a regular expression one whole console line from its source
(untagged by default) must match, in order with the markers, after a marker that carries
the boot's nonce. Retired markers may be named by no profile and printed by no one.
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
  - {id: shell_ps, text: "SHELL: ps ok", source: console, proves: ps, retired: TASK-0029}
"""
NONCE = "KBOOT: nonce {nonce} ok"
GREETING = "Cairn shell: type help for the commands"
PS_ROW = "0  logd +running +[0-9]+ +[0-9]+"


@pytest.fixture()
def registry(tmp_path: Path) -> markers.Registry:
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "markers.yaml").write_text(REGISTRY, encoding="utf-8")
    return markers.load(tmp_path)


def profile(*outputs: str, inputs: tuple[qemu.Feed, ...] = ()) -> qemu.Profile:
    expects = (qemu.Expect(NONCE, 2.0), *(qemu.Expect(o, 2.0, output=True) for o in outputs))
    return qemu.Profile(name="p", harts=1, memory="128M", icount=False, markers=expects,
                        forbidden=("PANIC",), settle=0.2, exit_code=0, inputs=inputs)


def boot(tmp_path: Path, registry: markers.Registry, p: qemu.Profile, steps: list[list[object]]) -> qemu.BootResult:
    script = tmp_path / "script.json"
    script.write_text(json.dumps(steps + [["exit", 0]]), encoding="utf-8")
    launch = lambda _p, nonce: [sys.executable, "-S", str(FAKE), str(script), nonce]  # noqa: E731
    return qemu.boot(tmp_path, p, registry, launch, tmp_path / "console.log")


def printed(*lines: str) -> list[list[object]]:
    return [["print", f"{T}[kernel] {NONCE}"], *(["print", line] for line in lines)]


def test_an_untagged_line_meets_its_output_and_input_follows_it(tmp_path, registry):
    p = profile(GREETING, "read: ps", PS_ROW, inputs=(qemu.Feed(GREETING, "ps\r"),))
    steps = printed(GREETING) + [["read", ""], ["print", "  0  logd         running          0  16"]]
    result = boot(tmp_path, registry, p, steps)
    assert result.outcome is Outcome.PASS, result.reason
    assert result.reason == "all 4 expected lines, exit 0"


def test_a_tagged_line_does_not_meet_an_untagged_output(tmp_path, registry):
    result = boot(tmp_path, registry, profile(GREETING), printed(f"{T}[hello] {GREETING}") + [["sleep", 5]])
    assert result.outcome is Outcome.TIMEOUT
    assert result.reason == f"output /{GREETING}/ from console not seen within 2 s"


def test_an_output_from_a_named_source_needs_that_source(tmp_path, registry):
    p = qemu.Profile(name="p", harts=1, memory="128M", icount=False, forbidden=(), settle=0.2, exit_code=0,
                     markers=(qemu.Expect(NONCE, 2.0), qemu.Expect("init: every service ended", 2.0, True, "init")))
    assert boot(tmp_path, registry, p, printed("init: every service ended") + [["sleep", 5]]).outcome \
        is Outcome.TIMEOUT
    assert boot(tmp_path, registry, p, printed(f"{T}[init] init: every service ended")).outcome is Outcome.PASS


def test_the_echo_of_a_typed_command_is_not_its_output(tmp_path, registry):
    result = boot(tmp_path, registry, profile("shell lookup uart: allow"),
                  printed("cairn> policy shell lookup uart: allow x") + [["sleep", 5]])
    assert result.outcome is Outcome.TIMEOUT


def test_output_is_met_in_order_only(tmp_path, registry):
    # the row came before the greeting it must follow: waiting for it again times out
    result = boot(tmp_path, registry, profile(GREETING, PS_ROW),
                  printed("  0  logd  running  0  5", GREETING) + [["sleep", 5]])
    assert result.outcome is Outcome.TIMEOUT
    assert f"output /{PS_ROW}/" in result.reason


def test_a_retired_marker_on_the_console_fails(tmp_path, registry):
    result = boot(tmp_path, registry, profile(GREETING), printed("SHELL: ps ok", GREETING))
    assert result.outcome is Outcome.FAIL
    assert result.reason == "retired marker 'SHELL: ps ok' printed by console (retired by TASK-0029)"


PROFILE_YAML = """\
name: p
description: plain output
harts: 1
memory: 128M
icount: false
markers:
%s
forbidden: [PANIC, FAULT, FAIL]
settle: 1
exit_code: 0
"""


def load(tmp_path: Path, registry: markers.Registry, *entries: str) -> qemu.Profile:
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE_YAML % "\n".join(f"  - {e}" for e in entries), encoding="utf-8")
    return qemu.load_profile(path, registry, "gates/profiles/p.yaml")


def test_a_profile_reads_output_and_its_source(tmp_path, registry):
    p = load(tmp_path, registry, '{text: "KBOOT: nonce {nonce} ok", deadline: 5}',
             '{output: "a+", deadline: 5}', '{output: "b", source: init, deadline: 6}')
    assert p.markers[1:] == (qemu.Expect("a+", 5.0, True, "console"), qemu.Expect("b", 6.0, True, "init"))


@pytest.mark.parametrize(
    ("entries", "problem"),
    [
        (('{output: "a", deadline: 5}', '{text: "KBOOT: nonce {nonce} ok", deadline: 5}'),
         r"markers\[0\].output comes before anything with the boot's nonce"),
        (('{text: "INIT: a ok", deadline: 5}', '{output: "a", deadline: 5}'),
         r"markers\[1\].output comes before anything with the boot's nonce"),
        (('{text: "KBOOT: nonce {nonce} ok", deadline: 5}', '{output: "a*", deadline: 5}'),
         r"markers\[1\].output /a\*/ matches an empty line"),
        (('{text: "KBOOT: nonce {nonce} ok", deadline: 5}', '{output: "(a", deadline: 5}'),
         r"markers\[1\].output is not a regular expression"),
        (('{text: "KBOOT: nonce {nonce} ok", deadline: 5}', '{output: "a", deadline: 5}',
          '{output: "a", deadline: 5}'), r"markers\[2\] 'a' is listed twice"),
        (('{text: "KBOOT: nonce {nonce} ok", deadline: 5}', '{text: "SHELL: ps ok", deadline: 5}'),
         r"marker 'SHELL: ps ok' is retired \(by TASK-0029\)"),
    ],
)
def test_a_bad_output_or_a_retired_marker_is_refused(tmp_path, registry, entries, problem):
    with pytest.raises(qemu.ProfileError, match=problem):
        load(tmp_path, registry, *entries)


def test_a_retired_marker_gets_no_macro(registry):
    header = markers.render_header(registry)
    assert "MARKER_INIT_A" in header and "SHELL_PS" not in header


# The test image's clients, which print on the same console as the shell: the shell profile
# waits for the last before it types, so no line of theirs lands inside one of the shell's.
CLIENTS = ("RTC: the real-time clock read through rtcd ok",
           "BLKD: scratch disk written flushed and read back ok",
           "KEYS: random bytes served and an unallowed signer denied ok",
           "KEYS: unallowed reader denied random bytes ok",
           "KEYS: signatures made verified and a flipped bit refused ok",
           "HOSTED: files written to the store and read back ok",
           "HOSTED: main ran with its arguments stdio heap tls and exit ok")


def test_the_shipped_shell_profile_types_after_its_greeting_and_the_clients():
    repo = Path(__file__).resolve().parents[2]
    shell = qemu.load_profile(repo / "gates/profiles/shell.yaml", markers.load(repo), "gates/profiles/shell.yaml")
    assert shell.markers[1].text == GREETING and shell.markers[1].output
    assert tuple(e.text for e in shell.markers[2:2 + len(CLIENTS)]) == CLIENTS
    assert not any(shell.typed_after(e.text) for e in shell.markers[:1 + len(CLIENTS)])
    assert shell.typed_after(CLIENTS[-1]) == ("help\r",)
    # from the first typed command on, the shell is judged by its output alone
    assert all(e.output for e in shell.markers[2 + len(CLIENTS):-2])


def product(*outputs: str) -> qemu.Profile:
    return qemu.Profile(name="product", harts=1, memory="128M", icount=False, forbidden=("PANIC",), settle=0.2,
                        exit_code=0, product=True, image="build/kernel/cairn.elf",
                        markers=tuple(qemu.Expect(o, 2.0, output=True, source=src) for o, src in outputs))


BOOTARGS = ("bootargs: cairn.nonce={nonce}", "kernel")


def test_the_product_passes_on_plain_output_anchored_by_its_nonce(tmp_path, registry):
    p = product(BOOTARGS, (GREETING, "console"))
    steps = [["print", f"{T}[kernel] bootargs: cairn.nonce={{nonce}}"], ["print", GREETING]]
    result = boot(tmp_path, registry, p, steps)
    assert result.outcome is Outcome.PASS, result.reason


def test_a_stale_nonce_does_not_anchor_the_product(tmp_path, registry):
    steps = [["print", f"{T}[kernel] bootargs: cairn.nonce=feedfacefeedface"], ["sleep", 5]]
    assert boot(tmp_path, registry, product(BOOTARGS), steps).outcome is Outcome.TIMEOUT


@pytest.mark.parametrize("line", [f"{T}[init] INIT: a ok", "SHELL: ps ok", "HOSTILE: anything ok"])
def test_the_product_fails_on_any_line_of_marker_shape(tmp_path, registry, line):
    steps = [["print", f"{T}[kernel] bootargs: cairn.nonce={{nonce}}"], ["print", line], ["print", GREETING]]
    result = boot(tmp_path, registry, product(BOOTARGS, (GREETING, "console")), steps)
    assert result.outcome is Outcome.FAIL
    assert result.reason.startswith("the product printed a line of marker shape")


PRODUCT_YAML = """name: product
description: the product
harts: 1
memory: 128M
icount: false
product: true
%s
markers:
%s
forbidden: [PANIC, FAULT, FAIL]
settle: 1
exit_code: 0
"""


def load_product(tmp_path: Path, registry: markers.Registry, image: str, *entries: str) -> qemu.Profile:
    path = tmp_path / "product.yaml"
    path.write_text(PRODUCT_YAML % (image, "\n".join(f"  - {e}" for e in entries)), encoding="utf-8")
    return qemu.load_profile(path, registry, "gates/profiles/product.yaml")


def test_a_product_profile_boots_the_product_and_expects_output_only(tmp_path, registry):
    nonce = '{output: "bootargs: cairn.nonce={nonce}", source: kernel, deadline: 5}'
    assert load_product(tmp_path, registry, "", nonce).image == "build/kernel/cairn.elf"
    with pytest.raises(qemu.ProfileError, match="boots the product, build/kernel/cairn.elf, not"):
        load_product(tmp_path, registry, "image: build/test/cairn-test.elf", nonce)
    with pytest.raises(qemu.ProfileError, match="expects plain output only"):
        load_product(tmp_path, registry, "", '{text: "KBOOT: nonce {nonce} ok", deadline: 5}')
