/*
 * Host tests of librtc (rtc.h): the Goldfish counter read in its order
 * against a model of the device's latch, the check of a set clock, and the
 * calendar against known dates (leap days, the 32-bit rollovers of 2038 and
 * 2106, the last date 64 bits of nanoseconds hold), against the host C
 * library's gmtime_r for every day the calendar covers, and its refusals.
 */
#define _DEFAULT_SOURCE /* gmtime_r */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cairn/abi/errors.h"
#include "rtc.h"

#define NS RTC_NS_PER_S

/*
 * The Goldfish RTC as QEMU models it: reading TIME_LOW samples the counter
 * and latches its high word, which TIME_HIGH returns until the next
 * TIME_LOW. The counter moves on by `step` after every read, and the
 * model records the registers read in order.
 */
struct goldfish_model {
	uint64_t counter;
	uint64_t step;
	uint32_t latched_high;
	uint32_t reads[4];
	uint32_t nreads;
};

static uint32_t model_read32(void *ctx, uint32_t reg)
{
	struct goldfish_model *m = ctx;
	uint32_t v = m->latched_high;

	if (reg == RTC_GOLDFISH_TIME_LOW) {
		v = (uint32_t)m->counter;
		m->latched_high = (uint32_t)(m->counter >> 32);
	} else {
		ck_assert_uint_eq(reg, RTC_GOLDFISH_TIME_HIGH);
	}
	ck_assert_uint_lt(m->nreads, 4);
	m->reads[m->nreads++] = reg;
	m->counter += m->step;
	return v;
}

START_TEST(test_read_low_then_high_is_one_instant)
{
	/* the low word wraps between the two reads: the latch keeps the halves together */
	struct goldfish_model m = {.counter = 0x1fffffff0ull, .step = 0x20};
	const struct rtc_io io = {.read32 = model_read32, .ctx = &m};

	ck_assert_uint_eq(rtc_goldfish_read(&io), 0x1fffffff0ull);
	ck_assert_uint_eq(m.nreads, 2);
	ck_assert_uint_eq(m.reads[0], RTC_GOLDFISH_TIME_LOW);
	ck_assert_uint_eq(m.reads[1], RTC_GOLDFISH_TIME_HIGH);
	/* and again, the latch now holding the high word of the first read */
	m.counter = 0x18000000000000ull + 5;
	ck_assert_uint_eq(rtc_goldfish_read(&io), 0x18000000000000ull + 5);
}
END_TEST

START_TEST(test_check_refuses_a_clock_never_set)
{
	ck_assert_int_eq(rtc_check(0), ERR_RANGE);
	ck_assert_int_eq(rtc_check(RTC_SET_FROM_NS - 1), ERR_RANGE);
	ck_assert_int_eq(rtc_check(RTC_SET_FROM_NS), 0);
	ck_assert_int_eq(rtc_check(UINT64_MAX), 0);
	ck_assert_uint_eq(RTC_SET_FROM_S, 1577836800ull); /* 2020-01-01 00:00:00 UTC */
}
END_TEST

START_TEST(test_leap_years_and_month_lengths)
{
	ck_assert(rtc_is_leap_year(2000));
	ck_assert(rtc_is_leap_year(2024));
	ck_assert(rtc_is_leap_year(2400));
	ck_assert(!rtc_is_leap_year(1900));
	ck_assert(!rtc_is_leap_year(2023));
	ck_assert(!rtc_is_leap_year(2100));
	ck_assert_uint_eq(rtc_month_days(2024, 2), 29);
	ck_assert_uint_eq(rtc_month_days(2100, 2), 28);
	ck_assert_uint_eq(rtc_month_days(2023, 1), 31);
	ck_assert_uint_eq(rtc_month_days(2023, 4), 30);
	ck_assert_uint_eq(rtc_month_days(2023, 12), 31);
	ck_assert_uint_eq(rtc_month_days(2023, 0), 0);
	ck_assert_uint_eq(rtc_month_days(2023, 13), 0);
}
END_TEST

struct known {
	uint64_t ns;
	struct rtc_date date;
	const char *text;
};

#define DATE(y, mo, d, h, mi, s, wd, n)                                                            \
	{                                                                                          \
		.year = (y), .month = (mo), .day = (d), .hour = (h), .minute = (mi),               \
		.second = (s), .weekday = (wd), .nanosecond = (n)                                  \
	}

