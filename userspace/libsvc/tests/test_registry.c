/*
 * Host tests of svc/registry.h: REGISTER, LOOKUP and LIST decoded from good
 * and malformed messages (handles missing, short of rights, names broken),
 * the LOOKUP and LIST replies and their reading, and the encoders
 * round-tripping through the decoders.
 */
#include "cairn/abi/errors.h"
#include "svc/registry.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

/* A REGISTER of name as samgrd receives it, the handle already in its table as 9. */
static struct svc_msg received_register(const char *name, uint32_t rights)
{
	buf.handles[0] = (struct cairn_ipc_handle){.handle = 9, .rights = rights};
	return raw_msg(SVC_REGISTRY_REGISTER, put_cstr(&buf, name), 1, 0, 0, 0);
}

START_TEST(test_register_decode)
{
	struct svc_registry_register r;
	struct svc_msg m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS);

	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), 0);
	ck_assert_str_eq(r.name.str, "uart");
	ck_assert_uint_eq(r.handle, 9);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS | RIGHT_RECV); /* more is fine */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), 0);
}
END_TEST

START_TEST(test_register_decode_refuses)
{
	struct svc_registry_register r = {.handle = 77};
	struct svc_msg m;

	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS & ~RIGHT_MINT); /* cannot mint */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS & ~RIGHT_DUP); /* cannot copy out */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS);
	buf.handles[0].handle = CAIRN_HANDLE_INVALID;
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS);
	m.info = cairn_ipc_info(SVC_REGISTRY_REGISTER, 5, 0); /* handle missing */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_REGISTRY_REGISTER, 5, 2); /* two handles */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m.info = cairn_ipc_info(SVC_REGISTRY_REGISTER, 4, 1); /* NUL missing */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("", SVC_REGISTRY_GIVE_RIGHTS); /* no name */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS);
	m.w[0] = 1; /* a word */
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	m = received_register("uart", SVC_REGISTRY_GIVE_RIGHTS);
	m.info = cairn_ipc_info(SVC_REGISTRY_LOOKUP, 5, 1);
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), ERR_INVAL);
	ck_assert_uint_eq(r.handle, 77);
}
END_TEST

START_TEST(test_lookup_decode)
{
	struct svc_name n = {.len = 77};
	struct svc_msg m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, "log"), 0, 0, 0, 0);

	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), 0);
	ck_assert_str_eq(n.str, "log");
	n.len = 77;
	m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, ""), 0, 0, 0, 0);
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, "log"), 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LOOKUP, 3, 0, 0, 0, 0); /* NUL missing */
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, "lo g"), 0, 0, 0, 0); /* name rule */
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LOOKUP, put_cstr(&buf, "log"), 0, 0, 0, 4); /* w[2] */
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), ERR_INVAL);
	ck_assert_uint_eq(n.len, 77);
}
END_TEST

START_TEST(test_list_decode)
{
	struct svc_name n = {.len = 77};
	struct svc_msg m = raw_msg(SVC_REGISTRY_LIST, 0, 0, 0, 0, 0);

	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), 0);
	ck_assert_uint_eq(n.len, 0);
	m = raw_msg(SVC_REGISTRY_LIST, put_cstr(&buf, "policy"), 0, 0, 0, 0);
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), 0);
	ck_assert_str_eq(n.str, "policy");
	n.len = 77;
	m = raw_msg(SVC_REGISTRY_LIST, put_cstr(&buf, ""), 0, 0, 0, 0); /* a lone NUL */
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LIST, 6, 0, 0, 0, 0); /* NUL missing */
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LIST, 0, 0, 1, 0, 0); /* a word */
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), ERR_INVAL);
	m = raw_msg(SVC_REGISTRY_LIST, SVC_NAME_WIRE_MAX + 1, 0, 0, 0, 0); /* too long */
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), ERR_INVAL);
	ck_assert_uint_eq(n.len, 77);
}
END_TEST

