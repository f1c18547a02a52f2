/*
 * Wall-clock deadlines for bounded waits, read from the `time` CSR. The rate
 * comes from the device tree's timebase-frequency, set once by the boot hart
 * before any other hart starts.
 */
#ifndef CAIRN_CLOCK_H
#define CAIRN_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* The longest clock_nap; also how late a napping hart may notice a change. */
#define CLOCK_NAP_US 100

/* The timebase rate, and the `time` value when the kernel started (clock_boot_ticks). */
void clock_init(uint64_t timebase_hz, uint64_t boot_ticks);

/* The `time` CSR now: timebase ticks since about reset. */
uint64_t clock_now(void);

/* The `time` value when the kernel started. */
uint64_t clock_boot_ticks(void);

/* The `time` value `ms` milliseconds from now. */
uint64_t clock_deadline_ms(uint64_t ms);

bool clock_is_past(uint64_t deadline);

/*
 * Idle this hart until `deadline` or for CLOCK_NAP_US, whichever is sooner,
 * so that a hart waiting on another lets it run. Callers loop, re-checking
 * what they wait for. Interrupts stay masked: the timer only ends the wfi.
 */
void clock_nap(uint64_t deadline);

/* Milliseconds since time 0 (roughly, since reset). */
uint64_t clock_uptime_ms(void);

/*
 * The ABI's time is nanoseconds (RFC-0003); the `time` CSR counts timebase
 * ticks. Ticks for `ns`, rounded up so a wait is never shorter than asked,
 * UINT64_MAX when they do not fit; and nanoseconds for `ticks`, rounded down,
 * saturating.
 */
uint64_t clock_ticks_from_ns(uint64_t ns);
uint64_t clock_ns_from_ticks(uint64_t ticks);

#endif /* CAIRN_CLOCK_H */
