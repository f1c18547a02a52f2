"""The qemu stage against a fake QEMU that plays scripted console lines."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from gates import markers
from gates.cache import ToolVersions
from gates.report import Outcome
from gates.stages import qemu
from gates.stages.base import Log, StageContext, ToolMissing, Workspace

REPO = Path(__file__).resolve().parents[2]
FAKE = Path(__file__).parent / "fixtures" / "qemu" / "fake_qemu.py"

REGISTRY = """\
convention: '^[A-Z][A-Z0-9]*: [a-z0-9][a-z0-9 ._/-]* ok$'
markers:
  - {id: boot_nonce, text: "KBOOT: nonce {nonce} ok", source: console, proves: nonce echoed}
  - {id: selftest_a, text: "KSELFTEST: a ok", source: console, proves: a}
  - {id: selftest_b, text: "KSELFTEST: b ok", source: console, proves: b}
  - {id: selftest_extra, text: "KSELFTEST: extra ok", source: console, proves: registered but not in the profile}
"""
GOOD = [["print", "OpenSBI v1.2"], ["print", "KBOOT: nonce {nonce} ok"], ["print", "KSELFTEST: a ok"],
        ["print", "KSELFTEST: b ok"], ["exit", 0]]


@pytest.fixture()
def registry(tmp_path: Path) -> markers.Registry:
    (tmp_path / "gates").mkdir()
    (tmp_path / "gates" / "markers.yaml").write_text(REGISTRY, encoding="utf-8")
    return markers.load(tmp_path)


def profile(name: str = "p1", deadline: float = 2.0, settle: float = 0.3, exit_code: int = 0) -> qemu.Profile:
    texts = ("KBOOT: nonce {nonce} ok", "KSELFTEST: a ok", "KSELFTEST: b ok")
    return qemu.Profile(
        name=name, harts=1, memory="128M", icount=False,
        markers=tuple(qemu.Expect(t, deadline) for t in texts),
        forbidden=("PANIC", "FAIL"), settle=settle, exit_code=exit_code,
    )


def scripted(tmp_path: Path, steps: list[list[object]]) -> qemu.Launch:
    script = tmp_path / f"script-{len(list(tmp_path.glob('script-*.json')))}.json"
    script.write_text(json.dumps(steps), encoding="utf-8")
    return lambda _profile, nonce: [sys.executable, "-S", str(FAKE), str(script), nonce]


def boot(tmp_path: Path, registry: markers.Registry, steps: list[list[object]], **kw: float) -> qemu.BootResult:
    return qemu.boot(tmp_path, profile(**kw), registry, scripted(tmp_path, steps), tmp_path / "console.log")


def fake_pid(tmp_path: Path) -> int:
    return int(next(tmp_path.glob("script-*.json.pid")).read_text())


def test_all_markers_in_order_and_a_clean_exit_pass(tmp_path, registry):
    result = boot(tmp_path, registry, GOOD)
    assert result.outcome is Outcome.PASS, result.reason
    log = (tmp_path / "console.log").read_text()
    assert "KSELFTEST: b ok" in log and "KBOOT: nonce " in log


def test_missing_marker_is_a_timeout_without_waiting_past_the_deadline(tmp_path, registry):
    start = time.monotonic()
    result = boot(tmp_path, registry, [["print", "KBOOT: nonce {nonce} ok"], ["sleep", 30]], deadline=0.6)
    elapsed = time.monotonic() - start
    assert result.outcome is Outcome.TIMEOUT
    assert "'KSELFTEST: a ok' not seen within 0.6 s" in result.reason
    assert elapsed < 2.0
    with pytest.raises(ProcessLookupError):
        os.kill(fake_pid(tmp_path), 0)


def test_a_later_marker_first_is_out_of_order(tmp_path, registry):
    steps = [["print", "KBOOT: nonce {nonce} ok"], ["print", "KSELFTEST: b ok"], ["print", "KSELFTEST: a ok"]]
    result = boot(tmp_path, registry, steps)
    assert result.outcome is Outcome.FAIL
    assert result.reason == "out of order: 'KSELFTEST: b ok' came before 'KSELFTEST: a ok'"


def test_a_forbidden_line_fails_at_once(tmp_path, registry):
    steps = [["print", "KBOOT: nonce {nonce} ok"], ["print", "PANIC: smp.c:12: lost a hart"], ["sleep", 30]]
    start = time.monotonic()
    result = boot(tmp_path, registry, steps, deadline=20)
    assert result.outcome is Outcome.FAIL
    assert result.reason.startswith("forbidden 'PANIC'")
    assert time.monotonic() - start < 5


def test_an_unregistered_marker_shape_fails(tmp_path, registry):
    steps = [["print", "KBOOT: nonce {nonce} ok"], ["print", "KSELFTEST: made up ok"], *GOOD[2:]]
    result = boot(tmp_path, registry, steps)
    assert result.outcome is Outcome.FAIL
    assert "not in gates/markers.yaml: KSELFTEST: made up ok" in result.reason


def test_a_registered_marker_outside_the_profile_is_accepted(tmp_path, registry):
    steps = [*GOOD[:3], ["print", "KSELFTEST: extra ok"], *GOOD[3:]]
    assert boot(tmp_path, registry, steps).outcome is Outcome.PASS


def test_a_wrong_exit_code_fails(tmp_path, registry):
    result = boot(tmp_path, registry, [*GOOD[:-1], ["exit", 3]])
    assert result.outcome is Outcome.FAIL
    assert result.reason == "QEMU exited with code 3, expected 0"


def test_a_stale_or_foreign_nonce_fails(tmp_path, registry):
    steps = [["print", "KBOOT: nonce 0123456789abcdef ok"], *GOOD[2:]]
    result = boot(tmp_path, registry, steps)
    assert result.outcome is Outcome.FAIL
    assert result.reason == "marker with a stale or foreign nonce: KBOOT: nonce 0123456789abcdef ok"


def test_a_guest_that_never_ends_the_run_fails_and_is_killed(tmp_path, registry):
    start = time.monotonic()
    result = boot(tmp_path, registry, [*GOOD[:-1], ["sleep", 30]], settle=0.3)
    assert result.outcome is Outcome.FAIL
    assert result.reason == "guest did not end the run within 0.3 s of the last marker"
    assert time.monotonic() - start < 3
    with pytest.raises(ProcessLookupError):
        os.kill(fake_pid(tmp_path), 0)


def test_qemu_ending_before_the_markers_fails(tmp_path, registry):
    result = boot(tmp_path, registry, [["print", "KBOOT: nonce {nonce} ok"], ["exit", 1]])
    assert result.outcome is Outcome.FAIL
    assert result.reason == "QEMU ended (exit 1) before marker 'KSELFTEST: a ok'"


def test_a_launcher_that_cannot_start_is_an_infra_error(tmp_path, registry):
    launch = lambda _p, _n: [str(tmp_path / "no-such-qemu")]  # noqa: E731
    result = qemu.boot(tmp_path, profile(), registry, launch, tmp_path / "console.log")
    assert result.outcome is Outcome.INFRA_ERROR


def test_profiles_run_in_turn_and_a_failure_reports_reason_and_console_tail(tmp_path, registry):
    folder = tmp_path / "run"
    ctx = StageContext(tmp_path, Workspace(tmp_path), ToolVersions(), Log(folder / "qemu.log"), folder)
    chatter = [["print", f"line {i}"] for i in range(70)]
    good, bad = scripted(tmp_path, GOOD), scripted(tmp_path, [*chatter, *GOOD[:-1], ["exit", 2]])
    launch = lambda p, nonce: (good if p.name == "a" else bad)(p, nonce)  # noqa: E731
    verdict = qemu.run_profiles(ctx, [profile("a"), profile("b")], registry, launch)
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == ("b: fail: QEMU exited with code 2, expected 0",)
    assert verdict.summary.startswith("qemu: a pass (")
    tail = verdict.detail.splitlines()
    assert tail[0].startswith("--- b: QEMU exited with code 2") and "last 60 console lines" in tail[0]
    assert len(tail) == 61 and tail[-1] == "KSELFTEST: b ok"
    assert (folder / "qemu-a.log").is_file() and (folder / "qemu-b.log").is_file()


def test_each_boot_gets_a_fresh_nonce(tmp_path, registry):
    seen: list[str] = []

    def launch(p: qemu.Profile, nonce: str) -> list[str]:
        seen.append(nonce)
        return scripted(tmp_path, GOOD)(p, nonce)

    for _ in range(2):
        qemu.boot(tmp_path, profile(), registry, launch, tmp_path / "console.log")
    assert len(set(seen)) == 2 and all(len(n) == 16 for n in seen)


def test_the_real_command_goes_through_run_qemu_sh():
    p = qemu.Profile("smp1", 1, "128M", True, (qemu.Expect("KSELFTEST: a ok", 1),), (), 1, 0)
    cmd = qemu.qemu_command(p, "abcd")
    assert cmd[:2] == ["bash", "tools/run-qemu.sh"]
    assert cmd[2:] == ["--kernel", "build/test/cairn-test.elf", "--smp", "1", "--mem", "128M", "--nonce", "abcd", "--icount"]


def test_the_shipped_profiles_name_only_registered_markers():
    profiles = qemu.load_profiles(REPO, markers.load(REPO))
    assert {"smp1", "smp2", "shell"} <= {p.name for p in profiles}
    assert all(p.markers and p.forbidden for p in profiles)


def test_a_profile_naming_an_unregistered_marker_is_rejected(tmp_path, registry):
    path = tmp_path / "bad.yaml"
    path.write_text("harts: 1\nmemory: 64M\nmarkers:\n  - {text: 'KSELFTEST: nope ok', deadline: 1}\n")
    with pytest.raises(qemu.ProfileError, match="'KSELFTEST: nope ok' is not in gates/markers.yaml"):
        qemu.load_profile(path, registry, "gates/profiles/bad.yaml")


def test_a_profile_boots_the_image_it_names_and_only_one_the_build_stage_makes(tmp_path, registry):
    path = tmp_path / "p.yaml"
    body = "harts: 2\nmemory: 64M\nmarkers:\n  - {text: 'KSELFTEST: a ok', deadline: 1}\n"
    path.write_text(body)
    assert qemu.load_profile(path, registry, "gates/profiles/p.yaml").image == "build/test/cairn-test.elf"  # the test kernel unless named
    path.write_text(body + "image: build/hostile/cairn-hostile.elf\n")
    p = qemu.load_profile(path, registry, "gates/profiles/p.yaml")
    assert qemu.qemu_command(p, "ab")[2:4] == ["--kernel", "build/hostile/cairn-hostile.elf"]
    path.write_text(body + "image: build/elsewhere/forged.elf\n")
    with pytest.raises(qemu.ProfileError, match="image 'build/elsewhere/forged.elf' is not one the build stage makes"):
        qemu.load_profile(path, registry, "gates/profiles/p.yaml")


def test_every_image_a_profile_boots_must_be_vouched_for(tmp_path, registry, monkeypatch):
    """A hostile profile's kernel swapped after the build stage is refused, like the main one."""
    (tmp_path / "gates" / "profiles").mkdir(parents=True)
    (tmp_path / "gates" / "profiles" / "h.yaml").write_text(
        "harts: 1\nmemory: 64M\nimage: build/hostile/cairn-hostile.elf\n"
        "markers:\n  - {text: 'KSELFTEST: a ok', deadline: 1}\n")
    for rel in ("tools/run-qemu.sh", "build/hostile/cairn-hostile.elf"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    monkeypatch.setattr(qemu.markers, "load", lambda root: registry)
    monkeypatch.setattr(qemu.shutil, "which", lambda name: "/usr/bin/" + name)
    ctx = type("Ctx", (), {"root": tmp_path})()
    verdict = qemu.run(ctx)
    assert verdict.outcome is qemu.Outcome.FAIL
    assert any("build/hostile/cairn-hostile.elf:1: no build stage pass vouches for it" in m for m in verdict.messages)


class TestConsoleJudge:
    def judge(self, registry: markers.Registry) -> qemu.ConsoleJudge:
        return qemu.ConsoleJudge(profile(), registry, "feedface")

    def test_ordinary_lines_pass_and_markers_advance(self, registry):
        j = self.judge(registry)
        assert j.feed("OpenSBI v1.2") is None
        assert j.feed("KBOOT: nonce feedface ok\r") is None
        assert j.waiting_for is not None and j.waiting_for.text == "KSELFTEST: a ok"

    def test_a_repeated_marker_is_not_out_of_order(self, registry):
        j = self.judge(registry)
        j.feed("KBOOT: nonce feedface ok")
        assert j.feed("KBOOT: nonce feedface ok") is None

    def test_forbidden_text_anywhere_in_the_line(self, registry):
        assert self.judge(registry).feed("KSELFTEST: a FAIL (lock)") == "forbidden 'FAIL' on the console: KSELFTEST: a FAIL (lock)"


def test_qemu_not_installed_is_an_infra_error(tmp_path, registry, monkeypatch):
    (tmp_path / "gates" / "profiles").mkdir()
    (tmp_path / "gates" / "profiles" / "p.yaml").write_text(
        "harts: 1\nmemory: 64M\nmarkers:\n  - {text: 'KSELFTEST: a ok', deadline: 1}\n"
    )
    monkeypatch.setattr(qemu.shutil, "which", lambda _tool: None)
    folder = tmp_path / "run"
    ctx = StageContext(tmp_path, Workspace(tmp_path), ToolVersions(), Log(folder / "qemu.log"), folder)
    with pytest.raises(ToolMissing, match="qemu-system-riscv64 is not installed"):
        qemu.run(ctx)


def test_a_profile_may_not_boot_the_product(tmp_path, registry):
    path = tmp_path / "p.yaml"
    path.write_text("harts: 1\nmemory: 64M\nmarkers:\n  - {text: 'KSELFTEST: a ok', deadline: 1}\n"
                    "image: build/kernel/cairn.elf\n")
    with pytest.raises(qemu.ProfileError, match="is the product, which prints no proofs"):
        qemu.load_profile(path, registry, "gates/profiles/p.yaml")
