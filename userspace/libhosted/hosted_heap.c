/* The heap's arithmetic (hosted_heap.h): the break's moves and the size of each VMO. */
#include "hosted_heap.h"

#include "cairn/abi/errors.h"

int hosted_heap_move(const struct hosted_heap *h, int64_t incr, uint64_t *ret_brk)
{
	uint64_t brk;

	if (incr < 0) {
		uint64_t down = (uint64_t)(-(incr + 1)) + 1; /* INT64_MIN too */

		if (down > h->brk)
			return ERR_RANGE;
		brk = h->brk - down;
	} else {
		if ((uint64_t)incr > h->window - h->brk)
			return ERR_RANGE;
		brk = h->brk + (uint64_t)incr;
	}
	*ret_brk = brk;
	return 0;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t hosted_heap_chunk(const struct hosted_heap *h, uint64_t want, bool least)
{
	uint64_t size;

	if (h->mapped >= want || h->mapped >= h->window)
		return 0;
	if (least)
		size = (want - h->mapped + CAIRN_PAGE_SIZE - 1) & ~(uint64_t)(CAIRN_PAGE_SIZE - 1);
	else
		size = h->mapped < HOSTED_HEAP_FIRST ? HOSTED_HEAP_FIRST : h->mapped;
	size = min_u64(size, HOSTED_HEAP_CHUNK_MAX);
	return min_u64(size, h->window - h->mapped);
}
