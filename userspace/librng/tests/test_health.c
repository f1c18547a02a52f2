/*
 * Host tests of the health tests alone (rng_health_*): the cutoffs computed
 * again from SP 800-90B's formulas, the repetition count test failing at the
 * 21st identical sample and passing runs of 20, the adaptive proportion test
 * at its exact boundary, per window and against biased sources, and the
 * latch. What the generator does about a failure is in test_rng.c.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "rng.h"
#include "rng_tests.h"

#define ALPHA (1.0 / (1u << 20)) /* the false-alarm rate, 2^-20 */

/* P[X = k] for X ~ Bin(n, p), k = 0..n, by the ratio of successive terms (no libm). */
static void binomial_pmf(unsigned n, double p, double *pmf)
{
	pmf[0] = 1.0;
	for (unsigned i = 0; i < n; i++)
		pmf[0] *= 1.0 - p;
	for (unsigned k = 0; k < n; k++)
		pmf[k + 1] = pmf[k] * (double)(n - k) / (double)(k + 1) * p / (1.0 - p);
}

/* Excel's CRITBINOM(n, p, a): the smallest k whose cumulative P[X <= k] reaches a. */
static unsigned critbinom(unsigned n, double p, double a)
{
	double pmf[RNG_APT_WINDOW + 1];
	double cdf = 0.0;

	ck_assert_uint_le(n, RNG_APT_WINDOW);
	binomial_pmf(n, p, pmf);
	for (unsigned k = 0; k <= n; k++) {
		cdf += pmf[k];
		if (cdf >= a)
			return k;
	}
	return n;
}

/* The smallest c with P[X >= c] <= alpha for X ~ Bin(n, p), summing the upper tail. */
static unsigned upper_critical(unsigned n, double p, double alpha)
{
	double pmf[RNG_APT_WINDOW + 1];
	double tail = 0.0;
	unsigned c = n + 1;

	ck_assert_uint_le(n, RNG_APT_WINDOW);
	binomial_pmf(n, p, pmf);
	while (c > 0 && tail + pmf[c - 1] <= alpha) {
		tail += pmf[c - 1];
		c--;
	}
	return c;
}

/*
 * SP 800-90B 4.4.2 defines the cutoff as the critical value at alpha of the
 * binomial with W trials and probability 2^-H: C = 1 + CRITBINOM(W, 2^-H,
 * 1 - alpha) (its Table 2 gives 410 for H = 0.5 and 311 for H = 1 at
 * W = 512). The test as run counts the window's first sample and then
 * matches among the other W - 1, so its count is 1 + Bin(W - 1, 2^-H); the
 * cutoff with a false-alarm rate of at most alpha for that count is one more
 * than the critical value of Bin(W - 1, 2^-H). At H = 1 the two agree.
 */
START_TEST(test_cutoffs_follow_the_standard)
{
	double p = 1.0 / (1u << RNG_H_BITS);
	unsigned standard = 1 + critbinom(RNG_APT_WINDOW, p, 1.0 - ALPHA);
	unsigned exact = 1 + upper_critical(RNG_APT_WINDOW - 1, p, ALPHA);

	ck_assert_uint_eq(standard, RNG_APT_CUTOFF);
	ck_assert_uint_eq(exact, RNG_APT_CUTOFF);
	/* the formula reproduces the standard's own table */
	ck_assert_uint_eq(1 + critbinom(RNG_APT_WINDOW, 0.25, 1.0 - ALPHA), 177);
	ck_assert_uint_eq(1 + critbinom(RNG_APT_WINDOW, 1.0 / 256, 1.0 - ALPHA), 13);
	/* 4.4.1: C = 1 + ceil(-log2(alpha) / H) */
	ck_assert_int_eq(RNG_RCT_CUTOFF, 1 + (20 + RNG_H_BITS - 1) / RNG_H_BITS);
}
END_TEST

