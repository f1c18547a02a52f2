/*
 * Host tests of librng's generator (rng_*): start-up, seeding and reseeding
 * by the raw bytes that passed, what rng_needs and ERR_BUSY promise, stuck
 * and biased sources stopping output for good, a good source through more
 * than a million samples, determinism, and the personalisation. The health
 * tests alone are in test_health.c, the known answers in test_kat.c.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "rng.h"
#include "rng_tests.h"

#define CHUNK 64u /* raw bytes a virtio-rng request brings in rngd */

static void feed_good(struct rng *r, struct src *s, size_t n)
{
	uint8_t buf[CHUNK];

	while (n > 0) {
		size_t k = n < CHUNK ? n : CHUNK;

		src_fill(s, buf, k);
		ck_assert_int_eq(rng_feed(r, buf, k), 0);
		n -= k;
	}
}

/* A generator fed exactly the start-up samples and the seed from `s`. */
static void make_ready(struct rng *r, struct src *s)
{
	ck_assert_int_eq(rng_init(r, "cairn rngd"), 0);
	feed_good(r, s, RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	ck_assert_int_eq(r->state, RNG_READY);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		if (b[i] != 0)
			return false;
	}
	return true;
}

/* A failed generator: refuses everything, gives nothing, and writes nothing into out. */
static void expect_stopped(struct rng *r, struct src *s)
{
	uint8_t out[64];
	uint8_t canary[64];

	memset(canary, 0xcd, sizeof(canary));
	memcpy(out, canary, sizeof(out));
	ck_assert_int_eq(r->state, RNG_FAILED);
	for (int i = 0; i < 64; i++) {
		uint8_t good[CHUNK];

		src_fill(s, good, sizeof(good));
		ck_assert_int_eq(rng_feed(r, good, sizeof(good)), ERR_IO);
		ck_assert_int_eq(rng_generate(r, out, sizeof(out)), ERR_IO);
	}
	ck_assert_mem_eq(out, canary, sizeof(out));
	ck_assert_uint_eq(rng_needs(r, 1), 0);
	ck_assert_uint_eq(rng_wants(r), 0);
	ck_assert_int_eq(r->state, RNG_FAILED);
	ck_assert(all_zero(&r->drbg, sizeof(r->drbg)));
	ck_assert(all_zero(r->pool, sizeof(r->pool)));
}

