/*
 * virtio-blk as a driver sees it: its feature bits, its configuration
 * (the capacity), the request layout and status codes, and the chain one
 * request takes on a queue (virtq.h). Which memory holds a request and
 * when a completion is awaited are the driver's.
 *
 * A request is three parts: a header the device reads, the data (read by
 * the device for a write, written by it for a read), and one status byte
 * it writes. The header and status live together in a struct
 * virtio_blk_req in DMA memory; the data is a list of segments, since DMA
 * memory comes in pages that need not be physically contiguous.
 *
 * Pure: no system calls, no globals, no clock.
 */
#ifndef VIRTIO_BLK_H
#define VIRTIO_BLK_H

#include <stdint.h>

#include "virtio_mmio.h"
#include "virtq.h"

/* Feature bits (device class). */
#define VIRTIO_BLK_F_SIZE_MAX 1 /* size_max in the configuration */
#define VIRTIO_BLK_F_SEG_MAX  2 /* seg_max in the configuration */
#define VIRTIO_BLK_F_RO	      5 /* the device is read-only */
#define VIRTIO_BLK_F_BLK_SIZE 6 /* blk_size in the configuration */
#define VIRTIO_BLK_F_FLUSH    9 /* the device takes FLUSH requests */

#define VIRTIO_BLK_SECTOR_SIZE 512u /* request sectors are always this size */
#define VIRTIO_BLK_ID_BYTES    20u  /* the answer to GET_ID */
#define VIRTIO_BLK_SEGS_MAX    16u  /* data segments one request may have */

/* Configuration-space offsets (from VIRTIO_REG_CONFIG). */
#define VIRTIO_BLK_CONFIG_CAPACITY 0x00u /* u64: sectors */

/* Request types. */
enum virtio_blk_type {
	VIRTIO_BLK_T_IN = 0,	 /* read sectors */
	VIRTIO_BLK_T_OUT = 1,	 /* write sectors */
	VIRTIO_BLK_T_FLUSH = 4,	 /* make earlier writes durable */
	VIRTIO_BLK_T_GET_ID = 8, /* the device's id string */
};

/* Status byte values; VIRTIO_BLK_S_NONE is what virtio_blk_submit leaves before the device answers.
 */
enum virtio_blk_status {
	VIRTIO_BLK_S_OK = 0,
	VIRTIO_BLK_S_IOERR = 1,
	VIRTIO_BLK_S_UNSUPP = 2,
	VIRTIO_BLK_S_NONE = 0xff,
};

/* The header the device reads first. */
struct virtio_blk_req_hdr {
	uint32_t type; /* an enum virtio_blk_type */
	uint32_t reserved;
	uint64_t sector; /* first sector, for IN and OUT */
};
_Static_assert(sizeof(struct virtio_blk_req_hdr) == 16, "virtio-blk request header is 16 bytes");

/* One request's header and status, as placed in DMA memory (17 bytes are used). */
struct virtio_blk_req {
	struct virtio_blk_req_hdr hdr;
	uint8_t status; /* an enum virtio_blk_status, written by the device */
};

/* What a driver knows of its device: the negotiated features and the capacity. */
struct virtio_blk_dev {
	uint64_t features;
	uint64_t capacity; /* sectors */
};

/* One physically contiguous piece of a request's data. */
struct virtio_blk_seg {
	uint64_t pa;
	uint32_t len;
};

/* A request's memory: its header and status, and its data (none for FLUSH). */
struct virtio_blk_buf {
	struct virtio_blk_req *req; /* in DMA memory ... */
	uint64_t req_pa;	    /* ... at this physical address */
	const struct virtio_blk_seg *segs;
	uint32_t nsegs;
};

/*
 * Reads the capacity in sectors (two 32-bit reads, retried while the
 * configuration generation changes, at most `tries` passes). 0, or
 * ERR_TIMEOUT; *ret_sectors is untouched on failure.
 */
int virtio_blk_capacity(const struct virtio_mmio *io, uint32_t tries, uint64_t *ret_sectors);

/*
 * Fills buf->req's header for a request of `type` at `sector`, sets its
 * status to VIRTIO_BLK_S_NONE, and adds the chain header, data segments,
 * status to q (virtq_add; call virtq_kick to start it). The data's total
 * length is the request's size: whole sectors within the capacity for IN
 * and OUT, VIRTIO_BLK_ID_BYTES for GET_ID, none for FLUSH.
 *
 * 0 with *ret_head the chain's id; ERR_DENIED (OUT to a read-only device);
 * ERR_NOTSUP (FLUSH without VIRTIO_BLK_F_FLUSH); ERR_INVAL (an unknown
 * type, a segment of length 0, data with FLUSH or none with IN, OUT, GET_ID,
 * a GET_ID buffer of another size); ERR_ALIGN (data not whole sectors);
 * ERR_RANGE (past the capacity; more than VIRTIO_BLK_SEGS_MAX segments);
 * ERR_NOSPC (not enough free descriptors). Nothing is written on a refusal.
 */
int virtio_blk_submit(struct virtq *q, const struct virtio_blk_dev *dev, uint32_t type,
		      uint64_t sector, const struct virtio_blk_buf *buf, uint16_t *ret_head);

/*
 * The data segments of the `len` bytes at byte `offset` of a window of DMA
 * pages whose physical addresses are pages[0..npages) (VIRTQ_PAGE bytes
 * each): a segment per run of physically adjacent pages the span touches.
 * 0 with ret_segs[0..*ret_n) filled; ERR_INVAL (len 0); ERR_RANGE (the span
 * leaves the window, or needs more than `cap` segments). Nothing is written
 * on a refusal.
 */
int virtio_blk_window_segs(const uint64_t *pages, uint32_t npages, uint32_t offset, uint32_t len,
			   struct virtio_blk_seg *ret_segs, uint32_t cap, uint32_t *ret_n);

/*
 * The error a completed request's status byte means: 0 (OK), ERR_IO (IOERR,
 * an unknown value, or still VIRTIO_BLK_S_NONE: the device never answered),
 * ERR_NOTSUP (UNSUPP).
 */
int virtio_blk_status_error(uint8_t status);

#endif /* VIRTIO_BLK_H */
