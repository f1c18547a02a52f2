/*
 * Host tests of libjournal: the ring (append, overwrite and drop counting,
 * tail, reading from a sequence number with gaps), every error path, the
 * one-line encoder (escaping, exact sizes, the worst case), and the
 * per-sender rate limiter (burst, refill by elapsed time, time going
 * backwards, least-recently-seen eviction, denial counts).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "journal.h"
#include "ratelimit.h"

#define CAP 4u

static struct journal_record slots[CAP];

static void append_text(struct journal *j, uint64_t time, const char *text)
{
	ck_assert_int_eq(journal_append(j, time, JOURNAL_INFO, 7, text, strlen(text), NULL), 0);
}

static void make_journal(struct journal *j, unsigned appended)
{
	char text[16];

	ck_assert_int_eq(journal_init(j, slots, CAP), 0);
	for (unsigned i = 0; i < appended; i++) {
		text[0] = (char)('a' + i);
		text[1] = '\0';
		append_text(j, 100 + i, text);
	}
}

START_TEST(test_init_rejects_bad_storage)
{
	struct journal j = {.count = 99};

	ck_assert_int_eq(journal_init(&j, NULL, CAP), ERR_INVAL);
	ck_assert_int_eq(journal_init(&j, slots, 0), ERR_INVAL);
	ck_assert_uint_eq(j.count, 99); /* untouched */
	ck_assert_int_eq(journal_init(&j, slots, CAP), 0);
	ck_assert_uint_eq(j.count, 0);
	ck_assert_uint_eq(j.next_seq, 0);
}
END_TEST

