/*
 * Host tests of the restart state machine (userspace/libsupervise): READY
 * only while starting; what an end means before READY, under a shutdown and
 * by the restart policy; the backoff of quick ends in a row, the give-up
 * after them, and a stable run ending the row; a clock that goes back.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "supervise.h"

#define MS 1000000ull
#define S  1000000000ull

/* A record started at `at` and READY. */
static struct supervise_record running(uint64_t at)
{
	struct supervise_record r;

	supervise_init(&r);
	supervise_started(&r, at);
	ck_assert_int_eq(supervise_ready(&r), 0);
	return r;
}

START_TEST(test_ready_only_while_starting)
{
	struct supervise_record r;

	supervise_init(&r);
	ck_assert_uint_eq(r.state, SUPERVISOR_WAITING);
	ck_assert_int_eq(supervise_ready(&r), ERR_BUSY);
	supervise_started(&r, 5);
	ck_assert_uint_eq(r.state, SUPERVISOR_STARTING);
	ck_assert_uint_eq(r.restarts, 0);
	ck_assert_int_eq(supervise_ready(&r), 0);
	ck_assert_uint_eq(r.state, SUPERVISOR_RUNNING);
	ck_assert_int_eq(supervise_ready(&r), ERR_BUSY); /* said twice */
	ck_assert_uint_eq(r.state, SUPERVISOR_RUNNING);
}
END_TEST

START_TEST(test_an_end_before_ready_is_not_retried)
{
	struct supervise_record r;

	supervise_init(&r);
	supervise_started(&r, 0);
	ck_assert_uint_eq(supervise_ended(&r, 1, true, false, 10 * MS), SUPERVISOR_KEEP_DOWN);
	ck_assert_uint_eq(r.state, SUPERVISOR_FAILED);
	ck_assert_uint_eq(r.why, SUPERVISE_NEVER_READY);
	ck_assert_int_eq(r.last_status, 1);
	ck_assert(!supervise_restart_due(&r, 100 * S));
}
END_TEST

START_TEST(test_policy_and_shutdown_keep_it_down)
{
	struct supervise_record r = running(0);

	ck_assert_uint_eq(supervise_ended(&r, 0, false, false, 20 * S), SUPERVISOR_KEEP_DOWN);
	ck_assert_uint_eq(r.state, SUPERVISOR_ENDED);
	ck_assert_uint_eq(r.why, SUPERVISE_POLICY);
	r = running(0);
	ck_assert_uint_eq(supervise_ended(&r, 0, true, true, 20 * S), SUPERVISOR_KEEP_DOWN);
	ck_assert_uint_eq(r.why, SUPERVISE_STOPPING);
	ck_assert(!supervise_restart_due(&r, 100 * S));
}
END_TEST

START_TEST(test_quick_ends_back_off_then_give_up)
{
	static const uint64_t waits[] = {0, 100 * MS, 200 * MS, 400 * MS, 800 * MS};
	struct supervise_record r = running(0);
	uint64_t now = 0;

	for (unsigned k = 0; k < sizeof(waits) / sizeof(waits[0]); k++) {
		now += 50 * MS; /* each instance ends 50 ms after it started */
		ck_assert_uint_eq(supervise_ended(&r, 0x100, true, false, now), SUPERVISOR_RESTART);
		ck_assert_uint_eq(r.state, SUPERVISOR_WAITING);
		ck_assert_uint_eq(r.quick_ends, k + 1);
		ck_assert_uint_eq(r.due_ns, now + waits[k]);
		if (waits[k] > 0)
			ck_assert(!supervise_restart_due(&r, now + waits[k] - 1));
		ck_assert(supervise_restart_due(&r, now + waits[k]));
		now += waits[k];
		supervise_started(&r, now);
		ck_assert_uint_eq(r.restarts, k + 1);
		ck_assert_int_eq(supervise_ready(&r), 0);
	}
	now += 50 * MS;
	ck_assert_uint_eq(supervise_ended(&r, 0x100, true, false, now), SUPERVISOR_GIVE_UP);
	ck_assert_uint_eq(r.state, SUPERVISOR_FAILED);
	ck_assert_uint_eq(r.why, SUPERVISE_CRASH_LOOP);
	ck_assert_uint_eq(r.last_action, SUPERVISOR_GIVE_UP);
	ck_assert(!supervise_restart_due(&r, now + 100 * S));
	ck_assert_str_eq(supervise_why_text(r.why),
			 "ended 6 times in a row within 10 s of starting");
}
END_TEST

START_TEST(test_a_stable_run_ends_the_row)
{
	struct supervise_record r = running(0);

	for (unsigned k = 0; k < SUPERVISE_QUICK_ENDS_MAX; k++) {
		ck_assert_uint_eq(supervise_ended(&r, 0, true, false, r.started_ns + 1 * MS),
				  SUPERVISOR_RESTART);
		supervise_started(&r, r.due_ns);
		(void)supervise_ready(&r);
	}
	ck_assert_uint_eq(r.quick_ends, SUPERVISE_QUICK_ENDS_MAX);
	/* this one ran 10 s: a restart at once, and the row starts again */
	ck_assert_uint_eq(supervise_ended(&r, 0, true, false, r.started_ns + SUPERVISE_STABLE_NS),
			  SUPERVISOR_RESTART);
	ck_assert_uint_eq(r.quick_ends, 0);
	ck_assert_uint_eq(r.due_ns, r.started_ns + SUPERVISE_STABLE_NS);
}
END_TEST

START_TEST(test_a_clock_going_back_is_a_quick_end)
{
	struct supervise_record r = running(50 * S);

	ck_assert_uint_eq(supervise_ended(&r, 0, true, false, 1 * S), SUPERVISOR_RESTART);
	ck_assert_uint_eq(r.quick_ends, 1);
	ck_assert_uint_eq(r.due_ns, 1 * S);
}
END_TEST

