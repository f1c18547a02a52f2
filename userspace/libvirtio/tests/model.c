/*
 * The virtio-mmio device model's register file and rings (model.h); the
 * block requests it serves are model_blk.c's.
 */
#include "model.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "virtio_blk.h"
#include "virtq.h"

struct model *model_new(void)
{
	size_t bytes = (sizeof(struct model) + VIRTQ_PAGE - 1u) / VIRTQ_PAGE * VIRTQ_PAGE;
	struct model *m = aligned_alloc(VIRTQ_PAGE, bytes);

	ck_assert_ptr_nonnull(m);
	memset(m, 0, sizeof(*m));
	m->magic = VIRTIO_MMIO_MAGIC_VALUE;
	m->version = VIRTIO_MMIO_VERSION_2;
	m->device_id = VIRTIO_ID_BLOCK;
	m->vendor_id = 0x554d4551;
	m->features = VIRTIO_FEATURE(VIRTIO_F_VERSION_1) | VIRTIO_FEATURE(VIRTIO_BLK_F_FLUSH);
	for (uint32_t i = 0; i < MODEL_QUEUES; i++)
		m->q[i].num_max = VIRTQ_SIZE_MAX;
	model_set_capacity(m, MODEL_DISK_BYTES / VIRTIO_BLK_SECTOR_SIZE);
	return m;
}

void model_free(struct model *m)
{
	free(m);
}

void *model_alloc(struct model *m, uint32_t bytes, uint32_t align, uint64_t *ret_pa)
{
	uint32_t at = (m->mem_used + align - 1u) / align * align;

	ck_assert_uint_le(at + bytes, MODEL_MEM_BYTES);
	m->mem_used = at + bytes;
	*ret_pa = MODEL_MEM_BASE + at;
	return &m->mem[at];
}

static struct virtq_area page_area(struct model *m)
{
	struct virtq_area a;

	a.va = model_alloc(m, VIRTQ_PAGE, VIRTQ_PAGE, &a.pa);
	return a;
}

void model_ring_mem(struct model *m, uint16_t size, struct virtq_mem *ret_mem)
{
	ck_assert_uint_le(virtq_desc_bytes(size), VIRTQ_PAGE);
	ret_mem->desc = page_area(m);
	ret_mem->avail = page_area(m);
	ret_mem->used = page_area(m);
}

void *model_pa(struct model *m, uint64_t pa, uint32_t len)
{
	if (pa < MODEL_MEM_BASE || pa - MODEL_MEM_BASE > MODEL_MEM_BYTES ||
	    len > MODEL_MEM_BYTES - (pa - MODEL_MEM_BASE)) {
		m->fault = true;
		return NULL;
	}
	return &m->mem[pa - MODEL_MEM_BASE];
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (uint32_t i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8u * i));
}

void model_set_capacity(struct model *m, uint64_t sectors)
{
	put_le32(&m->config[VIRTIO_BLK_CONFIG_CAPACITY], (uint32_t)sectors);
	put_le32(&m->config[VIRTIO_BLK_CONFIG_CAPACITY + 4], (uint32_t)(sectors >> 32));
}

static struct model_queue *cur_queue(struct model *m)
{
	return m->queue_sel < MODEL_QUEUES ? &m->q[m->queue_sel] : NULL;
}

static uint32_t config_read(struct model *m, uint32_t off)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < 4 && off + i < VIRTIO_MMIO_CONFIG_BYTES; i++)
		v |= (uint32_t)m->config[off + i] << (8u * i);
	if (++m->config_reads == m->config_change_at) {
		model_set_capacity(m, m->next_capacity);
		m->generation++;
	}
	return v;
}

static uint32_t queue_read(struct model *m, uint32_t off)
{
	struct model_queue *q = cur_queue(m);

	if (q == NULL)
		return 0;
	return off == VIRTIO_REG_QUEUE_NUM_MAX ? q->num_max : q->ready;
}

