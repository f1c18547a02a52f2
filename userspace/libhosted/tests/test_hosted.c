/*
 * Host tests of libhosted's pure parts: the line discipline (typing,
 * erasing, line ends, end of file, dropped control bytes and escape
 * sequences, a full line), the heap's arithmetic (the break's moves and
 * bounds, the doubling of the VMOs and the smallest fallback), and the
 * output buffering (line ends, CRLF, a full buffer, unbuffered streams);
 * the file layer's suite is test_hosted_fs.c's, the allocator's
 * test_hosted_alloc.c's, the number reader's test_hosted_number.c's.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "hosted_heap.h"
#include "hosted_line.h"
#include "hosted_out.h"
#include "test_hosted_alloc.h"
#include "test_hosted_fs.h"
#include "test_hosted_number.h"

/* ---- the line discipline ---- */

/* Feeds `typed`; returns the last result; the echo of all of it goes to echoed. */
static enum hosted_line_result type(struct hosted_line *l, const char *typed, size_t n,
				    char *echoed, size_t *echoed_len)
{
	enum hosted_line_result r = HOSTED_LINE_MORE;

	*echoed_len = 0;
	for (size_t i = 0; i < n; i++) {
		struct hosted_echo echo;

		ck_assert_int_eq(r, HOSTED_LINE_MORE);
		r = hosted_line_feed(l, (uint8_t)typed[i], &echo);
		memcpy(echoed + *echoed_len, echo.bytes, echo.len);
		*echoed_len += echo.len;
	}
	return r;
}

#define TYPE(l, s, e, n) type((l), (s), sizeof(s) - 1, (e), (n))

