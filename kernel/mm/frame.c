/*
 * The frame allocator's pure core (see cairn/frame.h). Each frame has one
 * 32-bit link word: a free frame's word names the next free frame (or
 * FRAME_LINK_END), and the two top values mark frames in use and reserved.
 * So the free list costs no memory in the frames themselves, a stray write
 * into a free frame cannot corrupt it, and a free can tell a double free and
 * a reserved frame from a good one in O(1).
 */
#include "cairn/frame.h"

#include <stdbool.h>

#include "cairn/abi/errors.h"

enum {
	FRAME_LINK_END = 0xfffffffdu,
	FRAME_LINK_USED = 0xfffffffeu,
	FRAME_LINK_RESERVED = 0xffffffffu,
};

size_t frame_meta_bytes(uint32_t count)
{
	return (size_t)count * sizeof(uint32_t);
}

static bool frame_range_holds(const struct frame_range *r, uint64_t start, uint64_t end)
{
	return start >= r->base && end <= r->end;
}

static bool frame_range_touches(const struct frame_range *r, uint64_t start, uint64_t end)
{
	return start < r->end && end > r->base;
}

/* Frame [pa, pa + FRAME_SIZE) lies inside some memory range and no hole. */
static bool frame_is_usable(uint64_t pa, const struct frame_range *mem, size_t mem_count,
			    const struct frame_range *holes, size_t hole_count)
{
	bool in_mem = false;

	for (size_t i = 0; i < mem_count && !in_mem; i++)
		in_mem = frame_range_holds(&mem[i], pa, pa + FRAME_SIZE);
	for (size_t i = 0; i < hole_count && in_mem; i++)
		in_mem = !frame_range_touches(&holes[i], pa, pa + FRAME_SIZE);
	return in_mem;
}

int frame_init(uint64_t base, uint32_t count, uint32_t *link, const struct frame_range *mem,
	       size_t mem_count, const struct frame_range *holes, size_t hole_count,
	       struct frame_alloc *ret_fa)
{
	if (base % FRAME_SIZE != 0)
		return ERR_ALIGN;
	if (count == 0 || count > FRAME_MAX_COUNT || base + (uint64_t)count * FRAME_SIZE < base)
		return ERR_RANGE;
	if (hole_count > FRAME_MAX_HOLES)
		return ERR_NOSPC;

	struct frame_alloc fa = {
		.base = base, .count = count, .head = FRAME_LINK_END, .link = link};

	/* Push from the top down, so that frames come out in ascending order. */
	for (uint32_t i = count; i-- > 0;) {
		uint64_t pa = base + (uint64_t)i * FRAME_SIZE;

		if (!frame_is_usable(pa, mem, mem_count, holes, hole_count)) {
			link[i] = FRAME_LINK_RESERVED;
			continue;
		}
		link[i] = fa.head;
		fa.head = i;
		fa.free++;
	}
	fa.usable = fa.free;
	*ret_fa = fa;
	return 0;
}

int frame_alloc(struct frame_alloc *fa, uint64_t *ret_pa)
{
	uint32_t i = fa->head;

	if (i == FRAME_LINK_END)
		return ERR_NOMEM;
	fa->head = fa->link[i];
	fa->link[i] = FRAME_LINK_USED;
	fa->free--;
	*ret_pa = fa->base + (uint64_t)i * FRAME_SIZE;
	return 0;
}

/* The frame index of `pa`, or ERR_ALIGN / ERR_RANGE. */
static int64_t frame_index(const struct frame_alloc *fa, uint64_t pa)
{
	if (pa % FRAME_SIZE != 0)
		return ERR_ALIGN;
	if (pa < fa->base || (pa - fa->base) / FRAME_SIZE >= fa->count)
		return ERR_RANGE;
	return (int64_t)((pa - fa->base) / FRAME_SIZE);
}

int frame_free(struct frame_alloc *fa, uint64_t pa)
{
	int64_t i = frame_index(fa, pa);

	if (i < 0)
		return (int)i;
	if (fa->link[i] == FRAME_LINK_RESERVED)
		return ERR_RANGE;
	if (fa->link[i] != FRAME_LINK_USED)
		return ERR_BUSY;
	fa->link[i] = fa->head;
	fa->head = (uint32_t)i;
	fa->free++;
	return 0;
}

bool frame_is_allocated(const struct frame_alloc *fa, uint64_t pa)
{
	int64_t i = frame_index(fa, pa);

	return i >= 0 && fa->link[i] == FRAME_LINK_USED;
}