static uint32_t model_read32(void *ctx, uint32_t off)
{
	struct model *m = ctx;

	if (off % 4u != 0 || off >= VIRTIO_MMIO_WINDOW) {
		m->fault = true;
		return 0;
	}
	m->reads[off / 4u]++;
	if (off >= VIRTIO_REG_CONFIG)
		return config_read(m, off - VIRTIO_REG_CONFIG);
	switch (off) {
	case VIRTIO_REG_MAGIC:
		return m->magic;
	case VIRTIO_REG_VERSION:
		return m->version;
	case VIRTIO_REG_DEVICE_ID:
		return m->device_id;
	case VIRTIO_REG_VENDOR_ID:
		return m->vendor_id;
	case VIRTIO_REG_DEVICE_FEATURES:
		return m->dev_sel < 2 ? (uint32_t)(m->features >> (32u * m->dev_sel)) : 0;
	case VIRTIO_REG_QUEUE_NUM_MAX:
	case VIRTIO_REG_QUEUE_READY:
		return queue_read(m, off);
	case VIRTIO_REG_INTERRUPT_STATUS:
		return m->interrupt_status;
	case VIRTIO_REG_STATUS:
		return m->reset_stuck && m->status == 0 ? VIRTIO_STATUS_ACKNOWLEDGE : m->status;
	case VIRTIO_REG_CONFIG_GENERATION:
		return m->generation_churns ? m->generation++ : m->generation;
	default:
		m->fault = true; /* a write-only or reserved register */
		return 0;
	}
}

static void device_reset(struct model *m)
{
	m->status = 0;
	m->driver_features = 0;
	m->interrupt_status = 0;
	for (uint32_t i = 0; i < MODEL_QUEUES; i++) {
		uint32_t max = m->q[i].num_max;

		memset(&m->q[i], 0, sizeof(m->q[i]));
		m->q[i].num_max = max;
	}
}

/* FEATURES_OK sticks only for a subset of the offer, and not when told to refuse. */
static void status_write(struct model *m, uint32_t val)
{
	bool accept = !m->refuse_features_ok && (m->driver_features & ~m->features) == 0;

	if (val == 0) {
		device_reset(m);
		return;
	}
	if ((val & VIRTIO_STATUS_FEATURES_OK) != 0 && !accept)
		val &= ~VIRTIO_STATUS_FEATURES_OK;
	if ((val & VIRTIO_STATUS_DRIVER_OK) != 0 && m->needs_reset_on_driver_ok)
		val |= VIRTIO_STATUS_NEEDS_RESET;
	m->status = val;
}

static void set_half(uint64_t *v, uint32_t high, uint32_t val)
{
	uint32_t shift = high != 0 ? 32u : 0u;

	*v = (*v & ~((uint64_t)UINT32_MAX << shift)) | (uint64_t)val << shift;
}

static bool queue_write(struct model *m, uint32_t off, uint32_t val)
{
	struct model_queue *q = cur_queue(m);

	if (q == NULL)
		return false;
	if (off == VIRTIO_REG_QUEUE_READY) {
		q->ready = val;
		return true;
	}
	if (q->ready != 0)
		return false; /* a live queue's layout cannot change */
	switch (off) {
	case VIRTIO_REG_QUEUE_NUM:
		q->num = val;
		return true;
	case VIRTIO_REG_QUEUE_DESC_LOW:
	case VIRTIO_REG_QUEUE_DESC_HIGH:
		set_half(&q->desc, off & 4u, val);
		return true;
	case VIRTIO_REG_QUEUE_DRIVER_LOW:
	case VIRTIO_REG_QUEUE_DRIVER_HIGH:
		set_half(&q->driver, off & 4u, val);
		return true;
	case VIRTIO_REG_QUEUE_DEVICE_LOW:
	case VIRTIO_REG_QUEUE_DEVICE_HIGH:
		set_half(&q->device, off & 4u, val);
		return true;
	default:
		return false;
	}
}

static void notify(struct model *m, uint32_t val)
{
	m->last_notify = val;
	if (val >= MODEL_QUEUES || m->q[val].ready == 0)
		m->fault = true;
	else if (m->serve_blk && val == 0)
		model_blk_serve(m);
}

