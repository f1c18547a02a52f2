/*
 * libFuzzer target for libstatefs: mounts a disk image of 64 sectors and,
 * if the mount succeeds, lists and reads every key, commits one put, reads
 * it back and remounts. A damaged image must be refused with one of the
 * mount's errors or mount; nothing may crash, and a commit that returned 0
 * must be read back, before and after the remount.
 *
 * Input: byte 0 picks how the image is made. Even: the rest of the input
 * is the image (zeros after it). Odd: a store is formatted here and built
 * by a script (byte 1: commits; each commit a count byte, then per op a key
 * byte, bit 7 for a delete, and a value-length byte), then the rest of the
 * input is patches of three bytes (offset high, offset low, a byte to xor).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "statefs.h"

#define FUZZ_SECTORS 64u
#define FUZZ_BYTES   ((size_t)FUZZ_SECTORS * SFS_SECTOR_SIZE)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

static uint8_t image[FUZZ_SECTORS][SFS_SECTOR_SIZE];
static struct sfs fs;
static struct sfs_batch batch;

static uint8_t fuzz_byte(struct fuzz_input *in)
{
	uint8_t b = 0;

	if (in->left > 0) {
		b = *in->p++;
		in->left--;
	}
	return b;
}

static int ram_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	(void)ctx;
	if (lba >= FUZZ_SECTORS || count > FUZZ_SECTORS - lba)
		abort(); /* the store reads only inside the device */
	memcpy(buf, image[lba], (size_t)count * SFS_SECTOR_SIZE);
	return 0;
}

static int ram_write(void *ctx, uint64_t lba, const void *buf, uint32_t count)
{
	(void)ctx;
	if (lba >= FUZZ_SECTORS || count > FUZZ_SECTORS - lba)
		abort();
	memcpy(image[lba], buf, (size_t)count * SFS_SECTOR_SIZE);
	return 0;
}

static int ram_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct sfs_dev ram_dev = {
	.read = ram_read,
	.write = ram_write,
	.flush = ram_flush,
	.ctx = NULL,
	.sectors = FUZZ_SECTORS,
};

/* Formats a store and commits the script's batches (refusals are fine). */
static void fuzz_build(struct fuzz_input *in)
{
	uint8_t value[SFS_VALUE_MAX];
	uint32_t commits = fuzz_byte(in) % 48u;

	memset(image, 0, sizeof(image));
	memset(value, 0x5a, sizeof(value));
	if (sfs_format(&ram_dev) != 0 || sfs_mount(&fs, &ram_dev, NULL) != 0)
		abort();
	for (uint32_t c = 0; c < commits; c++) {
		uint32_t ops = fuzz_byte(in) % 5u;

		sfs_batch_init(&batch);
		for (uint32_t i = 0; i < ops; i++) {
			uint8_t k = fuzz_byte(in);
			uint8_t key[2] = {'k', (uint8_t)(k & 0x7fu)};
			uint32_t vlen = fuzz_byte(in) * 4u;

			if (k & 0x80u)
				(void)sfs_batch_delete(&batch, key, 2);
			else
				(void)sfs_batch_put(&batch, key, 2, value, vlen);
		}
		(void)sfs_commit(&fs, &batch);
	}
}

static void fuzz_patch(struct fuzz_input *in)
{
	while (in->left >= 3) {
		size_t hi = fuzz_byte(in);
		size_t off = ((hi << 8) | fuzz_byte(in)) * 2u % FUZZ_BYTES;

		image[off / SFS_SECTOR_SIZE][off % SFS_SECTOR_SIZE] ^= fuzz_byte(in);
	}
}

/* Lists every key and reads it: found, or refused as corrupt, never anything else. */
static void fuzz_read_all(void)
{
	static uint8_t buf[SFS_VALUE_MAX];
	struct sfs_key keys[5];
	struct sfs_cursor cur;
	uint32_t n = 0;
	uint32_t seen = 0;
	struct sfs_stats st;

	sfs_cursor_init(&cur);
	do {
		if (sfs_list(&fs, NULL, 0, &cur, keys, 5, &n) != 0)
			abort();
		for (uint32_t i = 0; i < n; i++) {
			size_t len = 0;
			int rc = sfs_get(&fs, keys[i].bytes, keys[i].len, buf, sizeof(buf), &len);

			if ((rc != 0 && rc != ERR_CORRUPT) || len > SFS_VALUE_MAX)
				abort();
		}
		seen += n;
	} while (n == 5);
	if (sfs_stats(&fs, &st) != 0 || st.keys != seen || st.keys > SFS_KEYS_MAX)
		abort();
}

static void fuzz_expect(const char *value, size_t vlen)
{
	uint8_t buf[16];
	size_t len = 0;

	if (sfs_get(&fs, "fuzz/key", 8, buf, sizeof(buf), &len) != 0 || len != vlen ||
	    memcmp(buf, value, vlen) != 0)
		abort();
}

static bool fuzz_mount_error(int rc)
{
	return rc == ERR_NOTFOUND || rc == ERR_VERSION || rc == ERR_CORRUPT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	int rc;

	if ((fuzz_byte(&in) & 1u) == 0) {
		memset(image, 0, sizeof(image));
		memcpy(image, in.p, in.left < FUZZ_BYTES ? in.left : FUZZ_BYTES);
	} else {
		fuzz_build(&in);
		fuzz_patch(&in);
	}
	rc = sfs_mount(&fs, &ram_dev, NULL);
	if (rc != 0) {
		if (!fuzz_mount_error(rc))
			abort();
		return 0;
	}
	fuzz_read_all();
	sfs_batch_init(&batch);
	if (sfs_batch_put(&batch, "fuzz/key", 8, "value", 5) != 0)
		abort();
	if (sfs_commit(&fs, &batch) != 0)
		return 0; /* refused: full, or a live value failed its check in compaction */
	fuzz_expect("value", 5);
	if (sfs_mount(&fs, &ram_dev, NULL) != 0)
		abort();
	fuzz_expect("value", 5);
	return 0;
}
