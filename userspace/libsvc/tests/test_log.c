/*
 * Host tests of svc/log.h: WRITE and TAIL decoded from good and malformed
 * messages, the TAIL reply packing whole lines (and cutting a long one),
 * the encoders round-tripping through the decoders, and the client's
 * reading of a TAIL reply.
 */
#include "cairn/abi/errors.h"
#include "svc/log.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_write_decode)
{
	struct svc_log_write w;
	struct svc_msg m = raw_msg(SVC_LOG_WRITE, 5, 0, JOURNAL_WARN, 0, 0);

	memcpy(buf.data, "hello", 5);
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.badge, 0x105);
	ck_assert_uint_eq(w.level, JOURNAL_WARN);
	ck_assert_uint_eq(w.len, 5);
	ck_assert_mem_eq(w.text, "hello", 5);
	m.info = cairn_ipc_info(SVC_LOG_WRITE, SVC_LOG_TEXT_MAX, 0);
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.len, SVC_LOG_TEXT_MAX);
}
END_TEST

START_TEST(test_write_decode_refuses)
{
	struct svc_log_write w = {.len = 77};
	struct svc_msg m;

	m = raw_msg(SVC_LOG_TAIL, 5, 0, 0, 0, 0); /* another tag */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 0, 0, 0); /* no text */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, SVC_LOG_TEXT_MAX + 1, 0, 0, 0, 0); /* text too long */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, JOURNAL_LEVELS, 0, 0); /* no such level */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, 1ull << 32, 0, 0); /* level beyond 32 bits */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, 0, 1, 0); /* an unused word */
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), ERR_INVAL);
	ck_assert_uint_eq(w.len, 77);
}
END_TEST

START_TEST(test_tail_decode)
{
	struct svc_log_tail t;
	struct svc_msg m = raw_msg(SVC_LOG_TAIL, 0, 0, 3, 42, 0);

	ck_assert_int_eq(svc_log_tail_decode(&m, &t), 0);
	ck_assert_uint_eq(t.max, 3);
	ck_assert_uint_eq(t.from, 42);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, SVC_LOG_TAIL_MAX, SVC_LOG_SEQ_NEWEST, 0);
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), 0);
	ck_assert_uint_eq(t.from, SVC_LOG_SEQ_NEWEST);
}
END_TEST

START_TEST(test_tail_decode_refuses)
{
	struct svc_log_tail t = {.max = 77};
	struct svc_msg m;

	m = raw_msg(SVC_LOG_TAIL, 0, 0, 0, 0, 0); /* zero records */
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, SVC_LOG_TAIL_MAX + 1, 0, 0);
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 1, 0, 1, 0, 0); /* data */
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 1, 1, 0, 0); /* a handle */
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, 1, 0, 9); /* w[2] */
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 1, 0, 0);
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), ERR_INVAL);
	ck_assert_uint_eq(t.max, 77);
}
END_TEST

static struct svc_log_line line_of(uint64_t seq, const char *text)
{
	return (struct svc_log_line){.seq = seq, .text = text, .len = strlen(text)};
}

START_TEST(test_tail_reply_packs_lines)
{
	struct svc_log_line recs[2] = {line_of(4, "4 7 INFO  0x0000000000000101 one"),
				       line_of(5, "5 7 INFO  0x0000000000000101 two")};
	struct svc_msg m;
	struct svc_log_lines lines;
	static const char want[] = "4 7 INFO  0x0000000000000101 one\n"
				   "5 7 INFO  0x0000000000000101 two\n";

	svc_log_tail_reply(&m, &buf, recs, 2, 6, 3);
	ck_assert_int_eq(svc_reply_check(&m, SVC_LOG_TAIL), 0);
	ck_assert_uint_eq(m.w[1], 6);
	ck_assert_uint_eq(m.w[2], 3);
	ck_assert_uint_eq(cairn_ipc_len(m.info), sizeof(want) - 1);
	ck_assert_mem_eq(buf.data, want, sizeof(want) - 1);
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &lines), 0);
	ck_assert_uint_eq(lines.next, 6);
	ck_assert_uint_eq(lines.lost, 3);
	ck_assert_uint_eq(lines.len, sizeof(want) - 1);
}
END_TEST

START_TEST(test_tail_reply_stops_at_room)
{
	static char text[131];
	struct svc_log_line recs[SVC_LOG_TAIL_MAX];
	struct svc_msg m;

	memset(text, 'x', 130);
	for (uint32_t i = 0; i < SVC_LOG_TAIL_MAX; i++)
		recs[i] = line_of(10 + i, text);
	/* each line is 130 bytes and its newline: one fits in 240, two do not */
	svc_log_tail_reply(&m, &buf, recs, SVC_LOG_TAIL_MAX, 99, 0);
	ck_assert_uint_eq(m.w[1], 11);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 131);
	ck_assert_uint_eq(buf.data[130], '\n');
}
END_TEST

