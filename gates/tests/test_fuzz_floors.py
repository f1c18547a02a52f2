"""The fuzz stage's floors: every fuzz target in the tree runs, reports its coverage and
reaches the floor gates/fuzz-floors.yaml sets. Each hole is reproduced through fuzz.run()
with make and the targets faked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gates.cache import ToolVersions
from gates.report import Outcome, Verdict
from gates.stages import fuzz
from gates.stages.base import Completed, Log, StageContext, Workspace


def fuzz_output(cov: int, ft: int) -> str:
    return (f"INFO: Seed: 1\n#3\tINITED cov: {cov} ft: {ft} corp: 2/87b exec/s: 0 rss: 31Mb\n"
            f"#2288473\tDONE   cov: {cov} ft: {ft} corp: 2/87b lim: 4096 exec/s: 254274 rss: 197Mb\n"
            "Done 2288473 runs in 9 second(s)\nstat::number_of_executed_units: 2288473\n")


SOUND = fuzz_output(93, 156)


class Tree(Workspace):
    """The work tree is whatever files exist under root (no git needed)."""

    def files(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*")
                      if p.is_file() and "build" not in p.parts)


class FakeFuzz(StageContext):
    """make lists `targets`; each target binary prints what `outputs` gives for its name."""

    def __init__(self, root: Path, reply: Callable[[list[str]], Completed]) -> None:
        folder = root / "build" / "gates" / "run"
        super().__init__(root, Tree(root), ToolVersions(), Log(folder / "fuzz.log"), folder)
        self.reply = reply

    def run(self, cmd, timeout, cwd=None, cancel=None):  # type: ignore[no-untyped-def,override]
        return self.reply(list(cmd))


def tree(root: Path, sources: list[str], floors: dict[str, int] | None) -> None:
    for src in sources:
        (root / src).parent.mkdir(parents=True, exist_ok=True)
        (root / src).write_text("int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n")
    if floors is not None:
        (root / "gates").mkdir(exist_ok=True)
        lines = "".join(f"  {name}: {value}\n" for name, value in floors.items())
        (root / "gates/fuzz-floors.yaml").write_text(f"# floors\nfloors:\n{lines}", encoding="utf-8")


def judge(root: Path, outputs: dict[str, str]) -> Verdict:
    """Run the stage with make listing `outputs`' targets, each printing its output."""

    def reply(cmd: list[str]) -> Completed:
        if cmd[0] == "make" and cmd[-1] == "print-fuzz-targets":
            return Completed(0, "".join(f"build/fuzz/fuzz_{n} build/fuzz/seeds/{n}\n" for n in outputs))
        if cmd[0] == "make":
            return Completed(0, "")
        return Completed(0, outputs[fuzz.target_name(cmd[0])])

    return fuzz.run(FakeFuzz(root, reply))


def test_sound_targets_pass(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c", "userspace/libx/fuzz/fuzz_x.c"], {"elf": 49, "x": 100})
    verdict = judge(tmp_path, {"elf": SOUND, "x": SOUND})
    assert verdict.messages == ()
    assert verdict.outcome is Outcome.PASS


def test_a_fuzz_target_dropped_from_the_list_fails(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c", "userspace/libx/fuzz/fuzz_gone.c"], {"elf": 49})
    verdict = judge(tmp_path, {"elf": SOUND})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "userspace/libx/fuzz/fuzz_gone.c:1: fuzz target 'gone' is not run: make print-fuzz-targets "
        "does not list fuzz_gone",
    )


def test_a_target_that_returns_at_once_fails(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c"], {"elf": 49})
    verdict = judge(tmp_path, {"elf": fuzz_output(2, 2)})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "kernel/tests/fuzz/fuzz_elf.c:1: elf: reached 2 features (cov 2), below its floor of 49 "
        "in gates/fuzz-floors.yaml",
    )


def test_a_target_that_reports_no_coverage_fails(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c"], {"elf": 49})
    verdict = judge(tmp_path, {"elf": "Done 77 runs in 9 second(s)\n"})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "kernel/tests/fuzz/fuzz_elf.c:1: elf: reported no coverage (no 'cov: N ft: N' status line)",
    )


def test_every_target_needs_a_floor_and_every_floor_a_target(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c", "kernel/tests/fuzz/fuzz_img.c"], {"elf": 49, "old": 12})
    verdict = judge(tmp_path, {"elf": SOUND, "img": SOUND})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages == (
        "gates/fuzz-floors.yaml:1: fuzz target 'img' has no coverage floor",
        "gates/fuzz-floors.yaml:4: a floor for 'old', which make print-fuzz-targets does not list",
    )


def test_a_missing_floors_file_fails(tmp_path: Path) -> None:
    tree(tmp_path, ["kernel/tests/fuzz/fuzz_elf.c"], None)
    verdict = judge(tmp_path, {"elf": SOUND})
    assert verdict.outcome is Outcome.FAIL
    assert verdict.messages[0].startswith("gates/fuzz-floors.yaml:1: cannot read the coverage floors")


def test_coverage_is_read_from_the_last_status_line() -> None:
    assert fuzz.parse_coverage(SOUND) == (93, 156)
    assert fuzz.parse_coverage("INFO: Seed: 1\n") is None


def test_the_real_floors_name_every_real_target() -> None:
    repo = Path(__file__).resolve().parents[2]
    floors = fuzz.load_floors(repo)
    sources = sorted(p.relative_to(repo).as_posix() for d in fuzz.SOURCE_DIRS for p in repo.glob(f"{d}/fuzz_*.c"))
    names = [Path(s).stem.removeprefix("fuzz_") for s in sources]
    assert fuzz.unrun_and_unfloored(sources, names, floors) == []
    assert min(floors.floors.values()) >= 10
