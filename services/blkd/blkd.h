/*
 * blkd's state, shared by its files: the device (disk.c: bring-up and one
 * request at a time, completed by interrupt) and the clients' DMA windows
 * (windows.c). main.c marshals the protocol (svc/blk.h).
 */
#ifndef BLKD_H
#define BLKD_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/rights.h"
#include "svc/blk.h"
#include "virtio_blk.h"
#include "virtio_mmio.h"
#include "virtq.h"

#define BLKD_MMIO_VA	  0x2000000000ull /* the device's registers */
#define BLKD_RING_VA	  0x2000010000ull /* the page of rings and the request header */
#define BLKD_QUEUE_SIZE	  64u		  /* descriptors: a request takes at most 18 */
#define BLKD_IRQ_BIT	  0u		  /* the notification bit the interrupt sets */
#define BLKD_WINDOWS_MAX  4u		  /* clients with a window at once */
#define BLKD_WINDOW_PAGES (SVC_BLK_WINDOW / VIRTQ_PAGE)
#define BLKD_WAIT_NS	  (10ull * 1000000000ull) /* a request the device leaves this long failed */

/* A client's window: a DMA VMO the device moves its data through. */
struct blkd_window {
	uint64_t badge;
	cairn_handle_t vmo; /* blkd's handle: every VMO right and RIGHT_DMA */
	bool used;
	bool writer;			   /* policyd let it write the disk */
	uint64_t pages[BLKD_WINDOW_PAGES]; /* physical address of each page */
};

struct blkd {
	cairn_handle_t self;
	cairn_handle_t mmio;
	cairn_handle_t irq;
	cairn_handle_t note; /* the interrupt's notification */
	cairn_handle_t policy;
	cairn_handle_t log;
	struct virtio_mmio io;
	struct virtq q;
	struct virtio_blk_dev dev;
	struct virtio_blk_req *req; /* in the ring page, at req_pa */
	uint64_t req_pa;
	struct blkd_window windows[BLKD_WINDOWS_MAX];
	uint32_t reads;
	uint32_t writes;
	uint32_t flushes;
	uint32_t errors;
	bool broken; /* the device broke the protocol or went silent: blkd ends */
};

/*
 * Map the device, reset it, negotiate, set up its queue in a DMA page and
 * bind its interrupt; 0 or the first error (the device is then left FAILED).
 */
long blkd_disk_up(struct blkd *d);

/*
 * One request on the device, waited for: `type` at `sector` with the data
 * in segs[0..n). 0, an error the device gave (ERR_IO, ERR_NOTSUP), a
 * refusal of the request (ERR_RANGE, ERR_DENIED, ...), or ERR_IO/ERR_TIMEOUT
 * with d->broken set when the device broke the protocol or never answered.
 */
long blkd_disk_do(struct blkd *d, uint32_t type, uint64_t sector, const struct virtio_blk_seg *segs,
		  uint32_t n);

/* The window of `badge`, or NULL. */
struct blkd_window *blkd_window_of(struct blkd *d, uint64_t badge);

/*
 * The window of `badge`, made now if it has none (a DMA VMO of
 * SVC_BLK_WINDOW bytes); `writer` says whether it may write. 0 with
 * *ret_w; ERR_NOSPC (the table is full) or the kernel's error.
 */
long blkd_window_open(struct blkd *d, uint64_t badge, bool writer, struct blkd_window **ret_w);

#endif /* BLKD_H */