START_TEST(test_tail_reply_cuts_long_line)
{
	static char text[SVC_LOG_LINE_MAX + 400];
	struct svc_log_line r = {.seq = 1, .text = text, .len = sizeof(text)};
	struct svc_msg m;

	memset(text, 'a', sizeof(text));
	svc_log_tail_reply(&m, &buf, &r, 1, 2, 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), CAIRN_IPC_DATA_MAX);
	ck_assert_mem_eq(&buf.data[SVC_LOG_LINE_MAX - 3], "...\n", 4);
	ck_assert_uint_eq(m.w[1], 2);
	/* one character over the bound is cut; one at it is whole */
	r.len = SVC_LOG_LINE_MAX + 1;
	svc_log_tail_reply(&m, &buf, &r, 1, 2, 0);
	ck_assert_mem_eq(&buf.data[SVC_LOG_LINE_MAX - 3], "...\n", 4);
	r.len = SVC_LOG_LINE_MAX;
	svc_log_tail_reply(&m, &buf, &r, 1, 2, 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), CAIRN_IPC_DATA_MAX);
	ck_assert_mem_eq(&buf.data[SVC_LOG_LINE_MAX - 3], "aaa\n", 4);
}
END_TEST

START_TEST(test_tail_reply_empty)
{
	struct svc_msg m;

	svc_log_tail_reply(&m, &buf, NULL, 0, 9, 0);
	ck_assert_int_eq(svc_reply_check(&m, SVC_LOG_TAIL), 0);
	ck_assert_uint_eq(cairn_ipc_len(m.info), 0);
	ck_assert_uint_eq(m.w[1], 9);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_log_write w;
	struct svc_log_tail t;

	ck_assert_int_eq(svc_log_write_encode(&m, &buf, JOURNAL_ERROR, "boom", 4), 0);
	m.badge = 0x103;
	ck_assert_int_eq(svc_log_write_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.level, JOURNAL_ERROR);
	ck_assert_uint_eq(w.badge, 0x103);
	ck_assert_mem_eq(w.text, "boom", 4);
	ck_assert_int_eq(svc_log_tail_encode(&m, 2, 17), 0);
	ck_assert_int_eq(svc_log_tail_decode(&m, &t), 0);
	ck_assert_uint_eq(t.max, 2);
	ck_assert_uint_eq(t.from, 17);
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x55};
	char big[SVC_LOG_TEXT_MAX + 1] = {0};

	ck_assert_int_eq(svc_log_write_encode(&m, &buf, JOURNAL_LEVELS, "x", 1), ERR_INVAL);
	ck_assert_int_eq(svc_log_write_encode(&m, &buf, 0, "", 0), ERR_INVAL);
	ck_assert_int_eq(svc_log_write_encode(&m, &buf, 0, big, sizeof(big)), ERR_INVAL);
	ck_assert_int_eq(svc_log_tail_encode(&m, 0, 0), ERR_INVAL);
	ck_assert_int_eq(svc_log_tail_encode(&m, SVC_LOG_TAIL_MAX + 1, 0), ERR_INVAL);
	ck_assert_uint_eq(m.info, 0x55);
}
END_TEST

START_TEST(test_tail_reply_decode_refuses)
{
	struct svc_log_lines lines = {.len = 77};
	struct svc_msg m;

	svc_reply_status(&m, SVC_LOG_TAIL, ERR_RANGE);
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &lines), ERR_RANGE);
	m = raw_msg(SVC_LOG_TAIL, 3, 0, 0, 1, 0);
	memcpy(buf.data, "abc", 3); /* no '\n' at the end */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &lines), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 1, 0, 1, 0); /* a handle */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &lines), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 0, 1, 0); /* the other tag */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &lines), ERR_INVAL);
	ck_assert_uint_eq(lines.len, 77);
}
END_TEST

Suite *svc_log_suite(void)
{
	Suite *s = suite_create("svc_log");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_write_decode);
	tcase_add_test(tc, test_write_decode_refuses);
	tcase_add_test(tc, test_tail_decode);
	tcase_add_test(tc, test_tail_decode_refuses);
	tcase_add_test(tc, test_tail_reply_packs_lines);
	tcase_add_test(tc, test_tail_reply_stops_at_room);
	tcase_add_test(tc, test_tail_reply_cuts_long_line);
	tcase_add_test(tc, test_tail_reply_empty);
	tcase_add_test(tc, test_encoders_round_trip);
	tcase_add_test(tc, test_encoders_refuse);
	tcase_add_test(tc, test_tail_reply_decode_refuses);
	suite_add_tcase(s, tc);
	return s;
}
