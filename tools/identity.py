#!/usr/bin/python3
"""The device identity, proved from the host (RFC-0019).

Boots the product image three times and talks to its shell as a person would:

1. on a fresh disk image: `key pub`, `rng 224` twice, `key sign TEXT`, `key verify`,
   `shutdown`. The signature is then checked on the host by build/host/keyverify, which is
   BearSSL's host build and none of the guest's code, so the proof does not trust the
   guest's verifier; with one bit of the signature flipped, and with one bit of the text
   flipped, keyverify must refuse it.
2. on the same disk image again: `key pub` must print the same key.
3. on another fresh disk image: `key pub` must print a different key.

Exit 0 when every check held, 1 with `tools/identity.py:1: ...` lines for each one that did
not, 2 for a broken set-up (no kernel, no keyverify).
"""

from __future__ import annotations

import argparse
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import guestboot  # noqa: E402  (the tools' one way to start run-qemu.sh)
import powercut  # noqa: E402  (its start: the product on a disk)

ROOT = powercut.ROOT
KERNEL = ROOT / powercut.KERNEL
KEYVERIFY = ROOT / "build/host/keyverify"
READY = re.compile(re.escape(powercut.READY))
PUB = re.compile(r"^(?:cairn> )?(04[0-9a-f]{128})$")
GEN = re.compile(r"^(?:cairn> )?key: generation (\d+), P-256 public key:$")
SIG = re.compile(r"^(?:cairn> )?([0-9a-f]{128})$")
RNG = re.compile(r"^(?:cairn> )?([0-9a-f]{448})$")
VERIFIED = re.compile(r"^(?:cairn> )?key: (valid|NOT valid) under generation (\d+)$")
WHERE = "tools/identity.py:1: "


class Run:
    def __init__(self, log: list[str]) -> None:
        self.log = log
        self.problems: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        print(("ok: " if ok else "FAILED: ") + what)
        if not ok:
            self.problems.append(what)


def boot(disk: Path, log: list[str]) -> guestboot.Console:
    g = powercut.start(disk, log)
    g.expect(READY, 90, "the shell's greeting")
    return g


def key_pub(g: guestboot.Console) -> tuple[int, str]:
    g.type("key pub")
    gen = int(g.expect(GEN, 30, "key pub's generation").group(1))
    return gen, g.expect(PUB, 10, "key pub's key").group(1)


def shut_down(g: guestboot.Console) -> None:
    g.type("shutdown")
    try:
        g.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        g.kill()


def keyverify(pub: str, sig: str, text: str) -> int:
    return subprocess.run([str(KEYVERIFY), pub, sig, text], capture_output=True, check=False).returncode


def flip(hex_text: str, bit: int) -> str:
    raw = bytearray.fromhex(hex_text)
    raw[bit // 8] ^= 1 << (bit % 8)
    return raw.hex()


def first_boot(disk: Path, run: Run) -> str:
    """Boot 1: the key, random bytes, a signature checked in the guest and on the host."""
    g = boot(disk, run.log)
    try:
        gen, pub = key_pub(g)
        run.check(gen == 1, f"a fresh disk's key is generation 1 (got {gen})")
        g.type("rng 224")
        a = g.expect(RNG, 20, "rng 224's bytes").group(1)
        g.type("rng 224")
        b = g.expect(RNG, 20, "rng 224's bytes").group(1)
        run.check(a != b, "two rng 224 answers differ")
        # 224 random bytes hold about 149 distinct values (sd about 5); far fewer means the
        # answer is not what rngd sent (once, the shell printed its own hex back into it)
        distinct = min(len(set(bytes.fromhex(x))) for x in (a, b))
        run.check(distinct >= 120, f"an rng 224 answer holds 120 or more distinct byte values ({distinct})")
        text = "cairn identity " + secrets.token_hex(8)
        g.type(f"key sign {text}")
        sig = g.expect(SIG, 30, "key sign's signature").group(1)
        g.type(f"key verify {sig} {text}")
        run.check(g.expect(VERIFIED, 30, "key verify's answer").group(1) == "valid",
                  "keystored verifies its own signature")
        g.type(f"key verify {flip(sig, 5)} {text}")
        run.check(g.expect(VERIFIED, 30, "key verify's answer").group(1) == "NOT valid",
                  "keystored refuses the signature with one bit flipped")
        shut_down(g)
    except guestboot.ConsoleError:
        g.kill()
        raise
    run.check(keyverify(pub, sig, text) == 0, "the host verifies the guest's signature")
    run.check(keyverify(pub, flip(sig, 0), text) == 1, "the host refuses it with one bit of r flipped")
    run.check(keyverify(pub, flip(sig, 300), text) == 1, "the host refuses it with one bit of s flipped")
    flipped_text = chr(ord(text[0]) ^ 1) + text[1:]
    run.check(keyverify(pub, sig, flipped_text) == 1, "the host refuses it with one bit of the text flipped")
    return pub


def pub_of(disk: Path, run: Run) -> str:
    g = boot(disk, run.log)
    try:
        _, pub = key_pub(g)
        shut_down(g)
    except guestboot.ConsoleError:
        g.kill()
        raise
    return pub


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--log", type=Path, help="write every console line here")
    args = ap.parse_args()
    for need in (KERNEL, KEYVERIFY):
        if not need.is_file():
            print(f"identity: {need.relative_to(ROOT)} is missing; run make build", file=sys.stderr)
            return 2
    run = Run([])
    try:
        with tempfile.TemporaryDirectory(prefix="cairn-identity-") as tmp:
            disk_a, disk_b = Path(tmp) / "a.img", Path(tmp) / "b.img"
            for disk in (disk_a, disk_b):
                with open(disk, "wb") as f:
                    f.truncate(powercut.DISK_SIZE)
            first = first_boot(disk_a, run)
            run.check(pub_of(disk_a, run) == first, "the key is the same after a reboot on the same disk")
            run.check(pub_of(disk_b, run) != first, "a fresh disk gets a different key")
    except guestboot.ConsoleError as e:
        run.problems.append(f"the guest did not answer: {e}")
    finally:
        if args.log:
            args.log.write_text("\n".join(run.log) + "\n")
    for p in run.problems:
        print(WHERE + p)
    print(f"identity: {len(run.problems)} problems")
    return 1 if run.problems else 0


if __name__ == "__main__":
    sys.exit(main())
