/*
 * The real-time clock as rtcd reads it (RFC-0020): the register map of QEMU
 * virt's Goldfish RTC and the one safe order to read its 64-bit counter,
 * whether a reading is a time a set clock can show, and nanoseconds since
 * the Unix epoch as a UTC date and as text. It knows nothing of IPC,
 * mapping or the system clock: the registers are reached through a
 * caller-given accessor, so the same code reads the device in rtcd
 * (volatile MMIO) and a model in the host tests.
 *
 * Time here is UTC as the Unix epoch counts it: 86400 seconds a day, leap
 * seconds not counted, from 1970-01-01 00:00:00. An unsigned 64-bit count of
 * nanoseconds reaches 2554-07-21 23:34:33.709551615, the last date this code
 * converts; the proleptic Gregorian calendar gives every date before it.
 *
 * Pure: no system calls, no clock, no globals; every loop is bounded.
 */
#ifndef RTC_H
#define RTC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Goldfish RTC register offsets (bytes); every register is 32 bits wide. */
enum rtc_goldfish_reg {
	RTC_GOLDFISH_TIME_LOW = 0x00,  /* read: the counter's low word; latches the high word */
	RTC_GOLDFISH_TIME_HIGH = 0x04, /* read: the high word the last TIME_LOW read latched */
	RTC_GOLDFISH_ALARM_LOW = 0x08, /* the alarm (unused here: rtcd sets no alarm) */
	RTC_GOLDFISH_ALARM_HIGH = 0x0c,
	RTC_GOLDFISH_IRQ_ENABLED = 0x10,
	RTC_GOLDFISH_CLEAR_ALARM = 0x14,
	RTC_GOLDFISH_ALARM_STATUS = 0x18,
	RTC_GOLDFISH_CLEAR_INTERRUPT = 0x1c,
};
#define RTC_GOLDFISH_REGS 0x20u /* bytes of register space */

/* How this code reaches the registers; reg is an enum rtc_goldfish_reg. */
struct rtc_io {
	uint32_t (*read32)(void *ctx, uint32_t reg);
	void *ctx;
};

/*
 * The counter, nanoseconds since the Unix epoch: TIME_LOW first, whose read
 * latches the high word, then TIME_HIGH, so the two halves are of one
 * instant even when the low word wraps between the reads. Two reads, no
 * writes.
 */
uint64_t rtc_goldfish_read(const struct rtc_io *io);

#define RTC_NS_PER_S	1000000000ull
#define RTC_S_PER_DAY	86400ull
#define RTC_YEAR_MIN	1970u
#define RTC_YEAR_MAX	2554u
#define RTC_SET_FROM_S	1577836800ull /* 2020-01-01 00:00:00 UTC */
#define RTC_SET_FROM_NS (RTC_SET_FROM_S * RTC_NS_PER_S)

/*
 * Whether ns is a time a set clock can read: 0 from 2020-01-01 00:00:00
 * UTC on, ERR_RANGE before it. A clock nobody set (a board without a
 * battery, QEMU started with `-rtc base=1970-01-01`) starts at the epoch or
 * near it; Cairn did not exist before 2020, so such a reading is a clock
 * that was never set, and rtcd refuses to pass it on as a date.
 */
int rtc_check(uint64_t ns);

/* A UTC date and time of day. */
struct rtc_date {
	uint32_t year;	     /* RTC_YEAR_MIN..RTC_YEAR_MAX */
	uint8_t month;	     /* 1..12 */
	uint8_t day;	     /* 1..the month's last */
	uint8_t hour;	     /* 0..23 */
	uint8_t minute;	     /* 0..59 */
	uint8_t second;	     /* 0..59: leap seconds are not counted */
	uint8_t weekday;     /* 0 Sunday .. 6 Saturday; rtc_from_date ignores it */
	uint32_t nanosecond; /* 0..999999999 */
};

/* Whether `year` has a 29th of February (every 4th, but not every 100th unless every 400th). */
bool rtc_is_leap_year(uint32_t year);

/* The days of `month` (1..12) in `year`; 0 for a month out of range. */
uint32_t rtc_month_days(uint32_t year, uint32_t month);

/* The date ns nanoseconds after the epoch, into *ret. Every ns has one. */
void rtc_to_date(uint64_t ns, struct rtc_date *ret);

/*
 * The nanoseconds since the epoch of *d (its weekday ignored) into
 * *ret_ns: 0, or ERR_RANGE (nothing written) for a field out of its range,
 * a day past the end of its month, or a time past what 64 bits of
 * nanoseconds hold.
 */
int rtc_from_date(const struct rtc_date *d, uint64_t *ret_ns);

/* "Fri 2026-12-04 13:05:09 UTC": RTC_TEXT_LEN bytes, then a NUL. */
#define RTC_TEXT_LEN 27u

/*
 * Writes *d as "Www YYYY-MM-DD hh:mm:ss UTC" and a NUL into buf, the
 * weekday worked out from the date (d->weekday is not read) and the
 * nanoseconds left out: 0, or ERR_NOSPC when size is under RTC_TEXT_LEN + 1
 * and ERR_RANGE for a date rtc_from_date refuses (buf untouched either way).
 */
int rtc_format(const struct rtc_date *d, char *buf, size_t size);

#endif /* RTC_H */
