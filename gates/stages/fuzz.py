"""fuzz: every libFuzzer target runs for a bounded time without a crash, leak or timeout.

`make fuzz-targets` builds the targets (clang with the fuzzer, ASan and UBSan runtimes) and
their seed corpora: the kernel's from kernel/tests/fuzz/ (kernel/tests/fuzz/fuzz.mk), the
service libraries' from userspace/<lib>/fuzz/ (userspace/fuzz.mk). `make -s
print-fuzz-targets` names them, one "binary seed-directory" pair a line; a binary
fuzz_<name> is reported against fuzz_<name>.c in the first of SOURCE_DIRS that holds it.
Each target runs for MAX_TOTAL_TIME_S seconds with a fresh corpus in the run folder
(build/gates/<run>/fuzz/<name>/), where libFuzzer also leaves any crash, leak, timeout or
out-of-memory input. A target fails on a non-zero exit, any sanitizer or libFuzzer error
report, any such input left behind, or zero executions. A missing fuzzer runtime is an
infra-error, not a failure of the change.

Floors: every fuzz_<name>.c in SOURCE_DIRS must be a target that print-fuzz-targets
lists, and every target must report its coverage (cov: and ft: on libFuzzer's last
status line) and reach the feature count FLOORS (gates/fuzz-floors.yaml) sets for it,
so a target that stops exercising its code fails. A target without a floor fails, and
so does a floor for no target.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from gates import environment
from gates.cache import Inputs
from gates.frontmatter import FrontMatterError, parse_data
from gates.report import Outcome, Verdict
from gates.stages import ctree
from gates.stages.base import Completed, InfraError, Stage, StageContext, StageTimeout, Workspace

MAX_TOTAL_TIME_S = 9  # five targets: about 45 s of fuzzing in all
RSS_LIMIT_MB = 2048
UNIT_TIMEOUT_S = 10  # one input running longer than this is a finding
GRACE_S = 60  # start-up, corpus loading and the final report, beyond MAX_TOTAL_TIME_S
ARTIFACT_KINDS = ("crash", "leak", "timeout", "oom", "slow-unit")
# What the targets and their seeds are built from; the rest of the tree cannot change them.
READS = (
    "kernel/loader/**",
    "kernel/include/**",
    "kernel/abi/**",
    "kernel/tests/fuzz/**",
    "kernel/tests/fixtures/elf_tiny.c",
    "userspace/*/fuzz/**",
    # the pure libraries the targets link (not libcairn or libfuzz, which run in the guest)
    "userspace/libmanifest/**",
    "userspace/libpolicy/**",
    "userspace/libjournal/**",
    "userspace/libtext/**",
    "userspace/libregistry/**",
    "userspace/libsvc/**",
    "userspace/libuart/**",
    "userspace/libshell/**",
    "Makefile",
    "**/*.mk",
    "tools/mkbootimg.py",
    "gates/fuzz-floors.yaml",
)
FLOORS = "gates/fuzz-floors.yaml"

EXECUTED = re.compile(r"^stat::number_of_executed_units:\s*(\d+)$", re.M)
COVERAGE = re.compile(r"^#\d+\s+\w+\s+cov: (\d+) ft: (\d+)\b", re.M)
DONE = re.compile(r"^Done (\d+) runs in ", re.M)
REPORT = re.compile(
    r"^(?:==\d+==\s*)?(?:ERROR: (?:libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)[^\n]*"
    r"|[^\n]*: runtime error: [^\n]*"
    r"|ALARM: working on the last Unit[^\n]*"
    r"|SUMMARY: [^\n]*)$",
    re.M,
)
# Where a target's source lives: fuzz_<name>.c in one of these folders.
SOURCE_DIRS = ("kernel/tests/fuzz", "userspace/*/fuzz")
NO_RUNTIME = re.compile(r"clang_rt\.fuzzer|unsupported option '-fsanitize=fuzzer'|-fsanitize=fuzzer.*not supported")


@dataclass(frozen=True)
class TargetResult:
    name: str
    executions: int
    problems: tuple[str, ...]  # already in "path:line: message" form
    features: int | None = None  # libFuzzer's ft: at the end of the run; None if never printed


@dataclass(frozen=True)
class Floors:
    """gates/fuzz-floors.yaml: each target's feature floor, and the line it is set on."""

    floors: dict[str, int]
    lines: dict[str, int]
    problems: tuple[str, ...]  # the file cannot be read or a floor is not a number