START_TEST(test_lookup_reply)
{
	struct svc_msg m;
	cairn_handle_t h = 0;

	svc_registry_lookup_reply(&m, &buf, 12);
	ck_assert_uint_eq(buf.handles[0].rights, RIGHT_SEND);
	ck_assert_uint_eq(buf.handles[0].mode, CAIRN_IPC_COPY);
	ck_assert_uint_eq(buf.handles[0].reserved, 0);
	/* the kernel puts the caller's new handle where the sent one was */
	buf.handles[0].handle = 5;
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &h), 0);
	ck_assert_uint_eq(h, 5);
}
END_TEST

START_TEST(test_lookup_reply_decode_refuses)
{
	struct svc_msg m;
	cairn_handle_t h = 77;

	svc_reply_status(&m, SVC_REGISTRY_LOOKUP, ERR_DENIED);
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &h), ERR_DENIED);
	svc_registry_lookup_reply(&m, &buf, 12);
	buf.handles[0].rights = RIGHT_RECV; /* no SEND */
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &h), ERR_INVAL);
	svc_registry_lookup_reply(&m, &buf, CAIRN_HANDLE_INVALID);
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &h), ERR_INVAL);
	svc_registry_lookup_reply(&m, &buf, 12);
	m.info = cairn_ipc_info(SVC_REGISTRY_LOOKUP, 0, 0); /* status 0 without a handle */
	ck_assert_int_eq(svc_registry_lookup_reply_decode(&m, &buf, &h), ERR_INVAL);
	ck_assert_uint_eq(h, 77);
}
END_TEST

static const char page_names[3][SVCNAME_MAX + 1] = {"log", "policy", "uart"};

START_TEST(test_list_reply)
{
	struct svc_msg m;
	struct svc_registry_page page;

	ck_assert_int_eq(svc_registry_list_reply(&m, &buf, page_names, 3, false), 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 4 + 7 + 5);
	ck_assert_mem_eq(buf.data, "log\0policy\0uart", 16);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), 0);
	ck_assert_uint_eq(page.count, 3);
	ck_assert(!page.full);
	ck_assert_str_eq(page.names[1].str, "policy");
	ck_assert_int_eq(svc_registry_list_reply(&m, &buf, page_names, 0, false), 0);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), 0);
	ck_assert_uint_eq(page.count, 0);
}
END_TEST

START_TEST(test_list_reply_full_page_fits)
{
	char names[SVC_REGISTRY_LIST_MAX][SVCNAME_MAX + 1];
	struct svc_msg m;
	struct svc_registry_page page;

	for (uint32_t i = 0; i < SVC_REGISTRY_LIST_MAX; i++) {
		memset(names[i], 'a', SVCNAME_MAX);
		names[i][SVCNAME_MAX - 1] = (char)('a' + i); /* in order, all of the longest */
		names[i][SVCNAME_MAX] = '\0';
	}
	ck_assert_int_eq(svc_registry_list_reply(&m, &buf, (const char(*)[SVCNAME_MAX + 1]) names,
						 SVC_REGISTRY_LIST_MAX, true),
			 0);
	ck_assert_uint_le(cairn_ipc_len(m.info), CAIRN_IPC_DATA_MAX);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), 0);
	ck_assert_uint_eq(page.count, SVC_REGISTRY_LIST_MAX);
	ck_assert(page.full);
}
END_TEST

START_TEST(test_list_reply_refuses)
{
	static const char bad[1][SVCNAME_MAX + 1] = {"Bad"};
	struct svc_msg m;

	ck_assert_int_eq(svc_registry_list_reply(&m, &buf, bad, 1, false), ERR_INVAL);
	ck_assert_int_eq(svc_reply_check(&m, SVC_REGISTRY_LIST), ERR_INVAL);
	ck_assert_int_eq(
		svc_registry_list_reply(&m, &buf, page_names, SVC_REGISTRY_LIST_MAX + 1, false),
		ERR_INVAL);
}
END_TEST

