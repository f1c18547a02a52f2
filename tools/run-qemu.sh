#!/usr/bin/env bash
# Boot a Cairn kernel in QEMU. This is the one place the QEMU command line is
# written: `make run` and the gate's qemu stage both call it. The script ends
# by exec'ing QEMU, so the process its caller started is QEMU itself and QEMU's
# exit status (set by the kernel through the test finisher) is the caller's.
#
# Environment: QEMU (default qemu-system-riscv64), OPENSBI (default the Debian
# fw_dynamic.bin path).
set -euo pipefail

prog=$(basename "$0")
qemu=${QEMU:-qemu-system-riscv64}
opensbi=${OPENSBI:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}

usage() {
	cat <<USAGE
usage: $prog --kernel ELF [--smp N] [--mem SIZE] [--nonce HEX] [--disk FILE]
                [--icount [--no-sleep]] [--gdb]

  --kernel ELF   kernel image to boot (required)
  --smp N        number of harts, 1-64 (default 1)
  --mem SIZE     guest memory, e.g. 128M or 1G (default 128M)
  --nonce HEX    boot nonce passed as cairn.nonce=HEX, 1-64 hex digits
                 (default: a random one, shown on stderr)
  --disk FILE    raw disk image for the virtio block device; written in
                 place, so what the guest stores stays (default: a blank
                 image, build/disk/blank.img, opened with snapshot=on, so
                 every boot sees it blank and writes are discarded)
  --icount       count instructions (-icount shift=0): guest time is
                 deterministic and harts run in one host thread; the
                 real-time clock then starts at $icount_date and
                 advances with guest time, not the host's
  --no-sleep     with --icount: an idle hart's wait ends at once at its next
                 timer deadline instead of lasting host time (sleep=off), so
                 a boot with idle waits is one instruction stream every time
  --gdb          wait for a debugger on tcp::1234 before starting
  --help         this text

Leave QEMU with Ctrl-A X.
USAGE
}

die() {
	echo "$prog: $*" >&2
	exit 2
}

# The value of option $1, which must be present as $2.
need_value() {
	[ "$#" -ge 2 ] && [ -n "$2" ] || die "$1 needs a value (see --help)"
}

# The real-time clock's date when the boot counts instructions (see the end).
icount_date=2026-01-01T00:00:00

kernel=
smp=1
mem=128M
nonce=
disk=
icount=0
nosleep=0
gdb=0

while [ "$#" -gt 0 ]; do
	case "$1" in
	--kernel) need_value "$@"; kernel=$2; shift 2 ;;
	--smp) need_value "$@"; smp=$2; shift 2 ;;
	--mem) need_value "$@"; mem=$2; shift 2 ;;
	--nonce) need_value "$@"; nonce=$2; shift 2 ;;
	--disk) need_value "$@"; disk=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--no-sleep) nosleep=1; shift ;;
	--gdb) gdb=1; shift ;;
	--help | -h) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done

[ -n "$kernel" ] || { usage >&2; die "--kernel is required"; }
[ -f "$kernel" ] || die "kernel '$kernel' not found (run 'make build' first)"
[ -f "$opensbi" ] || die "OpenSBI firmware '$opensbi' not found (set OPENSBI)"
command -v "$qemu" >/dev/null || die "'$qemu' not found in PATH (set QEMU)"
[[ "$smp" =~ ^[1-9][0-9]*$ ]] && [ "$smp" -le 64 ] || die "--smp '$smp' is not a number from 1 to 64"
[[ "$mem" =~ ^[1-9][0-9]*[MG]?$ ]] || die "--mem '$mem' is not a size like 128M or 1G"
if [ -z "$nonce" ]; then
	nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
	echo "$prog: nonce $nonce" >&2
fi
[[ "$nonce" =~ ^[0-9a-fA-F]{1,64}$ ]] || die "--nonce '$nonce' is not 1-64 hex digits"

# The disk: virtio 1.x over MMIO (version 2 registers, RFC-0018), one raw image.
if [ -n "$disk" ]; then
	[ -f "$disk" ] || die "disk image '$disk' not found"
	drive="file=$disk,format=raw,if=none,id=disk0"
else
	blank=build/disk/blank.img
	if [ ! -f "$blank" ]; then
		mkdir -p "$(dirname "$blank")"
		truncate -s 16M "$blank.$$" && mv "$blank.$$" "$blank"
	fi
	drive="file=$blank,format=raw,if=none,id=disk0,snapshot=on"
fi
# A second disk, blank every boot, that no store uses: the test image's blkd benchmark owns it.
scratch=build/disk/scratch.img
if [ ! -f "$scratch" ]; then
	mkdir -p "$(dirname "$scratch")"
	truncate -s 8M "$scratch.$$" && mv "$scratch.$$" "$scratch"
fi

# The entropy device (RFC-0019) comes after the two disks; QEMU feeds it from the host.
args=(-machine virt -nographic -bios "$opensbi" -smp "$smp" -m "$mem"
	-kernel "$kernel" -append "cairn.nonce=$nonce"
	-global virtio-mmio.force-legacy=false -drive "$drive" -device virtio-blk-device,drive=disk0
	-drive "file=$scratch,format=raw,if=none,id=disk1,snapshot=on" -device virtio-blk-device,drive=disk1
	-device virtio-rng-device)
[ "$nosleep" -eq 0 ] || [ "$icount" -eq 1 ] || die "--no-sleep needs --icount"
# The real-time clock (RFC-0020): QEMU virt's Goldfish RTC shows the host's UTC time and
# follows it. A boot that counts instructions is one instruction stream every time, so its
# clock must not depend on the host's date: it starts at a fixed date and advances with the
# guest's own clock (clock=vm).
if [ "$icount" -eq 1 ]; then
	[ "$nosleep" -eq 1 ] && args+=(-icount shift=0,sleep=off) || args+=(-icount shift=0)
	args+=(-rtc "base=$icount_date,clock=vm")
else
	args+=(-rtc base=utc,clock=host)
fi
[ "$gdb" -eq 0 ] || args+=(-s -S)

exec "$qemu" "${args[@]}"
