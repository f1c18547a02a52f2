/*
 * The hosted runtime's heap (RFC-0020): where it lies and how it grows.
 * sbrk moves a break through a window of the address space reserved for
 * it; the pages under the break come from VMOs mapped end to end from the
 * window's base, each as large as the heap mapped so far (the first
 * HOSTED_HEAP_FIRST, none over the kernel's VMO size limit), so a heap of N
 * bytes takes about log2(N) VMOs. The VMOs are charged to the program's
 * own quota; when one the size wants does not fit, sbrk tries one just
 * large enough, and then answers ENOMEM.
 *
 * The window, [HOSTED_HEAP_BASE, HOSTED_HEAP_BASE + HOSTED_HEAP_WINDOW),
 * lies above any program image (which starts at CAIRN_USER_BASE, 4 GiB)
 * and below the addresses the tree's services map at (0x2000000000 on)
 * and the stack (just under CAIRN_USER_END): a hosted program maps
 * nothing of its own there.
 *
 * This header's functions are the arithmetic alone: pure, no system calls.
 */
#ifndef HOSTED_HEAP_H
#define HOSTED_HEAP_H

#include <stdbool.h>
#include <stdint.h>

#include "cairn/abi/syscall.h"

#define HOSTED_HEAP_BASE      0x1000000000ull /* 64 GiB */
#define HOSTED_HEAP_WINDOW    0x1000000000ull /* 64 GiB of addresses */
#define HOSTED_HEAP_FIRST     (1ull << 20)    /* the first VMO: 1 MiB */
#define HOSTED_HEAP_CHUNK_MAX ((uint64_t)CAIRN_VMO_SIZE_MAX)

_Static_assert(HOSTED_HEAP_BASE + HOSTED_HEAP_WINDOW <= 0x2000000000ull,
	       "the heap ends below the services' mappings");

/* Offsets from the window's base. */
struct hosted_heap {
	uint64_t brk;	 /* the break: bytes handed out by sbrk */
	uint64_t mapped; /* bytes mapped: whole pages, never less than brk */
	uint64_t window; /* bytes the heap may reach */
};

/*
 * The break after moving h's by incr bytes (negative shrinks): 0 and
 * *ret_brk, or ERR_RANGE when it would fall below 0 or pass the window
 * (*ret_brk untouched).
 */
int hosted_heap_move(const struct hosted_heap *h, int64_t incr, uint64_t *ret_brk);

/*
 * The size in bytes of the next VMO to map at the end of h's mapped part
 * on the way to `want` bytes mapped: as large as the part mapped so far
 * (HOSTED_HEAP_FIRST at least), or when `least`, only what want still
 * lacks, page-rounded; either way at most HOSTED_HEAP_CHUNK_MAX and never
 * past the window. 0 when mapped already reaches want.
 */
uint64_t hosted_heap_chunk(const struct hosted_heap *h, uint64_t want, bool least);

#endif /* HOSTED_HEAP_H */
