/*
 * Host tests of the kernel's device tree reader on malformed blobs. Each
 * corruption must be rejected with a negative err_code and must not read
 * outside the blob: every blob sits in a heap buffer of exactly its size, so
 * AddressSanitizer stops the test on the first byte read past the end.
 * Three kinds of input: dtc fixtures with a patched header, structure blocks
 * written word by word, and trees built with libfdt's sequential-write API.
 */
#include <check.h>
#include <libfdt.h>
#include <string.h>

#include "cairn/dtb.h"
#include "cairn/error.h"
#include "fdt_blob.h"

Suite *fdt_malformed_suite(void);

enum { TOK_BEGIN = 1, TOK_END_NODE = 2, TOK_PROP = 3, TOK_NOP = 4, TOK_END = 9 };

/* The root node's BEGIN_NODE token and its empty name. */
#define ROOT TOK_BEGIN, 0

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Four name bytes as one structure-block word. */
#define NAME4(a, b, c, d)                                                                          \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

/* Parse `b`, expect error `want`, and check *info was left alone. */
static void expect_error(const struct test_blob *b, int want)
{
	struct dtb_info info;
	struct dtb_info before;

	memset(&info, 0xa5, sizeof(info));
	memcpy(&before, &info, sizeof(info));
	ck_assert_int_eq(dtb_parse(b->data, b->size, &info), want);
	ck_assert_mem_eq(&info, &before, sizeof(info));
}

static void expect_raw_error(const uint32_t *words, size_t count, int want)
{
	static const char strings[] = "reg\0bootargs";
	struct test_blob b = blob_raw(words, count, strings, sizeof(strings));

	expect_error(&b, want);
	blob_free(&b);
}

/* The virt-like fixture with one header word replaced. */
static void expect_header_error(size_t field, uint32_t value, int want)
{
	struct test_blob b = blob_load_fixture("virt_like");

	blob_set32(&b, field, value);
	expect_error(&b, want);
	blob_free(&b);
}

START_TEST(test_raw_minimal_is_valid)
{
	static const uint32_t words[] = {ROOT, TOK_NOP, TOK_END_NODE, TOK_END};
	struct test_blob b = blob_raw(words, COUNT(words), "", 1);
	struct dtb_info info;

	ck_assert_int_eq(dtb_parse(b.data, b.size, &info), 0);
	ck_assert_uint_eq(info.hart_count, 0);
	ck_assert_uint_eq(info.mem_total, 0);
	blob_free(&b);
}
END_TEST

START_TEST(test_bad_header)
{
	expect_header_error(HDR_MAGIC, 0xd00dfeee, ERR_INVAL);
	expect_header_error(HDR_VERSION, 16, ERR_VERSION);
	expect_header_error(HDR_LAST_COMP, 18, ERR_VERSION);
	expect_header_error(HDR_TOTALSIZE, 39, ERR_RANGE);
	expect_header_error(HDR_TOTALSIZE, 0xffffffff, ERR_RANGE);
	expect_header_error(HDR_OFF_STRUCT, 0x7ffffff0, ERR_RANGE);
	expect_header_error(HDR_OFF_STRUCT, 8, ERR_RANGE); /* inside the header */
	expect_header_error(HDR_SIZE_STRUCT, 0xfffffffc, ERR_RANGE);
	expect_header_error(HDR_OFF_STRINGS, 0xfffffff0, ERR_RANGE);
	expect_header_error(HDR_SIZE_STRINGS, 0x20000000, ERR_RANGE);
}
END_TEST

START_TEST(test_misaligned_struct_block)
{
	struct test_blob b = blob_load_fixture("virt_like");

	blob_set32(&b, HDR_OFF_STRUCT, blob_get32(&b, HDR_OFF_STRUCT) + 2);
	blob_set32(&b, HDR_SIZE_STRUCT, blob_get32(&b, HDR_SIZE_STRUCT) - 4);
	expect_error(&b, ERR_INVAL);
	blob_free(&b);
}
END_TEST

START_TEST(test_truncated_blob)
{
	struct test_blob b = blob_load_fixture("virt_like");

	/* Every prefix, each in a buffer of exactly its own size. */
	for (size_t len = 0; len < b.size; len++) {
		struct test_blob cut = blob_copy(b.data, len);

		expect_error(&cut, ERR_RANGE);
		blob_free(&cut);
	}
	blob_free(&b);
}
END_TEST

START_TEST(test_truncated_struct_block)
{
	struct test_blob b = blob_load_fixture("virt_like");
	uint32_t size = blob_get32(&b, HDR_SIZE_STRUCT);
	struct dtb_info info;

	/* Lose the END token, and then every further word. */
	for (uint32_t cut = 4; cut <= size; cut += 4) {
		blob_set32(&b, HDR_SIZE_STRUCT, size - cut);
		ck_assert_int_lt(dtb_parse(b.data, b.size, &info), 0);
	}
	blob_free(&b);
}
END_TEST

