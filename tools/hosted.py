#!/usr/bin/python3
"""Real programs in the guest, compared line by line with a host build (RFC-0020).

Boots the test image, once with one hart and once with two, and at its shell runs Lua
scripts (tools/hosted/lua/, packed into the test image's boot image) through `run lua`,
and zlib's own test program through `run zlib-example`; and it reads the image's licence
notices, /boot/notices, against the file the build packed. Each run's output is compared with the
same source built for the host (build/host/lua, build/host/zlibtest) given the same
arguments. Then two instances run at once (one in the background): every line carries
the instance's tag, its first argument, so the two can be told apart on one console.

A line equal to the host's passes. A line that differs passes only as a known
difference of the two C libraries, each checked, never assumed:
  - digits: picolibc's printf prints the shortest digits that read back to the same
    double where glibc prints all the digits asked for. Every decimal number of the two
    lines must read back to the same double, and every %a number must be equal, so the
    values are proved equal bit for bit.
  - ulp: picolibc's log is at most one unit in the last place away from glibc's. Only
    lines of the functions named in ULP_FUNCTIONS may differ so, the %a numbers must
    differ by exactly one ulp, and everything else on the line must be equal.
Anything else fails. The wall time of each script, in the guest (from typing the command
to its last line) and on the host, is printed; the 1M-entry table must cost within 100x
of the host.

Exit 0 when every check held, 1 when one did not (`tools/hosted.py:1: ...` lines say
which), 2 for a broken set-up (nothing built).
"""

from __future__ import annotations

import argparse
import re
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import guestboot  # noqa: E402  (the one way a tool starts QEMU)

ROOT = guestboot.ROOT
KERNEL = ROOT / "build/test/cairn-test.elf"
HOST_LUA = ROOT / "build/host/lua"
HOST_ZLIB = ROOT / "build/host/zlib-example"
NOTICES = ROOT / "build/bootimg/files/notices.txt"  # packed as /boot/notices (TASK-0084)
LUA_DIR = ROOT / "tools/hosted/lua"
READY = "Cairn shell: type help for the commands"
# the test image's clients print on the console too: typing waits until the last is done
SETTLED = "KEYS: signatures made verified and a flipped bit refused ok"
WHERE = "tools/hosted.py:1: "
# Functions whose results may be one ulp away from glibc's, and why.
ULP_FUNCTIONS = {
    "log": "picolibc's log is correctly rounded less often than glibc's: one ulp at most",
    "sin": "picolibc's sin is not glibc's: one ulp apart at most",
    "cos": "picolibc's cos is not glibc's: one ulp apart at most",
    "exp": "picolibc's exp is not glibc's: one ulp apart at most",
    "pow": "picolibc's pow is not glibc's: one ulp apart at most",
}
RATIO_LIMIT = 100.0

# (script, arguments after the tag): what each run does; the tag is added per instance.
SCRIPTS: list[tuple[str, list[str]]] = [
    ("parse.lua", []),
    ("fp.lua", []),
    ("nbody.lua", ["20000"]),
    ("spectral.lua", ["100"]),
    ("mandel.lua", ["48"]),
    ("tables.lua", []),
    ("bigtable.lua", ["1000000"]),
]
# deep.lua (a recursion that overflows Lua's stack) is packed but not run: its Lua stack and
# call records need more than the 64 MiB heap `run` gives a program, and it ends with
# "not enough memory"; the host reaches Lua's own stack limit at a peak of about 70 MB.
# Run twice at once (one in the background): floating point on both harts.
PAIR = ("nbody.lua", ["20000"])

HEXFLOAT = re.compile(r"-?0x[0-9a-f]+(?:\.[0-9a-f]*)?p[-+]?\d+|-?inf|nan", re.I)
DECIMAL = re.compile(r"-?(?:\d+\.\d*|\.\d+|\d+)(?:e[-+]?\d+)?", re.I)


def hexfloat(tok: str) -> float:
    return float.fromhex(tok)


def bits(x: float) -> int:
    return struct.unpack("<q", struct.pack("<d", x))[0]


def split_numbers(line: str) -> tuple[list[str], list[str]]:
    """The line's %a numbers, then its decimal numbers, with the %a numbers taken out first."""
    hexes = HEXFLOAT.findall(line)
    rest = HEXFLOAT.sub(" ", line)
    return hexes, DECIMAL.findall(rest)


def skeleton(line: str) -> str:
    """The line with every number replaced by #: what must be equal whatever the digits."""
    return DECIMAL.sub("#", HEXFLOAT.sub("#", line))


