/*
 * The allocator's core (hosted_alloc.h): blocks and their tags, the
 * segregated free lists and their bitmap, growth through the grow
 * function, and the heap walk that checks it all. No locking and no
 * system calls: hosted_malloc.c puts the C library's names on it.
 */
#include "hosted_alloc.h"

#include <string.h>

#define IN_USE	    1u	 /* this block is allocated (or an end header) */
#define PREV_IN_USE 2u	 /* the block before this one is allocated */
#define TAG_BITS    15u	 /* the low bits of a header that are not its size */
#define HEAD	    8u	 /* a header's bytes */
#define MIN_BLOCK   32u	 /* header, two links, footer */
#define REGION_HEAD 24u	 /* a region's record and the pad before its first header */
#define SMALL_LIMIT 512u /* blocks below this have a list per 16 bytes */
#define SMALL_BINS  (SMALL_LIMIT / HOSTED_ALLOC_ALIGN)
#define SUB_BITS    3u	/* 8 lists per power of two above SMALL_LIMIT */
#define SMALL_LOG   9u	/* log2(SMALL_LIMIT) */
#define MORE_SLACK  64u /* what a new region spends on its record, pads and end header */

_Static_assert(1u << SMALL_LOG == SMALL_LIMIT, "SMALL_LOG is log2(SMALL_LIMIT)");
_Static_assert(SMALL_BINS + (64u - SMALL_LOG) * (1u << SUB_BITS) <= HOSTED_ALLOC_BINS,
	       "every size has a list");

/* A block; the links exist only while it is free, its footer likewise. */
struct hosted_alloc_block {
	uint64_t head;
	struct hosted_alloc_block *next;
	struct hosted_alloc_block *prev;
};

/* The start of a region: its first block's header follows at REGION_HEAD. */
struct hosted_alloc_region {
	struct hosted_alloc_region *next;
	uint64_t pad;
};

typedef struct hosted_alloc_block block_t;

/* ---- blocks ---- */

static uint64_t size_of(const block_t *b)
{
	return b->head & ~(uint64_t)TAG_BITS;
}

static bool is_free(const block_t *b)
{
	return (b->head & IN_USE) == 0;
}

static block_t *block_at(const void *p, uint64_t off)
{
	return (block_t *)((uintptr_t)p + off); // NOLINT(performance-no-int-to-ptr)
}

static block_t *block_of(const void *payload)
{
	return (block_t *)((uintptr_t)payload - HEAD); // NOLINT(performance-no-int-to-ptr)
}

static void *payload_of(block_t *b)
{
	return (unsigned char *)b + HEAD;
}

static block_t *after(const block_t *b)
{
	return block_at(b, size_of(b));
}

static uint64_t *foot_of(const block_t *b)
{
	return (uint64_t *)block_at(b, size_of(b) - HEAD);
}

/* The free block before b (b's PREV_IN_USE clear): found by its footer. */
static block_t *before(const block_t *b)
{
	uint64_t size = ((const uint64_t *)b)[-1];

	return (block_t *)((uintptr_t)b - size); // NOLINT(performance-no-int-to-ptr)
}

/* The block size that holds n bytes: header added, 16-rounded, MIN_BLOCK at least. */
static uint64_t block_size(size_t n)
{
	uint64_t s =
		((uint64_t)n + HEAD + HOSTED_ALLOC_ALIGN - 1) & ~(uint64_t)(HOSTED_ALLOC_ALIGN - 1);

	return s < MIN_BLOCK ? MIN_BLOCK : s;
}

/* ---- the lists ---- */

static unsigned log2_of(uint64_t x)
{
	return 63u - (unsigned)__builtin_clzll(x);
}

/* The list a free block of `size` bytes sits in. */
static unsigned bin_of(uint64_t size)
{
	unsigned lg;

	if (size < SMALL_LIMIT)
		return (unsigned)(size / HOSTED_ALLOC_ALIGN);
	lg = log2_of(size);
	return SMALL_BINS + (lg - SMALL_LOG) * (1u << SUB_BITS) +
	       (unsigned)((size >> (lg - SUB_BITS)) & ((1u << SUB_BITS) - 1));
}

/* The first list whose every block holds `size` bytes. */
static unsigned bin_fitting(uint64_t size)
{
	if (size >= SMALL_LIMIT)
		size += (1ull << (log2_of(size) - SUB_BITS)) - 1;
	return bin_of(size);
}