START_TEST(test_repetition_fails_at_21st_repeat)
{
	struct rng_health h;
	struct src s;
	uint8_t prefix[100];
	const uint8_t v = 0x3c;

	src_init(&s, 1);
	src_fill(&s, prefix, sizeof(prefix));
	prefix[sizeof(prefix) - 1] = src_byte_not(&s, v);
	rng_health_init(&h);
	ck_assert_int_eq(rng_health_test(&h, prefix, sizeof(prefix)), 0);
	for (int i = 1; i < RNG_RCT_CUTOFF; i++)
		ck_assert_int_eq(rng_health_test(&h, &v, 1), 0);
	ck_assert_uint_eq(h.failed_at, 0);
	ck_assert_int_eq(rng_health_test(&h, &v, 1), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_REPETITION);
	ck_assert_uint_eq(h.failed_at, sizeof(prefix) + RNG_RCT_CUTOFF);
}
END_TEST

START_TEST(test_runs_of_20_pass)
{
	size_t n = (size_t)(RNG_RCT_CUTOFF - 1) * 52429u; /* just over 2^20, whole runs */
	uint8_t *buf = malloc(n);
	struct rng_health h;
	struct src s;

	ck_assert_ptr_nonnull(buf);
	src_init(&s, 2);
	src_fill_runs(&s, buf, n, RNG_RCT_CUTOFF - 1);
	rng_health_init(&h);
	ck_assert_int_eq(rng_health_test(&h, buf, n), 0);
	ck_assert_uint_eq(h.samples, n);
	ck_assert_int_eq(h.failure, RNG_FAIL_NONE);
	/* one more of the last value makes a run of 21 */
	ck_assert_int_eq(rng_health_test(&h, &buf[n - 1], 1), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_REPETITION);
	ck_assert_uint_eq(h.failed_at, n + 1);
	free(buf);
}
END_TEST

/* Where make_window puts the k-th copy (from 1) after the first sample: three of every four places.
 */
static size_t copy_position(unsigned k)
{
	return k + (k - 1) / 3;
}

/*
 * One window: the first sample `a`, then `copies` more of it spread out (at
 * most three in a row), the rest good bytes that are not `a`. Returns the
 * window position (from 0) of the last copy.
 */
static size_t make_window(struct src *s, uint8_t *w, uint8_t a, unsigned copies)
{
	ck_assert_uint_lt(copy_position(copies), RNG_APT_WINDOW);
	for (size_t i = 0; i < RNG_APT_WINDOW; i++)
		w[i] = src_byte_not(s, a);
	w[0] = a;
	for (unsigned k = 1; k <= copies; k++)
		w[copy_position(k)] = a;
	return copy_position(copies);
}

START_TEST(test_proportion_boundary)
{
	uint8_t w[RNG_APT_WINDOW];
	struct rng_health h;
	struct src s;
	size_t last;

	src_init(&s, 3);
	rng_health_init(&h);
	/* C - 1 in a window pass, window after window: the count starts again */
	for (int i = 0; i < 4; i++) {
		make_window(&s, w, 0xa5, RNG_APT_CUTOFF - 2);
		ck_assert_int_eq(rng_health_test(&h, w, sizeof(w)), 0);
	}
	/* the C-th fails, at that very sample */
	last = make_window(&s, w, 0xa5, RNG_APT_CUTOFF - 1);
	ck_assert_int_eq(rng_health_test(&h, w, sizeof(w)), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_PROPORTION);
	ck_assert_uint_eq(h.failed_at, (size_t)4 * RNG_APT_WINDOW + last + 1);
	ck_assert_uint_eq(h.samples, h.failed_at);
}
END_TEST