START_TEST(test_startup_takes_exactly_1024)
{
	struct rng r;
	struct src s;
	uint8_t byte;

	src_init(&s, 20);
	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	ck_assert_uint_eq(rng_wants(&r), RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	feed_good(&r, &s, RNG_STARTUP_SAMPLES - 1);
	ck_assert_uint_eq(r.startup_discarded, RNG_STARTUP_SAMPLES - 1);
	ck_assert_uint_eq(r.pool_len, 0);
	byte = src_byte(&s);
	ck_assert_int_eq(rng_feed(&r, &byte, 1), 0);
	ck_assert_uint_eq(r.startup_discarded, RNG_STARTUP_SAMPLES);
	ck_assert_uint_eq(r.pool_len, 0);
	ck_assert(all_zero(r.pool, sizeof(r.pool)));
	ck_assert_uint_eq(rng_needs(&r, 1), RNG_SEED_BYTES);
	feed_good(&r, &s, RNG_SEED_BYTES - 1);
	ck_assert_int_eq(r.state, RNG_STARTING);
	ck_assert_uint_eq(r.pool_len, RNG_SEED_BYTES - 1);
	byte = src_byte(&s);
	ck_assert_int_eq(rng_feed(&r, &byte, 1), 0);
	ck_assert_int_eq(r.state, RNG_READY);
	/* the seed is wiped from the pool once used */
	ck_assert_uint_eq(r.pool_len, 0);
	ck_assert(all_zero(r.pool, sizeof(r.pool)));
	ck_assert_uint_eq(r.health.samples, RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	ck_assert_uint_eq(r.dropped, 0);
}
END_TEST

/* Start-up samples are discarded: generators that differ only there agree. */
START_TEST(test_startup_samples_are_not_used)
{
	uint8_t startup[RNG_STARTUP_SAMPLES];
	uint8_t seed[RNG_SEED_BYTES];
	uint8_t all[RNG_STARTUP_SAMPLES + RNG_SEED_BYTES];
	uint8_t out_a[256];
	uint8_t out_b[256];
	struct rng a;
	struct rng b;
	struct src s;

	src_init(&s, 21);
	src_fill(&s, seed, sizeof(seed));
	ck_assert_int_eq(rng_init(&a, "cairn rngd"), 0);
	ck_assert_int_eq(rng_init(&b, "cairn rngd"), 0);
	src_fill(&s, startup, sizeof(startup));
	ck_assert_int_eq(rng_feed(&a, startup, sizeof(startup)), 0);
	ck_assert_int_eq(rng_feed(&a, seed, sizeof(seed)), 0);
	src_fill(&s, startup, sizeof(startup));
	/* b's own start-up samples, then the same seed, split at another place */
	memcpy(all, startup, sizeof(startup));
	memcpy(all + sizeof(startup), seed, sizeof(seed));
	ck_assert_int_eq(rng_feed(&b, all, 1000), 0);
	ck_assert_int_eq(rng_feed(&b, all + 1000, sizeof(all) - 1000), 0);
	ck_assert_int_eq(rng_generate(&a, out_a, sizeof(out_a)), 0);
	ck_assert_int_eq(rng_generate(&b, out_b, sizeof(out_b)), 0);
	ck_assert_mem_eq(out_a, out_b, sizeof(out_a));
}
END_TEST

START_TEST(test_stuck_source_stops_at_21st)
{
	const uint8_t v = 0x00;
	struct rng r;
	struct src s;

	src_init(&s, 22);
	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	for (int i = 1; i < RNG_RCT_CUTOFF; i++)
		ck_assert_int_eq(rng_feed(&r, &v, 1), 0);
	ck_assert_int_eq(r.state, RNG_STARTING);
	ck_assert_int_eq(rng_feed(&r, &v, 1), ERR_IO);
	ck_assert_uint_eq(rng_failed_at(&r), RNG_RCT_CUTOFF);
	ck_assert_int_eq(rng_failed_test(&r), RNG_FAIL_REPETITION);
	ck_assert_str_eq(rng_failure_name(rng_failed_test(&r)), "repetition count");
	expect_stopped(&r, &s);
	ck_assert_uint_eq(rng_failed_at(&r), RNG_RCT_CUTOFF);
}
END_TEST

/* Stuck after seeding: output runs until the 21st repeat, then never again. */
START_TEST(test_stuck_after_ready_stops_output)
{
	const uint8_t v = 0x99;
	uint8_t out[32];
	struct rng r;
	struct src s;
	uint64_t before;

	src_init(&s, 23);
	make_ready(&r, &s);
	feed_good(&r, &s, RNG_RESEED_BYTES + 100); /* the pool full, the rest dropped */
	ck_assert_uint_eq(r.dropped, 100);
	before = r.health.samples;
	ck_assert_uint_ne(s.block[s.used - 1], v); /* the good stream did not end with v */
	for (int i = 1; i < RNG_RCT_CUTOFF; i++) {
		ck_assert_int_eq(rng_feed(&r, &v, 1), 0);
		ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	}
	ck_assert_int_eq(rng_feed(&r, &v, 1), ERR_IO);
	ck_assert_uint_eq(rng_failed_at(&r), before + RNG_RCT_CUTOFF);
	expect_stopped(&r, &s);
}
END_TEST

START_TEST(test_biased_source_stops_output)
{
	uint8_t biased[4 * RNG_APT_WINDOW];
	uint8_t out[32];
	struct rng r;
	struct src s;
	int rc = 0;

	src_init(&s, 24);
	make_ready(&r, &s);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	src_fill_biased(&s, biased, sizeof(biased), 0x5e, 5);
	for (size_t i = 0; i < sizeof(biased) && rc == 0; i += CHUNK)
		rc = rng_feed(&r, biased + i, CHUNK);
	ck_assert_int_eq(rc, ERR_IO);
	ck_assert_int_eq(rng_failed_test(&r), RNG_FAIL_PROPORTION);
	ck_assert_str_eq(rng_failure_name(rng_failed_test(&r)), "adaptive proportion");
	ck_assert_uint_gt(rng_failed_at(&r), RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	expect_stopped(&r, &s);
}
END_TEST

/* A source whose runs are 20 long passes, and the generator serves from it. */
START_TEST(test_runs_of_20_give_output)
{
	const size_t step = (size_t)4 * (RNG_RCT_CUTOFF - 1); /* whole runs a call */
	const size_t n = step * 13108u;			      /* just over 2^20 */
	uint8_t *buf = malloc(n);
	uint8_t out[RNG_GENERATE_MAX];
	struct rng r;
	struct src s;

	ck_assert_ptr_nonnull(buf);
	src_init(&s, 25);
	src_fill_runs(&s, buf, n, RNG_RCT_CUTOFF - 1);
	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	for (size_t i = 0; i < n; i += step) {
		ck_assert_int_eq(rng_feed(&r, buf + i, step), 0);
		if (rng_needs(&r, sizeof(out)) == 0)
			ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	}
	ck_assert_int_eq(r.state, RNG_READY);
	ck_assert_uint_eq(r.health.samples, n);
	ck_assert_uint_gt(r.reseeds, 100);
	free(buf);
}
END_TEST

/*
 * A good source, fed 64 bytes at a time as rngd does, through well over a
 * million samples: start-up, the seed, and a reseed every 64 KiB of output.
 */
START_TEST(test_good_source_long_run)
{
	const size_t samples = 1310720; /* 1.25 Mi */
	uint8_t out[256];
	struct rng r;
	struct src s;
	uint64_t busy = 0;

	src_init(&s, 26);
	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	for (size_t fed = 0; fed < samples; fed += CHUNK) {
		uint64_t reseeds = r.reseeds;
		uint64_t served = r.served;
		int rc;

		feed_good(&r, &s, CHUNK);
		rc = rng_generate(&r, out, sizeof(out));
		if (rc == ERR_BUSY) {
			busy++;
			continue;
		}
		ck_assert_int_eq(rc, 0);
		/* a reseed exactly when the interval is used up */
		ck_assert_uint_eq(r.reseeds - reseeds,
				  served > 0 && served % RNG_RESEED_INTERVAL == 0);
	}
	ck_assert_int_eq(r.state, RNG_READY);
	ck_assert_uint_eq(r.health.samples, samples);
	ck_assert_uint_eq(busy, (RNG_STARTUP_SAMPLES + RNG_SEED_BYTES - 1) / CHUNK);
	ck_assert_uint_eq(r.served, (samples / CHUNK - busy) * sizeof(out));
	ck_assert_uint_eq(r.reseeds, (r.served - 1) / RNG_RESEED_INTERVAL);
	ck_assert_uint_ge(r.reseeds, 70);
}
END_TEST

START_TEST(test_reseed_at_interval)
{
	uint8_t out[RNG_GENERATE_MAX];
	uint8_t canary[RNG_GENERATE_MAX];
	struct rng r;
	struct src s;

	src_init(&s, 27);
	make_ready(&r, &s);
	/* 64 KiB less 512 bytes from the seed, with no reseed bytes at hand */
	for (int i = 0; i < 63; i++)
		ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_int_eq(rng_generate(&r, out, 512), 0);
	ck_assert_uint_eq(r.reseeds, 0);
	/* 1024 more would pass the interval; 512 reach it exactly */
	ck_assert_uint_eq(rng_needs(&r, 1024), RNG_RESEED_BYTES);
	ck_assert_uint_eq(rng_needs(&r, 512), 0);
	ck_assert_int_eq(rng_generate(&r, out, 512), 0);
	ck_assert_uint_eq(r.since_reseed, RNG_RESEED_INTERVAL);
	/* now even one byte waits for the reseed bytes */
	ck_assert_uint_eq(rng_needs(&r, 1), RNG_RESEED_BYTES);
	memset(canary, 0x5a, sizeof(canary));
	memcpy(out, canary, sizeof(out));
	ck_assert_int_eq(rng_generate(&r, out, 1), ERR_BUSY);
	feed_good(&r, &s, RNG_RESEED_BYTES - 1);
	ck_assert_uint_eq(rng_needs(&r, 1), 1);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), ERR_BUSY);
	ck_assert_mem_eq(out, canary, sizeof(out));
	feed_good(&r, &s, 1);
	ck_assert_uint_eq(rng_needs(&r, 1), 0);
	ck_assert_uint_eq(r.reseeds, 0); /* the pool is only spent when due */
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_uint_eq(r.reseeds, 1);
	ck_assert_uint_eq(r.since_reseed, sizeof(out));
	ck_assert_uint_eq(r.pool_len, 0);
	ck_assert(all_zero(r.pool, sizeof(r.pool)));
	ck_assert_uint_eq(r.served, RNG_RESEED_INTERVAL + sizeof(out));
}
END_TEST

START_TEST(test_needs_and_busy)
{
	uint8_t out[16];
	uint8_t canary[16];
	struct rng r;
	struct src s;

	src_init(&s, 28);
	memset(canary, 0xee, sizeof(canary));
	memcpy(out, canary, sizeof(out));
	ck_assert_int_eq(rng_init(&r, "cairn rngd"), 0);
	ck_assert_uint_eq(rng_needs(&r, 1), RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), ERR_BUSY);
	feed_good(&r, &s, 1000);
	ck_assert_uint_eq(rng_needs(&r, sizeof(out)), RNG_STARTUP_SAMPLES + RNG_SEED_BYTES - 1000);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), ERR_BUSY);
	ck_assert_mem_eq(out, canary, sizeof(out));
	feed_good(&r, &s, RNG_STARTUP_SAMPLES + RNG_SEED_BYTES - 1000);
	ck_assert_uint_eq(rng_needs(&r, sizeof(out)), 0);
	/* ready: the reseed pool is wanted, not needed yet */
	ck_assert_uint_eq(rng_wants(&r), RNG_RESEED_BYTES);
	/* bad calls are refused and change nothing */
	ck_assert_int_eq(rng_generate(&r, out, 0), ERR_INVAL);
	ck_assert_int_eq(rng_generate(&r, out, RNG_GENERATE_MAX + 1), ERR_INVAL);
	ck_assert_int_eq(rng_generate(&r, NULL, 1), ERR_INVAL);
	ck_assert_int_eq(rng_feed(&r, NULL, 1), ERR_INVAL);
	ck_assert_int_eq(rng_feed(&r, NULL, 0), 0);
	ck_assert_mem_eq(out, canary, sizeof(out));
	ck_assert_uint_eq(r.served, 0);
	ck_assert_int_eq(rng_generate(&r, out, sizeof(out)), 0);
	ck_assert_uint_eq(r.served, sizeof(out));
	/* a full pool takes no more: extra bytes are tested, then dropped */
	feed_good(&r, &s, RNG_RESEED_BYTES + 10);
	ck_assert_uint_eq(rng_wants(&r), 0);
	ck_assert_uint_eq(r.dropped, 10);
	ck_assert_uint_eq(r.health.samples,
			  RNG_STARTUP_SAMPLES + RNG_SEED_BYTES + RNG_RESEED_BYTES + 10);
}
END_TEST

