/*
 * Host tests of the allocator's core (hosted_alloc.h) over a fake break:
 * the edges (0, too large, calloc's overflow, realloc of NULL and to 0,
 * alignments, a grow function that runs dry), merging on both sides,
 * realloc in place, regions that do not follow one another, and a long
 * random run against a model in which every live byte is checked and the
 * whole heap is walked after every step. A timed run of 200,000 blocks
 * freed in order and in reverse prints its cost.
 */
#include "test_hosted_alloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hosted_alloc.h"

#define ARENA_BYTES (96u << 20)

/* The fake break: a region handed out from the bottom, with an optional gap before the next grant.
 */
struct fake_brk {
	unsigned char *base;
	size_t brk;
	size_t cap;
	size_t gap;   /* bytes skipped before the next grant, then 0 */
	size_t calls; /* grants made */
};

static void *fake_grow(void *ctx, size_t incr)
{
	struct fake_brk *f = ctx;
	size_t at = f->brk + f->gap;

	if (at > f->cap || incr > f->cap - at)
		return NULL;
	f->gap = 0;
	f->brk = at + incr;
	f->calls++;
	return f->base + at;
}

static struct fake_brk fake;
static struct hosted_alloc heap;

static void setup(void)
{
	fake = (struct fake_brk){.base = aligned_alloc(4096, ARENA_BYTES), .cap = ARENA_BYTES};
	ck_assert_ptr_nonnull(fake.base);
	hosted_alloc_init(&heap, fake_grow, &fake);
}

static void teardown(void)
{
	free(fake.base);
}

static struct hosted_alloc_stats checked(void)
{
	struct hosted_alloc_stats st;

	ck_assert_int_eq(hosted_alloc_check(&heap, &st), 0);
	return st;
}

static void assert_aligned(const void *p, size_t align)
{
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq((uintptr_t)p % align, 0);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != 0)
			return false;
	}
	return true;
}

START_TEST(test_alloc_edges)
{
	void *p = hosted_alloc_malloc(&heap, 0);
	unsigned char *q;

	assert_aligned(p, 16);
	ck_assert_uint_ge(hosted_alloc_usable(p), 16);
	ck_assert_uint_eq(hosted_alloc_usable(NULL), 0);
	ck_assert_ptr_null(hosted_alloc_malloc(&heap, (size_t)HOSTED_ALLOC_MAX + 1));
	ck_assert_ptr_null(hosted_alloc_malloc(&heap, SIZE_MAX));
	ck_assert_ptr_null(hosted_alloc_calloc(&heap, SIZE_MAX / 2 + 1, 2));
	ck_assert_ptr_null(hosted_alloc_calloc(&heap, 2, SIZE_MAX / 2 + 1));
	ck_assert_ptr_null(hosted_alloc_realloc(&heap, p, SIZE_MAX));
	ck_assert_uint_eq(checked().used_blocks, 1); /* p untouched by the failed realloc */
	ck_assert_ptr_null(hosted_alloc_realloc(&heap, p, 0));
	ck_assert_uint_eq(checked().used_blocks, 0);
	hosted_alloc_free(&heap, NULL);
	/* calloc zeroes memory that was dirty */
	q = hosted_alloc_malloc(&heap, 1000);
	memset(q, 0xa5, 1000);
	hosted_alloc_free(&heap, q);
	q = hosted_alloc_calloc(&heap, 10, 100);
	ck_assert_ptr_nonnull(q);
	ck_assert(all_zero(q, 1000));
	ck_assert_ptr_null(hosted_alloc_memalign(&heap, 3, 8));
	ck_assert_ptr_null(hosted_alloc_memalign(&heap, 0, 8));
	p = hosted_alloc_realloc(&heap, NULL, 40);
	assert_aligned(p, 16);
	ck_assert_uint_eq(checked().used_blocks, 2);
}
END_TEST

START_TEST(test_alloc_aligned)
{
	static const size_t aligns[] = {1, 8, 16, 32, 64, 256, 4096, 65536};
	void *p[sizeof(aligns) / sizeof(aligns[0])];

	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		p[i] = hosted_alloc_memalign(&heap, aligns[i], 24 + i * 1000);
		assert_aligned(p[i], aligns[i] < 16 ? 16 : aligns[i]);
		ck_assert_uint_ge(hosted_alloc_usable(p[i]), 24 + i * 1000);
		memset(p[i], (int)i, 24 + i * 1000);
		checked();
	}
	for (size_t i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++)
		hosted_alloc_free(&heap, p[i]);
	ck_assert_uint_eq(checked().free_blocks, 1); /* all merged back into one */
}
END_TEST

