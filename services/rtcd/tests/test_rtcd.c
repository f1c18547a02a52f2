/*
 * Host test of rtcd's handlers through the generated dispatch, over a model
 * of the clock's two time registers: NOW answers what the clock reads, read
 * afresh each time, and ERR_RANGE for a clock never set.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../handlers.h"
#include "cairn/abi/errors.h"

static struct cairn_ipc_buffer buf;
static struct rtcd_state state;
static uint64_t clock_ns;     /* what the model's counter holds */
static uint32_t latched_high; /* the high word its last TIME_LOW read latched */

static uint32_t model_read32(void *ctx, uint32_t reg)
{
	(void)ctx;
	if (reg == RTC_GOLDFISH_TIME_LOW) {
		latched_high = (uint32_t)(clock_ns >> 32);
		return (uint32_t)clock_ns;
	}
	ck_assert_uint_eq(reg, RTC_GOLDFISH_TIME_HIGH);
	return latched_high;
}

static void setup(void)
{
	state = (struct rtcd_state){.io = {.read32 = model_read32}};
}

/* NOW's reply status; *ret_ns its time when 0. A handler must have run for it. */
static int now(uint64_t *ret_ns)
{
	uint64_t before = state.requests;
	struct svc_exchange x = {.in = {.info = SVC_RTC_NOW, .badge = 0x105}, .buf = &buf};
	struct svc_rtc_now_reply rep = {0};
	int status;

	svc_rtc_dispatch(&rtcd_handlers, &state, &x);
	ck_assert_uint_eq(state.requests, before + 1); /* decoded, and the handler ran */
	status = svc_reply_check(&x.out, SVC_RTC_NOW);
	if (status == 0) {
		ck_assert_int_eq(svc_rtc_now_reply_decode(&x.out, &buf, &rep), 0);
		*ret_ns = rep.ns;
	}
	return status;
}

START_TEST(test_now_reads_the_clock_each_time)
{
	uint64_t ns = 0;

	clock_ns = 1796389509ull * RTC_NS_PER_S + 123; /* 2026-12-04 13:05:09 UTC */
	ck_assert_int_eq(now(&ns), 0);
	ck_assert_uint_eq(ns, clock_ns);
	clock_ns += 1500000000ull;
	ck_assert_int_eq(now(&ns), 0);
	ck_assert_uint_eq(ns, clock_ns);
	ck_assert_uint_eq(state.unset, 0);
}
END_TEST

START_TEST(test_now_refuses_a_clock_never_set)
{
	uint64_t ns = 7;

	clock_ns = 5ull * RTC_NS_PER_S; /* 1970: a clock nobody set */
	ck_assert_int_eq(now(&ns), ERR_RANGE);
	clock_ns = RTC_SET_FROM_NS - 1;
	ck_assert_int_eq(now(&ns), ERR_RANGE);
	ck_assert_uint_eq(ns, 7);
	ck_assert_uint_eq(state.unset, 2);
	clock_ns = RTC_SET_FROM_NS; /* set now: answered */
	ck_assert_int_eq(now(&ns), 0);
	ck_assert_uint_eq(ns, RTC_SET_FROM_NS);
}
END_TEST

START_TEST(test_a_malformed_now_reaches_no_handler)
{
	struct svc_exchange x = {.in = {.info = SVC_RTC_NOW, .w = {0, 1, 0}, .badge = 0x105},
				 .buf = &buf};

	svc_rtc_dispatch(&rtcd_handlers, &state, &x); /* a word NOW does not have */
	ck_assert_int_eq(svc_reply_check(&x.out, SVC_RTC_NOW), ERR_INVAL);
	ck_assert_uint_eq(state.requests, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rtcd");
	TCase *tc = tcase_create("dispatch");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_now_reads_the_clock_each_time);
	tcase_add_test(tc, test_now_refuses_a_clock_never_set);
	tcase_add_test(tc, test_a_malformed_now_reaches_no_handler);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
