/*
 * Test blob helpers (see fdt_blob.h). Owns file loading and the
 * sequential-write scaffolding; knows nothing about what a test expects.
 */
#include "fdt_blob.h"

#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SW_BUF_SIZE = 65536 };

struct test_blob blob_copy(const void *data, size_t size)
{
	/* malloc(0) may return NULL; keep one byte so the pointer is real. */
	struct test_blob b = {.data = malloc(size > 0 ? size : 1), .size = size};

	ck_assert_ptr_nonnull(b.data);
	if (size > 0)
		memcpy(b.data, data, size);
	return b;
}

struct test_blob blob_load_fixture(const char *name)
{
	const char *dir = getenv("CAIRN_TEST_FIXTURES");
	char path[512];
	static uint8_t buf[1 << 20];

	if (dir == NULL || dir[0] == '\0')
		dir = FDT_BLOB_FIXTURE_DIR;
	int n = snprintf(path, sizeof(path), "%s/%s.dtb", dir, name);
	ck_assert_int_lt(n, (int)sizeof(path));

	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open fixture %s (set CAIRN_TEST_FIXTURES)", path);
	size_t size = fread(buf, 1, sizeof(buf), f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_uint_gt(size, 0);
	return blob_copy(buf, size);
}

void blob_free(struct test_blob *b)
{
	free(b->data);
	b->data = NULL;
	b->size = 0;
}

uint32_t blob_get32(const struct test_blob *b, size_t off)
{
	ck_assert_uint_le(off + 4, b->size);
	return ((uint32_t)b->data[off] << 24) | ((uint32_t)b->data[off + 1] << 16) |
	       ((uint32_t)b->data[off + 2] << 8) | b->data[off + 3];
}

void blob_set32(struct test_blob *b, size_t off, uint32_t value)
{
	ck_assert_uint_le(off + 4, b->size);
	b->data[off] = (uint8_t)(value >> 24);
	b->data[off + 1] = (uint8_t)(value >> 16);
	b->data[off + 2] = (uint8_t)(value >> 8);
	b->data[off + 3] = (uint8_t)value;
}

size_t blob_first_prop(const struct test_blob *b)
{
	size_t off = blob_get32(b, HDR_OFF_STRUCT);
	size_t end = off + blob_get32(b, HDR_SIZE_STRUCT);

	for (; off + 4 <= end; off += 4) {
		if (blob_get32(b, off) == FDT_PROP)
			return off;
	}
	ck_abort_msg("no property in blob");
	return 0;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct test_blob blob_raw(const uint32_t *words, size_t count, const char *strings,
			  size_t strings_len)
{
	enum { RSV_OFF = 40, STRUCT_OFF = 56 };
	size_t strings_off = STRUCT_OFF + count * 4;
	size_t total = strings_off + strings_len;
	uint8_t *buf = calloc(1, total);

	ck_assert_ptr_nonnull(buf);
	put32(buf + HDR_MAGIC, FDT_MAGIC);
	put32(buf + HDR_TOTALSIZE, (uint32_t)total);
	put32(buf + HDR_OFF_STRUCT, STRUCT_OFF);
	put32(buf + HDR_OFF_STRINGS, (uint32_t)strings_off);
	put32(buf + HDR_OFF_RSVMAP, RSV_OFF);
	put32(buf + HDR_VERSION, 17);
	put32(buf + HDR_LAST_COMP, 16);
	put32(buf + HDR_SIZE_STRINGS, (uint32_t)strings_len);
	put32(buf + HDR_SIZE_STRUCT, (uint32_t)(count * 4));
	for (size_t i = 0; i < count; i++)
		put32(buf + STRUCT_OFF + i * 4, words[i]);
	memcpy(buf + strings_off, strings, strings_len);
	struct test_blob b = blob_copy(buf, total);
	free(buf);
	return b;
}

void *sw_begin(void)
{
	void *fdt = malloc(SW_BUF_SIZE);

	ck_assert_ptr_nonnull(fdt);
	ck_assert_int_eq(fdt_create(fdt, SW_BUF_SIZE), 0);
	ck_assert_int_eq(fdt_finish_reservemap(fdt), 0);
	ck_assert_int_eq(fdt_begin_node(fdt, ""), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 2), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#size-cells", 2), 0);
	return fdt;
}

struct test_blob sw_finish(void *fdt)
{
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	ck_assert_int_eq(fdt_finish(fdt), 0);
	struct test_blob b = blob_copy(fdt, fdt_totalsize(fdt));
	free(fdt);
	return b;
}

void sw_cpus(void *fdt, const uint32_t *ids, size_t count)
{
	char name[32];

	ck_assert_int_eq(fdt_begin_node(fdt, "cpus"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 1), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#size-cells", 0), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "timebase-frequency", 10000000), 0);
	for (size_t i = 0; i < count; i++) {
		(void)snprintf(name, sizeof(name), "cpu@%x", (unsigned int)ids[i]);
		ck_assert_int_eq(fdt_begin_node(fdt, name), 0);
		ck_assert_int_eq(fdt_property_string(fdt, "device_type", "cpu"), 0);
		ck_assert_int_eq(fdt_property_u32(fdt, "reg", ids[i]), 0);
		ck_assert_int_eq(fdt_end_node(fdt), 0);
	}
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

void sw_memory(void *fdt, const uint32_t *cells, size_t count)
{
	fdt32_t reg[128];

	ck_assert_uint_le(count, sizeof(reg) / sizeof(reg[0]));
	for (size_t i = 0; i < count; i++)
		reg[i] = cpu_to_fdt32(cells[i]);
	ck_assert_int_eq(fdt_begin_node(fdt, "memory@80000000"), 0);
	ck_assert_int_eq(fdt_property_string(fdt, "device_type", "memory"), 0);
	ck_assert_int_eq(fdt_property(fdt, "reg", reg, (int)(count * sizeof(reg[0]))), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

void sw_chosen(void *fdt, const void *bootargs, size_t len)
{
	ck_assert_int_eq(fdt_begin_node(fdt, "chosen"), 0);
	ck_assert_int_eq(fdt_property(fdt, "bootargs", bootargs, (int)len), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
}

struct test_blob sw_simple_tree(const void *bootargs, size_t len)
{
	static const uint32_t hart0[] = {0};
	static const uint32_t mem[] = {0, 0x80000000, 0, 0x8000000};
	void *fdt = sw_begin();

	sw_chosen(fdt, bootargs, len);
	sw_cpus(fdt, hart0, 1);
	sw_memory(fdt, mem, 4);
	return sw_finish(fdt);
}
