/*
 * Host tests of svc/policy.h: DECIDE, BIND and UNBIND decoded from good and
 * malformed messages, the DECIDE reply and its reading, and the encoders
 * round-tripping through the decoders.
 */
#include "cairn/abi/errors.h"
#include "svc/policy.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_decide_decode)
{
	struct svc_policy_decide d;
	struct svc_msg m =
		raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "uart"), 0, 0x104, POLICY_LOOKUP, 0);

	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.badge, 0x104);
	ck_assert_uint_eq(d.action, POLICY_LOOKUP);
	ck_assert_str_eq(d.object.str, "uart");
	ck_assert_uint_eq(d.object.len, 4);
	/* list names no object: a lone NUL */
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_LIST, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_LIST);
	ck_assert_uint_eq(d.object.len, 0);
	/* the supervisor's actions: kill names a service, shutdown names nothing */
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "logd"), 0, 0x104, POLICY_KILL, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_KILL);
	ck_assert_str_eq(d.object.str, "logd");
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_SHUTDOWN, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.action, POLICY_SHUTDOWN);
	ck_assert_uint_eq(d.object.len, 0);
}
END_TEST

START_TEST(test_decide_decode_refuses)
{
	struct svc_policy_decide d = {.badge = 77};
	struct svc_msg m;
	uint32_t len = put_cstr(&buf, "uart");

	m = raw_msg(SVC_POLICY_BIND, len, 0, 0x104, POLICY_LOOKUP, 0); /* another tag */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0, POLICY_LOOKUP, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_ACTIONS, 0); /* no such action */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	/* decide is policyd's question about its caller, never asked over the wire */
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_DECIDE, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_DECIDE, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	len = put_cstr(&buf, "uart");
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_LOOKUP, 1); /* w[2] */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 1, 0x104, POLICY_LOOKUP, 0); /* a handle */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len - 1, 0, 0x104, POLICY_LOOKUP, 0); /* no NUL */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, 0, 0, 0x104, POLICY_LOOKUP, 0); /* no data */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_LIST, 0); /* list with a name */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x104, POLICY_SHUTDOWN,
		    0); /* shutdown with a name */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_KILL, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL); /* kill, no name */
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, ""), 0, 0x104, POLICY_LOOKUP, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL); /* lookup, no name */
	m = raw_msg(SVC_POLICY_DECIDE, put_cstr(&buf, "Uart"), 0, 0x104, POLICY_LOOKUP, 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL); /* name rule */
	m = raw_msg(SVC_POLICY_DECIDE, SVC_NAME_WIRE_MAX + 1, 0, 0x104, POLICY_LOOKUP, 0);
	memset(buf.data, 'a', SVC_NAME_WIRE_MAX);
	buf.data[SVC_NAME_WIRE_MAX] = '\0'; /* a 32-byte name */
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), ERR_INVAL);
	ck_assert_uint_eq(d.badge, 77);
}
END_TEST

START_TEST(test_bind_decode)
{
	struct svc_policy_bind b;
	struct svc_msg m = raw_msg(SVC_POLICY_BIND, put_cstr(&buf, "samgrd"), 0, 0x102, 0, 0);
	uint64_t badge = 0;

	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), 0);
	ck_assert_uint_eq(b.badge, 0x102);
	ck_assert_str_eq(b.name.str, "samgrd");
	m = raw_msg(SVC_POLICY_UNBIND, 0, 0, 0x102, 0, 0);
	ck_assert_int_eq(svc_policy_unbind_decode(&m, &badge), 0);
	ck_assert_uint_eq(badge, 0x102);
}
END_TEST

