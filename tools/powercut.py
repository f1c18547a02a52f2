#!/usr/bin/python3
"""Power cuts in QEMU (RFC-0018): acknowledged batches survive a killed machine.

The product image boots on one disk image, again and again. In each boot the tool
first checks the store through the shell, then commits numbered batches with `kv put`
and cuts the power: it kills QEMU (the whole process group, SIGKILL) at a point its
seeded random generator picks, sometimes while a batch is in flight, sometimes between
two. The next boot mounts what the cut left, and the tool checks it.

A batch k puts key `s<k % SLOTS>` to a value that names k; so the store holds SLOTS keys
however long the run, and the check of one boot costs SLOTS reads. After a cut each slot
must hold exactly the value of the last batch acknowledged for it (the shell printed
`kv: KEY: stored`), or of the one batch typed after it whose answer the cut swallowed:
a commit is all or nothing, and acknowledged means durable. Anything else is a lost
acknowledged batch or a corrupt read, and fails the run. The last boot checks, stores
`greeting` = `hello` and shuts down cleanly; one more boot must read `hello` back.

Figures: cuts, batches acknowledged, lost and corrupt (both must be 0), how many cuts
came before a batch's answer (and how many of those batches the next mount found whole),
statefsd's recovery time at each mount (its journal line, read with `log`), and the wall
time from typing `kv put` to its answer (a put and a commit through uartd, the shell,
statefsd and blkd, the flush included), as medians.

What a cut is: SIGKILL to QEMU. The guest loses everything in flight, but what QEMU had
already written to the image file stays in the host's cache, so this proves the guest's
side (nothing is acknowledged before blkd says the device finished the write and the
flush); a host losing its own cache is the host tests' simulated disk's to model.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import guestboot  # noqa: E402  (the tools' one way to start run-qemu.sh)

ROOT = guestboot.ROOT
KERNEL = "build/kernel/cairn.elf"
SLOTS = 8
DISK_SIZE = 16 << 20
READY = "Cairn shell: type help for the commands"
MOUNTED = re.compile(r"statefsd: mounted: (\d+) keys, (\d+) records replayed, (\d+) bytes discarded, in (\d+) us")


def start(disk: Path, log: list[str]) -> guestboot.Console:
    """The product booting on `disk`, its console lines going to `log`."""
    return guestboot.Console(["--kernel", KERNEL, "--disk", str(disk), "--nonce", "c0ffee"], log)


def value_of(k: int) -> str:
    """Batch k's value: its number and 40 letters drawn from a generator seeded with k, so
    a torn read or one batch's bytes mixed into another's is seen."""
    letters = random.Random(k)
    return f"batch-{k:06d}-" + "".join(letters.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(40))


@dataclass
class Tally:
    cuts: int = 0
    acked: int = 0
    lost: int = 0
    corrupt: int = 0
    unacked_cuts: int = 0  # cuts that came before the last batch's answer
    in_flight_kept: int = 0  # of those batches, the ones the next mount found whole
    recovery_us: list[int] = field(default_factory=list)
    commit_s: list[float] = field(default_factory=list)  # typed `kv put` to its answer, wall
    problems: list[str] = field(default_factory=list)


@dataclass
class Store:
    """What the tool knows the store must hold: per slot, the last acknowledged batch and
    the one typed after it whose answer was cut off (either may be there after a cut)."""
    acked: dict[int, int] = field(default_factory=dict)
    in_flight: dict[int, int] = field(default_factory=dict)
    next_batch: int = 0


def boot_to_shell(disk: Path, log: list[str], tally: Tally) -> guestboot.Console:
    g = start(disk, log)
    g.expect(re.compile(re.escape(READY)), 60, "the shell's greeting")
    g.type("log 16")
    m = g.expect(MOUNTED, 20, "statefsd's mount line in the journal")
    tally.recovery_us.append(int(m.group(4)))
    return g


def check_slots(g: guestboot.Console, store: Store, tally: Tally) -> None:
    """Each slot holds its last acknowledged batch, or the one in flight at the cut."""
    for slot in range(SLOTS):
        key = f"s{slot}"
        allowed = {k for k in (store.acked.get(slot), store.in_flight.get(slot)) if k is not None}
        g.type(f"kv get {key}")
        m = g.expect(re.compile(rf"^(?:cairn> )?(?:kv get {key})?(batch-\d{{6}}-\w+|kv: {key}: .*)$"),
                     20, f"the answer to kv get {key}")
        got = m.group(1)
        found = next((k for k in allowed if got == value_of(k)), None)
        if found is not None:
            if found == store.in_flight.get(slot):
                tally.in_flight_kept += 1
            store.acked[slot] = found
        elif got.startswith("batch-"):
            if not any(got == value_of(k) for k in range(store.next_batch)):
                tally.corrupt += 1
                tally.problems.append(f"{key}: read back {got!r}, which no batch wrote")
            else:
                tally.lost += 1
                tally.problems.append(f"{key}: holds an older batch, {got[:12]}, not {sorted(allowed)}")
        elif allowed and store.acked.get(slot) is not None:
            tally.lost += 1
            tally.problems.append(f"{key}: {got!r}, but batch {store.acked[slot]} was acknowledged")
        store.in_flight.pop(slot, None)


def write_until_cut(g: guestboot.Console, store: Store, rng: random.Random, tally: Tally) -> None:
    """Commit batches; after a random number of them, cut the power at a random moment."""
    acks = rng.randint(0, 5)
    for _ in range(acks + 1):
        k = store.next_batch
        store.next_batch += 1
        slot = k % SLOTS
        typed = time.monotonic()
        g.type(f"kv put s{slot} {value_of(k)}")
        store.in_flight[slot] = k
        if _ == acks:
            # the cut: at once, within a commit's few milliseconds, or a little after it
            time.sleep(rng.choice((0.0, rng.uniform(0, 0.004), rng.uniform(0, 0.03))))
            break
        g.expect(re.compile(rf"kv: s{slot}: stored"), 20, f"the acknowledgement of batch {k}")
        tally.commit_s.append(time.monotonic() - typed)
        store.acked[slot] = k
        del store.in_flight[slot]
        tally.acked += 1
    g.kill()
    for line in g.drain():  # an answer printed before the cut is an acknowledgement too
        m = re.search(r"kv: s(\d+): stored", line)
        if m and int(m.group(1)) in store.in_flight:
            slot = int(m.group(1))
            store.acked[slot] = store.in_flight.pop(slot)
            tally.acked += 1
    tally.unacked_cuts += 1 if store.in_flight else 0
    tally.cuts += 1


def run(cuts: int, seed: int, log: list[str]) -> Tally:
    tally = Tally()
    store = Store()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="cairn-powercut-") as tmp:
        disk = Path(tmp) / "disk.img"
        with open(disk, "wb") as f:
            f.truncate(DISK_SIZE)
        for i in range(cuts):
            g = boot_to_shell(disk, log, tally)
            try:
                check_slots(g, store, tally)
                write_until_cut(g, store, rng, tally)
            except guestboot.ConsoleError:
                g.kill()
                raise
            print(f"powercut: cut {i + 1}/{cuts}: {tally.acked} batches acknowledged, "
                  f"{tally.lost} lost, {tally.corrupt} corrupt", flush=True)
        g = boot_to_shell(disk, log, tally)
        check_slots(g, store, tally)
        g.type("kv put greeting hello")
        g.expect(re.compile(r"kv: greeting: stored"), 20, "the acknowledgement of greeting")
        shut_down(g)
        g = boot_to_shell(disk, log, tally)  # `make run` again: a clean shutdown keeps it too
        check_slots(g, store, tally)
        g.type("kv get greeting")
        g.expect(re.compile(r"^(hello|kv: greeting: .*)$"), 20, "the answer to kv get greeting")
        if log[-1] != "hello":
            tally.lost += 1
            tally.problems.append(f"greeting: {log[-1]!r} after a clean shutdown, not 'hello'")
        shut_down(g)
    return tally


def shut_down(g: guestboot.Console) -> None:
    g.type("shutdown")
    g.expect(re.compile(r"powering off"), 30, "the clean power-off")
    g.proc.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="Needs `make build`. Figures go to stdout; with --log, every console line too.")
    ap.add_argument("--cuts", type=int, default=3, help="power cuts, each followed by a boot that checks (default 3)")
    ap.add_argument("--seed", type=int, default=1, help="the random generator's seed: where the cuts fall (default 1)")
    ap.add_argument("--log", type=Path, help="write the consoles of every boot here")
    args = ap.parse_args(argv)
    if args.cuts < 1:
        ap.error("--cuts must be at least 1")
    if not (ROOT / KERNEL).is_file():
        print(f"powercut: {KERNEL} not found (run `make build` first)", file=sys.stderr)
        return 2
    log: list[str] = []
    start = time.monotonic()
    try:
        tally = run(args.cuts, args.seed, log)
    except guestboot.ConsoleError as e:
        print(f"powercut: FAIL: {e}", file=sys.stderr)
        tally = None
    finally:
        if args.log:
            args.log.write_text("\n".join(log) + "\n")
    if tally is None:
        return 1
    for p in tally.problems:
        print(f"powercut: {p}", file=sys.stderr)
    median = statistics.median(tally.recovery_us) if tally.recovery_us else 0
    commit_ms = statistics.median(tally.commit_s) * 1000 if tally.commit_s else 0.0
    print(f"powercut: {tally.cuts} cuts, {tally.acked} batches acknowledged, {tally.lost} lost, "
          f"{tally.corrupt} corrupt reads; {tally.unacked_cuts} cuts before a batch's answer, "
          f"{tally.in_flight_kept} of those batches kept; "
          f"recovery median {median:g} us over {len(tally.recovery_us)} mounts; "
          f"a commit through the shell {commit_ms:.2f} ms median ({len(tally.commit_s)}); "
          f"{time.monotonic() - start:.1f} s")
    return 0 if tally.lost == 0 and tally.corrupt == 0 and tally.acked > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