/* Only the window's first sample is counted (SP 800-90B 4.4.2), and windows do not overlap. */
START_TEST(test_proportion_counts_the_first_sample)
{
	uint8_t w[2 * RNG_APT_WINDOW];
	struct rng_health h;
	struct src s;

	src_init(&s, 4);
	rng_health_init(&h);
	/* 0x77 in 3/4 of the first window, which opens with another value: passes */
	make_window(&s, w, 0x77, 383);
	w[0] = 0x11;
	/* the second window opens with 0x11 and holds C - 2 more: passes */
	make_window(&s, w + RNG_APT_WINDOW, 0x11, RNG_APT_CUTOFF - 2);
	ck_assert_int_eq(rng_health_test(&h, w, sizeof(w)), 0);
	/* the same window opening with 0x77 fails, at the (C - 1)-th copy after the first */
	make_window(&s, w, 0x77, 383);
	ck_assert_int_eq(rng_health_test(&h, w, RNG_APT_WINDOW), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_PROPORTION);
	ck_assert_uint_eq(h.failed_at,
			  (size_t)2 * RNG_APT_WINDOW + copy_position(RNG_APT_CUTOFF - 1) + 1);
}
END_TEST

/*
 * A biased source with short runs: the first window opens with the value, so
 * the proportion test fails there, at the value's C-th sample.
 */
static void check_biased(unsigned run)
{
	unsigned before = RNG_APT_CUTOFF - 1; /* copies of the value before the failing one */
	uint8_t buf[4 * RNG_APT_WINDOW];
	struct rng_health h;
	struct src s;

	src_init(&s, 5 + run);
	src_fill_biased(&s, buf, sizeof(buf), 0xe1, run);
	rng_health_init(&h);
	ck_assert_int_eq(rng_health_test(&h, buf, sizeof(buf)), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_PROPORTION);
	ck_assert_uint_eq(h.failed_at, before / run * (run + 1) + before % run + 1);
}

START_TEST(test_biased_sources_fail_proportion)
{
	check_biased(5); /* 5 in 6, about 83% */
	/* 3 in 4: 384 of 512 expected, under the 410 of H = 0.5, over the 311 of H = 1 */
	check_biased(3);
	check_biased(2); /* 2 in 3 */
}
END_TEST

START_TEST(test_health_failure_latches)
{
	uint8_t good[256];
	uint8_t stuck[RNG_RCT_CUTOFF];
	struct rng_health h;
	struct src s;

	src_init(&s, 9);
	memset(stuck, 0x42, sizeof(stuck));
	rng_health_init(&h);
	ck_assert_int_eq(rng_health_test(&h, stuck, sizeof(stuck)), ERR_IO);
	ck_assert_uint_eq(h.failed_at, RNG_RCT_CUTOFF);
	for (int i = 0; i < 16; i++) {
		src_fill(&s, good, sizeof(good));
		ck_assert_int_eq(rng_health_test(&h, good, sizeof(good)), ERR_IO);
	}
	ck_assert_int_eq(rng_health_test(&h, good, 0), ERR_IO);
	ck_assert_int_eq(h.failure, RNG_FAIL_REPETITION);
	ck_assert_uint_eq(h.failed_at, RNG_RCT_CUTOFF);
	ck_assert_uint_eq(h.samples, RNG_RCT_CUTOFF);
}
END_TEST

START_TEST(test_good_source_passes_health)
{
	uint8_t buf[4096];
	struct rng_health h;
	struct src s;

	src_init(&s, 10);
	rng_health_init(&h);
	for (int i = 0; i < 1024; i++) {
		src_fill(&s, buf, sizeof(buf));
		ck_assert_int_eq(rng_health_test(&h, buf, sizeof(buf)), 0);
	}
	ck_assert_uint_eq(h.samples, 1024u * sizeof(buf));
	ck_assert_int_eq(h.failure, RNG_FAIL_NONE);
}
END_TEST

TCase *rng_health_tcase(void)
{
	TCase *tc = tcase_create("health");

	tcase_add_test(tc, test_cutoffs_follow_the_standard);
	tcase_add_test(tc, test_repetition_fails_at_21st_repeat);
	tcase_add_test(tc, test_runs_of_20_pass);
	tcase_add_test(tc, test_proportion_boundary);
	tcase_add_test(tc, test_proportion_counts_the_first_sample);
	tcase_add_test(tc, test_biased_sources_fail_proportion);
	tcase_add_test(tc, test_health_failure_latches);
	tcase_add_test(tc, test_good_source_passes_health);
	return tc;
}
