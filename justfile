# Cairn's task runner. `just` lists the recipes; the gate itself lives in gates/.
# The gate runner needs Debian's Python (jsonschema, PyYAML, pytest), so it is
# always started as /usr/bin/python3, whatever python3 comes first on PATH.

python := "/usr/bin/python3"

# List the recipes.
default:
    @just --list --unsorted

# Run every gate stage: contracts scope format static arch host fuzz build qemu bench.
test-all *FLAGS:
    {{python}} -m gates test-all {{FLAGS}}

# Run chosen stages, e.g. `just gate contracts scope` (add --no-cache to force).
gate +STAGES:
    {{python}} -m gates gate {{STAGES}}

# Run every done task's proof commands once each; fails if any fails (CI runs it after `make test`).
verify-tasks:
    {{python}} -m gates verify-tasks

# Cross-build the kernel and user programs.
build:
    make --no-print-directory build

# Boot in QEMU interactively, e.g. `just run 4 512M`.
run SMP="1" MEM="128M":
    make --no-print-directory run SMP={{SMP}} MEM={{MEM}}

# Open the next task file from the template.
new-task TITLE:
    {{python}} -m gates new-task {{quote(TITLE)}}

# Open the next RFC from the template.
new-rfc TITLE:
    {{python}} -m gates new-rfc {{quote(TITLE)}}

# Open the next ADR from the template.
new-adr TITLE:
    {{python}} -m gates new-adr {{quote(TITLE)}}

# Print the tasks by status, generated from tasks/.
board:
    @{{python}} -m gates board

# Scaffold services/NAME from idl/NAME.yaml: main.c, the handler table, a host test, a README.
new-service NAME:
    @{{python}} tools/new_service.py {{NAME}}

# IPC round trips per second with 1, 2 and 4 pairs on 1, 2 and 4 harts, by wall time (reported, not gated).
bench-smp *FLAGS:
    @make --no-print-directory -s build/bench-smp/cairn-bench-smp.elf
    @{{python}} tools/smpbench.py {{FLAGS}}

# Boot the differential test on the fast and the C-only kernel and compare every register (RFC-0014).
ipcdiff *FLAGS:
    @make --no-print-directory -s build/ipcdiff/cairn-ipcdiff-fast.elf build/ipcdiff/cairn-ipcdiff-slow.elf
    @{{python}} tools/ipcdiff.py {{FLAGS}}

# Cut the power under the store again and again (the product on one disk image) and check every acknowledged batch survives (RFC-0018); the gate's bench stage runs 3 cuts.
powercut *FLAGS:
    @make --no-print-directory -s build
    @{{python}} tools/powercut.py {{FLAGS}}

# Build, boot the benchmark (1 hart, -icount) and compare with gates/bench.yaml (--update records, --compare REV sets another commit beside).
bench *FLAGS:
    @make --no-print-directory -s build/bench/cairn-bench.elf
    @{{python}} tools/bench.py {{FLAGS}}

# Boot halted on QEMU's gdb stub and attach gdb-multiarch with kernel and init symbols.
debug SMP="1":
    bash tools/debug.sh --smp {{SMP}}
