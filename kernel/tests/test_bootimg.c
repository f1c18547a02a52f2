/*
 * Host tests of the boot image reader (kernel/loader/bootimg.c): images the
 * real packer (tools/mkbootimg.py) made at build time, including an empty
 * one; a hand-built image broken one field at a time; name lookups that
 * almost match; and truncations, which must never read past the buffer
 * (AddressSanitizer watches).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/bootimg.h"
#include "cairn/elf.h"
#include "check_main.h"
#include "fixture_file.h"

/* The hand-built image: two entries, "alpha" (5 bytes) and "beta" (16 bytes). */
enum {
	TABLE_END = BOOTIMG_HEADER_SIZE + 2 * BOOTIMG_ENTRY_SIZE, /* 128 */
	ALPHA_OFF = TABLE_END,
	BETA_OFF = TABLE_END + 8,
	IMG_SIZE = BETA_OFF + 16,
	E0 = BOOTIMG_HEADER_SIZE,
	E1 = BOOTIMG_HEADER_SIZE + BOOTIMG_ENTRY_SIZE,
	ENT_OFFSET = 32,
	ENT_SIZE = 40,
};

static void put(uint8_t *img, size_t off, uint64_t v, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		img[off + i] = (uint8_t)(v >> (8 * i));
}

static void put_entry(uint8_t *img, size_t at, const char *name, uint64_t off, uint64_t size)
{
	memset(img + at, 0, BOOTIMG_NAME_FIELD);
	for (size_t i = 0; name[i] != '\0'; i++)
		img[at + i] = (uint8_t)name[i];
	put(img, at + ENT_OFFSET, off, 8);
	put(img, at + ENT_SIZE, size, 8);
}

static uint8_t *good_image(void)
{
	static const uint8_t magic[8] = {'C', 'A', 'I', 'R', 'N', 'I', 'M', 'G'};
	uint8_t *img = calloc(1, IMG_SIZE);

	ck_assert_ptr_nonnull(img);
	memcpy(img, magic, sizeof(magic));
	put(img, 8, BOOTIMG_VERSION, 4);
	put(img, 12, 2, 4);
	put(img, 16, IMG_SIZE, 8);
	put_entry(img, E0, "alpha", ALPHA_OFF, 5);
	put_entry(img, E1, "beta", BETA_OFF, 16);
	memset(img + ALPHA_OFF, 'A', 5);
	memset(img + BETA_OFF, 'B', 16);
	return img;
}

static int find(const uint8_t *img, size_t size, const char *name)
{
	const void *blob;
	size_t len;

	return bootimg_find(img, size, name, strlen(name), &blob, &len);
}

START_TEST(test_good_image)
{
	uint8_t *img = good_image();
	const void *blob = NULL;
	size_t len = 0;
	size_t count = 0;
	struct bootimg_entry e;

	ck_assert_int_eq(bootimg_check(img, IMG_SIZE, &count), 0);
	ck_assert_uint_eq(count, 2);
	ck_assert_int_eq(bootimg_find(img, IMG_SIZE, "beta", 4, &blob, &len), 0);
	ck_assert_ptr_eq(blob, img + BETA_OFF);
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(bootimg_entry_at(img, IMG_SIZE, 0, &e), 0);
	ck_assert_str_eq(e.name, "alpha");
	ck_assert_uint_eq(e.name_len, 5);
	ck_assert_ptr_eq(e.blob, img + ALPHA_OFF);
	ck_assert_uint_eq(e.size, 5);
	ck_assert_int_eq(bootimg_entry_at(img, IMG_SIZE, 2, &e), ERR_RANGE);
	free(img);
}
END_TEST

