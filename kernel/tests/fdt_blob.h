/*
 * Device tree blobs for the host tests: loading dtc-built fixtures, exact-size
 * copies (so AddressSanitizer sees any read past the end), header patching,
 * and small trees built with libfdt's sequential-write API. Every failure
 * here is a test failure (Check assertions), never a return code.
 */
#ifndef CAIRN_TESTS_FDT_BLOB_H
#define CAIRN_TESTS_FDT_BLOB_H

#include <stddef.h>
#include <stdint.h>

/* Where fixtures are found unless CAIRN_TEST_FIXTURES says otherwise. */
#define FDT_BLOB_FIXTURE_DIR "build/host/fixtures"

/* Byte offsets of header fields, from the device tree specification. */
enum {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 4,
	HDR_OFF_STRUCT = 8,
	HDR_OFF_STRINGS = 12,
	HDR_OFF_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP = 24,
	HDR_SIZE_STRINGS = 32,
	HDR_SIZE_STRUCT = 36
};

/* A blob in a heap buffer of exactly `size` bytes. */
struct test_blob {
	uint8_t *data;
	size_t size;
};

/* The fixture `name` (without .dtb), from the fixture directory. */
struct test_blob blob_load_fixture(const char *name);

/* A copy of the first `size` bytes at `data`, in a buffer of exactly that size. */
struct test_blob blob_copy(const void *data, size_t size);

void blob_free(struct test_blob *b);

uint32_t blob_get32(const struct test_blob *b, size_t off);
void blob_set32(struct test_blob *b, size_t off, uint32_t value);

/*
 * A version 17 blob with an empty reserve map, the given structure-block
 * words (host order; stored big-endian) and strings block, nothing checked.
 */
struct test_blob blob_raw(const uint32_t *words, size_t count, const char *strings,
			  size_t strings_len);

/* Offset of the first PROP token in the structure block. */
size_t blob_first_prop(const struct test_blob *b);

/*
 * Sequential-write trees. sw_begin opens the root with #address-cells = 2
 * and #size-cells = 2; sw_finish closes it and returns the finished blob.
 */
void *sw_begin(void);
struct test_blob sw_finish(void *fdt);

/* /cpus with timebase 10 MHz and one enabled cpu per id. */
void sw_cpus(void *fdt, const uint32_t *ids, size_t count);

/* A memory node whose reg is `cells` (2 address + 2 size cells each). */
void sw_memory(void *fdt, const uint32_t *cells, size_t count);

/* /chosen with a bootargs property of exactly these `len` bytes. */
void sw_chosen(void *fdt, const void *bootargs, size_t len);

/* A tree with one hart, 128 MiB and the given bootargs bytes. */
struct test_blob sw_simple_tree(const void *bootargs, size_t len);

#endif /* CAIRN_TESTS_FDT_BLOB_H */
