/*
 * Host tests of libstart: a round trip, the bounds of every count and of
 * the block's size, NULL strings, and blocks damaged every way one can be
 * by cutting or by one flipped bit: each is refused, or decodes to a block
 * that checks out whole (every pointer inside it, every string ending
 * before its size, and encoding it again giving the same bytes). Every
 * decode reads from a heap copy of exactly the bytes it is given, so a read
 * past them is an AddressSanitizer error.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "start_block.h"

static const char *const sample_argv[] = {"hostedprobe", "alpha", "", "three words"};
static const char *const sample_roles[] = {"self", "supervisor", "console", "start"};
#define SAMPLE_ARGC  4u
#define SAMPLE_ROLES 4u

/* A sample block in buf: its length. */
static size_t sample_block(uint8_t *buf, size_t cap)
{
	size_t len = 0;

	ck_assert_int_eq(start_block_encode(buf, cap, sample_argv, SAMPLE_ARGC, sample_roles,
					    SAMPLE_ROLES, &len),
			 0);
	return len;
}

/* Decodes a heap copy of exactly bytes[0..len); the copy is freed, so *out must not be used. */
static int decode_exact(const uint8_t *bytes, size_t len, struct start_info *out,
			uint8_t **ret_copy)
{
	uint8_t *copy = malloc(len == 0 ? 1 : len);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, bytes, len);
	*ret_copy = copy;
	return start_block_decode(copy, len, out);
}

/* A decoded block checks out whole against its buffer buf[0..len). */
static void check_consistent(const uint8_t *buf, size_t len, const struct start_info *info)
{
	uint8_t again[START_BLOCK_MAX];
	size_t size = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
		      (size_t)buf[11] << 24;
	size_t again_len = 0;

	ck_assert_uint_ge(info->argc, 1);
	ck_assert_uint_le(info->argc, START_ARGS_MAX);
	ck_assert_uint_ge(info->roles, 1);
	ck_assert_uint_le(info->roles, START_ROLES_MAX);
	ck_assert_uint_le(size, len);
	ck_assert_ptr_null(info->argv[info->argc]);
	for (uint32_t i = 0; i < info->argc + info->roles; i++) {
		const char *s = i < info->argc ? info->argv[i] : info->role[i - info->argc];

		ck_assert((const uint8_t *)s >= buf + START_HEADER_SIZE);
		ck_assert((const uint8_t *)s < buf + size);
		ck_assert_ptr_nonnull(memchr(s, 0, (size_t)(buf + size - (const uint8_t *)s)));
	}
	ck_assert_int_eq(start_block_encode(again, sizeof(again), info->argv, info->argc,
					    info->role, info->roles, &again_len),
			 0);
	ck_assert_uint_eq(again_len, size);
	ck_assert_mem_eq(again, buf, size);
}

START_TEST(test_round_trip)
{
	uint8_t buf[START_BLOCK_MAX];
	struct start_info info;
	size_t len = sample_block(buf, sizeof(buf));
	uint8_t *copy;

	ck_assert_uint_eq(len, START_HEADER_SIZE + 12 + 6 + 1 + 12 + 5 + 11 + 8 + 6);
	ck_assert_uint_eq(len,
			  start_block_size(sample_argv, SAMPLE_ARGC, sample_roles, SAMPLE_ROLES));
	ck_assert_mem_eq(buf, "CAIRNSB1", 8);
	ck_assert_uint_eq(buf[8], len);
	ck_assert_uint_eq(buf[12], SAMPLE_ARGC);
	ck_assert_uint_eq(buf[14], SAMPLE_ROLES);
	ck_assert_int_eq(decode_exact(buf, len, &info, &copy), 0);
	ck_assert_uint_eq(info.argc, SAMPLE_ARGC);
	ck_assert_uint_eq(info.roles, SAMPLE_ROLES);
	for (uint32_t i = 0; i < SAMPLE_ARGC; i++)
		ck_assert_str_eq(info.argv[i], sample_argv[i]);
	ck_assert_ptr_null(info.argv[SAMPLE_ARGC]);
	for (uint32_t i = 0; i < SAMPLE_ROLES; i++)
		ck_assert_str_eq(info.role[i], sample_roles[i]);
	check_consistent(copy, len, &info);
	ck_assert_int_eq(start_role_find(&info, "self"), 0);
	ck_assert_int_eq(start_role_find(&info, "console"), 2);
	ck_assert_int_eq(start_role_find(&info, "start"), 3);
	ck_assert_int_eq(start_role_find(&info, "uart"), -1);
	ck_assert_int_eq(start_role_find(&info, "consol"), -1);
	ck_assert_int_eq(start_role_find(&info, NULL), -1);
	ck_assert_int_eq(start_role_find(NULL, "self"), -1);
	free(copy);
}
END_TEST