START_TEST(test_names_must_match_exactly)
{
	uint8_t *img = good_image();
	const void *blob = (const void *)0x1;
	size_t len = 77;
	char long_name[CAIRN_NAME_MAX + 2];

	ck_assert_int_eq(find(img, IMG_SIZE, "alph"), ERR_NOTFOUND);
	ck_assert_int_eq(find(img, IMG_SIZE, "alphaa"), ERR_NOTFOUND);
	ck_assert_int_eq(find(img, IMG_SIZE, "Alpha"), ERR_NOTFOUND);
	ck_assert_int_eq(bootimg_find(img, IMG_SIZE, "alpha\0", 6, &blob, &len), ERR_NOTFOUND);
	ck_assert_int_eq(bootimg_find(img, IMG_SIZE, "alpha", 0, &blob, &len), ERR_INVAL);
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	ck_assert_int_eq(find(img, IMG_SIZE, long_name), ERR_INVAL);
	/* ret_* untouched on failure */
	ck_assert_ptr_eq(blob, (const void *)0x1);
	ck_assert_uint_eq(len, 77);
	free(img);
}
END_TEST

START_TEST(test_trailing_bytes_ignored)
{
	uint8_t *img = good_image();
	uint8_t *padded = calloc(1, IMG_SIZE + 4096);
	size_t count;

	ck_assert_ptr_nonnull(padded);
	memcpy(padded, img, IMG_SIZE);
	ck_assert_int_eq(bootimg_check(padded, IMG_SIZE + 4096, &count), 0);
	ck_assert_int_eq(find(padded, IMG_SIZE + 4096, "alpha"), 0);
	free(padded);
	free(img);
}
END_TEST

struct corruption {
	const char *what;
	size_t off;
	uint64_t value;
	unsigned bytes;
	int want;
};

static const struct corruption corruptions[] = {
	{"magic", 0, 'c', 1, ERR_BADIMAGE},
	{"version 0", 8, 0, 4, ERR_VERSION},
	{"version 2", 8, 2, 4, ERR_VERSION},
	{"reserved", 24, 1, 8, ERR_BADIMAGE},
	{"count over limit", 12, BOOTIMG_MAX_ENTRIES + 1, 4, ERR_BADIMAGE},
	{"count huge", 12, 0xffffffffu, 4, ERR_BADIMAGE},
	{"count 3, table over payload", 12, 3, 4, ERR_BADIMAGE},
	{"total past buffer", 16, IMG_SIZE + 1, 8, ERR_BADIMAGE},
	{"total huge", 16, UINT64_MAX, 8, ERR_BADIMAGE},
	{"total inside table", 16, TABLE_END - 1, 8, ERR_BADIMAGE},
	{"total cuts payload", 16, IMG_SIZE - 1, 8, ERR_BADIMAGE},
	{"empty name", E0, 0, 1, ERR_BADIMAGE},
	{"bytes after NUL", E0 + 20, 'x', 1, ERR_BADIMAGE},
	{"duplicate name", E1, 0x6168706c61, 5, ERR_BADIMAGE}, /* "alpha" */
	{"offset misaligned", E1 + ENT_OFFSET, BETA_OFF + 1, 8, ERR_BADIMAGE},
	{"offset in table", E0 + ENT_OFFSET, TABLE_END - 8, 8, ERR_BADIMAGE},
	{"offset 0", E0 + ENT_OFFSET, 0, 8, ERR_BADIMAGE},
	{"offset past end", E1 + ENT_OFFSET, IMG_SIZE + 8, 8, ERR_BADIMAGE},
	{"offset huge", E1 + ENT_OFFSET, UINT64_MAX & ~7ull, 8, ERR_BADIMAGE},
	{"size one past", E1 + ENT_SIZE, 17, 8, ERR_BADIMAGE},
	{"size huge", E1 + ENT_SIZE, UINT64_MAX, 8, ERR_BADIMAGE},
};

START_TEST(test_corruption)
{
	const struct corruption *c = &corruptions[_i];
	uint8_t *img = good_image();
	size_t count = 1234;
	struct bootimg_entry e = {.size = 99};

	put(img, c->off, c->value, c->bytes);
	ck_assert_msg(bootimg_check(img, IMG_SIZE, &count) == c->want, "%s: got %d, want %d",
		      c->what, bootimg_check(img, IMG_SIZE, &count), c->want);
	ck_assert_int_eq(find(img, IMG_SIZE, "alpha"), c->want);
	ck_assert_int_eq(bootimg_entry_at(img, IMG_SIZE, 0, &e), c->want);
	ck_assert_uint_eq(count, 1234);
	ck_assert_uint_eq(e.size, 99);
	free(img);
}
END_TEST

