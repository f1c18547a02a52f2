/*
 * Split virtqueues (virtq.h): setup over the transport's registers, chains
 * from the private free list, publication and notification, and checked
 * used-ring processing.
 *
 * The free list is threaded through q->next; a chain is a run taken from
 * its front, so q->next also links each chain in flight, and q->chain[head]
 * (its length, 0 when not in flight) is what a used id is checked against.
 */
#include "virtq.h"

#include <stddef.h>
#include <string.h>

#include "cairn/abi/errors.h"

static bool is_power_of_two(uint32_t n)
{
	return n != 0 && (n & (n - 1u)) == 0;
}

/* An area is usable when both addresses are aligned and it stays within one page. */
static int area_check(const struct virtq_area *a, uint32_t align, uint32_t bytes)
{
	if (a->va == NULL)
		return ERR_INVAL;
	if ((uintptr_t)a->va % align != 0 || a->pa % align != 0)
		return ERR_ALIGN;
	if (a->pa % VIRTQ_PAGE + bytes > VIRTQ_PAGE)
		return ERR_RANGE;
	return 0;
}

static int mem_check(const struct virtq_mem *mem, uint16_t size)
{
	int rc;

	if (!is_power_of_two(size) || size > VIRTQ_SIZE_MAX)
		return ERR_INVAL;
	rc = area_check(&mem->desc, 16, virtq_desc_bytes(size));
	if (rc == 0)
		rc = area_check(&mem->avail, 2, virtq_avail_bytes(size));
	if (rc == 0)
		rc = area_check(&mem->used, 4, virtq_used_bytes(size));
	return rc;
}

/* Selects the queue and checks the device can take it. */
static int queue_check(const struct virtio_mmio *io, uint16_t index, uint16_t size)
{
	uint32_t max;

	io->write32(io->ctx, VIRTIO_REG_QUEUE_SEL, index);
	if (io->read32(io->ctx, VIRTIO_REG_QUEUE_READY) != 0)
		return ERR_BUSY;
	max = io->read32(io->ctx, VIRTIO_REG_QUEUE_NUM_MAX);
	if (max == 0)
		return ERR_NOTFOUND;
	return max < size ? ERR_RANGE : 0;
}

static void write_addr(const struct virtio_mmio *io, uint32_t low_reg, uint64_t pa)
{
	io->write32(io->ctx, low_reg, (uint32_t)pa);
	io->write32(io->ctx, low_reg + 4u, (uint32_t)(pa >> 32));
}

static void state_init(struct virtq *q, uint16_t index, uint16_t size, const struct virtq_mem *mem)
{
	memset(q, 0, sizeof(*q));
	q->desc = mem->desc.va;
	q->avail = mem->avail.va;
	q->used = mem->used.va;
	q->size = size;
	q->index = index;
	q->num_free = size;
	for (uint16_t i = 0; i < size; i++)
		q->next[i] = (uint16_t)(i + 1u);
	memset(mem->desc.va, 0, virtq_desc_bytes(size));
	memset(mem->avail.va, 0, virtq_avail_bytes(size));
	memset(mem->used.va, 0, virtq_used_bytes(size));
}

int virtq_setup(struct virtq *q, const struct virtio_mmio *io, uint16_t index, uint16_t size,
		const struct virtq_mem *mem)
{
	int rc = mem_check(mem, size);

	if (rc == 0)
		rc = queue_check(io, index, size);
	if (rc != 0)
		return rc;
	state_init(q, index, size, mem);
	io->write32(io->ctx, VIRTIO_REG_QUEUE_NUM, size);
	write_addr(io, VIRTIO_REG_QUEUE_DESC_LOW, mem->desc.pa);
	write_addr(io, VIRTIO_REG_QUEUE_DRIVER_LOW, mem->avail.pa);
	write_addr(io, VIRTIO_REG_QUEUE_DEVICE_LOW, mem->used.pa);
	io->write32(io->ctx, VIRTIO_REG_QUEUE_READY, 1);
	return 0;
}

