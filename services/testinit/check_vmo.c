/*
 * The memory-object proof (MARKER_INIT_VMO): a VMO maps readable and writable
 * in init's own space and keeps what is written, unmaps once, refuses a
 * writable and executable mapping with ERR_WX (with and without read), and
 * maps into a child process read-only but never writable. The child is a
 * spinner at the lowest priority, so it does not run while init works; it is
 * killed at the end.
 */
#include <stddef.h>
#include <stdint.h>

#include "cairn/abi/errors.h"
#include "cairn/abi/syscall.h"
#include "cairn/proc.h"
#include "cairn/sys.h"
#include "testinit.h"

#define VMO_PAGES 2u

static uint64_t pattern(size_t i)
{
	return 0x9e3779b97f4a7c15ull * (i + 1);
}

/* Writes every word of the mapping at `words`, then reads each back. */
static int expect_memory_keeps(const struct init_ctx *c, volatile uint64_t *words, size_t bytes)
{
	size_t n = bytes / sizeof(uint64_t);

	for (size_t i = 0; i < n; i++) {
		if (words[i] != 0)
			return init_fail(c, "new vmo not zero at word %zu", i);
		words[i] = pattern(i);
	}
	for (size_t i = 0; i < n; i++) {
		if (words[i] != pattern(i))
			return init_fail(c, "word %zu read back wrong", i);
	}
	return 0;
}

static int expect_own_mapping(const struct init_ctx *c, cairn_handle_t v)
{
	size_t bytes = (size_t)VMO_PAGES * CAIRN_PAGE_SIZE;
	uint32_t rw = CAIRN_PROT_READ | CAIRN_PROT_WRITE;

	return init_expect(c, "map own rw", cairn_vmo_map(c->self, v, TESTINIT_MAP_A, rw), 0) ||
	       expect_memory_keeps(c, (volatile uint64_t *)TESTINIT_MAP_A, bytes) ||
	       init_expect(c, "map over a mapping",
			   cairn_vmo_map(c->self, v, TESTINIT_MAP_A, CAIRN_PROT_READ),
			   ERR_EXISTS) ||
	       init_expect(c, "unmap", cairn_vmo_unmap(c->self, TESTINIT_MAP_A), 0) ||
	       init_expect(c, "unmap again", cairn_vmo_unmap(c->self, TESTINIT_MAP_A),
			   ERR_NOTFOUND) ||
	       init_expect(c, "map write+exec",
			   cairn_vmo_map(c->self, v, TESTINIT_MAP_B,
					 CAIRN_PROT_WRITE | CAIRN_PROT_EXEC),
			   ERR_WX) ||
	       init_expect(c, "map read+write+exec",
			   cairn_vmo_map(c->self, v, TESTINIT_MAP_B, rw | CAIRN_PROT_EXEC), ERR_WX);
}

/* The child may see the VMO, never write it; then it is killed and reaped. */
static int expect_child_mapping(const struct init_ctx *c, cairn_handle_t v)
{
	struct cairn_spawn_req req = {.name = "spinner", .self_rights = RIGHT_DUP, .priority = 0};
	long child = cairn_spawn(c->image, &req);
	cairn_handle_t p = (cairn_handle_t)child;
	long status;
	int rc;

	if (init_expect_ok(c, "spawn spinner", child) != 0)
		return -1;
	rc = init_expect(c, "map child ro", cairn_vmo_map(p, v, TESTINIT_MAP_A, CAIRN_PROT_READ),
			 0) ||
	     init_expect(c, "map child rw",
			 cairn_vmo_map(p, v, TESTINIT_MAP_B, CAIRN_PROT_READ | CAIRN_PROT_WRITE),
			 ERR_DENIED);
	if (init_expect(c, "kill spinner", cairn_process_kill(p), 0) != 0) {
		(void)cairn_handle_close(p);
		return -1;
	}
	status = cairn_process_wait(p, CAIRN_WAIT_FOREVER);
	(void)cairn_handle_close(p);
	if (rc == 0 && status != (long)CAIRN_EXIT_KILLED)
		rc = init_fail(c, "killed spinner ended with status 0x%lx", (unsigned long)status);
	return rc;
}

int check_vmo(struct init_ctx *c)
{
	long vmo = cairn_vmo_create(c->self, (size_t)VMO_PAGES * CAIRN_PAGE_SIZE);
	int rc;

	if (init_expect_ok(c, "vmo_create", vmo) != 0)
		return -1;
	rc = expect_own_mapping(c, (cairn_handle_t)vmo) ||
	     expect_child_mapping(c, (cairn_handle_t)vmo);
	(void)cairn_handle_close((cairn_handle_t)vmo);
	return rc;
}