/* A name may use CAIRN_NAME_MAX bytes, not the whole field. */
START_TEST(test_name_lengths)
{
	uint8_t *img = good_image();
	char name[BOOTIMG_NAME_FIELD + 1];
	size_t count;

	memset(name, 'n', sizeof(name));
	name[CAIRN_NAME_MAX] = '\0';
	memcpy(img + E0, name, CAIRN_NAME_MAX);
	ck_assert_int_eq(find(img, IMG_SIZE, name), 0);
	memset(img + E0, 'n', BOOTIMG_NAME_FIELD);
	ck_assert_int_eq(bootimg_check(img, IMG_SIZE, &count), ERR_BADIMAGE);
	free(img);
}
END_TEST

/* An empty payload at the very end, and one that ends exactly at total_size, are fine. */
START_TEST(test_boundaries_accepted)
{
	uint8_t *img = good_image();

	put(img, E0 + ENT_OFFSET, IMG_SIZE, 8);
	put(img, E0 + ENT_SIZE, 0, 8);
	ck_assert_int_eq(find(img, IMG_SIZE, "alpha"), 0);
	ck_assert_int_eq(find(img, IMG_SIZE, "beta"), 0);
	free(img);
}
END_TEST

START_TEST(test_truncations)
{
	uint8_t *img = good_image();

	for (size_t size = 0; size < IMG_SIZE; size++) {
		uint8_t *cut = malloc(size > 0 ? size : 1);
		size_t count;

		ck_assert_ptr_nonnull(cut);
		memcpy(cut, img, size);
		ck_assert_int_eq(bootimg_check(cut, size, &count), ERR_BADIMAGE);
		free(cut);
	}
	free(img);
}
END_TEST

START_TEST(test_packed_by_the_packer)
{
	size_t size;
	uint8_t *img = fixture_file_load("boot.img", &size);
	size_t count;
	const void *blob;
	size_t len;
	struct elf_program prog;
	struct bootimg_entry e;

	ck_assert_int_eq(bootimg_check(img, size, &count), 0);
	ck_assert_uint_eq(count, 2);
	/* sorted by name */
	ck_assert_int_eq(bootimg_entry_at(img, size, 0, &e), 0);
	ck_assert_str_eq(e.name, "low");
	ck_assert_int_eq(bootimg_find(img, size, "tiny", 4, &blob, &len), 0);
	ck_assert_uint_eq((uintptr_t)blob % BOOTIMG_ALIGN, (uintptr_t)img % BOOTIMG_ALIGN);
	ck_assert_int_eq(elf_parse(blob, len, &prog), 0);
	ck_assert_int_eq(bootimg_find(img, size, "low", 3, &blob, &len), 0);
	ck_assert_int_eq(elf_parse(blob, len, &prog), ERR_RANGE);
	ck_assert_int_eq(find(img, size, "init"), ERR_NOTFOUND);
	free(img);
}
END_TEST

START_TEST(test_empty_image_from_the_packer)
{
	size_t size;
	uint8_t *img = fixture_file_load("empty.img", &size);
	size_t count = 5;

	ck_assert_uint_eq(size, BOOTIMG_HEADER_SIZE);
	ck_assert_int_eq(bootimg_check(img, size, &count), 0);
	ck_assert_uint_eq(count, 0);
	ck_assert_int_eq(find(img, size, "init"), ERR_NOTFOUND);
	free(img);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("bootimg");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, test_good_image);
	tcase_add_test(tc, test_names_must_match_exactly);
	tcase_add_test(tc, test_trailing_bytes_ignored);
	tcase_add_loop_test(tc, test_corruption, 0,
			    (int)(sizeof(corruptions) / sizeof(corruptions[0])));
	tcase_add_test(tc, test_name_lengths);
	tcase_add_test(tc, test_boundaries_accepted);
	tcase_add_test(tc, test_truncations);
	tcase_add_test(tc, test_packed_by_the_packer);
	tcase_add_test(tc, test_empty_image_from_the_packer);
	suite_add_tcase(s, tc);
	return check_run(srunner_create(s));
}