/* The bytes a chain lets the device write, or ERR_INVAL / ERR_RANGE for a bad chain. */
static int64_t chain_writable(const struct virtq_buf *bufs, uint32_t n)
{
	uint64_t total = 0;

	if (n == 0)
		return ERR_INVAL;
	for (uint32_t i = 0; i < n; i++) {
		if (bufs[i].len == 0)
			return ERR_INVAL;
		if (bufs[i].device_writes)
			total += bufs[i].len;
	}
	return total > UINT32_MAX ? ERR_RANGE : (int64_t)total;
}

/* Fills the free list's first n descriptors from bufs; returns the one after them. */
static uint16_t chain_fill(struct virtq *q, const struct virtq_buf *bufs, uint32_t n)
{
	uint16_t id = q->free_head;

	for (uint32_t i = 0; i < n; i++) {
		struct virtq_desc *d = &q->desc[id];
		uint16_t flags = bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0;

		if (i + 1 < n)
			flags |= VIRTQ_DESC_F_NEXT;
		d->addr = bufs[i].pa;
		d->len = bufs[i].len;
		d->flags = flags;
		d->next = (i + 1 < n) ? q->next[id] : 0;
		id = q->next[id];
	}
	return id;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, uint32_t n, uint16_t *ret_head)
{
	int64_t writable = chain_writable(bufs, n);
	uint16_t head = q->free_head;

	if (writable < 0)
		return (int)writable;
	if (n > q->num_free)
		return ERR_NOSPC;
	q->free_head = chain_fill(q, bufs, n);
	q->num_free = (uint16_t)(q->num_free - n);
	q->chain[head] = (uint16_t)n;
	q->writable[head] = (uint32_t)writable;
	q->in_flight++;
	q->avail->ring[q->avail_idx % q->size] = head;
	q->avail_idx++;
	/* The descriptors and the ring entry are in memory before the device sees the index. */
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
	*ret_head = head;
	return 0;
}

void virtq_kick(struct virtq *q, const struct virtio_mmio *io)
{
	uint16_t flags;

	if (q->notified_idx == q->avail_idx)
		return;
	q->notified_idx = q->avail_idx;
	/* The published index is visible before the device's flag is read. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = __atomic_load_n(&q->used->flags, __ATOMIC_RELAXED);
	if ((flags & VIRTQ_USED_F_NO_NOTIFY) == 0)
		io->write32(io->ctx, VIRTIO_REG_QUEUE_NOTIFY, q->index);
}

/* Whether the device's entry names a chain in flight, with a length it may have written. */
static bool used_entry_valid(const struct virtq *q, uint32_t id, uint32_t len)
{
	return id < q->size && q->chain[id] != 0 && len <= q->writable[id];
}

/* Puts a chain in flight back on the front of the free list. */
static void chain_free(struct virtq *q, uint16_t head)
{
	uint16_t last = head;

	for (uint16_t i = 1; i < q->chain[head]; i++)
		last = q->next[last];
	q->next[last] = q->free_head;
	q->free_head = head;
	q->num_free = (uint16_t)(q->num_free + q->chain[head]);
	q->chain[head] = 0;
	q->writable[head] = 0;
	q->in_flight--;
}

int virtq_pop_used(struct virtq *q, struct virtq_done *ret_done)
{
	/* The device's entries are read only after the index that covers them. */
	uint16_t used_idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	uint16_t pending = (uint16_t)(used_idx - q->last_used);
	struct virtq_used_elem e;

	if (pending == 0)
		return 0;
	if (pending > q->in_flight)
		return ERR_IO;
	e = q->used->ring[q->last_used % q->size];
	if (!used_entry_valid(q, e.id, e.len))
		return ERR_IO;
	chain_free(q, (uint16_t)e.id);
	q->last_used++;
	ret_done->head = (uint16_t)e.id;
	ret_done->len = e.len;
	return 1;
}

uint32_t virtq_free_count(const struct virtq *q)
{
	return q->num_free;
}