START_TEST(test_list_reply_decode_refuses)
{
	struct svc_registry_page page = {.count = 77};
	struct svc_msg m;

	svc_reply_status(&m, SVC_REGISTRY_LIST, ERR_DENIED);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_DENIED);
	ck_assert_int_eq(svc_registry_list_reply(&m, &buf, page_names, 3, false), 0);
	m.w[1] = 2; /* count disagrees with the data */
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	m.w[1] = 4;
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	m.w[1] = 3;
	m.w[2] = 2; /* neither full nor not */
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	m.w[2] = 0;
	m.info = cairn_ipc_info(SVC_REGISTRY_LIST, 15, 0); /* last NUL cut off */
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	memcpy(buf.data, "uart\0log\0policy", 16); /* out of order */
	m.info = cairn_ipc_info(SVC_REGISTRY_LIST, 16, 0);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	memcpy(buf.data, "log\0log\0policy", 15); /* twice */
	m.info = cairn_ipc_info(SVC_REGISTRY_LIST, 15, 0);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	memcpy(buf.data, "log\0\0policy", 12); /* an empty name */
	m.info = cairn_ipc_info(SVC_REGISTRY_LIST, 12, 0);
	ck_assert_int_eq(svc_registry_list_reply_decode(&m, &buf, &page), ERR_INVAL);
	ck_assert_uint_eq(page.count, 77);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_name n;
	struct svc_registry_register r;

	ck_assert_int_eq(svc_registry_register_encode(&m, &buf, "log", 3, 21), 0);
	ck_assert_uint_eq(buf.handles[0].handle, 21);
	ck_assert_uint_eq(buf.handles[0].mode, CAIRN_IPC_COPY);
	ck_assert_int_eq(svc_registry_register_decode(&m, &buf, &r), 0);
	ck_assert_str_eq(r.name.str, "log");
	ck_assert_int_eq(svc_registry_lookup_encode(&m, &buf, "uart", 4), 0);
	ck_assert_int_eq(svc_registry_lookup_decode(&m, &buf, &n), 0);
	ck_assert_str_eq(n.str, "uart");
	ck_assert_int_eq(svc_registry_list_encode(&m, &buf, NULL, 0), 0);
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), 0);
	ck_assert_uint_eq(n.len, 0);
	ck_assert_int_eq(svc_registry_list_encode(&m, &buf, "log", 3), 0);
	ck_assert_int_eq(svc_registry_list_decode(&m, &buf, &n), 0);
	ck_assert_str_eq(n.str, "log");
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x55};

	ck_assert_int_eq(svc_registry_register_encode(&m, &buf, "log", 3, 0), ERR_INVAL);
	ck_assert_int_eq(svc_registry_register_encode(&m, &buf, "", 0, 3), ERR_INVAL);
	ck_assert_int_eq(svc_registry_lookup_encode(&m, &buf, "-x", 2), ERR_INVAL);
	ck_assert_int_eq(svc_registry_list_encode(&m, &buf, "X", 1), ERR_INVAL);
	ck_assert_uint_eq(m.info, 0x55);
}
END_TEST

Suite *svc_registry_suite(void)
{
	Suite *s = suite_create("svc_registry");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_register_decode);
	tcase_add_test(tc, test_register_decode_refuses);
	tcase_add_test(tc, test_lookup_decode);
	tcase_add_test(tc, test_list_decode);
	tcase_add_test(tc, test_lookup_reply);
	tcase_add_test(tc, test_lookup_reply_decode_refuses);
	tcase_add_test(tc, test_list_reply);
	tcase_add_test(tc, test_list_reply_full_page_fits);
	tcase_add_test(tc, test_list_reply_refuses);
	tcase_add_test(tc, test_list_reply_decode_refuses);
	tcase_add_test(tc, test_encoders_round_trip);
	tcase_add_test(tc, test_encoders_refuse);
	suite_add_tcase(s, tc);
	return s;
}
