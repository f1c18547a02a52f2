"""build: `make build` cross-compiles the kernel and user programs with warnings as errors.

The flags and rules are the Makefile's; this stage runs it, lifts compiler diagnostics
into messages, and checks the kernel image the qemu stage boots was written.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from gates import markers
from gates.cache import Inputs
from gates.report import Verdict
from gates.stages import ctree
from gates.stages.base import Stage, StageContext, Workspace

KERNEL_ELF = "build/kernel/cairn.elf"  # the product: `make run` boots it
TEST_KERNEL = "build/test/cairn-test.elf"  # the same objects with the self-tests (RFC-0011)
BENCH_KERNEL = "build/bench/cairn-bench.elf"  # the bench stage boots it
VOUCHED = "build/gates/vouched.json"  # the digests of the images this stage made (RFC-0006)
HOSTILE_KERNEL = "build/hostile/cairn-hostile.elf"  # the hostile profile boots it (RFC-0010)
# The differential boot's two kernels (RFC-0014): the bench stage boots both.
IPCDIFF_KERNELS = ("build/ipcdiff/cairn-ipcdiff-fast.elf", "build/ipcdiff/cairn-ipcdiff-slow.elf")
IMAGES = (KERNEL_ELF, TEST_KERNEL, BENCH_KERNEL, HOSTILE_KERNEL, *IPCDIFF_KERNELS)
DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+):(?:\d+:)? (?:fatal )?(?P<kind>error|warning): (?P<msg>.*)$")
MAKE_ERROR = re.compile(r"^make(?:\[\d+\])?: \*\*\* (?P<msg>.*)$")
# The project's own build tools (tools/manifest.py, mkbootimg.py, ...) report `path:line: message`.
TOOL_DIAGNOSTIC = re.compile(r"^(?P<path>[^\s:][^\s:]*):(?P<line>\d+): (?P<msg>.*)$")


def diagnostics(output: str) -> list[str]:
    """Compiler and linker diagnostics as `path:line: kind: message`, the build tools'
    `path:line: message` lines, then make's own errors, which only say a rule failed."""
    lines = output.splitlines()
    found = [f"{m['path']}:{m['line']}: {m['kind']}: {m['msg']}" for m in map(DIAGNOSTIC.match, lines) if m]
    found += [ln for ln in lines if TOOL_DIAGNOSTIC.match(ln) and not DIAGNOSTIC.match(ln)]
    found += [f"Makefile:1: make: {m['msg']}" for m in map(MAKE_ERROR.match, lines) if m]
    return list(dict.fromkeys(found))


def digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def vouch(root: Path) -> None:
    """Record the digest of every image this stage made, for the stages that boot them."""
    path = root / VOUCHED
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({p: digest(root / p) for p in IMAGES}, indent=2) + "\n", encoding="utf-8")


def unvouched(root: Path, image: str) -> str | None:
    """None when `image` is byte for byte what the build stage made; else why not, as
    `path:1: message`. A stage that boots an image asks this before booting it."""
    try:
        vouched = json.loads((root / VOUCHED).read_text(encoding="utf-8")).get(image)
    except (OSError, ValueError, AttributeError):
        vouched = None
    if vouched is None:
        return f"{image}:1: no build stage pass vouches for it; run the build stage"
    if vouched != digest(root / image):
        return f"{image}:1: differs from the image the build stage made; run `just gate build --no-cache`"
    return None


def product_marker_problems(root: Path, registry: markers.Registry) -> list[str]:
    """`path:1: ...` for each marker, live or retired, whose text (up to a nonce) the product
    kernel holds. The product kernel carries its boot image, so this covers init, the services
    and the shell as well as the kernel: proofs belong to test images (RFC-0011)."""
    image = (root / KERNEL_ELF).read_bytes()
    problems = []
    for m in registry.markers:
        fixed = m.text.split(markers.NONCE_PLACEHOLDER)[0]
        if fixed.encode() in image:
            problems.append(f"{KERNEL_ELF}:1: the product (kernel and boot image) holds the text of "
                            f"marker '{m.text}' (printed by {m.source}); proofs belong to the test "
                            "image (RFC-0011)")
    return problems


def inputs(ws: Workspace) -> Inputs:
    return Inputs(files=tuple(ws.select(ctree.BUILD_INPUTS)), tools=ctree.COMPILERS)


def run(ctx: StageContext) -> Verdict:
    done = ctx.run(["make", "--no-print-directory", "build"], timeout=1200)
    ctree.raise_if_tool_missing(done)
    if done.returncode != 0:
        messages = diagnostics(done.output) or [f"Makefile:1: make build exited {done.returncode} (see log)"]
        return Verdict.failed(f"build: make build failed ({len(messages)} diagnostics)", messages)
    missing = [p for p in IMAGES if not (ctx.root / p).is_file()]
    if missing:
        return Verdict.failed("build: no kernel image", [f"{p}:1: make build did not write it" for p in missing])
    vouch(ctx.root)
    problems = product_marker_problems(ctx.root, markers.load(ctx.root))
    if problems:
        return Verdict.failed("build: the product kernel carries proof markers", problems)
    elf = ctx.root / KERNEL_ELF
    return Verdict.passed(f"build: {KERNEL_ELF} ({elf.stat().st_size} bytes)")


STAGE = Stage(
    name="build",
    description="make build: the kernel and user programs compile with -Werror",
    depends=(),
    inputs=inputs,
    run=run,
    source=Path(__file__),
    outputs=(*IMAGES, VOUCHED),  # a cached pass needs them all, so a missing one is rebuilt
    env=ctree.ENV,
    packages=ctree.CROSS_PACKAGES,
)