/* The first of two equal roles wins. */
START_TEST(test_role_first)
{
	static const char *const roles[] = {"self", "log", "log"};
	static const char *const argv[] = {"p"};
	uint8_t buf[64];
	struct start_info info;
	size_t len = 0;

	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 1, roles, 3, &len), 0);
	ck_assert_int_eq(start_block_decode(buf, len, &info), 0);
	ck_assert_int_eq(start_role_find(&info, "log"), 1);
}
END_TEST

START_TEST(test_encode_counts)
{
	const char *argv[START_ARGS_MAX + 1];
	const char *roles[START_ROLES_MAX + 1];
	uint8_t buf[START_BLOCK_MAX];
	struct start_info info;
	size_t len = 12345;

	for (uint32_t i = 0; i <= START_ARGS_MAX; i++)
		argv[i] = "a";
	for (uint32_t i = 0; i <= START_ROLES_MAX; i++)
		roles[i] = "r";
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 0, roles, 1, &len), ERR_RANGE);
	ck_assert_int_eq(
		start_block_encode(buf, sizeof(buf), argv, START_ARGS_MAX + 1, roles, 1, &len),
		ERR_RANGE);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 1, roles, 0, &len), ERR_RANGE);
	ck_assert_int_eq(
		start_block_encode(buf, sizeof(buf), argv, 1, roles, START_ROLES_MAX + 1, &len),
		ERR_RANGE);
	ck_assert_uint_eq(len, 12345);
	ck_assert_uint_eq(start_block_size(argv, 0, roles, 1), 0);
	ck_assert_uint_eq(start_block_size(argv, 1, roles, START_ROLES_MAX + 1), 0);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, START_ARGS_MAX, roles,
					    START_ROLES_MAX, &len),
			 0);
	ck_assert_uint_eq(len, START_HEADER_SIZE + 2 * (START_ARGS_MAX + START_ROLES_MAX));
	ck_assert_int_eq(start_block_decode(buf, len, &info), 0);
	ck_assert_uint_eq(info.argc, START_ARGS_MAX);
	ck_assert_uint_eq(info.roles, START_ROLES_MAX);
	ck_assert_ptr_null(info.argv[START_ARGS_MAX]);
	ck_assert_int_eq(start_role_find(&info, "r"), 0);
}
END_TEST

START_TEST(test_encode_nulls)
{
	const char *argv[] = {"p", NULL};
	const char *roles[] = {"self", NULL};
	uint8_t buf[64];
	size_t len = 7;

	memset(buf, 0xa5, sizeof(buf));
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 2, roles, 1, &len), ERR_INVAL);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 1, roles, 2, &len), ERR_INVAL);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), NULL, 1, roles, 1, &len), ERR_INVAL);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 1, NULL, 1, &len), ERR_INVAL);
	ck_assert_int_eq(start_block_encode(NULL, sizeof(buf), argv, 1, roles, 1, &len), ERR_INVAL);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 1, roles, 1, NULL), ERR_INVAL);
	ck_assert_uint_eq(len, 7);
	for (size_t i = 0; i < sizeof(buf); i++)
		ck_assert_uint_eq(buf[i], 0xa5);
	ck_assert_int_eq(start_block_decode(NULL, 16, &(struct start_info){0}), ERR_INVAL);
	ck_assert_int_eq(start_block_decode(buf, sizeof(buf), NULL), ERR_INVAL);
}
END_TEST

/* A block of exactly START_BLOCK_MAX bytes fits; one byte more is refused, and so is a short cap.
 */
START_TEST(test_encode_size_bounds)
{
	static char big[START_BLOCK_MAX];
	static uint8_t buf[START_BLOCK_MAX + 64];
	const char *argv[] = {"p", big};
	const char *roles[] = {"self"};
	/* header, "p\0", big\0, "self\0" */
	size_t fill = START_BLOCK_MAX - START_HEADER_SIZE - 2 - 5 - 1;
	size_t len = 0;
	struct start_info info;
	uint8_t *copy;

	memset(big, 'x', fill);
	big[fill] = '\0';
	ck_assert_int_eq(start_block_encode(buf, START_BLOCK_MAX - 1, argv, 2, roles, 1, &len),
			 ERR_RANGE);
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 2, roles, 1, &len), 0);
	ck_assert_uint_eq(len, START_BLOCK_MAX);
	ck_assert_int_eq(decode_exact(buf, len, &info, &copy), 0);
	ck_assert_uint_eq(strlen(info.argv[1]), fill);
	free(copy);
	big[fill] = 'x';
	big[fill + 1] = '\0';
	ck_assert_int_eq(start_block_encode(buf, sizeof(buf), argv, 2, roles, 1, &len), ERR_RANGE);
	/* a size field over the page is refused even when the buffer holds that much */
	buf[8] = (uint8_t)((START_BLOCK_MAX + 1) & 0xff);
	buf[9] = (uint8_t)((START_BLOCK_MAX + 1) >> 8);
	ck_assert_int_eq(start_block_decode(buf, sizeof(buf), &info), ERR_CORRUPT);
}
END_TEST

