/*
 * Host tests of libfuzz: the calls it draws never include the excluded
 * numbers or the reserved handle, cover every call and some bad numbers,
 * keep pointers out of the ranges to avoid and inside the scratch buffer's
 * writable span, are reproducible per seed; learning and result judging.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "fuzz.h"

#define DRAWS	     100000
#define SCRATCH	     0x100010000ull
#define SCRATCH_SIZE 8192ull
#define RESERVED     0x00010003u

static void make_env(struct fuzz_env *env)
{
	fuzz_env_init(env, SCRATCH, SCRATCH_SIZE, RESERVED);
	env->avoid[0] = (struct fuzz_range){CAIRN_USER_BASE, SCRATCH};
	env->avoid[1] = (struct fuzz_range){0x3eff000000ull, CAIRN_USER_END};
	fuzz_learn_handle(env, 0x00010001u);
}

START_TEST(test_numbers_cover_and_exclude)
{
	struct fuzz_env env;
	struct prng rng;
	struct fuzz_call call;
	unsigned seen[SYS_COUNT] = {0};
	unsigned bad = 0;

	make_env(&env);
	prng_seed(&rng, 1);
	for (int i = 0; i < DRAWS; i++) {
		fuzz_next(&rng, &env, &call);
		ck_assert(!fuzz_is_excluded(call.nr));
		if (call.nr >= 0 && call.nr < SYS_COUNT)
			seen[call.nr]++;
		else
			bad++;
	}
	for (long nr = 0; nr < SYS_COUNT; nr++)
		ck_assert_uint_eq(seen[nr] > 0, !fuzz_is_excluded(nr));
	ck_assert_uint_gt(bad, DRAWS / 10);
}
END_TEST

START_TEST(test_reserved_never_passed)
{
	struct fuzz_env env;
	struct prng rng;
	struct fuzz_call call;

	make_env(&env);
	fuzz_learn_handle(&env, RESERVED); /* ignored */
	ck_assert_uint_eq(env.known_count, 1);
	prng_seed(&rng, 2);
	for (int i = 0; i < DRAWS; i++) {
		fuzz_next(&rng, &env, &call);
		for (int a = 0; a < FUZZ_ARGS; a++)
			ck_assert_uint_ne((uint32_t)call.args[a], RESERVED);
	}
}
END_TEST

/* A pointer starting outside the range is refused by the kernel before it writes. */
static int in_range(const struct fuzz_range *r, uint64_t x)
{
	return x >= r->lo && x < r->hi;
}

START_TEST(test_pointers_keep_clear)
{
	struct fuzz_env env;
	struct prng rng;
	struct fuzz_call call;
	unsigned scratch_hits = 0;

	make_env(&env);
	prng_seed(&rng, 3);
	for (int i = 0; i < DRAWS; i++) {
		fuzz_next(&rng, &env, &call);
		for (int a = 0; a < FUZZ_ARGS; a++) {
			uint64_t x = call.args[a];

			ck_assert(!in_range(&env.avoid[0], x));
			if (x < CAIRN_USER_END - 64) /* past-the-end probes start inside */
				ck_assert(!in_range(&env.avoid[1], x));
			if (x >= SCRATCH && x < SCRATCH + SCRATCH_SIZE) {
				ck_assert_uint_le(x + 64, SCRATCH + SCRATCH_SIZE);
				scratch_hits++;
			}
		}
	}
	ck_assert_uint_gt(scratch_hits, DRAWS / 20);
}
END_TEST

START_TEST(test_same_seed_same_calls)
{
	struct fuzz_env env;
	struct prng a;
	struct prng b;
	struct fuzz_call ca;
	struct fuzz_call cb;

	make_env(&env);
	prng_seed(&a, 9);
	prng_seed(&b, 9);
	for (int i = 0; i < 1000; i++) {
		fuzz_next(&a, &env, &ca);
		fuzz_next(&b, &env, &cb);
		ck_assert_int_eq(ca.nr, cb.nr);
		for (int k = 0; k < FUZZ_ARGS; k++)
			ck_assert_uint_eq(ca.args[k], cb.args[k]);
	}
}
END_TEST