def parse_coverage(output: str) -> tuple[int, int] | None:
    """(cov, ft) from libFuzzer's last status line, or None if it printed none."""
    found = COVERAGE.findall(output)
    return (int(found[-1][0]), int(found[-1][1])) if found else None


def load_floors(root: Path) -> Floors:
    """The floors file; a missing or unreadable one is a problem, never no floors."""
    try:
        doc = parse_data((root / FLOORS).read_text(encoding="utf-8"), FLOORS)
    except (OSError, UnicodeDecodeError) as exc:
        return Floors({}, {}, (f"{FLOORS}:1: cannot read the coverage floors: {exc}",))
    except FrontMatterError as exc:
        return Floors({}, {}, (str(exc.finding),))
    raw = doc.data.get("floors")
    floors, lines, problems = {}, {}, []
    for name, value in (raw.items() if isinstance(raw, dict) else []):
        line = doc.line_of(("floors", name))
        if isinstance(value, int) and not isinstance(value, bool):
            floors[str(name)], lines[str(name)] = value, line
        else:
            problems.append(f"{FLOORS}:{line}: the floor of '{name}' is not a whole number")
    if not isinstance(raw, dict):
        problems.append(f"{FLOORS}:1: 'floors' must map each target's name to its feature floor")
    return Floors(floors, lines, tuple(problems))


def unrun_and_unfloored(sources: list[str], names: list[str], floors: Floors) -> list[str]:
    """Fuzz sources in the tree that no listed target runs; targets with no floor; stale floors."""
    listed = set(names)
    messages = [f"{src}:1: fuzz target '{stem}' is not run: make print-fuzz-targets does not list fuzz_{stem}"
                for src in sources if (stem := Path(src).stem.removeprefix("fuzz_")) not in listed]
    messages += [f"{FLOORS}:1: fuzz target '{n}' has no coverage floor" for n in names if n not in floors.floors]
    messages += [f"{FLOORS}:{floors.lines[n]}: a floor for '{n}', which make print-fuzz-targets does not list"
                 for n in sorted(floors.floors) if n not in listed]
    return list(floors.problems) + messages


def parse_executions(output: str) -> int:
    """Inputs executed, from -print_final_stats (or the closing "Done N runs" line); 0 if absent."""
    for pattern in (EXECUTED, DONE):
        found = pattern.findall(output)
        if found:
            return int(found[-1])
    return 0


def find_reports(output: str) -> list[str]:
    """The error lines libFuzzer and the sanitizers print, each once, in order."""
    return list(dict.fromkeys(m.group(0).strip() for m in REPORT.finditer(output)))


def artifacts(folder: Path) -> list[Path]:
    """Inputs libFuzzer kept because they crashed, leaked, hung or ran out of memory."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.startswith(ARTIFACT_KINDS))


def judge(name: str, source: str, done: Completed, kept: list[str], floor: int = 0) -> TargetResult:
    """Turn one target's run into its findings; `kept` lists the artifact paths it left,
    `floor` is the feature count it must reach."""
    executions = parse_executions(done.output)
    coverage = parse_coverage(done.output)
    problems = [f"{source}:1: {name}: {line}" for line in find_reports(done.output)]
    problems += [f"{source}:1: {name}: input kept at {path}" for path in kept]
    if done.returncode != 0 and not problems:
        problems.append(f"{source}:1: {name}: exited {done.returncode} without a report (see log)")
    if executions == 0 and not problems:
        problems.append(f"{source}:1: {name}: executed no inputs")
    if coverage is None and not problems:
        problems.append(f"{source}:1: {name}: reported no coverage (no 'cov: N ft: N' status line)")
    elif coverage is not None and coverage[1] < floor and not problems:
        problems.append(f"{source}:1: {name}: reached {coverage[1]} features (cov {coverage[0]}), "
                        f"below its floor of {floor} in {FLOORS}")
    return TargetResult(name, executions, tuple(problems), coverage[1] if coverage else None)


def target_name(binary: str) -> str:
    return Path(binary).name.removeprefix("fuzz_")


def source_of(root: Path, binary: str) -> str:
    """The repository path of a binary's fuzz_<name>.c; kernel/tests/fuzz/ when none is found."""
    file = f"{Path(binary).name}.c"
    for folder in SOURCE_DIRS:
        found = sorted(root.glob(f"{folder}/{file}"))
        if found:
            return found[0].relative_to(root).as_posix()
    return f"{SOURCE_DIRS[0]}/{file}"


