"""fuzz: every libFuzzer target runs for a bounded time without a crash, leak or timeout.

`make fuzz-targets` builds the targets (clang with the fuzzer, ASan and UBSan runtimes) and
their seed corpora: the kernel's from kernel/tests/fuzz/ (kernel/tests/fuzz/fuzz.mk), the
service libraries' from userspace/<lib>/fuzz/ (userspace/fuzz.mk). `make -s
print-fuzz-targets` names them, one "binary seed-directory" pair a line; a binary
fuzz_<name> is reported against fuzz_<name>.c in the first of SOURCE_DIRS that holds it.
Each target runs for MAX_TOTAL_TIME_S seconds (or the seconds make lists as a third word,
as it does for the protocols' small generated targets), JOBS at a time (never more than the
cores), from its kept corpus (build/fuzz-corpus/<name>/, which libFuzzer grows run by
run) and its seeds. Its log and any crash, leak, timeout or out-of-memory input go to the
run folder (build/gates/<run>/fuzz/<name>/). A target fails on a non-zero exit, any
sanitizer or libFuzzer error report, any such input left behind, or zero executions; the
first failure or overrun stops the targets still running and those not yet started. A
target whose key (gates/stages/fuzzcache.py: its binary, seeds, compiler, limits and
floor) passed before is not run again, unless the run is --no-cache; the summary says
how many ran and how many were cached. A missing fuzzer runtime is an infra-error, not
a failure of the change.

Floors: every fuzz_<name>.c in SOURCE_DIRS must be a target that print-fuzz-targets
lists, and every target must report its coverage (cov: and ft: on libFuzzer's last
status line) and reach the feature count FLOORS (gates/fuzz-floors.yaml) sets for it,
so a target that stops exercising its code fails. A target without a floor fails, and
so does a floor for no target.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gates import environment
from gates.cache import Inputs
from gates.frontmatter import FrontMatterError, parse_data
from gates.report import Outcome, Verdict
from gates.stages import ctree, fuzzcache
from gates.stages.base import Cancelled, Completed, InfraError, Stage, StageContext, StageTimeout, Workspace

MAX_TOTAL_TIME_S = 9  # for every target that runs
JOBS = 2  # targets fuzzed at once, at most one per core
RSS_LIMIT_MB = 2048
UNIT_TIMEOUT_S = 10  # one input running longer than this is a finding
GRACE_S = 60  # start-up, corpus loading and the final report, beyond MAX_TOTAL_TIME_S
ARTIFACT_KINDS = ("crash", "leak", "timeout", "oom", "slow-unit")
# What the targets and their seeds are built from; the rest of the tree cannot change them.
# Every file a target or seed is built from, held complete by gates/tests/test_fuzz_inputs.py
# (which walks make's own prerequisites of `fuzz-targets`).
READS = (
    "kernel/loader/**",
    "kernel/include/**",
    "kernel/abi/**",
    "kernel/tests/fuzz/**",
    "kernel/tests/fixtures/elf_tiny.c",
    "kernel/tests/fixtures/spawn_prog.c",
    "kernel/tests/host_*",
    # what fuzz_spawn links besides the loader: the real load, page tables and quota counts
    "kernel/console_line.c",
    "kernel/mm/**",
    "kernel/proc/**",
    "userspace/user.ld",
    "userspace/*/fuzz/**",
    "userspace/libfuzz/include/**",
    "userspace/libprng/include/**",
    # every library's headers are prerequisites of every target (userspace/fuzz.mk), linked or not
    "userspace/librng/include/**",
    "userspace/librtc/include/**",
    "userspace/libstart/include/**",
    "userspace/libhosted/include/**",
    "userspace/libhosted/hosted_internal.h",
    # the hosted runtime's one pure file with a target: the number reader
    "userspace/libhosted/hosted_number.c",
    # the pure libraries the targets link (not libcairn or libfuzz, which run in the guest)
    "userspace/libmanifest/**",
    "userspace/libsvcname/**",
    "userspace/libpolicy/**",
    "userspace/libjournal/**",
    "userspace/libtext/**",
    "userspace/libregistry/**",
    "userspace/libsvc/**",
    "userspace/libuart/**",
    "userspace/libshell/**",
    "userspace/libsupervise/**",
    "userspace/libvirtio/**",
    "userspace/libstatefs/**",
    "userspace/libkeys/**",
    # the protocols' generated codecs: their interface files, the generator and its schema
    "idl/**",
    "tools/idlgen.py",
    "schemas/idl.schema.json",
    "Makefile",
    "**/*.mk",
    "tools/mkbootimg.py",
    "gates/fuzz-floors.yaml",
    "gates/stages/fuzzcache.py",
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
SOURCE_DIRS = ("kernel/tests/fuzz", "userspace/*/fuzz", "build/gen/idl/fuzz")
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


def _build(ctx: StageContext) -> list[tuple[str, str, int]]:
    """Build the targets and return their (binary, seed directory, seconds) runs."""
    built = ctx.run(["make", "--no-print-directory", "fuzz-targets"], timeout=900)
    ctree.raise_if_tool_missing(built)
    if built.returncode != 0 and NO_RUNTIME.search(built.output):
        raise InfraError("clang's libFuzzer runtime is missing (Debian: libclang-rt-14-dev; run `make setup`)")
    if built.returncode != 0:
        tail = [ln for ln in built.output.splitlines() if ln.strip()][-3:]
        raise _BuildFailed("make fuzz-targets failed: " + (" | ".join(tail) or f"exit {built.returncode}"))
    listed = ctx.run(["make", "-s", "--no-print-directory", "print-fuzz-targets"], timeout=60)
    pairs = [tuple(line.split()) for line in listed.output.splitlines() if line.strip()]
    if listed.returncode != 0 or any(len(p) not in (2, 3) or (len(p) == 3 and not p[2].isdigit())
                                     for p in pairs):
        raise _BuildFailed("make print-fuzz-targets did not print 'binary seed-directory [seconds]' lines")
    return [(p[0], p[1], int(p[2]) if len(p) == 3 else MAX_TOTAL_TIME_S) for p in pairs]


class _BuildFailed(Exception):
    """The targets did not build; the message says why."""


@dataclass(frozen=True)
class Target:
    """One target as this run sees it."""

    name: str
    binary: str  # repository-relative, as make names it
    seeds: str
    source: str  # its fuzz_<name>.c, where findings are reported
    floor: int
    key: str  # fuzzcache.target_key over what decides its run
    seconds: int = MAX_TOTAL_TIME_S  # of fuzzing


def _plan(ctx: StageContext, pairs: list[tuple[str, str, int]], floors: Floors) -> list[Target]:
    judges = hashlib.sha256(Path(__file__).read_bytes() + Path(fuzzcache.__file__).read_bytes()).hexdigest()
    plan = []
    for binary, seeds, seconds in pairs:
        name = target_name(binary)
        floor = floors.floors.get(name, 0)
        limits = f"max_total_time={seconds} rss_limit_mb={RSS_LIMIT_MB} timeout={UNIT_TIMEOUT_S}"
        facts = (f"compiler {ctx.tools.version('clang')}", limits, f"floor {floor}",
                 f"judges {judges}")
        key = fuzzcache.target_key(ctx.root / binary, ctx.root / seeds, facts)
        plan.append(Target(name, binary, seeds, source_of(ctx.root, binary), floor, key, seconds))
    return plan


def _run_one(ctx: StageContext, target: Target, cancel: threading.Event) -> TargetResult:
    """Fuzz one target from its kept corpus and its seeds; Cancelled if `cancel` is set."""
    folder = ctx.run_folder / "fuzz" / target.name  # its log and any finding: evidence
    folder.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(ctx.root / target.binary),
        f"-max_total_time={target.seconds}",
        f"-rss_limit_mb={RSS_LIMIT_MB}",
        f"-timeout={UNIT_TIMEOUT_S}",
        "-print_final_stats=1",
        f"-artifact_prefix={folder}/",
        str(fuzzcache.corpus_of(ctx.root, target.name)),  # libFuzzer adds new inputs here
        str(ctx.root / target.seeds),
    ]
    done = ctx.run(cmd, timeout=target.seconds + GRACE_S, cancel=cancel)
    (folder / "fuzz.log").write_text(done.output, encoding="utf-8")
    kept = [ctree.relative(p, ctx.root) or str(p) for p in artifacts(folder)]
    return judge(target.name, target.source, done, kept, target.floor)


@dataclass
class _Outcome:
    """What running the targets gave: results in plan order, and who never finished."""

    results: list[TargetResult]
    stopped: list[str]  # cancelled while running or never started after a finding
    overrun: StageTimeout | None = None


def _run_all(ctx: StageContext, targets: list[Target], jobs: int, record: fuzzcache.TargetRecord) -> _Outcome:
    """Run `targets` `jobs` at a time; the first finding or overrun stops the rest."""
    cancel = threading.Event()

    def one(target: Target) -> TargetResult | None:
        if cancel.is_set():
            return None
        try:
            result = _run_one(ctx, target, cancel)
        except Cancelled:
            return None
        except BaseException:
            cancel.set()
            raise
        if result.problems:
            cancel.set()
        else:
            record.record_pass(target.name, target.key, result.executions, result.features or 0)
        return result

    outcome = _Outcome([], [])
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [(t, pool.submit(one, t)) for t in targets]
        try:
            for target, future in futures:
                _collect(outcome, target, future)
        except BaseException:  # an interrupt or an infra error: stop the workers' targets too
            cancel.set()
            raise
    return outcome


def _collect(outcome: _Outcome, target: Target, future: Future[TargetResult | None]) -> None:
    try:
        result = future.result()
    except StageTimeout as exc:
        outcome.overrun = outcome.overrun or exc
        result = None
    if result is None:
        outcome.stopped.append(target.name)
    else:
        outcome.results.append(result)


def jobs() -> int:
    """Targets run at once: JOBS, but never more than the machine's cores."""
    return max(1, min(JOBS, os.cpu_count() or 1))


