/*
 * Fixture files for the host tests (see fixture_file.h). Owns finding and
 * reading the file; knows nothing about its format.
 */
#include "fixture_file.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>

enum { FIXTURE_FILE_MAX = 4 << 20 };

uint8_t *fixture_file_load(const char *name, size_t *ret_size)
{
	const char *dir = getenv("CAIRN_TEST_FIXTURES");
	char path[512];

	if (dir == NULL || dir[0] == '\0')
		dir = FIXTURE_FILE_DIR;
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_lt(n, (int)sizeof(path));

	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open fixture %s (set CAIRN_TEST_FIXTURES)", path);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	ck_assert(size > 0 && size <= FIXTURE_FILE_MAX);
	ck_assert_int_eq(fseek(f, 0, SEEK_SET), 0);
	uint8_t *data = malloc((size_t)size);
	ck_assert_ptr_nonnull(data);
	ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
	ck_assert_int_eq(fclose(f), 0);
	*ret_size = (size_t)size;
	return data;
}
