"""bench: the benchmark figures stay within 10% of the recorded ones, and the fast path
agrees with the C path.

tools/bench.py owns the measurement and the judgement (one boot of the bench kernel,
build/bench/cairn-bench.elf, with one hart under -icount shift=0, whose init is the
benchmark of services/bench/; the figures compared with gates/bench.yaml). This stage
runs it with the console kept in the run folder and turns its exit into a verdict:
0 pass, 1 fail (its `path:line: message` lines become the messages), anything else an
infra-error. Under -icount the figures are instruction counts, the same on every host,
so the stage is cached on the bench kernel, the record and the tools like any other.

Then it runs tools/ipcdiff.py (RFC-0014), which boots the differential test on a kernel
with the assembly fast path and on one without it and requires the same transcript of
every register, and the fast path seen taken; its verdict is read the same way.

Then tools/powercut.py (RFC-0018) cuts the power under the product's store three times
on one disk image and requires every acknowledged batch back, intact, after each cut
(`just powercut --cuts 100` is the long run). Its exit is read the same way.

Last, tools/identity.py (RFC-0019) boots the product on a fresh disk, signs with `key sign`
and checks the signature on the host with build/host/keyverify (BearSSL's host build, none
of the guest's code), refused with a bit flipped; the key must stay across a reboot on the
disk and differ on a fresh one. Its exit is read the same way.

Then tools/hosted.py (RFC-0020) boots the test image on one hart and on two, runs Lua
scripts and zlib's test program through the shell's `run`, and compares every line with a
host build of the same source: equal, or a known difference of the two C libraries,
checked bit for bit. It also requires a 1M-entry Lua table within 100x of the host. Its
exit is read the same way.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from gates import environment
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages import build
from gates.stages.base import InfraError, Stage, StageContext, ToolMissing, Workspace

BENCH_KERNEL = "build/bench/cairn-bench.elf"
TOOL = "tools/bench.py"
DIFF_TOOL = "tools/ipcdiff.py"
CUT_TOOL = "tools/powercut.py"
CUT_KERNEL = "build/kernel/cairn.elf"
CUTS = 3
IDENTITY_TOOL = "tools/identity.py"
KEYVERIFY = "build/host/keyverify"
HOSTED_TOOL = "tools/hosted.py"
HOSTED_KERNEL = "build/test/cairn-test.elf"
HOSTED_PROGRAMS = ("build/host/lua", "build/host/zlib-example")
RECORD = "gates/bench.yaml"
QEMU = "qemu-system-riscv64"
TIMEOUT_S = 300
HOSTED_TIMEOUT_S = 600  # two boots and some twenty programs run
PROBLEM = re.compile(r"^\S+:\d+: ")
SUMMARY = re.compile(r"^bench: (\w+) instructions=(\d+) ")


def summary(output: str) -> str:
    """`bench: ipc_roundtrip 250, null_syscall 60 instructions` from the tool's figure lines."""
    figures = [f"{m[1]} {m[2]}" for m in map(SUMMARY.match, output.splitlines()) if m]
    return "bench: " + (", ".join(figures) + " instructions" if figures else "no figures")


def inputs(ws: Workspace) -> Inputs:
    files = (BENCH_KERNEL, TOOL, RECORD, "tools/run-qemu.sh", "tools/guestboot.py", DIFF_TOOL,
             *build.IPCDIFF_KERNELS, CUT_TOOL, CUT_KERNEL,
             IDENTITY_TOOL, KEYVERIFY, "tools/keyverify.c", HOSTED_TOOL, HOSTED_KERNEL, *HOSTED_PROGRAMS)
    return Inputs(files=files, tools=(QEMU,))


def _failed(tool: str, title: str, output: str) -> Verdict:
    lines = output.splitlines()
    messages = [ln for ln in lines if PROBLEM.match(ln)] or [f"{tool}:1: failed (see log)"]
    detail = "\n".join(ln for ln in lines if not PROBLEM.match(ln))  # figures, or the console tail
    return Verdict.failed(title, messages, detail)


