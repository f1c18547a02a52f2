"""The fuzz stage's speed: targets run two at a time, the first finding stops the rest,
each target keeps its corpus between runs (outside build/gates/), and a target whose
inputs did not change since its last pass is not run again. make is faked; the targets
are small shell scripts that print what libFuzzer prints, so they really run."""

from __future__ import annotations

import stat
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from gates.cache import ToolVersions
from gates.report import Outcome, Verdict
from gates.stages import fuzz
from gates.stages.base import Cancelled, Completed, Log, StageContext, Workspace

CLEAN = r"""
printf '#5\tDONE   cov: 50 ft: 60 corp: 2/9b lim: 4 exec/s: 5 rss: 30Mb\n'
printf 'Done 5 runs in 1 second(s)\nstat::number_of_executed_units: 5\n'
"""
CRASH = r"""
printf '==1== ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1\n'
exit 1
"""


class Tree(Workspace):
    def files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file() and "build" not in p.parts)


class FakeMake(StageContext):
    """make answers from the targets on disk; the targets themselves really run."""

    def __init__(self, root: Path, use_cache: bool = True) -> None:
        folder = root / "build" / "gates" / f"run-{time.monotonic_ns()}"
        super().__init__(root, Tree(root), ToolVersions(), Log(folder / "fuzz.log"), folder)
        self.use_cache = use_cache

    def run(self, cmd, timeout, cwd=None, cancel=None):  # type: ignore[no-untyped-def,override]
        if cmd[0] != "make":
            return super().run(cmd, timeout, cwd, **({"cancel": cancel} if cancel else {}))
        if cmd[-1] != "print-fuzz-targets":
            return Completed(0, "")
        names = sorted(p.name.removeprefix("fuzz_") for p in (self.root / "build/fuzz").glob("fuzz_*"))
        return Completed(0, "".join(f"build/fuzz/fuzz_{n} build/fuzz/seeds/{n}\n" for n in names))