START_TEST(test_append_stores_fields)
{
	struct journal j;
	struct journal_record out[1];
	uint32_t n = 0;
	uint64_t seq = 55;

	make_journal(&j, 0);
	ck_assert_int_eq(journal_append(&j, 1234, JOURNAL_ERROR, 0xabc, "disk", 4, &seq), 0);
	ck_assert_uint_eq(seq, 0);
	ck_assert_int_eq(journal_tail(&j, out, 1, &n), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(out[0].seq, 0);
	ck_assert_uint_eq(out[0].time, 1234);
	ck_assert_uint_eq(out[0].badge, 0xabc);
	ck_assert_uint_eq(out[0].level, JOURNAL_ERROR);
	ck_assert_uint_eq(out[0].len, 4);
	ck_assert_mem_eq(out[0].msg, "disk", 4);
}
END_TEST

START_TEST(test_append_errors_leave_journal_alone)
{
	struct journal j;
	char big[JOURNAL_MSG_MAX + 1];
	uint64_t seq = 77;

	memset(big, 'x', sizeof(big));
	make_journal(&j, 1);
	ck_assert_int_eq(journal_append(&j, 0, JOURNAL_LEVELS, 1, "x", 1, &seq), ERR_INVAL);
	ck_assert_int_eq(journal_append(&j, 0, (enum journal_level) - 1, 1, "x", 1, &seq),
			 ERR_INVAL);
	ck_assert_int_eq(journal_append(&j, 0, JOURNAL_INFO, 1, NULL, 3, &seq), ERR_INVAL);
	ck_assert_int_eq(journal_append(&j, 0, JOURNAL_INFO, 1, big, sizeof(big), &seq),
			 ERR_TOOLONG);
	ck_assert_uint_eq(seq, 77);
	ck_assert_uint_eq(j.count, 1);
	ck_assert_uint_eq(j.next_seq, 1);
	/* the limits themselves are fine: empty, NULL-and-empty, exactly the maximum */
	ck_assert_int_eq(journal_append(&j, 0, JOURNAL_DEBUG, 1, NULL, 0, &seq), 0);
	ck_assert_int_eq(journal_append(&j, 0, JOURNAL_DEBUG, 1, big, JOURNAL_MSG_MAX, &seq), 0);
	ck_assert_uint_eq(seq, 2);
	ck_assert_uint_eq(j.slots[2].len, JOURNAL_MSG_MAX);
}
END_TEST

START_TEST(test_full_journal_overwrites_oldest)
{
	struct journal j;
	struct journal_record out[CAP];
	uint32_t n = 0;

	make_journal(&j, CAP);
	ck_assert_uint_eq(j.dropped, 0);
	make_journal(&j, CAP + 3);
	ck_assert_uint_eq(j.count, CAP);
	ck_assert_uint_eq(j.dropped, 3);
	ck_assert_int_eq(journal_tail(&j, out, CAP, &n), 0);
	ck_assert_uint_eq(n, CAP);
	for (uint32_t i = 0; i < CAP; i++) {
		ck_assert_uint_eq(out[i].seq, 3 + i);
		ck_assert_int_eq(out[i].msg[0], 'a' + 3 + (int)i);
	}
}
END_TEST

START_TEST(test_tail_limits)
{
	struct journal j;
	struct journal_record out[CAP + 2];
	uint32_t n = 99;

	make_journal(&j, 0);
	ck_assert_int_eq(journal_tail(&j, out, CAP, &n), 0);
	ck_assert_uint_eq(n, 0);
	make_journal(&j, CAP + 1);
	ck_assert_int_eq(journal_tail(&j, out, 2, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0].seq, CAP - 1);
	ck_assert_uint_eq(out[1].seq, CAP);
	ck_assert_int_eq(journal_tail(&j, out, CAP + 2, &n), 0); /* more asked than held */
	ck_assert_uint_eq(n, CAP);
	ck_assert_uint_eq(out[0].seq, 1);
	ck_assert_int_eq(journal_tail(&j, NULL, 0, &n), 0);
	ck_assert_uint_eq(n, 0);
	n = 99;
	ck_assert_int_eq(journal_tail(&j, NULL, 1, &n), ERR_INVAL);
	ck_assert_uint_eq(n, 99);
}
END_TEST

START_TEST(test_read_from_without_gap)
{
	struct journal j;
	struct journal_record out[CAP];
	struct journal_read r;

	make_journal(&j, 3);
	ck_assert_int_eq(journal_read_from(&j, 1, out, CAP, &r), 0);
	ck_assert_uint_eq(r.count, 2);
	ck_assert_uint_eq(r.lost, 0);
	ck_assert_uint_eq(r.next_seq, 3);
	ck_assert_uint_eq(out[0].seq, 1);
	ck_assert_uint_eq(out[1].seq, 2);
	/* up to date: nothing to read, not an error */
	ck_assert_int_eq(journal_read_from(&j, 3, out, CAP, &r), 0);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(r.next_seq, 3);
	/* paging: max smaller than what is there */
	ck_assert_int_eq(journal_read_from(&j, 0, out, 1, &r), 0);
	ck_assert_uint_eq(r.count, 1);
	ck_assert_uint_eq(r.next_seq, 1);
}
END_TEST

START_TEST(test_read_from_reports_gap)
{
	struct journal j;
	struct journal_record out[CAP];
	struct journal_read r;

	make_journal(&j, CAP + 5); /* seqs 5..8 held, 0..4 gone */
	ck_assert_int_eq(journal_read_from(&j, 2, out, CAP, &r), 0);
	ck_assert_uint_eq(r.lost, 3);
	ck_assert_uint_eq(r.count, CAP);
	ck_assert_uint_eq(out[0].seq, 5);
	ck_assert_uint_eq(out[CAP - 1].seq, 8);
	ck_assert_uint_eq(r.next_seq, 9);
	ck_assert_int_eq(journal_read_from(&j, 5, out, CAP, &r), 0);
	ck_assert_uint_eq(r.lost, 0);
}
END_TEST

START_TEST(test_read_from_errors)
{
	struct journal j;
	struct journal_record out[CAP];
	struct journal_read r = {.count = 42};

	make_journal(&j, 2);
	ck_assert_int_eq(journal_read_from(&j, 3, out, CAP, &r), ERR_RANGE);
	ck_assert_int_eq(journal_read_from(&j, UINT64_MAX, out, CAP, &r), ERR_RANGE);
	ck_assert_int_eq(journal_read_from(&j, 0, NULL, 1, &r), ERR_INVAL);
	ck_assert_uint_eq(r.count, 42);
	ck_assert_int_eq(journal_read_from(&j, 0, NULL, 0, &r), 0);
	ck_assert_uint_eq(r.count, 0);
	ck_assert_uint_eq(r.next_seq, 0);
}
END_TEST

START_TEST(test_format_line)
{
	struct journal_record rec = {.seq = 42, .time = 1000, .badge = 0x1f, .level = JOURNAL_WARN};
	char buf[JOURNAL_LINE_MAX + 1];
	size_t len = 0;

	memcpy(rec.msg, "low\\mem\n\x01\xff", 10);
	rec.len = 10;
	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "42 1000 WARN  0x000000000000001f low\\x5cmem\\x0a\\x01\\xff");
	ck_assert_uint_eq(len, strlen(buf));
	rec.len = 0;
	rec.level = JOURNAL_DEBUG;
	rec.seq = 0;
	rec.time = 0;
	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf), &len), 0);
	ck_assert_str_eq(buf, "0 0 DEBUG 0x000000000000001f ");
}
END_TEST

