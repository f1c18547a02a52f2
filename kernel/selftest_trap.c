/*
 * Boot self-test of the trap path: every online hart takes supervisor timer
 * interrupts through trap_vector and trap_from_kernel, counted per hart.
 */
#include "cairn/clock.h"
#include "cairn/console.h"
#include "cairn/riscv.h"
#include "cairn/selftest_case.h"
#include "cairn/smp.h"
#include "cairn/timer.h"
#include "cairn/trap.h"

#define SELFTEST_TIMER_TICKS   3    /* interrupts each hart must take */
#define SELFTEST_TIMER_WAIT_MS 2000 /* how long each hart waits for them */

/* On each hart: run the timer with interrupts on until enough ticks came, or time is up. */
static void selftest_timer_on_hart(size_t slot, void *arg)
{
	struct hart_ctx *hart = hart_of(slot);
	uint64_t deadline = clock_deadline_ms(SELFTEST_TIMER_WAIT_MS);
	uint64_t first = hart->timer_ticks;

	(void)arg;
	timer_start_hart();
	riscv_sstatus_set(RISCV_SSTATUS_SIE);
	/* Poll rather than wfi: with a broken timer nothing would end the wfi. */
	while (__atomic_load_n(&hart->timer_ticks, __ATOMIC_RELAXED) - first <
		       SELFTEST_TIMER_TICKS &&
	       !clock_is_past(deadline))
		riscv_relax();
	riscv_sstatus_clear(RISCV_SSTATUS_SIE);
	timer_stop_hart();
}

bool selftest_timer(const struct boot_info *boot, struct selftest_reason *why)
{
	(void)boot;
	if (smp_run_on_all(selftest_timer_on_hart, NULL, SELFTEST_TIMER_WAIT_MS + 1000) != 0)
		return selftest_fail(why, "harts did not finish waiting for ticks");
	for (size_t slot = 0; slot < smp_online_count(); slot++) {
		uint64_t ticks = __atomic_load_n(&hart_of(slot)->timer_ticks, __ATOMIC_RELAXED);

		if (ticks < SELFTEST_TIMER_TICKS)
			return selftest_fail(why, "hart slot %lu took %lu timer interrupts",
					     (unsigned long)slot, (unsigned long)ticks);
	}
	kprintf("timer: %lu harts took at least %d interrupts each\n",
		(unsigned long)smp_online_count(), SELFTEST_TIMER_TICKS);
	return true;
}
