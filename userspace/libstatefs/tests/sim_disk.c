/*
 * The simulated disk's device calls (sim_disk.h): writes keep the durable
 * bytes of each sector they dirty, so a flush is a clear of the dirty
 * marks and a cache loss puts the durable bytes back.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "sim_disk.h"

/* Bytes of the torn sector that are new: less than a superblock's checked bytes. */
#define SIM_TEAR_BYTES 40u

void sim_disk_init(struct sim_disk *d, uint64_t sectors)
{
	memset(d, 0, sizeof(*d));
	d->sectors = sectors;
}

void sim_disk_arm(struct sim_disk *d, uint32_t cut_at, enum sim_cut cut)
{
	d->reads = 0;
	d->writes = 0;
	d->flushes = 0;
	d->cut_at = cut_at;
	d->cut = cut;
	d->dead = false;
}

void sim_disk_reboot(struct sim_disk *d)
{
	memset(d->dirty, 0, sizeof(d->dirty));
	d->fail_read_at = 0;
	d->fail_write_at = 0;
	d->fail_flush_at = 0;
	d->failed_write_lands = false;
	sim_disk_arm(d, 0, SIM_CUT_NONE);
}

static void sim_put(struct sim_disk *d, uint64_t lba, const uint8_t *src, uint32_t bytes)
{
	if (!d->dirty[lba]) {
		memcpy(d->durable[lba], d->data[lba], SFS_SECTOR_SIZE);
		d->dirty[lba] = true;
	}
	memcpy(d->data[lba], src, bytes);
}

static void sim_lose_cache(struct sim_disk *d)
{
	for (uint64_t s = 0; s < d->sectors; s++) {
		if (d->dirty[s])
			memcpy(d->data[s], d->durable[s], SFS_SECTOR_SIZE);
	}
}

/* Whether sector i of a count-sector write lands when the power goes out at it. */
static bool sim_lands(enum sim_cut cut, uint32_t i, uint32_t count)
{
	switch (cut) {
	case SIM_CUT_FULL:
		return true;
	case SIM_CUT_HALF:
	case SIM_CUT_TORN:
		return i < count / 2u;
	case SIM_CUT_HOLE:
		return count > 1u && i + 2u != count;
	default:
		return false;
	}
}

/* The write the power goes out at: applies what the cut's variant leaves. */
static void sim_cut_write(struct sim_disk *d, uint64_t lba, const uint8_t *src, uint32_t count)
{
	uint32_t half = count / 2u;

	for (uint32_t i = 0; i < count; i++) {
		if (sim_lands(d->cut, i, count))
			sim_put(d, lba + i, src + (size_t)i * SFS_SECTOR_SIZE, SFS_SECTOR_SIZE);
	}
	if (d->cut == SIM_CUT_TORN)
		sim_put(d, lba + half, src + (size_t)half * SFS_SECTOR_SIZE, SIM_TEAR_BYTES);
	if (d->cut == SIM_CUT_CACHE)
		sim_lose_cache(d);
	d->dead = true;
}

static int sim_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct sim_disk *d = ctx;

	d->reads++;
	if (d->dead || d->reads == d->fail_read_at || lba > d->sectors || count > d->sectors - lba)
		return ERR_IO;
	memcpy(buf, d->data[lba], (size_t)count * SFS_SECTOR_SIZE);
	return 0;
}

static int sim_write(void *ctx, uint64_t lba, const void *buf, uint32_t count)
{
	struct sim_disk *d = ctx;
	const uint8_t *src = buf;

	d->writes++;
	if (d->dead || lba > d->sectors || count > d->sectors - lba)
		return ERR_IO;
	if (d->writes == d->cut_at) {
		sim_cut_write(d, lba, src, count);
		return ERR_IO;
	}
	if (d->writes == d->fail_write_at && !d->failed_write_lands)
		return ERR_IO;
	for (uint32_t i = 0; i < count; i++)
		sim_put(d, lba + i, src + (size_t)i * SFS_SECTOR_SIZE, SFS_SECTOR_SIZE);
	return d->writes == d->fail_write_at ? ERR_IO : 0;
}

static int sim_flush(void *ctx)
{
	struct sim_disk *d = ctx;

	d->flushes++;
	if (d->dead || d->flushes == d->fail_flush_at)
		return ERR_IO;
	memset(d->dirty, 0, sizeof(d->dirty));
	return 0;
}

struct sfs_dev sim_disk_dev(struct sim_disk *d)
{
	struct sfs_dev dev = {
		.read = sim_read,
		.write = sim_write,
		.flush = sim_flush,
		.ctx = d,
		.sectors = d->sectors,
	};

	return dev;
}
