/*
 * Host tests of keystored's audit line (keys_audit_line): exact for a known
 * signing, the longest line exactly KEYS_AUDIT_MAX with its NUL, and cut
 * short safely, never writing past cap.
 */
#include <check.h>
#include <string.h>

#include "keys.h"
#include "keys_tests.h"

START_TEST(test_audit_line_exact)
{
	static const char want[] = "sign for 0x2a: 5 bytes, sha256 2cf24dba5fb0a30e..., key 1";
	char out[KEYS_AUDIT_MAX];
	uint8_t digest[KEYS_DIGEST_LEN];

	keys_digest((const uint8_t *)"hello", 5, digest);
	ck_assert_uint_eq(keys_audit_line(out, sizeof(out), 0x2a, 5, digest, 1), strlen(want));
	ck_assert_str_eq(out, want);
}
END_TEST

START_TEST(test_audit_line_bounds)
{
	static const char longest[] = "sign for 0xffffffffffffffff: 18446744073709551615 bytes, "
				      "sha256 ffffffffffffffff..., key 4294967295";
	char out[KEYS_AUDIT_MAX + 8];
	uint8_t digest[KEYS_DIGEST_LEN];

	memset(digest, 0xff, sizeof(digest));
	ck_assert_uint_eq(sizeof(longest), KEYS_AUDIT_MAX);
	ck_assert_uint_eq(keys_audit_line(out, KEYS_AUDIT_MAX, UINT64_MAX, (size_t)UINT64_MAX,
					  digest, UINT32_MAX),
			  KEYS_AUDIT_MAX - 1);
	ck_assert_str_eq(out, longest);

	/* small room: cut short, terminated, nothing written past cap */
	memset(out, '#', sizeof(out));
	ck_assert_uint_eq(keys_audit_line(out, 10, 0x2a, 5, digest, 1), 9);
	ck_assert_str_eq(out, "sign for ");
	ck_assert_int_eq(out[10], '#');
	ck_assert_uint_eq(keys_audit_line(out, 1, 0x2a, 5, digest, 1), 0);
	ck_assert_int_eq(out[0], '\0');
	ck_assert_int_eq(out[1], 'i');
	out[0] = '#';
	ck_assert_uint_eq(keys_audit_line(out, 0, 0x2a, 5, digest, 1), 0);
	ck_assert_int_eq(out[0], '#');
}
END_TEST

TCase *keys_audit_tcase(void)
{
	TCase *tc = tcase_create("audit");

	tcase_add_test(tc, test_audit_line_exact);
	tcase_add_test(tc, test_audit_line_bounds);
	return tc;
}
