/*
 * Host tests of svc/msg.h: the shape check every decoder starts with, the
 * wire form of names, and reading a reply's status.
 */
#include "cairn/abi/errors.h"
#include "svc_tests.h"

static const struct svc_shape shape = {
	.tag = 0x0105, .len_min = 2, .len_max = 10, .handles = 1, .words = 2};

START_TEST(test_shape_accepts_exact)
{
	struct svc_msg m = raw_msg(0x0105, 2, 1, 7, 8, 0);

	ck_assert_int_eq(svc_shape_check(&m, &shape), 0);
	m.info = cairn_ipc_info(0x0105, 10, 1);
	ck_assert_int_eq(svc_shape_check(&m, &shape), 0);
}
END_TEST

START_TEST(test_shape_refuses)
{
	struct svc_msg m;

	m = raw_msg(0x0106, 2, 1, 0, 0, 0); /* another tag */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 1, 1, 0, 0, 0); /* data too short */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 11, 1, 0, 0, 0); /* data too long */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 2, 0, 0, 0, 0); /* handle missing */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 2, 2, 0, 0, 0); /* a handle too many */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 2, 1, 0, 0, 1); /* an unused word set */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m = raw_msg(0x0105, 2, 1, 0, 0, 0);
	m.info |= 1ull << 27; /* a bit outside the info word */
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
	m.info = cairn_ipc_info(0x0105, 2, 1) | (1ull << 40);
	ck_assert_int_eq(svc_shape_check(&m, &shape), ERR_INVAL);
}
END_TEST

START_TEST(test_shape_refuses_over_abi_bounds)
{
	const struct svc_shape wide = {.tag = 1, .len_max = 255, .handles = 5};
	struct svc_msg m = raw_msg(1, CAIRN_IPC_DATA_MAX + 1, 5, 0, 0, 0);

	/* even a shape that would allow them: the info word itself is out of bounds */
	ck_assert_int_eq(svc_shape_check(&m, &wide), ERR_INVAL);
}
END_TEST

START_TEST(test_name_decode)
{
	struct svc_name n = {.len = 99};

	ck_assert_int_eq(svc_name_decode((const uint8_t *)"logd", 5, false, &n), 0);
	ck_assert_str_eq(n.str, "logd");
	ck_assert_uint_eq(n.len, 4);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"", 1, true, &n), 0);
	ck_assert_uint_eq(n.len, 0);
	ck_assert_str_eq(n.str, "");
}
END_TEST

