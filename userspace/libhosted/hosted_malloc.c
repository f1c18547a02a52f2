/*
 * The C library's allocator for hosted programs: malloc and its family
 * over the core of hosted_alloc.h, growing by sbrk, under one spinlock
 * (a program may run threads). Every entry point of picolibc's allocator
 * that a program could call is defined here, in one object: hosted_main.c's
 * roster pulls it before picolibc's archive is searched, so picolibc's
 * allocator is never linked, and never mixed with this one. malloc_stats
 * and mstats stay picolibc's: they print what mallinfo here reports.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include "cairn/abi/syscall.h"
#include "hosted_alloc.h"

static void *grow_by_sbrk(void *ctx, size_t incr);

static struct hosted_alloc hosted_arena = {.grow = grow_by_sbrk};
static bool hosted_arena_lock;

static void *grow_by_sbrk(void *ctx, size_t incr)
{
	void *p;

	(void)ctx;
	if (incr > (size_t)PTRDIFF_MAX)
		return NULL;
	p = sbrk((ptrdiff_t)incr);
	return p == (void *)-1 ? NULL : p; // NOLINT(performance-no-int-to-ptr)
}

static void lock(void)
{
	while (__atomic_test_and_set(&hosted_arena_lock, __ATOMIC_ACQUIRE))
		;
}

static void unlock(void)
{
	__atomic_clear(&hosted_arena_lock, __ATOMIC_RELEASE);
}

/* p, with errno ENOMEM when it is NULL */
static void *or_enomem(void *p)
{
	if (p == NULL)
		errno = ENOMEM;
	return p;
}

void *malloc(size_t n)
{
	void *p;

	lock();
	p = hosted_alloc_malloc(&hosted_arena, n);
	unlock();
	return or_enomem(p);
}

void free(void *p)
{
	if (p == NULL)
		return;
	lock();
	hosted_alloc_free(&hosted_arena, p);
	unlock();
}

void cfree(void *p)
{
	free(p);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	lock();
	p = hosted_alloc_calloc(&hosted_arena, n, size);
	unlock();
	return or_enomem(p);
}

void *realloc(void *p, size_t n)
{
	void *q;

	lock();
	q = hosted_alloc_realloc(&hosted_arena, p, n);
	unlock();
	return p != NULL && n == 0 ? NULL : or_enomem(q);
}

void *memalign(size_t align, size_t n)
{
	void *p;

	if (align == 0 || (align & (align - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	lock();
	p = hosted_alloc_memalign(&hosted_arena, align, n);
	unlock();
	return or_enomem(p);
}

void *aligned_alloc(size_t align, size_t n)
{
	return memalign(align, n);
}

int posix_memalign(void **ret, size_t align, size_t n)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return EINVAL;
	lock();
	p = hosted_alloc_memalign(&hosted_arena, align, n);
	unlock();
	if (p == NULL)
		return ENOMEM;
	*ret = p;
	return 0;
}

void *valloc(size_t n)
{
	return memalign(CAIRN_PAGE_SIZE, n);
}

void *pvalloc(size_t n)
{
	if (n > HOSTED_ALLOC_MAX) {
		errno = ENOMEM;
		return NULL;
	}
	return memalign(CAIRN_PAGE_SIZE,
			(n + CAIRN_PAGE_SIZE - 1) & ~(size_t)(CAIRN_PAGE_SIZE - 1));
}

size_t malloc_usable_size(void *p)
{
	return hosted_alloc_usable(p);
}

/* Walks the heap (linear in it): what it holds; all zero if the walk found it broken. */
struct mallinfo mallinfo(void)
{
	struct hosted_alloc_stats st = {0};
	struct mallinfo mi = {0};

	lock();
	if (hosted_alloc_check(&hosted_arena, &st) != 0)
		st = (struct hosted_alloc_stats){0};
	unlock();
	mi.arena = st.arena;
	mi.ordblks = st.free_blocks;
	mi.uordblks = st.used_bytes;
	mi.fordblks = st.free_bytes;
	mi.keepcost = st.top_free;
	return mi;
}

/* Nothing here is tunable: every parameter is refused. */
int mallopt(int param, int value)
{
	(void)param;
	(void)value;
	return 0;
}
