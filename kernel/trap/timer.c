/*
 * The preemption timer (cairn/timer.h). Nothing else may own the SBI timer
 * while it runs; clock_nap also uses it, but only on harts that are not
 * taking interrupts, before the scheduler starts the timer on them.
 */
#include "cairn/timer.h"

#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/sbi.h"

static uint64_t timer_quantum;

void timer_init(uint64_t timebase_hz)
{
	timer_quantum = timebase_hz / 1000 * TIMER_QUANTUM_MS;
}

static void timer_arm(void)
{
	if (sbi_set_timer(riscv_time() + timer_quantum) != 0)
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
	(void)sbi_set_timer(UINT64_MAX);
}

void timer_tick(struct hart_ctx *hart)
{
	hart->timer_ticks++;
	timer_arm();
}