START_TEST(test_format_exact_fit_and_too_small)
{
	struct journal_record rec = {.seq = 1, .time = 2, .badge = 3, .level = JOURNAL_INFO};
	const char *want = "1 2 INFO  0x0000000000000003 hi";
	char buf[64];
	size_t len = 99;

	memcpy(rec.msg, "hi", 2);
	rec.len = 2;
	memset(buf, '#', sizeof(buf));
	ck_assert_int_eq(journal_format(&rec, buf, strlen(want), &len), ERR_NOSPC);
	ck_assert_int_eq(buf[0], '#'); /* untouched */
	ck_assert_uint_eq(len, 99);
	ck_assert_int_eq(journal_format(&rec, NULL, 0, &len), ERR_NOSPC);
	ck_assert_int_eq(journal_format(&rec, buf, strlen(want) + 1, &len), 0);
	ck_assert_str_eq(buf, want);
}
END_TEST

START_TEST(test_format_worst_case_fits_line_max)
{
	struct journal_record rec = {
		.seq = UINT64_MAX, .time = UINT64_MAX, .badge = UINT64_MAX, .level = JOURNAL_ERROR};
	char buf[JOURNAL_LINE_MAX + 1];
	size_t len = 0;

	memset(rec.msg, 0x7f, JOURNAL_MSG_MAX);
	rec.len = JOURNAL_MSG_MAX;
	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf), &len), 0);
	ck_assert_uint_eq(len, JOURNAL_LINE_MAX);
	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf) - 1, &len), ERR_NOSPC);
}
END_TEST

START_TEST(test_format_rejects_bad_record)
{
	struct journal_record rec = {.level = JOURNAL_LEVELS};
	char buf[JOURNAL_LINE_MAX + 1];
	size_t len = 99;

	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf), &len), ERR_INVAL);
	rec.level = JOURNAL_INFO;
	rec.len = JOURNAL_MSG_MAX + 1;
	ck_assert_int_eq(journal_format(&rec, buf, sizeof(buf), &len), ERR_INVAL);
	ck_assert_uint_eq(len, 99);
	ck_assert_ptr_null(journal_level_name(JOURNAL_LEVELS));
	ck_assert_str_eq(journal_level_name(JOURNAL_ERROR), "ERROR");
}
END_TEST

/* Rate limiter: burst of 3, one token per 10 time units, room for 2 senders. */
#define RL_SENDERS 2u
#define RL_BURST   3u
#define RL_PERIOD  10u

static struct ratelimit_sender senders[RL_SENDERS];

static void make_limiter(struct ratelimit *rl)
{
	ck_assert_int_eq(ratelimit_init(rl, senders, RL_SENDERS, RL_BURST, RL_PERIOD), 0);
}

static struct journal_line line_of(uint64_t seq, const char *text)
{
	return (struct journal_line){.seq = seq, .text = text, .len = strlen(text)};
}