static void mark(struct hosted_alloc *a, unsigned i, bool full)
{
	unsigned w = i / 64;

	if (full) {
		a->map[w] |= 1ull << (i % 64);
		a->summary |= 1ull << w;
		return;
	}
	a->map[w] &= ~(1ull << (i % 64));
	if (a->map[w] == 0)
		a->summary &= ~(1ull << w);
}

/* The first non-empty list from i on, or HOSTED_ALLOC_BINS. */
static unsigned bin_first(const struct hosted_alloc *a, unsigned i)
{
	unsigned w = i / 64;
	uint64_t bits = a->map[w] & (~0ull << (i % 64));
	uint64_t words;

	if (bits != 0)
		return w * 64 + (unsigned)__builtin_ctzll(bits);
	words = w + 1 < 64 ? a->summary & (~0ull << (w + 1)) : 0;
	if (words == 0)
		return HOSTED_ALLOC_BINS;
	w = (unsigned)__builtin_ctzll(words);
	return w * 64 + (unsigned)__builtin_ctzll(a->map[w]);
}

static void bin_insert(struct hosted_alloc *a, block_t *b)
{
	unsigned i = bin_of(size_of(b));

	b->prev = NULL;
	b->next = a->bins[i];
	if (b->next != NULL)
		b->next->prev = b;
	a->bins[i] = b;
	mark(a, i, true);
}

static void bin_remove(struct hosted_alloc *a, block_t *b)
{
	unsigned i = bin_of(size_of(b));

	if (b->prev != NULL)
		b->prev->next = b->next;
	else
		a->bins[i] = b->next;
	if (b->next != NULL)
		b->next->prev = b->prev;
	if (a->bins[i] == NULL)
		mark(a, i, false);
}

/* ---- freeing, splitting, taking ---- */

/* b (allocated, its size set) becomes free, merged with a free neighbour on either side. */
static void release(struct hosted_alloc *a, block_t *b)
{
	uint64_t size = size_of(b);
	block_t *n = after(b);

	if ((n->head & IN_USE) == 0) {
		bin_remove(a, n);
		size += size_of(n);
	}
	if ((b->head & PREV_IN_USE) == 0) {
		b = before(b);
		bin_remove(a, b);
		size += size_of(b);
	}
	/* no two free blocks touch, so the one before the merged block is allocated */
	b->head = size | PREV_IN_USE;
	*foot_of(b) = size;
	after(b)->head &= ~(uint64_t)PREV_IN_USE;
	bin_insert(a, b);
}

/* Cuts allocated b down to s bytes when the rest makes a block; the rest is freed. */
static void split(struct hosted_alloc *a, block_t *b, uint64_t s)
{
	uint64_t size = size_of(b);
	block_t *rest;

	if (size - s < MIN_BLOCK)
		return;
	b->head = s | (b->head & TAG_BITS);
	rest = block_at(b, s);
	rest->head = (size - s) | IN_USE | PREV_IN_USE;
	release(a, rest);
}

/* Allocates free block b, keeping s bytes of it. */
static void *take(struct hosted_alloc *a, block_t *b, uint64_t s)
{
	bin_remove(a, b);
	b->head |= IN_USE;
	after(b)->head |= PREV_IN_USE;
	split(a, b, s);
	return payload_of(b);
}

/* ---- growth ---- */

/* The largest header address ≡ 8 (mod 16) whose header ends by `end`. */
static uint64_t *tail_for(const unsigned char *end)
{
	uintptr_t x = ((uintptr_t)end - 2 * (uintptr_t)HEAD) & ~(uintptr_t)(HOSTED_ALLOC_ALIGN - 1);

	return (uint64_t *)(x + HEAD); // NOLINT(performance-no-int-to-ptr)
}

/* Makes [start, tail) one block, tail the newest region's end, and frees the block. */
static void lay(struct hosted_alloc *a, block_t *start, uint64_t *tail, uint64_t prev_bit)
{
	start->head = (uint64_t)((uintptr_t)tail - (uintptr_t)start) | IN_USE | prev_bit;
	*tail = IN_USE | PREV_IN_USE;
	a->tail = tail;
	release(a, start);
}

