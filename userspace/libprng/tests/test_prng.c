/*
 * Host tests of libprng: known answers for splitmix64 and xorshift64*
 * (computed independently of this code), determinism per seed, the zero seed,
 * and the range and coverage of prng_below and prng_chance.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "prng.h"

START_TEST(test_splitmix_known_answers)
{
	ck_assert_uint_eq(prng_splitmix64(0), 0xe220a8397b1dcdafull);
	ck_assert_uint_eq(prng_splitmix64(1), 0x910a2dec89025cc1ull);
}
END_TEST

START_TEST(test_sequence_known_answers)
{
	static const uint64_t want42[] = {0x31b0ece7c4f697a2ull, 0x9008a3b1cb686f03ull,
					  0x7c7173abd97be16full};
	struct prng rng;

	prng_seed(&rng, 42);
	for (size_t i = 0; i < sizeof(want42) / sizeof(want42[0]); i++)
		ck_assert_uint_eq(prng_next(&rng), want42[i]);
}
END_TEST

START_TEST(test_zero_seed_is_usable)
{
	struct prng rng;

	prng_seed(&rng, 0);
	ck_assert_uint_ne(rng.state, 0);
	ck_assert_uint_eq(prng_next(&rng), 0x7bbcb40d550682d0ull);
	ck_assert_uint_ne(prng_next(&rng), 0);
}
END_TEST

START_TEST(test_same_seed_same_sequence)
{
	struct prng a;
	struct prng b;
	struct prng c;
	int differ = 0;

	prng_seed(&a, 0xc0ffee);
	prng_seed(&b, 0xc0ffee);
	prng_seed(&c, 0xc0ffef);
	for (int i = 0; i < 1000; i++) {
		uint64_t x = prng_next(&a);

		ck_assert_uint_eq(x, prng_next(&b));
		differ += x != prng_next(&c);
	}
	ck_assert_int_gt(differ, 990);
}
END_TEST

START_TEST(test_below_range_and_coverage)
{
	struct prng rng;
	int seen[7] = {0};

	prng_seed(&rng, 7);
	for (int i = 0; i < 7000; i++) {
		uint64_t x = prng_below(&rng, 7);

		ck_assert_uint_lt(x, 7);
		seen[x]++;
	}
	for (int v = 0; v < 7; v++)
		ck_assert_int_gt(seen[v], 800); /* about 1000 each */
}
END_TEST

START_TEST(test_below_edges)
{
	struct prng rng;

	prng_seed(&rng, 3);
	ck_assert_uint_eq(prng_below(&rng, 0), 0);
	ck_assert_uint_eq(prng_below(&rng, 1), 0);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_lt(prng_below(&rng, UINT64_MAX), UINT64_MAX);
	/* a bound just above half the range rejects about half the draws, yet ends */
	for (int i = 0; i < 100; i++)
		ck_assert_uint_lt(prng_below(&rng, (1ull << 63) + 1), (1ull << 63) + 1);
}
END_TEST

START_TEST(test_chance_extremes)
{
	struct prng rng;
	int hits = 0;

	prng_seed(&rng, 11);
	for (int i = 0; i < 1000; i++) {
		ck_assert(!prng_chance(&rng, 0));
		ck_assert(prng_chance(&rng, 100));
		ck_assert(prng_chance(&rng, 250));
		hits += prng_chance(&rng, 50);
	}
	ck_assert_int_gt(hits, 400);
	ck_assert_int_lt(hits, 600);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("prng");
	TCase *tc = tcase_create("prng");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_splitmix_known_answers);
	tcase_add_test(tc, test_sequence_known_answers);
	tcase_add_test(tc, test_zero_seed_is_usable);
	tcase_add_test(tc, test_same_seed_same_sequence);
	tcase_add_test(tc, test_below_range_and_coverage);
	tcase_add_test(tc, test_below_edges);
	tcase_add_test(tc, test_chance_extremes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