START_TEST(test_alloc_merging)
{
	void *a = hosted_alloc_malloc(&heap, 100);
	void *b = hosted_alloc_malloc(&heap, 100);
	void *c = hosted_alloc_malloc(&heap, 100);
	void *d = hosted_alloc_malloc(&heap, 100);
	struct hosted_alloc_stats st;

	hosted_alloc_free(&heap, a);
	hosted_alloc_free(&heap, c);
	ck_assert_uint_eq(checked().free_blocks, 3); /* a, c and the top */
	hosted_alloc_free(&heap, b);		     /* joins a and c */
	st = checked();
	ck_assert_uint_eq(st.free_blocks, 2);
	hosted_alloc_free(&heap, d); /* joins the lot and the top */
	st = checked();
	ck_assert_uint_eq(st.free_blocks, 1);
	ck_assert_uint_eq(st.used_blocks, 0);
	ck_assert_uint_eq(st.top_free, st.free_bytes);
	/* a freed block is taken again: no growth */
	a = hosted_alloc_malloc(&heap, 1000);
	ck_assert_uint_eq(fake.calls, 1);
	hosted_alloc_free(&heap, a);
	hosted_alloc_free(&heap, a); /* a second free leaves the heap alone */
	ck_assert_uint_eq(checked().free_blocks, 1);
}
END_TEST

START_TEST(test_alloc_realloc_in_place)
{
	unsigned char *a = hosted_alloc_malloc(&heap, 100);
	unsigned char *b = hosted_alloc_malloc(&heap, 100);
	void *guard = hosted_alloc_malloc(&heap, 16);
	unsigned char *top;

	memset(a, 7, 100);
	hosted_alloc_free(&heap, b);
	ck_assert_ptr_eq(hosted_alloc_realloc(&heap, a, 200), a); /* into the free block after it */
	ck_assert_uint_eq(a[99], 7);
	ck_assert_ptr_eq(hosted_alloc_realloc(&heap, a, 20), a); /* shrinks where it is */
	checked();
	/* the last block grows with the heap, by doubling to many times the first grant */
	top = hosted_alloc_malloc(&heap, 1000);
	memset(top, 9, 1000);
	for (size_t n = 2000; n <= (8u << 20); n *= 2) {
		ck_assert_ptr_eq(hosted_alloc_realloc(&heap, top, n), top);
		ck_assert_uint_eq(top[n / 2 - 1], n == 2000 ? 9 : 0);
		memset(top, 0, n);
		checked();
	}
	/* a block that cannot grow where it is moves, its bytes with it */
	memset(a, 5, 20);
	b = hosted_alloc_realloc(&heap, a, 5000);
	ck_assert_ptr_ne(b, a);
	ck_assert_uint_eq(b[19], 5);
	(void)guard;
	checked();
}
END_TEST

START_TEST(test_alloc_regions_and_exhaustion)
{
	void *a = hosted_alloc_malloc(&heap, 1000);
	void *b;
	struct hosted_alloc_stats st;

	fake.gap = 40; /* someone else moved the break, by a size that is not 16-aligned */
	b = hosted_alloc_malloc(&heap, 200000);
	assert_aligned(b, 16);
	memset(b, 1, 200000);
	st = checked();
	ck_assert_uint_eq(st.used_blocks, 2);
	/* the heap cannot pass the break's end: NULL, and the heap still whole */
	ck_assert_ptr_null(hosted_alloc_malloc(&heap, ARENA_BYTES));
	ck_assert_ptr_null(hosted_alloc_realloc(&heap, b, ARENA_BYTES));
	hosted_alloc_free(&heap, a);
	hosted_alloc_free(&heap, b);
	st = checked();
	ck_assert_uint_eq(st.used_blocks, 0);
	ck_assert_uint_eq(st.free_blocks, 2); /* one per region */
}
END_TEST

/* ---- the random run against a model ---- */

#define SLOTS 256
#define STEPS 20000