/* Adds incr bytes at p: the newest region's continuation, or a region of its own. */
static void add(struct hosted_alloc *a, unsigned char *p, size_t incr)
{
	unsigned char *end = p + incr;
	uint64_t *tail = tail_for(end);
	struct hosted_alloc_region *r;
	block_t *first;

	a->arena += incr;
	if (p == a->end && a->tail != NULL) {
		a->end = end;
		lay(a, (block_t *)a->tail, tail, *a->tail & PREV_IN_USE);
		return;
	}
	r = (struct hosted_alloc_region *)(((uintptr_t)p + HOSTED_ALLOC_ALIGN - 1) & // NOLINT
					   ~(uintptr_t)(HOSTED_ALLOC_ALIGN - 1));
	first = block_at(r, REGION_HEAD);
	if ((uintptr_t)tail < (uintptr_t)first + MIN_BLOCK)
		return; /* too small to hold a block: left unused */
	r->next = a->regions;
	a->regions = r;
	a->end = end;
	lay(a, first, tail, PREV_IN_USE);
}

/* The free block at the newest region's end, or NULL. */
static block_t *top_free(const struct hosted_alloc *a)
{
	if (a->tail == NULL || (*a->tail & PREV_IN_USE) != 0)
		return NULL;
	return before((const block_t *)a->tail);
}

/* Asks the grow function for room for `need` more bytes at least: 0, or -1 when it has none. */
static int more(struct hosted_alloc *a, uint64_t need)
{
	uint64_t incr = need < HOSTED_ALLOC_GROW ? HOSTED_ALLOC_GROW : need;
	void *p;

	incr = (incr + MORE_SLACK + HOSTED_ALLOC_PAGE - 1) & ~(uint64_t)(HOSTED_ALLOC_PAGE - 1);
	p = a->grow(a->ctx, (size_t)incr);
	if (p == NULL)
		return -1;
	add(a, p, (size_t)incr);
	return 0;
}

/* Grows until the top free block holds s bytes: it, or NULL when the grow function fails. */
static block_t *grow_to(struct hosted_alloc *a, uint64_t s)
{
	/* a move of the break by someone else can cost one region; a second try then joins it */
	for (int tries = 0; tries < 3; tries++) {
		block_t *top = top_free(a);
		uint64_t have = top != NULL ? size_of(top) : 0;

		if (have >= s)
			return top;
		if (more(a, s - have) != 0)
			return NULL;
	}
	return NULL;
}

/* ---- the interface ---- */

void hosted_alloc_init(struct hosted_alloc *a, hosted_alloc_grow_fn grow, void *ctx)
{
	memset(a, 0, sizeof(*a));
	a->grow = grow;
	a->ctx = ctx;
}

void *hosted_alloc_malloc(struct hosted_alloc *a, size_t n)
{
	uint64_t s;
	unsigned i;
	block_t *b;

	if (n > HOSTED_ALLOC_MAX)
		return NULL;
	s = block_size(n);
	i = bin_first(a, bin_fitting(s));
	if (i < HOSTED_ALLOC_BINS)
		return take(a, a->bins[i], s);
	b = grow_to(a, s);
	return b != NULL ? take(a, b, s) : NULL;
}

void *hosted_alloc_calloc(struct hosted_alloc *a, size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	p = hosted_alloc_malloc(a, bytes);
	if (p != NULL)
		memset(p, 0, bytes);
	return p;
}

void hosted_alloc_free(struct hosted_alloc *a, void *p)
{
	block_t *b;

	if (p == NULL)
		return;
	b = block_of(p);
	if (!is_free(b))
		release(a, b); /* a block already free is left alone */
}

/* Grows allocated b to s bytes where it lies: true, or false with b unchanged. */
static bool resize_in_place(struct hosted_alloc *a, block_t *b, uint64_t s)
{
	block_t *n = after(b);
	uint64_t have = size_of(b) + (is_free(n) ? size_of(n) : 0);
	const block_t *past = is_free(n) ? after(n) : n;

	if (have < s && (const uint64_t *)past == a->tail) {
		/* b ends the newest region: the heap grows under it (a new region does not help) */
		if (more(a, s - have) != 0)
			return false;
		n = after(b);
		have = size_of(b) + (is_free(n) ? size_of(n) : 0);
	}
	if (have < s)
		return false;
	bin_remove(a, n); /* free: s is more than b's size */
	b->head += size_of(n);
	after(b)->head |= PREV_IN_USE;
	split(a, b, s);
	return true;
}

void *hosted_alloc_realloc(struct hosted_alloc *a, void *p, size_t n)
{
	block_t *b;
	uint64_t s;
	void *q;

	if (p == NULL)
		return hosted_alloc_malloc(a, n);
	if (n == 0) {
		hosted_alloc_free(a, p);
		return NULL;
	}
	if (n > HOSTED_ALLOC_MAX)
		return NULL;
	b = block_of(p);
	s = block_size(n);
	if (s <= size_of(b)) {
		split(a, b, s);
		return p;
	}
	if (resize_in_place(a, b, s))
		return p;
	q = hosted_alloc_malloc(a, n);
	if (q == NULL)
		return NULL;
	memcpy(q, p, size_of(b) - HEAD);
	hosted_alloc_free(a, p);
	return q;
}