START_TEST(test_line_plain)
{
	struct hosted_line l;
	char echoed[64];
	size_t n;

	hosted_line_init(&l);
	ck_assert_int_eq(TYPE(&l, "ls -l\r", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 6);
	ck_assert_mem_eq(l.text, "ls -l\n", 6);
	ck_assert_uint_eq(n, 7);
	ck_assert_mem_eq(echoed, "ls -l\r\n", 7);
	/* a LF right after the CR is its pair: dropped, not an empty line */
	hosted_line_next(&l);
	ck_assert_int_eq(TYPE(&l, "\nab\n", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_mem_eq(l.text, "ab\n", 3);
	ck_assert_uint_eq(l.len, 3);
	/* a LF alone ends a line, and so does a second LF (an empty line) */
	hosted_line_next(&l);
	ck_assert_int_eq(TYPE(&l, "\n", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 1);
	ck_assert_mem_eq(echoed, "\r\n", 2);
}
END_TEST

START_TEST(test_line_erase)
{
	struct hosted_line l;
	char echoed[64];
	size_t n;

	hosted_line_init(&l);
	/* BS and DEL both erase; erasing an empty line echoes nothing */
	ck_assert_int_eq(TYPE(&l,
			      "\b\x7f"
			      "abc\b\x7f"
			      "d\r",
			      echoed, &n),
			 HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 3);
	ck_assert_mem_eq(l.text, "ad\n", 3);
	ck_assert_uint_eq(n, 3 + 3 + 3 + 1 + 2);
	ck_assert_mem_eq(echoed, "abc\b \b\b \bd\r\n", n);
	/* a UTF-8 character goes whole: e-acute is two bytes, one erase */
	hosted_line_next(&l);
	ck_assert_int_eq(TYPE(&l, "x\xc3\xa9\x7f\r", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 2);
	ck_assert_mem_eq(l.text, "x\n", 2);
}
END_TEST

START_TEST(test_line_eof_and_controls)
{
	struct hosted_line l;
	char echoed[64];
	size_t n;

	hosted_line_init(&l);
	ck_assert_int_eq(TYPE(&l, "\x04", echoed, &n), HOSTED_LINE_EOF);
	ck_assert_uint_eq(n, 0);
	hosted_line_next(&l);
	/* Ctrl-D inside a line hands it over without a newline */
	ck_assert_int_eq(TYPE(&l, "ab\x04", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 2);
	ck_assert_mem_eq(l.text, "ab", 2);
	hosted_line_next(&l);
	/* Ctrl-C and other controls are dropped; tab is kept */
	ck_assert_int_eq(TYPE(&l, "a\x03\x01\x02\tb\r", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 4);
	ck_assert_mem_eq(l.text, "a\tb\n", 4);
	ck_assert_mem_eq(echoed, "a\tb\r\n", 5);
}
END_TEST

START_TEST(test_line_escapes)
{
	struct hosted_line l;
	char echoed[64];
	size_t n;

	hosted_line_init(&l);
	/* up arrow (CSI A), delete (CSI 3 ~), F1 (SS3 P), ESC x: all swallowed */
	ck_assert_int_eq(TYPE(&l, "a\x1b[A\x1b[3~\x1bOP\x1bxb\r", echoed, &n), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, 3);
	ck_assert_mem_eq(l.text, "ab\n", 3);
	ck_assert_mem_eq(echoed, "ab\r\n", 4);
}
END_TEST

START_TEST(test_line_full)
{
	struct hosted_line l;
	struct hosted_echo echo;

	hosted_line_init(&l);
	for (uint32_t i = 0; i < HOSTED_LINE_MAX - 1; i++) {
		ck_assert_int_eq(hosted_line_feed(&l, 'x', &echo), HOSTED_LINE_MORE);
		ck_assert_uint_eq(echo.len, 1);
	}
	ck_assert_int_eq(hosted_line_feed(&l, 'y', &echo), HOSTED_LINE_MORE);
	ck_assert_uint_eq(echo.len, 1);
	ck_assert_int_eq(echo.bytes[0], '\a');
	ck_assert_uint_eq(l.len, HOSTED_LINE_MAX - 1);
	ck_assert_int_eq(hosted_line_feed(&l, '\r', &echo), HOSTED_LINE_DONE);
	ck_assert_uint_eq(l.len, HOSTED_LINE_MAX);
	ck_assert_int_eq(l.text[HOSTED_LINE_MAX - 1], '\n');
	ck_assert_int_eq(l.text[HOSTED_LINE_MAX - 2], 'x');
}
END_TEST

/* ---- the heap ---- */

#define MIB (1ull << 20)

START_TEST(test_heap_move)
{
	struct hosted_heap h = {.brk = 100, .mapped = MIB, .window = 10 * MIB};
	uint64_t brk = 7;

	ck_assert_int_eq(hosted_heap_move(&h, 0, &brk), 0);
	ck_assert_uint_eq(brk, 100);
	ck_assert_int_eq(hosted_heap_move(&h, 28, &brk), 0);
	ck_assert_uint_eq(brk, 128);
	ck_assert_int_eq(hosted_heap_move(&h, -100, &brk), 0);
	ck_assert_uint_eq(brk, 0);
	brk = 7;
	ck_assert_int_eq(hosted_heap_move(&h, -101, &brk), ERR_RANGE);
	ck_assert_int_eq(hosted_heap_move(&h, INT64_MIN, &brk), ERR_RANGE);
	ck_assert_int_eq(hosted_heap_move(&h, INT64_MAX, &brk), ERR_RANGE);
	ck_assert_int_eq(hosted_heap_move(&h, (int64_t)(10 * MIB - 100) + 1, &brk), ERR_RANGE);
	ck_assert_uint_eq(brk, 7);
	ck_assert_int_eq(hosted_heap_move(&h, (int64_t)(10 * MIB - 100), &brk), 0);
	ck_assert_uint_eq(brk, 10 * MIB);
}
END_TEST

/* Growing to want bytes with preferred chunks: each as large as the heap so far, capped. */
START_TEST(test_heap_doubling)
{
	static const uint64_t expect[] = {1, 1, 2, 4, 8, 16, 16, 16};
	struct hosted_heap h = {.brk = 0, .mapped = 0, .window = HOSTED_HEAP_WINDOW};
	uint32_t chunks = 0;
	uint64_t size;

	while ((size = hosted_heap_chunk(&h, 64 * MIB, false)) != 0) {
		ck_assert_uint_lt(chunks, sizeof(expect) / sizeof(expect[0]));
		ck_assert_uint_eq(size, expect[chunks] * MIB);
		h.mapped += size;
		chunks++;
	}
	ck_assert_uint_eq(chunks, 8);
	ck_assert_uint_eq(h.mapped, 64 * MIB);
	/* one byte past what is mapped asks for one more chunk of the cap */
	ck_assert_uint_eq(hosted_heap_chunk(&h, 64 * MIB + 1, false), HOSTED_HEAP_CHUNK_MAX);
	ck_assert_uint_eq(HOSTED_HEAP_CHUNK_MAX, 16 * MIB);
}
END_TEST

START_TEST(test_heap_least_and_window)
{
	struct hosted_heap h = {.brk = 0, .mapped = 3 * MIB, .window = 4 * MIB + 8192};

	/* least: only what is lacking, page-rounded */
	ck_assert_uint_eq(hosted_heap_chunk(&h, 3 * MIB + 1, true), 4096);
	ck_assert_uint_eq(hosted_heap_chunk(&h, 3 * MIB + 4096, true), 4096);
	ck_assert_uint_eq(hosted_heap_chunk(&h, 3 * MIB + 4097, true), 8192);
	/* preferred would be 3 MiB, but the window has 1 MiB + 8 KiB left */
	ck_assert_uint_eq(hosted_heap_chunk(&h, 3 * MIB + 1, false), MIB + 8192);
	/* nothing needed */
	ck_assert_uint_eq(hosted_heap_chunk(&h, 3 * MIB, false), 0);
	ck_assert_uint_eq(hosted_heap_chunk(&h, 0, true), 0);
	/* least never over the cap */
	h = (struct hosted_heap){.mapped = 0, .window = HOSTED_HEAP_WINDOW};
	ck_assert_uint_eq(hosted_heap_chunk(&h, 100 * MIB, true), HOSTED_HEAP_CHUNK_MAX);
	/* the first chunk is 1 MiB even for one byte; least gives a page */
	ck_assert_uint_eq(hosted_heap_chunk(&h, 1, false), HOSTED_HEAP_FIRST);
	ck_assert_uint_eq(hosted_heap_chunk(&h, 1, true), 4096);
	/* a heap of a page (after a least chunk) asks for the first size next */
	h.mapped = 4096;
	ck_assert_uint_eq(hosted_heap_chunk(&h, 8192, false), HOSTED_HEAP_FIRST);
	/* a full window gives nothing */
	h.mapped = h.window;
	ck_assert_uint_eq(hosted_heap_chunk(&h, h.window + 1, false), 0);
}
END_TEST

/* ---- output buffering ---- */

START_TEST(test_out_line_buffered)
{
	struct hosted_out o;

	hosted_out_init(&o, true, false);
	ck_assert(hosted_out_fits(&o, 'a'));
	ck_assert(!hosted_out_put(&o, 'a'));
	ck_assert(!hosted_out_put(&o, 'b'));
	ck_assert(hosted_out_put(&o, '\n'));
	ck_assert_uint_eq(o.len, 4);
	ck_assert_mem_eq(o.buf, "ab\r\n", 4);
	hosted_out_drained(&o);
	ck_assert_uint_eq(o.len, 0);
	/* without crlf a newline stays one byte */
	hosted_out_init(&o, false, false);
	ck_assert(hosted_out_put(&o, '\n'));
	ck_assert_uint_eq(o.len, 1);
}
END_TEST

START_TEST(test_out_full)
{
	struct hosted_out o;

	hosted_out_init(&o, true, false);
	for (uint32_t i = 0; i < HOSTED_OUT_MAX - 2; i++)
		ck_assert(!hosted_out_put(&o, 'x'));
	/* one byte fits, and so does a newline with its CR: exactly full */
	ck_assert(hosted_out_fits(&o, '\n'));
	ck_assert(!hosted_out_put(&o, 'y'));
	/* now a newline with its CR does not fit, a plain byte does and fills it */
	ck_assert(!hosted_out_fits(&o, '\n'));
	ck_assert(hosted_out_fits(&o, 'z'));
	ck_assert(hosted_out_put(&o, 'z'));
	ck_assert_uint_eq(o.len, HOSTED_OUT_MAX);
	ck_assert(!hosted_out_fits(&o, 'z'));
}
END_TEST

START_TEST(test_out_unbuffered)
{
	struct hosted_out o;

	hosted_out_init(&o, false, true);
	ck_assert(hosted_out_put(&o, 'a'));
	ck_assert_uint_eq(o.len, 1);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("hosted");
	TCase *line = tcase_create("line");
	TCase *heap = tcase_create("heap");
	TCase *out = tcase_create("out");
	SRunner *sr;
	int failed;

	tcase_add_test(line, test_line_plain);
	tcase_add_test(line, test_line_erase);
	tcase_add_test(line, test_line_eof_and_controls);
	tcase_add_test(line, test_line_escapes);
	tcase_add_test(line, test_line_full);
	tcase_add_test(heap, test_heap_move);
	tcase_add_test(heap, test_heap_doubling);
	tcase_add_test(heap, test_heap_least_and_window);
	tcase_add_test(out, test_out_line_buffered);
	tcase_add_test(out, test_out_full);
	tcase_add_test(out, test_out_unbuffered);
	suite_add_tcase(su, line);
	suite_add_tcase(su, heap);
	suite_add_tcase(su, out);
	sr = srunner_create(su);
	srunner_add_suite(sr, hosted_fs_suite());
	srunner_add_suite(sr, hosted_alloc_suite());
	srunner_add_suite(sr, hosted_number_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
