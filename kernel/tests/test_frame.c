/*
 * Host tests of the frame allocator's pure core (kernel/mm/frame.c): which
 * frames start free, the order and uniqueness of allocation, exhaustion, and
 * the refusals of a double free, a misaligned, a foreign and a reserved frame.
 * The "physical" addresses are plain numbers: the core never touches frames.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "cairn/frame.h"
#include "check_main.h"

#define BASE  0x80000000ULL
#define COUNT 64u

static uint32_t link_words[COUNT];

static uint64_t frame_at(uint32_t i)
{
	return BASE + (uint64_t)i * FRAME_SIZE;
}

/* 64 frames of memory; frames 0..3 and 10..11 are holes. */
static struct frame_alloc make_alloc(void)
{
	const struct frame_range mem[] = {{BASE, frame_at(COUNT)}};
	const struct frame_range holes[] = {{BASE, frame_at(4)}, {frame_at(10), frame_at(12)}};
	struct frame_alloc fa;

	ck_assert_int_eq(frame_init(BASE, COUNT, link_words, mem, 1, holes, 2, &fa), 0);
	return fa;
}

START_TEST(test_counts_exclude_holes)
{
	struct frame_alloc fa = make_alloc();

	ck_assert_uint_eq(fa.usable, COUNT - 6);
	ck_assert_uint_eq(fa.free, COUNT - 6);
	ck_assert_uint_eq(frame_meta_bytes(COUNT), COUNT * sizeof(uint32_t));
}
END_TEST

START_TEST(test_alloc_all_ascending_distinct)
{
	struct frame_alloc fa = make_alloc();
	uint64_t prev = 0;
	uint64_t pa;
	uint32_t n = 0;

	while (frame_alloc(&fa, &pa) == 0) {
		ck_assert_uint_gt(pa, prev);
		ck_assert_uint_eq(pa % FRAME_SIZE, 0);
		ck_assert(pa >= frame_at(4));
		ck_assert(pa < frame_at(10) || pa >= frame_at(12));
		ck_assert(frame_is_allocated(&fa, pa));
		prev = pa;
		n++;
	}
	ck_assert_uint_eq(n, COUNT - 6);
	ck_assert_uint_eq(fa.free, 0);
}
END_TEST

START_TEST(test_exhaustion_leaves_output_alone)
{
	struct frame_alloc fa = make_alloc();
	uint64_t pa;

	while (frame_alloc(&fa, &pa) == 0)
		;
	pa = 42;
	ck_assert_int_eq(frame_alloc(&fa, &pa), ERR_NOMEM);
	ck_assert_uint_eq(pa, 42);
}
END_TEST

START_TEST(test_free_then_reuse)
{
	struct frame_alloc fa = make_alloc();
	uint64_t a;
	uint64_t b;

	ck_assert_int_eq(frame_alloc(&fa, &a), 0);
	ck_assert_int_eq(frame_free(&fa, a), 0);
	ck_assert(!frame_is_allocated(&fa, a));
	ck_assert_uint_eq(fa.free, fa.usable);
	ck_assert_int_eq(frame_alloc(&fa, &b), 0);
	ck_assert_uint_eq(a, b);
}
END_TEST

START_TEST(test_bad_frees_refused)
{
	struct frame_alloc fa = make_alloc();
	uint64_t a;

	ck_assert_int_eq(frame_alloc(&fa, &a), 0);
	ck_assert_int_eq(frame_free(&fa, a + 8), ERR_ALIGN);
	ck_assert_int_eq(frame_free(&fa, BASE - FRAME_SIZE), ERR_RANGE);
	ck_assert_int_eq(frame_free(&fa, frame_at(COUNT)), ERR_RANGE);
	ck_assert_int_eq(frame_free(&fa, frame_at(10)), ERR_RANGE); /* reserved */
	ck_assert_int_eq(frame_free(&fa, frame_at(20)), ERR_BUSY);  /* never handed out */
	ck_assert_int_eq(frame_free(&fa, a), 0);
	ck_assert_int_eq(frame_free(&fa, a), ERR_BUSY); /* double free */
	ck_assert_uint_eq(fa.free, fa.usable);
}
END_TEST

START_TEST(test_memory_gaps_are_reserved)
{
	const struct frame_range mem[] = {{BASE, frame_at(8)}, {frame_at(16), frame_at(COUNT)}};
	struct frame_alloc fa;

	ck_assert_int_eq(frame_init(BASE, COUNT, link_words, mem, 2, NULL, 0, &fa), 0);
	ck_assert_uint_eq(fa.usable, COUNT - 8);
	ck_assert_int_eq(frame_free(&fa, frame_at(9)), ERR_RANGE);
}
END_TEST

START_TEST(test_init_refuses_bad_spans)
{
	const struct frame_range mem[] = {{BASE, frame_at(COUNT)}};
	const struct frame_range holes[FRAME_MAX_HOLES + 1] = {{0, 0}};
	struct frame_alloc fa = {.count = 7};

	ck_assert_int_eq(frame_init(BASE + 1, COUNT, link_words, mem, 1, NULL, 0, &fa), ERR_ALIGN);
	ck_assert_int_eq(frame_init(BASE, 0, link_words, mem, 1, NULL, 0, &fa), ERR_RANGE);
	ck_assert_int_eq(
		frame_init(UINT64_MAX - FRAME_SIZE + 1, COUNT, link_words, mem, 1, NULL, 0, &fa),
		ERR_RANGE);
	ck_assert_int_eq(
		frame_init(BASE, COUNT, link_words, mem, 1, holes, FRAME_MAX_HOLES + 1, &fa),
		ERR_NOSPC);
	ck_assert_uint_eq(fa.count, 7);
}
END_TEST

static Suite *frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_counts_exclude_holes);
	tcase_add_test(tc, test_alloc_all_ascending_distinct);
	tcase_add_test(tc, test_exhaustion_leaves_output_alone);
	tcase_add_test(tc, test_free_then_reuse);
	tcase_add_test(tc, test_bad_frees_refused);
	tcase_add_test(tc, test_memory_gaps_are_reserved);
	tcase_add_test(tc, test_init_refuses_bad_spans);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return check_run(srunner_create(frame_suite()));
}