static const struct known known[] = {
	{0, DATE(1970, 1, 1, 0, 0, 0, 4, 0), "Thu 1970-01-01 00:00:00 UTC"},
	{951782400ull * NS, DATE(2000, 2, 29, 0, 0, 0, 2, 0), "Tue 2000-02-29 00:00:00 UTC"},
	{1577836800ull * NS, DATE(2020, 1, 1, 0, 0, 0, 3, 0), "Wed 2020-01-01 00:00:00 UTC"},
	{1704067200ull * NS - 1, DATE(2023, 12, 31, 23, 59, 59, 0, 999999999),
	 "Sun 2023-12-31 23:59:59 UTC"},
	{1709164800ull * NS + 1, DATE(2024, 2, 29, 0, 0, 0, 4, 1), "Thu 2024-02-29 00:00:00 UTC"},
	/* the last second a signed 32-bit time_t holds, and the first it does not */
	{2147483647ull * NS, DATE(2038, 1, 19, 3, 14, 7, 2, 0), "Tue 2038-01-19 03:14:07 UTC"},
	{2147483648ull * NS + 500, DATE(2038, 1, 19, 3, 14, 8, 2, 500),
	 "Tue 2038-01-19 03:14:08 UTC"},
	/* 2100 is not a leap year: 28 February, then 1 March */
	{4107456000ull * NS, DATE(2100, 2, 28, 0, 0, 0, 0, 0), "Sun 2100-02-28 00:00:00 UTC"},
	{4107542400ull * NS, DATE(2100, 3, 1, 0, 0, 0, 1, 0), "Mon 2100-03-01 00:00:00 UTC"},
	/* an unsigned 32-bit count of seconds ends */
	{4294967296ull * NS, DATE(2106, 2, 7, 6, 28, 16, 0, 0), "Sun 2106-02-07 06:28:16 UTC"},
	{13574563200ull * NS, DATE(2400, 2, 29, 0, 0, 0, 2, 0), "Tue 2400-02-29 00:00:00 UTC"},
	/* the last nanosecond 64 bits hold */
	{UINT64_MAX, DATE(2554, 7, 21, 23, 34, 33, 0, 709551615), "Sun 2554-07-21 23:34:33 UTC"},
};

static void assert_date_eq(const struct rtc_date *got, const struct rtc_date *want)
{
	ck_assert_uint_eq(got->year, want->year);
	ck_assert_uint_eq(got->month, want->month);
	ck_assert_uint_eq(got->day, want->day);
	ck_assert_uint_eq(got->hour, want->hour);
	ck_assert_uint_eq(got->minute, want->minute);
	ck_assert_uint_eq(got->second, want->second);
	ck_assert_uint_eq(got->weekday, want->weekday);
	ck_assert_uint_eq(got->nanosecond, want->nanosecond);
}

START_TEST(test_known_dates)
{
	const struct known *k = &known[_i];
	struct rtc_date got;
	uint64_t ns = 1;
	char text[RTC_TEXT_LEN + 1];

	rtc_to_date(k->ns, &got);
	assert_date_eq(&got, &k->date);
	ck_assert_int_eq(rtc_from_date(&k->date, &ns), 0);
	ck_assert_uint_eq(ns, k->ns);
	ck_assert_int_eq(rtc_format(&k->date, text, sizeof(text)), 0);
	ck_assert_str_eq(text, k->text);
	ck_assert_uint_eq(strlen(text), RTC_TEXT_LEN);
}
END_TEST