START_TEST(test_pack_lines)
{
	static const char want[] = "4 7 INFO  0x0000000000000101 one\n"
				   "5 7 INFO  0x0000000000000101 two\n";
	struct journal_line recs[2] = {line_of(4, "4 7 INFO  0x0000000000000101 one"),
				       line_of(5, "5 7 INFO  0x0000000000000101 two")};
	char out[CAIRN_IPC_DATA_MAX];
	uint64_t next = 0;

	ck_assert_uint_eq(journal_pack_lines(out, sizeof(out), recs, 2, 6, &next),
			  sizeof(want) - 1);
	ck_assert_mem_eq(out, want, sizeof(want) - 1);
	ck_assert_uint_eq(next, 6);
	ck_assert_uint_eq(journal_pack_lines(out, sizeof(out), NULL, 0, 9, &next), 0); /* none */
	ck_assert_uint_eq(next, 9);
}
END_TEST

START_TEST(test_pack_lines_stops_at_room)
{
	static char text[131];
	struct journal_line recs[SVC_LOG_TAIL_MAX];
	char out[CAIRN_IPC_DATA_MAX];
	uint64_t next = 0;

	memset(text, 'x', 130);
	for (uint32_t i = 0; i < SVC_LOG_TAIL_MAX; i++)
		recs[i] = line_of(10 + i, text);
	/* each line is 130 bytes and its newline: one fits in 240, two do not */
	ck_assert_uint_eq(journal_pack_lines(out, sizeof(out), recs, SVC_LOG_TAIL_MAX, 99, &next),
			  131);
	ck_assert_uint_eq(next, 11);
	ck_assert_uint_eq(out[130], '\n');
}
END_TEST

START_TEST(test_pack_lines_cuts_a_long_line)
{
	static char text[SVC_LOG_LINE_MAX + 400];
	struct journal_line r = {.seq = 1, .text = text, .len = sizeof(text)};
	char out[CAIRN_IPC_DATA_MAX];
	uint64_t next = 0;

	memset(text, 'a', sizeof(text));
	ck_assert_uint_eq(journal_pack_lines(out, sizeof(out), &r, 1, 2, &next),
			  CAIRN_IPC_DATA_MAX);
	ck_assert_mem_eq(&out[SVC_LOG_LINE_MAX - 3], "...\n", 4);
	ck_assert_uint_eq(next, 2);
	r.len = SVC_LOG_LINE_MAX + 1; /* one over the bound is cut */
	(void)journal_pack_lines(out, sizeof(out), &r, 1, 2, &next);
	ck_assert_mem_eq(&out[SVC_LOG_LINE_MAX - 3], "...\n", 4);
	r.len = SVC_LOG_LINE_MAX; /* one at it is whole */
	ck_assert_uint_eq(journal_pack_lines(out, sizeof(out), &r, 1, 2, &next),
			  CAIRN_IPC_DATA_MAX);
	ck_assert_mem_eq(&out[SVC_LOG_LINE_MAX - 3], "aaa\n", 4);
}
END_TEST

START_TEST(test_ratelimit_init_errors)
{
	struct ratelimit rl = {.burst = 99};

	ck_assert_int_eq(ratelimit_init(&rl, NULL, RL_SENDERS, RL_BURST, RL_PERIOD), ERR_INVAL);
	ck_assert_int_eq(ratelimit_init(&rl, senders, 0, RL_BURST, RL_PERIOD), ERR_INVAL);
	ck_assert_int_eq(ratelimit_init(&rl, senders, RL_SENDERS, 0, RL_PERIOD), ERR_INVAL);
	ck_assert_int_eq(ratelimit_init(&rl, senders, RL_SENDERS, RL_BURST, 0), ERR_INVAL);
	ck_assert_uint_eq(rl.burst, 99);
}
END_TEST

START_TEST(test_ratelimit_burst_then_deny)
{
	struct ratelimit rl;
	struct ratelimit_sender s;

	make_limiter(&rl);
	for (unsigned i = 0; i < RL_BURST; i++)
		ck_assert_int_eq(ratelimit_admit(&rl, 5, 0), RATELIMIT_ADMIT);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 0), RATELIMIT_DENY);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, RL_PERIOD - 1), RATELIMIT_DENY);
	ck_assert_int_eq(ratelimit_admit(&rl, 6, 0), RATELIMIT_ADMIT); /* others unaffected */
	ck_assert_int_eq(ratelimit_query(&rl, 5, &s), 0);
	ck_assert_uint_eq(s.admitted, RL_BURST);
	ck_assert_uint_eq(s.denied, 2);
}
END_TEST