START_TEST(test_truncated_strings_block)
{
	struct test_blob b = blob_load_fixture("virt_like");
	uint32_t size = blob_get32(&b, HDR_SIZE_STRINGS);
	struct dtb_info info;

	/* dtc stores only names it uses, so every cut breaks some property. */
	for (uint32_t cut = 1; cut <= size; cut++) {
		blob_set32(&b, HDR_SIZE_STRINGS, size - cut);
		ck_assert_int_lt(dtb_parse(b.data, b.size, &info), 0);
	}
	blob_free(&b);
}
END_TEST

START_TEST(test_name_offset_out_of_range)
{
	struct test_blob b = blob_load_fixture("virt_like");
	size_t prop = blob_first_prop(&b);

	blob_set32(&b, prop + 8, blob_get32(&b, HDR_SIZE_STRINGS));
	expect_error(&b, ERR_RANGE);
	blob_set32(&b, prop + 8, 0xffffffff);
	expect_error(&b, ERR_RANGE);
	blob_free(&b);
}
END_TEST

START_TEST(test_property_length_out_of_range)
{
	static const uint32_t words[] = {ROOT, TOK_PROP, 100, 0, TOK_END_NODE, TOK_END};
	struct test_blob b = blob_load_fixture("virt_like");

	expect_raw_error(words, COUNT(words), ERR_RANGE);
	blob_set32(&b, blob_first_prop(&b) + 4, 0xfffffffd);
	expect_error(&b, ERR_RANGE);
	blob_free(&b);
}
END_TEST

START_TEST(test_unterminated_node_name)
{
	/* A child of the root named "cpusxyzw..." that runs to the end of the block. */
	static const uint32_t words[] = {ROOT, TOK_BEGIN, NAME4('c', 'p', 'u', 's'),
					 NAME4('x', 'y', 'z', 'w')};

	expect_raw_error(words, COUNT(words), ERR_INVAL);
}
END_TEST

START_TEST(test_unterminated_property_name)
{
	static const uint32_t words[] = {ROOT, TOK_PROP, 0, 0, TOK_END_NODE, TOK_END};
	struct test_blob b = blob_raw(words, COUNT(words), "bootargs", 8); /* no NUL */

	expect_error(&b, ERR_INVAL);
	blob_free(&b);
}
END_TEST

START_TEST(test_bad_token_structure)
{
	static const uint32_t unknown[] = {ROOT, 7, TOK_END_NODE, TOK_END};
	static const uint32_t stray_end_node[] = {TOK_END_NODE, TOK_END};
	static const uint32_t open_at_end[] = {ROOT, TOK_END};
	static const uint32_t no_end[] = {ROOT, TOK_END_NODE};
	static const uint32_t prop_outside[] = {TOK_PROP, 0, 0, ROOT, TOK_END_NODE, TOK_END};
	static const uint32_t two_roots[] = {ROOT, TOK_END_NODE, ROOT, TOK_END_NODE, TOK_END};
	static const uint32_t no_root[] = {TOK_NOP, TOK_END};

	expect_raw_error(unknown, COUNT(unknown), ERR_INVAL);
	expect_raw_error(stray_end_node, COUNT(stray_end_node), ERR_INVAL);
	expect_raw_error(open_at_end, COUNT(open_at_end), ERR_INVAL);
	expect_raw_error(no_end, COUNT(no_end), ERR_RANGE);
	expect_raw_error(prop_outside, COUNT(prop_outside), ERR_INVAL);
	expect_raw_error(two_roots, COUNT(two_roots), ERR_INVAL);
	expect_raw_error(no_root, COUNT(no_root), ERR_INVAL);
}
END_TEST

/* A chain of `depth` nested nodes, root included. */
static int parse_nested(size_t depth)
{
	uint32_t words[2 * (DTB_MAX_DEPTH + 1) + (DTB_MAX_DEPTH + 1) + 1];
	size_t n = 0;
	struct dtb_info info;

	for (size_t i = 0; i < depth; i++) {
		words[n++] = TOK_BEGIN;
		words[n++] = i == 0 ? 0 : NAME4('n', 0, 0, 0);
	}
	for (size_t i = 0; i < depth; i++)
		words[n++] = TOK_END_NODE;
	words[n++] = TOK_END;
	struct test_blob b = blob_raw(words, n, "", 1);
	int err = dtb_parse(b.data, b.size, &info);
	blob_free(&b);
	return err;
}

START_TEST(test_nesting_limit)
{
	ck_assert_int_eq(parse_nested(DTB_MAX_DEPTH), 0);
	ck_assert_int_eq(parse_nested(DTB_MAX_DEPTH + 1), ERR_NOSPC);
}
END_TEST

