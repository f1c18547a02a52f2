/*
 * blkd, the virtio block device's driver (RFC-0018): sectors read, written
 * and flushed for clients through DMA windows of their own. The protocol is
 * svc/blk.h; the transport, queue and request layout are libvirtio's; the
 * device side is disk.c, the windows windows.c. This file marshals: each
 * handler checks what the protocol leaves to it and makes one request.
 *
 * Authority: the raw disk is policyd's to give. OPEN asks whether the
 * caller may `read disk` (a window at all) and `write disk` (WRITE and
 * FLUSH through it); INFO and COUNTS are anyone's.
 *
 * Handles (manifest line in services/blkd/README.md):
 * [0] self, [1] supervisor SEND, [2] blk-mmio, [3] blk-irq, [4] blk RECV,
 * [5] policy SEND, [6] log SEND.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "blkd.h"
#include "cairn/abi/errors.h"
#include "cairn/print.h"
#include "cairn/start.h"
#include "cairn/sys.h"
#include "journal.h"
#include "services/blkd_handles.h"
#include "svc/client.h"
#include "svc/policy.h"
#include "svc/server.h"

#define BLKD_OBJECT "disk" /* what policyd's rules call the raw disk */

/* policyd's answer for the caller and `action` on the disk: 0, ERR_DENIED, or the error of asking.
 */
static long blkd_ask(const struct blkd *d, uint64_t badge, enum policy_action action)
{
	bool allow = false;
	long rc = svc_policy_decide(d->policy, badge, action, BLKD_OBJECT, sizeof(BLKD_OBJECT) - 1,
				    &allow);

	return rc == 0 && allow ? 0 : ERR_DENIED; /* not being able to ask is a denial */
}

/* One line to logd, "blkd: <what>[: <error>]" (svc_log_say). */
static void blkd_log(cairn_handle_t log, enum journal_level level, const char *what, long err)
{
	svc_log_say(log, level, "blkd", what, err);
}

static long on_info(void *ctx, struct svc_exchange *x, const struct svc_blk_info_request *req,
		    struct svc_blk_info_reply *rep)
{
	const struct blkd *d = ctx;

	(void)x, (void)req;
	rep->sectors = d->dev.capacity;
	rep->read_only = (d->dev.features & (1ull << VIRTIO_BLK_F_RO)) != 0;
	rep->flush = (d->dev.features & (1ull << VIRTIO_BLK_F_FLUSH)) != 0;
	return 0;
}

static long on_counts(void *ctx, struct svc_exchange *x, const struct svc_blk_counts_request *req,
		      struct svc_blk_counts_reply *rep)
{
	const struct blkd *d = ctx;

	(void)x, (void)req;
	*rep = (struct svc_blk_counts_reply){
		.reads = d->reads, .writes = d->writes, .flushes = d->flushes, .errors = d->errors};
	return 0;
}

static long on_open(void *ctx, struct svc_exchange *x, const struct svc_blk_open_request *req,
		    struct svc_blk_open_reply *rep)
{
	struct blkd *d = ctx;
	struct blkd_window *w;
	long rc = blkd_ask(d, x->in.badge, POLICY_READ);

	(void)req;
	if (rc != 0)
		return rc;
	rc = blkd_window_open(d, x->in.badge, blkd_ask(d, x->in.badge, POLICY_WRITE) == 0, &w);
	if (rc != 0)
		return rc;
	rep->window = w->vmo;
	return 0;
}

