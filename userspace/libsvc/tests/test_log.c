/*
 * Host tests of logd's protocol as generated from idl/log.yaml: WRITE and
 * TAIL decoded from good and malformed messages, the encoders
 * round-tripping through the decoders and refusing what they refuse, and
 * the reading of a TAIL reply. The wire is the hand-written codec's: these
 * are its cases. The packing of a TAIL reply's lines is libjournal's
 * (test_journal).
 */
#include "cairn/abi/errors.h"
#include "svc/log.h"
#include "svc_tests.h"

static struct cairn_ipc_buffer buf;

START_TEST(test_write_decode)
{
	struct svc_log_write_request w;
	struct svc_msg m = raw_msg(SVC_LOG_WRITE, 5, 0, JOURNAL_WARN, 0, 0);

	memcpy(buf.data, "hello", 5);
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.level, JOURNAL_WARN);
	ck_assert_uint_eq(w.text_len, 5);
	ck_assert_mem_eq(w.text, "hello", 5);
	m.info = cairn_ipc_info(SVC_LOG_WRITE, SVC_LOG_TEXT_MAX, 0);
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.text_len, SVC_LOG_TEXT_MAX);
}
END_TEST

START_TEST(test_write_decode_refuses)
{
	struct svc_log_write_request w = {.text_len = 77};
	struct svc_msg m;

	m = raw_msg(SVC_LOG_TAIL, 5, 0, 0, 0, 0); /* another tag */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 0, 0, 0); /* no text */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, SVC_LOG_TEXT_MAX + 1, 0, 0, 0, 0); /* text too long */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, JOURNAL_LEVEL_COUNT, 0, 0); /* no such level */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, 1ull << 32, 0, 0); /* level beyond 32 bits */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 1, 0, 0, 0); /* a handle */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 5, 0, 0, 1, 0); /* an unused word */
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), ERR_INVAL);
	ck_assert_uint_eq(w.text_len, 77);
}
END_TEST

START_TEST(test_tail_decode)
{
	struct svc_log_tail_request t;
	struct svc_msg m = raw_msg(SVC_LOG_TAIL, 0, 0, 3, 42, 0);

	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), 0);
	ck_assert_uint_eq(t.max, 3);
	ck_assert_uint_eq(t.from, 42);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, SVC_LOG_TAIL_MAX, SVC_LOG_SEQ_NEWEST, 0);
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), 0);
	ck_assert_uint_eq(t.from, SVC_LOG_SEQ_NEWEST);
}
END_TEST

START_TEST(test_tail_decode_refuses)
{
	struct svc_log_tail_request t = {.max = 77};
	struct svc_msg m;

	m = raw_msg(SVC_LOG_TAIL, 0, 0, 0, 0, 0); /* zero records */
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, SVC_LOG_TAIL_MAX + 1, 0, 0);
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 1, 0, 1, 0, 0); /* data */
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 1, 1, 0, 0); /* a handle */
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 0, 1, 0, 9); /* w[2] */
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 1, 0, 0);
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), ERR_INVAL);
	ck_assert_uint_eq(t.max, 77);
}
END_TEST

START_TEST(test_encoders_round_trip)
{
	struct svc_msg m;
	struct svc_log_write_request w = {
		.level = JOURNAL_ERROR, .text = (const uint8_t *)"boom", .text_len = 4};
	struct svc_log_tail_request t = {.max = 2, .from = 17};
	struct svc_log_tail_reply r = {.next = 6, .lost = 3, .lines = "a\nb\n", .lines_len = 4};

	ck_assert_int_eq(svc_log_write_request_encode(&m, &buf, &w), 0);
	w = (struct svc_log_write_request){0};
	ck_assert_int_eq(svc_log_write_request_decode(&m, &buf, &w), 0);
	ck_assert_uint_eq(w.level, JOURNAL_ERROR);
	ck_assert_mem_eq(w.text, "boom", 4);
	ck_assert_int_eq(svc_log_tail_request_encode(&m, &buf, &t), 0);
	t = (struct svc_log_tail_request){0};
	ck_assert_int_eq(svc_log_tail_request_decode(&m, &buf, &t), 0);
	ck_assert_uint_eq(t.max, 2);
	ck_assert_uint_eq(t.from, 17);
	ck_assert_int_eq(svc_log_tail_reply_encode(&m, &buf, &r), 0);
	r = (struct svc_log_tail_reply){0};
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &r), 0);
	ck_assert_uint_eq(r.next, 6);
	ck_assert_uint_eq(r.lost, 3);
	ck_assert_uint_eq(r.lines_len, 4);
}
END_TEST

START_TEST(test_encoders_refuse)
{
	struct svc_msg m = {.info = 0x55};
	static const uint8_t big[SVC_LOG_TEXT_MAX + 1];
	struct svc_log_write_request w = {.level = JOURNAL_LEVEL_COUNT, .text = big, .text_len = 1};
	struct svc_log_tail_request t = {.max = 0};
	struct svc_log_tail_reply r = {.lines = "abc", .lines_len = 3};

	ck_assert_int_eq(svc_log_write_request_encode(&m, &buf, &w), ERR_INVAL);
	w = (struct svc_log_write_request){.level = 0, .text = big, .text_len = 0};
	ck_assert_int_eq(svc_log_write_request_encode(&m, &buf, &w), ERR_INVAL);
	w.text_len = sizeof(big);
	ck_assert_int_eq(svc_log_write_request_encode(&m, &buf, &w), ERR_INVAL);
	ck_assert_int_eq(svc_log_tail_request_encode(&m, &buf, &t), ERR_INVAL);
	t.max = SVC_LOG_TAIL_MAX + 1;
	ck_assert_int_eq(svc_log_tail_request_encode(&m, &buf, &t), ERR_INVAL);
	ck_assert_int_eq(svc_log_tail_reply_encode(&m, &buf, &r), ERR_INVAL); /* no newline */
	ck_assert_uint_eq(m.info, 0x55);
}
END_TEST

START_TEST(test_tail_reply_decode_refuses)
{
	struct svc_log_tail_reply r = {.lines_len = 77};
	struct svc_msg m;

	svc_reply_status(&m, SVC_LOG_TAIL, ERR_RANGE);
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &r), ERR_RANGE);
	m = raw_msg(SVC_LOG_TAIL, 3, 0, 0, 1, 0);
	memcpy(buf.data, "abc", 3); /* no newline at the end */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_LOG_TAIL, 0, 1, 0, 1, 0); /* a handle */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &r), ERR_INVAL);
	m = raw_msg(SVC_LOG_WRITE, 0, 0, 0, 1, 0); /* the other tag */
	ck_assert_int_eq(svc_log_tail_reply_decode(&m, &buf, &r), ERR_INVAL);
	ck_assert_uint_eq(r.lines_len, 77);
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
	tcase_add_test(tc, test_encoders_round_trip);
	tcase_add_test(tc, test_encoders_refuse);
	tcase_add_test(tc, test_tail_reply_decode_refuses);
	suite_add_tcase(s, tc);
	return s;
}
