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

void clock_init(uint64_t timebase_hz);

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

#endif /* CAIRN_CLOCK_H */
