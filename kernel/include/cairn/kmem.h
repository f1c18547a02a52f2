/*
 * The kernel's physical memory: one frame allocator (cairn/frame.h) over all
 * RAM the device tree reports below MEMLAYOUT_RAM_LIMIT, minus OpenSBI's
 * region below the kernel, the kernel image, the allocator's own metadata
 * and the device tree blob. Callable from any hart (a spinlock of its own).
 * A bad free is a kernel bug and panics.
 */
#ifndef CAIRN_KMEM_H
#define CAIRN_KMEM_H

#include <stddef.h>
#include <stdint.h>

#include "cairn/boot.h"
#include "cairn/frame.h"

struct kmem_stats {
	uint64_t span_base; /* physical address of the first tracked frame */
	uint64_t span_end;
	uint32_t usable; /* frames the allocator may hand out */
	uint32_t free;	 /* of those, free now */
};

/* Build the allocator from the device tree; panics if memory is unusable. */
void kmem_init(const struct boot_info *boot);

/* A zero-filled frame in *ret_pa; 0 or ERR_NOMEM. */
int kmem_frame_alloc(uint64_t *ret_pa);

/* A frame with whatever it held, for callers that fill it themselves; 0 or ERR_NOMEM. */
int kmem_frame_alloc_raw(uint64_t *ret_pa);

/* Give back a frame from kmem_frame_alloc*; panics on a double or foreign free. */
void kmem_frame_free(uint64_t pa);

struct kmem_stats kmem_get_stats(void);

/* True if [pa, pa + FRAME_SIZE) lies in a range the allocator must never hand out. */
bool kmem_is_excluded(uint64_t pa);

#endif /* CAIRN_KMEM_H */
