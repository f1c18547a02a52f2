/*
 * The boot image: the archive of user programs linked into the kernel
 * (packed by tools/mkbootimg.py, embedded by kernel/loader/bootimg_blob.S).
 * This header owns the format and the reader; the packer writes the same
 * layout, and the host tests read images the packer made.
 *
 * Layout, all integers little-endian:
 *   header  (32 bytes): magic "CAIRNIMG", u32 version, u32 count,
 *                       u64 total_size, u64 reserved (0)
 *   entries (count x 48 bytes, right after the header):
 *                       name[32] (1..CAIRN_NAME_MAX bytes, NUL-padded),
 *                       u64 offset, u64 size
 *   payloads: each at an offset that is a multiple of BOOTIMG_ALIGN, after
 *             the entry table, inside total_size. Names are unique.
 * An image with no entries is valid (32 bytes).
 *
 * Pure: no globals, no output, no allocation. Every function checks the
 * whole header and entry table before answering, reads nothing outside the
 * `size` bytes given, and turns any malformation into ERR_BADIMAGE.
 */
#ifndef CAIRN_BOOTIMG_H
#define CAIRN_BOOTIMG_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"

#define BOOTIMG_MAGIC	    "CAIRNIMG"
#define BOOTIMG_VERSION	    1u
#define BOOTIMG_HEADER_SIZE 32u
#define BOOTIMG_ENTRY_SIZE  48u
#define BOOTIMG_NAME_FIELD  32u
#define BOOTIMG_ALIGN	    8u
#define BOOTIMG_MAX_ENTRIES 64u

_Static_assert(CAIRN_NAME_MAX < BOOTIMG_NAME_FIELD, "a name and its NUL fit the name field");

/* The image linked into the kernel (kernel/loader/bootimg_blob.S); kernel builds only. */
extern const uint8_t bootimg_start[];
extern const uint8_t bootimg_end[];
extern const uint64_t bootimg_size; /* bootimg_end - bootimg_start */

/* One program in the image, as bootimg_entry_at describes it. */
struct bootimg_entry {
	char name[BOOTIMG_NAME_FIELD]; /* NUL-terminated copy */
	size_t name_len;
	const void *blob; /* inside the image */
	size_t size;
};

/*
 * Check the image in the `size` bytes at `image` (trailing bytes past its
 * total_size are allowed and ignored) and store its entry count. Returns 0,
 * ERR_VERSION, or ERR_BADIMAGE (bad magic, reserved field, sizes, count over
 * BOOTIMG_MAX_ENTRIES, a bad name, a payload misaligned, in the table or out
 * of the image, a duplicate name).
 */
int bootimg_check(const void *image, size_t size, size_t *ret_count);

/* Describe entry `index` of a checked image. Errors of bootimg_check, or ERR_RANGE (index). */
int bootimg_entry_at(const void *image, size_t size, size_t index, struct bootimg_entry *ret);

/*
 * Find the program named by the `name_len` bytes at `name` (not
 * NUL-terminated) and store where its bytes are. Errors of bootimg_check,
 * or ERR_INVAL (name_len 0 or over CAIRN_NAME_MAX), ERR_NOTFOUND.
 */
int bootimg_find(const void *image, size_t size, const char *name, size_t name_len,
		 const void **ret_blob, size_t *ret_size);

#endif /* CAIRN_BOOTIMG_H */
