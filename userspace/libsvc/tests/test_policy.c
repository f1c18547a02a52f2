/*
 * Host tests of policyd's protocol as generated from idl/policy.yaml:
 * DECIDE, BIND and UNBIND decoded from good and malformed messages, the
 * DECIDE reply and its reading, and the encoders round-tripping. The wire is
 * the hand-written codec's: these are its cases. Which actions take an
 * object, and that `decide` is never asked, is libpolicy's check
 * (policy_decide_check, test_policy there), which policyd applies.
 */
#include "cairn/abi/errors.h"
#include "svc/policy.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_decide_decode)
{
	struct svc_policy_decide_request d;
	struct svc_msg m =
		raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "uart"), 0, 0x104, POLICY_LOOKUP, 0);

	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.badge, 0x104);
	ck_assert_uint_eq(d.action, POLICY_LOOKUP);
	ck_assert_str_eq(d.object.str, "uart");
	ck_assert_uint_eq(d.object.len, 4);
	/* list names no object: a lone NUL */
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_LIST, 0);
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_LIST);
	ck_assert_uint_eq(d.object.len, 0);
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "logd"), 0, 0x104, POLICY_KILL, 0);
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_KILL);
}
END_TEST

START_TEST(test_decide_decode_refuses)
{
	struct svc_policy_decide_request d = {.badge = 77};
	struct svc_msg m;
	uint32_t len = put_cstr(&buf, "uart");

	m = raw_msg(SVC_POLICY_BIND, len, 0, 0x104, POLICY_LOOKUP, 0); /* another tag */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0, POLICY_LOOKUP, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_ACTION_COUNT, 0); /* no such action */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_LOOKUP, 1); /* w[2] */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 1, 0x104, POLICY_LOOKUP, 0); /* a handle */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len - 1, 0, 0x104, POLICY_LOOKUP, 0); /* no NUL */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, 0, 0, 0x104, POLICY_LOOKUP, 0); /* no data */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "Uart"), 0, 0x104, POLICY_LOOKUP, 0);
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL); /* name rule */
	m = raw_msg(SVC_POLICY_DECIDE, SVC_NAME_WIRE_MAX + 1, 0, 0x104, POLICY_LOOKUP, 0);
	memset(buf.data, 'a', SVC_NAME_WIRE_MAX);
	buf.data[SVC_NAME_WIRE_MAX] = '\0'; /* a 32-byte name */
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), ERR_INVAL);
	ck_assert_uint_eq(d.badge, 77);
}
END_TEST

START_TEST(test_bind_decode)
{
	struct svc_policy_bind_request b;
	struct svc_policy_unbind_request u;
	struct svc_msg m = raw_msg(SVC_POLICY_BIND, put_cstr(&buf, "samgrd"), 0, 0x102, 0, 0);

	ck_assert_int_eq(svc_policy_bind_request_decode(&m, &buf, &b), 0);
	ck_assert_uint_eq(b.badge, 0x102);
	ck_assert_str_eq(b.name.str, "samgrd");
	m = raw_msg(SVC_POLICY_UNBIND, 0, 0, 0x102, 0, 0);
	ck_assert_int_eq(svc_policy_unbind_request_decode(&m, &buf, &u), 0);
	ck_assert_uint_eq(u.badge, 0x102);
}
END_TEST

START_TEST(test_bind_decode_refuses)
{
	struct svc_policy_bind_request b = {.badge = 77};
	struct svc_policy_unbind_request u = {.badge = 77};
	struct svc_msg m;
	uint32_t len = put_cstr(&buf, "samgrd");

	m = raw_msg(SVC_POLICY_BIND, len, 0, 0, 0, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_bind_request_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_BIND, len, 0, 0x102, 5, 0); /* w[1] */
	ck_assert_int_eq(svc_policy_bind_request_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_BIND, put_cstr(&buf, ""), 0, 0x102, 0, 0); /* no name */
	ck_assert_int_eq(svc_policy_bind_request_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_UNBIND, 0, 0, 0, 0, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_unbind_request_decode(&m, &buf, &u), ERR_INVAL);
	m = raw_msg(SVC_POLICY_UNBIND, 1, 0, 0x102, 0, 0); /* data */
	ck_assert_int_eq(svc_policy_unbind_request_decode(&m, &buf, &u), ERR_INVAL);
	ck_assert_uint_eq(b.badge, 77);
	ck_assert_uint_eq(u.badge, 77);
}
END_TEST

START_TEST(test_decide_reply)
{
	struct svc_policy_decide_reply r = {.verdict = SVC_POLICY_ALLOW, .rule = 3};
	struct svc_msg m;

	ck_assert_int_eq(svc_policy_decide_reply_encode(&m, &buf, &r), 0);
	ck_assert_uint_eq(m.w[1], SVC_POLICY_ALLOW);
	ck_assert_uint_eq(m.w[2], 3);
	r = (struct svc_policy_decide_reply){0};
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &buf, &r), 0);
	ck_assert_uint_eq(r.verdict, SVC_POLICY_ALLOW);
	m.w[1] = 2; /* neither verdict */
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &buf, &r), ERR_INVAL);
	svc_reply_status(&m, SVC_POLICY_DECIDE, ERR_DENIED);
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &buf, &r), ERR_DENIED);
	r = (struct svc_policy_decide_reply){.verdict = SVC_POLICY_DENY,
					     .rule = SVC_POLICY_NO_RULE};
	ck_assert_int_eq(svc_policy_decide_reply_encode(&m, &buf, &r), 0);
	ck_assert_uint_eq(m.w[2], SVC_POLICY_NO_RULE);
}
END_TEST

START_TEST(test_encoders_round_trip_and_refuse)
{
	struct svc_policy_decide_request d = {
		.badge = 0x105, .action = POLICY_LIST, .object = {.str = "", .len = 0}};
	struct svc_policy_bind_request b = {.badge = 0, .name = {.str = "logd", .len = 4}};
	struct svc_msg m;

	ck_assert_int_eq(svc_policy_decide_request_encode(&m, &buf, &d), 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 1); /* a lone NUL */
	d = (struct svc_policy_decide_request){0};
	ck_assert_int_eq(svc_policy_decide_request_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_LIST);
	m.info = 0x55;
	ck_assert_int_eq(svc_policy_bind_request_encode(&m, &buf, &b), ERR_INVAL); /* badge 0 */
	d.action = POLICY_ACTION_COUNT;
	ck_assert_int_eq(svc_policy_decide_request_encode(&m, &buf, &d), ERR_INVAL);
	ck_assert_uint_eq(m.info, 0x55);
}
END_TEST

Suite *svc_policy_suite(void)
{
	Suite *s = suite_create("svc_policy");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_decide_decode);
	tcase_add_test(tc, test_decide_decode_refuses);
	tcase_add_test(tc, test_bind_decode);
	tcase_add_test(tc, test_bind_decode_refuses);
	tcase_add_test(tc, test_decide_reply);
	tcase_add_test(tc, test_encoders_round_trip_and_refuse);
	suite_add_tcase(s, tc);
	return s;
}