def judge(guest: str, host: str) -> tuple[bool, str]:
    """Whether a guest line stands for the host's: (ok, 'same' or the known difference or why not)."""
    if guest == host:
        return True, "same"
    if skeleton(guest) != skeleton(host):
        return False, "the lines differ in more than their numbers"
    gh, gd = split_numbers(guest)
    hh, hd = split_numbers(host)
    if len(gh) != len(hh) or len(gd) != len(hd):
        return False, "the lines hold different numbers"
    try:
        if all(float(a) == float(b) for a, b in zip(gd, hd)) and gh == hh:
            if not gh:
                return False, "decimal digits differ and the line has no %a number to prove the bits"
            return True, "digits: the same doubles, printed with other digits (%a equal)"
    except ValueError:
        return False, "a number does not read back"
    name = guest.split("(", 1)[0].split()[-1] if "(" in guest else ""
    if name in ULP_FUNCTIONS and gh != hh:
        diffs = [abs(bits(hexfloat(a)) - bits(hexfloat(b))) for a, b in zip(gh, hh)]
        if max(diffs) == 1 and all(float(a) == float(b) or abs(bits(float(a)) - bits(float(b))) <= 1
                                   for a, b in zip(gd, hd)):
            return True, f"ulp: {ULP_FUNCTIONS[name]}"
    return False, "the values differ"


@dataclass
class Outcome:
    script: str
    guest_s: float
    host_s: float
    lines: int
    known: list[str]


def start(smp: int, mem: str, log: list[str]) -> guestboot.Console:
    """The test image booting on `smp` harts, its console lines going to `log`."""
    return guestboot.Console(["--kernel", str(KERNEL), "--smp", str(smp), "--mem", mem, "--nonce", "5eed"], log)


def collect(g: guestboot.Console, tags: dict[str, int], timeout: float) -> dict[str, tuple[list[str], float]]:
    """Lines starting with each tag until it has its count: the lines and when the last came."""
    began = time.monotonic()
    until = began + timeout
    got: dict[str, list[str]] = {t: [] for t in tags}
    done: dict[str, float] = {}
    while len(done) < len(tags):
        line = g.line(until, f"the output of {', '.join(t for t in tags if t not in done)}")
        # the shell's prompt may lead the first line of a run's output
        text = line[len("cairn> "):] if line.startswith("cairn> ") else line
        for tag, want in tags.items():
            if text.startswith(tag) and tag not in done:
                got[tag].append(text[len(tag):])
                if len(got[tag]) == want:
                    done[tag] = time.monotonic() - began
    return {t: (got[t], done[t]) for t in tags}


def host_run(program: Path, args: list[str]) -> tuple[list[str], float]:
    start = time.monotonic()
    out = subprocess.run([str(program), *args], capture_output=True, check=True, cwd=LUA_DIR)
    return out.stdout.decode("utf-8", "replace").splitlines(), time.monotonic() - start


def compare(script: str, guest: list[str], host: list[str], problems: list[str]) -> list[str]:
    known = []
    for i, (g, h) in enumerate(zip(guest, host), 1):
        ok, why = judge(g, h)
        if not ok:
            problems.append(f"{script} line {i}: {why}\n  guest: {g}\n  host:  {h}")
        elif why != "same":
            known.append(f"{script} line {i}: {why}\n  guest: {g}\n  host:  {h}")
    if len(guest) != len(host):
        problems.append(f"{script}: {len(guest)} lines in the guest, {len(host)} on the host")
    return known


def run_one(g: guestboot.Console, script: str, args: list[str], tag: str, problems: list[str],
            host_args: list[str] | None = None) -> Outcome:
    """`script` with `args` in the guest, and with host_args (or the same) on the host."""
    host, host_s = host_run(HOST_LUA, [script, tag, *(args if host_args is None else host_args)])
    g.type(" ".join(["run", "lua", f"/boot/{script}", tag, *args]))
    got = collect(g, {tag: len(host)}, 600)
    lines, guest_s = got[tag]
    known = compare(script, lines, [line[len(tag):] for line in host], problems)
    return Outcome(script, guest_s, host_s, len(lines), known)


