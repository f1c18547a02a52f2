/*
 * The hosted runtime's allocator (RFC-0020): the core under malloc, free,
 * calloc, realloc and the aligned forms (hosted_malloc.c), pure and host-
 * tested. Memory comes from a grow function given at init (sbrk in the
 * guest, a fake region in the tests); nothing is ever given back to it.
 *
 * Blocks carry boundary tags: an 8-byte header before every payload (the
 * block's size, a multiple of 16, with an in-use bit and a previous-in-use
 * bit) and, in a free block only, the size again in its last 8 bytes. Every
 * payload is 16-byte aligned; a block is at least 32 bytes and an allocated
 * one spends 8 of them on its header. A freed block is merged at once with
 * a free neighbour on either side, so no two free blocks ever touch.
 *
 * Free blocks sit in segregated lists: one per 16-byte size class below
 * 512 bytes, then eight per power of two above (two-level, TLSF-style),
 * with a bitmap of the non-empty lists. malloc takes the first non-empty
 * list whose every block fits (a constant number of word scans), splits
 * off the rest, and grows the heap only when none does; free is constant
 * time. Neither depends on how many blocks are free. The price is a
 * bounded waste: a large request may skip a list whose blocks straddle
 * its size (at most 1/8 above it), and a block may keep up to 31 bytes
 * more than it asked for.
 *
 * realloc stays in place when the block shrinks, when the block after it
 * is free and large enough, or when it is the last block of the newest
 * region and the heap can grow there; otherwise it moves.
 *
 * Memory from the grow function that does not follow the last region
 * starts a new region of its own (another program part may move the break
 * too); each region begins with a 16-byte record and ends with a zero-size
 * in-use header that stops merging at its end.
 *
 * No function here locks: the caller serialises calls on one struct.
 */
#ifndef HOSTED_ALLOC_H
#define HOSTED_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOSTED_ALLOC_ALIGN 16u		  /* every payload's alignment */
#define HOSTED_ALLOC_MAX   (1ull << 40)	  /* the largest request: larger ones fail */
#define HOSTED_ALLOC_BINS  512u		  /* free lists (some unused) */
#define HOSTED_ALLOC_GROW  (128ull << 10) /* the least the heap grows by */
#define HOSTED_ALLOC_PAGE  4096u	  /* growth is rounded to this */

/* The grow function: `incr` more bytes, or NULL when there are none. */
typedef void *(*hosted_alloc_grow_fn)(void *ctx, size_t incr);

struct hosted_alloc_block;
struct hosted_alloc_region;

struct hosted_alloc {
	hosted_alloc_grow_fn grow;
	void *ctx;
	struct hosted_alloc_region *regions;  /* the newest first */
	unsigned char *end;		      /* the end of the newest region's memory */
	size_t arena;			      /* bytes taken from grow */
	uint64_t *tail;			      /* the newest region's end header */
	uint64_t summary;		      /* bit w: map[w] is not zero */
	uint64_t map[HOSTED_ALLOC_BINS / 64]; /* bit i: bins[i] is not empty */
	struct hosted_alloc_block *bins[HOSTED_ALLOC_BINS];
};

/* What a walk of the heap found (hosted_alloc_check). */
struct hosted_alloc_stats {
	size_t arena;	    /* bytes taken from the grow function */
	size_t used_blocks; /* blocks in use */
	size_t used_bytes;  /* their sizes, headers included */
	size_t free_blocks; /* free blocks */
	size_t free_bytes;  /* their sizes */
	size_t top_free;    /* the size of the free block at the newest region's end, or 0 */
};

/* An empty allocator over `grow`; it takes nothing until the first request. */
void hosted_alloc_init(struct hosted_alloc *a, hosted_alloc_grow_fn grow, void *ctx);

/* n bytes, 16-byte aligned (a minimal block for n = 0); NULL when n is over HOSTED_ALLOC_MAX or the
 * grow function fails. */
void *hosted_alloc_malloc(struct hosted_alloc *a, size_t n);

/* n * size zeroed bytes; NULL also when the product overflows. */
void *hosted_alloc_calloc(struct hosted_alloc *a, size_t n, size_t size);

/* Frees p (from this allocator; NULL is ignored). */
void hosted_alloc_free(struct hosted_alloc *a, void *p);

/*
 * p resized to n bytes, its contents kept up to the smaller size: p itself
 * when it could stay, else a new block (p freed). p NULL: malloc(n). n 0:
 * p is freed and the answer is NULL. NULL on failure, p untouched.
 */
void *hosted_alloc_realloc(struct hosted_alloc *a, void *p, size_t n);

/* n bytes aligned to `align` (a power of two; NULL otherwise). */
void *hosted_alloc_memalign(struct hosted_alloc *a, size_t align, size_t n);

/* The bytes usable at p (at least what was asked for); 0 for NULL. */
size_t hosted_alloc_usable(const void *p);

/*
 * Walks the whole heap: 0 and *ret filled when every invariant holds (sizes
 * and tags, footers, no two free neighbours, each free block in its own
 * list exactly once, the bitmap), else -1 (*ret untouched). Linear in the
 * heap: for tests and statistics, not for the fast path.
 */
int hosted_alloc_check(const struct hosted_alloc *a, struct hosted_alloc_stats *ret);

#endif /* HOSTED_ALLOC_H */
