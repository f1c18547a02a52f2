/*
 * The sparse disk's device calls (sparse_disk.h): the sectors written are
 * kept in a table searched from the newest slot down, which is where a
 * store's log and its compaction look next.
 */
#include <stdbool.h>
#include <string.h>

#include "cairn/abi/errors.h"
#include "sparse_disk.h"

void sparse_disk_init(struct sparse_disk *d, uint64_t sectors)
{
	d->sectors = sectors;
	d->used = 0;
}

/* The slot holding lba, or SPARSE_DISK_SLOTS when it was never written. */
static uint32_t sparse_find(const struct sparse_disk *d, uint64_t lba)
{
	for (uint32_t i = d->used; i-- > 0;) {
		if (d->lba[i] == lba)
			return i;
	}
	return SPARSE_DISK_SLOTS;
}

static bool sparse_in(const struct sparse_disk *d, uint64_t lba, uint32_t count)
{
	return lba <= d->sectors && count <= d->sectors - lba;
}

static int sparse_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct sparse_disk *d = ctx;
	uint8_t *out = buf;

	if (!sparse_in(d, lba, count))
		return ERR_IO;
	for (uint32_t i = 0; i < count; i++, out += SFS_SECTOR_SIZE) {
		uint32_t slot = sparse_find(d, lba + i);

		if (slot == SPARSE_DISK_SLOTS)
			memset(out, 0, SFS_SECTOR_SIZE);
		else
			memcpy(out, d->data[slot], SFS_SECTOR_SIZE);
	}
	return 0;
}

static int sparse_write(void *ctx, uint64_t lba, const void *buf, uint32_t count)
{
	struct sparse_disk *d = ctx;
	const uint8_t *in = buf;

	if (!sparse_in(d, lba, count))
		return ERR_IO;
	for (uint32_t i = 0; i < count; i++, in += SFS_SECTOR_SIZE) {
		uint32_t slot = sparse_find(d, lba + i);

		if (slot == SPARSE_DISK_SLOTS) {
			if (d->used == SPARSE_DISK_SLOTS)
				return ERR_IO;
			slot = d->used++;
			d->lba[slot] = lba + i;
		}
		memcpy(d->data[slot], in, SFS_SECTOR_SIZE);
	}
	return 0;
}

static int sparse_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

struct sfs_dev sparse_disk_dev(struct sparse_disk *d)
{
	struct sfs_dev dev = {
		.read = sparse_read,
		.write = sparse_write,
		.flush = sparse_flush,
		.ctx = d,
		.sectors = d->sectors,
	};

	return dev;
}
