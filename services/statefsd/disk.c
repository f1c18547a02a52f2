/*
 * The device functions libstatefs calls (statefsd.h), over blkd: data goes
 * through the 64 KiB DMA window blkd gives statefsd, a window's worth of
 * sectors per request. When blkd has restarted (a call answers ERR_PEERDEAD,
 * or ERR_NOTFOUND: the new blkd does not know the window), the window is
 * opened again and the transfer, its copy included, retried once; the next
 * flush then fails, so no commit that spans a restart is acknowledged.
 */
#include <string.h>

#include "cairn/abi/errors.h"
#include "cairn/ipc.h"
#include "cairn/sys.h"
#include "statefsd.h"
#include "svc/blk.h"

#define STATEFSD_SECTORS_PER_CALL (SVC_BLK_WINDOW / SVC_BLK_SECTOR)

static uint8_t *statefsd_blk_window(void)
{
	/* blkd's window is mapped there (statefsd_window_open) */
	return (uint8_t *)(uintptr_t)STATEFSD_BLK_VA; // NOLINT(performance-no-int-to-ptr)
}

/*
 * Open blkd's window and map it, replacing a window of an earlier blkd. A
 * window that did not map leaves none mapped (disk->mapped false), so no copy
 * goes through a page that is not there.
 */
static long statefsd_window_open(struct statefsd_disk *disk)
{
	struct svc_blk_open_reply rep = {0};
	long rc = svc_blk_open_call(disk->blk, &(struct svc_blk_open_request){0}, &rep,
				    STATEFSD_BLK_NS);

	if (rc != 0)
		return rc;
	if (disk->window != CAIRN_HANDLE_INVALID) {
		if (disk->mapped)
			(void)cairn_vmo_unmap(disk->self, STATEFSD_BLK_VA);
		(void)cairn_handle_close(disk->window);
	}
	disk->window = rep.window;
	rc = cairn_vmo_map(disk->self, rep.window, STATEFSD_BLK_VA,
			   CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	disk->mapped = rc == 0;
	return rc;
}

/* Whether a failed call means a new blkd that must be given our window again. */
static bool statefsd_blkd_restarted(long rc)
{
	return rc == ERR_PEERDEAD || rc == ERR_NOTFOUND;
}

/* One READ or WRITE of count sectors at lba through the start of the window, as it is. */
static long statefsd_call(struct statefsd_disk *disk, bool write, uint64_t lba, uint32_t count)
{
	if (write)
		return svc_blk_write_call(
			disk->blk,
			&(struct svc_blk_write_request){.sector = lba, .count = count, .offset = 0},
			&(struct svc_blk_write_reply){0}, STATEFSD_BLK_NS);
	return svc_blk_read_call(
		disk->blk,
		&(struct svc_blk_read_request){.sector = lba, .count = count, .offset = 0},
		&(struct svc_blk_read_reply){0}, STATEFSD_BLK_NS);
}

/*
 * One transfer of count sectors at lba: for a write, `in` is copied into the
 * window first; for a read, the window is copied to `out` after. When blkd has
 * restarted, the window is opened again and the whole transfer, copy
 * included, done once more (a new window starts zeroed); the restart is
 * remembered, so the next flush fails (statefsd_flush).
 */
static long statefsd_transfer(struct statefsd_disk *disk, const uint8_t *in, uint8_t *out,
			      uint64_t lba, uint32_t count)
{
	size_t bytes = (size_t)count * SVC_BLK_SECTOR;

	for (int attempt = 0;; attempt++) {
		long rc = disk->mapped ? 0 : ERR_IO;

		if (rc == 0 && in != NULL)
			memcpy(statefsd_blk_window(), in, bytes);
		if (rc == 0)
			rc = statefsd_call(disk, in != NULL, lba, count);
		if (rc == 0 && out != NULL)
			memcpy(out, statefsd_blk_window(), bytes);
		if (rc == 0 || attempt > 0 || !statefsd_blkd_restarted(rc))
			return rc;
		disk->retries++;
		disk->restarted = true;
		if (statefsd_window_open(disk) != 0)
			return ERR_IO;
	}
}

static int statefsd_read(void *ctx, uint64_t lba, void *buf, uint32_t count)
{
	struct statefsd_disk *disk = ctx;
	uint8_t *out = buf;

	while (count > 0) {
		uint32_t n = count < STATEFSD_SECTORS_PER_CALL ? count : STATEFSD_SECTORS_PER_CALL;

		if (statefsd_transfer(disk, NULL, out, lba, n) != 0)
			return ERR_IO;
		out += (size_t)n * SVC_BLK_SECTOR;
		lba += n;
		count -= n;
	}
	return 0;
}

static int statefsd_write(void *ctx, uint64_t lba, const void *buf, uint32_t count)
{
	struct statefsd_disk *disk = ctx;
	const uint8_t *in = buf;

	while (count > 0) {
		uint32_t n = count < STATEFSD_SECTORS_PER_CALL ? count : STATEFSD_SECTORS_PER_CALL;

		if (statefsd_transfer(disk, in, NULL, lba, n) != 0)
			return ERR_IO;
		in += (size_t)n * SVC_BLK_SECTOR;
		lba += n;
		count -= n;
	}
	return 0;
}

/*
 * FLUSH. A flush by a new blkd covers what that blkd wrote, not what the
 * old one may have left in a device cache its reset dropped, so a flush
 * after a restart was seen (in a transfer, or now) fails with ERR_IO: the
 * commit it ends is not acknowledged, as after a power cut. The flush is
 * still made, so later commits start from a durable disk.
 */
static int statefsd_flush(void *ctx)
{
	struct statefsd_disk *disk = ctx;
	long rc = svc_blk_flush_call(disk->blk, &(struct svc_blk_flush_request){0},
				     &(struct svc_blk_flush_reply){0}, STATEFSD_BLK_NS);

	if (rc != 0 && statefsd_blkd_restarted(rc)) {
		disk->retries++;
		disk->restarted = true;
		if (statefsd_window_open(disk) == 0)
			(void)svc_blk_flush_call(disk->blk, &(struct svc_blk_flush_request){0},
						 &(struct svc_blk_flush_reply){0}, STATEFSD_BLK_NS);
	}
	if (disk->restarted) {
		disk->restarted = false;
		return ERR_IO;
	}
	return rc == 0 ? 0 : ERR_IO;
}

long statefsd_disk_open(struct statefsd_disk *disk, struct sfs_dev *ret_dev)
{
	struct svc_blk_info_reply info = {0};
	long rc = svc_blk_info_call(disk->blk, &(struct svc_blk_info_request){0}, &info,
				    STATEFSD_BLK_NS);

	if (rc != 0)
		return rc;
	if (info.read_only || !info.flush)
		return ERR_NOTSUP; /* a store needs writes and a way to make them durable */
	if ((rc = statefsd_window_open(disk)) != 0)
		return rc;
	disk->sectors = info.sectors;
	*ret_dev = (struct sfs_dev){.read = statefsd_read,
				    .write = statefsd_write,
				    .flush = statefsd_flush,
				    .ctx = disk,
				    .sectors = info.sectors};
	return 0;
}
