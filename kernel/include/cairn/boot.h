/*
 * What the boot hart learns before anything else runs: who it is and what
 * the device tree says. main.c fills one boot_info; the self-tests read it.
 */
#ifndef CAIRN_BOOT_H
#define CAIRN_BOOT_H

#include <stddef.h>

#include "cairn/dtb.h"

struct boot_info {
	unsigned long hartid; /* the hart OpenSBI entered the kernel on */
	const void *dtb;      /* the device tree blob, as OpenSBI passed it */
	size_t dtb_size;
	struct dtb_info dt;
};

/* C entry of the boot hart (entry.S), on slot 0's stack with bss cleared. */
__attribute__((noreturn)) void kmain(unsigned long hartid, const void *dtb);

#endif /* CAIRN_BOOT_H */