void *hosted_alloc_memalign(struct hosted_alloc *a, size_t align, size_t n)
{
	uintptr_t p;
	uintptr_t q;
	block_t *b;
	uint64_t s;

	if (align == 0 || (align & (align - 1)) != 0 || align > HOSTED_ALLOC_MAX)
		return NULL;
	if (align <= HOSTED_ALLOC_ALIGN)
		return hosted_alloc_malloc(a, n);
	if (n > HOSTED_ALLOC_MAX)
		return NULL;
	s = block_size(n);
	/* room for an aligned block of s bytes after a free block of MIN_BLOCK at least */
	p = (uintptr_t)hosted_alloc_malloc(a, (size_t)(s + align + MIN_BLOCK));
	if (p == 0)
		return NULL;
	b = block_of((void *)p); // NOLINT(performance-no-int-to-ptr)
	q = (p + align - 1) & ~(uintptr_t)(align - 1);
	if (q != p) {
		block_t *c = block_of((void *)q); // NOLINT(performance-no-int-to-ptr)
		uint64_t front = q - p;

		if (front < MIN_BLOCK) {
			q += align;
			c = block_at(c, align);
			front += align;
		}
		c->head = (size_of(b) - front) | IN_USE;
		b->head = front | (b->head & PREV_IN_USE) | IN_USE;
		release(a, b);
		b = c;
	}
	split(a, b, s);
	return (void *)q; // NOLINT(performance-no-int-to-ptr)
}

size_t hosted_alloc_usable(const void *p)
{
	return p != NULL ? (size_t)(size_of(block_of(p)) - HEAD) : 0;
}

/* ---- the walk ---- */

/* Checks one region's blocks into *st: 0, or -1 at the first broken invariant. */
static int check_region(const struct hosted_alloc_region *r, struct hosted_alloc_stats *st)
{
	const block_t *b = block_at(r, REGION_HEAD);
	bool prev_in_use = true;

	for (;;) {
		uint64_t size = size_of(b);

		if ((b->head & (TAG_BITS & ~(uint64_t)(IN_USE | PREV_IN_USE))) != 0 ||
		    ((b->head & PREV_IN_USE) != 0) != prev_in_use)
			return -1;
		if (size == 0)
			return is_free(b) ? -1 : 0; /* the region's end */
		if (size < MIN_BLOCK)
			return -1;
		if (is_free(b)) {
			if (!prev_in_use || *foot_of(b) != size)
				return -1;
			st->free_blocks++;
			st->free_bytes += size;
		} else {
			st->used_blocks++;
			st->used_bytes += size;
		}
		prev_in_use = !is_free(b);
		b = after(b);
	}
}

/* Checks the lists and the bitmap against `free_blocks` free blocks: 0 or -1. */
static int check_bins(const struct hosted_alloc *a, size_t free_blocks)
{
	size_t listed = 0;

	for (unsigned i = 0; i < HOSTED_ALLOC_BINS; i++) {
		bool full = a->bins[i] != NULL;
		const block_t *prev = NULL;

		if (((a->map[i / 64] >> (i % 64)) & 1) != full ||
		    ((a->summary >> (i / 64)) & 1) != (a->map[i / 64] != 0))
			return -1;
		for (const block_t *b = a->bins[i]; b != NULL; prev = b, b = b->next) {
			if (++listed > free_blocks || !is_free(b) || b->prev != prev ||
			    bin_of(size_of(b)) != i || *foot_of(b) != size_of(b))
				return -1;
		}
	}
	return listed == free_blocks ? 0 : -1;
}

int hosted_alloc_check(const struct hosted_alloc *a, struct hosted_alloc_stats *ret)
{
	struct hosted_alloc_stats st = {.arena = a->arena};
	const block_t *top = top_free(a);

	for (const struct hosted_alloc_region *r = a->regions; r != NULL; r = r->next) {
		if (check_region(r, &st) != 0)
			return -1;
	}
	if (check_bins(a, st.free_blocks) != 0)
		return -1;
	st.top_free = top != NULL ? (size_t)size_of(top) : 0;
	*ret = st;
	return 0;
}
