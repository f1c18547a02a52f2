/*
 * The boot image reader (see cairn/bootimg.h for the format). This file owns
 * checking the header and the entry table and looking programs up by name.
 * It does not know what the payloads are; elf_parse checks those.
 */
#include "cairn/bootimg.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

enum {
	BH_VERSION = 8,
	BH_COUNT = 12,
	BH_TOTAL = 16,
	BH_RESERVED = 24,
	BE_OFFSET = 32,
	BE_SIZE = 40,
};

static uint64_t bootimg_get(const uint8_t *p, unsigned bytes)
{
	uint64_t v = 0;

	for (unsigned i = bytes; i > 0; i--)
		v = (v << 8) | p[i - 1];
	return v;
}

static bool bootimg_bytes_equal(const uint8_t *a, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return false;
	}
	return true;
}

static const uint8_t *bootimg_entry_ptr(const uint8_t *img, size_t index)
{
	return img + BOOTIMG_HEADER_SIZE + index * BOOTIMG_ENTRY_SIZE;
}

/* The name's length: 1..CAIRN_NAME_MAX bytes before the first NUL, NULs after; 0 if malformed. */
static size_t bootimg_name_len(const uint8_t *field)
{
	size_t len = 0;

	while (len < BOOTIMG_NAME_FIELD && field[len] != 0)
		len++;
	if (len == 0 || len > CAIRN_NAME_MAX)
		return 0;
	for (size_t i = len; i < BOOTIMG_NAME_FIELD; i++) {
		if (field[i] != 0)
			return 0;
	}
	return len;
}

/* Check the header; on success store the entry count and the image's own size. */
static int bootimg_check_header(const uint8_t *img, size_t size, size_t *ret_count,
				size_t *ret_total)
{
	uint64_t count;
	uint64_t total;

	if (size < BOOTIMG_HEADER_SIZE ||
	    !bootimg_bytes_equal(img, (const uint8_t *)BOOTIMG_MAGIC, 8))
		return ERR_BADIMAGE;
	if (bootimg_get(img + BH_VERSION, 4) != BOOTIMG_VERSION)
		return ERR_VERSION;
	count = bootimg_get(img + BH_COUNT, 4);
	total = bootimg_get(img + BH_TOTAL, 8);
	if (bootimg_get(img + BH_RESERVED, 8) != 0 || count > BOOTIMG_MAX_ENTRIES)
		return ERR_BADIMAGE;
	if (total > size || total < BOOTIMG_HEADER_SIZE + count * BOOTIMG_ENTRY_SIZE)
		return ERR_BADIMAGE;
	*ret_count = (size_t)count;
	*ret_total = (size_t)total;
	return 0;
}

/* Check one entry of a table whose header checked out. */
static int bootimg_check_entry(const uint8_t *img, size_t count, size_t total, size_t index)
{
	const uint8_t *e = bootimg_entry_ptr(img, index);
	uint64_t offset = bootimg_get(e + BE_OFFSET, 8);
	uint64_t len = bootimg_get(e + BE_SIZE, 8);
	size_t table_end = BOOTIMG_HEADER_SIZE + count * BOOTIMG_ENTRY_SIZE;

	if (bootimg_name_len(e) == 0 || offset % BOOTIMG_ALIGN != 0)
		return ERR_BADIMAGE;
	if (offset < table_end || offset > total || len > total - offset)
		return ERR_BADIMAGE;
	for (size_t j = 0; j < index; j++) {
		if (bootimg_bytes_equal(e, bootimg_entry_ptr(img, j), BOOTIMG_NAME_FIELD))
			return ERR_BADIMAGE;
	}
	return 0;
}

/* Check everything; on success store the count and the image's own size. */
static int bootimg_check_all(const uint8_t *img, size_t size, size_t *ret_count, size_t *ret_total)
{
	size_t count;
	size_t total;
	int err = bootimg_check_header(img, size, &count, &total);

	if (err != 0)
		return err;
	for (size_t i = 0; i < count; i++) {
		err = bootimg_check_entry(img, count, total, i);
		if (err != 0)
			return err;
	}
	*ret_count = count;
	*ret_total = total;
	return 0;
}

int bootimg_check(const void *image, size_t size, size_t *ret_count)
{
	size_t total;

	return bootimg_check_all(image, size, ret_count, &total);
}

int bootimg_entry_at(const void *image, size_t size, size_t index, struct bootimg_entry *ret)
{
	const uint8_t *img = image;
	struct bootimg_entry out;
	size_t count;
	size_t total;
	int err = bootimg_check_all(img, size, &count, &total);

	if (err != 0)
		return err;
	if (index >= count)
		return ERR_RANGE;
	const uint8_t *e = bootimg_entry_ptr(img, index);
	for (size_t i = 0; i < BOOTIMG_NAME_FIELD; i++)
		out.name[i] = (char)e[i];
	out.name_len = bootimg_name_len(e);
	out.blob = img + bootimg_get(e + BE_OFFSET, 8);
	out.size = (size_t)bootimg_get(e + BE_SIZE, 8);
	*ret = out;
	return 0;
}

/* Whether the entry's name is exactly the `name_len` bytes at `name`. */
static bool bootimg_name_is(const uint8_t *e, const char *name, size_t name_len)
{
	return bootimg_name_len(e) == name_len &&
	       bootimg_bytes_equal(e, (const uint8_t *)name, name_len);
}

int bootimg_find(const void *image, size_t size, const char *name, size_t name_len,
		 const void **ret_blob, size_t *ret_size)
{
	const uint8_t *img = image;
	size_t count;
	size_t total;
	int err = bootimg_check_all(img, size, &count, &total);

	if (err != 0)
		return err;
	if (name_len == 0 || name_len > CAIRN_NAME_MAX)
		return ERR_INVAL;
	for (size_t i = 0; i < count; i++) {
		const uint8_t *e = bootimg_entry_ptr(img, i);

		if (bootimg_name_is(e, name, name_len)) {
			*ret_blob = img + bootimg_get(e + BE_OFFSET, 8);
			*ret_size = (size_t)bootimg_get(e + BE_SIZE, 8);
			return 0;
		}
	}
	return ERR_NOTFOUND;
}