/* Every day from the epoch to the last, at a second of the day that moves: as gmtime_r says. */
START_TEST(test_every_day_agrees_with_gmtime)
{
	const uint64_t last_day = UINT64_MAX / NS / RTC_S_PER_DAY;

	for (uint64_t day = 0; day <= last_day; day++) {
		uint64_t s = day * RTC_S_PER_DAY + (day * 7919u) % RTC_S_PER_DAY;
		uint64_t ns = s * NS + day % NS;
		time_t t = (time_t)s;
		struct tm tm;
		struct rtc_date got;
		uint64_t back = 0;

		if (ns > UINT64_MAX - NS) /* the last day ends before its last second does */
			break;
		if (gmtime_r(&t, &tm) == NULL)
			ck_abort_msg("gmtime_r refused day %llu", (unsigned long long)day);
		rtc_to_date(ns, &got);
		if (got.year != (uint32_t)tm.tm_year + 1900u || got.month != tm.tm_mon + 1 ||
		    got.day != tm.tm_mday || got.hour != tm.tm_hour || got.minute != tm.tm_min ||
		    got.second != tm.tm_sec || got.weekday != tm.tm_wday)
			ck_abort_msg(
				"day %llu: %u-%u-%u %u:%u:%u wd %u, gmtime %d-%d-%d %d:%d:%d wd %d",
				(unsigned long long)day, got.year, got.month, got.day, got.hour,
				got.minute, got.second, got.weekday, tm.tm_year + 1900,
				tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
				tm.tm_wday);
		if (got.nanosecond != day % NS || rtc_from_date(&got, &back) != 0 || back != ns)
			ck_abort_msg("day %llu: %llu ns came back as %llu", (unsigned long long)day,
				     (unsigned long long)ns, (unsigned long long)back);
	}
}
END_TEST

START_TEST(test_from_date_refuses_what_is_not_a_date)
{
	static const struct rtc_date bad[] = {
		DATE(1969, 12, 31, 23, 59, 59, 0, 0), /* before the epoch */
		DATE(2555, 1, 1, 0, 0, 0, 0, 0),      /* past the last year */
		DATE(2024, 0, 1, 0, 0, 0, 0, 0),
		DATE(2024, 13, 1, 0, 0, 0, 0, 0),
		DATE(2024, 1, 0, 0, 0, 0, 0, 0),
		DATE(2024, 1, 32, 0, 0, 0, 0, 0),
		DATE(2024, 4, 31, 0, 0, 0, 0, 0),
		DATE(2024, 2, 30, 0, 0, 0, 0, 0),
		DATE(2100, 2, 29, 0, 0, 0, 0, 0), /* not a leap year */
		DATE(2024, 1, 1, 24, 0, 0, 0, 0),
		DATE(2024, 1, 1, 0, 60, 0, 0, 0),
		DATE(2016, 12, 31, 23, 59, 60, 0, 0), /* a leap second: not counted */
		DATE(2024, 1, 1, 0, 0, 0, 0, 1000000000),
		/* the first nanosecond and the first second past 64 bits */
		DATE(2554, 7, 21, 23, 34, 33, 0, 709551616),
		DATE(2554, 7, 21, 23, 34, 34, 0, 0),
		DATE(2554, 12, 31, 23, 59, 59, 0, 0),
	};
	char text[RTC_TEXT_LEN + 1] = "untouched";

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t ns = 42;

		ck_assert_msg(rtc_from_date(&bad[i], &ns) == ERR_RANGE, "case %zu", i);
		ck_assert_uint_eq(ns, 42);
		ck_assert_int_eq(rtc_format(&bad[i], text, sizeof(text)), ERR_RANGE);
		ck_assert_str_eq(text, "untouched");
	}
}
END_TEST

START_TEST(test_format_needs_room_and_works_out_the_weekday)
{
	struct rtc_date d = DATE(2026, 12, 4, 13, 5, 9, 6, 0); /* a Friday, whatever it says */
	char text[RTC_TEXT_LEN + 1];

	memset(text, 'x', sizeof(text));
	ck_assert_int_eq(rtc_format(&d, text, RTC_TEXT_LEN), ERR_NOSPC);
	ck_assert_int_eq(text[0], 'x');
	ck_assert_int_eq(rtc_format(&d, text, sizeof(text)), 0);
	ck_assert_str_eq(text, "Fri 2026-12-04 13:05:09 UTC");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtc");
	TCase *tc = tcase_create("rtc");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_read_low_then_high_is_one_instant);
	tcase_add_test(tc, test_check_refuses_a_clock_never_set);
	tcase_add_test(tc, test_leap_years_and_month_lengths);
	tcase_add_loop_test(tc, test_known_dates, 0, (int)(sizeof(known) / sizeof(known[0])));
	tcase_add_test(tc, test_every_day_agrees_with_gmtime);
	tcase_add_test(tc, test_from_date_refuses_what_is_not_a_date);
	tcase_add_test(tc, test_format_needs_room_and_works_out_the_weekday);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
