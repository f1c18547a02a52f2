"""The qemu stage's `input`: text typed into the guest once a named marker was seen."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gates import markers
from gates.report import Outcome
from gates.stages import qemu

FAKE = Path(__file__).parent / "fixtures" / "qemu" / "fake_qemu.py"

REGISTRY = """\
convention: '^[A-Z][A-Z0-9]*: [a-z0-9][a-z0-9 ._/-]* ok$'
markers:
  - {id: boot_nonce, text: "KBOOT: nonce {nonce} ok", source: console, proves: nonce echoed}
  - {id: selftest_a, text: "KSELFTEST: a ok", source: console, proves: a}
  - {id: selftest_b, text: "KSELFTEST: b ok", source: console, proves: b}
"""
MARKERS = ("KBOOT: nonce {nonce} ok", "KSELFTEST: a ok", "KSELFTEST: b ok")


@pytest.fixture()
def registry(tmp_path: Path) -> markers.Registry:
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "markers.yaml").write_text(REGISTRY, encoding="utf-8")
    return markers.load(tmp_path)


def profile(inputs: tuple[qemu.Feed, ...], deadline: float = 3.0) -> qemu.Profile:
    return qemu.Profile(
        name="typed", harts=1, memory="128M", icount=False,
        markers=tuple(qemu.Expect(t, deadline) for t in MARKERS),
        forbidden=("PANIC", "FAIL"), settle=0.3, exit_code=0, inputs=inputs,
    )


def boot(tmp_path: Path, registry: markers.Registry, p: qemu.Profile, steps: list[list[object]]) -> qemu.BootResult:
    script = tmp_path / "script.json"
    script.write_text(json.dumps(steps), encoding="utf-8")
    launch = lambda _profile, nonce: [sys.executable, "-S", str(FAKE), str(script), nonce]  # noqa: E731
    return qemu.boot(tmp_path, p, registry, launch, tmp_path / "console.log")


# The guest prints a, then waits for a typed line before it prints b.
TYPED_BETWEEN = [["print", "KBOOT: nonce {nonce} ok"], ["print", "KSELFTEST: a ok"], ["read", ""],
                 ["print", "KSELFTEST: b ok"], ["exit", 0]]


def test_text_is_typed_once_its_marker_is_seen(tmp_path, registry):
    p = profile((qemu.Feed("KSELFTEST: a ok", "help\r"),))
    result = boot(tmp_path, registry, p, TYPED_BETWEEN)
    assert result.outcome is Outcome.PASS, result.reason
    log = (tmp_path / "console.log").read_text()
    assert log.index("KSELFTEST: a ok") < log.index("# typed 'help\\r'") < log.index("read: help")


def test_several_texts_after_one_marker_go_in_order(tmp_path, registry):
    p = profile((qemu.Feed("KSELFTEST: a ok", "one\r"), qemu.Feed("KSELFTEST: a ok", "two\r")))
    steps = [*TYPED_BETWEEN[:3], ["read", ""], *TYPED_BETWEEN[3:]]
    result = boot(tmp_path, registry, p, steps)
    assert result.outcome is Outcome.PASS, result.reason
    log = (tmp_path / "console.log").read_text()
    assert log.index("read: one") < log.index("read: two")


def test_text_waits_for_its_own_marker(tmp_path, registry):
    # typed only after b, which the guest prints only after it read a line: nothing comes
    p = profile((qemu.Feed("KSELFTEST: b ok", "help\r"),), deadline=1.0)
    result = boot(tmp_path, registry, p, TYPED_BETWEEN)
    assert result.outcome is Outcome.TIMEOUT
    assert "'KSELFTEST: b ok' not seen" in result.reason
    assert "# typed" not in (tmp_path / "console.log").read_text()


def test_a_profile_without_input_gives_the_guest_no_input(tmp_path, registry):
    result = boot(tmp_path, registry, profile(()), TYPED_BETWEEN)
    assert result.outcome is Outcome.PASS, result.reason
    assert "read: <eof>" in (tmp_path / "console.log").read_text()


def test_typed_after_lists_a_markers_texts_in_order():
    p = profile((qemu.Feed("KSELFTEST: a ok", "x\r"), qemu.Feed("KSELFTEST: b ok", "y\r"),
                 qemu.Feed("KSELFTEST: a ok", "z\r")))
    assert p.typed_after("KSELFTEST: a ok") == ("x\r", "z\r")
    assert p.typed_after("KBOOT: nonce {nonce} ok") == ()


PROFILE_YAML = """\
name: typed
description: typed input
harts: 1
memory: 128M
icount: false
markers:
  - {text: "KBOOT: nonce {nonce} ok", deadline: 5}
  - {text: "KSELFTEST: a ok", deadline: 5}
input:
  - {after: "%s", text: "%s"}
forbidden: [PANIC, FAULT, FAIL]
settle: 1
exit_code: 0
"""


def load(tmp_path: Path, registry: markers.Registry, after: str, text: str) -> qemu.Profile:
    path = tmp_path / "typed.yaml"
    path.write_text(PROFILE_YAML % (after, text), encoding="utf-8")
    return qemu.load_profile(path, registry, "gates/profiles/typed.yaml")


def test_input_is_read_from_the_profile(tmp_path, registry):
    p = load(tmp_path, registry, "KSELFTEST: a ok", "help\\r")
    assert p.inputs == (qemu.Feed("KSELFTEST: a ok", "help\r"),)


def test_input_after_a_marker_outside_the_profile_is_rejected(tmp_path, registry):
    with pytest.raises(qemu.ProfileError, match=r"input\[0\] waits for 'KSELFTEST: b ok'"):
        load(tmp_path, registry, "KSELFTEST: b ok", "help\\r")


def test_input_of_nothing_is_rejected(tmp_path, registry):
    with pytest.raises(qemu.ProfileError, match=r"input\[0\] types nothing"):
        load(tmp_path, registry, "KSELFTEST: a ok", "")