START_TEST(test_backoff_is_capped)
{
	ck_assert_uint_eq(supervise_backoff_ns(0), 0);
	ck_assert_uint_eq(supervise_backoff_ns(1), 0);
	ck_assert_uint_eq(supervise_backoff_ns(2), SUPERVISE_BACKOFF_FIRST_NS);
	ck_assert_uint_eq(supervise_backoff_ns(7), 3200 * MS);
	ck_assert_uint_eq(supervise_backoff_ns(8), SUPERVISE_BACKOFF_MAX_NS);
	ck_assert_uint_eq(supervise_backoff_ns(UINT32_MAX), SUPERVISE_BACKOFF_MAX_NS);
}
END_TEST

START_TEST(test_a_failed_spawn_is_down_for_good)
{
	struct supervise_record r = running(0);

	(void)supervise_ended(&r, 0, true, false, 5 * S);
	supervise_spawn_failed(&r);
	ck_assert_uint_eq(r.state, SUPERVISOR_FAILED);
	ck_assert_uint_eq(r.why, SUPERVISE_SPAWN_FAILED);
	ck_assert(!supervise_restart_due(&r, 100 * S));
	ck_assert_str_eq(supervise_why_text(SUPERVISE_WHYS), "unknown");
}
END_TEST

START_TEST(test_state_names)
{
	ck_assert_str_eq(supervisor_state_name(SUPERVISOR_WAITING), "waiting");
	ck_assert_str_eq(supervisor_state_name(SUPERVISOR_RUNNING), "running");
	ck_assert_str_eq(supervisor_state_name(SUPERVISOR_FAILED), "failed");
	ck_assert_ptr_null(supervisor_state_name(SUPERVISOR_STATE_COUNT));
}
END_TEST

/* The crash line for status with the given action; must fit. */
static void crash_line(long status, uint32_t action, const char *want)
{
	struct supervisor_crash c = {
		.name = "logd", .status = status, .restarts = 3, .action = action};
	char line[SUPERVISOR_CRASH_MAX + 1];
	size_t len = 0;

	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), 0);
	ck_assert_str_eq(line, want);
	ck_assert_uint_eq(len, strlen(want));
}

START_TEST(test_crash_lines)
{
	crash_line(0, SUPERVISOR_KEEP_DOWN,
		   "service logd ended status=exit:0 restarts=3 action=keep-down");
	crash_line(255, SUPERVISOR_RESTART,
		   "service logd ended status=exit:255 restarts=3 action=restart");
	crash_line(CAIRN_EXIT_KILLED, SUPERVISOR_RESTART,
		   "service logd ended status=killed restarts=3 action=restart");
	crash_line(CAIRN_EXIT_FAULT | 15, SUPERVISOR_RESTART,
		   "service logd ended status=fault:15 restarts=3 action=restart");
	crash_line(CAIRN_EXIT_FAULT | 63, SUPERVISOR_RESTART,
		   "service logd ended status=fault:63 restarts=3 action=restart");
	crash_line(CAIRN_EXIT_FAULT + 64, SUPERVISOR_RESTART,
		   "service logd ended status=other:576 restarts=3 action=restart");
	crash_line(ERR_BADHANDLE, SUPERVISOR_KEEP_DOWN,
		   "service logd ended status=error:-12 restarts=3 action=keep-down");
	crash_line(CAIRN_EXIT_KILLED, SUPERVISOR_GIVE_UP,
		   "service logd ended status=killed restarts=3 action=give-up");
}
END_TEST

START_TEST(test_crash_line_bounds)
{
	char name[SVCNAME_MAX + 1];
	struct supervisor_crash c = {
		.name = name, .status = INT64_MIN, .restarts = UINT32_MAX, .action = 0};
	char line[SUPERVISOR_CRASH_MAX + 1];
	size_t len = 0;

	memset(name, 'x', SVCNAME_MAX);
	name[SVCNAME_MAX] = '\0';
	/* The longest line fills the bound exactly; one byte less does not fit. */
	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), 0);
	ck_assert_uint_eq(len, SUPERVISOR_CRASH_MAX);
	memset(line, '#', sizeof(line));
	ck_assert_int_eq(supervisor_crash_format(&c, line, SUPERVISOR_CRASH_MAX, &len), ERR_NOSPC);
	ck_assert_int_eq(line[0], '#'); /* untouched */
	c.action = 3;
	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), ERR_INVAL);
	c = (struct supervisor_crash){.name = "Bad"};
	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), ERR_INVAL);
	c.name = NULL;
	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), ERR_INVAL);
	name[SVCNAME_MAX] = 'x'; /* no NUL within the bound */
	c.name = name;
	ck_assert_int_eq(supervisor_crash_format(&c, line, sizeof(line), &len), ERR_INVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("supervise");
	TCase *tc = tcase_create("restarts");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_ready_only_while_starting);
	tcase_add_test(tc, test_an_end_before_ready_is_not_retried);
	tcase_add_test(tc, test_policy_and_shutdown_keep_it_down);
	tcase_add_test(tc, test_quick_ends_back_off_then_give_up);
	tcase_add_test(tc, test_a_stable_run_ends_the_row);
	tcase_add_test(tc, test_a_clock_going_back_is_a_quick_end);
	tcase_add_test(tc, test_backoff_is_capped);
	tcase_add_test(tc, test_a_failed_spawn_is_down_for_good);
	tcase_add_test(tc, test_state_names);
	tcase_add_test(tc, test_crash_lines);
	tcase_add_test(tc, test_crash_line_bounds);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
