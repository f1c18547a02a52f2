/*
 * virtio-blk requests and configuration (virtio_blk.h): the capacity, the
 * checks a request passes before it reaches the queue, and its chain.
 */
#include "virtio_blk.h"

#include <stdbool.h>
#include <stddef.h>

#include "cairn/abi/errors.h"

int virtio_blk_capacity(const struct virtio_mmio *io, uint32_t tries, uint64_t *ret_sectors)
{
	uint32_t words[2];
	int rc = virtio_mmio_config_read(io, VIRTIO_BLK_CONFIG_CAPACITY, words, 2, tries);

	if (rc != 0)
		return rc;
	*ret_sectors = (uint64_t)words[1] << 32 | words[0];
	return 0;
}

static bool has_feature(const struct virtio_blk_dev *dev, unsigned int bit)
{
	return (dev->features & VIRTIO_FEATURE(bit)) != 0;
}

/* The data's total length, or ERR_RANGE / ERR_INVAL for a bad segment list. */
static int64_t data_bytes(const struct virtio_blk_buf *buf)
{
	uint64_t total = 0;

	if (buf->nsegs > VIRTIO_BLK_SEGS_MAX)
		return ERR_RANGE;
	for (uint32_t i = 0; i < buf->nsegs; i++) {
		if (buf->segs[i].len == 0)
			return ERR_INVAL;
		total += buf->segs[i].len;
	}
	return (int64_t)total;
}

/* Whole sectors, at least one, all within the capacity. */
static int sectors_check(const struct virtio_blk_dev *dev, uint64_t sector, uint64_t bytes)
{
	uint64_t count = bytes / VIRTIO_BLK_SECTOR_SIZE;

	if (bytes == 0)
		return ERR_INVAL;
	if (bytes % VIRTIO_BLK_SECTOR_SIZE != 0)
		return ERR_ALIGN;
	if (count > dev->capacity || sector > dev->capacity - count)
		return ERR_RANGE;
	return 0;
}

static int request_check(const struct virtio_blk_dev *dev, uint32_t type, uint64_t sector,
			 uint64_t bytes)
{
	switch (type) {
	case VIRTIO_BLK_T_IN:
		return sectors_check(dev, sector, bytes);
	case VIRTIO_BLK_T_OUT:
		if (has_feature(dev, VIRTIO_BLK_F_RO))
			return ERR_DENIED;
		return sectors_check(dev, sector, bytes);
	case VIRTIO_BLK_T_FLUSH:
		if (!has_feature(dev, VIRTIO_BLK_F_FLUSH))
			return ERR_NOTSUP;
		return bytes == 0 ? 0 : ERR_INVAL;
	case VIRTIO_BLK_T_GET_ID:
		return bytes == VIRTIO_BLK_ID_BYTES ? 0 : ERR_INVAL;
	default:
		return ERR_INVAL;
	}
}

/* Header (device reads), the data segments, status (device writes); returns the count. */
static uint32_t chain_build(const struct virtio_blk_buf *buf, bool device_writes_data,
			    struct virtq_buf *chain)
{
	uint32_t n = 0;

	chain[n++] = (struct virtq_buf){
		.pa = buf->req_pa + offsetof(struct virtio_blk_req, hdr),
		.len = sizeof(struct virtio_blk_req_hdr),
		.device_writes = false,
	};
	for (uint32_t i = 0; i < buf->nsegs; i++) {
		chain[n++] = (struct virtq_buf){
			.pa = buf->segs[i].pa,
			.len = buf->segs[i].len,
			.device_writes = device_writes_data,
		};
	}
	chain[n++] = (struct virtq_buf){
		.pa = buf->req_pa + offsetof(struct virtio_blk_req, status),
		.len = 1,
		.device_writes = true,
	};
	return n;
}

int virtio_blk_submit(struct virtq *q, const struct virtio_blk_dev *dev, uint32_t type,
		      uint64_t sector, const struct virtio_blk_buf *buf, uint16_t *ret_head)
{
	struct virtq_buf chain[VIRTIO_BLK_SEGS_MAX + 2];
	int64_t bytes = data_bytes(buf);
	int rc = bytes < 0 ? (int)bytes : request_check(dev, type, sector, (uint64_t)bytes);
	bool addressed = type == VIRTIO_BLK_T_IN || type == VIRTIO_BLK_T_OUT;

	if (rc != 0)
		return rc;
	if (buf->nsegs + 2u > virtq_free_count(q))
		return ERR_NOSPC;
	buf->req->hdr = (struct virtio_blk_req_hdr){
		.type = type,
		.reserved = 0,
		.sector = addressed ? sector : 0,
	};
	buf->req->status = VIRTIO_BLK_S_NONE;
	return virtq_add(q, chain, chain_build(buf, type != VIRTIO_BLK_T_OUT, chain), ret_head);
}

int virtio_blk_status_error(uint8_t status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return ERR_NOTSUP;
	default: /* IOERR, a value no device should send, or no answer at all */
		return ERR_IO;
	}
}

/* Segments the span [offset, offset + len) of the window needs, with adjacent pages merged. */
static uint32_t window_seg_count(const uint64_t *pages, uint32_t offset, uint32_t len)
{
	uint32_t first = offset / VIRTQ_PAGE;
	uint32_t last = (offset + len - 1) / VIRTQ_PAGE;
	uint32_t n = 1;

	for (uint32_t p = first + 1; p <= last; p++) {
		if (pages[p] != pages[p - 1] + VIRTQ_PAGE)
			n++;
	}
	return n;
}

int virtio_blk_window_segs(const uint64_t *pages, uint32_t npages, uint32_t offset, uint32_t len,
			   struct virtio_blk_seg *ret_segs, uint32_t cap, uint32_t *ret_n)
{
	uint64_t window = (uint64_t)npages * VIRTQ_PAGE;
	uint32_t n = 0;

	if (len == 0)
		return ERR_INVAL;
	if (offset >= window || len > window - offset || window_seg_count(pages, offset, len) > cap)
		return ERR_RANGE;
	while (len > 0) {
		uint32_t in_page = VIRTQ_PAGE - offset % VIRTQ_PAGE;
		uint32_t take = len < in_page ? len : in_page;
		uint64_t pa = pages[offset / VIRTQ_PAGE] + offset % VIRTQ_PAGE;

		if (n > 0 && ret_segs[n - 1].pa + ret_segs[n - 1].len == pa)
			ret_segs[n - 1].len += take;
		else
			ret_segs[n++] = (struct virtio_blk_seg){.pa = pa, .len = take};
		offset += take;
		len -= take;
	}
	*ret_n = n;
	return 0;
}