def run_zlib(g: guestboot.Console, problems: list[str]) -> tuple[float, float]:
    """zlib's own test program: its lines in the guest, after the first, against the host's."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.monotonic()
        host = subprocess.run([str(HOST_ZLIB)], capture_output=True, check=True, cwd=tmp)
        host_s = time.monotonic() - start
    want = host.stdout.decode().splitlines()
    g.type("run zlib-example")
    start = time.monotonic()
    until = start + 120
    while not g.line(until, "zlib-example's first line").removeprefix("cairn> ").startswith(want[0][:12]):
        pass
    got = [want[0]] + [g.line(until, "zlib-example's output").removeprefix("cairn> ") for _ in want[1:]]
    compare("zlib-example", got, want, problems)
    return time.monotonic() - start, host_s


def run_prompt(g: guestboot.Console, problems: list[str]) -> None:
    """Lua's interactive prompt, typed at as a person would: the issue's two lines."""
    g.type("run lua")
    g.expect("Lua 5.4", 60)
    for line in ("print(math.pi, 2^0.5, 1/3)", 'print(string.format("%a", math.pi))'):
        want = subprocess.run([str(HOST_LUA), "-e", line], capture_output=True, check=True).stdout.decode().strip()
        g.type(line)
        until = time.monotonic() + 60
        while True:
            got = g.line(until, f"the answer to {line}").removeprefix("> ")
            if got == want:
                break
            if got and not got.startswith(line) and not got.startswith("print("):
                problems.append(f"lua prompt: {line} printed {got!r}, the host {want!r}")
                break
    g.write(b"\x04")  # Ctrl-D at the start of a line: end of input, lua exits


def run_pair(g: guestboot.Console, smp: int, problems: list[str]) -> tuple[float, float]:
    """The same script twice at once, one in the background: both must match the host."""
    script, args = PAIR
    tags = (f"A{smp}|", f"B{smp}|")
    host, host_s = host_run(HOST_LUA, [script, tags[0], *args])
    g.type(" ".join(["run", "lua", f"/boot/{script}", tags[0], *args, "&"]))
    g.type(" ".join(["run", "lua", f"/boot/{script}", tags[1], *args]))
    got = collect(g, {t: len(host) for t in tags}, 600)
    for tag in tags:
        want = [line[len(tags[0]):] for line in host]
        compare(f"{script} ({tag}, two at once)", got[tag][0], want, problems)
    return max(t for _, t in got.values()), host_s


def boot(smp: int, mem: str, log: list[str], problems: list[str]) -> list[Outcome]:
    print(f"hosted: booting the test image on {smp} hart(s)", flush=True)
    g = start(smp, mem, log)
    try:
        g.expect(READY, 90)
        g.expect(SETTLED, 90)
        outcomes = []
        for script, args in SCRIPTS:
            o = run_one(g, script, args, f"{script[0]}{smp}>", problems)
            print(f"  {script:<14} {o.lines:4} lines  guest {o.guest_s:7.2f} s  host {o.host_s:6.3f} s",
                  flush=True)
            outcomes.append(o)
        notices = run_one(g, "notices.lua", ["/boot/notices"], f"N{smp}>", problems,
                          host_args=[str(NOTICES)])
        print(f"  the image's notices: {notices.lines} lines as the built file's", flush=True)
        pair_s, host_s = run_pair(g, smp, problems)
        print(f"  two {PAIR[0]} at once: guest {pair_s:.2f} s (one alone on the host {host_s:.3f} s)",
              flush=True)
        zlib_s, zhost_s = run_zlib(g, problems)
        print(f"  zlib-example        guest {zlib_s:7.2f} s  host {zhost_s:6.3f} s", flush=True)
        if smp == 1:
            run_prompt(g, problems)
            print("  lua's prompt: the issue's two lines answered as on the host", flush=True)
    finally:
        g.kill()
    return outcomes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--log", type=Path, help="write every console line here")
    ap.add_argument("--mem", default="256M", help="guest memory (default 256M)")
    ap.add_argument("--verbose", action="store_true",
                    help="list every known difference, the digits ones too (the same doubles)")
    args = ap.parse_args()
    for need in (KERNEL, HOST_LUA, HOST_ZLIB, NOTICES):
        if not need.is_file():
            print(f"hosted: {need.relative_to(ROOT)} is missing; run make build", file=sys.stderr)
            return 2
    log: list[str] = []
    problems: list[str] = []
    try:
        results = {smp: boot(smp, args.mem, log, problems) for smp in (1, 2)}
    except guestboot.ConsoleError as e:
        problems.append(str(e))
        results = {}
    finally:
        if args.log:
            args.log.write_text("\n".join(log) + "\n")
    for smp, outcomes in results.items():
        known = [k for o in outcomes for k in o.known]
        kinds: dict[str, int] = {}
        for k in known:
            kind = k.split(": ", 2)[1]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"known differences on {smp} hart(s): {len(known)} lines: "
              + (", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())) or "none"))
        for k in known:
            if args.verbose or not k.split(": ", 2)[1].startswith("digits"):
                print(f"  {k}")
        big = next((o for o in outcomes if o.script == "bigtable.lua"), None)
        if big is not None and big.host_s > 0:
            ratio = big.guest_s / big.host_s
            print(f"bigtable.lua on {smp} hart(s): {ratio:.0f}x the host")
            if ratio > RATIO_LIMIT:
                problems.append(f"bigtable.lua costs {ratio:.0f}x the host on {smp} hart(s) "
                                f"(limit {RATIO_LIMIT:.0f}x)")
    for p in problems:
        print(WHERE + p)
    if problems:
        return 1
    print("hosted: every line equal to the host's or a checked known difference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