def inputs(ws: Workspace) -> Inputs:
    files = tuple(ws.select(READS))
    return Inputs(files=files, tools=("clang", "make", "riscv64-unknown-elf-gcc", sys.executable))


def _build(ctx: StageContext) -> list[tuple[str, str]]:
    """Build the targets and return their (binary, seed directory) pairs."""
    built = ctx.run(["make", "--no-print-directory", "fuzz-targets"], timeout=900)
    ctree.raise_if_tool_missing(built)
    if built.returncode != 0 and NO_RUNTIME.search(built.output):
        raise InfraError("clang's libFuzzer runtime is missing (Debian: libclang-rt-14-dev; run `make setup`)")
    if built.returncode != 0:
        tail = [ln for ln in built.output.splitlines() if ln.strip()][-3:]
        raise _BuildFailed("make fuzz-targets failed: " + (" | ".join(tail) or f"exit {built.returncode}"))
    listed = ctx.run(["make", "-s", "--no-print-directory", "print-fuzz-targets"], timeout=60)
    pairs = [tuple(line.split()) for line in listed.output.splitlines() if line.strip()]
    if listed.returncode != 0 or any(len(p) != 2 for p in pairs):
        raise _BuildFailed("make print-fuzz-targets did not print 'binary seed-directory' lines")
    return [(p[0], p[1]) for p in pairs]


class _BuildFailed(Exception):
    """The targets did not build; the message says why."""


def _run_one(ctx: StageContext, binary: str, seeds: str, floor: int) -> TargetResult:
    name = target_name(binary)
    folder = ctx.run_folder / "fuzz" / name
    corpus = folder / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(ctx.root / binary),
        f"-max_total_time={MAX_TOTAL_TIME_S}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-timeout={UNIT_TIMEOUT_S}",
        "-print_final_stats=1",
        f"-artifact_prefix={folder}/",
        str(corpus),
        str(ctx.root / seeds),
    ]
    source = source_of(ctx.root, binary)
    done = ctx.run(cmd, timeout=MAX_TOTAL_TIME_S + GRACE_S)
    (folder / "fuzz.log").write_text(done.output, encoding="utf-8")
    kept = [ctree.relative(p, ctx.root) or str(p) for p in artifacts(folder)]
    return judge(name, source, done, kept, floor)


def run(ctx: StageContext) -> Verdict:
    try:
        targets = _build(ctx)
    except _BuildFailed as exc:
        return Verdict.failed("fuzz: the targets did not build", [f"kernel/tests/fuzz/fuzz.mk:1: {exc}"])
    if not targets:
        return Verdict.failed("fuzz: 0 targets", ["kernel/tests/fuzz/fuzz.mk:1: print-fuzz-targets named no target"])
    floors = load_floors(ctx.root)
    sources = ctx.workspace.select(tuple(f"{d}/fuzz_*.c" for d in SOURCE_DIRS))
    messages = unrun_and_unfloored(sources, [target_name(b) for b, _ in targets], floors)
    results = []
    for binary, seeds in targets:
        try:
            result = _run_one(ctx, binary, seeds, floors.floors.get(target_name(binary), 0))
        except StageTimeout as exc:
            return Verdict(Outcome.TIMEOUT, f"fuzz: {target_name(binary)} overran", (str(exc),))
        results.append(result)
        messages += result.problems
    counts = ", ".join(f"{r.name} {r.executions} execs {r.features} ft" for r in results)
    return Verdict.judged(f"fuzz: {len(results)} targets, {MAX_TOTAL_TIME_S} s each: {counts}", messages)


STAGE = Stage(
    name="fuzz",
    description="libFuzzer targets (ELF checker, boot image reader, manifest, policy and journal decoders) "
    "run clean for a bounded time",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=(*ctree.ENV, *environment.SANITIZERS),
    packages=("libclang-rt-*-dev",),
)