/* Output over n requests of RNG_GENERATE_MAX, with the reseed bytes fed when needed. */
static void run(struct rng *r, struct src *s, uint8_t (*out)[RNG_GENERATE_MAX], int n)
{
	for (int i = 0; i < n; i++) {
		size_t need = rng_needs(r, RNG_GENERATE_MAX);

		if (need > 0)
			feed_good(r, s, need);
		ck_assert_int_eq(rng_generate(r, out[i], RNG_GENERATE_MAX), 0);
	}
}

START_TEST(test_same_input_same_output)
{
	static uint8_t out_a[70][RNG_GENERATE_MAX];
	static uint8_t out_b[70][RNG_GENERATE_MAX];
	struct rng a;
	struct rng b;
	struct src sa;
	struct src sb;

	src_init(&sa, 29);
	src_init(&sb, 29);
	make_ready(&a, &sa);
	make_ready(&b, &sb);
	run(&a, &sa, out_a, 70);
	run(&b, &sb, out_b, 70);
	ck_assert_uint_eq(a.reseeds, 1);
	ck_assert_mem_eq(out_a, out_b, sizeof(out_a));
	/* and the output is not the same block over and over */
	ck_assert(memcmp(out_a[0], out_a[1], RNG_GENERATE_MAX) != 0);
}
END_TEST