/* Hand-made blocks: each field out of line once. */
START_TEST(test_decode_fields)
{
	uint8_t good[START_BLOCK_MAX];
	uint8_t bad[START_BLOCK_MAX];
	struct start_info info;
	struct start_info keep;
	size_t len = sample_block(good, sizeof(good));

	memset(&keep, 0x5a, sizeof(keep));
	/* bytes after the last string, inside size */
	memcpy(bad, good, len);
	bad[len] = 'z';
	bad[8] = (uint8_t)(len + 1);
	info = keep;
	ck_assert_int_eq(start_block_decode(bad, len + 1, &info), ERR_CORRUPT);
	ck_assert_mem_eq(&info, &keep, sizeof(info));
	/* the last string without its NUL */
	memcpy(bad, good, len);
	bad[len - 1] = 't';
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	/* a size under the header */
	memcpy(bad, good, len);
	bad[8] = START_HEADER_SIZE - 1;
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	/* a size over len */
	memcpy(bad, good, len);
	bad[8] = (uint8_t)(len + 1);
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	/* counts: zero and one over */
	memcpy(bad, good, len);
	bad[12] = 0;
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	bad[12] = START_ARGS_MAX + 1;
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	memcpy(bad, good, len);
	bad[14] = 0;
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	bad[14] = START_ROLES_MAX + 1;
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	/* the magic */
	memcpy(bad, good, len);
	bad[7] = '2';
	ck_assert_int_eq(start_block_decode(bad, len, &info), ERR_CORRUPT);
	/* a shorter header */
	ck_assert_int_eq(start_block_decode(good, START_HEADER_SIZE - 1, &info), ERR_CORRUPT);
	ck_assert_mem_eq(&info, &keep, sizeof(info));
	/* a buffer longer than the block is fine: size says where it ends */
	ck_assert_int_eq(start_block_decode(good, sizeof(good), &info), 0);
	ck_assert_uint_eq(info.argc, SAMPLE_ARGC);
}
END_TEST

/* Every cut of a valid block is refused. */
START_TEST(test_decode_truncations)
{
	uint8_t good[START_BLOCK_MAX];
	size_t len = sample_block(good, sizeof(good));

	for (size_t cut = 0; cut < len; cut++) {
		struct start_info info;
		uint8_t *copy;

		ck_assert_int_eq(decode_exact(good, cut, &info, &copy), ERR_CORRUPT);
		free(copy);
	}
}
END_TEST

/* Every single bit flip is refused or decodes to a consistent block; count both. */
START_TEST(test_decode_bit_flips)
{
	uint8_t good[START_BLOCK_MAX];
	size_t len = sample_block(good, sizeof(good));
	unsigned refused = 0;
	unsigned accepted = 0;

	for (size_t bit = 0; bit < len * 8; bit++) {
		uint8_t bad[START_BLOCK_MAX];
		struct start_info info;
		uint8_t *copy;
		int rc;

		memcpy(bad, good, len);
		bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		rc = decode_exact(bad, len, &info, &copy);
		if (rc == 0) {
			check_consistent(copy, len, &info);
			accepted++;
		} else {
			ck_assert_int_eq(rc, ERR_CORRUPT);
			refused++;
		}
		free(copy);
	}
	/* the header's flips and those that make or break a NUL are refused, a letter's are not */
	ck_assert_uint_gt(refused, START_HEADER_SIZE * 8 / 2);
	ck_assert_uint_gt(accepted, 0);
	ck_assert_uint_eq(refused + accepted, len * 8);
}
END_TEST

int main(void)
{
	Suite *su = suite_create("start");
	TCase *tc = tcase_create("block");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_role_first);
	tcase_add_test(tc, test_encode_counts);
	tcase_add_test(tc, test_encode_nulls);
	tcase_add_test(tc, test_encode_size_bounds);
	tcase_add_test(tc, test_decode_fields);
	tcase_add_test(tc, test_decode_truncations);
	tcase_add_test(tc, test_decode_bit_flips);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
