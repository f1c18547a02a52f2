/*
 * The device functions libstatefs calls (statefsd.h), over blkd: data goes
 * through the 64 KiB DMA window blkd gives statefsd, a window's worth of
 * sectors per request. When blkd has restarted (a call answers ERR_PEERDEAD,
 * or ERR_NOTFOUND: the new blkd does not know the window), the window is
 * opened again and the request retried once.
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

/* Open blkd's window and map it, replacing a window of an earlier blkd. */
static long statefsd_window_open(struct statefsd_disk *disk)
{
	struct svc_blk_open_reply rep = {0};
	long rc = svc_blk_open_call(disk->blk, &(struct svc_blk_open_request){0}, &rep,
				    STATEFSD_BLK_NS);

	if (rc != 0)
		return rc;
	if (disk->window != CAIRN_HANDLE_INVALID) {
		(void)cairn_vmo_unmap(disk->self, STATEFSD_BLK_VA);
		(void)cairn_handle_close(disk->window);
	}
	disk->window = rep.window;
	return cairn_vmo_map(disk->self, rep.window, STATEFSD_BLK_VA,
			     CAIRN_PROT_READ | CAIRN_PROT_WRITE);
}

/* Whether a failed call means a new blkd that must be given our window again. */
static bool statefsd_blkd_restarted(long rc)
{
	return rc == ERR_PEERDEAD || rc == ERR_NOTFOUND;
}

/* One READ (write false) or WRITE of count sectors at lba, through the window's start. */
static long statefsd_transfer(struct statefsd_disk *disk, bool write, uint64_t lba, uint32_t count)
{
	for (int attempt = 0;; attempt++) {
		long rc;

		if (write)
			rc = svc_blk_write_call(disk->blk,
						&(struct svc_blk_write_request){
							.sector = lba, .count = count, .offset = 0},
						&(struct svc_blk_write_reply){0}, STATEFSD_BLK_NS);
		else
			rc = svc_blk_read_call(disk->blk,
					       &(struct svc_blk_read_request){
						       .sector = lba, .count = count, .offset = 0},
					       &(struct svc_blk_read_reply){0}, STATEFSD_BLK_NS);
		if (rc == 0 || attempt > 0 || !statefsd_blkd_restarted(rc))
			return rc;
		disk->retries++;
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
		long rc = statefsd_transfer(disk, false, lba, n);

		if (rc != 0)
			return ERR_IO;
		memcpy(out, statefsd_blk_window(), (size_t)n * SVC_BLK_SECTOR);
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

		memcpy(statefsd_blk_window(), in, (size_t)n * SVC_BLK_SECTOR);
		if (statefsd_transfer(disk, true, lba, n) != 0)
			return ERR_IO;
		in += (size_t)n * SVC_BLK_SECTOR;
		lba += n;
		count -= n;
	}
	return 0;
}

static int statefsd_flush(void *ctx)
{
	struct statefsd_disk *disk = ctx;
	long rc = svc_blk_flush_call(disk->blk, &(struct svc_blk_flush_request){0},
				     &(struct svc_blk_flush_reply){0}, STATEFSD_BLK_NS);

	if (rc != 0 && statefsd_blkd_restarted(rc) && statefsd_window_open(disk) == 0)
		rc = svc_blk_flush_call(disk->blk, &(struct svc_blk_flush_request){0},
					&(struct svc_blk_flush_reply){0}, STATEFSD_BLK_NS);
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