START_TEST(test_blocking_calls_poll)
{
	struct fuzz_env env;
	struct prng rng;
	struct fuzz_call c;
	unsigned seen = 0;

	make_env(&env);
	prng_seed(&rng, 11);
	for (int i = 0; i < 20000; i++) {
		fuzz_next(&rng, &env, &c);
		if (c.nr == SYS_ipc_call || c.nr == SYS_ipc_recv || c.nr == SYS_ipc_reply_recv) {
			ck_assert_uint_eq(c.args[5], 0);
			seen++;
		} else if (c.nr == SYS_notification_wait) {
			ck_assert_uint_eq(c.args[1], 0);
			seen++;
		}
	}
	ck_assert_uint_gt(seen, 100);
}
END_TEST

START_TEST(test_learn_from_results)
{
	struct fuzz_env env;
	struct fuzz_call dup = {.nr = SYS_handle_dup};
	struct fuzz_call query = {.nr = SYS_handle_query};

	fuzz_env_init(&env, SCRATCH, SCRATCH_SIZE, RESERVED);
	fuzz_learn(&env, &dup, ERR_DENIED);
	fuzz_learn(&env, &query, 0x20005);
	ck_assert_uint_eq(env.known_count, 0);
	fuzz_learn(&env, &dup, 0x20005);
	ck_assert_uint_eq(env.known_count, 1);
	ck_assert_uint_eq(env.known[0], 0x20005);
	for (unsigned i = 0; i < FUZZ_KNOWN_MAX + 3; i++)
		fuzz_learn_handle(&env, 100 + i);
	ck_assert_uint_eq(env.known_count, FUZZ_KNOWN_MAX);
	ck_assert_uint_eq(env.known[2], 100 + FUZZ_KNOWN_MAX + 1); /* the ring wrapped */
}
END_TEST

START_TEST(test_slots_and_judgement)
{
	ck_assert_uint_eq(fuzz_slot(0), 0);
	ck_assert_uint_eq(fuzz_slot(12345), 0);
	ck_assert_uint_eq(fuzz_slot(ERR_INVAL), 1);
	ck_assert_uint_eq(fuzz_slot(ERR_BADIMAGE), 20);
	ck_assert_uint_eq(fuzz_slot(ERR_PEERDEAD), 21);
	ck_assert_uint_eq(fuzz_slot(ERR_LAST - 1), FUZZ_SLOTS - 1);
	ck_assert(fuzz_is_allowed(SYS_COUNT, ERR_BADSYS));
	ck_assert(fuzz_is_allowed(-5, ERR_BADSYS));
	ck_assert(!fuzz_is_allowed(SYS_COUNT + 3, 0));
	ck_assert(!fuzz_is_allowed(SYS_COUNT, ERR_INVAL));
	ck_assert(fuzz_is_allowed(SYS_handle_dup, ERR_DENIED));
	ck_assert(fuzz_is_allowed(SYS_null, 0));
	ck_assert(!fuzz_is_allowed(SYS_null, ERR_BADSYS));
	ck_assert(!fuzz_is_allowed(SYS_handle_close, ERR_LAST - 1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fuzz");
	TCase *tc = tcase_create("fuzz");
	SRunner *sr;
	int failed;

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_numbers_cover_and_exclude);
	tcase_add_test(tc, test_reserved_never_passed);
	tcase_add_test(tc, test_pointers_keep_clear);
	tcase_add_test(tc, test_same_seed_same_calls);
	tcase_add_test(tc, test_blocking_calls_poll);
	tcase_add_test(tc, test_learn_from_results);
	tcase_add_test(tc, test_slots_and_judgement);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
