/*
 * Conversions between the ABI's nanoseconds and the `time` CSR's timebase
 * ticks, at a rate the caller gives (the device tree's timebase-frequency).
 * Pure arithmetic, host-tested (kernel/tests/test_timebase.c); clock.c
 * applies them at the machine's rate.
 */
#ifndef CAIRN_TIMEBASE_H
#define CAIRN_TIMEBASE_H

#include <stdint.h>

/*
 * Ticks in `ns` nanoseconds at `hz`, rounded up so a wait is never shorter
 * than asked; UINT64_MAX when they do not fit. hz must not be 0.
 */
uint64_t timebase_ticks_from_ns(uint64_t ns, uint64_t hz);

/* Nanoseconds in `ticks` at `hz`, rounded down; UINT64_MAX when they do not fit. hz must not be 0.
 */
uint64_t timebase_ns_from_ticks(uint64_t ticks, uint64_t hz);

#endif /* CAIRN_TIMEBASE_H */