START_TEST(test_too_many_harts)
{
	uint32_t ids[DTB_MAX_HARTS + 1];

	for (size_t i = 0; i < DTB_MAX_HARTS + 1; i++)
		ids[i] = (uint32_t)i;
	void *fdt = sw_begin();
	sw_cpus(fdt, ids, DTB_MAX_HARTS + 1);
	struct test_blob b = sw_finish(fdt);
	expect_error(&b, ERR_NOSPC);
	blob_free(&b);
}
END_TEST

/* /cpus holding one cpu node with the given reg bytes (none if reg is NULL). */
static struct test_blob cpu_tree(const void *reg, int reg_len, bool twice)
{
	void *fdt = sw_begin();

	ck_assert_int_eq(fdt_begin_node(fdt, "cpus"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 1), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#size-cells", 0), 0);
	for (int i = 0; i < (twice ? 2 : 1); i++) {
		ck_assert_int_eq(fdt_begin_node(fdt, i == 0 ? "cpu@0" : "cpu@1"), 0);
		ck_assert_int_eq(fdt_property_string(fdt, "device_type", "cpu"), 0);
		if (reg != NULL)
			ck_assert_int_eq(fdt_property(fdt, "reg", reg, reg_len), 0);
		ck_assert_int_eq(fdt_end_node(fdt), 0);
	}
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	return sw_finish(fdt);
}

START_TEST(test_bad_cpu_nodes)
{
	static const uint8_t zero[4] = {0};
	struct test_blob no_reg = cpu_tree(NULL, 0, false);
	struct test_blob short_reg = cpu_tree(zero, 2, false);
	struct test_blob duplicate = cpu_tree(zero, 4, true);

	expect_error(&no_reg, ERR_INVAL);
	expect_error(&short_reg, ERR_INVAL);
	expect_error(&duplicate, ERR_INVAL);
	blob_free(&no_reg);
	blob_free(&short_reg);
	blob_free(&duplicate);
}
END_TEST

START_TEST(test_bad_bootargs)
{
	char longest[DTB_BOOTARGS_MAX + 1];

	memset(longest, 'x', sizeof(longest) - 1);
	longest[sizeof(longest) - 1] = '\0';
	struct test_blob too_long = sw_simple_tree(longest, sizeof(longest));
	struct test_blob unterminated = sw_simple_tree("cairn.nonce=12", 14);
	struct test_blob empty = sw_simple_tree("", 0);

	expect_error(&too_long, ERR_TOOLONG);
	expect_error(&unterminated, ERR_INVAL);
	expect_error(&empty, ERR_INVAL);
	blob_free(&too_long);
	blob_free(&unterminated);
	blob_free(&empty);
}
END_TEST

static void expect_memory_error(const uint32_t *cells, size_t count, int want)
{
	void *fdt = sw_begin();

	sw_memory(fdt, cells, count);
	struct test_blob b = sw_finish(fdt);
	expect_error(&b, want);
	blob_free(&b);
}

START_TEST(test_bad_memory_nodes)
{
	static const uint32_t partial[] = {0, 0x80000000, 0};
	static const uint32_t wraps[] = {0xffffffff, 0xf0000000, 0, 0x20000000};
	static const uint32_t sum_overflows[] = {0, 0, 0xffffffff, 0xffffffff, 0, 0, 0, 0x1000};
	uint32_t many[(DTB_MAX_MEM_RANGES + 1) * 4];

	for (size_t i = 0; i < DTB_MAX_MEM_RANGES + 1; i++) {
		many[i * 4] = 1;
		many[i * 4 + 1] = (uint32_t)i << 20;
		many[i * 4 + 2] = 0;
		many[i * 4 + 3] = 0x1000;
	}
	expect_memory_error(partial, COUNT(partial), ERR_INVAL);
	expect_memory_error(wraps, COUNT(wraps), ERR_RANGE);
	expect_memory_error(sum_overflows, COUNT(sum_overflows), ERR_RANGE);
	expect_memory_error(many, COUNT(many), ERR_NOSPC);
}
END_TEST

START_TEST(test_bad_property_sizes)
{
	static const uint8_t eight[8] = {0, 0, 0, 0, 0, 0, 0, 2};
	void *fdt = sw_begin();

	ck_assert_int_eq(fdt_begin_node(fdt, "cpus"), 0);
	ck_assert_int_eq(fdt_property(fdt, "timebase-frequency", eight, 2), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	struct test_blob timebase = sw_finish(fdt);
	fdt = sw_begin();
	ck_assert_int_eq(fdt_begin_node(fdt, "soc"), 0);
	ck_assert_int_eq(fdt_property(fdt, "#address-cells", eight, 8), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	struct test_blob cells = sw_finish(fdt);
	fdt = sw_begin();
	ck_assert_int_eq(fdt_begin_node(fdt, "memory@0"), 0);
	ck_assert_int_eq(fdt_property(fdt, "device_type", "memory", 6), 0);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	struct test_blob device_type = sw_finish(fdt);

	expect_error(&timebase, ERR_INVAL);
	expect_error(&cells, ERR_INVAL);
	expect_error(&device_type, ERR_INVAL);
	blob_free(&timebase);
	blob_free(&cells);
	blob_free(&device_type);
}
END_TEST

START_TEST(test_unsupported_cells)
{
	static const uint32_t reg[] = {0, 0, 0x80000000, 0, 0x1000};
	void *fdt = sw_begin();

	ck_assert_int_eq(fdt_begin_node(fdt, "bus"), 0);
	ck_assert_int_eq(fdt_property_u32(fdt, "#address-cells", 3), 0);
	sw_memory(fdt, reg, 5);
	ck_assert_int_eq(fdt_end_node(fdt), 0);
	struct test_blob b = sw_finish(fdt);
	expect_error(&b, ERR_INVAL);
	blob_free(&b);
}
END_TEST

START_TEST(test_null_and_total_size)
{
	struct dtb_info info;
	struct test_blob b = blob_load_fixture("one_hart");
	size_t size = 7;

	ck_assert_int_eq(dtb_parse(NULL, 100, &info), ERR_INVAL);
	blob_set32(&b, HDR_TOTALSIZE, DTB_MAX_BLOB_SIZE + 1);
	ck_assert_int_eq(dtb_total_size(b.data, &size), ERR_RANGE);
	blob_set32(&b, HDR_VERSION, 2);
	ck_assert_int_eq(dtb_total_size(b.data, &size), ERR_VERSION);
	blob_set32(&b, HDR_MAGIC, 0);
	ck_assert_int_eq(dtb_total_size(b.data, &size), ERR_INVAL);
	ck_assert_uint_eq(size, 7);
	blob_free(&b);
}
END_TEST

/* Whatever a corrupted blob parses to must respect the output's bounds. */
static void check_sane(const struct test_blob *b)
{
	struct dtb_info info;
	int err = dtb_parse(b->data, b->size, &info);

	ck_assert_int_le(err, 0);
	if (err == 0) {
		ck_assert_uint_le(info.hart_count, DTB_MAX_HARTS);
		ck_assert_uint_le(info.mem_count, DTB_MAX_MEM_RANGES);
		ck_assert_ptr_nonnull(memchr(info.bootargs, '\0', sizeof(info.bootargs)));
	}
}

START_TEST(test_every_byte_flipped)
{
	struct test_blob b = blob_load_fixture("virt_like");

	for (size_t i = 0; i < b.size; i++) {
		b.data[i] ^= 0xff;
		check_sane(&b);
		b.data[i] ^= 0xff;
	}
	blob_free(&b);
}
END_TEST

START_TEST(test_every_word_replaced)
{
	static const uint32_t values[] = {0, 1, 2, 3, 4, 9, 0x7fffffff, 0xfffffffc, 0xffffffff};
	struct test_blob b = blob_load_fixture("virt_like");

	for (size_t off = 0; off + 4 <= b.size; off += 4) {
		uint32_t saved = blob_get32(&b, off);

		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			blob_set32(&b, off, values[v]);
			check_sane(&b);
		}
		blob_set32(&b, off, saved);
	}
	blob_free(&b);
}
END_TEST

Suite *fdt_malformed_suite(void)
{
	Suite *s = suite_create("dtb malformed");
	TCase *tc = tcase_create("rejected");

	tcase_add_test(tc, test_raw_minimal_is_valid);
	tcase_add_test(tc, test_bad_header);
	tcase_add_test(tc, test_misaligned_struct_block);
	tcase_add_test(tc, test_truncated_blob);
	tcase_add_test(tc, test_truncated_struct_block);
	tcase_add_test(tc, test_truncated_strings_block);
	tcase_add_test(tc, test_name_offset_out_of_range);
	tcase_add_test(tc, test_property_length_out_of_range);
	tcase_add_test(tc, test_unterminated_node_name);
	tcase_add_test(tc, test_unterminated_property_name);
	tcase_add_test(tc, test_bad_token_structure);
	tcase_add_test(tc, test_nesting_limit);
	tcase_add_test(tc, test_too_many_harts);
	tcase_add_test(tc, test_bad_cpu_nodes);
	tcase_add_test(tc, test_bad_bootargs);
	tcase_add_test(tc, test_bad_memory_nodes);
	tcase_add_test(tc, test_bad_property_sizes);
	tcase_add_test(tc, test_unsupported_cells);
	tcase_add_test(tc, test_null_and_total_size);
	tcase_add_test(tc, test_every_byte_flipped);
	tcase_add_test(tc, test_every_word_replaced);
	suite_add_tcase(s, tc);
	return s;
}
