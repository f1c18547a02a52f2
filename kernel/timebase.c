/*
 * Nanoseconds and timebase ticks (cairn/timebase.h): 128-bit products, so no
 * rate a device tree can give overflows on the way.
 */
#include "cairn/timebase.h"

#define TIMEBASE_NS_PER_S 1000000000ull

uint64_t timebase_ticks_from_ns(uint64_t ns, uint64_t hz)
{
	unsigned __int128 ticks =
		((unsigned __int128)ns * hz + TIMEBASE_NS_PER_S - 1) / TIMEBASE_NS_PER_S;

	return ticks > UINT64_MAX ? UINT64_MAX : (uint64_t)ticks;
}

uint64_t timebase_ns_from_ticks(uint64_t ticks, uint64_t hz)
{
	unsigned __int128 ns = (unsigned __int128)ticks * TIMEBASE_NS_PER_S / hz;

	return ns > UINT64_MAX ? UINT64_MAX : (uint64_t)ns;
}
