/*
 * The device model's virtio-blk side (model.h): serves IN, OUT, FLUSH and
 * GET_ID requests from queue 0 against the in-memory disk, checking each
 * chain's shape as a device would, writing the status byte and the used
 * ring.
 */
#include <string.h>

#include "model.h"
#include "virtio_blk.h"

static const char model_blk_id[VIRTIO_BLK_ID_BYTES] = "cairn-model-disk";

/* Copies between the disk at byte `at` and the chain's data segments; false if out of range. */
static bool move_data(struct model *m, const struct model_chain *c, uint64_t at, bool to_disk)
{
	for (uint32_t i = 1; i + 1 < c->n; i++) {
		const struct model_seg *s = &c->seg[i];
		uint8_t *p = model_pa(m, s->pa, s->len);

		if (p == NULL || s->device_writes == to_disk || at + s->len > MODEL_DISK_BYTES)
			return false;
		if (to_disk)
			memcpy(&m->disk[at], p, s->len);
		else
			memcpy(p, &m->disk[at], s->len);
		at += s->len;
	}
	return true;
}

static uint32_t data_len(const struct model_chain *c)
{
	uint32_t total = 0;

	for (uint32_t i = 1; i + 1 < c->n; i++)
		total += c->seg[i].len;
	return total;
}

/* Carries out one request; returns its status and the data bytes written to the driver. */
static uint8_t serve_one(struct model *m, const struct model_chain *c,
			 const struct virtio_blk_req_hdr *h, uint32_t *written)
{
	uint64_t at = h->sector * VIRTIO_BLK_SECTOR_SIZE;

	*written = 0;
	if (m->fail_io)
		return VIRTIO_BLK_S_IOERR;
	switch (h->type) {
	case VIRTIO_BLK_T_IN:
		*written = data_len(c);
		return move_data(m, c, at, false) ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
	case VIRTIO_BLK_T_OUT:
		return move_data(m, c, at, true) ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
	case VIRTIO_BLK_T_FLUSH:
		m->flushes++;
		return VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID: {
		uint8_t *p = c->n == 3 ? model_pa(m, c->seg[1].pa, VIRTIO_BLK_ID_BYTES) : NULL;

		if (p == NULL)
			return VIRTIO_BLK_S_IOERR;
		memcpy(p, model_blk_id, VIRTIO_BLK_ID_BYTES);
		*written = VIRTIO_BLK_ID_BYTES;
		return VIRTIO_BLK_S_OK;
	}
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

static void serve_chain(struct model *m, const struct model_chain *c)
{
	const struct model_seg *hs = &c->seg[0];
	const struct model_seg *ss = &c->seg[c->n - 1];
	struct virtio_blk_req_hdr h;
	const void *hp = model_pa(m, hs->pa, sizeof(h));
	uint8_t *status = model_pa(m, ss->pa, 1);
	uint32_t written;

	if (c->n < 2 || hp == NULL || status == NULL || hs->device_writes || hs->len != sizeof(h) ||
	    !ss->device_writes || ss->len != 1) {
		m->fault = true;
		return;
	}
	memcpy(&h, hp, sizeof(h));
	*status = serve_one(m, c, &h, &written);
	model_push_used(m, 0, c->head, written + 1u);
}

void model_blk_serve(struct model *m)
{
	struct model_chain c;

	while (model_take_avail(m, 0, &c))
		serve_chain(m, &c);
}
