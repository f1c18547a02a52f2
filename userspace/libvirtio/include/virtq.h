/*
 * Split virtqueues as a virtio 1.x driver keeps them: the ring layouts the
 * device reads and writes, queue setup over the transport's registers
 * (virtio_mmio.h), descriptor chains from a private free list, the
 * available ring and its notification, and used-ring processing that
 * treats the device as untrusted (an id it was never given, or gave back
 * twice, is refused without touching the driver's state).
 *
 * Memory: the caller gives the three ring areas, each by virtual pointer
 * and physical address, each physically contiguous and within one 4 KiB
 * page (for VIRTQ_SIZE_MAX = 256 the largest, the descriptor table, is
 * exactly a page), so page-granular DMA memory serves. The driver's own
 * state lives in the caller's struct virtq, with bounded arrays; the free
 * list is kept there, never read back from memory the device can write.
 *
 * Ordering: descriptors and the avail entry are written before avail->idx
 * (a release store), avail->idx before reading the device's no-notify flag
 * (a full fence); used->idx is read with acquire before its entries. The
 * notification itself is an MMIO write, ordered after memory by the
 * caller's accessors. No event-index, indirect or packed-ring feature.
 *
 * Pure: no system calls, no globals, no allocation.
 */
#ifndef VIRTQ_H
#define VIRTQ_H

#include <stdbool.h>
#include <stdint.h>

#include "virtio_mmio.h"

#define VIRTQ_SIZE_MAX 256u  /* the largest queue this library drives */
#define VIRTQ_PAGE     4096u /* each ring area lies within one such page */

/* A descriptor: one buffer of a chain. */
struct virtq_desc {
	uint64_t addr; /* physical address */
	uint32_t len;
	uint16_t flags; /* VIRTQ_DESC_F_* */
	uint16_t next;	/* the chain's next descriptor, when VIRTQ_DESC_F_NEXT */
};
_Static_assert(sizeof(struct virtq_desc) == 16, "virtio descriptor is 16 bytes");
#define VIRTQ_DESC_F_NEXT  0x1u
#define VIRTQ_DESC_F_WRITE 0x2u /* the device writes this buffer */

/* The driver area: heads of chains offered to the device. */
struct virtq_avail {
	uint16_t flags;	 /* VIRTQ_AVAIL_F_*; this library leaves it 0 */
	uint16_t idx;	 /* free-running count of entries published */
	uint16_t ring[]; /* [size], then a used_event word this library does not use */
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT 0x1u

/* The device area: chains the device is done with. */
struct virtq_used_elem {
	uint32_t id;  /* head of the chain */
	uint32_t len; /* bytes the device wrote into it */
};
struct virtq_used {
	uint16_t flags;		       /* VIRTQ_USED_F_* */
	uint16_t idx;		       /* free-running count of entries completed */
	struct virtq_used_elem ring[]; /* [size], then an avail_event word */
};
#define VIRTQ_USED_F_NO_NOTIFY 0x1u /* the device asks not to be notified */

/* Bytes of each area for a queue of n entries. */
static inline uint32_t virtq_desc_bytes(uint32_t n)
{
	return 16u * n;
}
static inline uint32_t virtq_avail_bytes(uint32_t n)
{
	return 6u + 2u * n;
}
static inline uint32_t virtq_used_bytes(uint32_t n)
{
	return 6u + 8u * n;
}

/* One ring area: where the driver sees it and where the device does. */
struct virtq_area {
	void *va;
	uint64_t pa;
};

/* The caller's ring memory; alignment: desc 16, avail 2, used 4 (both addresses). */
struct virtq_mem {
	struct virtq_area desc;
	struct virtq_area avail;
	struct virtq_area used;
};

/* The driver's state of one queue. Fields are private to virtq.c. */
struct virtq {
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint32_t writable[VIRTQ_SIZE_MAX]; /* per head in flight: bytes the device may write */
	uint16_t next[VIRTQ_SIZE_MAX];	   /* free-list and chain links */
	uint16_t chain[VIRTQ_SIZE_MAX];	   /* per head in flight: descriptors; 0 = not in flight */
	uint16_t size;
	uint16_t index;	       /* the queue's number on its device */
	uint16_t free_head;    /* first free descriptor */
	uint16_t num_free;     /* descriptors on the free list */
	uint16_t in_flight;    /* chains given to the device, not yet back */
	uint16_t avail_idx;    /* entries published */
	uint16_t notified_idx; /* avail_idx at the last notification decision */
	uint16_t last_used;    /* used entries consumed */
};

/*
 * Sets up queue `index` of the device with `size` entries in mem: checks
 * everything first (nothing is written on a refusal), then clears the rings
 * and programs QueueNum, the three areas' addresses and QueueReady.
 *
 * 0; ERR_INVAL (size 0, not a power of two or above VIRTQ_SIZE_MAX, a null
 * area); ERR_ALIGN (an area misaligned); ERR_RANGE (an area crosses a 4 KiB
 * page, or the device's QueueNumMax is below size); ERR_NOTFOUND (the
 * device has no such queue: QueueNumMax 0); ERR_BUSY (the queue is already
 * ready). Selects the queue (QueueSel) even when it refuses after that.
 */
int virtq_setup(struct virtq *q, const struct virtio_mmio *io, uint16_t index, uint16_t size,
		const struct virtq_mem *mem);

/* One buffer of a chain. */
struct virtq_buf {
	uint64_t pa;
	uint32_t len; /* not 0 */
	bool device_writes;
};

/*
 * Puts bufs[0..n) into descriptors as one chain, in order, and publishes
 * its head on the available ring (the device may start on it at once; call
 * virtq_kick to wake it). 0 with *ret_head the chain's id, which
 * virtq_pop_used gives back; ERR_INVAL (n 0, a length 0); ERR_RANGE (the
 * device-writable lengths add up past 4 GiB); ERR_NOSPC (fewer than n free
 * descriptors). Nothing changes on a refusal.
 */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, uint32_t n, uint16_t *ret_head);

/*
 * Notifies the device (QueueNotify) if chains were published since the last
 * call and the device has not asked to go without (VIRTQ_USED_F_NO_NOTIFY).
 */
void virtq_kick(struct virtq *q, const struct virtio_mmio *io);

/* What the device gave back: a chain's head and the bytes it wrote. */
struct virtq_done {
	uint32_t len;
	uint16_t head;
};

/*
 * Takes the next entry of the used ring and frees its chain. Returns 1 with
 * *ret_done filled, 0 when the device has completed nothing new, or ERR_IO
 * when the device broke the protocol: an id that is not a chain in flight
 * (never issued, or already completed), a length above what the chain lets
 * it write, or more completions than chains in flight. On ERR_IO nothing
 * changes, and the entry stays unconsumed: the driver should give up on
 * the device (virtio_mmio_fail) and reset it.
 */
int virtq_pop_used(struct virtq *q, struct virtq_done *ret_done);

/* Descriptors free for virtq_add. */
uint32_t virtq_free_count(const struct virtq *q);

#endif /* VIRTQ_H */