START_TEST(test_different_input_different_output)
{
	uint8_t seed[RNG_SEED_BYTES];
	uint8_t out_a[64];
	uint8_t out_b[64];
	struct rng a;
	struct rng b;
	struct src s;

	src_init(&s, 30);
	src_fill(&s, seed, sizeof(seed));
	ck_assert_int_eq(rng_init(&a, "cairn rngd"), 0);
	ck_assert_int_eq(rng_init(&b, "cairn rngd"), 0);
	feed_good(&a, &s, RNG_STARTUP_SAMPLES);
	feed_good(&b, &s, RNG_STARTUP_SAMPLES);
	ck_assert_int_eq(rng_feed(&a, seed, sizeof(seed)), 0);
	seed[RNG_SEED_BYTES - 1] ^= 0x01; /* one bit of the last seed byte */
	ck_assert_int_eq(rng_feed(&b, seed, sizeof(seed)), 0);
	ck_assert_int_eq(rng_generate(&a, out_a, sizeof(out_a)), 0);
	ck_assert_int_eq(rng_generate(&b, out_b, sizeof(out_b)), 0);
	ck_assert(memcmp(out_a, out_b, sizeof(out_a)) != 0);
}
END_TEST

/* Generators apart only in their reseed bytes agree until the reseed, and differ after. */
START_TEST(test_reseed_bytes_are_used)
{
	static uint8_t out_a[65][RNG_GENERATE_MAX];
	static uint8_t out_b[65][RNG_GENERATE_MAX];
	uint8_t pending[RNG_RESEED_BYTES];
	struct rng a;
	struct rng b;
	struct src sa;
	struct src sb;

	src_init(&sa, 31);
	src_init(&sb, 31);
	make_ready(&a, &sa);
	make_ready(&b, &sb);
	src_fill(&sa, pending, sizeof(pending));
	ck_assert_int_eq(rng_feed(&a, pending, sizeof(pending)), 0);
	pending[0] ^= 0x80;
	ck_assert_int_eq(rng_feed(&b, pending, sizeof(pending)), 0);
	run(&a, &sa, out_a, 65);
	run(&b, &sb, out_b, 65);
	ck_assert_uint_eq(a.reseeds, 1);
	ck_assert_uint_eq(b.reseeds, 1);
	ck_assert_mem_eq(out_a, out_b, (size_t)64 * RNG_GENERATE_MAX);
	ck_assert(memcmp(out_a[64], out_b[64], RNG_GENERATE_MAX) != 0);
}
END_TEST

