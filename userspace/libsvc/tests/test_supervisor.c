/*
 * Host tests of svc/supervisor.h: each request decoded from what its
 * encoder sends and refused when its layout is broken, the LIST reply both
 * ways (state, restarts, object id, name), the state names, and the crash
 * line for every kind of status and its bounds.
 */
#include <stdio.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "svc/supervisor.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

/* Decodes m, which must succeed; the badge raw_msg stamps is 0x105. */
static struct supervisor_request decode_ok(const struct svc_msg *m)
{
	struct supervisor_request req;

	memset(&req, 0x5a, sizeof(req));
	ck_assert_int_eq(supervisor_request_decode(m, &buf, &req), 0);
	return req;
}

static void decode_fails(const struct svc_msg *m, int code)
{
	struct supervisor_request req;
	struct supervisor_request before;

	memset(&req, 0x5a, sizeof(req));
	before = req;
	ck_assert_int_eq(supervisor_request_decode(m, &buf, &req), code);
	ck_assert_mem_eq(&req, &before, sizeof(req)); /* untouched on failure */
}

START_TEST(test_requests_round_trip)
{
	struct svc_msg m;
	struct supervisor_request req;

	supervisor_ready_encode(&m);
	m.badge = 0x103;
	req = decode_ok(&m);
	ck_assert_uint_eq(req.tag, SUPERVISOR_READY);
	ck_assert_uint_eq(req.badge, 0x103);
	ck_assert_uint_eq(req.index, 0);
	ck_assert_uint_eq(req.name.len, 0);

	supervisor_list_encode(&m, 4);
	req = decode_ok(&m);
	ck_assert_uint_eq(req.tag, SUPERVISOR_LIST);
	ck_assert_uint_eq(req.index, 4);

	ck_assert_int_eq(supervisor_kill_encode(&m, &buf, "logd", 4), 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 5);
	req = decode_ok(&m);
	ck_assert_uint_eq(req.tag, SUPERVISOR_KILL);
	ck_assert_str_eq(req.name.str, "logd");
	ck_assert_uint_eq(req.name.len, 4);

	supervisor_shutdown_encode(&m);
	ck_assert_uint_eq(decode_ok(&m).tag, SUPERVISOR_SHUTDOWN);
}
END_TEST

START_TEST(test_requests_refused)
{
	struct svc_msg m;

	m = raw_msg(0x0101, 0, 0, 0, 0, 0); /* logd's WRITE on the wrong endpoint */
	decode_fails(&m, ERR_NOTSUP);
	m = raw_msg(SUPERVISOR_PROBE, 0, 0, 0, 0, 0); /* a probe's report is no request */
	decode_fails(&m, ERR_NOTSUP);
	m = raw_msg(SUPERVISOR_READY, 0, 0, 1, 0, 0); /* a word set */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_READY, 0, 1, 0, 0, 0); /* a handle */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_SHUTDOWN, 1, 0, 0, 0, 0); /* data */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_LIST, 0, 0, 0, 1, 0); /* w[1] set */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_LIST, 0, 0, (uint64_t)UINT32_MAX + 1, 0, 0); /* index too big */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_LIST, 0, 0, UINT32_MAX, 0, 0);
	ck_assert_uint_eq(decode_ok(&m).index, UINT32_MAX);
}
END_TEST

START_TEST(test_kill_name_refused)
{
	struct svc_msg m;

	m = raw_msg(SUPERVISOR_KILL, put_cstr(&buf, "Logd"), 0, 0, 0, 0); /* the name rule */
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_KILL, 1, 0, 0, 0, 0); /* no name */
	buf.data[0] = '\0';
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_KILL, 4, 0, 0, 0, 0); /* no NUL at the end */
	memcpy(buf.data, "logd", 4);
	decode_fails(&m, ERR_INVAL);
	m = raw_msg(SUPERVISOR_KILL, put_cstr(&buf, "logd"), 0, 0, 0, 1); /* a word set */
	decode_fails(&m, ERR_INVAL);
	ck_assert_int_eq(supervisor_kill_encode(&m, &buf, "", 0), ERR_INVAL);
	ck_assert_int_eq(supervisor_kill_encode(&m, &buf, "a b", 3), ERR_INVAL);
}
END_TEST

START_TEST(test_list_reply_round_trip)
{
	struct supervisor_entry e = {.name = {.str = "samgrd", .len = 6},
				     .state = SUPERVISOR_RUNNING,
				     .restarts = 0xfffffffeu,
				     .pid = 0x1234567890ull};
	struct supervisor_entry got;
	struct svc_msg m;

	ck_assert_int_eq(supervisor_list_reply(&m, &buf, &e), 0);
	ck_assert_uint_eq(m.w[0], 0);
	ck_assert_uint_eq(m.w[1], ((uint64_t)0xfffffffeu << 32) | SUPERVISOR_RUNNING);
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), 0);
	ck_assert_str_eq(got.name.str, "samgrd");
	ck_assert_uint_eq(got.name.len, 6);
	ck_assert_uint_eq(got.state, SUPERVISOR_RUNNING);
	ck_assert_uint_eq(got.restarts, 0xfffffffeu);
	ck_assert_uint_eq(got.pid, 0x1234567890ull);
}
END_TEST

START_TEST(test_list_reply_refused)
{
	struct supervisor_entry e = {.name = {.str = "logd", .len = 4}, .state = SUPERVISOR_STATES};
	struct supervisor_entry got = {.restarts = 77};
	struct svc_msg m;

	ck_assert_int_eq(supervisor_list_reply(&m, &buf, &e), ERR_INVAL);
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_INVAL);
	e = (struct supervisor_entry){.name = {.str = "Logd", .len = 4}};
	ck_assert_int_eq(supervisor_list_reply(&m, &buf, &e), ERR_INVAL);

	svc_reply_status(&m, SUPERVISOR_LIST, ERR_NOTFOUND); /* past the last service */
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_NOTFOUND);
	e = (struct supervisor_entry){.name = {.str = "logd", .len = 4}};
	ck_assert_int_eq(supervisor_list_reply(&m, &buf, &e), 0);
	m.w[1] |= SUPERVISOR_STATES; /* an unknown state */
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_INVAL);
	m.w[1] = 1u << 8; /* a reserved bit */
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_INVAL);
	m.w[1] = 0;
	m.info = cairn_ipc_info(SUPERVISOR_LIST, 5, 1); /* a handle */
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_INVAL);
	m.info = cairn_ipc_info(SUPERVISOR_KILL, 5, 0); /* another tag */
	ck_assert_int_eq(supervisor_list_reply_decode(&m, &buf, &got), ERR_INVAL);
	ck_assert_uint_eq(got.restarts, 77); /* untouched on failure */
}
END_TEST

Suite *svc_supervisor_suite(void)
{
	Suite *s = suite_create("supervisor");
	TCase *wire = tcase_create("wire");

	tcase_add_test(wire, test_requests_round_trip);
	tcase_add_test(wire, test_requests_refused);
	tcase_add_test(wire, test_kill_name_refused);
	tcase_add_test(wire, test_list_reply_round_trip);
	tcase_add_test(wire, test_list_reply_refused);
	suite_add_tcase(s, wire);
	return s;
}
