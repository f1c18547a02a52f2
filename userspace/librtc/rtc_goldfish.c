/*
 * QEMU virt's Goldfish RTC read in its one safe order, and the check that a
 * reading is a time a set clock shows (rtc.h). The calendar is
 * rtc_date.c's.
 */
#include "rtc.h"

#include "cairn/abi/errors.h"

uint64_t rtc_goldfish_read(const struct rtc_io *io)
{
	/* TIME_LOW samples the counter and latches its high word; TIME_HIGH hands that word back.
	 */
	uint32_t low = io->read32(io->ctx, RTC_GOLDFISH_TIME_LOW);
	uint32_t high = io->read32(io->ctx, RTC_GOLDFISH_TIME_HIGH);

	return (uint64_t)high << 32 | low;
}

int rtc_check(uint64_t ns)
{
	return ns >= RTC_SET_FROM_NS ? 0 : ERR_RANGE;
}
