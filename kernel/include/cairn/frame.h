/*
 * The physical frame allocator's pure core: one contiguous span of 4 KiB
 * frames, each either reserved (never handed out), free (on a free list) or
 * in use. Alloc and free are O(1); free detects a double free and a foreign
 * address. Pure: no globals, no locking, no output; the metadata array comes
 * from the caller. The kernel's instance, its lock and its panics live in
 * kmem.c (cairn/kmem.h).
 */
#ifndef CAIRN_FRAME_H
#define CAIRN_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FRAME_SIZE	4096u
#define FRAME_MAX_COUNT 0xfffffff0u /* frames one span can track */
#define FRAME_MAX_HOLES 8	    /* excluded ranges frame_init accepts */

/* A physical byte range [base, end). */
struct frame_range {
	uint64_t base;
	uint64_t end;
};

struct frame_alloc {
	uint64_t base;	 /* physical address of frame 0, FRAME_SIZE aligned */
	uint32_t count;	 /* frames in the span */
	uint32_t head;	 /* first free frame, or FRAME_LINK_END */
	uint32_t free;	 /* frames on the free list now */
	uint32_t usable; /* frames that are not reserved */
	uint32_t *link;	 /* per frame: next free frame, or one of the states below */
};

/* Bytes of link array a span of `count` frames needs. */
size_t frame_meta_bytes(uint32_t count);

/*
 * Make *ret_fa track the `count` frames from `base` with the `link` array
 * (frame_meta_bytes(count) bytes): every frame inside one of `mem` and
 * outside every hole is free, the rest reserved. Returns 0, ERR_ALIGN (base
 * not frame-aligned), ERR_RANGE (count 0 or above FRAME_MAX_COUNT, or the
 * span wraps) or ERR_NOSPC (more than FRAME_MAX_HOLES holes).
 */
int frame_init(uint64_t base, uint32_t count, uint32_t *link, const struct frame_range *mem,
	       size_t mem_count, const struct frame_range *holes, size_t hole_count,
	       struct frame_alloc *ret_fa);

/* Take a free frame into *ret_pa; 0 or ERR_NOMEM. */
int frame_alloc(struct frame_alloc *fa, uint64_t *ret_pa);

/*
 * Give back frame `pa`. Returns 0, ERR_ALIGN (not frame-aligned), ERR_RANGE
 * (outside the span, or a reserved frame: not the allocator's to take) or
 * ERR_BUSY (already free: a double free).
 */
int frame_free(struct frame_alloc *fa, uint64_t pa);

/* True if `pa` is a frame this allocator handed out and that is not yet freed. */
bool frame_is_allocated(const struct frame_alloc *fa, uint64_t pa);

#endif /* CAIRN_FRAME_H */
