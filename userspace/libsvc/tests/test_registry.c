/*
 * Host tests of samgrd's protocol as generated from idl/registry.yaml:
 * REGISTER, LOOKUP and LIST decoded from good and malformed messages, their
 * replies, and the encoders. The wire is the hand-written codec's: these
 * are its cases (a REGISTER's handle must arrive with every right samgrd
 * needs; a LIST from the first name has no data at all; a LIST reply's
 * names are valid and in order).
 */
#include "cairn/abi/errors.h"
#include "svc/registry.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

static struct svc_msg register_msg(const char *name, uint32_t rights)
{
	buf.handles[0] = (struct cairn_ipc_handle){.handle = 0x31, .rights = rights};
	return raw_msg(SVC_REGISTRY_REGISTER, put_cstr(&buf, name), 1, 0, 0, 0);
}

START_TEST(test_register_decode)
{
	struct svc_registry_register_request r;
	struct svc_msg m = register_msg("log", SVC_REGISTRY_GIVE_RIGHTS | RIGHT_RECV);

	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), 0);
	ck_assert_str_eq(r.name.str, "log");
	ck_assert_uint_eq(r.endpoint, 0x31);
}
END_TEST

START_TEST(test_register_decode_refuses)
{
	struct svc_registry_register_request r = {.endpoint = 77};
	struct svc_msg m;

	m = register_msg("log", SVC_REGISTRY_GIVE_RIGHTS & ~RIGHT_MINT); /* cannot mint */
	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), ERR_INVAL);
	m = register_msg("log", SVC_REGISTRY_GIVE_RIGHTS);
	m.info = cairn_ipc_info(SVC_REGISTRY_REGISTER, cairn_ipc_len(m.info), 0); /* no handle */
	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), ERR_INVAL);
	m = register_msg("", SVC_REGISTRY_GIVE_RIGHTS); /* no name */
	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), ERR_INVAL);
	m = register_msg("Log", SVC_REGISTRY_GIVE_RIGHTS); /* the name rule */
	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), ERR_INVAL);
	m = register_msg("log", SVC_REGISTRY_GIVE_RIGHTS);
	m.w[0] = 1; /* an unused word */
	ck_assert_int_eq(svc_registry_register_request_decode(&m, &buf, &r), ERR_INVAL);
	ck_assert_uint_eq(r.endpoint, 77);
}
END_TEST

START_TEST(test_lookup_and_list_decode)
{
	struct svc_registry_lookup_request l;
	struct svc_registry_list_request a = {.after = {.len = 9}};
	struct svc_msg m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, "uart"), 0, 0, 0, 0);

	ck_assert_int_eq(svc_registry_lookup_request_decode(&m, &buf, &l), 0);
	ck_assert_str_eq(l.name.str, "uart");
	m = raw_msg(SVC_REGISTRY_LIST, 0, 0, 0, 0, 0); /* from the first name: no data */
	ck_assert_int_eq(svc_registry_list_request_decode(&m, &buf, &a), 0);
	ck_assert_uint_eq(a.after.len, 0);
	m = raw_msg(SVC_REGISTRY_LIST, put_cstr(&buf, "log"), 0, 0, 0, 0);
	ck_assert_int_eq(svc_registry_list_request_decode(&m, &buf, &a), 0);
	ck_assert_str_eq(a.after.str, "log");
	m = raw_msg(SVC_REGISTRY_LIST, put_cstr(&buf, ""), 0, 0, 0, 0); /* a lone NUL is no name */
	ck_assert_int_eq(svc_registry_list_request_decode(&m, &buf, &a), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LOOKUP, 0, 0, 0, 0, 0); /* a lookup names a name */
	ck_assert_int_eq(svc_registry_lookup_request_decode(&m, &buf, &l), ERR_INVAL);
}
END_TEST

START_TEST(test_replies)
{
	struct svc_registry_lookup_reply l = {.endpoint = 0x44};
	struct svc_registry_list_reply page = {.count = 2, .full = false, .names_count = 2};
	struct svc_msg m;

	ck_assert_int_eq(svc_registry_lookup_reply_encode(&m, &buf, &l), 0);
	ck_assert_uint_eq(buf.handles[0].rights, RIGHT_SEND); /* SEND only goes out */
	l = (struct svc_registry_lookup_reply){0};
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &l), 0);
	ck_assert_uint_eq(l.endpoint, 0x44);
	buf.handles[0].rights = RIGHT_DUP; /* a handle that cannot send */
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &l), ERR_INVAL);

	page.names[0] = (struct svc_name){"log", 3};
	page.names[1] = (struct svc_name){"uart", 4};
	ck_assert_int_eq(svc_registry_list_reply_encode(&m, &buf, &page), 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 9);
	page = (struct svc_registry_list_reply){0};
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), 0);
	ck_assert_uint_eq(page.names_count, 2);
	ck_assert_str_eq(page.names[1].str, "uart");
	m.w[2] = 2; /* full is a bool */
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	m.w[2] = 0;
	memcpy(buf.data, "uart\0log", 9); /* out of order */
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	m.w[1] = SVC_REGISTRY_LIST_MAX + 1;
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
}
END_TEST

Suite *svc_registry_suite(void)
{
	Suite *s = suite_create("svc_registry");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_register_decode);
	tcase_add_test(tc, test_register_decode_refuses);
	tcase_add_test(tc, test_lookup_and_list_decode);
	tcase_add_test(tc, test_replies);
	suite_add_tcase(s, tc);
	return s;
}