struct live {
	unsigned char *p;
	size_t n;
	uint8_t seed;
};

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t random_size(void)
{
	uint64_t r = rng() % 100;

	if (r < 70)
		return (size_t)(rng() % 600);
	if (r < 97)
		return (size_t)(rng() % 10000);
	return (size_t)(rng() % 400000);
}

static void fill(const struct live *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->p[i] = (uint8_t)(l->seed + i * 31);
}

/* The first n bytes of l hold its pattern (one assertion: Check's are slow by the byte). */
static void verify(const struct live *l, size_t n)
{
	size_t i = 0;

	while (i < n && l->p[i] == (uint8_t)(l->seed + i * 31))
		i++;
	ck_assert_uint_eq(i, n);
}

/* One random operation on slot l: allocate into an empty slot, else free or resize. */
static void step(struct live *l)
{
	uint64_t op = rng() % 4;
	size_t n = random_size();
	unsigned char *q;

	if (l->p == NULL) {
		size_t align = (size_t)1 << (rng() % 13);

		q = op == 0   ? hosted_alloc_calloc(&heap, 1, n)
		    : op == 1 ? hosted_alloc_memalign(&heap, align, n)
			      : hosted_alloc_malloc(&heap, n);
		assert_aligned(q, op == 1 && align > 16 ? align : 16);
		ck_assert(op != 0 || all_zero(q, n));
		*l = (struct live){.p = q, .n = n, .seed = (uint8_t)rng()};
	} else if (op < 2) {
		verify(l, l->n);
		hosted_alloc_free(&heap, l->p);
		*l = (struct live){0};
		return;
	} else {
		q = hosted_alloc_realloc(&heap, l->p, n + 1);
		assert_aligned(q, 16);
		l->p = q;
		verify(l, l->n < n + 1 ? l->n : n + 1);
		l->n = n + 1;
	}
	ck_assert_uint_ge(hosted_alloc_usable(l->p), l->n);
	fill(l);
}

START_TEST(test_alloc_random_against_model)
{
	static struct live slots[SLOTS];
	size_t live = 0;

	rng_state = 0x5eed0000u + (uint64_t)_i;
	memset(slots, 0, sizeof(slots));
	for (int s = 0; s < STEPS; s++) {
		struct live *l = &slots[rng() % SLOTS];
		struct hosted_alloc_stats st;

		live -= l->p != NULL;
		step(l);
		live += l->p != NULL;
		st = checked();
		ck_assert_uint_eq(st.used_blocks, live);
		ck_assert_uint_eq(st.used_bytes + st.free_bytes <= st.arena, 1);
	}
	for (size_t i = 0; i < SLOTS; i++) {
		if (slots[i].p != NULL)
			verify(&slots[i], slots[i].n);
		hosted_alloc_free(&heap, slots[i].p);
	}
	ck_assert_uint_eq(checked().used_blocks, 0);
}
END_TEST

/* ---- the cost of many frees ---- */

#define MANY 200000

static double seconds(void)
{
	struct timespec t;

	(void)clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

START_TEST(test_alloc_many_frees)
{
	static void *p[MANY];
	double t0 = seconds();

	for (int round = 0; round < 2; round++) {
		size_t got = 0;

		for (size_t i = 0; i < MANY; i++) {
			p[i] = hosted_alloc_malloc(&heap, 64);
			got += p[i] != NULL;
		}
		ck_assert_uint_eq(got, MANY);
		for (size_t i = 0; i < MANY; i++)
			hosted_alloc_free(&heap, p[round == 0 ? i : MANY - 1 - i]);
	}
	(void)printf("hosted_alloc: 2 x %d mallocs of 64 bytes, freed in order then in reverse: "
		     "%.1f ms\n",
		     MANY, (seconds() - t0) * 1e3);
	ck_assert_uint_eq(checked().free_blocks, 1);
}
END_TEST

Suite *hosted_alloc_suite(void)
{
	Suite *su = suite_create("hosted_alloc");
	TCase *tc = tcase_create("alloc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_alloc_edges);
	tcase_add_test(tc, test_alloc_aligned);
	tcase_add_test(tc, test_alloc_merging);
	tcase_add_test(tc, test_alloc_realloc_in_place);
	tcase_add_test(tc, test_alloc_regions_and_exhaustion);
	tcase_add_loop_test(tc, test_alloc_random_against_model, 0, 3);
	tcase_add_test(tc, test_alloc_many_frees);
	suite_add_tcase(su, tc);
	return su;
}