def run(ctx: StageContext) -> Verdict:
    if shutil.which(QEMU) is None:
        raise ToolMissing(f"{QEMU} is not installed")
    for image in (BENCH_KERNEL, *build.IPCDIFF_KERNELS, CUT_KERNEL, HOSTED_KERNEL):
        if not (ctx.root / image).is_file():
            return Verdict.failed("bench: nothing to boot", [f"{image}:1: missing; make build writes it"])
        problem = build.unvouched(ctx.root, image)
        if problem:
            return Verdict.failed("bench: the image is not the build stage's", [problem])
    log = ctx.run_folder / "bench-console.log"
    done = ctx.run([sys.executable, TOOL, "--log", str(log)], timeout=TIMEOUT_S)
    if done.returncode not in (0, 1):
        raise InfraError(f"{TOOL} exited {done.returncode}: " + (done.output.strip().splitlines() or ["no output"])[-1])
    if done.returncode == 1:
        return _failed(TOOL, summary(done.output) + " (failed)", done.output)
    diff = ctx.run([sys.executable, DIFF_TOOL], timeout=TIMEOUT_S)
    if diff.returncode not in (0, 1):
        raise InfraError(f"{DIFF_TOOL} exited {diff.returncode}: " + (diff.output.strip().splitlines() or ["no output"])[-1])
    if diff.returncode == 1:
        return _failed(DIFF_TOOL, summary(done.output) + "; the fast and C paths differ", diff.output)
    steps = re.search(r"ipcdiff: (\d+) steps", diff.output)
    agree = f"; fast path agrees with C on {steps[1] if steps else '?'} steps"
    cut = ctx.run([sys.executable, CUT_TOOL, "--cuts", str(CUTS), "--log", str(ctx.run_folder / "powercut-console.log")],
                  timeout=TIMEOUT_S)
    if cut.returncode not in (0, 1):
        raise InfraError(f"{CUT_TOOL} exited {cut.returncode}: " + (cut.output.strip().splitlines() or ["no output"])[-1])
    if cut.returncode == 1:
        return _failed(CUT_TOOL, summary(done.output) + agree + "; an acknowledged batch did not survive a cut",
                       cut.output)
    cuts = re.search(r"powercut: (\d+) cuts, (\d+) batches acknowledged, (\d+) lost, (\d+) corrupt", cut.output)
    kept = f"; {cuts[1]} power cuts, {cuts[2]} batches acknowledged, {cuts[3]} lost" if cuts else ""
    ident = ctx.run([sys.executable, IDENTITY_TOOL, "--log", str(ctx.run_folder / "identity-console.log")],
                    timeout=TIMEOUT_S)
    if ident.returncode not in (0, 1):
        raise InfraError(f"{IDENTITY_TOOL} exited {ident.returncode}: "
                         + (ident.output.strip().splitlines() or ["no output"])[-1])
    if ident.returncode == 1:
        return _failed(IDENTITY_TOOL, summary(done.output) + agree + kept + "; the device identity failed a check",
                       ident.output)
    checks = len(re.findall(r"^ok: ", ident.output, re.M))
    held = kept + f"; identity: {checks} host checks"
    hosted = ctx.run([sys.executable, HOSTED_TOOL, "--log", str(ctx.run_folder / "hosted-console.log")],
                     timeout=HOSTED_TIMEOUT_S)
    if hosted.returncode not in (0, 1):
        raise InfraError(f"{HOSTED_TOOL} exited {hosted.returncode}: "
                         + (hosted.output.strip().splitlines() or ["no output"])[-1])
    if hosted.returncode == 1:
        return _failed(HOSTED_TOOL, summary(done.output) + agree + held + "; a hosted program differs from the host",
                       hosted.output)
    lines = len(re.findall(r"^\s+\S+\.lua\s+\d+ lines", hosted.output, re.M))
    return Verdict.passed(summary(done.output) + agree + held + f"; hosted: {lines} Lua runs equal to the host's")


STAGE = Stage(
    name="bench",
    description="the figures stay within 10% of gates/bench.yaml; the fast path agrees with the C path; "
                "acknowledged batches survive power cuts; the device key is checked from the host; "
                "Lua and zlib in the guest print what the host builds print",
    depends=("build",),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    env=environment.BOOT,
    packages=("opensbi",),
)
