/*
 * The boot hart's path through the kernel, one step per subsystem, in order.
 * This file is the table of contents: each step's work lives in its module.
 */
#include <stdbool.h>
#include <stddef.h>

#include "cairn/boot.h"
#include "cairn/build_id.h"
#include "cairn/clock.h"
#include "cairn/console.h"
#include "cairn/device.h"
#include "cairn/dtb.h"
#include "cairn/error.h"
#include "cairn/image.h"
#include "cairn/kmem.h"
#include "cairn/kvm.h"
#include "cairn/panic.h"
#include "cairn/plic.h"
#include "cairn/proc.h"
#include "cairn/sched.h"
#include "cairn/smp.h"
#include "cairn/timer.h"
#include "cairn/trap.h"
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

static void boot_enable_paging_on(size_t slot, void *arg)
{
	(void)slot;
	(void)arg;
	kvm_enable_hart();
}

static void boot_enable_paging(void)
{
	if (smp_run_on_all(boot_enable_paging_on, NULL, SMP_CHECKIN_TIMEOUT_MS) != 0)
		PANIC("a hart did not switch to the kernel page tables");
}

static void boot_init_traps_on(size_t slot, void *arg)
{
	struct smp_hart_info info;

	(void)arg;
	trap_init_hart(slot);
	if (smp_hart_info(slot, &info) == 0) {
		hart_of(slot)->hartid = info.hartid;
		plic_init_hart(info.hartid);
	}
}

static void boot_init_traps(void)
{
	/* Sstc only when every hart has it: one way to program the timer for all. */
	timer_init(boot.dt.timebase_hz,
		   boot.dt.hart_count > 0 && boot.dt.sstc_harts == boot.dt.hart_count);
	plic_init();
	device_init(boot.hartid);
	if (smp_run_on_all(boot_init_traps_on, NULL, SMP_CHECKIN_TIMEOUT_MS) != 0)
		PANIC("a hart did not set up its traps");
}

static void boot_enter_scheduler(size_t slot, void *arg)
{
	(void)slot;
	(void)arg;
	sched_enter();
}

/*
 * Start init and hand every hart to the scheduler. Without an init in the
 * boot image (early trees), end the run on the image's checks alone.
 */
__attribute__((noreturn)) static void boot_start_init(bool passed)
{
	int err = proc_start_init();

	if (err == ERR_NOTFOUND) {
		kprintf("boot: the boot image holds no init\n");
		image_end_without_init(passed);
	}
	if (err != 0) {
		kprintf("boot: init did not start: %s\n", err_describe(err));
		image_end_without_init(false);
	}
	image_init_ready();
	(void)smp_run_on_all(boot_enter_scheduler, NULL, 0);
	PANIC("the scheduler returned");
}

void kmain(unsigned long hartid, const void *dtb)
{
	uint64_t entered = clock_now(); /* the kernel's start, for clock_read */

	/* Device tree: what machine this is. */
	boot_read_dtb(hartid, dtb);
	/* Clock: bounded waits from here on use the timebase. */
	clock_init(boot.dt.timebase_hz, entered);
	/* Console: say which kernel this is, and on what machine. */
	boot_print_banner();
	/* Devices: those the device tree lists, for init to hand out; read before paging is on. */
	device_probe(&boot.dt);
	/* SMP: start every other hart the device tree lists. */
	smp_init(&boot.dt, hartid);
	/* Frames: every page of RAM the kernel does not occupy, for page tables and user memory. */
	kmem_init(&boot);
	/* Paging: build the kernel's W^X tables and move every hart onto them. */
	kvm_init(&boot);
	boot_enable_paging();
	/* Traps: vector, per-hart context and quiet PLIC on every hart; the preemption timer. */
	boot_init_traps();
	/* Checks: the test kernel's nonce and self-tests of each behaviour above; none in the
	 * product. */
	bool passed = image_boot_checks(&boot);
	/* User mode: init from the boot image, on every hart's scheduler; its end ends the run. */
	boot_start_init(passed);
}
