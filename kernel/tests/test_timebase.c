/*
 * Host tests of the nanosecond and tick conversions (kernel/timebase.c): the
 * rounding each way, QEMU virt's 10 MHz and other rates, and saturation
 * where a product would overflow 64 bits.
 */
#include <check.h>
#include <stdint.h>

#include "cairn/timebase.h"
#include "check_main.h"

#define VIRT_HZ 10000000ull /* QEMU virt's timebase */

START_TEST(test_virt_rate)
{
	ck_assert_uint_eq(timebase_ticks_from_ns(0, VIRT_HZ), 0);
	ck_assert_uint_eq(timebase_ticks_from_ns(100, VIRT_HZ), 1);
	ck_assert_uint_eq(timebase_ticks_from_ns(1000000000ull, VIRT_HZ), VIRT_HZ);
	ck_assert_uint_eq(timebase_ns_from_ticks(VIRT_HZ, VIRT_HZ), 1000000000ull);
	ck_assert_uint_eq(timebase_ns_from_ticks(1, VIRT_HZ), 100);
}
END_TEST

START_TEST(test_a_wait_is_never_shorter_than_asked)
{
	/* a part of a tick is a whole one: 1 ns and 101 ns wait 1 and 2 ticks */
	ck_assert_uint_eq(timebase_ticks_from_ns(1, VIRT_HZ), 1);
	ck_assert_uint_eq(timebase_ticks_from_ns(101, VIRT_HZ), 2);
	/* and a reading rounds down: one tick reads as its 100 ns */
	ck_assert_uint_eq(timebase_ns_from_ticks(1, VIRT_HZ), 100);
	for (uint64_t ns = 0; ns < 5000; ns += 7)
		ck_assert_uint_ge(
			timebase_ns_from_ticks(timebase_ticks_from_ns(ns, VIRT_HZ), VIRT_HZ), ns);
}
END_TEST

START_TEST(test_other_rates)
{
	ck_assert_uint_eq(timebase_ticks_from_ns(123456789, 1000000000ull), 123456789);
	ck_assert_uint_eq(timebase_ns_from_ticks(123456789, 1000000000ull), 123456789);
	ck_assert_uint_eq(timebase_ticks_from_ns(1000000, 1000), 1); /* 1 ms at 1 kHz */
	ck_assert_uint_eq(timebase_ticks_from_ns(1000001, 1000), 2);
	ck_assert_uint_eq(timebase_ns_from_ticks(3, 24000000ull),
			  125); /* 24 MHz: 41.67 ns a tick */
}
END_TEST

START_TEST(test_saturation)
{
	/* the longest timeout at 10 MHz fits, and does not wrap to a short one */
	ck_assert_uint_eq(timebase_ticks_from_ns(UINT64_MAX, VIRT_HZ), UINT64_MAX / 100 + 1);
	/* a faster clock than nanoseconds: the ticks of the longest timeout do not fit */
	ck_assert_uint_eq(timebase_ticks_from_ns(UINT64_MAX, 4000000000ull), UINT64_MAX);
	/* a slow clock: the nanoseconds of its largest count do not fit */
	ck_assert_uint_eq(timebase_ns_from_ticks(UINT64_MAX, VIRT_HZ), UINT64_MAX);
	ck_assert_uint_eq(timebase_ns_from_ticks(UINT64_MAX, 1000), UINT64_MAX);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("timebase");
	TCase *tc = tcase_create("convert");

	tcase_add_test(tc, test_virt_rate);
	tcase_add_test(tc, test_a_wait_is_never_shorter_than_asked);
	tcase_add_test(tc, test_other_rates);
	tcase_add_test(tc, test_saturation);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