START_TEST(test_bind_decode_refuses)
{
	struct svc_policy_bind b = {.badge = 77};
	uint64_t badge = 77;
	struct svc_msg m;
	uint32_t len = put_cstr(&buf, "samgrd");

	m = raw_msg(SVC_POLICY_BIND, len, 0, 0, 0, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_BIND, len, 0, 0x102, 5, 0); /* w[1] */
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_BIND, put_cstr(&buf, ""), 0, 0x102, 0, 0); /* empty name */
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_BIND, 4, 0, 0x102, 0, 0);
	memcpy(buf.data, "ab\0c", 4); /* a NUL inside */
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), ERR_INVAL);
	m = raw_msg(SVC_POLICY_DECIDE, len, 0, 0x102, 0, 0);
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), ERR_INVAL);
	ck_assert_uint_eq(b.badge, 77);
	m = raw_msg(SVC_POLICY_UNBIND, 0, 0, 0, 0, 0); /* badge 0 */
	ck_assert_int_eq(svc_policy_unbind_decode(&m, &badge), ERR_INVAL);
	m = raw_msg(SVC_POLICY_UNBIND, 1, 0, 0x102, 0, 0); /* data */
	ck_assert_int_eq(svc_policy_unbind_decode(&m, &badge), ERR_INVAL);
	m = raw_msg(SVC_POLICY_UNBIND, 0, 0, 0x102, 0, 3); /* w[2] */
	ck_assert_int_eq(svc_policy_unbind_decode(&m, &badge), ERR_INVAL);
	ck_assert_uint_eq(badge, 77);
}
END_TEST

START_TEST(test_decide_reply)
{
	struct svc_msg m;
	bool allow = false;

	svc_policy_decide_reply(&m, true, 2);
	ck_assert_uint_eq(m.w[2], 2);
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), 0);
	ck_assert(allow);
	svc_policy_decide_reply(&m, false, -1); /* no rule allowed */
	ck_assert_uint_eq(m.w[2], SVC_POLICY_NO_RULE);
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), 0);
	ck_assert(!allow);
}
END_TEST

START_TEST(test_decide_reply_decode_refuses)
{
	struct svc_msg m;
	bool allow = true;

	svc_reply_status(&m, SVC_POLICY_DECIDE, ERR_DENIED);
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), ERR_DENIED);
	svc_policy_decide_reply(&m, false, 0);
	m.w[1] = 2; /* neither verdict */
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), ERR_INVAL);
	svc_policy_decide_reply(&m, false, 0);
	m.info = cairn_ipc_info(SVC_POLICY_DECIDE, 1, 0); /* data */
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), ERR_INVAL);
	svc_policy_decide_reply(&m, false, 0);
	m.info = cairn_ipc_info(SVC_POLICY_BIND, 0, 0);
	ck_assert_int_eq(svc_policy_decide_reply_decode(&m, &allow), ERR_INVAL);
	ck_assert(allow);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_policy_decide d;
	struct svc_policy_bind b;
	uint64_t badge = 0;

	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 0x103, POLICY_UNREGISTER, "log", 3), 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.badge, 0x103);
	ck_assert_uint_eq(d.action, POLICY_UNREGISTER);
	ck_assert_str_eq(d.object.str, "log");
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 0x103, POLICY_LIST, NULL, 0), 0);
	ck_assert_int_eq(svc_policy_decide_decode(&m, &buf, &d), 0);
	ck_assert_uint_eq(d.object.len, 0);
	ck_assert_int_eq(svc_policy_bind_encode(&m, &buf, 0x106, "shell", 5), 0);
	ck_assert_int_eq(svc_policy_bind_decode(&m, &buf, &b), 0);
	ck_assert_str_eq(b.name.str, "shell");
	ck_assert_int_eq(svc_policy_unbind_encode(&m, 0x106), 0);
	ck_assert_int_eq(svc_policy_unbind_decode(&m, &badge), 0);
	ck_assert_uint_eq(badge, 0x106);
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x55};

	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 0, POLICY_LOOKUP, "log", 3), ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_ACTIONS, "log", 3),
			 ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_DECIDE, "log", 3), ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_DECIDE, NULL, 0), ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_LIST, "log", 3), ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_LOOKUP, "", 0), ERR_INVAL);
	ck_assert_int_eq(svc_policy_decide_encode(&m, &buf, 2, POLICY_LOOKUP, "L", 1), ERR_INVAL);
	ck_assert_int_eq(svc_policy_bind_encode(&m, &buf, 0, "shell", 5), ERR_INVAL);
	ck_assert_int_eq(svc_policy_bind_encode(&m, &buf, 2, "", 0), ERR_INVAL);
	ck_assert_int_eq(svc_policy_unbind_encode(&m, 0), ERR_INVAL);
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
	tcase_add_test(tc, test_decide_reply_decode_refuses);
	tcase_add_test(tc, test_encoders_round_trip);
	tcase_add_test(tc, test_encoders_refuse);
	suite_add_tcase(s, tc);
	return s;
}