START_TEST(test_name_decode_refuses)
{
	static const uint8_t long_name[] = "abcdefghijklmnopqrstuvwxyzabcdef"; /* 32 bytes */
	struct svc_name n = {.len = 99};

	ck_assert_int_eq(svc_name_decode((const uint8_t *)"logd", 4, false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"lo\0gd", 6, false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"", 1, false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"", 0, true, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"Logd", 5, false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"1ogd", 5, false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode(long_name, sizeof(long_name), false, &n), ERR_INVAL);
	ck_assert_int_eq(svc_name_decode(long_name + 1, sizeof(long_name) - 1, false, &n), 0);
	n.len = 99;
	ck_assert_int_eq(svc_name_decode((const uint8_t *)"a\0b", 4, false, &n), ERR_INVAL);
	ck_assert_uint_eq(n.len, 99); /* untouched on failure */
}
END_TEST

START_TEST(test_name_encode)
{
	uint8_t data[SVC_NAME_WIRE_MAX];

	ck_assert_int_eq(svc_name_encode(data, "samgrd", 6, false), 7);
	ck_assert_mem_eq(data, "samgrd", 7);
	ck_assert_int_eq(svc_name_encode(data, "", 0, true), 1);
	ck_assert_uint_eq(data[0], 0);
	ck_assert_int_eq(svc_name_encode(data, "", 0, false), ERR_INVAL);
	ck_assert_int_eq(svc_name_encode(data, "a b", 3, false), ERR_INVAL);
	ck_assert_int_eq(svc_name_encode(data, "abcdefghijklmnopqrstuvwxyzabcdef", 32, false),
			 ERR_INVAL);
}
END_TEST

static const uint8_t three_names[] = "logd\0policyd\0samgrd";

START_TEST(test_names_decode)
{
	struct svc_name names[4];
	uint32_t count = 99;

	ck_assert_int_eq(svc_names_decode(three_names, sizeof(three_names), 4, names, &count), 0);
	ck_assert_uint_eq(count, 3);
	ck_assert_str_eq(names[0].str, "logd");
	ck_assert_str_eq(names[2].str, "samgrd");
	ck_assert_uint_eq(names[1].len, 7);
	ck_assert_int_eq(svc_names_decode(three_names, 0, 4, names, &count), 0); /* none */
	ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_names_decode_refuses)
{
	static const uint8_t unsorted[] = "policyd\0logd";
	static const uint8_t twice[] = "logd\0logd";
	static const uint8_t empty_name[] = "logd\0\0samgrd";
	static const uint8_t bad_name[] = "logd\0Bad!";
	struct svc_name names[4];
	uint32_t count = 99;

	ck_assert_int_eq(svc_names_decode(three_names, sizeof(three_names), 2, names, &count),
			 ERR_INVAL); /* more than max */
	ck_assert_int_eq(svc_names_decode(three_names, sizeof(three_names) - 1, 4, names, &count),
			 ERR_INVAL); /* the last NUL missing */
	ck_assert_int_eq(svc_names_decode(unsorted, sizeof(unsorted), 4, names, &count), ERR_INVAL);
	ck_assert_int_eq(svc_names_decode(twice, sizeof(twice), 4, names, &count), ERR_INVAL);
	ck_assert_int_eq(svc_names_decode(empty_name, sizeof(empty_name), 4, names, &count),
			 ERR_INVAL);
	ck_assert_int_eq(svc_names_decode(bad_name, sizeof(bad_name), 4, names, &count), ERR_INVAL);
	ck_assert_int_eq(svc_names_decode(three_names, CAIRN_IPC_DATA_MAX + 1, 4, names, &count),
			 ERR_INVAL);
	ck_assert_uint_eq(count, 99);
}
END_TEST

START_TEST(test_names_encode)
{
	uint8_t data[CAIRN_IPC_DATA_MAX];
	struct svc_name names[3] = {{"logd", 4}, {"policyd", 7}, {"samgrd", 6}};

	ck_assert_int_eq(svc_names_encode(data, names, 3, 3), (int)sizeof(three_names));
	ck_assert_mem_eq(data, three_names, sizeof(three_names));
	ck_assert_int_eq(svc_names_encode(data, names, 0, 3), 0);
	ck_assert_int_eq(svc_names_encode(data, names, 3, 2), ERR_INVAL); /* over max */
	names[2] = (struct svc_name){"abc", 3};				  /* out of order */
	ck_assert_int_eq(svc_names_encode(data, names, 3, 3), ERR_INVAL);
	names[2] = (struct svc_name){"", 0}; /* empty */
	ck_assert_int_eq(svc_names_encode(data, names, 3, 3), ERR_INVAL);
}
END_TEST

START_TEST(test_name_set)
{
	char long_name[SVCNAME_MAX + 1];
	struct svc_name n = {.len = 77};

	ck_assert_int_eq(svc_name_set(&n, "logdxyz", 4), 0);
	ck_assert_str_eq(n.str, "logd");
	ck_assert_uint_eq(n.len, 4);
	memset(long_name, 'a', sizeof(long_name));
	n.len = 77;
	ck_assert_int_eq(svc_name_set(&n, long_name, sizeof(long_name)), ERR_INVAL);
	ck_assert_uint_eq(n.len, 77);
	ck_assert_int_eq(svc_name_set(&n, long_name, SVCNAME_MAX), 0);
}
END_TEST

START_TEST(test_reply_check)
{
	struct svc_msg m;

	svc_reply_status(&m, 0x0101, 0);
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), 0);
	ck_assert_int_eq(svc_reply_check(&m, 0x0102), ERR_INVAL);
	svc_reply_status(&m, 0x0101, ERR_DENIED);
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_DENIED);
	svc_reply_status(&m, 0x0101, ERR_PEERDEAD);
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_PEERDEAD);
	svc_reply_status(&m, 0x0101, ERR_LAST - 1); /* no such code */
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_INVAL);
	svc_reply_status(&m, 0x0101, 5); /* a positive status */
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_INVAL);
	svc_reply_status(&m, 0x0101, ERR_NOTFOUND);
	m.info = cairn_ipc_info(0x0101, 3, 0); /* an error with data */
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_INVAL);
	m.info = cairn_ipc_info(0x0101, 0, 1); /* an error with a handle */
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_INVAL);
	m.info = cairn_ipc_info(0x0101, 0, 0) | (1ull << 31);
	ck_assert_int_eq(svc_reply_check(&m, 0x0101), ERR_INVAL);
}
END_TEST

Suite *svc_msg_suite(void)
{
	Suite *s = suite_create("svc_msg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_shape_accepts_exact);
	tcase_add_test(tc, test_shape_refuses);
	tcase_add_test(tc, test_shape_refuses_over_abi_bounds);
	tcase_add_test(tc, test_name_decode);
	tcase_add_test(tc, test_name_decode_refuses);
	tcase_add_test(tc, test_name_encode);
	tcase_add_test(tc, test_names_decode);
	tcase_add_test(tc, test_names_decode_refuses);
	tcase_add_test(tc, test_names_encode);
	tcase_add_test(tc, test_name_set);
	tcase_add_test(tc, test_reply_check);
	suite_add_tcase(s, tc);
	return s;
}