/* A READ or WRITE of the caller's window: checked, then one request. */
static long blkd_transfer(struct blkd *d, uint64_t badge, uint32_t type, uint64_t sector,
			  uint32_t count, uint32_t offset)
{
	struct virtio_blk_seg segs[VIRTIO_BLK_SEGS_MAX];
	const struct blkd_window *w = blkd_window_of(d, badge);
	uint32_t n = 0;
	long rc;

	if (w == NULL)
		return ERR_NOTFOUND;
	if (type == VIRTIO_BLK_T_OUT && !w->writer)
		return ERR_DENIED;
	if (offset % SVC_BLK_SECTOR != 0)
		return ERR_ALIGN;
	if ((rc = virtio_blk_window_segs(w->pages, BLKD_WINDOW_PAGES, offset,
					 count * SVC_BLK_SECTOR, segs, VIRTIO_BLK_SEGS_MAX, &n)) !=
	    0)
		return rc;
	rc = blkd_disk_do(d, type, sector, segs, n);
	if (rc == ERR_IO || rc == ERR_TIMEOUT)
		d->errors++;
	else if (rc == 0 && type == VIRTIO_BLK_T_OUT)
		d->writes++;
	else if (rc == 0)
		d->reads++;
	return rc;
}

static long on_read(void *ctx, struct svc_exchange *x, const struct svc_blk_read_request *req,
		    struct svc_blk_read_reply *rep)
{
	(void)rep;
	return blkd_transfer(ctx, x->in.badge, VIRTIO_BLK_T_IN, req->sector, req->count,
			     req->offset);
}

static long on_write(void *ctx, struct svc_exchange *x, const struct svc_blk_write_request *req,
		     struct svc_blk_write_reply *rep)
{
	(void)rep;
	return blkd_transfer(ctx, x->in.badge, VIRTIO_BLK_T_OUT, req->sector, req->count,
			     req->offset);
}

static long on_flush(void *ctx, struct svc_exchange *x, const struct svc_blk_flush_request *req,
		     struct svc_blk_flush_reply *rep)
{
	struct blkd *d = ctx;
	const struct blkd_window *w = blkd_window_of(d, x->in.badge);
	long rc;

	(void)req, (void)rep;
	if (w == NULL)
		return ERR_NOTFOUND;
	if (!w->writer)
		return ERR_DENIED;
	rc = blkd_disk_do(d, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
	if (rc == 0)
		d->flushes++;
	else if (rc == ERR_IO || rc == ERR_TIMEOUT)
		d->errors++;
	return rc;
}

/*
 * A device that broke the protocol or went silent is given up: the request
 * after the one that found it ends blkd (status 3), and init starts a new
 * one, which resets the device before it uses it.
 */
static long blkd_admit(void *ctx, struct svc_exchange *x)
{
	const struct blkd *d = ctx;

	(void)x;
	if (d->broken) {
		blkd_log(d->log, JOURNAL_ERROR, "the device broke; ending", ERR_IO);
		cairn_process_exit(3);
	}
	return 0;
}

static const struct svc_blk_handlers blkd_handlers = {
	.admit = blkd_admit,
	.info = on_info,
	.counts = on_counts,
	.open = on_open,
	.read = on_read,
	.write = on_write,
	.flush = on_flush,
};

int cairn_main(const cairn_handle_t *handles, size_t count)
{
	static struct blkd d;
	char line[64];
	long rc;

	if (count < H_COUNT)
		return 1;
	d = (struct blkd){.self = handles[H_SELF],
			  .mmio = handles[H_BLK_MMIO],
			  .irq = handles[H_BLK_IRQ],
			  .policy = handles[H_POLICY],
			  .log = handles[H_LOG]};
	if ((rc = blkd_disk_up(&d)) != 0) {
		blkd_log(handles[H_LOG], JOURNAL_ERROR, "no device", rc);
		return 1;
	}
	(void)snprintf(line, sizeof(line), "serving %llu sectors%s",
		       (unsigned long long)d.dev.capacity,
		       (d.dev.features & (1ull << VIRTIO_BLK_F_RO)) != 0 ? ", read-only" : "");
	blkd_log(handles[H_LOG], JOURNAL_INFO, line, 0);
	if ((rc = svc_ready(handles[H_SUPERVISOR])) != 0)
		blkd_log(handles[H_LOG], JOURNAL_WARN, "supervisor did not take READY", rc);
	rc = svc_blk_serve(handles[H_BLK], &blkd_handlers, &d);
	blkd_log(handles[H_LOG], JOURNAL_ERROR, "receive failed", rc);
	return 3;
}
