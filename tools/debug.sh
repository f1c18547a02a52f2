#!/usr/bin/env bash
# Boot Cairn halted on QEMU's gdb stub and attach gdb-multiarch with the kernel's
# symbols and, when it has been built, init's. Quitting gdb stops QEMU.
#
#   tools/debug.sh [--smp N] [--mem SIZE] [--batch FILE]
#
# --batch FILE runs gdb non-interactively with the commands in FILE (used to
# check that the recipe works without a person at the keyboard).
set -euo pipefail
cd "$(dirname "$0")/.."

smp=1 mem=128M batch=""
while [ $# -gt 0 ]; do
	case "$1" in
		--smp) smp=${2:?--smp needs a value}; shift 2 ;;
		--mem) mem=${2:?--mem needs a value}; shift 2 ;;
		--batch) batch=${2:?--batch needs a file}; shift 2 ;;
		-h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "debug: unknown option '$1' (try --help)" >&2; exit 2 ;;
	esac
done

kernel=build/kernel/cairn.elf
init=build/user/init.elf
[ -f "$kernel" ] || { echo "debug: $kernel is missing; run 'make build' first" >&2; exit 1; }
command -v gdb-multiarch >/dev/null || { echo "debug: gdb-multiarch is missing; run 'make setup'" >&2; exit 1; }

log=$(mktemp)
bash tools/run-qemu.sh --kernel "$kernel" --smp "$smp" --mem "$mem" --gdb >"$log" 2>&1 </dev/null &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true; wait "$qemu" 2>/dev/null || true; rm -f "$log"' EXIT

gdb_args=(-q -ex "set confirm off" -ex "set architecture riscv:rv64" -ex "file $kernel")
[ -f "$init" ] && gdb_args+=(-ex "add-symbol-file $init")
gdb_args+=(-ex "target remote localhost:1234")
if [ -n "$batch" ]; then
	gdb-multiarch -batch "${gdb_args[@]}" -x "$batch"
else
	echo "debug: QEMU is halted at reset; 'continue' starts it, the console goes to $log"
	gdb-multiarch "${gdb_args[@]}"
fi