START_TEST(test_ratelimit_refill_keeps_remainder)
{
	struct ratelimit rl;
	struct ratelimit_sender s;

	make_limiter(&rl);
	for (unsigned i = 0; i < RL_BURST; i++)
		ratelimit_admit(&rl, 5, 0);
	/* 15 units: one token earned, 5 units carried toward the next */
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 15), RATELIMIT_ADMIT);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 15), RATELIMIT_DENY);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 20), RATELIMIT_ADMIT);
	/* a long silence refills to the burst, never beyond */
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 1000000), RATELIMIT_ADMIT);
	ck_assert_int_eq(ratelimit_query(&rl, 5, &s), 0);
	ck_assert_uint_eq(s.tokens, RL_BURST - 1);
	ck_assert_uint_eq(s.refilled, 1000000);
}
END_TEST

START_TEST(test_ratelimit_time_backwards)
{
	struct ratelimit rl;

	make_limiter(&rl);
	for (unsigned i = 0; i < RL_BURST; i++)
		ratelimit_admit(&rl, 5, 1000);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 0), RATELIMIT_DENY);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, 1000 + RL_PERIOD), RATELIMIT_ADMIT);
	ck_assert_int_eq(ratelimit_admit(&rl, 5, UINT64_MAX), RATELIMIT_ADMIT);
}
END_TEST

START_TEST(test_ratelimit_evicts_least_recent)
{
	struct ratelimit rl;
	struct ratelimit_sender s;

	make_limiter(&rl);
	for (unsigned i = 0; i < RL_BURST + 1; i++)
		ratelimit_admit(&rl, 1, 0); /* sender 1 used up, one denial */
	ratelimit_admit(&rl, 2, 0);
	ratelimit_admit(&rl, 1, 0); /* 1 is now the most recent */
	ck_assert_int_eq(ratelimit_admit(&rl, 3, 0), RATELIMIT_ADMIT);
	ck_assert_uint_eq(rl.evictions, 1);
	ck_assert_int_eq(ratelimit_query(&rl, 2, &s), ERR_NOTFOUND);
	ck_assert_int_eq(ratelimit_query(&rl, 1, &s), 0);
	ck_assert_uint_eq(s.denied, 2);
	/* 1 is evicted next and comes back with a full bucket and clean counts */
	ratelimit_admit(&rl, 4, 0);
	ck_assert_int_eq(ratelimit_query(&rl, 1, &s), ERR_NOTFOUND);
	ck_assert_int_eq(ratelimit_admit(&rl, 1, 0), RATELIMIT_ADMIT);
	ck_assert_int_eq(ratelimit_query(&rl, 1, &s), 0);
	ck_assert_uint_eq(s.denied, 0);
	ck_assert_uint_eq(s.tokens, RL_BURST - 1);
	ck_assert_uint_eq(rl.evictions, 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_init_rejects_bad_storage);
	tcase_add_test(tc, test_append_stores_fields);
	tcase_add_test(tc, test_append_errors_leave_journal_alone);
	tcase_add_test(tc, test_full_journal_overwrites_oldest);
	tcase_add_test(tc, test_tail_limits);
	tcase_add_test(tc, test_read_from_without_gap);
	tcase_add_test(tc, test_read_from_reports_gap);
	tcase_add_test(tc, test_read_from_errors);
	tcase_add_test(tc, test_format_line);
	tcase_add_test(tc, test_format_exact_fit_and_too_small);
	tcase_add_test(tc, test_format_worst_case_fits_line_max);
	tcase_add_test(tc, test_format_rejects_bad_record);
	tcase_add_test(tc, test_pack_lines);
	tcase_add_test(tc, test_pack_lines_stops_at_room);
	tcase_add_test(tc, test_pack_lines_cuts_a_long_line);
	tcase_add_test(tc, test_ratelimit_init_errors);
	tcase_add_test(tc, test_ratelimit_burst_then_deny);
	tcase_add_test(tc, test_ratelimit_refill_keeps_remainder);
	tcase_add_test(tc, test_ratelimit_time_backwards);
	tcase_add_test(tc, test_ratelimit_evicts_least_recent);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
