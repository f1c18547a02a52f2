/*
 * The boot hart's path through the kernel, one step per subsystem, in order.
 * This file is the table of contents: each step's work lives in its module.
 */
#include <stddef.h>

#include "cairn/boot.h"
#include "cairn/bootargs.h"
#include "cairn/build_id.h"
#include "cairn/clock.h"
#include "cairn/console.h"
#include "cairn/dtb.h"
#include "cairn/error.h"
#include "cairn/markers.h"
#include "cairn/panic.h"
#include "cairn/selftest.h"
#include "cairn/smp.h"
#include "cairn/version.h"

static struct boot_info boot;

/* Learn memory, harts, timebase and bootargs; the kernel cannot go on without them. */
static void boot_read_dtb(unsigned long hartid, const void *dtb)
{
	int err;

	boot.hartid = hartid;
	boot.dtb = dtb;
	if (dtb == NULL)
		PANIC("no device tree (a1 was 0)");
	if ((err = dtb_total_size(dtb, &boot.dtb_size)) != 0 ||
	    (err = dtb_parse(dtb, boot.dtb_size, &boot.dt)) != 0)
		PANIC("device tree at %p: %s", dtb, err_describe(err));
}

static void boot_print_banner(void)
{
	kprintf("Cairn %s (build %s) harts=%lu mem=%lu MiB timebase=%lu Hz\n", CAIRN_VERSION,
		CAIRN_BUILD_ID, (unsigned long)boot.dt.hart_count,
		(unsigned long)(boot.dt.mem_total >> 20), (unsigned long)boot.dt.timebase_hz);
	kprintf("bootargs: %s\n", boot.dt.has_bootargs ? boot.dt.bootargs : "(none)");
}

/* Echo the nonce the runner put on the command line, or "none". */
static void boot_print_nonce(void)
{
	char nonce[BOOTARGS_NONCE_MAX + 1] = "none";
	int err = bootargs_nonce(boot.dt.bootargs, nonce, sizeof(nonce));

	if (err != 0 && err != ERR_NOTFOUND)
		kprintf("bootargs: cairn.nonce ignored: %s\n", err_describe(err));
	kprintf(MARKER_BOOT_NONCE "\n", nonce);
}

void kmain(unsigned long hartid, const void *dtb)
{
	/* Device tree: what machine this is. */
	boot_read_dtb(hartid, dtb);
	/* Clock: bounded waits from here on use the timebase. */
	clock_init(boot.dt.timebase_hz);
	/* Console: say which kernel this is, on what machine, and with which nonce. */
	boot_print_banner();
	boot_print_nonce();
	/* SMP: start every other hart the device tree lists. */
	smp_init(&boot.dt, hartid);
	/* Self-tests: check each behaviour above, then end the run. */
	selftest_run_all(&boot);
}
