#!/usr/bin/python3
"""Write one input of the fuzz_spawn target (kernel/tests/fuzz/fuzz_spawn.c).

    spawn_seed.py -o OUT --name NAME [--priority P] [--ceiling C] [--handles N] [--pages N] IMAGE

The input is what the target reads: a struct cairn_spawn_args (64 bytes, its layout
asserted in kernel/abi/cairn/abi/syscall.h; the two user pointers are 0, as the target
never follows them), one byte of the spawner's priority ceiling, the name's bytes, then
the boot image IMAGE, whole.
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

# name, name_len, handles, handle_count, self_rights, priority, reserved, then the
# quota: processes, threads, endpoints, notifications, vmos, pages
SPAWN_ARGS = struct.Struct("<QQQIIIIIIIIII")
RIGHTS_ALL = (1 << 15) - 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", dest="out", required=True, type=Path)
    parser.add_argument("--name", required=True)
    parser.add_argument("--priority", type=int, default=4)
    parser.add_argument("--ceiling", type=int, default=4)
    parser.add_argument("--handles", type=int, default=0)
    parser.add_argument("--pages", type=int, default=4096, help="the child's page quota")
    parser.add_argument("image", type=Path)
    opts = parser.parse_args()
    name = opts.name.encode()
    args = SPAWN_ARGS.pack(0, len(name), 0, opts.handles, RIGHTS_ALL, opts.priority, 0,
                           0, 1, 0, 0, 0, opts.pages)
    opts.out.write_bytes(args + bytes([opts.ceiling]) + name + opts.image.read_bytes())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
