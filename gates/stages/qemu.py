"""qemu: boot the kernel under every proof profile and judge its console.

For each gates/profiles/*.yaml, in name order, one boot through tools/run-qemu.sh with a
fresh random nonce. The console is read line by line on a reader thread so deadlines
hold even when the guest is silent. A ConsoleJudge decides each line: profile markers
(rendered with this boot's nonce) and plain output lines (qemu_profile.py) must come in
order, each by its deadline (seconds from launch); a forbidden string fails at once; a
retired marker fails; a line with the marker shape that is not a
registered marker fails (a stale or foreign nonce is named as such). A profile's `input`
entries are typed into the guest: each one's text is written to QEMU's standard input,
which -nographic joins to the console UART, as soon as the expectation it names is met
(a profile without input gets no standard input at all). After the last marker the
console is read for `settle` seconds, then QEMU must have exited by itself with the
profile's exit code. This module owns only the QEMU process it starts (its own process
group) and kills nothing else. The command line is tools/run-qemu.sh's; tests pass their
own `launch` to boot a fake.
"""

from __future__ import annotations

import enum
import queue
import re
import secrets
import shutil
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import yaml

from gates import environment, markers
from gates.cache import Inputs
from gates.report import Outcome, Verdict
from gates.stages import build
from gates.stages.base import Stage, StageContext, ToolMissing, Workspace, kill_group
from gates.stages.qemu_profile import (  # noqa: F401 (the stage's names for its profiles)
    PROFILES,
    TEST_KERNEL,
    Expect,
    Feed,
    Profile,
    ProfileError,
    load_profile,
    load_profiles,
    output_pattern,
)

RUN_QEMU = "tools/run-qemu.sh"
QEMU = "qemu-system-riscv64"
DEFAULT_OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"  # tools/run-qemu.sh's
TAIL_LINES = 60
EXIT_GRACE_S = 2.0  # after the console closes, how long QEMU gets to finish exiting


TAG_BYTE = "\x01"  # starts every line the kernel writes (RFC-0006)
TAG = re.compile(r"\[([A-Za-z0-9._-]{1,31})\] ")
UNTAGGED = markers.CONSOLE_SOURCE
MALFORMED = "a malformed kernel tag"


@dataclass(frozen=True)
class ConsoleLine:
    source: str  # "kernel", a process name, or "console" for an untagged line
    text: str


def attribute(raw: str) -> list[ConsoleLine]:
    """Split one console line into the parts each source wrote, by RFC-0006's tags.

    Only the kernel writes the tag byte (uartd drops it from its clients' bytes), so
    the byte starts a kernel-written part wherever it stands: a part before the first
    tag byte is untagged (`console`); each tag byte is followed by `[name] `.
    """
    head, *tagged = raw.split(TAG_BYTE)
    parts = [ConsoleLine(UNTAGGED, head.strip())] if head.strip() or not tagged else []
    for piece in tagged:
        tag = TAG.match(piece)
        if tag is None:
            parts.append(ConsoleLine(MALFORMED, piece.strip()))
        else:
            parts.append(ConsoleLine(tag.group(1), piece[tag.end() :].strip()))
    return parts


class ConsoleJudge:
    """Decides console lines for one boot. Pure: no clock, no process; `feed` one line at a time."""

    def __init__(self, profile: Profile, registry: markers.Registry, nonce: str) -> None:
        self._forbidden = profile.forbidden
        self._expected = [(e, e.text if e.output else e.text.replace(markers.NONCE_PLACEHOLDER, nonce))
                          for e in profile.markers]
        self._patterns = {e.text: re.compile(output_pattern(e.text, nonce)) for e in profile.markers if e.output}
        self._product = profile.product
        self._seen = 0
        self._registry = registry
        self._source_of = {m.render(nonce): m.source for m in registry.markers}
        self._retired = {m.render(nonce): m.retired for m in registry.retired().values()}
        self._templates = [_template(m.text) for m in registry.markers if markers.NONCE_PLACEHOLDER in m.text]

    @property
    def seen(self) -> int:
        """How many of the profile's expectations have been met so far."""
        return self._seen

    @property
    def waiting_for(self) -> Expect | None:
        """The next profile expectation still to come, or None once all have been met."""
        return self._expected[self._seen][0] if self._seen < len(self._expected) else None

    def rendered(self, expect: Expect) -> str:
        return next(r for e, r in self._expected if e is expect)

    def describe(self, expect: Expect) -> str:
        """A marker as this boot renders it, or an output pattern and its source."""
        return expect.describe() if expect.output else f"marker '{self.rendered(expect)}'"

    def expected(self, index: int) -> Expect:
        """The profile's expectation at position `index`, as written."""
        return self._expected[index][0]

    def feed(self, line: str) -> str | None:
        """None if the line is acceptable, else the one-line reason the boot fails."""
        for part in attribute(line):
            problem = self._feed_part(part)
            if problem:
                return problem
        return None

    def _meets(self, index: int, part: ConsoleLine) -> bool:
        expect, rendered = self._expected[index]
        if expect.output:
            return part.source == expect.source and self._patterns[expect.text].fullmatch(part.text) is not None
        return part.text == rendered

    def _feed_part(self, part: ConsoleLine) -> str | None:
        text = part.text
        hit = next((f for f in self._forbidden if f in text), None)
        if hit is not None:
            return f"forbidden '{hit}' on the console: {text}"
        if part.source == MALFORMED:
            return f"a line the kernel began has no [source] tag: {text}"
        if self._product and self._registry.has_marker_shape(text):
            return f"the product printed a line of marker shape ({part.source}): {text}"
        if text in self._retired:
            return f"retired marker '{text}' printed by {part.source} (retired by {self._retired[text]})"
        source = self._source_of.get(text)
        if source is not None and source != part.source:
            return f"marker '{text}' printed by {part.source}; only {source} may print it"
        if self._seen < len(self._expected) and self._meets(self._seen, part):
            self._seen += 1
            return None
        if any(not e.output and text == r for e, r in self._expected[self._seen + 1 :]):
            waiting, rendered = self._expected[self._seen]
            due = waiting.describe() if waiting.output else f"'{rendered}'"
            return f"out of order: '{text}' came before {due}"
        if source is not None or not self._registry.has_marker_shape(text):
            return None
        if any(t.match(text) for t in self._templates):
            return f"marker with a stale or foreign nonce: {text}"
        return f"marker-shaped line not in {markers.REGISTRY}: {text}"


