/*
 * Deadlines over the `time` CSR, napping until one, and the conversion
 * between the CSR's timebase ticks and the ABI's nanoseconds. Owns the
 * timebase rate, which the device tree gives.
 */
#include "cairn/clock.h"

#include "cairn/timer.h"

#include "cairn/panic.h"
#include "cairn/riscv.h"
#include "cairn/timebase.h"

static uint64_t clock_hz;
static uint64_t clock_boot;

void clock_init(uint64_t timebase_hz, uint64_t boot_ticks)
{
	/* Deadlines count in milliseconds, so a coarser clock is unusable. */
	if (timebase_hz < 1000)
		PANIC("timebase of %lu Hz is below 1 kHz", (unsigned long)timebase_hz);
	clock_hz = timebase_hz;
	clock_boot = boot_ticks;
}

uint64_t clock_now(void)
{
	return riscv_time();
}

uint64_t clock_boot_ticks(void)
{
	return clock_boot;
}

uint64_t clock_deadline_ms(uint64_t ms)
{
	return riscv_time() + ms * (clock_hz / 1000);
}

bool clock_is_past(uint64_t deadline)
{
	return riscv_time() >= deadline;
}

uint64_t clock_uptime_ms(void)
{
	return riscv_time() / (clock_hz / 1000);
}

uint64_t clock_ticks_from_ns(uint64_t ns)
{
	return timebase_ticks_from_ns(ns, clock_hz);
}

uint64_t clock_ns_from_ticks(uint64_t ticks)
{
	return timebase_ns_from_ticks(ticks, clock_hz);
}

void clock_nap(uint64_t deadline)
{
	uint64_t wake = riscv_time() + clock_hz * CLOCK_NAP_US / 1000000;

	if (deadline < wake)
		wake = deadline;
	/* Without a timer to end it, wfi could sleep forever: let the caller spin. */
	if (!timer_set(wake))
		return;
	riscv_sie_set(RISCV_SIE_STIE);
	while (!clock_is_past(wake))
		riscv_wfi();
	riscv_sie_clear(RISCV_SIE_STIE);
	(void)timer_set(UINT64_MAX);
}
