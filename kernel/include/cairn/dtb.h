/*
 * A reader for flattened device tree blobs (the "dtb" OpenSBI hands over in
 * a1). It extracts only what the kernel needs at boot: memory ranges, the
 * harts, the timebase, the command line and the devices it hands out.
 *
 * Pure: no globals, no output, no allocation. It reads nothing outside the
 * `blob_size` bytes the caller gives, and a malformed blob of any kind yields
 * a negative err_code, never a crash. The host tests run it against libfdt.
 * (The prefix is dtb_, not fdt_, so it cannot clash with libfdt's names.)
 */
#ifndef CAIRN_DTB_H
#define CAIRN_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/device.h"

#define DTB_HEADER_SIZE	   40	       /* a version 17 header */
#define DTB_MAX_MEM_RANGES 16	       /* memory ranges kept, over all memory nodes */
#define DTB_MAX_HARTS	   64	       /* enabled cpu nodes kept */
#define DTB_MAX_DEPTH	   16	       /* node nesting the reader follows */
#define DTB_BOOTARGS_MAX   256	       /* bytes of /chosen bootargs, with its NUL */
#define DTB_MAX_BLOB_SIZE  (1UL << 20) /* the largest total size accepted */

struct dtb_range {
	uint64_t base;
	uint64_t size;
};

/*
 * A device node whose `compatible` names a class the kernel hands out
 * (RFC-0018): its first reg entry and the first cell of its interrupts.
 */
struct dtb_device {
	uint64_t base;
	uint64_t size;
	uint32_t device_class; /* enum cairn_device_class */
	uint32_t irq;	       /* 0 when the node has no interrupts */
};

struct dtb_info {
	/* Every reg entry of every node with device_type "memory". */
	struct dtb_range mem[DTB_MAX_MEM_RANGES];
	size_t mem_count;
	uint64_t mem_total; /* the sum of the sizes */

	/* reg of each /cpus child with device_type "cpu" and status absent or "okay". */
	uint64_t harts[DTB_MAX_HARTS];
	size_t hart_count;

	uint64_t timebase_hz; /* /cpus timebase-frequency, 0 when absent */

	/* Harts of `harts` whose riscv,isa (or riscv,isa-extensions) names Sstc. */
	size_t sstc_harts;

	/*
	 * Enabled device nodes of a known class, in tree order, under the root or
	 * a bus with an empty `ranges`; the rest of them (past the limit, without
	 * a usable reg, behind a translating bus) are only counted.
	 */
	struct dtb_device devices[CAIRN_DEVICES_MAX];
	size_t device_count;
	size_t devices_dropped;

	bool has_bootargs;
	char bootargs[DTB_BOOTARGS_MAX]; /* /chosen bootargs, "" when absent */
};

/*
 * Read the header at `blob` (at least DTB_HEADER_SIZE readable bytes) and
 * store the blob's total size in *ret_size. Lets a caller that knows only
 * where a blob starts learn the bound to give dtb_parse. Returns 0,
 * ERR_INVAL (bad magic), ERR_VERSION, or ERR_RANGE (size outside
 * DTB_HEADER_SIZE..DTB_MAX_BLOB_SIZE).
 */
int dtb_total_size(const void *blob, size_t *ret_size);

/*
 * Parse the blob in the `blob_size` bytes at `blob` into *ret_info. Returns 0
 * or: ERR_INVAL (bad magic, bad token, unterminated name or string, a
 * property of the wrong size), ERR_VERSION, ERR_RANGE (a block, offset or
 * length outside the blob, or a sum that overflows), ERR_NOSPC (more memory
 * ranges, harts or nesting than the limits above), ERR_TOOLONG (bootargs).
 * *ret_info is written only on success.
 */
int dtb_parse(const void *blob, size_t blob_size, struct dtb_info *ret_info);

/*
 * Whether the ISA string isa[0..len) (riscv,isa: "rv64imafdc_zicsr_sstc")
 * names the multi-letter extension `ext` (lower case): one of the tokens the
 * underscores separate, after the first, compared without regard to case.
 */
bool dtb_isa_has_extension(const char *isa, size_t len, const char *ext);

/* True if `hartid` is one of the harts `info` lists. */
bool dtb_has_hart(const struct dtb_info *info, uint64_t hartid);

#endif /* CAIRN_DTB_H */
