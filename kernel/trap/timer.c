/*
 * The preemption timer (cairn/timer.h). Nothing else may own the hart's timer
 * while it runs; clock_nap also uses it, but only on harts that are not
 * taking interrupts, before the scheduler starts the timer on them.
 *
 * With Sstc on every hart (the device tree says so) the timer is the hart's
 * own stimecmp; otherwise it is OpenSBI's set_timer, an ecall into M-mode
 * that costs the larger part of a tick.
 */
#include "cairn/timer.h"

#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/sbi.h"

static uint64_t timer_quantum;
static bool timer_sstc;

void timer_init(uint64_t timebase_hz, bool sstc)
{
	timer_quantum = timebase_hz / 1000 * TIMER_QUANTUM_MS;
	timer_sstc = sstc;
}

bool timer_set(uint64_t when)
{
	if (timer_sstc) {
		riscv_stimecmp_write(when);
		return true;
	}
	return sbi_set_timer(when) == 0;
}

static void timer_arm(void)
{
	if (!timer_set(riscv_time() + timer_quantum))
		PANIC("SBI set_timer refused");
}

void timer_start_hart(void)
{
	timer_arm();
	riscv_sie_set(RISCV_SIE_STIE);
}

void timer_stop_hart(void)
{
	riscv_sie_clear(RISCV_SIE_STIE);
	(void)timer_set(UINT64_MAX);
}

void timer_tick(struct hart_ctx *hart)
{
	hart->timer_ticks++;
	timer_arm();
}