def target(root: Path, name: str, body: str, seconds: float = 0.0) -> None:
    """A fake fuzz_<name>: notes its start and end, sleeps, adds a unit to its corpus
    (the first folder it is given) after noting how many it found there, then prints `body`."""
    (root / "kernel/tests/fuzz").mkdir(parents=True, exist_ok=True)
    (root / f"kernel/tests/fuzz/fuzz_{name}.c").write_text("/* fuzz target */\n")
    seeds = root / "build/fuzz/seeds" / name
    seeds.mkdir(parents=True, exist_ok=True)
    (seeds / "seed-01").write_text("seed")
    script = root / f"build/fuzz/fuzz_{name}"
    script.write_text(f"""#!/bin/sh
echo "start {name} $(date +%s.%N)" >> {root}/events
for a in "$@"; do case "$a" in -*) ;; *) corpus="$a"; break;; esac; done
echo "corpus {name} $(ls "$corpus" | wc -l) $corpus" >> {root}/events
touch "$corpus/unit-$(date +%s%N)"
sleep {seconds}
echo "end {name} $(date +%s.%N)" >> {root}/events
{body}
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    floors = sorted(p.name.removeprefix("fuzz_") for p in (root / "build/fuzz").glob("fuzz_*"))
    (root / "gates").mkdir(exist_ok=True)
    (root / "gates/fuzz-floors.yaml").write_text("floors:\n" + "".join(f"  {n}: 10\n" for n in floors))


def events(root: Path, kind: str) -> list[list[str]]:
    path = root / "events"
    lines = path.read_text().splitlines() if path.exists() else []
    return [line.split()[1:] for line in lines if line.startswith(kind + " ")]


def started(root: Path) -> dict[str, int]:
    """How many times each target started."""
    return dict(Counter(name for name, _ in events(root, "start")))


def most_at_once(root: Path) -> int:
    moments = [(float(t), +1) for _, t in events(root, "start")] + [(float(t), -1) for _, t in events(root, "end")]
    running = peak = 0
    for _, step in sorted(moments, key=lambda m: (m[0], m[1])):
        running += step
        peak = max(peak, running)
    return peak


def run(root: Path, use_cache: bool = True) -> Verdict:
    return fuzz.run(FakeMake(root, use_cache))


def test_targets_run_two_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    for name in ("a", "b", "c", "d"):
        target(tmp_path, name, CLEAN, seconds=0.5)
    verdict = run(tmp_path)
    assert verdict.outcome is Outcome.PASS, verdict.messages
    assert most_at_once(tmp_path) == 2
    assert verdict.summary.startswith("fuzz: 4 targets, 4 ran (9 s each, 2 at a time), 0 cached: ")


def test_no_more_targets_at_once_than_cores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    for name in ("a", "b"):
        target(tmp_path, name, CLEAN, seconds=0.5)
    assert run(tmp_path).outcome is Outcome.PASS
    assert most_at_once(tmp_path) == 1


def test_the_first_crash_stops_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    target(tmp_path, "a_crash", CRASH, seconds=0.2)
    target(tmp_path, "b_slow", CLEAN, seconds=30)
    target(tmp_path, "c_later", CLEAN)
    start = time.monotonic()
    verdict = run(tmp_path)
    assert time.monotonic() - start < 15
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "kernel/tests/fuzz/fuzz_a_crash.c:1: a_crash: ==1== ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1",
    )
    assert "2 stopped at the first finding (b_slow, c_later)" in verdict.summary
    assert started(tmp_path) == {"a_crash": 1, "b_slow": 1}


def test_a_target_keeps_its_corpus_between_runs_outside_the_run_folder(tmp_path: Path) -> None:
    target(tmp_path, "a", CLEAN)
    assert run(tmp_path).outcome is Outcome.PASS
    assert run(tmp_path, use_cache=False).outcome is Outcome.PASS
    seen = events(tmp_path, "corpus")
    assert [(count, Path(folder)) for _, count, folder in seen] == [
        ("0", tmp_path / "build/fuzz-corpus/a"), ("1", tmp_path / "build/fuzz-corpus/a"),
    ]


def test_a_target_whose_inputs_did_not_change_is_cached(tmp_path: Path) -> None:
    for name in ("a", "b"):
        target(tmp_path, name, CLEAN)
    assert run(tmp_path).outcome is Outcome.PASS
    again = run(tmp_path)
    assert again.outcome is Outcome.PASS
    assert again.summary == "fuzz: 2 targets, 0 ran (9 s each, 2 at a time), 2 cached: a 60 ft, b 60 ft"
    assert len(events(tmp_path, "start")) == 2

    (tmp_path / "build/fuzz/seeds/b/seed-02").write_text("a new seed")
    assert run(tmp_path).summary.startswith("fuzz: 2 targets, 1 ran (9 s each, 2 at a time), 1 cached")
    assert started(tmp_path) == {"a": 1, "b": 2}

    with (tmp_path / "build/fuzz/fuzz_a").open("a") as script:
        script.write("# rebuilt from a changed source\n")
    assert run(tmp_path).summary.startswith("fuzz: 2 targets, 1 ran")
    assert started(tmp_path) == {"a": 2, "b": 2}

    assert run(tmp_path, use_cache=False).summary.startswith("fuzz: 2 targets, 2 ran")


def test_a_failing_target_is_not_cached(tmp_path: Path) -> None:
    target(tmp_path, "a", CRASH)
    assert run(tmp_path).outcome is Outcome.FAIL
    assert run(tmp_path).outcome is Outcome.FAIL
    assert len(events(tmp_path, "start")) == 2


def test_a_cancelled_command_is_stopped_whole(tmp_path: Path) -> None:
    ctx = StageContext(tmp_path, Tree(tmp_path), ToolVersions(), Log(tmp_path / "x.log"), tmp_path)
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        ctx.run(["sh", "-c", "sleep 30 & wait"], timeout=60, cancel=cancel)
    assert time.monotonic() - start < 5
    assert ctx.run(["true"], timeout=5, cancel=threading.Event()).returncode == 0


class SecondsMake(FakeMake):
    """make lists target `g` with a run time of its own, as it does the generated targets."""

    def run(self, cmd, timeout, cwd=None, cancel=None):  # type: ignore[no-untyped-def,override]
        done = super().run(cmd, timeout, cwd, cancel)
        if cmd[0] == "make" and cmd[-1] == "print-fuzz-targets":
            lines = [ln + (" 3" if ln.startswith("build/fuzz/fuzz_g ") else "") for ln in done.output.splitlines()]
            return Completed(0, "".join(ln + "\n" for ln in lines))
        return done


def test_a_target_listed_with_seconds_runs_that_long(tmp_path: Path) -> None:
    for name in ("a", "g"):
        target(tmp_path, name, CLEAN + '\necho "args $*" >> ' + str(tmp_path / "events"))
    verdict = fuzz.run(SecondsMake(tmp_path))
    assert verdict.outcome is Outcome.PASS, verdict.messages
    assert verdict.summary.startswith("fuzz: 2 targets, 2 ran (3 to 9 s each, 2 at a time)")
    runs = [" ".join(a) for a in events(tmp_path, "args")]
    assert any("-max_total_time=3" in r and "fuzz-corpus/g" in r for r in runs), runs
    assert any("-max_total_time=9" in r and "fuzz-corpus/a" in r for r in runs), runs


def test_a_malformed_seconds_word_fails_the_build_step(tmp_path: Path) -> None:
    class BadMake(FakeMake):
        def run(self, cmd, timeout, cwd=None, cancel=None):  # type: ignore[no-untyped-def,override]
            if cmd[0] == "make" and cmd[-1] == "print-fuzz-targets":
                return Completed(0, "build/fuzz/fuzz_a build/fuzz/seeds/a soon\n")
            return super().run(cmd, timeout, cwd, cancel)

    target(tmp_path, "a", CLEAN)
    verdict = fuzz.run(BadMake(tmp_path))
    assert verdict.outcome is Outcome.FAIL
    assert "binary seed-directory [seconds]" in " ".join(verdict.messages)