def run(ctx: StageContext) -> Verdict:
    try:
        pairs = _build(ctx)
    except _BuildFailed as exc:
        return Verdict.failed("fuzz: the targets did not build", [f"kernel/tests/fuzz/fuzz.mk:1: {exc}"])
    if not pairs:
        return Verdict.failed("fuzz: 0 targets", ["kernel/tests/fuzz/fuzz.mk:1: print-fuzz-targets named no target"])
    floors = load_floors(ctx.root)
    sources = ctx.workspace.select(tuple(f"{d}/fuzz_*.c" for d in SOURCE_DIRS))
    messages = unrun_and_unfloored(sources, [target_name(b) for b, _, _ in pairs], floors)
    plan = _plan(ctx, pairs, floors)
    record = fuzzcache.TargetRecord(ctx.root)
    cached = {t.name: p for t in plan if ctx.use_cache and (p := record.passed(t.name, t.key)) is not None}
    for name, entry in cached.items():
        ctx.log.write(f"{name}: cached, inputs unchanged since its pass at {entry.passed_at}")
    outcome = _run_all(ctx, [t for t in plan if t.name not in cached], jobs(), record)
    for result in outcome.results:
        messages += result.problems
    summary = _summary(plan, cached, outcome)
    if outcome.overrun is not None:
        return Verdict(Outcome.TIMEOUT, summary, tuple(messages) + (str(outcome.overrun),))
    return Verdict.judged(summary, messages)


def _summary(plan: list[Target], cached: dict[str, fuzzcache.TargetPass], outcome: _Outcome) -> str:
    """'fuzz: 11 targets, 2 ran (9 s each, 2 at a time), 9 cached: elf 156 ft, ...'."""
    figures = {r.name: r.features for r in outcome.results}
    figures.update({name: entry.features for name, entry in cached.items()})
    times = sorted({t.seconds for t in plan})
    each = f"{times[0]} s" if len(times) == 1 else f"{times[0]} to {times[-1]} s"
    head = (f"fuzz: {len(plan)} targets, {len(outcome.results)} ran ({each} each, "
            f"{jobs()} at a time), {len(cached)} cached")
    if outcome.stopped:
        head += f", {len(outcome.stopped)} stopped at the first finding ({', '.join(outcome.stopped)})"
    shown = [f"{t.name} {figures[t.name]} ft" if figures[t.name] is not None else f"{t.name} no coverage"
             for t in plan if t.name in figures]
    return head + ": " + ", ".join(shown)


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
