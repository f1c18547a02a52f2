/*
 * sbrk over the heap's window (hosted_heap.h): the break moves freely
 * within what is mapped; past it, VMOs charged to the program's own quota
 * are made and mapped end to end until the new break is covered. A VMO's
 * handle is closed once it is mapped: the mapping keeps it. When a VMO of
 * the size the heap wants does not fit, one just large enough is tried;
 * then the answer is ENOMEM and (void *)-1, with the break where it was.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "cairn/sys.h"
#include "hosted.h"
#include "hosted_heap.h"

static struct hosted_heap hosted_heap = {.window = HOSTED_HEAP_WINDOW};

/* Maps a VMO of `size` bytes at the end of the mapped part: 0 or the error. */
static long map_chunk(uint64_t size)
{
	cairn_handle_t self = hosted_self();
	long vmo = cairn_vmo_create(self, size);
	long rc;

	if (vmo < 0)
		return vmo;
	rc = cairn_vmo_map(self, (cairn_handle_t)vmo, HOSTED_HEAP_BASE + hosted_heap.mapped,
			   CAIRN_PROT_READ | CAIRN_PROT_WRITE);
	(void)cairn_handle_close((cairn_handle_t)vmo);
	if (rc == 0)
		hosted_heap.mapped += size;
	return rc;
}

/* Maps until `want` bytes are: 0, or the error of the chunk that would not come. */
static long map_until(uint64_t want)
{
	uint64_t size;

	while ((size = hosted_heap_chunk(&hosted_heap, want, false)) != 0) {
		long rc = map_chunk(size);
		uint64_t least;

		if (rc == 0)
			continue;
		least = hosted_heap_chunk(&hosted_heap, want, true);
		if (least >= size || (rc = map_chunk(least)) != 0)
			return rc;
	}
	return 0;
}

void *sbrk(ptrdiff_t incr)
{
	uint64_t brk;
	uint64_t old = hosted_heap.brk;

	if (hosted_heap_move(&hosted_heap, (int64_t)incr, &brk) != 0 || map_until(brk) != 0) {
		errno = ENOMEM;
		return (void *)-1; // NOLINT(performance-no-int-to-ptr)
	}
	hosted_heap.brk = brk;
	/* the window is the heap's: every address in it below `mapped` is mapped read-write */
	return (void *)(uintptr_t)(HOSTED_HEAP_BASE + old); // NOLINT(performance-no-int-to-ptr)
}
