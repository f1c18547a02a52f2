/*
 * Host tests of the benchmark's arithmetic: rounding of the per-operation
 * cost, a counter that wraps inside a batch, and the median of odd, even,
 * unsorted and repeated batch figures.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "bench_stats.h"

START_TEST(test_per_op_rounds_to_nearest)
{
	ck_assert_uint_eq(bench_per_op(1000, 1000 + 25049, 100), 250);
	ck_assert_uint_eq(bench_per_op(1000, 1000 + 25050, 100), 251);
	ck_assert_uint_eq(bench_per_op(0, 7, 1), 7);
	ck_assert_uint_eq(bench_per_op(5, 5, 100), 0);
}
END_TEST

START_TEST(test_per_op_across_a_wrap)
{
	ck_assert_uint_eq(bench_per_op(UINT64_MAX - 99, 200, 3), 100);
}
END_TEST

START_TEST(test_median_odd_unsorted)
{
	uint64_t v[] = {9, 1, 5, 7, 3};

	ck_assert_uint_eq(bench_median(v, 5), 5);
	for (size_t i = 1; i < 5; i++)
		ck_assert_uint_le(v[i - 1], v[i]);
}
END_TEST

START_TEST(test_median_even_takes_lower_middle)
{
	uint64_t v[] = {40, 10, 30, 20};

	ck_assert_uint_eq(bench_median(v, 4), 20);
}
END_TEST

START_TEST(test_median_ignores_outliers)
{
	/* One batch hit by a timer interrupt does not move the median. */
	uint64_t v[] = {250, 250, 9000, 251, 250};

	ck_assert_uint_eq(bench_median(v, 5), 250);
}
END_TEST

START_TEST(test_median_of_one)
{
	uint64_t v[] = {42};

	ck_assert_uint_eq(bench_median(v, 1), 42);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bench_stats");
	TCase *tc = tcase_create("bench_stats");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_per_op_rounds_to_nearest);
	tcase_add_test(tc, test_per_op_across_a_wrap);
	tcase_add_test(tc, test_median_odd_unsorted);
	tcase_add_test(tc, test_median_even_takes_lower_middle);
	tcase_add_test(tc, test_median_ignores_outliers);
	tcase_add_test(tc, test_median_of_one);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