START_TEST(test_personalisation)
{
	char longest[RNG_PERSONALISATION_MAX + 2];
	uint8_t out_a[32];
	uint8_t out_b[32];
	struct rng a;
	struct rng b;
	struct src sa;
	struct src sb;

	src_init(&sa, 32);
	src_init(&sb, 32);
	make_ready(&a, &sa);
	ck_assert_int_eq(rng_init(&b, "cairn keystored"), 0);
	feed_good(&b, &sb, RNG_STARTUP_SAMPLES + RNG_SEED_BYTES);
	ck_assert_int_eq(rng_generate(&a, out_a, sizeof(out_a)), 0);
	ck_assert_int_eq(rng_generate(&b, out_b, sizeof(out_b)), 0);
	ck_assert(memcmp(out_a, out_b, sizeof(out_a)) != 0);

	memset(longest, 'p', sizeof(longest));
	longest[RNG_PERSONALISATION_MAX] = '\0';
	ck_assert_int_eq(rng_init(&a, longest), 0);
	ck_assert_uint_eq(a.personalisation_len, RNG_PERSONALISATION_MAX);
	longest[RNG_PERSONALISATION_MAX] = 'p';
	longest[RNG_PERSONALISATION_MAX + 1] = '\0';
	ck_assert_int_eq(rng_init(&a, longest), ERR_TOOLONG);
	expect_stopped(&a, &sa);
	ck_assert_int_eq(rng_init(&b, NULL), ERR_INVAL);
	expect_stopped(&b, &sb);
	ck_assert_int_eq(rng_failed_test(&b), RNG_FAIL_NONE);
	ck_assert_uint_eq(rng_failed_at(&b), 0);
}
END_TEST

START_TEST(test_failure_names)
{
	ck_assert_str_eq(rng_failure_name(RNG_FAIL_NONE), "none");
	ck_assert_str_eq(rng_failure_name(RNG_FAIL_REPETITION), "repetition count");
	ck_assert_str_eq(rng_failure_name(RNG_FAIL_PROPORTION), "adaptive proportion");
	ck_assert_str_eq(rng_failure_name((enum rng_failure)7), "unknown");
}
END_TEST

TCase *rng_flow_tcase(void)
{
	TCase *tc = tcase_create("generator");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_startup_takes_exactly_1024);
	tcase_add_test(tc, test_startup_samples_are_not_used);
	tcase_add_test(tc, test_stuck_source_stops_at_21st);
	tcase_add_test(tc, test_stuck_after_ready_stops_output);
	tcase_add_test(tc, test_biased_source_stops_output);
	tcase_add_test(tc, test_runs_of_20_give_output);
	tcase_add_test(tc, test_good_source_long_run);
	tcase_add_test(tc, test_reseed_at_interval);
	tcase_add_test(tc, test_needs_and_busy);
	tcase_add_test(tc, test_same_input_same_output);
	tcase_add_test(tc, test_different_input_different_output);
	tcase_add_test(tc, test_reseed_bytes_are_used);
	tcase_add_test(tc, test_personalisation);
	tcase_add_test(tc, test_failure_names);
	return tc;
}