static bool reg_write(struct model *m, uint32_t off, uint32_t val)
{
	switch (off) {
	case VIRTIO_REG_DEVICE_FEATURES_SEL:
		m->dev_sel = val;
		return true;
	case VIRTIO_REG_DRIVER_FEATURES_SEL:
		m->drv_sel = val;
		return true;
	case VIRTIO_REG_DRIVER_FEATURES:
		if (m->drv_sel < 2)
			set_half(&m->driver_features, m->drv_sel, val);
		return m->drv_sel < 2 && (m->status & VIRTIO_STATUS_FEATURES_OK) == 0;
	case VIRTIO_REG_QUEUE_SEL:
		m->queue_sel = val;
		return true;
	case VIRTIO_REG_QUEUE_NOTIFY:
		notify(m, val);
		return true;
	case VIRTIO_REG_INTERRUPT_ACK:
		m->interrupt_status &= ~val;
		return true;
	case VIRTIO_REG_STATUS:
		status_write(m, val);
		return true;
	default:
		return queue_write(m, off, val);
	}
}

static void model_write32(void *ctx, uint32_t off, uint32_t val)
{
	struct model *m = ctx;

	if (off % 4u != 0 || off >= VIRTIO_MMIO_WINDOW) {
		m->fault = true;
		return;
	}
	m->writes[off / 4u]++;
	if (!reg_write(m, off, val))
		m->fault = true;
}

struct virtio_mmio model_io(struct model *m)
{
	return (struct virtio_mmio){.read32 = model_read32, .write32 = model_write32, .ctx = m};
}

static struct virtq_avail *avail_of(struct model *m, const struct model_queue *q)
{
	return model_pa(m, q->driver, virtq_avail_bytes(q->num));
}

static struct virtq_used *used_of(struct model *m, const struct model_queue *q)
{
	return model_pa(m, q->device, virtq_used_bytes(q->num));
}

uint16_t model_avail_idx(struct model *m, uint32_t qi)
{
	struct virtq_avail *a = avail_of(m, &m->q[qi]);

	return a == NULL ? 0 : __atomic_load_n(&a->idx, __ATOMIC_ACQUIRE);
}

void model_set_no_notify(struct model *m, uint32_t qi, bool on)
{
	struct virtq_used *u = used_of(m, &m->q[qi]);

	ck_assert_ptr_nonnull(u);
	u->flags = on ? VIRTQ_USED_F_NO_NOTIFY : 0;
}

/* Follows a chain from head through the descriptor table; false (and fault) if malformed. */
static bool walk_chain(struct model *m, const struct model_queue *q, uint16_t head,
		       struct model_chain *c)
{
	const struct virtq_desc *table = model_pa(m, q->desc, virtq_desc_bytes(q->num));
	uint16_t id = head;

	c->head = head;
	c->n = 0;
	while (table != NULL && id < q->num && c->n < MODEL_CHAIN_MAX && c->n < q->num) {
		const struct virtq_desc *d = &table[id];

		c->seg[c->n++] =
			(struct model_seg){d->addr, d->len, (d->flags & VIRTQ_DESC_F_WRITE) != 0};
		if ((d->flags & VIRTQ_DESC_F_NEXT) == 0)
			return true;
		id = d->next;
	}
	m->fault = true;
	return false;
}

bool model_take_avail(struct model *m, uint32_t qi, struct model_chain *ret_chain)
{
	struct model_queue *q = &m->q[qi];
	struct virtq_avail *a = avail_of(m, q);
	uint16_t head;

	if (q->ready == 0 || a == NULL ||
	    q->last_avail == __atomic_load_n(&a->idx, __ATOMIC_ACQUIRE))
		return false;
	head = a->ring[q->last_avail % q->num];
	q->last_avail++;
	return walk_chain(m, q, head, ret_chain);
}

void model_push_used(struct model *m, uint32_t qi, uint32_t id, uint32_t len)
{
	struct model_queue *q = &m->q[qi];
	struct virtq_used *u = used_of(m, q);

	ck_assert_ptr_nonnull(u);
	u->ring[q->used_idx % q->num] = (struct virtq_used_elem){.id = id, .len = len};
	q->used_idx++;
	__atomic_store_n(&u->idx, q->used_idx, __ATOMIC_RELEASE);
	m->interrupt_status |= VIRTIO_INT_USED_BUFFER;
}
