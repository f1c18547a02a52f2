/*
 * clock_read: the system clock in nanoseconds, when the kernel started, and
 * how long the harts have idled (cairn/abi/syscall.h, struct cairn_clock).
 * It reads no object, so it needs no handle: the time is every program's to
 * know, and the idle total says no more than a program spinning beside the
 * others could measure for itself.
 */
#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/clock.h"
#include "cairn/panic.h"
#include "cairn/sched.h"
#include "cairn/smp.h"
#include "cairn/sys_call.h"
#include "cairn/uaccess.h"

/* clock_read: what to write where. */
struct sys_clock_plan {
	struct cairn_clock clock;
	uint64_t uva;
};

static int sys_clock_read_decode(const struct sys_call *c, struct sys_clock_plan *ret_plan)
{
	uint64_t now = clock_now();

	if (c->arg[0] % 8 != 0)
		return ERR_ALIGN;
	if (!uaccess_range_ok(c->proc->root, c->arg[0], sizeof(struct cairn_clock), PTE_R | PTE_W))
		return ERR_BADADDR;
	ret_plan->clock = (struct cairn_clock){
		.now_ns = clock_ns_from_ticks(now),
		.boot_ns = clock_ns_from_ticks(clock_boot_ticks()),
		.idle_ns = clock_ns_from_ticks(sched_idle_ticks(now)),
		.harts = (uint32_t)smp_hart_count(),
	};
	ret_plan->uva = c->arg[0];
	return 0;
}

int64_t sys_clock_read(struct sys_call *c)
{
	struct sys_clock_plan plan;
	int err = sys_clock_read_decode(c, &plan);

	if (err != 0)
		return err;
	/* Decode checked the range under the kernel lock, so the copy cannot fail. */
	if (copy_to_user(c->proc->root, plan.uva, &plan.clock, sizeof(plan.clock)) != 0)
		PANIC("checked range 0x%lx refused", (unsigned long)plan.uva);
	return 0;
}
