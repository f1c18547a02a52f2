/*
 * Host tests of command-line parsing (kernel/bootargs.c): where the nonce
 * word may sit, what counts as a nonce, and that the output is untouched
 * whenever parsing fails.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "cairn/bootargs.h"
#include "cairn/error.h"
#include "check_main.h"

/* Parse `args`; on failure also check the buffer still holds its sentinel. */
static int nonce_of(const char *args, char *out, size_t size)
{
	(void)snprintf(out, size, "sentinel");
	int err = bootargs_nonce(args, out, size);

	if (err != 0)
		ck_assert_str_eq(out, "sentinel");
	return err;
}

START_TEST(test_nonce_alone)
{
	char out[BOOTARGS_NONCE_MAX + 1];

	ck_assert_int_eq(nonce_of("cairn.nonce=abc123", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "abc123");
}
END_TEST

START_TEST(test_nonce_among_other_words)
{
	char out[BOOTARGS_NONCE_MAX + 1];

	ck_assert_int_eq(nonce_of("console=ttyS0  cairn.nonce=DeadBeef quiet", out, sizeof(out)),
			 0);
	ck_assert_str_eq(out, "DeadBeef");
	ck_assert_int_eq(nonce_of("\tquiet cairn.nonce=0", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "0");
}
END_TEST

START_TEST(test_first_nonce_wins)
{
	char out[BOOTARGS_NONCE_MAX + 1];

	ck_assert_int_eq(nonce_of("cairn.nonce=11 cairn.nonce=22", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "11");
}
END_TEST

START_TEST(test_nonce_absent)
{
	char out[BOOTARGS_NONCE_MAX + 1];

	ck_assert_int_eq(nonce_of("", out, sizeof(out)), ERR_NOTFOUND);
	ck_assert_int_eq(nonce_of("   ", out, sizeof(out)), ERR_NOTFOUND);
	ck_assert_int_eq(nonce_of("quiet cairn.nonc=12", out, sizeof(out)), ERR_NOTFOUND);
	/* The key must start a word. */
	ck_assert_int_eq(nonce_of("xcairn.nonce=12", out, sizeof(out)), ERR_NOTFOUND);
}
END_TEST

START_TEST(test_nonce_not_hex)
{
	char out[BOOTARGS_NONCE_MAX + 1];

	ck_assert_int_eq(nonce_of("cairn.nonce=", out, sizeof(out)), ERR_INVAL);
	ck_assert_int_eq(nonce_of("cairn.nonce= 12", out, sizeof(out)), ERR_INVAL);
	ck_assert_int_eq(nonce_of("cairn.nonce=12g4", out, sizeof(out)), ERR_INVAL);
	ck_assert_int_eq(nonce_of("cairn.nonce=0x12", out, sizeof(out)), ERR_INVAL);
	ck_assert_int_eq(nonce_of("cairn.nonce=%s", out, sizeof(out)), ERR_INVAL);
}
END_TEST

START_TEST(test_nonce_length_limits)
{
	char args[128];
	char out[BOOTARGS_NONCE_MAX + 1];
	char small[4];

	int n = snprintf(args, sizeof(args), "cairn.nonce=%0*d", BOOTARGS_NONCE_MAX, 0);
	ck_assert_int_lt(n, (int)sizeof(args));
	ck_assert_int_eq(nonce_of(args, out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), BOOTARGS_NONCE_MAX);

	(void)snprintf(args, sizeof(args), "cairn.nonce=%0*d", BOOTARGS_NONCE_MAX + 1, 0);
	ck_assert_int_eq(nonce_of(args, out, sizeof(out)), ERR_TOOLONG);
	ck_assert_int_eq(bootargs_nonce("cairn.nonce=1234", small, sizeof(small)), ERR_TOOLONG);
	ck_assert_int_eq(bootargs_nonce("cairn.nonce=123", small, sizeof(small)), 0);
	ck_assert_str_eq(small, "123");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bootargs");
	TCase *tc = tcase_create("nonce");

	tcase_add_test(tc, test_nonce_alone);
	tcase_add_test(tc, test_nonce_among_other_words);
	tcase_add_test(tc, test_first_nonce_wins);
	tcase_add_test(tc, test_nonce_absent);
	tcase_add_test(tc, test_nonce_not_hex);
	tcase_add_test(tc, test_nonce_length_limits);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