def _template(text: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in text.split(markers.NONCE_PLACEHOLDER)]
    return re.compile(r"\S+".join(parts) + r"\Z")


@dataclass(frozen=True)
class BootResult:
    profile: str
    outcome: Outcome
    reason: str
    seconds: float
    tail: tuple[str, ...]
    log: Path


Launch = Callable[[Profile, str], list[str]]


class Silence(enum.Enum):
    """Why the console gave no line."""

    TIMED_OUT = "timed out"
    CLOSED = "closed"


def qemu_command(profile: Profile, nonce: str) -> list[str]:
    """The real boot: tools/run-qemu.sh holds the QEMU command line."""
    cmd = ["bash", RUN_QEMU, "--kernel", profile.image, "--smp", str(profile.harts)]
    cmd += ["--mem", profile.memory, "--nonce", nonce]
    return cmd + (["--icount"] if profile.icount else [])


def _read_lines(stream: IO[bytes], lines: queue.Queue[str | None]) -> None:
    try:
        for raw in iter(stream.readline, b""):
            lines.put(raw.decode("utf-8", "replace").rstrip("\r\n"))
    except (OSError, ValueError):
        pass  # the pipe was closed under us while stopping: the console has ended either way
    lines.put(None)


class _Console:
    """One running QEMU: its lines as they come, the log, and the last lines for a report."""

    def __init__(self, proc: subprocess.Popen[bytes], log: IO[str]) -> None:
        self.proc, self._log = proc, log
        self.tail: deque[str] = deque(maxlen=TAIL_LINES)
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        self._reader = threading.Thread(target=_read_lines, args=(proc.stdout, self._lines), daemon=True)
        self._reader.start()

    def next_line(self, until: float) -> str | Silence:
        """The next console line, or why there is none: the time `until` (monotonic) came
        first, or the console closed."""
        remaining = until - time.monotonic()
        if remaining <= 0:
            return Silence.TIMED_OUT
        try:
            line = self._lines.get(timeout=remaining)
        except queue.Empty:
            return Silence.TIMED_OUT
        if line is None:
            self._lines.put(None)  # stay closed for later calls
            return Silence.CLOSED
        self.tail.append(line)
        self._log.write(line + "\n")
        self._log.flush()
        return line

    def type_text(self, text: str) -> None:
        """Write text to the guest's console input. A QEMU that is gone by now shows as a
        closed console on the next read, so a broken pipe is left to that."""
        self._log.write(f"# typed {text!r}\n")
        self._log.flush()
        if self.proc.stdin is None:
            return
        try:
            self.proc.stdin.write(text.encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def exit_code(self, within: float) -> int | None:
        try:
            return self.proc.wait(timeout=max(within, 0))
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        """Kill the QEMU process group if it is still running, and collect the reader."""
        if self.proc.poll() is None:
            kill_group(self.proc)
            self.proc.wait()
        self._reader.join(timeout=2)
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except BrokenPipeError:
                    pass  # text typed but never read: the guest is gone either way


def boot(root: Path, profile: Profile, registry: markers.Registry, launch: Launch, log_path: Path) -> BootResult:
    """Boot once under `profile` and judge the console. Never returns with the process alive."""
    nonce = secrets.token_hex(8)
    cmd = launch(profile, nonce)
    start = time.monotonic()
    with log_path.open("w", encoding="utf-8") as log:
        log.write(f"# profile {profile.name}, nonce {nonce}\n# $ {' '.join(cmd)}\n")
        try:
            proc = subprocess.Popen(
                cmd, cwd=root, stdin=subprocess.PIPE if profile.inputs else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        except OSError as exc:
            return BootResult(profile.name, Outcome.INFRA_ERROR, f"cannot start {cmd[0]}: {exc}", 0.0, (), log_path)
        console = _Console(proc, log)
        try:
            outcome, reason = _watch(console, profile, ConsoleJudge(profile, registry, nonce), start)
        finally:
            console.stop()
        log.write(f"# {outcome.value}: {reason}\n")
    return BootResult(profile.name, outcome, reason, time.monotonic() - start, tuple(console.tail), log_path)


def _watch(console: _Console, profile: Profile, judge: ConsoleJudge, start: float) -> tuple[Outcome, str]:
    """Read until a verdict: every marker by its deadline, the settle time, a clean exit."""
    while (expect := judge.waiting_for) is not None:
        line = console.next_line(until=start + expect.deadline)
        if line is Silence.TIMED_OUT:
            return Outcome.TIMEOUT, f"{judge.describe(expect)} not seen within {expect.deadline:g} s"
        if line is Silence.CLOSED:
            code = console.exit_code(EXIT_GRACE_S)
            return Outcome.FAIL, f"QEMU ended (exit {code}) before {judge.describe(expect)}"
        seen = judge.seen
        problem = judge.feed(str(line))
        if problem:
            return Outcome.FAIL, problem
        for index in range(seen, judge.seen):  # expectations this line met: type what waits for them
            for text in profile.typed_after(judge.expected(index).text):
                console.type_text(text)

    settle_end = time.monotonic() + profile.settle
    while (line := console.next_line(until=settle_end)) not in (Silence.TIMED_OUT, Silence.CLOSED):
        problem = judge.feed(str(line))
        if problem:
            return Outcome.FAIL, problem
    # Closed: QEMU is on its way out, give it the rest of the settle time (or a grace).
    # Settled with the console still open: it must already have exited.
    wait = max(settle_end - time.monotonic(), EXIT_GRACE_S) if line is Silence.CLOSED else 0.0
    code = console.exit_code(wait)
    if code is None:
        return Outcome.FAIL, f"guest did not end the run within {profile.settle:g} s of the last marker"
    if code != profile.exit_code:
        return Outcome.FAIL, f"QEMU exited with code {code}, expected {profile.exit_code}"
    return Outcome.PASS, f"all {len(profile.markers)} expected lines, exit {code}"


def run_profiles(ctx: StageContext, profiles: list[Profile], registry: markers.Registry, launch: Launch) -> Verdict:
    """Boot every profile, one after another, and fold the boots into one verdict."""
    results = []
    for profile in profiles:
        result = boot(ctx.root, profile, registry, launch, ctx.run_folder / f"qemu-{profile.name}.log")
        ctx.log.write(f"{profile.name}: {result.outcome.value} in {result.seconds:.1f}s: {result.reason}")
        results.append(result)
    failed = [r for r in results if r.outcome is not Outcome.PASS]
    summary = "qemu: " + ", ".join(f"{r.profile} {r.outcome.value} ({r.seconds:.1f}s)" for r in results)
    if not failed:
        return Verdict.passed(summary)
    messages = tuple(f"{r.profile}: {r.outcome.value}: {r.reason}" for r in failed)
    detail = "\n".join(_tail_block(r, ctx.root) for r in failed)
    return Verdict(failed[0].outcome, summary, messages, detail)


def _tail_block(r: BootResult, root: Path) -> str:
    try:
        where = r.log.relative_to(root)
    except ValueError:
        where = r.log
    head = f"--- {r.profile}: {r.reason}; last {len(r.tail)} console lines ({where}) ---"
    return "\n".join([head, *r.tail])


def inputs(ws: Workspace) -> Inputs:
    """The images a profile may boot (kernels, which hold their boot images, and the firmware),
    the launcher, the registry and the profiles: the build stage vouches for the images."""
    profiles = tuple(ws.select((f"{PROFILES}/*.yaml",)))
    files = (*build.IMAGES, RUN_QEMU, "gates/markers.yaml", "gates/markers.py", *profiles)
    # $OPENSBI is refused (gates/environment.py), so the firmware booted is always the default.
    return Inputs(files=files, tools=(QEMU,), facts=(f"firmware={build.digest(Path(DEFAULT_OPENSBI))}",))


def run(ctx: StageContext) -> Verdict:
    try:
        registry = markers.load(ctx.root)
        profiles = load_profiles(ctx.root, registry)
    except (markers.RegistryError, ProfileError) as exc:
        return Verdict.failed("qemu: profiles are not usable", str(exc).splitlines())
    if shutil.which(QEMU) is None:
        raise ToolMissing(f"{QEMU} is not installed")
    images = sorted({p.image for p in profiles})
    missing = [p for p in (RUN_QEMU, *images) if not (ctx.root / p).is_file()]
    if missing:
        return Verdict.failed("qemu: nothing to boot", [f"{p}:1: missing" for p in missing])
    problems = [problem for image in images if (problem := build.unvouched(ctx.root, image))]
    if problems:
        return Verdict.failed("qemu: an image is not the build stage's", problems)
    return run_profiles(ctx, profiles, registry, qemu_command)


STAGE = Stage(
    name="qemu",
    description="the kernel boots under every proof profile and prints its markers in order",
    depends=("build",),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=environment.BOOT,
    packages=("opensbi",),
)
