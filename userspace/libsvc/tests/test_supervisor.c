/*
 * Host tests of init's supervisor protocol as generated from
 * idl/supervisor.yaml: the requests and the LIST reply on the wire as the
 * hand-written codec laid them out (the state in bits 0..7 of w[1], the
 * restarts in bits 32..63, the bits between refused), and KILL's name.
 */
#include "cairn/abi/errors.h"
#include "svc/supervisor.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_requests)
{
	struct svc_supervisor_list_request l;
	struct svc_supervisor_kill_request k;
	struct svc_supervisor_ready_request r;
	struct svc_msg m = raw_msg(SVC_SUPERVISOR_LIST, 0, 0, 3, 0, 0);

	ck_assert_int_eq(svc_supervisor_list_request_decode(&m, &buf, &l), 0);
	ck_assert_uint_eq(l.index, 3);
	m = raw_msg(SVC_SUPERVISOR_LIST, 0, 0, 1ull << 32, 0, 0); /* an index over 32 bits */
	ck_assert_int_eq(svc_supervisor_list_request_decode(&m, &buf, &l), ERR_INVAL);
	m = raw_msg(SVC_SUPERVISOR_KILL, put_cstr(&buf, "logd"), 0, 0, 0, 0);
	ck_assert_int_eq(svc_supervisor_kill_request_decode(&m, &buf, &k), 0);
	ck_assert_str_eq(k.name.str, "logd");
	m = raw_msg(SVC_SUPERVISOR_KILL, put_cstr(&buf, ""), 0, 0, 0, 0); /* no name */
	ck_assert_int_eq(svc_supervisor_kill_request_decode(&m, &buf, &k), ERR_INVAL);
	m = raw_msg(SVC_SUPERVISOR_READY, 0, 0, 0, 0, 0);
	ck_assert_int_eq(svc_supervisor_ready_request_decode(&m, &buf, &r), 0);
	m = raw_msg(SVC_SUPERVISOR_READY, 0, 0, 0, 1, 0); /* a word */
	ck_assert_int_eq(svc_supervisor_ready_request_decode(&m, &buf, &r), ERR_INVAL);
}
END_TEST

START_TEST(test_list_reply)
{
	struct svc_supervisor_list_reply e = {
		.state = SUPERVISOR_RUNNING, .restarts = 7, .pid = 0x42, .name = {"logd", 4}};
	struct svc_msg m;

	ck_assert_int_eq(svc_supervisor_list_reply_encode(&m, &buf, &e), 0);
	ck_assert_uint_eq(m.w[1], SUPERVISOR_RUNNING | (7ull << 32));
	ck_assert_uint_eq(m.w[2], 0x42);
	e = (struct svc_supervisor_list_reply){0};
	ck_assert_int_eq(svc_supervisor_list_reply_decode(&m, &buf, &e), 0);
	ck_assert_uint_eq(e.state, SUPERVISOR_RUNNING);
	ck_assert_uint_eq(e.restarts, 7);
	ck_assert_str_eq(e.name.str, "logd");
	m.w[1] |= 1ull << 8; /* a bit between the state and the restarts */
	ck_assert_int_eq(svc_supervisor_list_reply_decode(&m, &buf, &e), ERR_INVAL);
	m.w[1] = SUPERVISOR_STATE_COUNT; /* no such state */
	ck_assert_int_eq(svc_supervisor_list_reply_decode(&m, &buf, &e), ERR_INVAL);
	e = (struct svc_supervisor_list_reply){.state = SUPERVISOR_STATE_COUNT,
					       .name = {"logd", 4}};
	ck_assert_int_eq(svc_supervisor_list_reply_encode(&m, &buf, &e), ERR_INVAL);
}
END_TEST

Suite *svc_supervisor_suite(void)
{
	Suite *s = suite_create("svc_supervisor");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_requests);
	tcase_add_test(tc, test_list_reply);
	suite_add_tcase(s, tc);
	return s;
}
